/* SPDX-License-Identifier: GPL-2.0 */
/*
 * S1AP message builder (TS 36.413, ALIGNED PER) for the tests, the eNB
 * simulator and the daemon. Every builder writes one S1AP-PDU into the
 * caller's buffer and returns its length, or -ENOSPC (buffer too small),
 * -EINVAL (a field out of its ASN.1 range) or -EMSGSIZE (an open type or
 * NAS-PDU of 16K octets or more, which would need fragmentation).
 * Builders of messages that carry a NAS-PDU also report, through
 * nas_offset (may be NULL), where the first NAS-PDU's octets start in the
 * message (0 when it carries none): the offset the kernel's send cmsg and
 * s1ap_walk() name.
 */
#ifndef NASSEC_S1AP_BUILD_H
#define NASSEC_S1AP_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* PLMN identity as TS 24.008 10.5.1.13 codes it (3 octets of BCD). */
struct s1ap_plmn {
	uint8_t octets[3];
};

/* mcc: 3 digits, mnc: 2 or 3 digits. Returns 0 or -EINVAL. */
int s1ap_plmn_from_digits(struct s1ap_plmn *plmn, const char *mcc,
			  const char *mnc);

struct s1ap_tai {
	struct s1ap_plmn plmn;
	uint16_t tac;
};

struct s1ap_ecgi {
	struct s1ap_plmn plmn;
	uint32_t cell_id;		/* E-UTRAN Cell Identity, 28 bits */
};

struct s1ap_nas {
	const uint8_t *data;
	size_t len;			/* 0: absent (where optional) */
};

struct s1ap_ue_ids {
	uint32_t mme_ue_id;		/* MME-UE-S1AP-ID, 0..2^32-1 */
	uint32_t enb_ue_id;		/* eNB-UE-S1AP-ID, 0..2^24-1 */
};

/* Cause (TS 36.413 9.2.1.3): a group and a value of that group's list. */
enum s1ap_cause_group {
	S1AP_CAUSE_RADIO_NETWORK = 0,
	S1AP_CAUSE_TRANSPORT = 1,
	S1AP_CAUSE_NAS = 2,
	S1AP_CAUSE_PROTOCOL = 3,
	S1AP_CAUSE_MISC = 4,
};

/* A few values by name; the rest by their position in TS 36.413 9.2.1.3. */
enum {
	S1AP_CAUSE_RADIO_UNSPECIFIED = 0,
	S1AP_CAUSE_RADIO_UNKNOWN_MME_UE_S1AP_ID = 13,
	S1AP_CAUSE_RADIO_UNKNOWN_ENB_UE_S1AP_ID = 14,
	S1AP_CAUSE_RADIO_UNKNOWN_PAIR_UE_S1AP_ID = 15,
	S1AP_CAUSE_RADIO_USER_INACTIVITY = 20,
	S1AP_CAUSE_RADIO_CONNECTION_WITH_UE_LOST = 21,
	S1AP_CAUSE_NAS_NORMAL_RELEASE = 0,
	S1AP_CAUSE_NAS_AUTHENTICATION_FAILURE = 1,
	S1AP_CAUSE_NAS_DETACH = 2,
	S1AP_CAUSE_NAS_UNSPECIFIED = 3,
	S1AP_CAUSE_RADIO_ALGORITHMS_NOT_SUPPORTED = 32,
	S1AP_CAUSE_TRANSPORT_RESOURCE_UNAVAILABLE = 0,
	S1AP_CAUSE_PROTOCOL_TRANSFER_SYNTAX_ERROR = 0,
	S1AP_CAUSE_PROTOCOL_ABSTRACT_SYNTAX_ERROR_REJECT = 1,
	S1AP_CAUSE_PROTOCOL_ABSTRACT_SYNTAX_ERROR_IGNORE_NOTIFY = 2,
	S1AP_CAUSE_PROTOCOL_NOT_COMPATIBLE_WITH_STATE = 3,
	S1AP_CAUSE_PROTOCOL_SEMANTIC_ERROR = 4,
	S1AP_CAUSE_PROTOCOL_FALSELY_CONSTRUCTED = 5,
	S1AP_CAUSE_PROTOCOL_UNSPECIFIED = 6,
	S1AP_CAUSE_MISC_UNSPECIFIED = 4,
	S1AP_CAUSE_MISC_UNKNOWN_PLMN = 5,
};

struct s1ap_cause {
	uint8_t group;			/* enum s1ap_cause_group */
	uint8_t value;
};

