/* SPDX-License-Identifier: GPL-2.0 */
/*
 * S1AP message parser (TS 36.413, ALIGNED PER) for nassecd (MME side) and
 * the eNB simulator: one S1AP-PDU into a struct s1ap_message, bounded, with
 * no allocation and no storage from the caller. The decoded fields use the
 * builders' structs (s1ap_build.h), so a parsed message can be built again;
 * octet strings (NAS-PDU, UE radio capability) point into the input
 * buffer, which must outlive the message; lists live in the message
 * (so a struct s1ap_message is not to be copied by value: its pointers
 * lead into the original).
 *
 * s1ap_parse() returns 0 or a negative errno:
 *   -EBADMSG  truncated or malformed encoding (transfer syntax error), an IE
 *             repeated (TS 36.413 10.3.6), a fragmented length (>= 16K)
 *   -ENOMSG   a procedure / message this parser does not handle (TS 36.413
 *             10.2: the daemon answers by the procedure's criticality)
 *   -ERANGE   well formed, but a value outside its ASN.1 range (an
 *             unknown enumeration or extension value, an E-RAB id above
 *             15, a transport address of other than 32, 128 or 160 bits)
 *             or a list longer than the S1AP_PARSE_MAX_* storage below
 *   -EPROTO   an IE this parser does not know (a ProtocolIE, a list item
 *             or a ProtocolExtensionField), sent with criticality reject
 *             (TS 36.413 10.3.4.2: reject the procedure)
 *   -ENOENT   a mandatory IE of criticality reject is missing (10.3.5)
 * On every error after the PDU header m->diag holds the Criticality
 * Diagnostics to send back (procedure code, triggering message, procedure
 * criticality, and for -ERANGE/-EPROTO/-ENOENT the IEs: id, criticality,
 * not-understood or missing), ready for s1ap_build_error_indication() or a
 * failure message. On 0, m->diag.n_ies > 0 means IEs of criticality
 * notify were not understood (ignore them, report them, 10.3.4.2); IEs of
 * criticality ignore are skipped silently. A mandatory IE whose
 * criticality is ignore may be absent (10.3.5): its fields stay zero and
 * s1ap_message_missing() names it.
 * When several faults exist the first in this order is returned:
 * -EBADMSG, -ERANGE, -EPROTO, -ENOENT.
 */
#ifndef NASSEC_S1AP_PARSE_H
#define NASSEC_S1AP_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "s1ap_build.h"

enum s1ap_msg_type {
	S1AP_MSG_UNKNOWN = 0,
	S1AP_MSG_S1_SETUP_REQUEST,
	S1AP_MSG_S1_SETUP_RESPONSE,
	S1AP_MSG_S1_SETUP_FAILURE,
	S1AP_MSG_INITIAL_UE_MESSAGE,
	S1AP_MSG_UPLINK_NAS_TRANSPORT,
	S1AP_MSG_DOWNLINK_NAS_TRANSPORT,
	S1AP_MSG_INITIAL_CONTEXT_SETUP_REQUEST,
	S1AP_MSG_INITIAL_CONTEXT_SETUP_RESPONSE,
	S1AP_MSG_INITIAL_CONTEXT_SETUP_FAILURE,
	S1AP_MSG_UE_CONTEXT_RELEASE_REQUEST,
	S1AP_MSG_UE_CONTEXT_RELEASE_COMMAND,
	S1AP_MSG_UE_CONTEXT_RELEASE_COMPLETE,
	S1AP_MSG_UE_CAPABILITY_INFO_INDICATION,
	S1AP_MSG_NAS_NON_DELIVERY_INDICATION,
	S1AP_MSG_ERROR_INDICATION,
	S1AP_MSG_RESET,
	S1AP_MSG_RESET_ACKNOWLEDGE,
	S1AP_MSG_COUNT,
};

/*
 * Storage limits; longer (valid) lists are -ERANGE, as are more than
 * S1AP_CRIT_DIAG_MAX_IES received diagnostics IEs. With them a struct
 * s1ap_message is about 3.4 KB.
 */
#define S1AP_PARSE_MAX_TAS		32	/* Supported TAs (spec: 256) */
#define S1AP_PARSE_MAX_BPLMNS		6	/* per TA (spec: 6) */
#define S1AP_PARSE_MAX_GUMMEIS		8	/* spec: 8 */
#define S1AP_PARSE_MAX_SERVED_PLMNS	32	/* per GUMMEI (spec: 32) */
#define S1AP_PARSE_MAX_GROUP_IDS	16	/* per GUMMEI (spec: 65535) */
#define S1AP_PARSE_MAX_MME_CODES	16	/* per GUMMEI (spec: 256) */
#define S1AP_PARSE_MAX_ERABS		16	/* per list (spec: 256) */
#define S1AP_PARSE_MAX_MISSING		8

