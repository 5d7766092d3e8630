/* vg_error carries a code set where the error is made, so a caller can
 * tell a machine out of memory from an input that is wrong. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "vg_detect.h"
#include "vg_error.h"
#include "vg_file.h"
#include "vg_ruleset.h"

/* The test is linked with -Wl,--wrap=calloc: vigie's own calls to calloc
 * come here, and fail while fail_calloc is set. */
static bool fail_calloc;
void *__real_calloc(size_t n, size_t size);
void *__wrap_calloc(size_t n, size_t size);

void *__wrap_calloc(size_t n, size_t size)
{
    return fail_calloc ? NULL : __real_calloc(n, size);
}

Test(error, out_of_memory_is_told_apart_from_bad_input)
{
    vg_error err = {0};
    vg_ruleset *rs = vg_ruleset_load_builtin(&err);
    cr_assert_not_null(rs, "%s", err.msg);
    fail_calloc = true;
    vg_detector *d = vg_detector_new(rs, VG_DETECT_ALL, &err);
    fail_calloc = false;
    cr_assert_null(d);
    cr_expect_eq(err.code, VG_ENOMEM, "got %s: %s", vg_error_code_name(err.code), err.msg);
    cr_expect_null(vg_detector_new(rs, 0, &err), "no kind selected is the caller's mistake");
    cr_expect_eq(err.code, VG_EINPUT, "got %s: %s", vg_error_code_name(err.code), err.msg);
    vg_ruleset_free(rs);
}

Test(error, a_ruleset_that_is_not_json_is_bad_input)
{
    vg_error err = {0};
    cr_assert_null(vg_ruleset_load_buffer("{\"name\":", 8, "cut.json", &err));
    cr_expect_eq(err.code, VG_EINPUT, "got %s: %s", vg_error_code_name(err.code), err.msg);
}

Test(error, a_missing_file_is_not_found)
{
    vg_error err = {0};
    cr_assert_null(vg_ruleset_load_file("/nonexistent/rules.json", &err));
    cr_expect_eq(err.code, VG_ENOTFOUND, "got %s: %s", vg_error_code_name(err.code), err.msg);
}

Test(error, a_directory_given_as_a_file_is_bad_input)
{
    vg_error err = {0};
    cr_assert_lt(vg_file_open("/", NULL, &err), 0);
    cr_expect_eq(err.code, VG_EINPUT, "got %s: %s", vg_error_code_name(err.code), err.msg);
}

Test(error, errno_gives_the_code_of_a_failed_system_call)
{
    cr_expect_eq(vg_error_code_errno(ENOENT), VG_ENOTFOUND);
    cr_expect_eq(vg_error_code_errno(ENOTDIR), VG_ENOTFOUND);
    cr_expect_eq(vg_error_code_errno(ENOMEM), VG_ENOMEM);
    cr_expect_eq(vg_error_code_errno(EACCES), VG_EIO);
    cr_expect_eq(vg_error_code_errno(EPIPE), VG_EIO);
}

Test(error, set_fills_message_and_code_and_returns_minus_one)
{
    vg_error err = {0};
    cr_expect_eq(err.code, VG_OK, "a zeroed error is no error");
    cr_expect_eq(vg_error_set(&err, VG_EUNSUPPORTED, "probe %s has no offline mode", "tls"), -1);
    cr_expect_str_eq(err.msg, "probe tls has no offline mode");
    cr_expect_eq(err.code, VG_EUNSUPPORTED);
    cr_expect_eq(vg_error_set(NULL, VG_EIO, "dropped"), -1, "a NULL err is allowed");
    cr_expect_str_eq(vg_error_code_name(VG_ENOMEM), "out of memory");
}
