/* io.c - reading inputs with a size limit, atomic no-clobber writes, SHA-256, safe names.
 *
 * Writes go to a temporary file beside the destination (same file system, so the final step is
 * atomic), which is fsynced before it is linked into place; without --force the final step is
 * link(2), which fails with EEXIST instead of replacing a file that appeared in the meantime. */
#define _GNU_SOURCE /* O_TMPFILE (Linux): unnamed temporaries, linked into place at commit */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <strings.h>

#include "asx/io.h"
#include "asx/text.h"
#include "asx/util.h"

/* ------------------------------------------------------------------ inputs */

/* Every file this process opened as an input, by identity (device and inode: a second name,
 * a hard link or a path written another way is the same file). An output that is one of them
 * is refused: `import f.xlsx -o f.xlsx --force` replaced the form it was reading. */
typedef struct {
    struct stat st; /* its device and inode */
    char *path;
} input_id;

static pthread_mutex_t inputs_lock = PTHREAD_MUTEX_INITIALIZER;
static input_id *inputs;
static size_t ninputs, capinputs;

bool asx_same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

static void note_input(const char *path, const struct stat *st)
{
    pthread_mutex_lock(&inputs_lock);
    bool known = false;
    for (size_t i = 0; i < ninputs && !known; i++)
        known = asx_same_file(&inputs[i].st, st);
    if (!known && ninputs == capinputs) {
        size_t cap = capinputs ? 2 * capinputs : 16;
        input_id *v = realloc(inputs, cap * sizeof *v);
        if (v) {
            inputs = v;
            capinputs = cap;
        }
    }
    if (!known && ninputs < capinputs) {
        char *p = asx_strdup(path);
        if (p) /* out of memory: the file is not remembered (the check is lost, not the run) */
            inputs[ninputs++] = (input_id){*st, p};
    }
    pthread_mutex_unlock(&inputs_lock);
}

void asx_inputs_note(const char *path, const struct stat *st)
{
    note_input(path, st);
}

/* The input path names (as it was given), or NULL: a copy the caller frees. */
static char *input_named(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return NULL;
    char *found = NULL;
    pthread_mutex_lock(&inputs_lock);
    for (size_t i = 0; i < ninputs && !found; i++)
        if (asx_same_file(&inputs[i].st, &st))
            found = asx_strdup(inputs[i].path);
    pthread_mutex_unlock(&inputs_lock);
    return found;
}

void asx_inputs_forget(void)
{
    pthread_mutex_lock(&inputs_lock);
    for (size_t i = 0; i < ninputs; i++)
        free(inputs[i].path);
    free(inputs);
    inputs = NULL;
    ninputs = capinputs = 0;
    pthread_mutex_unlock(&inputs_lock);
}

/* ------------------------------------------------------------------ reading */

static void limit_text(size_t max, char *buf, size_t size)
{
    if (max >= 1024u * 1024u && max % (1024u * 1024u) == 0)
        snprintf(buf, size, "%zu MiB", max / (1024u * 1024u));
    else if (max >= 1024u && max % 1024u == 0)
        snprintf(buf, size, "%zu KiB", max / 1024u);
    else
        snprintf(buf, size, "%zu %s", max, ASX_L("バイト", "bytes"));
}

static asx_error too_large(const char *path, size_t max, asx_diags *d)
{
    char lim[48];
    limit_text(max, lim, sizeof lim);
    asx_diags_addf(d, ASX_ERR_DATA, path, 0, 0,
                   ASX_L("ファイルが大きすぎます (上限 %s)", "file is larger than %s"), lim);
    return ASX_ERR_DATA;
}

static asx_error read_error(const char *path, int e, asx_diags *d)
{
    asx_diags_addf(d, ASX_ERR_NOINPUT, path, 0, 0, ASX_L("読み込めません: %s", "cannot read: %s"),
                   strerror(e));
    return ASX_ERR_NOINPUT;
}

