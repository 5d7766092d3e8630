#ifndef VG_SMS_H
#define VG_SMS_H
/*
 * vg_sms: vigie's SMS capture. A loopback HTTP listener (libmicrohttpd)
 * standing in for an SMS gateway: it accepts a POST on any path and reads
 * the recipient and text from
 *   - a form body, as Twilio takes it (POST /2010-04-01/Accounts/{sid}/
 *     Messages.json with To=...&Body=...),
 *   - a JSON body ({"to":..,"text":..}, {"messages":[{"to":..,"body":..}]},
 *     ...): the named keys are searched at any depth,
 * answering 201 with a Twilio-like JSON receipt. It also takes the voice
 * calls a telephony API places (vg_voice.h): Twilio's Calls.json with
 * `Twiml` (spoken text extracted at once) or `Url` (kept in fetch_url for
 * the probe to fetch once the capture is over: the service may be busy
 * waiting for this very answer), Vonage's `ncco` talk actions or
 * `answer_url`, and a generic JSON `text` on a voice path. Field names are
 * configurable; a body it cannot parse is kept whole as the text, so a
 * value in it is still checked.
 *
 * Bounds: body size (413 beyond it), connections, per-connection timeout,
 * number of messages kept.
 *
 * Ownership: messages taken with vg_sms_take belong to the caller
 * (vg_sms_msgs_free); vg_sms_stop frees the listener.
 */
#include <stdbool.h>
#include <stddef.h>

#include "vg_error.h"

typedef struct vg_sms_opts {
    const char *host;            /* default "127.0.0.1" */
    int port;                    /* 0: any free port */
    size_t max_body;             /* default 64 KiB */
    size_t max_messages;         /* default 10000 */
    unsigned max_connections;    /* default 256 */
    unsigned timeout_s;          /* idle connection timeout, default 10 */
    /* Extra field names tried first (e.g. the scenario's sms_fields); the
     * built-in lists (To/to/recipient/phone/..., Body/body/text/message/...)
     * follow. May be NULL. */
    const char *to_field, *text_field, *from_field;
} vg_sms_opts;

typedef struct vg_sms_msg {
    unsigned long seq;
    char *path;                  /* request path */
    char *to;                    /* recipients, ", "-joined; "" if none found */
    char *from;                  /* may be NULL */
    char *text;                  /* message text, UTF-8; the raw body if not parsed */
    size_t len;
    bool parsed;                 /* fields found in a form or JSON body */
    bool voice;                  /* a voice call or voicemail, not an SMS */
    char *fetch_url;             /* voice: the document to fetch (Url, answer_url), or NULL */
    char *problem;               /* voice: why no spoken text was extracted, or NULL */
} vg_sms_msg;

typedef struct vg_sms vg_sms;

vg_sms *vg_sms_start(const vg_sms_opts *o, vg_error *err);
int vg_sms_port(const vg_sms *s);
size_t vg_sms_count(vg_sms *s);
/* Requests refused: too large, wrong method, storage full. */
unsigned long vg_sms_refused(vg_sms *s);
vg_sms_msg *vg_sms_take(vg_sms *s, size_t *n);
void vg_sms_stop(vg_sms *s);
void vg_sms_msgs_free(vg_sms_msg *m, size_t n);

#endif
