// SPDX-License-Identifier: GPL-2.0
/*
 * The control socket: accept, read a request to EOF, run its command,
 * write the reply as the socket drains, close. Requests may carry keys, so
 * their buffers are wiped before they are freed.
 */
#include <errno.h>
#include <grp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "ctl.h"
#include "log.h"
#include "nassecd_ctl.h"

struct ctl {
	int fd;
	char path[108];
	sd_event *ev;
	sd_event_source *accept_src;
	const struct ctl_command *const *tables;
	void *arg;
	uint64_t idle_usec;
};

struct ctl_conn {
	struct ctl *ctl;
	int fd;
	sd_event_source *io, *idle;
	char *in;
	size_t in_len, in_cap;
	char *out;
	size_t out_len, out_done;
};

static void conn_free(struct ctl_conn *cn)
{
	sd_event_source_disable_unref(cn->io);
	sd_event_source_disable_unref(cn->idle);
	close(cn->fd);
	if (cn->in) {
		explicit_bzero(cn->in, cn->in_cap);
		free(cn->in);
	}
	free(cn->out);
	free(cn);
}

int ctl_error(struct ctl_reply *r, int err, const char *fmt, ...)
{
	va_list ap;

	r->err = err < 0 ? -err : err;
	va_start(ap, fmt);
	vsnprintf(r->message, sizeof(r->message), fmt, ap);
	va_end(ap);
	/* One line: the CLI prints it as is. */
	for (char *p = r->message; *p; p++)
		if (*p == '\n')
			*p = ' ';
	return -r->err;
}

/* Splits the request into words; NULL format on a malformed request. */
static int parse_request(char *in, size_t len, const char **format, char **argv)
{
	char *nl = memchr(in, '\n', len), *p, *end = in + len;
	size_t magic = strlen(NASSECD_CTL_MAGIC);
	int argc = 0;

	if (!nl || (size_t)(nl - in) <= magic || memcmp(in, NASSECD_CTL_MAGIC " ", magic + 1))
		return -EPROTO;
	*nl = 0;
	*format = in + magic + 1;
	if (strcmp(*format, "text") && strcmp(*format, "json") && strcmp(*format, "pretty"))
		return -EPROTO;
	for (p = nl + 1; p < end; ) {
		char *z = memchr(p, 0, end - p);

		if (!z || argc == NASSECD_CTL_ARGS_MAX)
			return -EPROTO;
		argv[argc++] = p;
		p = z + 1;
	}
	argv[argc] = NULL;
	return argc;
}

static const struct ctl_command *find_command(const struct ctl_command *const *tables,
					      const char *object, const char *verb)
{
	for (; *tables; tables++)
		for (const struct ctl_command *cmd = *tables; cmd->object; cmd++)
			if (!strcmp(cmd->object, object) && !strcmp(cmd->verb, verb))
				return cmd;
	return NULL;
}

static void run_request(struct ctl_conn *cn)
{
	struct ctl_reply r = { 0 };
	char *argv[NASSECD_CTL_ARGS_MAX + 1], *body = NULL;
	const struct ctl_command *cmd = NULL;
	const char *format = "text";
	size_t body_len = 0;
	int argc, n;

	argc = parse_request(cn->in, cn->in_len, &format, argv);
	r.out = open_memstream(&body, &body_len);
	if (!r.out) {
		ctl_error(&r, ENOMEM, "out of memory");
	} else if (argc < 0) {
		ctl_error(&r, EPROTO, "not a %s request", NASSECD_CTL_MAGIC);
	} else if (argc < 2) {
		ctl_error(&r, EINVAL, "expected OBJECT COMMAND");
	} else {
		cmd = find_command(cn->ctl->tables, argv[0], argv[1]);
		if (!cmd) {
			ctl_error(&r, EOPNOTSUPP, "unknown command '%s %s'", argv[0], argv[1]);
		} else {
			r.json = strcmp(format, "text") != 0;
			if (r.json)
				json_init(&r.js, r.out, !strcmp(format, "pretty"));
			cmd->run(cn->ctl->arg, argc, argv, &r);
		}
	}
	/* The request may hold keys: gone before anything else happens. */
	explicit_bzero(cn->in, cn->in_cap);
	if (r.out)
		fclose(r.out);
	if (r.err)
		n = asprintf(&cn->out, "error %d %s\n", r.err, r.message);
	else
		n = asprintf(&cn->out, "ok %zu\n%.*s", body_len, (int)body_len, body ? body : "");
	free(body);
	if (n < 0)
		cn->out = NULL;
	cn->out_len = n < 0 ? 0 : (size_t)n;
	cn->out_done = 0;
}

static int on_conn_io(sd_event_source *s, int fd, uint32_t revents, void *arg);

static int on_conn_idle(sd_event_source *s, uint64_t usec, void *arg)
{
	(void)s;
	(void)usec;
	conn_free(arg);
	return 0;
}

