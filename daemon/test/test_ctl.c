// SPDX-License-Identifier: GPL-2.0
/*
 * The control socket end to end on the host: a server process runs ctl.c
 * on an sd-event loop with a test command table; this process talks to it
 * with the CLI's client (tools/lib/ctl). Replies, errors, JSON, a reply
 * larger than any socket buffer, malformed and oversized requests, the
 * socket's mode, and the one-line message when no daemon listens.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include "ctl.h"
#include "nassecd_ctl.h"
#include "tap.h"

#define BIG_LINES	40000
#define IDLE_MS		1000	/* the server's idle limit here */

static char sock_path[108];

static int cmd_echo(void *arg, int argc, char **argv, struct ctl_reply *r)
{
	(void)arg;
	if (r->json) {
		json_array_start(&r->js, NULL);
		for (int i = 2; i < argc; i++)
			json_string(&r->js, NULL, argv[i]);
		json_array_end(&r->js);
		return 0;
	}
	for (int i = 2; i < argc; i++)
		fprintf(r->out, "%s%s", argv[i], i + 1 < argc ? " " : "\n");
	return 0;
}

static int cmd_fail(void *arg, int argc, char **argv, struct ctl_reply *r)
{
	(void)arg;
	(void)argc;
	(void)argv;
	fputs("partial output that must not be sent\n", r->out);
	return ctl_error(r, ENOENT, "no UE 42\nsecond line");
}

static int cmd_big(void *arg, int argc, char **argv, struct ctl_reply *r)
{
	(void)arg;
	(void)argc;
	(void)argv;
	for (int i = 0; i < BIG_LINES; i++)
		fprintf(r->out, "line %08d of a reply larger than a socket buffer\n", i);
	return 0;
}

static const struct ctl_command cmds[] = {
	{ "test", "echo", cmd_echo },
	{ "test", "fail", cmd_fail },
	{ "test", "big", cmd_big },
	{ 0 },
};

static pid_t start_server(void)
{
	int pipefd[2];
	pid_t pid;
	char c;

	if (pipe(pipefd))
		return -1;
	pid = fork();
	if (pid == 0) {
		sd_event *ev;
		struct ctl *ctl;

		close(pipefd[0]);
		if (sd_event_new(&ev) < 0 || ctl_open(&ctl, ev, sock_path, NULL,
						 (const struct ctl_command *const[]){ cmds, NULL }, NULL))
			_exit(1);
		ctl_set_idle(ctl, IDLE_MS * 1000ULL);
		if (write(pipefd[1], "r", 1) != 1)
			_exit(1);
		sd_event_loop(ev);
		_exit(0);
	}
	close(pipefd[1]);
	if (pid < 0 || read(pipefd[0], &c, 1) != 1) {
		close(pipefd[0]);
		return -1;
	}
	close(pipefd[0]);
	return pid;
}

static int call(const char *format, int argc, const char *const *argv,
		char **body, char **message)
{
	return nassecd_ctl_call(sock_path, format, argc, argv, body, message);
}

/* A connection to the server with raw octets sent as the request; the fd or -1. */
static int send_request(const void *req, size_t len)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ssize_t n;

	strcpy(sun.sun_path, sock_path);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sun, sizeof(sun))) {
		close(fd);
		return -1;
	}
	signal(SIGPIPE, SIG_IGN);
	while (fd >= 0 && len) {
		n = write(fd, req, len);
		if (n <= 0)
			break;
		req = (const char *)req + n;
		len -= n;
	}
	if (fd >= 0)
		shutdown(fd, SHUT_WR);
	return fd;
}

/* Sends raw octets as a request; returns the reply's first line (static). */
static const char *raw_request(const void *req, size_t len)
{
	static char reply[256];
	int fd = send_request(req, len);
	size_t got = 0;
	ssize_t n;

	if (fd < 0)
		return "connect failed";
	while (got < sizeof(reply) - 1 && (n = read(fd, reply + got, sizeof(reply) - 1 - got)) > 0)
		got += n;
	reply[got] = 0;
	close(fd);
	*strchrnul(reply, '\n') = 0;
	return reply;
}

/*
 * "test big" read by a client that waits first_ms before its first read and
 * pause_ms after each of its first pauses reads (each takes what the socket
 * holds, so the server can write again); the octets after the "ok LENGTH"
 * line, and LENGTH in *declared (0 without one).
 */
static size_t slow_big(unsigned int first_ms, unsigned int pause_ms, int pauses,
		       unsigned long long *declared)
{
	static const char req[] = NASSECD_CTL_MAGIC " text\ntest\0big\0";
	int fd = send_request(req, sizeof(req) - 1);
	static char buf[4 << 20];
	size_t got = 0;
	ssize_t n;
	char *nl;

	*declared = 0;
	if (fd < 0)
		return 0;
	usleep(first_ms * 1000);
	for (;;) {
		n = read(fd, buf + got, sizeof(buf) - 1 - got);
		if (n <= 0)
			break;
		got += n;
		if (pauses-- > 0)
			usleep(pause_ms * 1000);
	}
	close(fd);
	buf[got] = 0;
	nl = strchr(buf, '\n');
	if (!nl || strncmp(buf, "ok ", 3))
		return 0;
	*declared = strtoull(buf + 3, NULL, 10);
	return got - (size_t)(nl + 1 - buf);
}

/*
 * A server that answers any request with reply, then closes: what the
 * client makes of a reply cut short. Returns its pid.
 */
