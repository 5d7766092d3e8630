#include "vg_strset.h"
#include "vg_hash.h"

#include <stdlib.h>
#include <string.h>

static size_t slot_of(char *const *slots, size_t cap, const char *s)
{
    size_t i = (size_t)vg_fnv64_str(s, VG_FNV64_INIT) & (cap - 1);
    while (slots[i] && strcmp(slots[i], s) != 0)
        i = (i + 1) & (cap - 1);
    return i;
}

bool vg_strset_has(const vg_strset *set, const char *s)
{
    return set->cap && set->slots[slot_of(set->slots, set->cap, s)];
}

/* Keep the load under one half. */
static int grow(vg_strset *set)
{
    size_t cap = set->cap ? set->cap * 2 : 16;
    char **slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < set->cap; i++)
        if (set->slots[i])
            slots[slot_of(slots, cap, set->slots[i])] = set->slots[i];
    free(set->slots);
    set->slots = slots;
    set->cap = cap;
    return 0;
}

int vg_strset_add(vg_strset *set, const char *s)
{
    if (vg_strset_has(set, s))
        return 0;
    if ((set->n + 1) * 2 > set->cap && grow(set))
        return -1;
    char *copy = strdup(s);
    if (!copy)
        return -1;
    set->slots[slot_of(set->slots, set->cap, s)] = copy;
    set->n++;
    return 1;
}

void vg_strset_free(vg_strset *set)
{
    for (size_t i = 0; i < set->cap; i++)
        free(set->slots[i]);
    free(set->slots);
    *set = (vg_strset){0};
}