asx_error asx_open_input(const char *path, int *fd_out, struct stat *st_out, asx_diags *d)
{
    struct stat st;
    *fd_out = -1;
    /* O_NONBLOCK so that opening a FIFO does not hang before fstat refuses it (and O_NOCTTY
     * so that a terminal device never becomes ours). */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return read_error(path, errno, d);
    if (fstat(fd, &st) != 0) {
        asx_error err = read_error(path, errno, d);
        close(fd);
        return err;
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return read_error(path, EISDIR, d);
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        asx_diags_addf(d, ASX_ERR_NOINPUT, path, 0, 0, "%s",
                       ASX_L("通常のファイルではありません (FIFO・デバイスなどは読みません)",
                             "not a regular file (FIFOs, devices and sockets are not read)"));
        return ASX_ERR_NOINPUT;
    }
    note_input(path, &st);
    /* A regular file never blocks; clear the flag so reads behave the ordinary way. */
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    if (st_out)
        *st_out = st;
    *fd_out = fd;
    return ASX_OK;
}

asx_error asx_read_file(const char *path, size_t max, char **out, size_t *out_len, asx_diags *d)
{
    asx_error err = ASX_OK;
    char *buf = NULL;
    size_t len = 0;
    struct stat st;
    int fd = -1;

    *out = NULL;
    if (out_len)
        *out_len = 0;
    if (strcmp(path, "-") == 0) { /* standard input, which may be a pipe or a terminal */
        fd = dup(STDIN_FILENO);
        if (fd < 0)
            return read_error(path, errno, d);
        if (fstat(fd, &st) != 0) {
            err = read_error(path, errno, d);
            goto done;
        }
        if (S_ISDIR(st.st_mode)) {
            err = read_error(path, EISDIR, d);
            goto done;
        }
        if (!S_ISREG(st.st_mode))
            st.st_size = 0; /* read until the end, whatever fstat says */
    } else {
        err = asx_open_input(path, &fd, &st, d);
        if (err)
            return err;
    }
    if ((uintmax_t)st.st_size > (uintmax_t)max) {
        err = too_large(path, max, d);
        goto done;
    }
    size_t cap = (size_t)st.st_size + 1;
    buf = malloc(cap);
    if (!buf)
        goto nomem;
    for (;;) {
        if (len + 1 == cap) { /* the file grew since fstat */
            if (len >= max + (size_t)1) {
                err = too_large(path, max, d);
                goto done;
            }
            size_t ncap = cap * 2 > max + (size_t)2 ? max + (size_t)2 : cap * 2;
            char *nb = realloc(buf, ncap);
            if (!nb)
                goto nomem;
            buf = nb;
            cap = ncap;
        }
        ssize_t r = read(fd, buf + len, cap - 1 - len);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            err = read_error(path, errno, d);
            goto done;
        }
        if (r == 0)
            break;
        len += (size_t)r;
    }
    if (len > max) {
        err = too_large(path, max, d);
        goto done;
    }
    buf[len] = '\0';
    *out = buf;
    buf = NULL;
    if (out_len)
        *out_len = len;
    goto done;
nomem:
    err = ASX_ERR_NOMEM;
    asx_diags_addf(d, err, path, 0, 0, "%s", ASX_L("メモリ不足", "out of memory"));
done:
    free(buf);
    close(fd);
    return err;
}

/* ------------------------------------------------------------------ writing */

static asx_error cant_create(const char *path, const char *what, int e, asx_diags *d)
{
    if (e)
        asx_diags_addf(d, ASX_ERR_CANTCREAT, path, 0, 0, "%s: %s", what, strerror(e));
    else
        asx_diags_addf(d, ASX_ERR_CANTCREAT, path, 0, 0, "%s", what);
    return ASX_ERR_CANTCREAT;
}

static asx_error nomem_at(const char *path, asx_diags *d)
{
    asx_diags_addf(d, ASX_ERR_NOMEM, path, 0, 0, "%s", ASX_L("メモリ不足", "out of memory"));
    return ASX_ERR_NOMEM;
}

static asx_error io_error(const char *path, const char *what, int e, asx_diags *d)
{
    asx_diags_addf(d, ASX_ERR_IO, path, 0, 0, "%s: %s", what, strerror(e));
    return ASX_ERR_IO;
}

static asx_error already_exists(const char *path, asx_diags *d)
{
    return cant_create(path,
                       ASX_L("既に存在します (置き換えるには --force を指定してください)",
                             "already exists (use --force to replace)"),
                       0, d);
}

