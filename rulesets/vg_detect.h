#ifndef VG_DETECT_H
#define VG_DETECT_H
/*
 * vg_detect: personal-data value detectors (PCRE2 with JIT) and masking.
 *
 * A vg_detector holds the compiled patterns and is read-only once built:
 * threads share one. Each thread scans through its own vg_detect_ctx,
 * which holds PCRE2 match data and JIT stack.
 *
 * Every candidate a pattern finds is validated before it is reported:
 * NAM dates and check digit, SIN Luhn and first digit, real calendar dates.
 * Look-alikes are dropped: digits that are a slice of a longer token (hex
 * keys, digests, 0x constants), that sit inside a UUID or a version-control
 * keyword ($Id: ... $), or bare nine digits that read as a Unix time. A NAM
 * whose check digit fails counts only when its own line names a NAM.
 */
#include <stdbool.h>
#include <stddef.h>

#include "vg_error.h"
#include "vg_ruleset.h"

typedef struct vg_match {
    vg_detector_kind kind;
    size_t start, end;       /* byte offsets into the scanned text */
    float confidence;        /* 0..1 */
} vg_match;

#define VG_DETECT_KIND(k) (1u << (k))
#define VG_DETECT_ALL  (VG_DETECT_KIND(VG_DET_NAM) | VG_DETECT_KIND(VG_DET_SIN) | \
                        VG_DETECT_KIND(VG_DET_DOB) | VG_DETECT_KIND(VG_DET_EMAIL) | \
                        VG_DETECT_KIND(VG_DET_PHONE) | VG_DETECT_KIND(VG_DET_POSTAL))
/* The identifiers DSC004 reports when hard-coded. */
#define VG_DETECT_IDS  (VG_DETECT_KIND(VG_DET_NAM) | VG_DETECT_KIND(VG_DET_SIN) | \
                        VG_DETECT_KIND(VG_DET_DOB))

typedef struct vg_detector vg_detector;
typedef struct vg_detect_ctx vg_detect_ctx;

/* Compile the detectors selected by `kinds` (VG_DETECT_KIND bits). Context
 * phrases come from the ruleset's categories. Caller owns the result. */
vg_detector *vg_detector_new(const vg_ruleset *rs, unsigned kinds, vg_error *err);
void vg_detector_free(vg_detector *d);

/* Per-thread scanning state; NULL on allocation failure. */
vg_detect_ctx *vg_detect_ctx_new(const vg_detector *d);
void vg_detect_ctx_free(vg_detect_ctx *c);

/* Return nonzero to stop the scan (that value is returned by the scan). */
typedef int (*vg_match_cb)(const vg_match *m, void *ud);

/* Report every validated value in text[0..len), in order. Dates count
 * as dates of birth only with a context phrase shortly before them
 * (free text); with require_context false any valid date is reported
 * (a field already known to hold a birth date). Returns 0, the callback's
 * nonzero value, or -1 on a matching error. */
int vg_detect_scan(vg_detect_ctx *c, const char *text, size_t len,
                   bool require_context, vg_match_cb cb, void *ud);

/* Validators, usable on their own (spaces and dashes are ignored). */
bool vg_detect_nam_valid(const char *s, size_t len, bool *check_digit_ok);
bool vg_detect_sin_valid(const char *s, size_t len);
bool vg_detect_date_valid(int year, int month, int day);

/* Mask a detected value for display: "TREM 5405 1511" -> "**** **** **11",
 * "046 454 286" -> "*** *** *86", a date -> "****-**-**" (whatever its
 * form), "marie@example.test" -> "m•••@example.test", "+1 514 555 0100"
 * -> "*** *** **00". Nothing that narrows down a person survives; the
 * same value always gives the same mask, so fingerprints built on masks
 * are stable whether or not --show-personal-data is given.
 * Writes a NUL-terminated UTF-8 string of at most outsz bytes; returns out. */
char *vg_mask(vg_detector_kind kind, const char *s, size_t len,
              char *out, size_t outsz);
/* Bumped whenever a mask changes: caches of masked results key on it. */
#define VG_MASK_VERSION 2
/* A name or username of a test identity: its first letter, "Marie Gagnon"
 * -> "M•••", "mgagnon" -> "m•••". */
char *vg_mask_name(const char *s, char *out, size_t outsz);
/* A message recipient: an email address or a telephone number, masked as
 * such; anything else as a name. */
char *vg_mask_contact(const char *s, char *out, size_t outsz);

const char *vg_detector_kind_name(vg_detector_kind k);

#endif
