// SPDX-License-Identifier: GPL-2.0
/*
 * nassecd end to end, in a private network namespace: the daemon on an
 * attached SCTP socket with nassec.ko doing every NAS protection, and a
 * small eNB + UE written here on crypto of its own (the USIM's MILENAGE
 * and K_ASME on OpenSSL in tools/lib/ue/usim.c, NAS EIA/EEA on
 * ipsec-mb/OpenSSL in tools/lib/ue/ue_nas.c). Each UE checks what the network sends: AUTN's MAC, the
 * SECURITY MODE COMMAND's MAC under the new keys and its replayed
 * capabilities, KeNB in the Initial Context Setup Request against its own
 * TS 33.401 A.3, the ATTACH ACCEPT's MAC and ciphering, the DETACH
 * ACCEPT's. Messages are built and read with libs1ap/libnas, whose
 * encodings tshark checks in the unit tests.
 *
 * Scenarios: attach and detach for each of the 12 pairs EIA1-3 x EEA0-3,
 * an unknown IMSI (ATTACH REJECT #8), SECURITY MODE REJECT #23, T3460
 * running out (SMC sent 5 times, each with a fresh COUNT, then release),
 * malformed S1AP (Error Indication, the daemon keeps serving), and SIGTERM
 * (exit 0, every kernel context deleted). Then the daemon again with
 * nas_security = daemon (NAS security in nassecd, no socket attached, no
 * kernel context): three attaches covering EIA1-3 and EEA1-3, and the key
 * reported as restart-only on SIGHUP.
 *
 * NASSEC_OFFLOAD_BENCH=N instead runs N attach+detach cycles with the
 * offload and N without it, and prints both rates (tools/bench/nassecd-offload.sh).
 */
// nassec-timeout: 600
// nassec-ldlibs: -I../tools/lib/s1ap -I../tools/lib/nas -I../kmod ../tools/lib/s1ap/*.c ../tools/lib/nas/*.c ../tools/lib/ue/ue_nas.c ../tools/lib/ue/usim.c lib/s1ap_peer.c lib/tap.c -lIPSec_MB -lcrypto
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>

#include "nas_msg.h"
#include "s1ap_build.h"
#include "s1ap_parse.h"
#include "s1ap_peer.h"
#include "tap.h"
#include "ue_nas.h"
#include "usim.h"

#define PORT		36412
#define T3460_MS	1000
#define RECV_TIMEOUT_S	10	/* the debug kernel under TCG is slow */
#define LAST_IMSI	26	/* subscribers 001010000000001 .. this */
#define STR_(x)		#x
#define STR(x)		STR_(x)

/* TS 35.208 4.3.1 set 1's K and OPc (public test data) for every subscriber. */
static const char K_HEX[] = "465b5ce8b199b49faa5f0a2ee238a6bc";
static const char OPC_HEX[] = "cd63cb71954a9f4e48a5994e37a02baf";
static const uint8_t SN_ID[3] = { 0x00, 0xf1, 0x10 };	/* PLMN 001/01 */

static char bindir[PATH_MAX], work[64];
static const char *nas_security = "kernel";	/* [security] nas_security */
static pid_t daemon_pid;
static int enb = -1;
static uint32_t next_enb_ue_id = 1;

/* ---- the daemon and its CLI ---- */

static int run_cli(char *out, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Runs "nassec ARGS" against the daemon; its exit status, stdout into out. */
static int run_cli(char *out, size_t cap, const char *fmt, ...)
{
	char args[512], cmd[2 * PATH_MAX + 1024];
	va_list ap;
	FILE *p;
	size_t n = 0;
	int st;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "NASSEC_CTL_SOCKET=%s/ctl.sock %s/nassec %s 2>&1",
		 work, bindir, args);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	if (out)
		n = fread(out, 1, cap - 1, p);
	else
		while (fgetc(p) != EOF)
			;
	if (out)
		out[n] = 0;
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int write_config_with(int t3460_ms, int port)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/nassecd.conf", work);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "[mme]\nname = test-mme\nmcc = 001\nmnc = 01\ngroup_id = 1\ncode = 1\ntac = 1\n"
		"[s1]\nbind = 127.0.0.1\nport = %d\n"
		"[timers]\nt3460 = %dms\nt3450 = %dms\nt3470 = %dms\nt3422 = %dms\n"
		"[security]\nrequest_imeisv = yes\nhash_mme = yes\nnas_security = %s\n"
		"[store]\nsubscribers = %s/subs.db\n"
		"[control]\nsocket = %s/ctl.sock\n"
		"[log]\nlevel = debug\n",
		port, t3460_ms, T3460_MS, T3460_MS, T3460_MS, nas_security, work, work);
	return fclose(f);
}

static int write_config(void)
{
	return write_config_with(T3460_MS, PORT);
}

/* Whether the daemon's log has a line containing text (polled for 5 s). */
static bool log_has(const char *text)
{
	char path[128], line[512];

	snprintf(path, sizeof(path), "%s/nassecd.log", work);
	for (int i = 0; i < 50; i++) {
		FILE *f = fopen(path, "r");
		bool found = false;

		while (f && !found && fgets(line, sizeof(line), f))
			found = strstr(line, text) != NULL;
		if (f)
			fclose(f);
		if (found)
			return true;
		usleep(100000);
	}
	return false;
}

static int start_daemon(void)
{
	char conf[128], log[128];

	snprintf(conf, sizeof(conf), "%s/nassecd.conf", work);
	snprintf(log, sizeof(log), "%s/nassecd.log", work);
	daemon_pid = fork();
	if (daemon_pid == 0) {
		char exe[PATH_MAX + 16];
		FILE *f = freopen(log, "w", stderr);

		(void)f;
		snprintf(exe, sizeof(exe), "%s/nassecd", bindir);
		execl(exe, "nassecd", "-f", "-c", conf, (char *)NULL);
		_exit(127);
	}
	if (daemon_pid < 0)
		return -1;
	/* Ready when the control socket answers. */
	for (int i = 0; i < 200; i++) {
		if (!run_cli(NULL, 0, "mme show"))
			return 0;
		if (waitpid(daemon_pid, NULL, WNOHANG) == daemon_pid) {
			daemon_pid = 0;
			return -1;
		}
		usleep(100000);
	}
	return -1;
}

static unsigned int failures;

/* tap_result, counting failures for the log dump at the end. */
#define check(ok, ...) (tap_result((ok), __VA_ARGS__) ? true : (failures++, false))

static bool failed_any(void)
{
	return failures != 0;
}

static void show_daemon_log(void)
{
	char path[128], line[512];
	FILE *f;
	int n = 0;

	snprintf(path, sizeof(path), "%s/nassecd.log", work);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f) && n++ < 200)
		tap_diag("nassecd: %.*s", (int)strcspn(line, "\n"), line);
	if (f)
		fclose(f);
}

/* ---- the eNB ---- */

static struct s1ap_message rx_msg;
static uint8_t rx_buf[8192];
static char capture_dir[96];	/* where the captured attach goes */
static bool capturing;		/* every S1AP message goes to a file there */
static unsigned int captured;

static void capture(const uint8_t *buf, size_t len)
{
	char path[160];
	FILE *f;

	if (!capturing)
		return;
	snprintf(path, sizeof(path), "%s/%03u.bin", capture_dir, captured++);
	f = fopen(path, "w");
	if (f) {
		fwrite(buf, 1, len, f);
		fclose(f);
	}
}

/* Next S1AP message from the MME, parsed; its type or -1 on timeout/error. */
static int s1_recv(void)
{
	struct peer_rx rx;
	ssize_t n = peer_recv(enb, rx_buf, sizeof(rx_buf), &rx);

	if (n <= 0) {
		tap_diag("eNB receive: %zd (%s)", n, n < 0 ? strerror(errno) : "no message");
		return -1;
	}
	capture(rx_buf, n);
	if (s1ap_parse(rx_buf, n, &rx_msg)) {
		tap_diag("S1AP from the MME does not parse (%zd octets)", n);
		return -1;
	}
	return rx_msg.type;
}