/* The folder of path ("." when it has none); caller frees. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return asx_strdup(".");
    if (slash == path)
        return asx_strdup("/");
    return asx_strndup(path, (size_t)(slash - path));
}

/* Checks before writing: path names a file, is not a symbolic link, and exists only if force;
 * unless replacing_input, it is not a file this process read as an input. */
static asx_error check_target_as(const char *path, int force, bool replacing_input, asx_diags *d)
{
    struct stat st;
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
        return cant_create(path, ASX_L("ファイル名ではありません", "not a file name"), 0, d);
    if (lstat(path, &st) == 0) {
        if (S_ISLNK(st.st_mode))
            return cant_create(path,
                               ASX_L("シンボリックリンクです (リンク先には書き込みません)",
                                     "is a symbolic link (refusing to write through it)"),
                               0, d);
        if (S_ISDIR(st.st_mode))
            return cant_create(path, ASX_L("フォルダーです", "is a directory"), 0, d);
        if (!S_ISREG(st.st_mode)) /* --force replaces files, never a FIFO, device or socket */
            return cant_create(path,
                               ASX_L("通常のファイルではありません (FIFO・デバイスなどは置き換えません)",
                                     "is not a regular file (FIFOs, devices and sockets are never replaced)"),
                               0, d);
        char *in = replacing_input ? NULL : input_named(path);
        if (in) {
            asx_diags_addf(d, ASX_ERR_CANTCREAT, path, 0, 0,
                           ASX_L("入力 %s と同じファイルです。入力を上書きしないため、別の出力先を指定してください (--force でも置き換えません)",
                                 "is the same file as the input %s; give another output (not replaced, even with --force)"),
                           in);
            free(in);
            return ASX_ERR_CANTCREAT;
        }
        if (!force)
            return already_exists(path, d);
    } else if (errno != ENOENT) {
        return cant_create(path, ASX_L("確認できません", "cannot check"), errno, d);
    }
    return ASX_OK;
}

static asx_error check_target(const char *path, int force, asx_diags *d)
{
    return check_target_as(path, force, false, d);
}

/* mkstemp "<dir>/.<base>.XXXXXX" beside path; *fd open for writing. */
static asx_error make_temp(const char *path, char **tmp, int *fd, asx_diags *d)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = path + dirlen;
    size_t blen = strlen(base);
    if (blen > 200) /* keep the temporary name under NAME_MAX */
        blen = 200;
    char *t = asx_strdupf("%.*s.%.*s.XXXXXX", (int)dirlen, path, (int)blen, base);
    if (!t) {
        asx_diags_addf(d, ASX_ERR_NOMEM, path, 0, 0, "%s", ASX_L("メモリ不足", "out of memory"));
        return ASX_ERR_NOMEM;
    }
    int f = mkstemp(t);
    if (f < 0) {
        int e = errno;
        free(t);
        if (e == ENOENT || e == ENOTDIR)
            return cant_create(path, ASX_L("出力先のフォルダーがありません", "no such folder"), e,
                               d);
        return cant_create(path, ASX_L("一時ファイルを作成できません", "cannot create a temporary file"),
                           e, d);
    }
    *tmp = t;
    *fd = f;
    return ASX_OK;
}

/* A temporary file for path: unnamed where the file system allows (O_TMPFILE in path's folder,
 * linked into place at commit: a killed run leaves nothing behind), else named beside path
 * (make_temp; removed on failure). tempf_path gives a name to write it by: the name, or
 * /proc/self/fd/N of the unnamed file, which libraries that want a file name can open. */
typedef struct {
    int fd;     /* open for writing, -1 when closed */
    char *name; /* the named temporary, or NULL when unnamed */
    char *proc; /* /proc/self/fd/N of the unnamed one */
} tempf;

static const char *tempf_path(const tempf *t)
{
    return t->name ? t->name : t->proc;
}

static asx_error tempf_make(const char *path, tempf *t, asx_diags *d)
{
    t->fd = -1;
    t->name = t->proc = NULL;
#ifdef O_TMPFILE
    char *dir = dir_of(path);
    if (!dir)
        return nomem_at(path, d);
    int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    free(dir);
    if (fd >= 0) {
        t->proc = asx_strdupf("/proc/self/fd/%d", fd);
        if (t->proc && access(t->proc, F_OK) == 0) {
            t->fd = fd;
            return ASX_OK;
        }
        /* no /proc: the file could not be linked into place; use a named one */
        free(t->proc);
        t->proc = NULL;
        close(fd);
    }
#endif
    return make_temp(path, &t->name, &t->fd, d);
}

