// SPDX-License-Identifier: GPL-2.0
/*
 * Runs the documentation example tools/examples/mme_inline as the MME and
 * plays eNB + UE against it: the UE's NAS security is ipsec-mb/OpenSSL
 * (tools/lib/ue/ue_nas.c), independent of the module. Checks the protected
 * downlink the example sends and the verdict lines it prints for an S1
 * Setup, a good uplink, a tampered one and a replay. One run per
 * algorithm pair, each in a network namespace of its own.
 */
// nassec-ldlibs: -I../tools/lib/s1ap -I../kmod ../tools/lib/s1ap/*.c ../tools/lib/ue/ue_nas.c lib/s1ap_peer.c lib/tap.c -lIPSec_MB -lcrypto
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "s1ap_build.h"
#include "s1ap_peer.h"
#include "tap.h"
#include "ue_nas.h"

#define PORT		36412
#define UE_ID		0x1234
/* What the example sends: EMM INFORMATION (keep in step with mme_inline.c). */
static const uint8_t emm_information[] = { 0x07, 0x61, 0x43, 0x03, 0x81, 0xc4, 0x74 };
/* What the UE sends: UPLINK NAS TRANSPORT (TS 24.301 8.2.30) with a container. */
static const uint8_t uplink_nas[] = { 0x07, 0x63, 0x05, 0xde, 0xad, 0xbe, 0xef, 0x01 };

struct example {
	pid_t pid;
	FILE *out;		/* the example's stdout */
	char line[512];
};

static char example_path[PATH_MAX];

/* The example binary is built next to the selftests: $(BUILD)/examples. */
static int find_example(void)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n < 0)
		return -1;
	self[n] = 0;
	snprintf(example_path, sizeof(example_path), "%s/../examples/mme_inline",
		 dirname(self));
	return access(example_path, X_OK);
}

static int example_start(struct example *ex, const uint8_t kasme[32], int alg)
{
	char hex[65], eia[4], ue[16];
	int fds[2];

	for (int i = 0; i < 32; i++)
		sprintf(hex + 2 * i, "%02x", kasme[i]);
	snprintf(eia, sizeof(eia), "%d", alg);
	snprintf(ue, sizeof(ue), "%u", UE_ID);
	if (pipe(fds))
		return -1;
	ex->pid = fork();
	if (ex->pid < 0)
		return -1;
	if (!ex->pid) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		execl(example_path, example_path, "-l", "127.0.0.1", "-p", "36412",
		      "-u", ue, "-k", hex, "-i", eia, "-e", eia, "-n", "4", NULL);
		_exit(127);
	}
	close(fds[1]);
	ex->out = fdopen(fds[0], "r");
	return ex->out ? 0 : -1;
}

/* The example's next output line starting with prefix, or NULL. */
static const char *example_expect(struct example *ex, const char *prefix)
{
	while (fgets(ex->line, sizeof(ex->line), ex->out)) {
		ex->line[strcspn(ex->line, "\n")] = 0;
		tap_diag("mme_inline: %s", ex->line);
		if (!strncmp(ex->line, prefix, strlen(prefix)))
			return ex->line;
	}
	return NULL;
}

static int example_finish(struct example *ex)
{
	int status = -1;

	fclose(ex->out);
	waitpid(ex->pid, &status, 0);
	return status;
}

static void hex(char *out, const uint8_t *in, size_t len)
{
	for (size_t i = 0; i < len; i++)
		sprintf(out + 2 * i, "%02x", in[i]);
	out[2 * len] = 0;
}

static int send_all(int fd, const uint8_t *buf, int len)
{
	return len > 0 && send(fd, buf, len, 0) == len ? 0 : -1;
}

