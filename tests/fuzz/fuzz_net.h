#ifndef VG_FUZZ_NET_H
#define VG_FUZZ_NET_H
/* For the capture listeners (SMTP, SMS): send one input on a fresh
 * loopback connection, half-close, and read every reply until the server
 * closes or timeout_ms passes. Returns the bytes read, -1 if connecting
 * failed. */
#include <stddef.h>
#include <stdint.h>

long fz_exchange(int port, const uint8_t *data, size_t size, int timeout_ms);

#endif
