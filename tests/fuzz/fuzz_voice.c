/* What a voice call would speak: the input as a TwiML or NCCO document
 * (vg_voice_document, the way the capture reads a call's Twiml, ncco or
 * fetched document), and as a request path (vg_voice_path). */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "vg_voice.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = NULL, why[256];
    if (vg_voice_document((const char *)data, size, &text, why, sizeof why) == 0 &&
        (!text || !*text))
        abort();    /* the contract: success never returns an empty text */
    free(text);
    char *path = malloc(size + 1);
    if (!path)
        return 0;
    memcpy(path, data, size);
    path[size] = '\0';
    (void)vg_voice_path(path);
    free(path);
    return 0;
}
