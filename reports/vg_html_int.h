#ifndef VG_HTML_INT_H
#define VG_HTML_INT_H
/* Inside reports/ only: what the two HTML writers (the privacy officer's
 * report and the inventory) share, so both escape text the same way. */
#include <stdio.h>

#include <jansson.h>

/* Write s to out with <, >, & and " escaped (text and attribute values
 * alike). NULL writes nothing. */
void vg_html_esc(FILE *out, const char *s);

/* The string member key of o, borrowed from o; "" when absent or not a
 * string, so a writer can print it as is. */
const char *vg_html_str(json_t *o, const char *key);

#endif
