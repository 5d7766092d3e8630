#ifndef VG_MSGCHECK_H
#define VG_MSGCHECK_H
/*
 * vg_msgcheck: the policy's rules on what a service sends by email and SMS.
 *
 *   MSG001  personal data (NAM, SIN, date of birth, a test identity's
 *           values) in an email; a note when mail carrying credentials
 *           arrived without TLS
 *   MSG002  the same in an SMS
 *   MSG003  the same in a voice call or voicemail (the text it speaks)
 *   MSG004  the text asks the recipient for personal information
 *           (the ruleset's solicitation phrases, FR and EN)
 *   CRD001  username and password in one message
 *   CRD002  username and password reach one address in separate messages
 *   CRD003  credentials sent to a shared or role mailbox
 *
 * Values are found by the vg_detect detectors and by the scenario's
 * identities, compared with white space, line breaks and separators
 * removed, so "GAGM 8562\n3016" is still GAGM 8562 3016.
 *
 * A checker is fed one message at a time (vg_msgcheck_add) and finished
 * once (vg_msgcheck_finish) for the rules that span messages (CRD002).
 * It is not thread-safe: one checker per thread.
 */
#include <stdbool.h>
#include <stddef.h>

#include "vg_detect.h"
#include "vg_error.h"
#include "vg_finding.h"
#include "vg_mime.h"
#include "vg_ruleset.h"

/* A test identity (values may be NULL). Borrowed by the checker. */
typedef struct vg_msg_identity {
    const char *name, *nam, *sin, *dob, *email, *phone, *username, *password;
} vg_msg_identity;

typedef struct vg_msgcheck_opts {
    const vg_ruleset *rs;
    const vg_msg_identity *ids;
    size_t nids;
    bool show_personal_data;
} vg_msgcheck_opts;

/* VG_MSG_VOICE: the text a voice call or voicemail speaks, checked as an
 * SMS body is. */
typedef enum vg_msg_kind { VG_MSG_EMAIL, VG_MSG_SMS, VG_MSG_VOICE } vg_msg_kind;

typedef enum vg_msg_tls { VG_MSG_TLS_UNKNOWN, VG_MSG_TLS_NO, VG_MSG_TLS_YES } vg_msg_tls;

/* One captured message. Everything is borrowed for the call. */
typedef struct vg_msg {
    vg_msg_kind kind;
    const char *uri;          /* where it came from: a file, "smtp://127.0.0.1:2525" */
    const char *id;           /* Message-ID, or a name given by the capture ("sms-3") */
    const char *const *rcpts; /* envelope recipients (email) or phone numbers (SMS); */
    size_t nrcpts;            /*   none: taken from To/Cc/Bcc */
    vg_msg_tls tls;
    const vg_mime_msg *mime;  /* email */
    const char *text;         /* SMS body or spoken text (UTF-8) */
    size_t len;
} vg_msg;

typedef struct vg_msgcheck vg_msgcheck;

/* Caller owns the result. NULL and err filled on failure. */
vg_msgcheck *vg_msgcheck_new(const vg_msgcheck_opts *o, vg_error *err);
void vg_msgcheck_free(vg_msgcheck *c);

/* Check one message; findings and notices are appended to out.
 * Returns -1 (err filled) only when memory runs out. */
int vg_msgcheck_add(vg_msgcheck *c, const vg_msg *m, vg_findings *out, vg_error *err);

/* Rules spanning messages (CRD002). Call once, after the last add. */
int vg_msgcheck_finish(vg_msgcheck *c, vg_findings *out, vg_error *err);

#endif
