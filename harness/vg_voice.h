#ifndef VG_VOICE_H
#define VG_VOICE_H
/*
 * vg_voice: the text a telephony API would speak, from the requests a
 * service sends to place a call or leave a voicemail (the SMS capture,
 * vg_sms, receives them; docs/probe-messages.md):
 *
 *   - TwiML (Twilio's Calls.json `Twiml` parameter, or the document its
 *     `Url` points to): the text of every <Say>, in document order, SSML
 *     children included; libxml2 parses it, without network or entities;
 *   - NCCO (Vonage's Voice API `ncco`, or the document its `answer_url`
 *     points to): the `text` of every `talk` action; jansson parses it;
 *   - a generic JSON body on a voice path: its `text` field (vg_sms does
 *     that one, with its SMS field names).
 *
 * The documents a call points to are fetched only from loopback and from
 * hosts the caller declares (vg_voice_fetch): a probe never reaches out
 * to the Internet on a service's say-so.
 *
 * Ownership: every char ** result is malloc'd and belongs to the caller.
 * `why` receives a one-line English reason on failure (a technical
 * argument for a catalogue notice).
 */
#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

/* True when a request path is a voice API's: Twilio's .../Calls.json or
 * .../Calls, Vonage's /v1/calls, or a path segment naming voice, calls,
 * tts or voicemail. */
bool vg_voice_path(const char *path);

/* Spoken text of a TwiML document, <Say> texts joined by "\n". Returns 0;
 * -1 when the document is not well-formed XML, is not a <Response>, or
 * says nothing (why tells which; an empty *text is never returned). */
int vg_voice_twiml(const char *xml, size_t len, char **text, char *why, size_t whysz);

/* Spoken text of an NCCO: an array of actions, or an object carrying one
 * as "ncco". Returns 0, or -1 (not an NCCO, no talk action). */
int vg_voice_ncco(const json_t *ncco, char **text, char *why, size_t whysz);

/* Either, by the document's first character ('<' TwiML, else JSON). */
int vg_voice_document(const char *doc, size_t len, char **text, char *why, size_t whysz);

/* GET url (http or https) if its host is loopback (127.0.0.0/8, ::1,
 * localhost) or one of hosts[0..nhosts); no redirects, at most max bytes,
 * 10 s. `ca` verifies https (NULL: the system store). Returns 0 with
 * *body (NUL-terminated) and *len, or -1 with why (a host not allowed,
 * an HTTP error, too large). */
int vg_voice_fetch(const char *url, const char *const *hosts, size_t nhosts, const char *ca,
                   size_t max, char **body, size_t *len, char *why, size_t whysz);

#endif