/* Waits for a message of type; others are skipped (and counted in *skipped). */
static bool s1_expect(int type)
{
	for (int i = 0; i < 8; i++) {
		int t = s1_recv();

		if (t == type)
			return true;
		if (t < 0)
			return false;
		tap_diag("skipped S1AP %s while waiting for %s", s1ap_msg_type_name(t),
			 s1ap_msg_type_name(type));
	}
	return false;
}

static int s1_send(const uint8_t *buf, int len)
{
	if (len > 0)
		capture(buf, len);
	return len > 0 && send(enb, buf, len, 0) == len ? 0 : -1;
}

/* A new association (the current eNB from now on) and its S1 Setup. */
static bool s1_setup_enb(uint32_t enb_id, const char *name)
{
	struct s1ap_plmn plmn;
	struct s1ap_supported_ta ta = { .tac = 1, .bplmns = &plmn, .n_bplmns = 1 };
	struct s1ap_s1_setup_request req = {
		.enb_id = enb_id, .enb_name = name, .tas = &ta, .n_tas = 1,
		.paging_drx = S1AP_PAGING_DRX_128,
	};
	uint8_t buf[512];
	struct timeval tv = { .tv_sec = RECV_TIMEOUT_S };

	s1ap_plmn_from_digits(&plmn, "001", "01");
	req.plmn = plmn;
	enb = peer_connect(SOCK_STREAM, PORT);
	if (enb < 0 || setsockopt(enb, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)))
		return false;
	return !s1_send(buf, s1ap_build_s1_setup_request(buf, sizeof(buf), &req)) &&
	       s1_expect(S1AP_MSG_S1_SETUP_RESPONSE);
}

static bool s1_setup(void)
{
	return s1_setup_enb(0x1234, "test-enb");
}

/* ---- the UE ---- */

struct ue {
	char imsi[16];
	struct usim usim;
	uint8_t eia_caps, eea_caps;	/* TS 24.301 9.9.3.34 octets 3 and 4 */
	uint32_t enb_ue_id, mme_ue_id;
	uint8_t kasme[32];
	struct ue_nas nas;
	uint32_t ul_count, dl_count;
	struct nas_guti guti;
	uint8_t ebi;
	uint8_t ksi;			/* eKSI of the current context */
	bool registered;		/* holds a context: the next attach is by GUTI */
	bool foreign_guti;		/* attaches by a GUTI (and context) we never issued */
	uint8_t pti;			/* of the PDN CONNECTIVITY REQUEST it sends */
	uint8_t enb_pti;		/* != 0: the eNB changes the PTI on the way */
	uint8_t request[256];		/* the ATTACH REQUEST as sent, for HASH_UE */
	int request_len;
	bool hash_mismatch;		/* HashMME differed: replay the request */
	bool identified;		/* an IDENTITY REQUEST came */
	char why[160];			/* what went wrong */
};

