#ifndef VG_MSGSRC_H
#define VG_MSGSRC_H
/*
 * vg_msgsrc: messages captured elsewhere (Mailpit or MailHog exports, a
 * Postfix queue dump): one .eml file, an mbox, a Maildir.
 *
 * Each message is handed to a callback as raw bytes (LF or CRLF), with
 * the uri to cite (the file) and a name for it within the source
 * ("mbox message 3"). A message larger than max_size is skipped with a
 * notice, and the ones around it are still handed over. Bounds apply
 * while reading: an mbox is read line by line, each line kept only as far
 * as it could still fit its message, so memory stays under about twice
 * max_size whatever the input (/dev/zero is refused; a gigabyte on one
 * line costs time, not memory).
 *
 * A file that cannot be read (missing, unreadable, a FIFO, a device, a
 * directory given as --eml) is a notice on that file, never a wait: the
 * other sources are still read.
 */
#include <stddef.h>

#include "vg_error.h"
#include "vg_finding.h"

/* Return nonzero to stop; that value is returned by the reader. `raw` is
 * borrowed for the call. */
typedef int (*vg_msgsrc_cb)(const char *uri, const char *name, const char *raw,
                            size_t len, void *ud);

#define VG_MSGSRC_MAX_SIZE (64u << 20)

/* Return 0, the callback's value, or -1 with err filled (out of memory,
 * a read error part-way through an mbox, a Maildir that is not one).
 * Unreadable files and skipped or damaged messages become notices in
 * `notices`. */
int vg_msgsrc_eml(const char *path, size_t max_size, vg_msgsrc_cb cb, void *ud,
                  vg_findings *notices, vg_error *err);
/* mbox: messages start at "From " lines; ">From " lines are unquoted
 * (one '>' removed, mboxrd). */
int vg_msgsrc_mbox(const char *path, size_t max_size, vg_msgsrc_cb cb, void *ud,
                   vg_findings *notices, vg_error *err);
/* Maildir: every file in DIR/new and DIR/cur, in name order. */
int vg_msgsrc_maildir(const char *dir, size_t max_size, vg_msgsrc_cb cb, void *ud,
                      vg_findings *notices, vg_error *err);

#endif
