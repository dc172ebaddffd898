/* io.h - reading inputs with a size limit and the one safe way to write outputs. */
#ifndef ASX_IO_H
#define ASX_IO_H

#include <stddef.h>
#include <sys/types.h>
#include "asx/error.h"

#define ASX_MAX_INPUT (16u * 1024u * 1024u) /* 16 MiB: no legitimate input is larger */

/* Read the whole file into a NUL-terminated buffer the caller frees; path "-" is standard input.
 * Refuses files larger than max bytes (ASX_ERR_DATA), unreadable files and anything but a
 * regular file (ASX_ERR_NOINPUT). Problems go to d. */
asx_error asx_read_file(const char *path, size_t max, char **out, size_t *out_len, asx_diags *d);

/* Write data to path atomically: a temporary file in the same folder, fsync, rename, fsync of
 * the folder. Existing path is an error (ASX_ERR_CANTCREAT) unless force. mode is the file mode
 * (e.g. 0644, 0640). On any failure the temporary file is removed and path is untouched. */
asx_error asx_write_file(const char *path, const void *data, size_t len, int force, mode_t mode,
                         asx_diags *d);

/* ASX_ERR_CANTCREAT with "already exists (use --force …)" when path exists (even as a dangling
 * symlink) and force is 0: lets a writer refuse before doing any work. The final rename checks
 * again, without a race. */
asx_error asx_refuse_existing(const char *path, int force, asx_diags *d);

/* For writers that produce a file themselves (libharu, libxlsxwriter): make a temporary name
 * beside path (caller frees), let the library write it, then asx_commit_file() fsyncs and renames
 * it into place (or removes it when ok == 0). */
asx_error asx_temp_path(const char *path, char **tmp, asx_diags *d);
asx_error asx_commit_file(const char *tmp, const char *path, int force, mode_t mode, int ok,
                          asx_diags *d);

/* SHA-256 of a file as 64 lowercase hex characters into hex[65]. */
asx_error asx_sha256_file(const char *path, char hex[65], asx_diags *d);

/* A file-name-safe version of s (vendor/service names): no '/', '\\', control characters,
 * bidi marks, leading dots or ".."; spaces become '_'; at most max_bytes (whole UTF-8
 * characters). Never empty ("unnamed"). Caller frees. */
char *asx_safe_name(const char *s, size_t max_bytes);

#endif
