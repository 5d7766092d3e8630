/* What a server answers to a ClientHello: ServerHello, HelloRetryRequest,
 * alerts, garbage (vg_tls_parse_reply), for each offered version. */
#include "fuzz.h"

#include "vg_tls_hello.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint16_t suites[] = {0x1301, 0x1302, 0xc02f, 0xc030, 0x009c, 0x002f};
    static const uint16_t versions[] = {VG_SSL3_0, VG_TLS1_0, VG_TLS1_2, VG_TLS1_3};
    for (size_t v = 0; v < sizeof versions / sizeof versions[0]; v++) {
        vg_tls_offer offer = {.version = versions[v], .suites = suites,
                              .nsuites = sizeof suites / sizeof suites[0], .sni = "exemple.qc.ca"};
        vg_tls_reply r;
        vg_tls_parse_reply(data, size, &offer, &r);
    }
    return 0;
}