struct s1ap_message {
	uint8_t pdu_type;		/* enum s1ap_pdu_type */
	uint8_t procedure;		/* procedureCode */
	uint8_t criticality;		/* of the procedure */
	uint8_t type;			/* enum s1ap_msg_type */
	/* What to report back (see above). */
	struct s1ap_crit_diag diag;
	/* Mandatory IEs of criticality ignore that were absent. */
	uint8_t n_missing;
	uint16_t missing[S1AP_PARSE_MAX_MISSING];
	union {
		struct s1ap_s1_setup_request s1_setup_request;
		struct s1ap_s1_setup_response s1_setup_response;
		struct s1ap_s1_setup_failure s1_setup_failure;
		struct s1ap_initial_ue_message initial_ue;
		struct s1ap_uplink_nas_transport uplink_nas;
		struct s1ap_downlink_nas_transport downlink_nas;
		struct s1ap_initial_context_setup_request ics_request;
		struct s1ap_initial_context_setup_response ics_response;
		struct s1ap_initial_context_setup_failure ics_failure;
		struct s1ap_ue_context_release_request release_request;
		struct s1ap_ue_context_release_command release_command;
		struct s1ap_ue_ids release_complete;
		struct s1ap_ue_capability_info_indication ue_capability;
		struct s1ap_nas_non_delivery_indication nas_non_delivery;
		struct s1ap_error_indication error_indication;
		struct s1ap_reset reset;
		struct s1ap_reset_acknowledge reset_ack;
	} u;
	/* Where the pointers in u lead; not for direct use. */
	union {
		struct {
			struct s1ap_supported_ta tas[S1AP_PARSE_MAX_TAS];
			struct s1ap_plmn bplmns[S1AP_PARSE_MAX_TAS]
					       [S1AP_PARSE_MAX_BPLMNS];
			char enb_name[151];
		} setup_req;
		struct {
			struct s1ap_served_gummei gummeis[S1AP_PARSE_MAX_GUMMEIS];
			struct s1ap_plmn plmns[S1AP_PARSE_MAX_GUMMEIS]
					      [S1AP_PARSE_MAX_SERVED_PLMNS];
			uint16_t groups[S1AP_PARSE_MAX_GUMMEIS]
				       [S1AP_PARSE_MAX_GROUP_IDS];
			uint8_t codes[S1AP_PARSE_MAX_GUMMEIS]
				     [S1AP_PARSE_MAX_MME_CODES];
			char mme_name[151];
		} setup_rsp;
		struct {
			struct s1ap_erab erabs[S1AP_PARSE_MAX_ERABS];
			struct s1ap_gbr_qos gbr[S1AP_PARSE_MAX_ERABS];
		} ics_req;
		struct {
			struct s1ap_erab_setup erabs[S1AP_PARSE_MAX_ERABS];
			struct s1ap_erab_release failed[S1AP_PARSE_MAX_ERABS];
		} ics_rsp;
		struct s1ap_s1_connection conns[S1AP_MAX_RESET_CONNECTIONS];
	} store;
	/* A received Criticality Diagnostics IE (beside the lists above). */
	struct s1ap_crit_diag rx_diag;
};

/*
 * Parses one S1AP-PDU (one SCTP message of PPID 18) of msg[0, len).
 * Returns 0 or a negative errno (see above); m is always written.
 */
int s1ap_parse(const uint8_t *msg, size_t len, struct s1ap_message *m);

/*
 * Builds a parsed (or filled-in) message again with the builder its type
 * names: the builders' return values, or -ENOMSG for S1AP_MSG_UNKNOWN.
 */
int s1ap_build_message(uint8_t *buf, size_t cap, const struct s1ap_message *m);

/*
 * What to tell the peer about s1ap_parse()'s result err (TS 36.413 10.2,
 * 10.3): 1 with *cause set (protocol group: transfer-syntax-error for
 * -EBADMSG, abstract-syntax-error-reject for -ERANGE/-EPROTO/-ENOENT and a
 * reject or notify procedure of -ENOMSG, ...-ignore-and-notify for a
 * success with notify IEs), 0 when nothing is to be reported. The answer
 * is the procedure's failure message where one exists, else Error
 * Indication, with m->diag as its Criticality Diagnostics.
 */
int s1ap_parse_cause(int err, const struct s1ap_message *m,
		     struct s1ap_cause *cause);

/* Whether a mandatory IE of criticality ignore was absent. */
bool s1ap_message_missing(const struct s1ap_message *m, uint16_t ie_id);

/* Short name of a message type ("initial-ue-message", ...) for logs. */
const char *s1ap_msg_type_name(unsigned int type);

#endif /* NASSEC_S1AP_PARSE_H */
