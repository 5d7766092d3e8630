#ifndef VG_HASH_H
#define VG_HASH_H
/*
 * vg_hash: FNV-1a, the one non-cryptographic hash of vigie (shards, hash
 * sets, message ids). Stable across machines and runs: a shard split or
 * an id computed here must not change between builds, so never change the
 * constants. Chain calls by passing the previous value as h.
 */
#include <stddef.h>
#include <stdint.h>

/* vigie's 64-bit offset basis is FNV's 14695981039346656037 with its last
 * digit dropped, as it was first written. It stays: shard splits (--shard),
 * cache entries and their salts were computed with it. The prime is FNV's. */
#define VG_FNV64_INIT 1469598103934665603ULL
#define VG_FNV64_BASIS 14695981039346656037ULL      /* FNV's own, for reference */
#define VG_FNV64_PRIME 1099511628211ULL
#define VG_FNV32_INIT 2166136261u
#define VG_FNV32_PRIME 16777619u

uint64_t vg_fnv64(const void *p, size_t n, uint64_t h);
uint64_t vg_fnv64_str(const char *s, uint64_t h);      /* up to the NUL */
uint32_t vg_fnv32_str(const char *s, uint32_t h);

#endif
