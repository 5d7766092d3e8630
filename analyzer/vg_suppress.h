#ifndef VG_SUPPRESS_H
#define VG_SUPPRESS_H
/*
 * vg_suppress: inline suppressions in scanned files.
 *
 *   // vigie-ignore DSC004: synthetic test identity
 *   # vigie-ignore LOG001,CK004: reviewed 2026-11, ticket SEC-12
 *
 * A comment on the finding's line, or a comment standing alone on the line
 * just above it, suppresses the listed rules there ("*" for all). The text after the colon is the
 * justification that SARIF carries.
 */
#include <stdbool.h>
#include <stddef.h>

/* Look in buf[0..len) around line `line` (1-based; line_start is the offset
 * where it starts). On a match copies the justification (possibly empty)
 * into just[0..justsz) and returns true. */
bool vg_suppress_find(const char *buf, size_t len, size_t line_start,
                      const char *rule_id, char *just, size_t justsz);

#endif