/* Close and forget t; a named temporary is removed (installed ones have no name any more). */
static void tempf_discard(tempf *t)
{
    if (t->fd >= 0)
        close(t->fd);
    if (t->name)
        (void)unlink(t->name);
    free(t->name);
    free(t->proc);
    t->fd = -1;
    t->name = t->proc = NULL;
}

/* A fresh name beside path for a hard link ("<dir>/.<base>.XXXXXX", not existing); caller frees. */
static char *spare_name(const char *path, asx_diags *d)
{
    char *t = NULL;
    int fd = -1;
    if (make_temp(path, &t, &fd, d))
        return NULL;
    close(fd);
    (void)unlink(t); /* only the name is wanted: link(2) below makes it again */
    return t;
}

static void fsync_dir(const char *path)
{
    char *dir = dir_of(path);
    if (!dir)
        return;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd); /* some file systems refuse (EINVAL); the data itself is synced */
        close(fd);
    }
    free(dir);
}

/* Put the finished temporary file at path. */
static asx_error install(const char *tmp, const char *path, int force, asx_diags *d)
{
    if (force) {
        if (rename(tmp, path) != 0)
            return cant_create(path, ASX_L("置き換えられません", "cannot replace"), errno, d);
        return ASX_OK;
    }
    if (link(tmp, path) == 0) {
        if (unlink(tmp) != 0)
            return io_error(tmp, ASX_L("一時ファイルを削除できません", "cannot remove the temporary file"),
                            errno, d);
        return ASX_OK;
    }
    int e = errno;
    if (e == EEXIST)
        return already_exists(path, d);
    if (e != EPERM && e != EOPNOTSUPP && e != ENOSYS && e != EMLINK)
        return cant_create(path, ASX_L("作成できません", "cannot create"), e, d);
    /* The file system has no hard links (e.g. FAT): check and rename; a small race remains. */
    struct stat st;
    if (lstat(path, &st) == 0)
        return already_exists(path, d);
    if (rename(tmp, path) != 0)
        return cant_create(path, ASX_L("作成できません", "cannot create"), errno, d);
    return ASX_OK;
}

/* Put the finished temporary t at path. An unnamed one is linked (without force: link fails
 * with EEXIST instead of replacing a file that appeared meanwhile); with force it is linked
 * under a spare name and renamed over path. */
static asx_error install_tempf(tempf *t, const char *path, int force, asx_diags *d)
{
    if (t->name) {
        asx_error err = install(t->name, path, force, d);
        if (!err) {
            free(t->name); /* installed: the name is path's now */
            t->name = NULL;
        }
        return err;
    }
    if (!force) {
        if (linkat(AT_FDCWD, t->proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0)
            return ASX_OK;
        int e = errno;
        if (e == EEXIST)
            return already_exists(path, d);
        return cant_create(path, ASX_L("作成できません", "cannot create"), e, d);
    }
    char *spare = spare_name(path, d);
    if (!spare)
        return ASX_ERR_CANTCREAT;
    asx_error err = ASX_OK;
    if (linkat(AT_FDCWD, t->proc, AT_FDCWD, spare, AT_SYMLINK_FOLLOW) != 0)
        err = cant_create(path, ASX_L("作成できません", "cannot create"), errno, d);
    else if (rename(spare, path) != 0) {
        err = cant_create(path, ASX_L("置き換えられません", "cannot replace"), errno, d);
        (void)unlink(spare);
    }
    free(spare);
    return err;
}

/* Mode and data of fd's file on disk; fd stays open. */
static asx_error sync_fd(int fd, const char *path, mode_t mode, asx_diags *d)
{
    if (fchmod(fd, mode) != 0)
        return io_error(path, ASX_L("権限を設定できません", "cannot set the file mode"), errno, d);
    if (fsync(fd) != 0)
        return io_error(path, ASX_L("書き込みに失敗しました", "write failed"), errno, d);
    return ASX_OK;
}

/* Make fd's file final: mode, data on disk, closed. Closes fd in every case. */
static asx_error finish_fd(int fd, const char *path, mode_t mode, asx_diags *d)
{
    asx_error err = ASX_OK;
    if (fchmod(fd, mode) != 0)
        err = io_error(path, ASX_L("権限を設定できません", "cannot set the file mode"), errno, d);
    else if (fsync(fd) != 0)
        err = io_error(path, ASX_L("書き込みに失敗しました", "write failed"), errno, d);
    if (close(fd) != 0 && err == ASX_OK)
        err = io_error(path, ASX_L("書き込みに失敗しました", "write failed"), errno, d);
    return err;
}

static asx_error write_all(int fd, const char *path, const void *data, size_t len, asx_diags *d)
{
    const char *p = data;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return io_error(path, ASX_L("書き込みに失敗しました", "write failed"), errno, d);
        }
        p += w;
        len -= (size_t)w;
    }
    return ASX_OK;
}