/* RRC-Establishment-Cause (TS 36.413 9.2.1.3a). */
enum s1ap_rrc_cause {
	S1AP_RRC_EMERGENCY = 0,
	S1AP_RRC_HIGH_PRIORITY_ACCESS = 1,
	S1AP_RRC_MT_ACCESS = 2,
	S1AP_RRC_MO_SIGNALLING = 3,
	S1AP_RRC_MO_DATA = 4,
	S1AP_RRC_DELAY_TOLERANT_ACCESS = 5,
	S1AP_RRC_MO_VOICE_CALL = 6,
	S1AP_RRC_MO_EXCEPTION_DATA = 7,
};

/* PagingDRX (TS 36.413 9.2.1.16): radio frames. */
enum s1ap_paging_drx {
	S1AP_PAGING_DRX_32 = 0,
	S1AP_PAGING_DRX_64 = 1,
	S1AP_PAGING_DRX_128 = 2,
	S1AP_PAGING_DRX_256 = 3,
};

/*
 * TransportLayerAddress (TS 36.414 5.1): IPv4 (4 octets, 32 bits), IPv6
 * (16, 128 bits) or both (20, 160 bits); eNBs refuse any other length, so
 * the builders do too (-EINVAL).
 */
struct s1ap_transport_address {
	uint8_t octets[20];
	uint8_t len;
};

/* GBR-QosInformation, bit/s (0..10^10). */
struct s1ap_gbr_qos {
	uint64_t mbr_dl, mbr_ul, gbr_dl, gbr_ul;
};

/* E-RABLevelQoSParameters (TS 36.413 9.2.1.15). */
struct s1ap_erab_qos {
	uint8_t qci;
	uint8_t priority_level;		/* 0..15 (1 highest, 15 no priority) */
	bool may_trigger_preemption;
	bool preemptable;
	const struct s1ap_gbr_qos *gbr;	/* NULL: non-GBR bearer */
};

/*
 * One E-RAB of an Initial Context Setup Request or E-RAB Setup Request
 * (the E-RAB Modify Request uses id, QoS and NAS-PDU only).
 */
struct s1ap_erab {
	uint8_t erab_id;		/* 0..15 */
	struct s1ap_erab_qos qos;
	struct s1ap_transport_address sgw_address;
	uint32_t sgw_teid;		/* S1-U uplink GTP-TEID */
	struct s1ap_nas nas;		/* optional in ICS; mandatory otherwise */
};

/* One E-RAB of an Initial Context Setup Response. */
struct s1ap_erab_setup {
	uint8_t erab_id;
	struct s1ap_transport_address enb_address;
	uint32_t enb_teid;		/* S1-U downlink GTP-TEID */
};

/* One E-RAB of an E-RAB Release Command. */
struct s1ap_erab_release {
	uint8_t erab_id;
	struct s1ap_cause cause;
};

struct s1ap_supported_ta {
	uint16_t tac;
	const struct s1ap_plmn *bplmns;	/* broadcast PLMNs, 1..6 */
	size_t n_bplmns;
};

struct s1ap_s1_setup_request {
	struct s1ap_plmn plmn;		/* of the Global eNB ID */
	uint32_t enb_id;		/* 20 bits (macro) or 28 bits (home) */
	bool home_enb;
	const char *enb_name;		/* NULL: absent; 1..150 printable */
	const struct s1ap_supported_ta *tas;	/* 1..256 */
	size_t n_tas;
	uint8_t paging_drx;		/* enum s1ap_paging_drx */
};

struct s1ap_served_gummei {
	const struct s1ap_plmn *plmns;	/* 1..32 */
	size_t n_plmns;
	const uint16_t *mme_group_ids;	/* 1..65535 */
	size_t n_mme_group_ids;
	const uint8_t *mme_codes;	/* 1..256 */
	size_t n_mme_codes;
};

struct s1ap_s1_setup_response {
	const char *mme_name;		/* NULL: absent */
	const struct s1ap_served_gummei *gummeis;	/* 1..8 */
	size_t n_gummeis;
	uint8_t relative_capacity;
};

/* GUMMEI (TS 36.413 9.2.3.9). */
struct s1ap_gummei {
	struct s1ap_plmn plmn;
	uint16_t mme_group_id;
	uint8_t mme_code;
};

struct s1ap_initial_ue_message {
	uint32_t enb_ue_id;
	struct s1ap_nas nas;
	struct s1ap_tai tai;
	struct s1ap_ecgi ecgi;
	uint8_t rrc_cause;		/* enum s1ap_rrc_cause */
	bool has_s_tmsi;
	uint8_t mmec;			/* S-TMSI, when has_s_tmsi */
	uint32_t m_tmsi;
	bool has_gummei;		/* GUMMEI (IE 75), optional */
	struct s1ap_gummei gummei;
};

