/* vg_runtime_init: one set-up of libxml2 and libcurl, whichever of many
 * threads asks first, after which both libraries work. */
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <libxml/parser.h>
#include <pthread.h>
#include <string.h>

#include "vg_runtime.h"

static void *init_from_thread(void *rc)
{
    *(int *)rc = vg_runtime_init();
    return NULL;
}

Test(runtime, many_threads_asking_at_once_all_get_one_working_set_up)
{
    enum { N = 8 };
    pthread_t th[N];
    int rc[N];
    for (int i = 0; i < N; i++) {
        rc[i] = 99;
        cr_assert_eq(pthread_create(&th[i], NULL, init_from_thread, &rc[i]), 0);
    }
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        cr_expect_eq(rc[i], 0, "thread %d", i);
    }
    cr_expect_eq(vg_runtime_init(), 0, "a later call gives the same answer");
    CURL *c = curl_easy_init();
    cr_expect_not_null(c, "libcurl is usable");
    curl_easy_cleanup(c);
    const char xml[] = "<a><b>x</b></a>";
    xmlDoc *doc = xmlReadMemory(xml, (int)strlen(xml), "t.xml", NULL, XML_PARSE_NONET);
    cr_expect_not_null(doc, "libxml2 is usable");
    xmlFreeDoc(doc);
}