static bool fail(struct ue *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool fail(struct ue *u, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(u->why, sizeof(u->why), fmt, ap);
	va_end(ap);
	return false;
}

static void hex_to(const char *h, uint8_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sscanf(h + 2 * i, "%2hhx", &out[i]);
}

static void ue_init(struct ue *u, unsigned int n, uint8_t eia_caps, uint8_t eea_caps)
{
	memset(u, 0, sizeof(*u));
	snprintf(u->imsi, sizeof(u->imsi), "0010100000%05u", n);
	hex_to(K_HEX, u->usim.k, 16);
	hex_to(OPC_HEX, u->usim.opc, 16);
	u->eia_caps = eia_caps;
	u->eea_caps = eea_caps;
	u->pti = 1;
	u->enb_ue_id = next_enb_ue_id++;
}

static int encode(const struct nas_msg *m, uint8_t *buf, size_t cap)
{
	return nas_msg_encode(m, buf, cap);
}

static bool send_initial_ue(struct ue *u, const uint8_t *nas, int len)
{
	struct s1ap_initial_ue_message m = {
		.enb_ue_id = u->enb_ue_id,
		.nas = { nas, (size_t)len },
		.rrc_cause = S1AP_RRC_MO_SIGNALLING,
	};
	uint8_t buf[1024];

	s1ap_plmn_from_digits(&m.tai.plmn, "001", "01");
	m.tai.tac = 1;
	m.ecgi.plmn = m.tai.plmn;
	m.ecgi.cell_id = 0x123401;
	return !s1_send(buf, s1ap_build_initial_ue_message(buf, sizeof(buf), &m, NULL));
}

static bool send_uplink(struct ue *u, const uint8_t *nas, int len)
{
	uint8_t buf[1024];

	return !s1_send(buf, peer_build_uplink(buf, sizeof(buf), u->mme_ue_id, u->enb_ue_id,
					       nas, len, NULL));
}

/* A plain NAS message as a protected PDU with the next uplink COUNT. */
static bool send_protected(struct ue *u, uint8_t sht, const struct nas_msg *m)
{
	uint8_t plain[512], pdu[520];
	int len = encode(m, plain, sizeof(plain));

	if (len < 0)
		return false;
	ue_nas_protect(&u->nas, sht, u->ul_count++, UE_NAS_DIR_UL, plain, len, pdu);
	return send_uplink(u, pdu, UE_NAS_HDR_LEN + len);
}

/*
 * The NAS-PDU of the next Downlink NAS Transport for u: its ids learnt,
 * the PDU copied into pdu; its length or -1.
 */
static int recv_dl_nas(struct ue *u, uint8_t *pdu, size_t cap)
{
	const struct s1ap_downlink_nas_transport *dl = &rx_msg.u.downlink_nas;

	if (!s1_expect(S1AP_MSG_DOWNLINK_NAS_TRANSPORT) || dl->ids.enb_ue_id != u->enb_ue_id ||
	    dl->nas.len > cap)
		return -1;
	u->mme_ue_id = dl->ids.mme_ue_id;
	memcpy(pdu, dl->nas.data, dl->nas.len);
	return (int)dl->nas.len;
}

/* Checks and deciphers a protected downlink PDU with the next DL COUNT; decodes it. */
static bool open_dl(struct ue *u, uint8_t *pdu, int len, struct nas_msg *m)
{
	uint32_t count = u->dl_count;

	/* TS 24.301 4.4.3.1: the SQN octet is the COUNT's low 8 bits. */
	if (len <= UE_NAS_HDR_LEN || pdu[5] != (count & 0xff))
		return fail(u, "downlink SQN %u, expected %u", len > 5 ? pdu[5] : 0, count & 0xff);
	if (ue_nas_unprotect(&u->nas, count, UE_NAS_DIR_DL, pdu, len))
		return fail(u, "downlink MAC wrong at COUNT %u", count);
	u->dl_count++;
	if (nas_msg_decode(pdu + UE_NAS_HDR_LEN, len - UE_NAS_HDR_LEN, NAS_MSG_DL, m, NULL))
		return fail(u, "downlink NAS does not decode");
	return true;
}

/*
 * A downlink message as the UE reads it: a plain one decoded, one with
 * header type 1 or 2 checked (and deciphered) with the current context.
 */
static bool read_dl(struct ue *u, uint8_t *pdu, int len, struct nas_msg *m)
{
	uint8_t sht = pdu[0] >> 4;

	if ((pdu[0] & 0x0f) == NAS_MSG_PD_EMM &&
	    (sht == NAS_MSG_SHT_INT || sht == NAS_MSG_SHT_INT_CIPH))
		return open_dl(u, pdu, len, m);
	return !nas_msg_decode(pdu, len, NAS_MSG_DL, m, NULL);
}

/*
 * A plain ATTACH REQUEST with PTI pti: by IMSI, or by GUTI with the eKSI
 * of the context the UE holds (TS 24.301 5.5.1.2.2).
 */
static int attach_request_with(struct ue *u, uint8_t pti, uint8_t *out, size_t cap)
{
	uint8_t esm_buf[64];
	struct nas_msg m, esm;

	nas_msg_init(&esm, NAS_MSG_PD_ESM, NAS_ESM_PDN_CONN_REQ, NAS_MSG_UL);
	esm.pti = pti;
	esm.u.pdn_req.request_type = 1;
	esm.u.pdn_req.pdn_type = NAS_PDN_IPV4;
	nas_msg_init(&m, NAS_MSG_PD_EMM, NAS_EMM_ATTACH_REQUEST, NAS_MSG_UL);
	m.u.attach_req.attach_type = 1;
	m.u.attach_req.ksi.ksi = u->registered || u->foreign_guti ? u->ksi : 7;
	if (u->registered || u->foreign_guti) {
		m.u.attach_req.id.type = NAS_ID_GUTI;
		m.u.attach_req.id.guti = u->guti;
	} else {
		m.u.attach_req.id.type = NAS_ID_IMSI;
		snprintf(m.u.attach_req.id.digits, sizeof(m.u.attach_req.id.digits), "%s",
			 u->imsi);
	}
	m.u.attach_req.ue_net_cap.len = 2;
	m.u.attach_req.ue_net_cap.octets[0] = u->eea_caps;
	m.u.attach_req.ue_net_cap.octets[1] = u->eia_caps;
	if (nas_msg_esm_encode(&esm, esm_buf, sizeof(esm_buf), &m.u.attach_req.esm) < 0)
		return -1;
	return encode(&m, out, cap);
}

/*
 * The ATTACH REQUEST the UE sends, kept in u->request: plain, or with a
 * context integrity protected with the next uplink COUNT (header type 1).
 */
static int attach_request(struct ue *u, uint8_t *out, size_t cap)
{
	uint8_t plain[256];
	int n = attach_request_with(u, u->pti, plain, sizeof(plain));

	if (n < 0 || (size_t)n + UE_NAS_HDR_LEN > cap || n + UE_NAS_HDR_LEN > 256)
		return -1;
	if (u->registered || u->foreign_guti) {
		ue_nas_protect(&u->nas, NAS_MSG_SHT_INT, u->ul_count++, UE_NAS_DIR_UL, plain, n,
			       out);
		n += UE_NAS_HDR_LEN;
	} else {
		memcpy(out, plain, n);
	}
	memcpy(u->request, out, n);
	u->request_len = n;
	return n;
}

/* The IDENTITY RESPONSE with the IMSI, plain (before security, 4.4.4.3). */
static bool answer_identity(struct ue *u)
{
	uint8_t nas[64];
	struct nas_msg m;
	int n;

	u->identified = true;
	nas_msg_init(&m, NAS_MSG_PD_EMM, NAS_EMM_IDENTITY_RESPONSE, NAS_MSG_UL);
	m.u.id_resp.id.type = NAS_ID_IMSI;
	snprintf(m.u.id_resp.id.digits, sizeof(m.u.id_resp.id.digits), "%s", u->imsi);
	n = encode(&m, nas, sizeof(nas));
	return n > 0 && send_uplink(u, nas, n);
}

/*
 * ATTACH REQUEST .. (IDENTIFICATION) .. AUTHENTICATION .. until the SECURITY
 * MODE COMMAND (not answered). With u->enb_pti the eNB sends a request
 * with another PTI than the UE's, so the UE's HASH_UE will not match.
 */
static bool attach_until_smc(struct ue *u, uint8_t *pdu, int *len)
{
	uint8_t nas[512], res[8], auts[14];
	struct nas_msg m;
	bool ok;
	int n = attach_request(u, nas, sizeof(nas));

	if (n > 0 && u->enb_pti)
		n = attach_request_with(u, u->enb_pti, nas, sizeof(nas));
	if (n < 0 || !send_initial_ue(u, nas, n))
		return fail(u, "ATTACH REQUEST not sent");
	n = recv_dl_nas(u, pdu, 512);
	ok = n >= 2 && read_dl(u, pdu, n, &m);
	if (ok && m.type == NAS_EMM_IDENTITY_REQUEST) {
		if (m.u.id_req.id_type != NAS_ID_IMSI || !answer_identity(u))
			return fail(u, "IDENTITY REQUEST not for the IMSI, or not answered");
		n = recv_dl_nas(u, pdu, 512);
		ok = n >= 2 && read_dl(u, pdu, n, &m);
	}
	if (!ok || m.type != NAS_EMM_AUTH_REQUEST) {
		char why[sizeof(u->why)];

		snprintf(why, sizeof(why), "%s", u->why);
		return fail(u, "no AUTHENTICATION REQUEST (%d octets, header %02x)%s%s", n,
			    n > 0 ? pdu[0] : 0, why[0] ? ": " : "", why);
	}
	if (usim_authenticate(&u->usim, m.u.auth_req.rand, m.u.auth_req.autn, SN_ID, res,
			      u->kasme, auts) != USIM_OK)
		return fail(u, "the USIM refused AUTN");
	nas_msg_init(&m, NAS_MSG_PD_EMM, NAS_EMM_AUTH_RESPONSE, NAS_MSG_UL);
	m.u.auth_resp.res.len = 8;
	memcpy(m.u.auth_resp.res.v, res, 8);
	/* With a context in use (a verified GUTI attach) the UE protects it (4.4.4.2). */
	if (u->registered) {
		if (!send_protected(u, NAS_MSG_SHT_INT_CIPH, &m))
			return fail(u, "AUTHENTICATION RESPONSE not sent");
	} else {
		n = encode(&m, nas, sizeof(nas));
		if (n < 0 || !send_uplink(u, nas, n))
			return fail(u, "AUTHENTICATION RESPONSE not sent");
	}
	*len = recv_dl_nas(u, pdu, 512);
	if (*len < UE_NAS_HDR_LEN + 2 || pdu[0] >> 4 != NAS_MSG_SHT_INT_NEW)
		return fail(u, "no SECURITY MODE COMMAND with header type 3");
	return true;
}

static bool check_smc(struct ue *u, uint8_t *pdu, int len, uint8_t eia, uint8_t eea)
{
	struct nas_msg m;

	if (nas_msg_decode(pdu + UE_NAS_HDR_LEN, len - UE_NAS_HDR_LEN, NAS_MSG_DL, &m, NULL) ||
	    m.type != NAS_EMM_SMC)
		return fail(u, "SECURITY MODE COMMAND does not decode");
	if (m.u.smc.algs.eia != eia || m.u.smc.algs.eea != eea)
		return fail(u, "SMC chose EIA%u/EEA%u, expected EIA%u/EEA%u", m.u.smc.algs.eia,
			    m.u.smc.algs.eea, eia, eea);
	/* TS 24.301 5.4.3.2: the capabilities replayed as the UE sent them. */
	if (m.u.smc.ue_sec_cap.len != 2 || m.u.smc.ue_sec_cap.octets[0] != u->eea_caps ||
	    m.u.smc.ue_sec_cap.octets[1] != u->eia_caps)
		return fail(u, "SMC replayed other UE security capabilities");
	if (!(m.opt & NAS_OPT(NAS_O_SMC_IMEISV_REQ)))
		return fail(u, "SMC without the configured IMEISV request");
	/*
	 * TS 24.301 5.4.3.2 (hash_mme = yes): HashMME exactly when the ATTACH
	 * REQUEST went plain; the UE compares it with its own HASH_UE.
	 */
	if (u->registered != !(m.opt & NAS_OPT(NAS_O_SMC_HASHMME)))
		return fail(u, "SMC %s HashMME after a %s ATTACH REQUEST",
			    u->registered ? "with" : "without",
			    u->registered ? "protected" : "plain");
	if (!u->registered) {
		uint8_t hash[8];

		if (ue_hash_ue(u->request, u->request_len, hash))
			return fail(u, "HASH_UE not computed");
		u->hash_mismatch = memcmp(hash, m.u.smc.hash_mme, 8) != 0;
		if (u->hash_mismatch && !u->enb_pti)
			return fail(u, "HashMME differs from the UE's HASH_UE");
	}
	u->ksi = m.u.smc.ksi.ksi;
	if (ue_nas_init(&u->nas, u->kasme, eia, eea))
		return fail(u, "NAS keys not derived");
	u->dl_count = 0;
	u->ul_count = 0;
	return open_dl(u, pdu, len, &m);
}

/* From the SECURITY MODE COMMAND in smc on, with (eia, eea): the UE is registered. */
static bool attach_after_smc(struct ue *u, uint8_t *smc, int smc_len, uint8_t eia, uint8_t eea)
{
	const struct s1ap_initial_context_setup_request *ics = &rx_msg.u.ics_request;
	uint8_t pdu[512], kenb[32], esm_buf[64];
	struct nas_msg m, esm;
	int len;

	if (!check_smc(u, smc, smc_len, eia, eea))
		return false;
	nas_msg_init(&m, NAS_MSG_PD_EMM, NAS_EMM_SMC_COMPLETE, NAS_MSG_UL);
	m.opt |= NAS_OPT(NAS_O_SMCC_IMEISV);
	m.u.smc_cpl.imeisv.type = NAS_ID_IMEISV;
	snprintf(m.u.smc_cpl.imeisv.digits, sizeof(m.u.smc_cpl.imeisv.digits),
		 "35344900000001%02u", u->enb_ue_id % 100);
	/* 24.301 5.4.3.3: after a HashMME mismatch the request goes back whole. */
	if (u->hash_mismatch) {
		m.opt |= NAS_OPT(NAS_O_SMCC_NAS_MSG);
		m.u.smc_cpl.nas_msg.data = u->request;
		m.u.smc_cpl.nas_msg.len = (uint16_t)u->request_len;
	}
	if (!send_protected(u, NAS_MSG_SHT_INT_CIPH_NEW, &m))
		return fail(u, "SECURITY MODE COMPLETE not sent");

	if (!s1_expect(S1AP_MSG_INITIAL_CONTEXT_SETUP_REQUEST) ||
	    ics->ids.enb_ue_id != u->enb_ue_id || ics->n_erabs != 1)
		return fail(u, "no Initial Context Setup Request");
	/* TS 33.401 A.3 with the COUNT of SECURITY MODE COMPLETE (0). */
	if (ue_kenb(u->kasme, 0, kenb) || memcmp(kenb, ics->kenb, 32))
		return fail(u, "KeNB differs from the UE's TS 33.401 A.3");
	if (ics->eea_caps != (uint16_t)((u->eea_caps & 0x70) << 9) ||
	    ics->eia_caps != (uint16_t)((u->eia_caps & 0x70) << 9))
		return fail(u, "UE security capabilities in S1AP differ");
	len = (int)ics->erabs[0].nas.len;
	if (len > (int)sizeof(pdu))
		return fail(u, "ATTACH ACCEPT too long");
	memcpy(pdu, ics->erabs[0].nas.data, len);
	u->ebi = ics->erabs[0].erab_id;
	if (pdu[0] >> 4 != NAS_MSG_SHT_INT_CIPH || !open_dl(u, pdu, len, &m) ||
	    m.type != NAS_EMM_ATTACH_ACCEPT)
		return fail(u, "ATTACH ACCEPT not integrity protected and ciphered: %s", u->why);
	if (!(m.opt & NAS_OPT(NAS_O_AA_GUTI)) || m.u.attach_acc.guti.type != NAS_ID_GUTI)
		return fail(u, "ATTACH ACCEPT without a GUTI");
	u->guti = m.u.attach_acc.guti.guti;
	if (nas_msg_esm_decode(&m.u.attach_acc.esm, NAS_MSG_DL, &esm, NULL) ||
	    esm.type != NAS_ESM_ACT_DEF_BEARER_REQ || esm.ebi != u->ebi || esm.pti != u->pti ||
	    esm.u.adb_req.pdn_addr.ipv4[0] != 10 || strcmp(esm.u.adb_req.apn.name, "internet"))
		return fail(u, "default bearer request wrong");

	{
		struct s1ap_erab_setup es = { .erab_id = u->ebi, .enb_teid = 0x1000 + u->enb_ue_id };
		struct s1ap_initial_context_setup_response rsp = {
			.ids = { .mme_ue_id = u->mme_ue_id, .enb_ue_id = u->enb_ue_id },
			.erabs = &es, .n_erabs = 1,
		};
		uint8_t buf[256];

		es.enb_address.len = 4;
		memcpy(es.enb_address.octets, (uint8_t[]){ 127, 0, 0, 1 }, 4);
		if (s1_send(buf, s1ap_build_initial_context_setup_response(buf, sizeof(buf), &rsp)))
			return fail(u, "ICS Response not sent");
	}
	nas_msg_init(&esm, NAS_MSG_PD_ESM, NAS_ESM_ACT_DEF_BEARER_ACC, NAS_MSG_UL);
	esm.ebi = u->ebi;
	nas_msg_init(&m, NAS_MSG_PD_EMM, NAS_EMM_ATTACH_COMPLETE, NAS_MSG_UL);
	if (nas_msg_esm_encode(&esm, esm_buf, sizeof(esm_buf), &m.u.attach_cpl.esm) < 0 ||
	    !send_protected(u, NAS_MSG_SHT_INT_CIPH, &m))
		return fail(u, "ATTACH COMPLETE not sent");
	u->registered = true;
	return true;
}

/* A complete attach with algorithm pair (eia, eea). */
static bool attach(struct ue *u, uint8_t eia, uint8_t eea)
{
	uint8_t smc[512];
	int len;

	return attach_until_smc(u, smc, &len) && attach_after_smc(u, smc, len, eia, eea);
}

/* UE-initiated detach (TS 24.301 5.5.2.2): normal, EPS, with the GUTI. */
/* Longest wait from a DETACH ACCEPT to the Release Command sent right after it. */
/*
 * DETACH ACCEPT to UE Context Release Command, per detach. Nagle would hold
 * the second back for the peer's delayed SACK (200 ms) on every detach; a
 * loaded debug kernel delays only the odd one, so the check takes the median.
 */
static long release_gap_ms[16];
static unsigned int release_gaps;

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

static bool detach(struct ue *u)
{
	uint8_t pdu[512];
	struct nas_msg m;
	long accepted;
	int len;

	nas_msg_init(&m, NAS_MSG_PD_EMM, NAS_EMM_DETACH_REQUEST, NAS_MSG_UL);
	m.u.detach_req.detach_type = 1;
	m.u.detach_req.ksi.ksi = 0;
	m.u.detach_req.id.type = NAS_ID_GUTI;
	m.u.detach_req.id.guti = u->guti;
	if (!send_protected(u, NAS_MSG_SHT_INT_CIPH, &m))
		return fail(u, "DETACH REQUEST not sent");
	len = recv_dl_nas(u, pdu, sizeof(pdu));
	accepted = now_ms();
	if (len < 0 || !open_dl(u, pdu, len, &m) || m.type != NAS_EMM_DETACH_ACCEPT)
		return fail(u, "no protected DETACH ACCEPT: %s", u->why);
	if (!s1_expect(S1AP_MSG_UE_CONTEXT_RELEASE_COMMAND))
		return fail(u, "no UE Context Release Command after detach");
	if (release_gaps < sizeof(release_gap_ms) / sizeof(release_gap_ms[0]))
		release_gap_ms[release_gaps++] = now_ms() - accepted;
	{
		struct s1ap_ue_ids ids = { .mme_ue_id = u->mme_ue_id, .enb_ue_id = u->enb_ue_id };
		uint8_t buf[64];

		if (s1_send(buf, s1ap_build_ue_context_release_complete(buf, sizeof(buf), &ids)))
			return fail(u, "Release Complete not sent");
	}
	return true;
}

static bool attach_detach(struct ue *u, uint8_t eia, uint8_t eea)
{
	return attach(u, eia, eea) && detach(u);
}

static void release_complete(struct ue *u)
{
	struct s1ap_ue_ids ids = { .mme_ue_id = u->mme_ue_id, .enb_ue_id = u->enb_ue_id };
	uint8_t buf[64];

	s1_send(buf, s1ap_build_ue_context_release_complete(buf, sizeof(buf), &ids));
}

/*
 * The EIA2/EEA0 attach as tshark reads it (S1AP over SCTP, PPID 18, NAS
 * null-deciphered): per message the procedure, the security header type,
 * whether a MAC is there, the NAS SQN and the EMM type, and nothing
 * malformed.
 */
static void check_capture(void)
{
	static const char want[] =
		"12,0,-,-,0x41\n"	/* Initial UE: ATTACH REQUEST, plain */
		"11,0,-,-,0x52\n"	/* AUTHENTICATION REQUEST */
		"13,0,-,-,0x53\n"	/* AUTHENTICATION RESPONSE */
		"11,3,mac,0,0x5d\n"	/* SMC: integrity, new context, DL COUNT 0 */
		"13,4,mac,0,0x5e\n"	/* SMC COMPLETE: UL COUNT 0 */
		"9,2,mac,1,0x42\n"	/* ICS Request: ATTACH ACCEPT, DL COUNT 1 */
		"9,-,-,-,-\n"		/* ICS Response */
		"13,2,mac,1,0x43\n"	/* ATTACH COMPLETE, UL COUNT 1 */
		"13,2,mac,2,0x45\n"	/* DETACH REQUEST, UL COUNT 2 */
		"11,2,mac,2,0x46\n"	/* DETACH ACCEPT, DL COUNT 2 */
		"23,-,-,-,-\n"		/* UE Context Release Command */
		"23,-,-,-,-\n";	/* ... Complete */
	char cmd[1024], got[2048];
	size_t n;
	FILE *p;

	snprintf(cmd, sizeof(cmd),
		 "cd %s && for f in [0-9]*.bin; do od -Ax -tx1 -v $f; done >all.txt && "
		 "text2pcap -q -S 36412,36412,18 all.txt all.pcap 2>/dev/null && "
		 "tshark -r all.pcap -o nas-eps.null_decipher:TRUE -T fields -E separator=, -E occurrence=f "
		 "-e s1ap.procedureCode -e nas_eps.security_header_type -e nas_eps.msg_auth_code "
		 "-e nas_eps.seq_no -e nas_eps.nas_msg_emm_type -e _ws.malformed 2>/dev/null | "
		 "awk -F, '{ printf \"%%s,%%s,%%s,%%s,%%s%%s\\n\", $1, $2 == \"\" ? \"-\" : $2, "
		 "$3 == \"\" ? \"-\" : \"mac\", $4 == \"\" ? \"-\" : $4, $5 == \"\" ? \"-\" : $5, "
		 "$6 == \"\" ? \"\" : \",MALFORMED\" }'", capture_dir);
	p = popen(cmd, "r");
	n = p ? fread(got, 1, sizeof(got) - 1, p) : 0;
	got[n] = 0;
	if (p)
		pclose(p);
	if (!check(!strcmp(got, want),
		   "tshark reads the EIA2/EEA0 attach: procedures, header types, MACs, SQNs, EMM types, nothing malformed")) {
		tap_diag("tshark saw:\n%s", got);
	}
}

static void add_subscriber(const char *imsi)
{
	run_cli(NULL, 0, "subscriber add %s k %s opc %s", imsi, K_HEX, OPC_HEX);
}

/* A counter of 'nassec -j mme show', or -1. */
static long mme_counter(const char *name)
{
	static char out[16384];
	char key[64], *p;

	if (run_cli(out, sizeof(out), "-j mme show"))
		return -1;
	snprintf(key, sizeof(key), "\"%s\":", name);
	p = strstr(out, key);
	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

/* ---- issue 8's remaining paths: HashMME, GUTI, network detach, eNBs ---- */

/* A counter of 'nassec -j ue show IMSI' (a string field's start), or NULL. */
static const char *ue_field(const char *imsi, const char *name)
{
	static char out[4096];
	char key[64], *p;

	if (run_cli(out, sizeof(out), "-j ue show %s", imsi))
		return NULL;
	snprintf(key, sizeof(key), "\"%s\":", name);
	p = strstr(out, key);
	return p ? p + strlen(key) : NULL;
}

static bool ue_field_is(const char *imsi, const char *name, const char *value)
{
	const char *v = ue_field(imsi, name);

	return v && !strncmp(v, value, strlen(value));
}

/*
 * TS 24.301 5.4.3.2-5.4.3.4: the eNB changes the ATTACH REQUEST's PTI on
 * the way; HashMME tells the UE, which sends its own request back in the
 * SECURITY MODE COMPLETE, and the default bearer answers the UE's PTI.
 */
static void hash_mme_mismatch(void)
{
	long before = mme_counter("attach_replayed");
	struct ue u;

	ue_init(&u, 15, 0x20, 0xa0);
	u.enb_pti = 2;
	check(attach_detach(&u, 2, 2) && u.hash_mismatch &&
	      mme_counter("attach_replayed") == before + 1,
	      "ATTACH REQUEST changed on the way: HashMME differs, the UE replays its own, the bearer answers its PTI%s%s",
	      u.why[0] ? ": " : "", u.why);
}

/*
 * TS 24.301 5.5.1.2.2: a UE that attached and detached comes back with its
 * GUTI and the eKSI of the context both sides kept; the kernel verifies
 * the request (no HashMME then), no identification is needed. A GUTI the
 * MME never issued starts identification (T3470) instead.
 */
static void guti_attach(void)
{
	struct ue u;

	ue_init(&u, 16, 0x20, 0xa0);
	if (!check(attach_detach(&u, 2, 2), "UE %s: attach by IMSI, detach%s%s", u.imsi,
		   u.why[0] ? ": " : "", u.why))
		return;
	u.enb_ue_id = next_enb_ue_id++;
	check(attach_detach(&u, 2, 2) && !u.identified,
	      "the same UE attaches again by GUTI, integrity protected with its kept context: no identification, no HashMME%s%s",
	      u.why[0] ? ": " : "", u.why);

	ue_init(&u, 17, 0x20, 0xa0);
	u.foreign_guti = true;
	u.guti = (struct nas_guti){ .mme_group = 0x7777, .mme_code = 9, .m_tmsi = 0x0badcafe };
	nas_plmn_from_digits(&u.guti.plmn, "001", "01");
	u.ksi = 3;
	ue_nas_init(&u.nas, u.kasme, 2, 0);
	check(attach_detach(&u, 2, 2) && u.identified,
	      "an unknown GUTI is identified (IDENTITY REQUEST for the IMSI), then attached%s%s",
	      u.why[0] ? ": " : "", u.why);
}

/*
 * TS 24.301 5.5.2.3: `nassec ue detach IMSI`: a protected DETACH REQUEST
 * (re-attach not required), again on T3422 with the next COUNT, and on the
 * UE's DETACH ACCEPT the release; the UE is deregistered.
 */
static void network_detach(void)
{
	long before = mme_counter("detach_by_network");
	uint8_t pdu[512], first_sqn = 0;
	struct nas_msg m;
	bool ok = false;
	struct ue u;
	int len;

	ue_init(&u, 18, 0x20, 0xa0);
	if (!check(attach(&u, 2, 2), "UE %s attached%s%s", u.imsi, u.why[0] ? ": " : "", u.why))
		return;
	check(run_cli(NULL, 0, "ue detach %s", u.imsi) == 0, "nassec ue detach %s", u.imsi);
	len = recv_dl_nas(&u, pdu, sizeof(pdu));
	if (len > UE_NAS_HDR_LEN && open_dl(&u, pdu, len, &m) && m.type == NAS_EMM_DETACH_REQUEST &&
	    (m.u.detach_req.detach_type & 7) == 2) {
		first_sqn = pdu[5];
		/* Not answered: T3422 sends it again as a new message. */
		len = recv_dl_nas(&u, pdu, sizeof(pdu));
		ok = len > UE_NAS_HDR_LEN && pdu[5] == (uint8_t)(first_sqn + 1) &&
		     open_dl(&u, pdu, len, &m) && m.type == NAS_EMM_DETACH_REQUEST;
	}
	check(ok, "DETACH REQUEST (re-attach not required), protected; again after T3422 with the next COUNT%s%s",
	      u.why[0] ? ": " : "", u.why);
	nas_msg_init(&m, NAS_MSG_PD_EMM, NAS_EMM_DETACH_ACCEPT, NAS_MSG_UL);
	send_protected(&u, NAS_MSG_SHT_INT_CIPH, &m);
	check(s1_expect(S1AP_MSG_UE_CONTEXT_RELEASE_COMMAND) &&
	      mme_counter("detach_by_network") == before + 1,
	      "DETACH ACCEPT: release, detach_by_network counted");
	release_complete(&u);
	check(ue_field_is(u.imsi, "state", "\"EMM-DEREGISTERED\"") &&
	      ue_field_is(u.imsi, "connected", "false"),
	      "nassec ue show: deregistered, not connected");
}

/* EMM-REGISTERED without an S1 connection, its context kept in the kernel. */
static bool registered_idle(const struct ue *u)
{
	return ue_field_is(u->imsi, "state", "\"EMM-REGISTERED\"") &&
	       ue_field_is(u->imsi, "connected", "false") &&
	       ue_field_is(u->imsi, "kernel_context", "true");
}

/*
 * Two eNBs at once, each UE on its own association, two attaches
 * interleaved; then the second association is aborted: its registered UE
 * loses only its S1 connection, its attaching UE's attach is aborted, the
 * first eNB goes on serving (TS 36.413 8.7.1.2: the UE associations go).
 */
static void several_enbs(void)
{
	uint8_t smc1[512], smc2[512];
	int enb1 = enb, enb2, l1, l2;
	long failed;
	struct linger abort_it = { .l_onoff = 1, .l_linger = 0 };
	struct ue u1, u2, u3;
	bool ok;

	if (!check(s1_setup_enb(0x5678, "second-enb") && mme_counter("enbs") == 2,
		   "a second eNB connects: S1 Setup Response, mme show counts 2 eNBs"))
		return;
	enb2 = enb;
	ue_init(&u1, 19, 0x20, 0xa0);
	ue_init(&u2, 20, 0x40, 0xc0);
	enb = enb1;
	ok = attach_until_smc(&u1, smc1, &l1);
	enb = enb2;
	ok = ok && attach_until_smc(&u2, smc2, &l2);
	enb = enb1;
	ok = ok && attach_after_smc(&u1, smc1, l1, 2, 2);
	enb = enb2;
	ok = ok && attach_after_smc(&u2, smc2, l2, 1, 1);
	check(ok, "two attaches interleaved over two eNBs, each on its own association%s%s%s%s",
	      u1.why[0] ? ": " : "", u1.why, u2.why[0] ? ": " : "", u2.why);

	ue_init(&u3, 21, 0x20, 0xa0);
	ok = attach_until_smc(&u3, smc2, &l2);
	failed = mme_counter("attaches_failed");
	setsockopt(enb2, SOL_SOCKET, SO_LINGER, &abort_it, sizeof(abort_it));
	close(enb2);
	for (int i = 0; i < 50 && mme_counter("enbs") != 1; i++)
		usleep(100000);
	check(ok && mme_counter("enbs") == 1 && mme_counter("attaches_failed") == failed + 1,
	      "the second eNB's association aborted: one eNB left, the attach running there failed");
	check(registered_idle(&u2) && ue_field_is(u2.imsi, "security_context", "\"kernel\""),
	      "its registered UE stays registered, without a connection, its context kept");
	enb = enb1;
	ue_init(&u3, 22, 0x20, 0xa0);
	check(attach_detach(&u3, 2, 2), "the first eNB goes on serving%s%s",
	      u3.why[0] ? ": " : "", u3.why);
}

/* Whether a listed S1 connection came back as it was sent (ids present and equal). */
static bool same_connection(const struct s1ap_s1_connection *a, const struct s1ap_s1_connection *b)
{
	return a->has_mme_ue_id == b->has_mme_ue_id && a->has_enb_ue_id == b->has_enb_ue_id &&
	       (!a->has_mme_ue_id || a->ids.mme_ue_id == b->ids.mme_ue_id) &&
	       (!a->has_enb_ue_id || a->ids.enb_ue_id == b->ids.enb_ue_id);
}

/*
 * TS 36.413 8.7.1.2.1: an eNB's S1 Reset. Part of the interface: the MME
 * releases the UE-associated S1 connections listed (by both ids, or by the
 * eNB UE S1AP ID alone) and answers RESET ACKNOWLEDGE with the same items in
 * the same order, unknown ones included; the others keep theirs. Reset all:
 * every connection of that eNB, and the acknowledgement has no list. The
 * UEs stay EMM-REGISTERED with their contexts (only the S1 connection
 * goes); an attach still running there fails.
 */
static void s1_reset(void)
{
	struct s1ap_reset r = {
		.cause = { S1AP_CAUSE_RADIO_NETWORK, S1AP_CAUSE_RADIO_UNSPECIFIED },
	};
	struct s1ap_s1_connection part[3];
	uint8_t buf[512], smc[512];
	struct ue u1, u2, u3, u4;
	long failed;
	bool ok;
	int l;

	ue_init(&u1, 23, 0x20, 0xa0);
	ue_init(&u2, 24, 0x40, 0xc0);
	ue_init(&u3, 25, 0x20, 0xa0);
	if (!check(attach(&u1, 2, 2) && attach(&u2, 1, 1) && attach(&u3, 2, 2),
		   "three UEs attached on one eNB%s%s%s%s%s%s", u1.why[0] ? ": " : "", u1.why,
		   u2.why[0] ? ": " : "", u2.why, u3.why[0] ? ": " : "", u3.why))
		return;
	part[0] = (struct s1ap_s1_connection){
		.has_mme_ue_id = true, .has_enb_ue_id = true,
		.ids = { .mme_ue_id = u1.mme_ue_id, .enb_ue_id = u1.enb_ue_id },
	};
	part[1] = (struct s1ap_s1_connection){
		.has_enb_ue_id = true, .ids = { .enb_ue_id = 0xabcde },
	};
	part[2] = (struct s1ap_s1_connection){
		.has_enb_ue_id = true, .ids = { .enb_ue_id = u2.enb_ue_id },
	};
	r.conns = part;
	r.n_conns = 3;
	ok = !s1_send(buf, s1ap_build_reset(buf, sizeof(buf), &r)) &&
	     s1_expect(S1AP_MSG_RESET_ACKNOWLEDGE) && rx_msg.u.reset_ack.n_conns == 3;
	for (unsigned int i = 0; ok && i < 3; i++)
		ok = same_connection(&rx_msg.u.reset_ack.conns[i], &part[i]);
	check(ok, "S1 Reset of part of the interface (both ids, an unknown eNB id, an eNB id alone): RESET ACKNOWLEDGE lists the same 3 in order");
	check(registered_idle(&u1) && registered_idle(&u2) &&
	      ue_field_is(u3.imsi, "connected", "true"),
	      "the two listed UEs lost their S1 connection and stay registered with their contexts; the third keeps its connection");

	ue_init(&u4, 26, 0x20, 0xa0);
	ok = attach_until_smc(&u4, smc, &l);
	failed = mme_counter("attaches_failed");
	r.all = true;
	r.conns = NULL;
	r.n_conns = 0;
	ok = ok && !s1_send(buf, s1ap_build_reset(buf, sizeof(buf), &r)) &&
	     s1_expect(S1AP_MSG_RESET_ACKNOWLEDGE) && rx_msg.u.reset_ack.n_conns == 0;
	check(ok && registered_idle(&u3) && mme_counter("attaches_failed") == failed + 1,
	      "S1 Reset of the whole interface: acknowledged without a list, the registered UE idle, the attach waiting for its SMC COMPLETE failed%s%s",
	      u4.why[0] ? ": " : "", u4.why);
	ue_init(&u4, 26, 0x20, 0xa0);
	check(attach_detach(&u4, 2, 2), "the eNB goes on serving after its reset%s%s",
	      u4.why[0] ? ": " : "", u4.why);
	u1.enb_ue_id = next_enb_ue_id++;
	check(attach_detach(&u1, 2, 2) && !u1.identified,
	      "a reset UE attaches again by GUTI with the context it kept%s%s",
	      u1.why[0] ? ": " : "", u1.why);
}

/* Stops the daemon; its exit status (-1 when it did not exit normally). */
static int stop_daemon(void)
{
	int status = -1;

	kill(daemon_pid, SIGTERM);
	waitpid(daemon_pid, &status, 0);
	daemon_pid = 0;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A fresh eNB association to a (re)started daemon. */
static bool enb_again(void)
{
	if (enb >= 0)
		close(enb);
	enb = -1;
	return s1_setup();
}

/*
 * nas_security = daemon: nassecd does every NAS check itself on a plain
 * socket. Three attaches that between them use EIA1-3 and EEA1-3, each
 * checked by the UE as before; the kernel holds neither a socket nor a
 * context meanwhile; the key is restart-only.
 */
static void daemon_mode(void)
{
	static const uint8_t eea_bit[4] = { 0x80, 0x40, 0x20, 0x10 };
	static const uint8_t pairs[3][2] = { { 1, 3 }, { 2, 2 }, { 3, 1 } };
	static char out[16384];
	struct ue u;

	/* The restart starts a new log: show the first daemon's while it is there. */
	if (failed_any())
		show_daemon_log();
	nas_security = "daemon";
	if (!check(!write_config() && !start_daemon() && enb_again(),
		   "nas_security = daemon: nassecd starts and answers S1 Setup")) {
		show_daemon_log();
		return;
	}
	check(!run_cli(out, sizeof(out), "-j mme show") &&
	      strstr(out, "\"nas_security\":\"daemon\""), "mme show says nas_security daemon");
	for (unsigned int i = 0; i < 3; i++) {
		uint8_t eia = pairs[i][0], eea = pairs[i][1];
		bool ok;

		ue_init(&u, 1 + i, (uint8_t)(0x80 >> eia), (uint8_t)(0x80 | eea_bit[eea]));
		ok = attach(&u, eia, eea);
		if (i == 0)
			check(ok && !run_cli(out, sizeof(out), "ctx list") && !strstr(out, "ue") &&
			      !run_cli(out + 8192, 8192, "sock list") && !strstr(out + 8192, "sock"),
			      "attached with the kernel holding no context and no socket");
		if (i == 0)
			check(ok && ue_field_is(u.imsi, "security_context", "\"daemon\"") &&
			      ue_field_is(u.imsi, "kernel_context", "false"),
			      "ue show says the daemon holds its security context");
		check(ok && detach(&u),
		      "nas_security = daemon: attach with 128-EIA%u/128-EEA%u, detach%s%s",
		      eia, eea, u.why[0] ? ": " : "", u.why);
	}
	check(mme_counter("attaches_ok") == 3, "mme show counts the 3 attaches");
	nas_security = "kernel";
	write_config();
	kill(daemon_pid, SIGHUP);
	check(log_has("reload: applied nothing; needs a restart: security.nas_security"),
	      "SIGHUP: nas_security is named as needing a restart");
	check(!run_cli(out, sizeof(out), "-j mme show") &&
	      strstr(out, "\"nas_security\":\"daemon\""), "and the daemon keeps doing NAS security");
	check(stop_daemon() == 0, "SIGTERM: nassecd (nas_security = daemon) exits 0");
}

/* The daemon's CPU time so far, in ms: user and system (its NAS work either way). */
static void daemon_cpu_ms(double *user, double *sys)
{
	char path[64], buf[1024], *p;
	unsigned long long ut = 0, st = 0;
	FILE *f;

	*user = *sys = 0;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)daemon_pid);
	f = fopen(path, "r");
	if (!f)
		return;
	p = fgets(buf, sizeof(buf), f) ? strrchr(buf, ')') : NULL;
	fclose(f);
	/* fields 14 and 15 (utime, stime), counted after "pid (comm)" */
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
			 &ut, &st) != 2)
		return;
	*user = ut * 1000.0 / sysconf(_SC_CLK_TCK);
	*sys = st * 1000.0 / sysconf(_SC_CLK_TCK);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct bench_row {
	double rate, user_ms, sys_ms;	/* CPU per attach+detach */
	unsigned int ok;
};