asx_error asx_write_file(const char *path, const void *data, size_t len, int force, mode_t mode,
                         asx_diags *d)
{
    tempf t;
    asx_error err = check_target(path, force, d);
    if (err)
        return err;
    err = tempf_make(path, &t, d);
    if (err)
        return err;
    err = write_all(t.fd, path, data, len, d);
    if (!err)
        err = sync_fd(t.fd, path, mode, d);
    if (!err)
        err = install_tempf(&t, path, force, d);
    if (!err)
        fsync_dir(path);
    tempf_discard(&t);
    return err;
}

asx_error asx_temp_path(const char *path, char **tmp, asx_diags *d)
{
    int fd = -1;
    *tmp = NULL;
    asx_error err = make_temp(path, tmp, &fd, d);
    if (err)
        return err;
    if (close(fd) != 0) {
        err = io_error(path, ASX_L("一時ファイルを作成できません", "cannot create a temporary file"),
                       errno, d);
        unlink(*tmp);
        free(*tmp);
        *tmp = NULL;
    }
    return err;
}

asx_error asx_commit_file(const char *tmp, const char *path, int force, mode_t mode, int ok,
                          asx_diags *d)
{
    asx_error err = ASX_OK;
    if (!tmp)
        return ASX_OK;
    if (!ok)
        goto done;
    /* the register is rewritten through here: its input is its output (the writers of other
     * outputs checked with asx_refuse_existing before they began) */
    err = check_target_as(path, force, true, d);
    if (err)
        goto done;
    int fd = open(tmp, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        err = io_error(path, ASX_L("一時ファイルを開けません", "cannot open the temporary file"),
                       errno, d);
        goto done;
    }
    err = finish_fd(fd, path, mode, d);
    if (err)
        goto done;
    err = install(tmp, path, force, d);
    if (err)
        goto done;
    fsync_dir(path);
    return ASX_OK;
done:
    unlink(tmp);
    return err;
}

/* ------------------------------------------------------------------ SHA-256 */

/* SHA-256 is GLib's GChecksum: GLib is loaded anyway (NFC, HarfBuzz), and its first digest costs
 * nothing to set up, unlike OpenSSL's EVP, whose first digest of a process loads the OpenSSL
 * configuration and the default provider (about 5 M instructions, issue 23). */
static void hex_of(GChecksum *c, char hex[65])
{
    const gchar *h = g_checksum_get_string(c); /* lowercase hex, owned by c */
    memcpy(hex, h, 64);
    hex[64] = '\0';
}

bool asx_sha256_mem(const void *data, size_t len, char hex[65])
{
    hex[0] = '\0';
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
    if (!c)
        return false;
    const unsigned char *p = data;
    while (len) { /* GLib takes a gssize */
        size_t n = len > ((size_t)1 << 30) ? ((size_t)1 << 30) : len;
        g_checksum_update(c, p, (gssize)n);
        p += n;
        len -= n;
    }
    hex_of(c, hex);
    g_checksum_free(c);
    return true;
}

