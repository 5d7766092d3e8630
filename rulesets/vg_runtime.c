#include "vg_runtime.h"

#include <curl/curl.h>
#include <libxml/parser.h>
#include <pthread.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int result;

static void init_once(void)
{
    xmlInitParser();
    result = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

int vg_runtime_init(void)
{
    pthread_once(&once, init_once);
    return result;
}
