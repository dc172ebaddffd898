/* io.h - reading inputs with a size limit and the one safe way to write outputs. */
#ifndef ASX_IO_H
#define ASX_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "asx/error.h"

#define ASX_MAX_INPUT (16u * 1024u * 1024u) /* 16 MiB: no legitimate input is larger */

/* The mode of every file assess writes: packs, comparisons, re-audits, registers and their
 * exports name people (approvers, managers, vendor contacts), so none is world-readable. */
#define ASX_OUTPUT_MODE 0640

struct stat;
/* Open path for reading, the one way every input is opened: without blocking (a FIFO does not
 * hang the open), then fstat: anything but a regular file (FIFO, device, socket, folder) is
 * refused (ASX_ERR_NOINPUT) before a byte is read. *fd (caller closes) is an ordinary blocking
 * descriptor; *st (may be NULL) its status. */
asx_error asx_open_input(const char *path, int *fd, struct stat *st, asx_diags *d);

/* Every input opened with asx_open_input (asx_read_file too) is remembered by device and
 * inode. An output that is one of them is refused (ASX_ERR_CANTCREAT, naming the input), even
 * with force, by asx_refuse_existing, asx_write_file and the sets of outputs: a command never
 * replaces what it reads (`import f.xlsx -o f.xlsx --force`, `register export -o R --register R
 * --force`). asx_commit_file does not check it: the register is rewritten through it (the
 * writers that use it call asx_refuse_existing first). */
/* Whether two stat results are the same file (device and inode). */
bool asx_same_file(const struct stat *a, const struct stat *b);
/* Remember path (its status st) as an input that was not opened with asx_open_input (the
 * register's database, opened by SQLite). */
void asx_inputs_note(const char *path, const struct stat *st);
/* Forget the inputs opened so far (tests; a long-running caller between jobs). */
void asx_inputs_forget(void);

/* Read the whole file into a NUL-terminated buffer the caller frees; path "-" is standard input.
 * Refuses files larger than max bytes (ASX_ERR_DATA), unreadable files and anything but a
 * regular file (asx_open_input; ASX_ERR_NOINPUT). Problems go to d. */
asx_error asx_read_file(const char *path, size_t max, char **out, size_t *out_len, asx_diags *d);

/* Write data to path atomically: a temporary file in the same folder (unnamed where the file
 * system allows, see the sets of outputs below), fsync, link or rename, fsync of the folder. Existing path is an error (ASX_ERR_CANTCREAT) unless force. mode is the file mode
 * (e.g. 0644, 0640). On any failure the temporary file is removed and path is untouched. */
asx_error asx_write_file(const char *path, const void *data, size_t len, int force, mode_t mode,
                         asx_diags *d);

/* ASX_ERR_CANTCREAT when path cannot be an output: a folder, a symbolic link, anything but a
 * regular file (a FIFO or device is never replaced, even with force), or with "already exists (use --force …)" when path exists (even as a dangling
 * symlink) and force is 0: lets a writer refuse before doing any work. The final rename checks
 * again, without a race. */
asx_error asx_refuse_existing(const char *path, int force, asx_diags *d);

/* For writers that produce a file themselves and open it by name (the register): make a named
 * temporary beside path (caller frees), write it, then asx_commit_file() fsyncs and renames it
 * into place (or removes it when ok == 0). Killed in between, the named file stays: writers
 * that can, use a set of outputs (unnamed temporaries) instead. */
asx_error asx_temp_path(const char *path, char **tmp, asx_diags *d);
asx_error asx_commit_file(const char *tmp, const char *path, int force, mode_t mode, int ok,
                          asx_diags *d);

/* SHA-256 of a file as 64 lowercase hex characters into hex[65]. */
asx_error asx_sha256_file(const char *path, char hex[65], asx_diags *d);
/* SHA-256 of data[0..len) the same way (a file kept in the register); false when out of memory
 * (hex is then ""). Both are GLib's GChecksum. */
bool asx_sha256_mem(const void *data, size_t len, char hex[65]);

/* A file-name-safe version of s (vendor/service names), the one place names of output files are
 * made safe: in Unicode NFC (one name typed two ways gives one file); no '/', '\\', ':' and the
 * other characters Windows refuses, no controls, bidi or line-separating characters, nothing
 * default-ignorable (zero-width, U+00AD, U+180E, tag characters…), no leading dots or "..";
 * spaces become '_'; a Windows device name (CON, NUL, COM1, LPT¹ … before the first dot) gets a
 * '_' after it; at most max_bytes (whole UTF-8 characters; one more for that '_'). Never empty
 * ("unnamed", whatever max_bytes). Caller frees; NULL on OOM. */
char *asx_safe_name(const char *s, size_t max_bytes);

/* A set of outputs: the files one command writes together (a pack's PDF and XLSX, a comparison,
 * a re-audit). Every file is written under a temporary name beside its destination;
 * asx_outset_commit() puts them all in place only when every one was written, and when one
 * cannot be put in place the others are put back as they were. Until a successful commit the
 * destinations are untouched: a failure (a full disk, a refused target) leaves every old file
 * as it was and no temporary behind (asx_outset_free removes them).
 *
 *     asx_outset *set = asx_outset_new(force);
 *     err = asx_outset_add(set, "out/x.xlsx", &tmp, d);       // then write tmp yourself,
 *     err = asx_outset_done(set, "out/x.xlsx", write(tmp));    // and say how it went
 *     err = asx_outset_add_data(set, "out/x.pdf", data, len, d);
 *     if (!err) err = asx_outset_commit(set, d);
 *     asx_outset_free(set);
 *
 * Files get ASX_OUTPUT_MODE (asx_outset_set_mode). Without force an existing destination is
 * refused (ASX_ERR_CANTCREAT) when it is added and again, without a race, when it is committed.
 * The temporaries are unnamed (O_TMPFILE, linked into place at the commit) where the file
 * system allows, so a run killed before the commit leaves no file behind; elsewhere they are
 * named ".<name>.XXXXXX" beside the destination and removed on failure. *tmp is then
 * /proc/self/fd/N: a name to open the unnamed file by. */
typedef struct asx_outset asx_outset;
/* NULL when out of memory. */
asx_outset *asx_outset_new(int force);
/* Check path as a target and make its temporary file; *tmp (owned by the set, valid until
 * asx_outset_free) is where the caller writes the content. */
asx_error asx_outset_add(asx_outset *s, const char *path, const char **tmp, asx_diags *d);
/* The mode path gets (default ASX_OUTPUT_MODE). */
asx_error asx_outset_set_mode(asx_outset *s, const char *path, mode_t mode);
/* Record how writing the temporary of path went (result is returned). */
asx_error asx_outset_done(asx_outset *s, const char *path, asx_error result);
/* asx_outset_add + write data + asx_outset_done. */
asx_error asx_outset_add_data(asx_outset *s, const char *path, const void *data, size_t len,
                              asx_diags *d);
/* The one way a document's file is written: data to path as one file of set (put in place by
 * the caller's asx_outset_commit) or, set NULL, as a set of this one file committed here; with
 * the given mode. force is the set's when set is given. */
asx_error asx_outset_write(asx_outset *set, const char *path, const void *data, size_t len, int force,
                           mode_t mode, asx_diags *d);
/* Put every file in place (fsync, mode, rename), all or none. */
asx_error asx_outset_commit(asx_outset *s, asx_diags *d);
/* Remove the temporaries not committed; accepts NULL. */
void asx_outset_free(asx_outset *s);

#endif
