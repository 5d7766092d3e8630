#ifndef VG_VEC_H
#define VG_VEC_H
/*
 * vg_vec: the one grow-by-doubling step for an array the caller keeps as
 * (items, count, cap). Make room before writing items[count]:
 *
 *     T *v = vg_vec_grow(l->items, &l->cap, l->count + 1, sizeof *v);
 *     if (!v)
 *         return -1;
 *     l->items = v;
 *     l->items[l->count++] = x;
 *
 * The caller owns items (free() it). Nothing moves unless it grows.
 */
#include <stddef.h>

/* items with room for need (>= 1) elements of elem bytes: items itself
 * when *cap >= need, else grown (doubling from 8) and *cap updated. NULL
 * when out of memory or when the size would overflow: items is then
 * still valid and *cap unchanged. */
void *vg_vec_grow(void *items, size_t *cap, size_t need, size_t elem);

#endif
