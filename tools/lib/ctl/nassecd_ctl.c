// SPDX-License-Identifier: GPL-2.0
/* The CLI's side of the nassecd control protocol (see nassecd_ctl.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "nassecd_ctl.h"

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		buf += n;
		len -= n;
	}
	return 0;
}

static int fail(char **message, int err, const char *what)
{
	if (asprintf(message, "%s: %s", what, strerror(-err)) < 0)
		*message = NULL;
	return err;
}

int nassecd_ctl_call(const char *path, const char *format, int argc,
		     const char *const *argv, char **body, char **message)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char *reply = NULL, *nl;
	size_t len = 0, cap = 0;
	int fd, err, i;

	*body = *message = NULL;
	if (strlen(path) >= sizeof(sun.sun_path))
		return fail(message, -ENAMETOOLONG, path);
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return fail(message, -errno, "socket");
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun))) {
		err = -errno;
		close(fd);
		if (err == -ENOENT || err == -ECONNREFUSED) {
			if (asprintf(message, "nassecd is not running (nothing listens on %s)",
				     path) < 0)
				*message = NULL;
			return err;
		}
		return fail(message, err, path);
	}
	err = write_all(fd, NASSECD_CTL_MAGIC " ", strlen(NASSECD_CTL_MAGIC) + 1);
	err = err ?: write_all(fd, format, strlen(format));
	err = err ?: write_all(fd, "\n", 1);
	for (i = 0; i < argc && !err; i++)
		err = write_all(fd, argv[i], strlen(argv[i]) + 1);
	if (err || shutdown(fd, SHUT_WR)) {
		close(fd);
		return fail(message, err ?: -errno, "sending the request");
	}
	for (;;) {
		ssize_t n;

		if (cap - len < 4096) {
			char *grown = realloc(reply, cap + 65536);

			if (!grown) {
				err = -ENOMEM;
				break;
			}
			reply = grown;
			cap += 65536;
		}
		n = read(fd, reply + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n < 0 ? -errno : 0;
			break;
		}
		len += n;
	}
	close(fd);
	if (err) {
		free(reply);
		return fail(message, err, "reading the reply");
	}
	if (!reply)
		return fail(message, -EPROTO, "nassecd closed the connection without a reply");
	reply[len] = 0;
	nl = strchr(reply, '\n');
	if (nl && !strncmp(reply, "ok ", 3)) {
		char *end;
		unsigned long long want = strtoull(reply + 3, &end, 10);
		size_t got = len - (size_t)(nl + 1 - reply);

		if (end != nl) {
			free(reply);
			return fail(message, -EPROTO, "nassecd's reply has no length");
		}
		/* The daemon drops a client that stalls: a cut reply is no reply. */
		if (want != got) {
			free(reply);
			if (asprintf(message, "nassecd's reply was cut off after %zu of %llu octets",
				     got, want) < 0)
				*message = NULL;
			return -EPROTO;
		}
		*body = strdup(nl + 1);
		free(reply);
		return *body ? 0 : fail(message, -ENOMEM, "reply");
	}
	if (nl && !strncmp(reply, "error ", 6)) {
		char *end;
		long e = strtol(reply + 6, &end, 10);

		*nl = 0;
		if (e > 0 && *end == ' ') {
			*message = strdup(end + 1);
			free(reply);
			return (int)e;
		}
	}
	free(reply);
	return fail(message, -EPROTO, "nassecd's reply is not of this protocol version");
}