asx_error asx_sha256_file(const char *path, char hex[65], asx_diags *d)
{
    asx_error err = ASX_OK;
    GChecksum *c = NULL;
    unsigned char *chunk = NULL;

    hex[0] = '\0';
    int fd = -1;
    err = asx_open_input(path, &fd, NULL, d);
    if (err)
        return err;
    chunk = malloc(65536);
    c = g_checksum_new(G_CHECKSUM_SHA256);
    if (!chunk || !c) {
        err = ASX_ERR_NOMEM;
        asx_diags_addf(d, err, path, 0, 0, "%s", ASX_L("メモリ不足", "out of memory"));
        goto done;
    }
    for (;;) {
        ssize_t r = read(fd, chunk, 65536);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            err = read_error(path, errno, d);
            goto done;
        }
        if (r == 0)
            break;
        g_checksum_update(c, chunk, r);
    }
    hex_of(c, hex);
done:
    if (c)
        g_checksum_free(c);
    free(chunk);
    close(fd);
    return err;
}

/* ------------------------------------------------------------------ safe names */

/* Characters dropped from names: controls, noncharacters, bidirectional and line-separating
 * characters, everything drawn as nothing (default-ignorable: zero-width, U+00AD, U+180E,
 * variation selectors, tag characters, …) and the replacement character. */
static bool invisible(unsigned cp)
{
    return asx_cp_is_unsafe(cp) || asx_cp_is_default_ignorable(cp) || cp == 0xFFFD;
}

/* s in Unicode normalisation form C (GLib's g_utf8_normalize), so that one name typed two ways
 * (が as one code point or as か + U+3099) gives one file. NULL when s is not valid UTF-8 or on
 * failure (the caller keeps s as it is and drops the bad bytes); the result is the caller's,
 * freed with free(). */
static char *to_nfc(const char *s)
{
    /* g_utf8_normalize trusts its input: a truncated sequence at the end is read past it */
    if (strlen(s) > 4096 || !g_utf8_validate(s, -1, NULL))
        return NULL;
    gchar *g = g_utf8_normalize(s, -1, G_NORMALIZE_NFC);
    if (!g)
        return NULL;
    char *out = asx_strdup(g);
    g_free(g);
    return out;
}

/* Windows refuses these as the part of a file name before its first dot, in any case
 * (CON, con.pdf, COM1.xlsx, LPT¹ …). */
static bool device_name(const char *s, size_t n)
{
    static const char *const names[] = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == n && strncasecmp(s, names[i], n) == 0)
            return true;
    if (n >= 4 && (strncasecmp(s, "COM", 3) == 0 || strncasecmp(s, "LPT", 3) == 0)) {
        const char *t = s + 3;
        size_t k = n - 3;
        if (k == 1 && t[0] >= '0' && t[0] <= '9')
            return true;
        /* superscript digits ¹ ² ³ (U+00B9, U+00B2, U+00B3) count too */
        if (k == 2 && (unsigned char)t[0] == 0xC2 &&
            ((unsigned char)t[1] == 0xB9 || (unsigned char)t[1] == 0xB2 || (unsigned char)t[1] == 0xB3))
            return true;
    }
    return false;
}

static bool replaced(unsigned cp)
{
    return cp == '/' || cp == '\\' || cp == ':' || cp == '*' || cp == '?' || cp == '"' ||
           cp == '<' || cp == '>' || cp == '|' || cp == ' ' || cp == 0x3000 || cp == 0xA0;
}

/* Drop trailing '.' and '_' (Windows ignores trailing dots; '_' left over from cutting). */
static void trim_end(asx_buf *b)
{
    while (b->len > 0 && (b->s[b->len - 1] == '.' || b->s[b->len - 1] == '_'))
        b->s[--b->len] = '\0';
}

