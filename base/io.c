/* io.c - reading inputs with a size limit, atomic no-clobber writes, SHA-256, safe names.
 *
 * Writes go to a temporary file beside the destination (same file system, so the final step is
 * atomic), which is fsynced before it is linked into place; without --force the final step is
 * link(2), which fails with EEXIST instead of replacing a file that appeared in the meantime. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>

#include "asx/io.h"
#include "asx/util.h"

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

asx_error asx_read_file(const char *path, size_t max, char **out, size_t *out_len, asx_diags *d)
{
    asx_error err = ASX_OK;
    char *buf = NULL;
    size_t len = 0;
    struct stat st;

    *out = NULL;
    if (out_len)
        *out_len = 0;
    /* "-" is standard input, which may be a pipe. Anything else: O_NONBLOCK so that opening a
     * FIFO does not hang before fstat refuses it. */
    bool is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
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
    if (!is_stdin && !S_ISREG(st.st_mode)) {
        asx_diags_addf(d, ASX_ERR_NOINPUT, path, 0, 0, "%s",
                       ASX_L("通常のファイルではありません", "not a regular file"));
        err = ASX_ERR_NOINPUT;
        goto done;
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

/* Checks before writing: path names a file, is not a symbolic link, and exists only if force. */
static asx_error check_target(const char *path, int force, asx_diags *d)
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
        if (!force)
            return already_exists(path, d);
    } else if (errno != ENOENT) {
        return cant_create(path, ASX_L("確認できません", "cannot check"), errno, d);
    }
    return ASX_OK;
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
    char *tmp = NULL;
    int fd = -1;
    asx_error err = check_target(path, force, d);
    if (err)
        return err;
    err = make_temp(path, &tmp, &fd, d);
    if (err)
        return err;
    err = write_all(fd, path, data, len, d);
    if (err) {
        close(fd);
        goto done;
    }
    err = finish_fd(fd, path, mode, d);
    if (err)
        goto done;
    err = install(tmp, path, force, d);
    if (err)
        goto done;
    fsync_dir(path);
done:
    if (err)
        unlink(tmp);
    free(tmp);
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
    err = check_target(path, force, d);
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

static asx_error crypto_error(const char *path, asx_diags *d)
{
    char msg[256];
    unsigned long e = ERR_get_error();
    if (e)
        ERR_error_string_n(e, msg, sizeof msg);
    else
        snprintf(msg, sizeof msg, "EVP");
    asx_diags_addf(d, ASX_ERR_INTERNAL, path, 0, 0, "SHA-256: %s", msg);
    return ASX_ERR_INTERNAL;
}

asx_error asx_sha256_file(const char *path, char hex[65], asx_diags *d)
{
    asx_error err = ASX_OK;
    EVP_MD_CTX *ctx = NULL;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    static const char digits[] = "0123456789abcdef";
    unsigned char *chunk = NULL;

    hex[0] = '\0';
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return read_error(path, errno, d);
    chunk = malloc(65536);
    if (!chunk) {
        err = ASX_ERR_NOMEM;
        asx_diags_addf(d, err, path, 0, 0, "%s", ASX_L("メモリ不足", "out of memory"));
        goto done;
    }
    ctx = EVP_MD_CTX_new();
    if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
        err = crypto_error(path, d);
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
        if (EVP_DigestUpdate(ctx, chunk, (size_t)r) != 1) {
            err = crypto_error(path, d);
            goto done;
        }
    }
    if (EVP_DigestFinal_ex(ctx, md, &mdlen) != 1 || mdlen != 32) {
        err = crypto_error(path, d);
        goto done;
    }
    for (unsigned i = 0; i < 32; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[64] = '\0';
done:
    EVP_MD_CTX_free(ctx);
    free(chunk);
    close(fd);
    return err;
}

/* ------------------------------------------------------------------ safe names */

/* Characters dropped from names: controls, zero-width and bidirectional formatting marks. */
static bool invisible(unsigned cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF ||
           cp == 0xFFFD;
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
    return asx_buf_take(&b);
}

asx_error asx_refuse_existing(const char *path, int force, asx_diags *d)
{
    struct stat st;
    if (force || lstat(path, &st) != 0)
        return ASX_OK;
    asx_diags_addf(d, ASX_ERR_CANTCREAT, path, 0, 0,
                   ASX_L("既に存在します (上書きするには --force)", "already exists (use --force to replace it)"));
    return ASX_ERR_CANTCREAT;
}