struct s1ap_uplink_nas_transport {
	struct s1ap_ue_ids ids;
	struct s1ap_nas nas;
	struct s1ap_ecgi ecgi;
	struct s1ap_tai tai;
};

struct s1ap_downlink_nas_transport {
	struct s1ap_ue_ids ids;
	struct s1ap_nas nas;
};

struct s1ap_initial_context_setup_request {
	struct s1ap_ue_ids ids;
	uint64_t ue_ambr_dl, ue_ambr_ul;	/* bit/s */
	const struct s1ap_erab *erabs;		/* 1..256 */
	size_t n_erabs;
	/*
	 * UESecurityCapabilities (TS 36.413 9.2.1.40): 16-bit maps, most
	 * significant bit first: 0x8000 128-EEA1/EIA1, 0x4000 -2, 0x2000 -3.
	 */
	uint16_t eea_caps, eia_caps;
	uint8_t kenb[32];		/* SecurityKey, TS 33.401 A.3 */
	/*
	 * UERadioCapability (IE 74, optional): what the UE's last UE
	 * Capability Info Indication carried (TS 36.413 8.3.1.2); 0: absent.
	 */
	const uint8_t *radio_capability;
	size_t radio_capability_len;
};

struct s1ap_initial_context_setup_response {
	struct s1ap_ue_ids ids;
	const struct s1ap_erab_setup *erabs;	/* 1..256 */
	size_t n_erabs;
	/* E-RABFailedToSetupListCtxtSURes: id and cause each; 0: absent */
	const struct s1ap_erab_release *failed;
	size_t n_failed;
};

struct s1ap_ue_context_release_command {
	struct s1ap_ue_ids ids;
	bool mme_id_only;		/* UE-S1AP-IDs: mME-UE-S1AP-ID alone */
	struct s1ap_cause cause;
};

struct s1ap_ue_context_release_request {
	struct s1ap_ue_ids ids;
	struct s1ap_cause cause;
};

struct s1ap_nas_non_delivery_indication {
	struct s1ap_ue_ids ids;
	struct s1ap_nas nas;		/* the downlink NAS-PDU not delivered */
	struct s1ap_cause cause;
};

struct s1ap_e_rab_setup_request {
	struct s1ap_ue_ids ids;
	const struct s1ap_erab *erabs;	/* 1..256, each with a NAS-PDU */
	size_t n_erabs;
};

struct s1ap_e_rab_modify_request {
	struct s1ap_ue_ids ids;
	const struct s1ap_erab *erabs;	/* 1..256: id, QoS and NAS-PDU */
	size_t n_erabs;
};

struct s1ap_e_rab_release_command {
	struct s1ap_ue_ids ids;
	const struct s1ap_erab_release *erabs;	/* 1..256 */
	size_t n_erabs;
	struct s1ap_nas nas;		/* optional */
};

/* TypeOfError (TS 36.413 9.2.1.21). */
enum s1ap_type_of_error {
	S1AP_ERROR_NOT_UNDERSTOOD = 0,
	S1AP_ERROR_MISSING = 1,
};

struct s1ap_crit_diag_ie {
	uint8_t criticality;		/* enum s1ap_criticality */
	uint16_t ie_id;
	uint8_t type_of_error;		/* enum s1ap_type_of_error */
};

#define S1AP_CRIT_DIAG_MAX_IES	16

/*
 * CriticalityDiagnostics (TS 36.413 9.2.1.21): which procedure, message
 * and IEs a receiver could not process (10.3.4 / 10.3.5).
 */
struct s1ap_crit_diag {
	bool has_procedure_code;
	uint8_t procedure_code;
	bool has_triggering_message;
	uint8_t triggering_message;	/* enum s1ap_pdu_type */
	bool has_procedure_criticality;
	uint8_t procedure_criticality;	/* enum s1ap_criticality */
	uint8_t n_ies;			/* 0: iEsCriticalityDiagnostics absent */
	struct s1ap_crit_diag_ie ies[S1AP_CRIT_DIAG_MAX_IES];
};

/* TimeToWait (TS 36.413 9.2.1.61), seconds. */
enum s1ap_time_to_wait {
	S1AP_TIME_TO_WAIT_1S = 0,
	S1AP_TIME_TO_WAIT_2S = 1,
	S1AP_TIME_TO_WAIT_5S = 2,
	S1AP_TIME_TO_WAIT_10S = 3,
	S1AP_TIME_TO_WAIT_20S = 4,
	S1AP_TIME_TO_WAIT_60S = 5,
};

struct s1ap_s1_setup_failure {
	struct s1ap_cause cause;	/* e.g. misc unknown-PLMN (5) */
	bool has_time_to_wait;
	uint8_t time_to_wait;		/* enum s1ap_time_to_wait */
	const struct s1ap_crit_diag *diag;	/* NULL: absent */
};

