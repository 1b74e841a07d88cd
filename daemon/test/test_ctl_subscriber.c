// SPDX-License-Identifier: GPL-2.0
/*
 * nassec subscriber ... end to end on the host: the real CLI binary talks
 * to a server process running the daemon's subscriber commands on a store
 * in TMPDIR. Adds with keys from stdin and @FILE, list/show in text and
 * JSON, deletes, an all-or-nothing import, refusals that change nothing,
 * and no key in any output.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "ctl_commands.h"
#include "subscriber.h"
#include "tap.h"

#ifndef NASSEC_CLI
#error "NASSEC_CLI: the nassec binary"
#endif

#define K1	"465b5ce8b199b49faa5f0a2ee238a6bc"
#define OPC1	"cd63cb71954a9f4e48a5994e37a02baf"
#define K2	"0396eb317b6d1c36f19c1c84cd6ffd16"
#define OP2	"ff9bb4d0b607aa689c648370b1b2c3d4"

static char dir[256], sock[300], store[300];
static char out[65536], err_text[4096];
static int status;

/* Runs the CLI with NASSEC_CTL_SOCKET set; stdin from input (may be NULL). */
static int cli(const char *input, const char *args)
{
	char cmd[1024], errfile[320];
	FILE *p;
	size_t n;

	snprintf(errfile, sizeof(errfile), "%s/cli.err", dir);
	snprintf(cmd, sizeof(cmd), "NASSEC_CTL_SOCKET=%s %s %s 2>%s <<'EOF'\n%s\nEOF\n",
		 sock, NASSEC_CLI, args, errfile, input ? input : "");
	p = popen(cmd, "r");
	if (!p)
		return -1;
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = 0;
	status = pclose(p);
	status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	p = fopen(errfile, "r");
	n = p ? fread(err_text, 1, sizeof(err_text) - 1, p) : 0;
	err_text[n] = 0;
	if (p)
		fclose(p);
	/* Descriptions show stderr: one TAP line. */
	for (char *c = err_text; *c; c++)
		if (*c == '\n')
			*c = c[1] ? ' ' : 0;
	return status;
}

static bool no_key_in_output(void)
{
	static const char *const keys[] = { K1, OPC1, K2, OP2 };

	for (size_t i = 0; i < 4; i++)
		if (strcasestr(out, keys[i]) || strcasestr(err_text, keys[i]))
			return false;
	return true;
}

static pid_t start_server(void)
{
	int pipefd[2];
	pid_t pid;
	char c;

	if (pipe(pipefd))
		return -1;
	pid = fork();
	if (pid == 0) {
		static struct mme m;
		static const struct ctl_command *const tables[] = {
			ctl_subscriber_commands, NULL,
		};

		close(pipefd[0]);
		if (sd_event_new(&m.ev) < 0 || sub_open(store, NULL, &m.subs) ||
		    ctl_open(&m.ctl, m.ev, sock, NULL, tables, &m))
			_exit(1);
		if (write(pipefd[1], "r", 1) != 1)
			_exit(1);
		sd_event_loop(m.ev);
		_exit(0);
	}
	close(pipefd[1]);
	if (pid < 0 || read(pipefd[0], &c, 1) != 1)
		pid = -1;
	close(pipefd[0]);
	return pid;
}

