/*
 * Cipher strings are evaluated by OpenSSL, never re-implemented: the
 * grammar (aliases, "+", "-", "!", "@STRENGTH", "@SECLEVEL") changes between
 * releases and only the library knows what it will really offer.
 */
#include "vg_cipher.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

const char *vg_cipher_default_suites(void)
{
    return OSSL_default_ciphersuites();
}

static void fill(const SSL_CIPHER *c, vg_cipher_suite *s)
{
    const char *std = SSL_CIPHER_standard_name(c);
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", SSL_CIPHER_get_name(c));
    snprintf(s->std_name, sizeof s->std_name, "%s", std ? std : "");
    snprintf(s->version, sizeof s->version, "%s", SSL_CIPHER_get_version(c));
    s->id = SSL_CIPHER_get_protocol_id(c);
    s->bits = SSL_CIPHER_get_bits(c, &s->alg_bits);
}

/* OpenSSL's last queued error as text, for messages users can act on. */
static void ssl_reason(char *buf, size_t n)
{
    unsigned long e = ERR_peek_last_error();
    if (e)
        ERR_error_string_n(e, buf, n);
    else
        snprintf(buf, n, "no suite selected");
    ERR_clear_error();
}

/* A context where everything OpenSSL can name is allowed. */
static SSL_CTX *open_ctx(vg_error *err)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    if (!ctx) {
        ERR_clear_error();
        vg_error_set(err, VG_EIO, "OpenSSL could not create a TLS context");
        return NULL;
    }
    SSL_CTX_set_security_level(ctx, 0);
    return ctx;
}

int vg_cipher_expand(const char *list, const char *suites, vg_cipher_list *out,
                     vg_error *err)
{
    char why[256];
    out->items = NULL;
    out->count = 0;
    SSL_CTX *ctx = open_ctx(err);
    if (!ctx)
        return -1;
    /* The system configuration may have set its own strings: start from
     * OpenSSL's compiled-in defaults so a NULL argument means "default". */
    if (!SSL_CTX_set_cipher_list(ctx, list ? list : OSSL_default_cipher_list())) {
        ssl_reason(why, sizeof why);
        SSL_CTX_free(ctx);
        return vg_error_set(err, VG_EINPUT, "OpenSSL rejects cipher string \"%s\": %s",
                            list ? list : "DEFAULT", why);
    }
    if (!SSL_CTX_set_ciphersuites(ctx, suites ? suites : OSSL_default_ciphersuites())) {
        ssl_reason(why, sizeof why);
        SSL_CTX_free(ctx);
        return vg_error_set(err, VG_EINPUT, "OpenSSL rejects TLS 1.3 ciphersuites \"%s\": %s",
                            suites ? suites : "", why);
    }
    STACK_OF(SSL_CIPHER) *sk = SSL_CTX_get_ciphers(ctx);
    int n = sk ? sk_SSL_CIPHER_num(sk) : 0;
    if (n > 0) {
        out->items = calloc((size_t)n, sizeof *out->items);
        if (!out->items) {
            SSL_CTX_free(ctx);
            return vg_error_set(err, VG_ENOMEM, "out of memory");
        }
    }
    for (int i = 0; i < n; i++)
        fill(sk_SSL_CIPHER_value(sk, i), &out->items[out->count++]);
    SSL_CTX_free(ctx);
    return 0;
}

void vg_cipher_list_free(vg_cipher_list *l)
{
    if (!l)
        return;
    free(l->items);
    l->items = NULL;
    l->count = 0;
}

bool vg_cipher_lookup(const char *name, vg_cipher_suite *out)
{
    /* Every suite this OpenSSL knows, TLS 1.3 included. */
    vg_cipher_list all;
    bool found = false;
    if (vg_cipher_expand("ALL:COMPLEMENTOFALL", OSSL_default_ciphersuites(), &all, NULL))
        return false;
    for (size_t i = 0; i < all.count && !found; i++)
        if (strcmp(all.items[i].std_name, name) == 0 || strcmp(all.items[i].name, name) == 0) {
            *out = all.items[i];
            found = true;
        }
    vg_cipher_list_free(&all);
    return found;
}

size_t vg_cipher_weak_names(const vg_cipher_list *l, int min_bits, char *buf,
                            size_t bufsz)
{
    size_t nweak = 0, used = 0;
    bool cut = false;
    if (bufsz)
        buf[0] = '\0';
    for (size_t i = 0; i < l->count; i++) {
        if (l->items[i].bits >= min_bits)
            continue;
        nweak++;
        if (cut || !bufsz)
            continue;
        const char *name = l->items[i].name;
        size_t need = strlen(name) + (used ? 2 : 0);
        /* keep room for the ellipsis */
        if (used + need + 6 >= bufsz) {
            snprintf(buf + used, bufsz - used, "%s…", used ? ", " : "");
            cut = true;
            continue;
        }
        used += (size_t)snprintf(buf + used, bufsz - used, "%s%s", used ? ", " : "", name);
    }
    return nweak;
}