char *asx_safe_name(const char *s, size_t max_bytes)
{
    asx_buf b = {0};
    char *norm = s ? to_nfc(s) : NULL;
    if (norm)
        s = norm;
    size_t n = s ? strlen(s) : 0;
    if (max_bytes == 0)
        max_bytes = 200;
    while (n > 0) {
        unsigned cp;
        size_t k = asx_utf8_next(s, n, &cp);
        const char *ch = s;
        s += k;
        n -= k;
        if (invisible(cp))
            continue;
        char last = b.len ? b.s[b.len - 1] : '\0';
        if (replaced(cp) || cp == '_') {
            if (b.len > 0 && last != '_') /* no leading '_', no runs */
                asx_buf_addc(&b, '_');
            continue;
        }
        if (cp == '.') {
            if (b.len > 0 && last != '.' && last != '_') /* no leading dots, no ".." */
                asx_buf_addc(&b, '.');
            continue;
        }
        if (b.len + k > max_bytes)
            break;
        asx_buf_add(&b, ch, k);
    }
    free(norm);
    if (b.oom) {
        asx_buf_free(&b);
        return NULL;
    }
    if (b.len > max_bytes) { /* a separator added at the limit */
        b.len = max_bytes;
        b.s[b.len] = '\0';
    }
    trim_end(&b);
    if (b.len == 0) {
        asx_buf_free(&b);
        return asx_strdup("unnamed");
    }
    const char *dot = memchr(b.s, '.', b.len);
    size_t stem = dot ? (size_t)(dot - b.s) : b.len;
    if (device_name(b.s, stem)) { /* CON -> CON_, con.x -> con_.x */
        asx_buf t = {0};
        asx_buf_add(&t, b.s, stem);
        asx_buf_addc(&t, '_');
        asx_buf_adds(&t, b.s + stem);
        asx_buf_free(&b);
        if (t.oom) {
            asx_buf_free(&t);
            return NULL;
        }
        return asx_buf_take(&t);
    }
    return asx_buf_take(&b);
}

asx_error asx_refuse_existing(const char *path, int force, asx_diags *d)
{
    struct stat st;
    asx_error err = check_target(path, 1, d); /* a folder, a link, a FIFO or device: never */
    if (err || force || lstat(path, &st) != 0)
        return err;
    asx_diags_addf(d, ASX_ERR_CANTCREAT, path, 0, 0,
                   ASX_L("既に存在します (上書きするには --force)", "already exists (use --force to replace it)"));
    return ASX_ERR_CANTCREAT;
}

/* ------------------------------------------------------------------ sets of outputs */

typedef struct {
    char *path;    /* the destination */
    tempf t;       /* its temporary file (unnamed where the file system allows) */
    mode_t mode;
    char *backup;  /* a hard link to the file path held before the commit (force only) */
    bool written;  /* the content is complete (asx_outset_done or add_data) */
    bool installed;
} member;

struct asx_outset {
    int force;
    member *v;
    size_t n, cap;
    bool failed;
    bool committed;
};

asx_outset *asx_outset_new(int force)
{
    asx_outset *s = calloc(1, sizeof *s);
    if (s)
        s->force = force;
    return s;
}

static member *find_member(asx_outset *s, const char *path)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i].path, path) == 0)
            return &s->v[i];
    return NULL;
}

asx_error asx_outset_add(asx_outset *s, const char *path, const char **tmp, asx_diags *d)
{
    *tmp = NULL;
    if (find_member(s, path))
        return cant_create(path, ASX_L("同じ出力が 2 度指定されました", "the same output is named twice"), 0,
                           d);
    asx_error err = check_target(path, s->force, d);
    if (err) {
        s->failed = true;
        return err;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 4;
        member *nv = realloc(s->v, cap * sizeof *nv);
        if (!nv) {
            s->failed = true;
            return nomem_at(path, d);
        }
        s->v = nv;
        s->cap = cap;
    }
    member *m = &s->v[s->n];
    memset(m, 0, sizeof *m);
    m->mode = ASX_OUTPUT_MODE;
    m->path = asx_strdup(path);
    if (!m->path) {
        s->failed = true;
        return nomem_at(path, d);
    }
    err = tempf_make(path, &m->t, d);
    if (err) {
        free(m->path);
        s->failed = true;
        return err;
    }
    s->n++;
    *tmp = tempf_path(&m->t);
    return ASX_OK;
}

asx_error asx_outset_set_mode(asx_outset *s, const char *path, mode_t mode)
{
    member *m = find_member(s, path);
    if (!m)
        return ASX_ERR_INTERNAL;
    m->mode = mode;
    return ASX_OK;
}

asx_error asx_outset_done(asx_outset *s, const char *path, asx_error result)
{
    member *m = find_member(s, path);
    if (!m)
        return ASX_ERR_INTERNAL;
    if (result)
        s->failed = true;
    else
        m->written = true;
    return result;
}

