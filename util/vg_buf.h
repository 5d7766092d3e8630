#ifndef VG_BUF_H
#define VG_BUF_H
/*
 * vg_buf: a growing byte buffer, always NUL-terminated once anything was
 * added. Out of memory is sticky (oom set, later adds do nothing), so a
 * builder checks once at the end. Zero-initialise ({0}); the buffer owns
 * p until vg_buf_take() hands it over or vg_buf_free() frees it.
 */
#include <stddef.h>

typedef struct vg_buf {
    char *p;
    size_t len, cap;
    int oom;
} vg_buf;

void vg_buf_add(vg_buf *b, const void *s, size_t n);
void vg_buf_adds(vg_buf *b, const char *s);           /* a C string */

/* Room for n more bytes and the NUL, exactly: for a builder that knows
 * its size, so a long text grows once instead of doubling. Out of memory
 * (or a size that overflows) sets oom. */
void vg_buf_reserve(vg_buf *b, size_t n);

/* One byte, inline: decoders call it per byte. Leaves the NUL to
 * vg_buf_add and vg_buf_take (room for it is always kept). */
static inline void vg_buf_addc(vg_buf *b, char c)
{
    if (b->len + 1 < b->cap)
        b->p[b->len++] = c;
    else
        vg_buf_add(b, &c, 1);
}

/* The string (malloc'd, the caller's; "" when nothing was added) and its
 * length in *len (may be NULL); NULL when out of memory. The buffer is
 * left empty. */
char *vg_buf_take(vg_buf *b, size_t *len);
void vg_buf_free(vg_buf *b);

#endif
