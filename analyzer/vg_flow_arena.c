/* Bump allocator for the flow IR: a translation unit allocates thousands
 * of tiny strings and arrays that all die together. */
#include "vg_flow_ir.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct vg_arena_chunk {
    vg_arena_chunk *next;
    size_t size, used;
    max_align_t data[];
};

void *vg_arena_alloc(vg_arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    vg_arena_chunk *c = a->head;
    if (!c || c->size - c->used < n) {
        size_t size = n > 65536 ? n : 65536;
        c = malloc(sizeof *c + size);
        if (!c)
            return NULL;
        c->size = size;
        c->used = 0;
        c->next = a->head;
        a->head = c;
        a->total += size;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    a->used += n;
    memset(p, 0, n);
    return p;
}

char *vg_arena_strndup(vg_arena *a, const char *s, size_t n)
{
    char *d = vg_arena_alloc(a, n + 1);
    if (d)
        memcpy(d, s, n);
    return d;
}

char *vg_arena_strdup(vg_arena *a, const char *s)
{
    return s ? vg_arena_strndup(a, s, strlen(s)) : NULL;
}

char *vg_arena_printf(vg_arena *a, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    if ((size_t)n < sizeof small)
        return vg_arena_strndup(a, small, (size_t)n);
    char *d = vg_arena_alloc(a, (size_t)n + 1);
    if (d) {
        va_start(ap, fmt);
        vsnprintf(d, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    return d;
}

void vg_arena_free(vg_arena *a)
{
    vg_arena_chunk *c = a->head;
    while (c) {
        vg_arena_chunk *n = c->next;
        free(c);
        c = n;
    }
    memset(a, 0, sizeof *a);
}

void fl_tu_free(fl_tu *t)
{
    vg_findings_free(&t->direct);
    vg_arena_free(&t->arena);
    t->funcs = NULL;
    t->nfuncs = t->capfuncs = 0;
}