/*
 * n attach+detach cycles one after another with EIA2/EEA2 (the defaults'
 * first), after n/10 + 10 unmeasured ones: under TCG the first run of any
 * code pays for its translation, and the first mode would pay for both.
 */
static struct bench_row bench_run(unsigned int n)
{
	struct bench_row r = { 0 };
	double t0, u0, s0, u1, s1, dt;
	struct ue u;

	for (unsigned int i = 0; i < n / 10 + 10; i++) {
		ue_init(&u, 1 + i % 14, 0x20, 0xa0);
		attach_detach(&u, 2, 2);
	}
	t0 = now_s();
	daemon_cpu_ms(&u0, &s0);
	for (unsigned int i = 0; i < n; i++) {
		ue_init(&u, 1 + i % 14, 0x20, 0xa0);
		r.ok += attach_detach(&u, 2, 2);
	}
	dt = now_s() - t0;
	daemon_cpu_ms(&u1, &s1);
	r.rate = r.ok / dt;
	r.user_ms = n ? (u1 - u0) / n : 0;
	r.sys_ms = n ? (s1 - s0) / n : 0;
	return r;
}

/*
 * The offload on and off side by side: the same sequential load against
 * nassecd with nas_security = kernel, then = daemon. One UE at a time, so
 * a rate is the inverse of attach latency through both processes; daemon
 * CPU per attach (user + system: the inline offload runs in the daemon's
 * sendmsg/recvmsg) is the cost figure. A load generator with many UEs in
 * flight (tools/enbsim) measures throughput; this is its stand-in.
 */