int main(void)
{
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char args[512], path[320];
	pid_t server;
	FILE *f;

	snprintf(dir, sizeof(dir), "%s/ctlsub-%d", tmp, getpid());
	if (mkdir(dir, 0700))
		return 1;
	snprintf(sock, sizeof(sock), "%s/ctl.sock", dir);
	snprintf(store, sizeof(store), "%s/subs.db", dir);
	server = start_server();
	if (!tap_result(server > 0, "server with a store at %s", store))
		return tap_finish();

	cli(K1, "subscriber add 001010000000001 k - opc " OPC1 " sqn 64");
	tap_result(status == 0 && !out[0] && !err_text[0],
		   "add with K from stdin: exit 0, silent (%s)", err_text);
	snprintf(path, sizeof(path), "%s/op.key", dir);
	f = fopen(path, "w");
	fputs(OP2 "\n", f);
	fclose(f);
	snprintf(args, sizeof(args),
		 "subscriber add 001010000000002 k " K2 " op @%s amf 9001 eia eia2 eea eea0,eea2",
		 path);
	cli(NULL, args);
	tap_result(status == 0, "add with OP from @FILE and an algorithm override (%s)",
		   err_text);

	cli(NULL, "subscriber list");
	tap_result(status == 0 && strstr(out, "001010000000001  amf 8000  seq 2  opc\n") &&
		   strstr(out, "001010000000002  amf 9001  seq 0  op  eia2 eea0,eea2\n") &&
		   no_key_in_output(), "list: both, SEQ from the SQN (64 >> 5), no key");
	cli(NULL, "-j subscriber show 001010000000002");
	tap_result(status == 0 && strstr(out, "\"imsi\":\"001010000000002\"") &&
		   strstr(out, "\"eia_mask\":4") && strstr(out, "\"eea_mask\":5") &&
		   no_key_in_output(), "show -j: the override as masks, no key");

	cli(K1, "subscriber add 001010000000001 k - opc " OPC1);
	tap_result(status == 1 && strstr(err_text, "subscriber 001010000000001 exists") &&
		   no_key_in_output(), "a second add of one IMSI: one line, exit 1 (%s)", err_text);
	cli(NULL, "subscriber add 001010000000003 k 00 opc " OPC1);
	tap_result(status == 2 && no_key_in_output(),
		   "a short key is a usage error in the CLI (exit %d: %s)", status, err_text);
	cli(NULL, "subscriber add 001010000000003 k " K1);
	tap_result(status == 2 && strstr(err_text, "k and one of opc/op are required"),
		   "no OPc: usage error");

	snprintf(path, sizeof(path), "%s/import.txt", dir);
	f = fopen(path, "w");
	fputs("# two good lines and a bad third\n"
	      "001010000000010 " K1 " " OPC1 " 8000 000000000020\n"
	      "001010000000011 " K2 " op:" OP2 " 8000 000000000000\n"
	      "001010000000012 " K2 " " OPC1 " 80 000000000000\n", f);
	fclose(f);
	snprintf(args, sizeof(args), "subscriber import %s", path);
	cli(NULL, args);
	tap_result(status == 1 && strstr(err_text, "import.txt:4: ") && !strchr(err_text, '\n') &&
		   no_key_in_output(), "a bad import line: FILE:LINE, exit 1 (%s)", err_text);
	cli(NULL, "subscriber list");
	tap_result(status == 0 && !strstr(out, "001010000000010"),
		   "the failed import added nothing");
	f = fopen(path, "w");
	fputs("001010000000010 " K1 " " OPC1 " 8000 000000000020\n"
	      "001010000000011 " K2 " op:" OP2 " 8000 000000000000\n", f);
	fclose(f);
	cli(NULL, args);
	tap_result(status == 0 && !strcmp(out, "2 subscribers imported\n"),
		   "a good import says how many");

	cli(NULL, "subscriber del 001010000000001");
	tap_result(status == 0, "del: exit 0");
	cli(NULL, "subscriber show 001010000000001");
	tap_result(status == 1 && strstr(err_text, "no subscriber 001010000000001"),
		   "show after del: no subscriber (%s)", err_text);
	cli(NULL, "-j subscriber list");
	tap_result(status == 0 && out[0] == '[' && strstr(out, "001010000000011") &&
		   !strstr(out, "001010000000001\"") && no_key_in_output(),
		   "list -j after the changes, no key");

	kill(server, SIGKILL);
	waitpid(server, NULL, 0);
	cli(NULL, "subscriber list");
	tap_result(status == 1 && strstr(err_text, "nassecd is not running"),
		   "daemon gone: one line (%s)", err_text);
	return tap_finish();
}
