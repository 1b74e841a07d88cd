// SPDX-License-Identifier: GPL-2.0
/* nassec monitor: the module's events, one line each, until SIGINT/SIGTERM. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void monitor_usage(FILE *f)
{
	fputs("Usage: nassec monitor                     events as they happen, until SIGINT\n", f);
}

/* ISO 8601 local time with microseconds, like 'ip -ts monitor'. */
static void timestamp(char *buf, size_t len)
{
	struct timespec ts;
	struct tm tm;
	size_t n;

	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%06ld", ts.tv_nsec / 1000);
}

static void print_event(struct cli *c, const struct nassec_event_info *ev)
{
	char ts[64];

	timestamp(ts, sizeof(ts));
	if (c->json) {
		cli_json_begin(c);
		json_object_start(&c->js, NULL);
		json_string(&c->js, "time", ts);
		json_string(&c->js, "event", nassec_event_name(ev->event));
		if (ev->has_ue_id)
			json_uint(&c->js, "ue_id", ev->ue_id);
		if (ev->has_count)
			json_uint(&c->js, "count", ev->count);
		if (ev->has_verdict)
			json_string(&c->js, "verdict", nassec_verdict_name(ev->verdict));
		json_object_end(&c->js);
	} else {
		printf("%s %s", ts, nassec_event_name(ev->event));
		if (ev->has_ue_id)
			printf(" ue %u", ev->ue_id);
		if (ev->has_count)
			printf(" count %u", ev->count);
		if (ev->has_verdict)
			printf(" verdict %s", nassec_verdict_name(ev->verdict));
		if (ev->event == NASSEC_EVENT_LOST)
			fputs(" (socket overrun: some events were not seen)", stdout);
		putchar('\n');
	}
	fflush(stdout);
}

static int monitor_run(struct cli *c, int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct nassec_event_info ev;
	struct pollfd pfd;
	struct nassec *h;
	int err;

	cli_set_what(c, "monitor", NULL);
	if (argc > 0 && is_help(argv[0])) {
		monitor_usage(stdout);
		return EXIT_OK;
	}
	if (argc > 0)
		return usage_error(c, "unexpected argument \"%s\"", argv[0]);
	h = cli_handle(c);
	if (!h)
		return EXIT_FAILED;
	err = nassec_events_subscribe(h);
	if (err)
		return cli_fail(c, err, NULL);
	/* No SA_RESTART: poll must return so the loop sees stop. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	pfd.fd = nassec_events_fd(h);
	pfd.events = POLLIN;
	while (!stop) {
		if (poll(&pfd, 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			return cli_fail(c, errno, "poll");
		}
		while (!stop && (err = nassec_event_recv(h, &ev)) == 0)
			print_event(c, &ev);
		if (err && err != -EAGAIN && !stop)
			return cli_fail(c, err, NULL);
	}
	return EXIT_OK;
}

const struct cli_object monitor_object = { "monitor", monitor_run, monitor_usage };