asx_error asx_outset_add_data(asx_outset *s, const char *path, const void *data, size_t len,
                              asx_diags *d)
{
    const char *tmp = NULL;
    asx_error err = asx_outset_add(s, path, &tmp, d);
    if (err)
        return err;
    err = write_all(find_member(s, path)->t.fd, path, data, len, d);
    return asx_outset_done(s, path, err);
}

asx_error asx_outset_write(asx_outset *set, const char *path, const void *data, size_t len, int force,
                           mode_t mode, asx_diags *d)
{
    asx_outset *s = set ? set : asx_outset_new(force);
    if (!s)
        return ASX_ERR_NOMEM;
    asx_error err = asx_outset_add_data(s, path, data, len, d);
    if (!err)
        err = asx_outset_set_mode(s, path, mode);
    if (!set) {
        if (!err)
            err = asx_outset_commit(s, d);
        asx_outset_free(s);
    }
    return err;
}

/* Put the old files back (or take the new ones away) for every member installed so far. */
static void roll_back(asx_outset *s)
{
    for (size_t i = 0; i < s->n; i++) {
        member *m = &s->v[i];
        if (!m->installed)
            continue;
        if (m->backup)
            (void)rename(m->backup, m->path);
        else
            (void)unlink(m->path);
        m->installed = false;
    }
}

/* Is member i in the directory of an earlier member? */
static bool same_dir_before(const asx_outset *s, size_t i)
{
    char *di = dir_of(s->v[i].path);
    bool same = false;
    for (size_t k = 0; k < i && di && !same; k++) {
        char *dk = dir_of(s->v[k].path);
        same = dk && strcmp(di, dk) == 0;
        free(dk);
    }
    free(di);
    return same;
}

/* The content of member m on disk with its mode. A caller that wrote the temporary by its
 * name (libxlsxwriter) wrote the same file the member holds open. */
static asx_error sync_member(member *m, asx_diags *d)
{
    if (!m->t.name)
        return sync_fd(m->t.fd, m->path, m->mode, d);
    int fd = open(m->t.name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return io_error(m->path, ASX_L("一時ファイルを開けません", "cannot open the temporary file"), errno, d);
    asx_error err = sync_fd(fd, m->path, m->mode, d);
    close(fd);
    return err;
}

asx_error asx_outset_commit(asx_outset *s, asx_diags *d)
{
    asx_error err = ASX_OK;
    if (s->failed || s->committed)
        return ASX_ERR_INTERNAL;
    for (size_t i = 0; i < s->n; i++)
        if (!s->v[i].written)
            return ASX_ERR_INTERNAL;
    /* 1. every file complete on disk with its mode, before any name changes */
    for (size_t i = 0; i < s->n && !err; i++) {
        member *m = &s->v[i];
        err = check_target(m->path, s->force, d);
        if (!err)
            err = sync_member(m, d);
    }
    /* 2. keep a link to each file being replaced, so a failed rename can put it back */
    for (size_t i = 0; i < s->n && !err && s->force; i++) {
        member *m = &s->v[i];
        struct stat st;
        if (lstat(m->path, &st) != 0)
            continue;
        asx_diags quiet;
        asx_diags_init(&quiet);
        m->backup = spare_name(m->path, &quiet);
        asx_diags_free(&quiet);
        if (m->backup && link(m->path, m->backup) != 0) { /* no hard links: no way back */
            free(m->backup);
            m->backup = NULL;
        }
    }
    /* 3. all names at once; any failure puts every old file back */
    for (size_t i = 0; i < s->n && !err; i++) {
        member *m = &s->v[i];
        err = install_tempf(&m->t, m->path, s->force, d);
        if (!err)
            m->installed = true;
    }
    if (err) {
        roll_back(s);
        s->failed = true;
    } else {
        s->committed = true;
        for (size_t i = 0; i < s->n; i++)
            if (!same_dir_before(s, i)) /* each directory once: a pack's files share one */
                fsync_dir(s->v[i].path);
    }
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].backup)
            (void)unlink(s->v[i].backup);
    return err;
}

void asx_outset_free(asx_outset *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        member *m = &s->v[i];
        tempf_discard(&m->t); /* an unnamed one vanishes; a named one not installed is removed */
        free(m->path);
        free(m->backup);
    }
    free(s->v);
    free(s);
}