static void run_pair(int alg)
{
	uint8_t kasme[32], msg[1024], msg2[1024], nas[UE_NAS_HDR_LEN + sizeof(uplink_nas)];
	char want[256], plain_hex[2 * sizeof(uplink_nas) + 1];
	struct s1ap_supported_ta ta = { .tac = 1, .n_bplmns = 1 };
	struct s1ap_s1_setup_request setup = {
		.enb_id = 0x1234, .tas = &ta, .n_tas = 1,
		.paging_drx = S1AP_PAGING_DRX_64,
	};
	struct s1ap_plmn plmn;
	struct example ex;
	struct ue_nas ue;
	struct peer_rx rx;
	unsigned int off = 0;
	size_t nas_off;
	const char *l;
	int enb = -1, len, len2;
	bool ok;

	s1ap_plmn_from_digits(&plmn, "001", "01");
	setup.plmn = plmn;
	ta.bplmns = &plmn;
	if (getrandom(kasme, sizeof(kasme), 0) != sizeof(kasme) ||
	    ue_nas_init(&ue, kasme, alg, alg) || example_start(&ex, kasme, alg)) {
		tap_result(false, "alg %d: example started", alg);
		return;
	}
	ok = example_expect(&ex, "listening 127.0.0.1:36412");
	if (ok)
		enb = peer_connect(SOCK_STREAM, PORT);
	tap_result(ok && enb >= 0, "alg %d: example listens and accepts an eNB", alg);

	/* Downlink: COUNT 0, ciphered, verifiable by the UE. */
	len = enb < 0 ? -1 : peer_recv(enb, msg, sizeof(msg), &rx);
	l = example_expect(&ex, "sent ");
	ok = l && sscanf(l, "sent ue=%*u count=0 nas_offset=%u", &off) == 1 &&
	     len > 0 && rx.ppid == S1AP_PPID &&
	     off + UE_NAS_HDR_LEN + sizeof(emm_information) == (unsigned int)len &&
	     msg[off] == 0x27 && msg[off + 5] == 0 &&
	     !ue_nas_unprotect(&ue, 0, UE_NAS_DIR_DL, msg + off, len - off) &&
	     !memcmp(msg + off + UE_NAS_HDR_LEN, emm_information,
		     sizeof(emm_information));
	tap_result(ok, "alg %d: downlink NAS the kernel protected verifies at the UE", alg);

	/* Uplink: S1 Setup (not UE-associated), good, tampered, replayed. */
	len = s1ap_build_s1_setup_request(msg, sizeof(msg), &setup);
	ok = enb >= 0 && !send_all(enb, msg, len);
	l = ok ? example_expect(&ex, "verdict ") : NULL;
	tap_result(l && strstr(l, "verdict=not-nas"),
		   "alg %d: S1 Setup Request gets verdict not-nas", alg);

	ue_nas_protect(&ue, NASSEC_SHT_INTEGRITY_CIPHERED, 0, UE_NAS_DIR_UL,
		       uplink_nas, sizeof(uplink_nas), nas);
	len = peer_build_uplink(msg, sizeof(msg), UE_ID, 1, nas, sizeof(nas), &nas_off);
	ok = enb >= 0 && !send_all(enb, msg, len);
	hex(plain_hex, uplink_nas, sizeof(uplink_nas));
	snprintf(want, sizeof(want),
		 "verdict ue=%u verdict=ok count=0 sht=2 procedure=13 nas=%s",
		 UE_ID, plain_hex);
	l = ok ? example_expect(&ex, "verdict ") : NULL;
	tap_result(l && !strcmp(l, want),
		   "alg %d: uplink from the UE is ok, COUNT 0, deciphered", alg);

	/* COUNT 1 with a flipped MAC bit; then COUNT 0 again. */
	ue_nas_protect(&ue, NASSEC_SHT_INTEGRITY_CIPHERED, 1, UE_NAS_DIR_UL,
		       uplink_nas, sizeof(uplink_nas), nas);
	nas[1] ^= 0x80;
	len2 = peer_build_uplink(msg2, sizeof(msg2), UE_ID, 1, nas, sizeof(nas), NULL);
	ok = enb >= 0 && !send_all(enb, msg2, len2);
	l = ok ? example_expect(&ex, "verdict ") : NULL;
	tap_result(l && strstr(l, "verdict=mac-fail count=1") &&
		   !strstr(l, plain_hex),
		   "alg %d: tampered MAC gets mac-fail and is not deciphered", alg);

	ok = enb >= 0 && !send_all(enb, msg, len);
	l = ok ? example_expect(&ex, "verdict ") : NULL;
	tap_result(l && strstr(l, "verdict=replay"),
		   "alg %d: replayed uplink (COUNT 0 again) gets replay", alg);

	if (enb >= 0)
		close(enb);
	tap_result(example_finish(&ex) == 0, "alg %d: example exits 0", alg);
}

int main(void)
{
	static const int algs[] = { NASSEC_ALG_AES, NASSEC_ALG_SNOW3G, NASSEC_ALG_ZUC };

	alarm(100);	/* a hung example fails the test, not the VM */
	if (!tap_result(!find_example(), "example built: %s", example_path))
		return tap_finish();
	for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		/* A namespace of its own per run: fresh port, fresh contexts. */
		if (peer_private_netns())
			tap_result(false, "alg %d: private netns: %s", algs[i],
				   strerror(errno));
		else
			run_pair(algs[i]);
	}
	return tap_finish();
}
