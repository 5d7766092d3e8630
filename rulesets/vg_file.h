#ifndef VG_FILE_H
#define VG_FILE_H
/*
 * vg_file: the one way vigie opens a file it reads.
 *
 * vigie is handed paths by hostile places: an `include` in a config under
 * review, a command-line option, an extraction directory, a Maildir. An
 * open() of a FIFO blocks until a writer comes, a device never ends, a
 * directory is not data, a sparse file claims a gigabyte. So every file
 * is opened here: with O_NONBLOCK (a FIFO's open returns at once), checked
 * with fstat to be a regular file, and only then read, with O_NONBLOCK
 * cleared again; every whole-file read and every line is bounded by a cap
 * the caller gives, so no input grows memory beyond it.
 *
 * Errors name the path and say what it is ("x.json: not a regular file
 * (a FIFO)"). Nothing here prints. The caller owns what it is given: the
 * descriptor or stream (close it), the buffer (free it).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "vg_error.h"

/* Failures, so that a caller can turn each into its own notice; err is
 * filled for every one. -1: cannot open or read (errno says why). */
#define VG_FILE_TOO_LARGE (-2)  /* holds more than the caller's cap */
#define VG_FILE_IRREGULAR (-3)  /* a FIFO, a device, a directory, a socket */

/* Open PATH read-only and close-on-exec. Anything but a regular file is
 * refused without blocking. *st is filled when st is not NULL. Returns the
 * descriptor; or -1 (errno set) with err ("PATH: cannot open: ..."), or
 * VG_FILE_IRREGULAR with err ("PATH: not a regular file (a FIFO)"). */
int vg_file_open(const char *path, struct stat *st, vg_error *err);

/* The same as a stdio stream ("rb"). NULL with err filled. */
FILE *vg_file_fopen(const char *path, vg_error *err);

/* Whether PATH names a regular file (symlinks followed). Never opens it,
 * so never blocks: for looking for candidates (an nginx.conf above a
 * fragment) where absence is not an error. */
bool vg_file_is_regular(const char *path);

/* The whole of PATH, NUL-terminated (the NUL not counted in *len), in a
 * malloc'd *out. Returns 0; -1 with err filled and errno set (cannot open,
 * read error, out of memory); VG_FILE_IRREGULAR; or VG_FILE_TOO_LARGE
 * ("PATH: larger than MAX bytes") when it holds more than max bytes. At
 * most max + 1 bytes are ever allocated or read: the size is checked
 * before reading, and a file growing while it is read is stopped at the
 * cap. The file may hold NUL bytes; *len counts them. */
int vg_file_read(const char *path, size_t max, char **out, size_t *len, vg_error *err);

/* The same from a descriptor vg_file_open returned (not closed here);
 * path is for messages. */
int vg_file_read_fd(int fd, const char *path, size_t max, char **out, size_t *len,
                    vg_error *err);

/* A file read line by line, each line bounded: an mbox of any size, or
 * one with a gigabyte on one line, needs at most the cap in memory. */
typedef struct vg_file_lines vg_file_lines;

/* Open PATH as vg_file_open does. Returns 0 with *out (close it), or the
 * failure code of vg_file_open (-1, VG_FILE_IRREGULAR) with err filled. */
int vg_file_lines_open(const char *path, vg_file_lines **out, vg_error *err);

/* The next line ('\n' kept; NUL bytes allowed) in *line, NUL-terminated,
 * borrowed until the next call. At most max bytes of it are kept: the rest
 * of a longer line is read and dropped, and *cut is set. Returns the
 * number of bytes kept, or -1 at end of file or on a read error
 * (vg_file_lines_error tells). */
ssize_t vg_file_lines_next(vg_file_lines *l, size_t max, const char **line, bool *cut);

/* errno of the read error that ended the lines, or 0. */
int vg_file_lines_error(const vg_file_lines *l);

void vg_file_lines_close(vg_file_lines *l);

/* True when path's last component ends in ".<one of exts>" (a
 * NULL-terminated list, compared in any case): how the scan and the
 * config formats recognise a file by its name. */
bool vg_path_has_ext(const char *path, const char *const *exts);

#endif