struct s1ap_initial_context_setup_failure {
	struct s1ap_ue_ids ids;
	struct s1ap_cause cause;
	const struct s1ap_crit_diag *diag;	/* NULL: absent */
};

struct s1ap_ue_capability_info_indication {
	struct s1ap_ue_ids ids;
	/* UERadioCapability: the UE-EUTRA-Capability container octets */
	const uint8_t *radio_capability;
	size_t radio_capability_len;	/* >= 1 */
};

struct s1ap_error_indication {
	bool has_mme_ue_id, has_enb_ue_id;
	struct s1ap_ue_ids ids;
	bool has_cause;
	struct s1ap_cause cause;
	const struct s1ap_crit_diag *diag;	/* NULL: absent */
};

/* UE-associatedLogicalS1-ConnectionItem: either id may be absent. */
struct s1ap_s1_connection {
	bool has_mme_ue_id, has_enb_ue_id;
	struct s1ap_ue_ids ids;
};

#define S1AP_MAX_RESET_CONNECTIONS	256	/* maxnoofIndividualS1ConnectionsToReset */

struct s1ap_reset {
	struct s1ap_cause cause;
	/* ResetType: s1-Interface reset-all, or partOfS1-Interface */
	bool all;
	const struct s1ap_s1_connection *conns;	/* 1..256 when !all */
	size_t n_conns;
};

struct s1ap_reset_acknowledge {
	const struct s1ap_s1_connection *conns;	/* 0: list absent; 1..256 */
	size_t n_conns;
	const struct s1ap_crit_diag *diag;	/* NULL: absent */
};

int s1ap_build_s1_setup_request(uint8_t *buf, size_t cap,
				const struct s1ap_s1_setup_request *m);
int s1ap_build_s1_setup_response(uint8_t *buf, size_t cap,
				 const struct s1ap_s1_setup_response *m);
int s1ap_build_s1_setup_failure(uint8_t *buf, size_t cap,
				const struct s1ap_s1_setup_failure *m);
int s1ap_build_initial_ue_message(uint8_t *buf, size_t cap,
				  const struct s1ap_initial_ue_message *m,
				  size_t *nas_offset);
int s1ap_build_uplink_nas_transport(uint8_t *buf, size_t cap,
				    const struct s1ap_uplink_nas_transport *m,
				    size_t *nas_offset);
int s1ap_build_downlink_nas_transport(uint8_t *buf, size_t cap,
				      const struct s1ap_downlink_nas_transport *m,
				      size_t *nas_offset);
int s1ap_build_initial_context_setup_request(uint8_t *buf, size_t cap,
		const struct s1ap_initial_context_setup_request *m,
		size_t *nas_offset);
int s1ap_build_initial_context_setup_response(uint8_t *buf, size_t cap,
		const struct s1ap_initial_context_setup_response *m);
int s1ap_build_initial_context_setup_failure(uint8_t *buf, size_t cap,
		const struct s1ap_initial_context_setup_failure *m);
int s1ap_build_ue_context_release_command(uint8_t *buf, size_t cap,
		const struct s1ap_ue_context_release_command *m);
int s1ap_build_ue_context_release_complete(uint8_t *buf, size_t cap,
					   const struct s1ap_ue_ids *ids);
int s1ap_build_ue_context_release_request(uint8_t *buf, size_t cap,
		const struct s1ap_ue_context_release_request *m);
int s1ap_build_nas_non_delivery_indication(uint8_t *buf, size_t cap,
		const struct s1ap_nas_non_delivery_indication *m,
		size_t *nas_offset);
int s1ap_build_e_rab_setup_request(uint8_t *buf, size_t cap,
				   const struct s1ap_e_rab_setup_request *m,
				   size_t *nas_offset);
int s1ap_build_e_rab_modify_request(uint8_t *buf, size_t cap,
				    const struct s1ap_e_rab_modify_request *m,
				    size_t *nas_offset);
int s1ap_build_e_rab_release_command(uint8_t *buf, size_t cap,
				     const struct s1ap_e_rab_release_command *m,
				     size_t *nas_offset);

int s1ap_build_ue_capability_info_indication(uint8_t *buf, size_t cap,
		const struct s1ap_ue_capability_info_indication *m);
int s1ap_build_error_indication(uint8_t *buf, size_t cap,
				const struct s1ap_error_indication *m);
int s1ap_build_reset(uint8_t *buf, size_t cap, const struct s1ap_reset *m);
int s1ap_build_reset_acknowledge(uint8_t *buf, size_t cap,
				 const struct s1ap_reset_acknowledge *m);

#endif /* NASSEC_S1AP_BUILD_H */
