#ifndef VG_TEST_SARIF_H
#define VG_TEST_SARIF_H
/* Test support: validate a SARIF file against the official 2.1.0 schema
 * (tests/data copy) with Debian's python3-jsonschema. Returns 0 when
 * valid; otherwise the validator's messages are in *errors (owned). */
int vg_test_sarif_validate(const char *path, char **errors);
#endif
