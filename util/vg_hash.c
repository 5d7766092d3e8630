#include "vg_hash.h"

uint64_t vg_fnv64(const void *p, size_t n, uint64_t h)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * VG_FNV64_PRIME;
    return h;
}

uint64_t vg_fnv64_str(const char *s, uint64_t h)
{
    for (const unsigned char *b = (const unsigned char *)s; *b; b++)
        h = (h ^ *b) * VG_FNV64_PRIME;
    return h;
}

uint32_t vg_fnv32_str(const char *s, uint32_t h)
{
    for (const unsigned char *b = (const unsigned char *)s; *b; b++)
        h = (h ^ *b) * VG_FNV32_PRIME;
    return h;
}
