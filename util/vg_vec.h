#ifndef VG_VEC_H
#define VG_VEC_H
/*
 * vg_vec: the one grow-by-doubling step for an array the caller keeps as
 * (items, count, cap). Make room before writing items[count]:
 *
 *     if (vg_vec_reserve((void **)&v->items, &v->cap, v->count + 1, sizeof *v->items))
 *         return -1;
 *     v->items[v->count++] = x;
 *
 * The caller owns items (free() it). Nothing moves unless it grows.
 */
#include <stddef.h>

/* Make *cap >= need, doubling from 8; returns 0, or -1 when out of memory
 * or when need * elem would overflow (items and cap are then unchanged). */
int vg_vec_reserve(void **items, size_t *cap, size_t need, size_t elem);

#endif
