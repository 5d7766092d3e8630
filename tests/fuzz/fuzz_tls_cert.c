/* Certificate checks (probe tls): the input as DER certificates, the
 * first the server's, the rest the chain it came with, judged for the
 * name a scenario would give. */
#include "fuzz.h"

#include <openssl/x509.h>

#include "vg_tls_cert.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const unsigned char *p = data, *end = data + size;
    X509 *leaf = d2i_X509(NULL, &p, (long)size);
    if (!leaf)
        return 0;
    STACK_OF(X509) *chain = sk_X509_new_null();
    while (chain && p < end) {
        X509 *c = d2i_X509(NULL, &p, (long)(end - p));
        if (!c || !sk_X509_push(chain, c)) {
            X509_free(c);
            break;
        }
    }
    vg_tls_cert_info ci = {0};
    vg_error err;
    vg_tls_cert_judge(leaf, chain, "portail.exemple.qc.ca", NULL, &ci, &err);
    vg_tls_cert_info_free(&ci);
    sk_X509_pop_free(chain, X509_free);
    X509_free(leaf);
    return 0;
}