static int offload_bench(unsigned int n)
{
	struct bench_row k, d;

	k = bench_run(n);
	stop_daemon();
	nas_security = "daemon";
	if (!check(!write_config() && !start_daemon() && enb_again(),
		   "nassecd restarted with nas_security = daemon"))
		return tap_finish();
	d = bench_run(n);
	stop_daemon();
	check(k.ok == n && d.ok == n, "%u of %u and %u of %u attaches completed", k.ok, n, d.ok, n);
	/* 9 NAS messages per attach+detach (6 protected). */
	printf("# %-26s %10s %10s %24s\n", "nas_security", "attaches/s", "NAS msg/s",
	       "daemon CPU ms/attach");
	printf("# %-26s %10s %10s %8s %7s %7s\n", "", "", "", "user", "sys", "total");
	printf("# %-26s %10.1f %10.1f %8.2f %7.2f %7.2f\n", "kernel (nassec.ko inline)",
	       k.rate, 9 * k.rate, k.user_ms, k.sys_ms, k.user_ms + k.sys_ms);
	printf("# %-26s %10.1f %10.1f %8.2f %7.2f %7.2f\n", "daemon (userspace)",
	       d.rate, 9 * d.rate, d.user_ms, d.sys_ms, d.user_ms + d.sys_ms);
	printf("# offload on/off: attach rate x%.2f, daemon CPU per attach x%.2f\n",
	       d.rate ? k.rate / d.rate : 0,
	       k.user_ms + k.sys_ms ? (d.user_ms + d.sys_ms) / (k.user_ms + k.sys_ms) : 0);
	return tap_finish();
}