static int read_some(struct ctl_conn *cn)
{
	for (;;) {
		ssize_t n;

		if (cn->in_cap - cn->in_len < 4096) {
			size_t cap = cn->in_cap ? cn->in_cap * 2 : 8192;
			char *grown;

			if (cap > NASSECD_CTL_REQ_MAX + 4096)
				return -EMSGSIZE;
			grown = malloc(cap);
			if (!grown)
				return -ENOMEM;
			if (cn->in) {
				memcpy(grown, cn->in, cn->in_len);
				explicit_bzero(cn->in, cn->in_cap);
				free(cn->in);
			}
			cn->in = grown;
			cn->in_cap = cap;
		}
		n = read(cn->fd, cn->in + cn->in_len, cn->in_cap - cn->in_len);
		if (n < 0)
			return errno == EINTR ? 0 : errno == EAGAIN ? 0 : -errno;
		if (n == 0)
			return 1;	/* EOF: the request is complete */
		cn->in_len += n;
		if (cn->in_len > NASSECD_CTL_REQ_MAX)
			return -EMSGSIZE;
	}
}

static int on_conn_io(sd_event_source *s, int fd, uint32_t revents, void *arg)
{
	struct ctl_conn *cn = arg;
	int ret;

	(void)fd;
	(void)revents;
	/* Idle means no progress: a long reply to a slow reader is not. */
	if (sd_event_source_set_time_relative(cn->idle, cn->ctl->idle_usec) < 0) {
		conn_free(cn);
		return 0;
	}
	if (!cn->out) {
		ret = read_some(cn);
		if (ret < 0) {
			log_warn("control socket: request dropped: %s", strerror(-ret));
			conn_free(cn);
			return 0;
		}
		if (ret == 0)
			return 0;
		run_request(cn);
		if (!cn->out) {
			conn_free(cn);
			return 0;
		}
		sd_event_source_set_io_events(s, EPOLLOUT);
	}
	while (cn->out_done < cn->out_len) {
		ssize_t n = write(cn->fd, cn->out + cn->out_done, cn->out_len - cn->out_done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return 0;
		if (n <= 0)
			break;	/* the client went away */
		cn->out_done += n;
	}
	conn_free(cn);
	return 0;
}

static int on_accept(sd_event_source *s, int fd, uint32_t revents, void *arg)
{
	struct ctl *c = arg;
	struct ctl_conn *cn;
	int cfd;

	(void)s;
	(void)revents;
	cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (cfd < 0)
		return 0;
	cn = calloc(1, sizeof(*cn));
	if (!cn) {
		close(cfd);
		return 0;
	}
	cn->ctl = c;
	cn->fd = cfd;
	if (sd_event_add_io(c->ev, &cn->io, cfd, EPOLLIN, on_conn_io, cn) < 0 ||
	    sd_event_add_time_relative(c->ev, &cn->idle, CLOCK_MONOTONIC,
				       c->idle_usec, 0, on_conn_idle, cn) < 0) {
		conn_free(cn);
		return 0;
	}
	return 0;
}

int ctl_open(struct ctl **out, sd_event *ev, const char *path, const char *group,
	     const struct ctl_command *const *tables, void *arg)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct ctl *c;
	struct group *gr = NULL;
	int err;

	if (strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	if (group && *group) {
		gr = getgrnam(group);
		if (!gr) {
			log_err("control socket: no group '%s'", group);
			return -ENOENT;
		}
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->ev = ev;
	c->idle_usec = CTL_IDLE_SEC * 1000000ULL;
	c->tables = tables;
	c->arg = arg;
	strcpy(c->path, path);
	strcpy(sun.sun_path, path);
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0) {
		err = -errno;
		free(c);
		return err;
	}
	unlink(path);
	/* Created 0600, widened to the group once owned by it. */
	mode_t old = umask(0177);

	err = bind(c->fd, (struct sockaddr *)&sun, sizeof(sun)) ? -errno : 0;
	umask(old);
	if (!err && gr && (chown(path, 0, gr->gr_gid) || chmod(path, 0660)))
		err = -errno;
	if (!err && listen(c->fd, 16))
		err = -errno;
	if (!err)
		err = sd_event_add_io(ev, &c->accept_src, c->fd, EPOLLIN, on_accept, c);
	if (err < 0) {
		log_err("control socket %s: %s", path, strerror(-err));
		close(c->fd);
		unlink(path);
		free(c);
		return err;
	}
	*out = c;
	return 0;
}

void ctl_set_idle(struct ctl *c, uint64_t usec)
{
	c->idle_usec = usec;
}

void ctl_close(struct ctl *c)
{
	if (!c)
		return;
	sd_event_source_disable_unref(c->accept_src);
	close(c->fd);
	unlink(c->path);
	free(c);
}