static pid_t fake_server(const char *path, const char *reply)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	pid_t pid;

	strcpy(sun.sun_path, path);
	unlink(path);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sun, sizeof(sun)) || listen(fd, 1))
		return -1;
	pid = fork();
	if (pid == 0) {
		int c = accept(fd, NULL, NULL);
		char junk[256];

		while (c >= 0 && read(c, junk, sizeof(junk)) > 0)
			;
		if (c < 0 || write(c, reply, strlen(reply)) < 0)
			_exit(1);
		_exit(0);
	}
	close(fd);
	return pid;
}

int main(void)
{
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char *body, *message;
	struct stat st;
	pid_t server;
	int ret;

	snprintf(sock_path, sizeof(sock_path), "%s/ctl-%d.sock", tmp, getpid());

	{
		const char *argv[] = { "test", "echo" };

		ret = call("text", 2, argv, &body, &message);
		tap_result(ret == -ENOENT && message &&
			   strstr(message, "nassecd is not running") && !strchr(message, '\n'),
			   "no daemon: one line saying nassecd is not running (%s)",
			   message ? message : "");
		free(message);
	}

	server = start_server();
	if (!tap_result(server > 0, "server started on %s", sock_path))
		return tap_finish();
	tap_result(!stat(sock_path, &st) && S_ISSOCK(st.st_mode) &&
		   (st.st_mode & 0777) == 0600, "the socket is mode 0600 without a group");

	{
		const char *argv[] = { "test", "echo", "001010000000001", "a b" };

		ret = call("text", 4, argv, &body, &message);
		tap_result(ret == 0 && body && !strcmp(body, "001010000000001 a b\n"),
			   "text reply carries the words as sent");
		free(body);
		ret = call("json", 4, argv, &body, &message);
		tap_result(ret == 0 && body && !strcmp(body, "[\"001010000000001\",\"a b\"]\n"),
			   "json reply: one compact document and a newline");
		free(body);
	}
	{
		const char *argv[] = { "test", "fail" };

		ret = call("text", 2, argv, &body, &message);
		tap_result(ret == ENOENT && message && !strcmp(message, "no UE 42 second line") &&
			   !body, "an error is errno and one line, without the partial body");
		free(message);
	}
	{
		const char *argv[] = { "test", "nothing" };

		ret = call("text", 2, argv, &body, &message);
		tap_result(ret == EOPNOTSUPP && message && strstr(message, "unknown command"),
			   "an unknown command is refused");
		free(message);
	}
	{
		const char *argv[] = { "test", "big" };
		int lines = 0;

		ret = call("text", 2, argv, &body, &message);
		for (char *p = body; p && (p = strchr(p, '\n')); p++)
			lines++;
		tap_result(ret == 0 && lines == BIG_LINES,
			   "a %d-line reply arrives whole (%d lines)", BIG_LINES, lines);
		free(body);
	}
	{
		unsigned long long declared;
		size_t got;

		/* Three pauses of 0.7 x the idle limit: 2.1 limits in all. */
		got = slow_big(IDLE_MS * 7 / 10, IDLE_MS * 7 / 10, 3, &declared);
		tap_result(declared > 0 && got == declared,
			   "a reader that keeps reading is served past the idle limit (%zu of %llu octets)",
			   got, declared);
		got = slow_big(IDLE_MS * 2, 0, 0, &declared);
		tap_result(declared > 0 && got < declared,
			   "a reader that stalls past the idle limit is dropped, and its reply's length says it is short (%zu of %llu octets)",
			   got, declared);
	}
	{
		char fake_path[sizeof(sock_path) + 8];
		const char *argv[] = { "test", "echo" };
		pid_t fake;

		snprintf(fake_path, sizeof(fake_path), "%s.fake", sock_path);
		fake = fake_server(fake_path, "ok 100\nshort\n");
		ret = nassecd_ctl_call(fake_path, "text", 2, argv, &body, &message);
		tap_result(fake > 0 && ret == -EPROTO && !body && message &&
			   strstr(message, "cut off after 6 of 100 octets"),
			   "the client refuses a reply shorter than its length (%s)",
			   message ? message : "");
		free(message);
		if (fake > 0)
			waitpid(fake, NULL, 0);
		fake = fake_server(fake_path, "ok\nno length\n");
		ret = nassecd_ctl_call(fake_path, "text", 2, argv, &body, &message);
		tap_result(fake > 0 && ret == -EPROTO && !body,
			   "the client refuses an ok without a length (%s)", message ? message : "");
		free(message);
		if (fake > 0)
			waitpid(fake, NULL, 0);
		unlink(fake_path);
	}
	tap_result(!strncmp(raw_request("hello\n", 6), "error 71 ", 9),
		   "a request without the magic gets error EPROTO");
	tap_result(!strncmp(raw_request(NASSECD_CTL_MAGIC " xml\ntest\0echo\0", 25),
			    "error 71 ", 9), "an unknown format gets error EPROTO");
	tap_result(!strncmp(raw_request(NASSECD_CTL_MAGIC " text\ntest\0echo", 28),
			    "error 71 ", 9), "a word without its NUL gets error EPROTO");
	{
		size_t len = NASSECD_CTL_REQ_MAX + 65536;
		char *huge = malloc(len);

		memset(huge, 'x', len);
		memcpy(huge, NASSECD_CTL_MAGIC " text\n", strlen(NASSECD_CTL_MAGIC) + 6);
		tap_result(huge && raw_request(huge, len)[0] == 0,
			   "an oversized request is dropped without a reply");
		free(huge);
	}
	{
		const char *argv[] = { "test", "echo", "still", "serving" };

		ret = call("text", 4, argv, &body, &message);
		tap_result(ret == 0 && body && !strcmp(body, "still serving\n"),
			   "the server keeps serving after bad requests");
		free(body);
	}
	kill(server, SIGKILL);
	waitpid(server, NULL, 0);
	unlink(sock_path);
	return tap_finish();
}
