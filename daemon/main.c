// SPDX-License-Identifier: GPL-2.0
/*
 * nassecd [-c FILE] [-f] [-t]: the MME daemon. One thread, one sd-event
 * loop: the S1-MME socket, NAS timers, the control socket, signals, and
 * sd_notify readiness and watchdog under systemd.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <systemd/sd-daemon.h>

#include "log.h"
#include "mme.h"

#define DEFAULT_CONFIG	"/etc/nassec/nassecd.conf"
#define NASSECD_VERSION	"0.1"

/* Exit status: 0 ok, 1 failed at run time, 2 bad usage or configuration. */
enum { EXIT_USAGE = 2 };

static void usage(FILE *f)
{
	fputs("Usage: nassecd [-c FILE] [-f] [-t]\n"
	      "  -c FILE  configuration (default " DEFAULT_CONFIG ")\n"
	      "  -f       stay in the foreground (systemd runs it so)\n"
	      "  -t       check the configuration and exit\n"
	      "  -V       version;  -h  this help\n"
	      "Signals: TERM/INT release every UE and exit; HUP reloads what may change live.\n",
	      f);
}

static int on_stop(sd_event_source *s, const struct signalfd_siginfo *si, void *arg)
{
	(void)arg;
	log_notice("%s: stopping", strsignal(si->ssi_signo));
	sd_notify(0, "STOPPING=1");
	return sd_event_exit(sd_event_source_get_event(s), 0);
}

static int on_reload(sd_event_source *s, const struct signalfd_siginfo *si, void *arg)
{
	(void)s;
	(void)si;
	sd_notify(0, "RELOADING=1");
	mme_reload(arg);
	sd_notify(0, "READY=1");
	return 0;
}

/*
 * Without -f: the parent returns once the child is serving (exit 0) or has
 * failed to start (its exit status), so a script knows which.
 */
static int daemonize(int *ready_fd)
{
	int pipefd[2], status;
	char byte;
	pid_t pid;

	if (pipe(pipefd))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid > 0) {
		close(pipefd[1]);
		if (read(pipefd[0], &byte, 1) == 1)
			_exit(0);
		waitpid(pid, &status, 0);
		_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
	}
	close(pipefd[0]);
	setsid();
	if (chdir("/"))
		return -errno;
	*ready_fd = pipefd[1];
	return 0;
}

int main(int argc, char **argv)
{
	static struct mme m;
	bool foreground = false, check_only = false;
	char err[CONFIG_ERR_MAX];
	int opt, ret, ready_fd = -1;
	const char *path = DEFAULT_CONFIG;

	while ((opt = getopt(argc, argv, "c:ftVh")) != -1) {
		switch (opt) {
		case 'c':
			path = optarg;
			break;
		case 'f':
			foreground = true;
			break;
		case 't':
			check_only = true;
			break;
		case 'V':
			puts("nassecd " NASSECD_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (config_load(&m.cfg, path, err, sizeof(err))) {
		fprintf(stderr, "nassecd: %s\n", err);
		return EXIT_USAGE;
	}
	if (check_only) {
		printf("%s: ok\n", path);
		return 0;
	}
	m.config_path = path;
	log_set_level(m.cfg.log_level);
	if (!foreground && daemonize(&ready_fd)) {
		fprintf(stderr, "nassecd: fork: %s\n", strerror(errno));
		return 1;
	}

	sigset_t mask;

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);

	ret = sd_event_default(&m.ev);
	if (ret < 0) {
		log_err("event loop: %s", strerror(-ret));
		return 1;
	}
	if (sd_event_add_signal(m.ev, NULL, SIGTERM, on_stop, &m) < 0 ||
	    sd_event_add_signal(m.ev, NULL, SIGINT, on_stop, &m) < 0 ||
	    sd_event_add_signal(m.ev, NULL, SIGHUP, on_reload, &m) < 0) {
		log_err("signals: %s", strerror(errno));
		return 1;
	}
	/* WATCHDOG=1 from the loop itself: a stuck loop is restarted. */
	sd_event_set_watchdog(m.ev, 1);

	if (mme_start(&m)) {
		mme_stop(&m);
		return 1;
	}
	log_notice("serving S1-MME on port %u (%s)", m.cfg.port, path);
	sd_notify(0, "READY=1\nSTATUS=serving S1-MME");
	if (ready_fd >= 0) {
		if (write(ready_fd, "", 1) != 1)
			log_warn("could not tell the parent it started");
		close(ready_fd);
	}
	ret = sd_event_loop(m.ev);
	mme_stop(&m);
	sd_event_unref(m.ev);
	return ret < 0 ? 1 : 0;
}