int main(void)
{
	static const uint8_t eea_bit[4] = { 0x80, 0x40, 0x20, 0x10 };
	char exe[PATH_MAX], out[4096];
	unsigned int n = 1;
	ssize_t len;
	struct ue u;

	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len < 0)
		return 1;
	exe[len] = 0;
	snprintf(bindir, sizeof(bindir), "%s/../bin", dirname(exe));
	snprintf(work, sizeof(work), "/tmp/nassecd_test.XXXXXX");
	if (!check(mkdtemp(work) && !peer_private_netns() && !write_config(),
			"private network namespace and a configuration in %s", work))
		return tap_finish();
	snprintf(capture_dir, sizeof(capture_dir), "%s/capture", work);
	if (!check(!start_daemon(), "nassecd started and answers on its control socket")) {
		show_daemon_log();
		return tap_finish();
	}
	for (unsigned int i = 1; i <= LAST_IMSI; i++) {
		char imsi[16];

		snprintf(imsi, sizeof(imsi), "0010100000%05u", i);
		add_subscriber(imsi);
	}
	check(run_cli(out, sizeof(out), "subscriber list") == 0 &&
		   strstr(out, "0010100000000" STR(LAST_IMSI)),
		   "%d subscribers provisioned with the CLI", LAST_IMSI);
	if (!check(s1_setup(), "S1 Setup Request answered with S1 Setup Response")) {
		show_daemon_log();
		return tap_finish();
	}
	if (getenv("NASSEC_OFFLOAD_BENCH"))
		return offload_bench((unsigned int)strtoul(getenv("NASSEC_OFFLOAD_BENCH"), NULL, 10));

	/* Every EIA1-3 x EEA0-3 pair: the UE supports only that pair (and EEA0). */
	for (uint8_t eia = 1; eia <= 3; eia++)
		for (uint8_t eea = 0; eea <= 3; eea++) {
			ue_init(&u, n++, (uint8_t)(0x80 >> eia), (uint8_t)(0x80 | eea_bit[eea]));
			/* EEA0: tshark can read every message of this one. */
			capturing = eia == 2 && eea == 0 && !mkdir(capture_dir, 0700);
			check(attach_detach(&u, eia, eea),
				   "UE %s: attach with 128-EIA%u/128-EEA%u, detach%s%s", u.imsi, eia,
				   eea, u.why[0] ? ": " : "", u.why);
			capturing = false;
			if (getenv("NASSEC_STOP_EARLY") && u.why[0])
				goto stop;
		}

	check_capture();
	/* The daemon sends both in one go: only Nagle would hold the second back. */
	qsort(release_gap_ms, release_gaps, sizeof(release_gap_ms[0]), cmp_long);
	check(release_gaps && release_gap_ms[release_gaps / 2] < 100,
	      "UE Context Release Command right after DETACH ACCEPT, no wait for a delayed SACK (median %ld ms, max %ld ms over %u detaches)",
	      release_gaps ? release_gap_ms[release_gaps / 2] : -1,
	      release_gaps ? release_gap_ms[release_gaps - 1] : -1, release_gaps);

	/* An IMSI the store does not have: ATTACH REJECT #8 (TS 29.272 A). */
	{
		uint8_t nas[512], pdu[512];
		struct nas_msg m;
		int l;

		ue_init(&u, 900, 0x40, 0xc0);
		l = attach_request(&u, nas, sizeof(nas));
		send_initial_ue(&u, nas, l);
		l = recv_dl_nas(&u, pdu, sizeof(pdu));
		check(l > 0 && !nas_msg_decode(pdu, l, NAS_MSG_DL, &m, NULL) &&
			   m.type == NAS_EMM_ATTACH_REJECT && m.u.attach_rej.emm_cause == 8 &&
			   s1_expect(S1AP_MSG_UE_CONTEXT_RELEASE_COMMAND),
			   "unknown IMSI: plain ATTACH REJECT #8, then release");
		release_complete(&u);
	}

	/* SECURITY MODE REJECT #23: the attach ends, the UE is released. */
	{
		uint8_t pdu[512], nas[64];
		struct nas_msg m;
		long before = mme_counter("smc_rejected");
		int l;

		ue_init(&u, 13, 0x40, 0xc0);
		if (attach_until_smc(&u, pdu, &l)) {
			nas_msg_init(&m, NAS_MSG_PD_EMM, NAS_EMM_SMC_REJECT, NAS_MSG_UL);
			m.u.smc_rej.emm_cause = 23;
			l = encode(&m, nas, sizeof(nas));
			send_uplink(&u, nas, l);
		}
		check(s1_expect(S1AP_MSG_UE_CONTEXT_RELEASE_COMMAND) &&
			   mme_counter("smc_rejected") == before + 1,
			   "SECURITY MODE REJECT #23: release, smc-rejected counted%s%s",
			   u.why[0] ? ": " : "", u.why);
		release_complete(&u);
	}

	/* T3460: the UE never answers; 4 retransmissions, then release. */
	{
		uint8_t pdu[512], sqn[8];
		int l, smcs = 0;

		ue_init(&u, 14, 0x40, 0xc0);
		if (attach_until_smc(&u, pdu, &l)) {
			sqn[smcs++] = pdu[5];
			while (smcs < 8) {
				int t = s1_recv();

				if (t == S1AP_MSG_DOWNLINK_NAS_TRANSPORT) {
					sqn[smcs++] = rx_msg.u.downlink_nas.nas.data[5];
					continue;
				}
				if (t != S1AP_MSG_UE_CONTEXT_RELEASE_COMMAND)
					tap_diag("T3460: got %s (%d) after %d SMCs", t < 0 ? "nothing" :
						 s1ap_msg_type_name(t), t, smcs);
				break;
			}
		}
		check(smcs == 5 && rx_msg.type == S1AP_MSG_UE_CONTEXT_RELEASE_COMMAND,
			   "T3460 (%d ms): SMC sent %d times (expected 5), then release",
			   T3460_MS, smcs);
		check(smcs == 5 && sqn[1] == (uint8_t)(sqn[0] + 1) &&
			   sqn[4] == (uint8_t)(sqn[0] + 4),
			   "each retransmission is a new NAS message with the next COUNT");
		release_complete(&u);
	}

	/* Malformed S1AP: Error Indication, and the daemon keeps serving. */
	{
		static const uint8_t junk[] = { 0x00, 0x0c, 0x40, 0x7f, 0xff, 0xff, 0x01 };

		send(enb, junk, sizeof(junk), 0);
		check(s1_expect(S1AP_MSG_ERROR_INDICATION),
			   "malformed S1AP is answered with Error Indication");
		ue_init(&u, 12, 0x20, 0xa0);
		check(attach_detach(&u, 2, 2), "the daemon serves the next UE%s%s",
			   u.why[0] ? ": " : "", u.why);
	}

	hash_mme_mismatch();
	guti_attach();
	network_detach();
	several_enbs();
	s1_reset();

	check(mme_counter("attaches_ok") >= 13, "mme show counts %ld attaches",
		   mme_counter("attaches_ok"));

	/* SIGHUP: timers apply live, the port needs a restart, and the log says so. */
	write_config_with(2 * T3460_MS, PORT + 1);
	kill(daemon_pid, SIGHUP);
	check(log_has("reload: applied timers.t3460; needs a restart: s1.port"),
	      "SIGHUP: the log names what it applied (timers.t3460) and what needs a restart (s1.port)");
	write_config_with(T3460_MS, 0);
	kill(daemon_pid, SIGHUP);
	check(log_has("reload refused, nothing changed:") && !run_cli(NULL, 0, "mme show"),
	      "SIGHUP with a bad file: refused in one log line, the daemon keeps serving");

	/* SIGTERM: exit 0, every context gone from the kernel. */
stop:
	{
		int status = stop_daemon();

		check(status == 0, "SIGTERM: nassecd exits 0 (status %d)", status);
		check(run_cli(out, sizeof(out), "ctx list") == 0 && !strstr(out, "ue"),
			   "no kernel context left behind ('%.40s')", out);
	}
	daemon_mode();
	if (failed_any())
		show_daemon_log();
	return tap_finish();
}
