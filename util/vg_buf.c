#include "vg_buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void vg_buf_add(vg_buf *b, const void *s, size_t n)
{
    if (b->oom)
        return;
    if (n > SIZE_MAX - 1 - b->len) {
        b->oom = 1;
        return;
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (b->len + n + 1 > cap)
            cap = cap > SIZE_MAX / 2 ? b->len + n + 1 : cap * 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void vg_buf_reserve(vg_buf *b, size_t n)
{
    if (b->oom || (n <= SIZE_MAX - 1 - b->len && b->len + n + 1 <= b->cap))
        return;
    if (n > SIZE_MAX - 1 - b->len) {
        b->oom = 1;
        return;
    }
    char *p = realloc(b->p, b->len + n + 1);
    if (!p) {
        b->oom = 1;
        return;
    }
    b->p = p;
    b->cap = b->len + n + 1;
}

void vg_buf_adds(vg_buf *b, const char *s)
{
    vg_buf_add(b, s, strlen(s));
}

char *vg_buf_take(vg_buf *b, size_t *len)
{
    if (!b->p && !b->oom)
        vg_buf_add(b, "", 0);
    char *p = b->oom ? NULL : b->p;
    if (p)
        p[b->len] = '\0';
    if (len)
        *len = p ? b->len : 0;
    if (!p)
        free(b->p);
    *b = (vg_buf){0};
    return p;
}

void vg_buf_free(vg_buf *b)
{
    free(b->p);
    *b = (vg_buf){0};
}
