/* test_io.c - size-limited reads, atomic no-clobber writes, SHA-256, safe file names. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "asx/io.h"
#include "asx/util.h"
#include "testutil.h"

static char dir[64];
static asx_diags d;

static void rm_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *dp = opendir(path);
        if (dp) {
            struct dirent *e;
            while ((e = readdir(dp)) != NULL) {
                if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                    continue;
                char *sub = asx_strdupf("%s/%s", path, e->d_name);
                rm_tree(sub);
                free(sub);
            }
            closedir(dp);
        }
        chmod(path, 0700);
        rmdir(path);
    } else {
        unlink(path);
    }
}

static void setup(void)
{
    asx_ui_lang = ASX_LANG_EN;
    snprintf(dir, sizeof dir, "/tmp/asx-test-io.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    asx_diags_init(&d);
}

static void teardown(void)
{
    asx_diags_free(&d);
    rm_tree(dir);
    asx_inputs_forget();
}

/* dir/name (static buffer, two slots so two paths can be used in one call; copy it to keep it) */
static const char *P(const char *name)
{
    static char buf[2][512];
    static int k;
    k ^= 1;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
}

static char *get(const char *path)
{
    char *buf = NULL;
    size_t len = 0;
    asx_diags dd;
    asx_diags_init(&dd);
    ck_assert_int_eq(asx_read_file(path, ASX_MAX_INPUT, &buf, &len, &dd), ASX_OK);
    asx_diags_free(&dd);
    asx_inputs_forget(); /* reading an output back to check it does not make it an input */
    return buf;
}

/* Number of entries in dir (temporary files left behind show up here). */
static int entries(void)
{
    int n = 0;
    DIR *dp = opendir(dir);
    ck_assert_ptr_nonnull(dp);
    struct dirent *e;
    while ((e = readdir(dp)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(dp);
    return n;
}

START_TEST(read_ok)
{
    put(P("a.json"), "{\"a\": 1}\n");
    char *buf = NULL;
    size_t len = 0;
    ck_assert_int_eq(asx_read_file(P("a.json"), ASX_MAX_INPUT, &buf, &len, &d), ASX_OK);
    ck_assert_uint_eq(len, 9);
    ck_assert_str_eq(buf, "{\"a\": 1}\n");
    free(buf);
    put(P("empty"), "");
    ck_assert_int_eq(asx_read_file(P("empty"), 10, &buf, &len, &d), ASX_OK);
    ck_assert_uint_eq(len, 0);
    ck_assert_str_eq(buf, "");
    free(buf);
    put(P("ten"), "0123456789"); /* exactly the limit */
    ck_assert_int_eq(asx_read_file(P("ten"), 10, &buf, NULL, &d), ASX_OK);
    free(buf);
    ck_assert_uint_eq(d.n, 0);
}
END_TEST

START_TEST(read_errors)
{
    char *buf = (char *)1;
    size_t len = 99;
    ck_assert_int_eq(asx_read_file(P("missing.json"), ASX_MAX_INPUT, &buf, &len, &d),
                     ASX_ERR_NOINPUT);
    ck_assert_ptr_null(buf);
    ck_assert_str_eq(d.v[0].file, P("missing.json"));
    ck_assert_str_eq(d.v[0].msg, "cannot read: No such file or directory");
    ck_assert_int_eq(asx_read_file(dir, ASX_MAX_INPUT, &buf, &len, &d), ASX_ERR_NOINPUT);
    ck_assert(tu_diags_have(&d, "Is a directory"));
    /* a FIFO is refused at once instead of blocking */
    ck_assert_int_eq(mkfifo(P("fifo"), 0600), 0);
    ck_assert_int_eq(asx_read_file(P("fifo"), ASX_MAX_INPUT, &buf, &len, &d), ASX_ERR_NOINPUT);
    ck_assert(tu_diags_have(&d, "not a regular file"));
    put(P("eleven"), "0123456789X");
    ck_assert_int_eq(asx_read_file(P("eleven"), 10, &buf, &len, &d), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&d, "file is larger than 10 bytes"));
    ck_assert_int_eq(d.worst, ASX_ERR_NOINPUT);
}
END_TEST

START_TEST(read_too_large)
{
    int fd = open(P("big.json"), O_WRONLY | O_CREAT, 0600);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(ftruncate(fd, (off_t)ASX_MAX_INPUT + 1), 0); /* sparse: cheap */
    close(fd);
    char *buf = NULL;
    ck_assert_int_eq(asx_read_file(P("big.json"), ASX_MAX_INPUT, &buf, NULL, &d), ASX_ERR_DATA);
    ck_assert_ptr_null(buf);
    ck_assert_str_eq(d.v[0].msg, "file is larger than 16 MiB");
    asx_ui_lang = ASX_LANG_JA;
    ck_assert_int_eq(asx_read_file(P("big.json"), ASX_MAX_INPUT, &buf, NULL, &d), ASX_ERR_DATA);
    ck_assert_str_eq(d.v[1].msg, "ファイルが大きすぎます (上限 16 MiB)");
}
END_TEST

START_TEST(write_new_and_no_clobber)
{
    char out[512];
    snprintf(out, sizeof out, "%s", P("out.pdf"));
    ck_assert_int_eq(asx_write_file(out, "first", 5, 0, 0640, &d), ASX_OK);
    char *s = get(out);
    ck_assert_str_eq(s, "first");
    free(s);
    struct stat st;
    ck_assert_int_eq(stat(out, &st), 0);
    ck_assert_int_eq(st.st_mode & 07777, 0640);
    ck_assert_int_eq(entries(), 1);

    ck_assert_int_eq(asx_write_file(out, "second", 6, 0, 0644, &d), ASX_ERR_CANTCREAT);
    ck_assert_str_eq(d.v[0].msg, "already exists (use --force to replace)");
    ck_assert_str_eq(d.v[0].file, out);
    s = get(out);
    ck_assert_str_eq(s, "first"); /* untouched */
    free(s);
    ck_assert_int_eq(entries(), 1); /* no temporary file left */

    ck_assert_int_eq(asx_write_file(out, "second", 6, 1, 0644, &d), ASX_OK);
    s = get(out);
    ck_assert_str_eq(s, "second");
    free(s);
    ck_assert_int_eq(stat(out, &st), 0);
    ck_assert_int_eq(st.st_mode & 07777, 0644);
    ck_assert_int_eq(entries(), 1);

    ck_assert_int_eq(asx_write_file(P("zero"), "", 0, 0, 0600, &d), ASX_OK);
    ck_assert_int_eq(stat(P("zero"), &st), 0);
    ck_assert_int_eq(st.st_size, 0);
    asx_ui_lang = ASX_LANG_JA;
    ck_assert_int_eq(asx_write_file(out, "x", 1, 0, 0644, &d), ASX_ERR_CANTCREAT);
    ck_assert(tu_diags_have(&d, "--force"));
}
END_TEST

START_TEST(write_missing_dir)
{
    char out[512];
    snprintf(out, sizeof out, "%s", P("no/such/dir/out.xlsx"));
    ck_assert_int_eq(asx_write_file(out, "x", 1, 0, 0644, &d), ASX_ERR_CANTCREAT);
    ck_assert_int_eq(asx_exit_code(d.worst), 73);
    ck_assert(tu_diags_have(&d, "no such folder"));
    ck_assert_int_eq(asx_write_file(out, "x", 1, 1, 0644, &d), ASX_ERR_CANTCREAT);
    char *tmp = (char *)1;
    ck_assert_int_eq(asx_temp_path(out, &tmp, &d), ASX_ERR_CANTCREAT);
    ck_assert_ptr_null(tmp);
    /* a path naming a folder is not a file name */
    ck_assert_int_eq(asx_write_file(dir, "x", 1, 1, 0644, &d), ASX_ERR_CANTCREAT);
    char *slash = asx_strdupf("%s/", dir);
    ck_assert_int_eq(asx_write_file(slash, "x", 1, 1, 0644, &d), ASX_ERR_CANTCREAT);
    free(slash);
    ck_assert_int_eq(entries(), 0);
}
END_TEST

START_TEST(write_symlinks)
{
    /* a symlink planted at the output name is never followed, even with --force */
    put(P("victim"), "precious");
    ck_assert_int_eq(symlink(P("victim"), P("out.pdf")), 0);
    ck_assert_int_eq(asx_write_file(P("out.pdf"), "evil", 4, 1, 0644, &d), ASX_ERR_CANTCREAT);
    ck_assert(tu_diags_have(&d, "symbolic link"));
    ck_assert_int_eq(asx_write_file(P("out.pdf"), "evil", 4, 0, 0644, &d), ASX_ERR_CANTCREAT);
    char *s = get(P("victim"));
    ck_assert_str_eq(s, "precious");
    free(s);
    /* a dangling symlink too */
    ck_assert_int_eq(symlink(P("nowhere"), P("dangling")), 0);
    ck_assert_int_eq(asx_write_file(P("dangling"), "evil", 4, 0, 0644, &d), ASX_ERR_CANTCREAT);
    struct stat st;
    ck_assert_int_ne(lstat(P("nowhere"), &st), 0);
    /* the output folder may be a symlink */
    ck_assert_int_eq(mkdir(P("real"), 0700), 0);
    ck_assert_int_eq(symlink(P("real"), P("linkdir")), 0);
    ck_assert_int_eq(asx_write_file(P("linkdir/ok.txt"), "ok", 2, 0, 0644, &d), ASX_OK);
    s = get(P("real/ok.txt"));
    ck_assert_str_eq(s, "ok");
    free(s);
}
END_TEST

/* Writes beyond RLIMIT_FSIZE fail with EFBIG: an I/O error, 74, and no file left behind.
 * Runs in a child so the limit does not leak into other tests. */
START_TEST(write_io_error)
{
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit rl = {100, 100};
        if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
            _exit(10);
        static char data[4096];
        asx_diags dd;
        asx_diags_init(&dd);
        asx_error err = asx_write_file(P("big.bin"), data, sizeof data, 0, 0644, &dd);
        if (err != ASX_ERR_IO || asx_exit_code(dd.worst) != 74)
            _exit(11);
        if (!tu_diags_have(&dd, "write failed: File too large"))
            _exit(12);
        _exit(0);
    }
    int status = 0;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 0);
    ck_assert_int_eq(entries(), 0); /* the temporary file was removed */
}
END_TEST

START_TEST(write_readonly_dir)
{
    if (geteuid() == 0)
        return; /* root ignores permissions */
    ck_assert_int_eq(mkdir(P("ro"), 0500), 0);
    ck_assert_int_eq(asx_write_file(P("ro/x"), "x", 1, 0, 0644, &d), ASX_ERR_CANTCREAT);
    ck_assert(tu_diags_have(&d, "Permission denied"));
}
END_TEST

START_TEST(temp_and_commit)
{
    char out[512];
    snprintf(out, sizeof out, "%s", P("report.xlsx"));
    char *tmp = NULL;
    ck_assert_int_eq(asx_temp_path(out, &tmp, &d), ASX_OK);
    ck_assert_ptr_nonnull(tmp);
    ck_assert_ptr_nonnull(strstr(tmp, "/.report.xlsx."));
    struct stat st;
    ck_assert_int_eq(stat(tmp, &st), 0); /* reserved by mkstemp */
    put(tmp, "library output"); /* the library overwrites it */
    ck_assert_int_eq(asx_commit_file(tmp, out, 0, 0640, 1, &d), ASX_OK);
    free(tmp);
    char *s = get(out);
    ck_assert_str_eq(s, "library output");
    free(s);
    ck_assert_int_eq(stat(out, &st), 0);
    ck_assert_int_eq(st.st_mode & 07777, 0640);
    ck_assert_int_eq(entries(), 1);

    /* the library failed: the temporary file goes away, nothing is created */
    ck_assert_int_eq(asx_temp_path(P("failed.pdf"), &tmp, &d), ASX_OK);
    ck_assert_int_eq(asx_commit_file(tmp, P("failed.pdf"), 0, 0644, 0, &d), ASX_OK);
    free(tmp);
    ck_assert_int_eq(entries(), 1);

    /* existing output without force */
    ck_assert_int_eq(asx_temp_path(out, &tmp, &d), ASX_OK);
    put(tmp, "new");
    ck_assert_int_eq(asx_commit_file(tmp, out, 0, 0644, 1, &d), ASX_ERR_CANTCREAT);
    ck_assert(tu_diags_have(&d, "already exists"));
    free(tmp);
    ck_assert_int_eq(entries(), 1);
    s = get(out);
    ck_assert_str_eq(s, "library output");
    free(s);
    ck_assert_int_eq(asx_temp_path(out, &tmp, &d), ASX_OK);
    put(tmp, "new");
    ck_assert_int_eq(asx_commit_file(tmp, out, 1, 0644, 1, &d), ASX_OK);
    free(tmp);
    s = get(out);
    ck_assert_str_eq(s, "new");
    free(s);
    ck_assert_int_eq(entries(), 1);
    ck_assert_int_eq(asx_commit_file(NULL, out, 1, 0644, 1, &d), ASX_OK);
}
END_TEST

START_TEST(sha256)
{
    char hex[65];
    put(P("abc"), "abc");
    ck_assert_int_eq(asx_sha256_file(P("abc"), hex, &d), ASX_OK);
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    put(P("empty"), "");
    ck_assert_int_eq(asx_sha256_file(P("empty"), hex, &d), ASX_OK);
    ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    /* more than one read chunk: one million 'a' (FIPS 180-2 test vector) */
    char *m = malloc(1000000);
    memset(m, 'a', 1000000);
    ck_assert_int_eq(asx_write_file(P("million"), m, 1000000, 0, 0644, &d), ASX_OK);
    free(m);
    ck_assert_int_eq(asx_sha256_file(P("million"), hex, &d), ASX_OK);
    ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    ck_assert_int_eq(asx_sha256_file(P("missing"), hex, &d), ASX_ERR_NOINPUT);
    ck_assert_str_eq(hex, "");
}
END_TEST

/* FIPS 180-4's two-block example and every length around the padding's boundaries (55 fits one
 * block, 56 needs two), from memory and from a file read in pieces. Expected values: Python's
 * hashlib. */
START_TEST(sha256_boundaries)
{
    static const struct {
        size_t n;
        const char *hex;
    } want[] = {
        {55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b"},
        {56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27"},
        {63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055"},
        {64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241"},
        {65, "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e"},
        {119, "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e"},
        {120, "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5"},
        {128, "d2742f1f4ac6bb7ca2b239ee18402ba8b3f9f8e652d2a72973c2b9ba11c08cf6"},
    };
    char hex[65];
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    ck_assert(asx_sha256_mem(two, strlen(two), hex));
    ck_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    unsigned char data[128];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)((i * 7 + 3) & 255);
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        ck_assert(asx_sha256_mem(data, want[k].n, hex));
        ck_assert_msg(strcmp(hex, want[k].hex) == 0, "length %zu: %s", want[k].n, hex);
        char name[32], fhex[65];
        snprintf(name, sizeof name, "len%zu", want[k].n);
        ck_assert_int_eq(asx_write_file(P(name), data, want[k].n, 0, 0644, &d), ASX_OK);
        ck_assert_int_eq(asx_sha256_file(P(name), fhex, &d), ASX_OK);
        ck_assert_str_eq(fhex, want[k].hex);
    }
}
END_TEST

static void expect_safe(const char *in, size_t max, const char *want)
{
    char *s = asx_safe_name(in, max);
    ck_assert_ptr_nonnull(s);
    ck_assert_msg(strcmp(s, want) == 0, "safe_name(\"%s\") = \"%s\", want \"%s\"", in ? in : "NULL",
                  s, want);
    free(s);
}

START_TEST(safe_names)
{
    expect_safe("../../etc/x", 100, "etc_x");
    expect_safe("株式会社みなとクラウド みなとドライブ", 100, "株式会社みなとクラウド_みなとドライブ");
    expect_safe("A/B\\C:D*E?F\"G<H>I|J", 100, "A_B_C_D_E_F_G_H_I_J");
    expect_safe(".hidden", 100, "hidden");
    expect_safe("...", 100, "unnamed");
    expect_safe("", 100, "unnamed");
    expect_safe(NULL, 100, "unnamed");
    expect_safe("  ", 100, "unnamed");
    expect_safe("a..b", 100, "a.b");
    expect_safe("name.", 100, "name");
    expect_safe("Example Cloud, Inc.", 100, "Example_Cloud,_Inc");
    expect_safe("tab\there\nnew\x7f", 100, "tabherenew");
    expect_safe("a\xE2\x80\xAE" "fdp.exe", 100, "afdp.exe");       /* U+202E RLO */
    expect_safe("x\xE2\x80\x8Fy\xE2\x81\xA6z\xE2\x80\x8Bw", 100, "xyzw"); /* RLM, LRI, ZWSP */
    expect_safe("全角\xE3\x80\x80空白", 100, "全角_空白");       /* U+3000 */
    expect_safe("bad\xFFutf8", 100, "badutf8");
    expect_safe("\xF4\x9A\xF4\xEC\xF4\xF4\xF4\xF4RRN\xEC\xD0\xF4\xF4", 100, "RRN");
    expect_safe("a  /  b", 100, "a_b");
    /* cut at whole characters */
    expect_safe("日本語テキスト", 10, "日本語");
    expect_safe("日本語テキスト", 9, "日本語");
    expect_safe("日本語テキスト", 8, "日本");
    expect_safe("abc def", 4, "abc");
    char *s = asx_safe_name("0123456789012345678901234567890123456789", 16);
    ck_assert_uint_eq(strlen(s), 16);
    free(s);
}
END_TEST


/* Found by fuzz_text: a name ending in the lead byte of a 4-byte sequence. GLib's NFC trusts its
 * input and stepped over the terminating NUL; the name is put just before an unmapped page, so
 * reading past its end faults. */
START_TEST(safe_name_truncated_sequence_at_page_end)
{
    long page = sysconf(_SC_PAGESIZE);
    char *map = mmap(NULL, 2 * (size_t)page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ck_assert_ptr_ne(map, MAP_FAILED);
    ck_assert_int_eq(mprotect(map + page, (size_t)page, PROT_NONE), 0);
    static const char name[] = "RRN\xF4";
    char *at = map + page - sizeof name;
    memcpy(at, name, sizeof name);
    char *s = asx_safe_name(at, 100);
    ck_assert_str_eq(s, "RRN");
    free(s);
    munmap(map, 2 * (size_t)page);
}
END_TEST

/* Issue 18 class 11: invisible, bidi and line-separating characters, Windows device names and
 * NFD spellings. */
START_TEST(safe_names_round_two)
{
    expect_safe("a\xD8\x9C" "b", 100, "ab");              /* U+061C ARABIC LETTER MARK */
    expect_safe("soft\xC2\xAD" "hyphen", 100, "softhyphen"); /* U+00AD */
    expect_safe("mon\xE1\xA0\x8Egol", 100, "mongol");     /* U+180E */
    expect_safe("line\xE2\x80\xA8para\xE2\x80\xA9", 100, "linepara"); /* U+2028, U+2029 */
    expect_safe("tag\xF3\xA0\x81\x81\xF3\xA0\x81\xBF", 100, "tag"); /* U+E0041, U+E007F */
    expect_safe("\xE8\x91\x9B\xF3\xA0\x84\x80" "飾", 100, "葛飾"); /* an IVS */
    /* NFC: か + U+3099 is が; e + U+0301 is é */
    expect_safe("\xE3\x81\x8B\xE3\x82\x99", 100, "が");
    expect_safe("Cafe\xCC\x81", 100, "Caf\xC3\xA9");
    /* Windows device names, in any case, alone or before the first dot */
    expect_safe("CON", 100, "CON_");
    expect_safe("nul", 100, "nul_");
    expect_safe("Com1", 100, "Com1_");
    expect_safe("LPT9.x", 100, "LPT9_.x");
    expect_safe("COM\xC2\xB9", 100, "COM\xC2\xB9_");
    expect_safe("NUL_", 100, "NUL_"); /* the trailing '_' is cut, then added back */
    expect_safe("CONSOLE", 100, "CONSOLE");
    expect_safe("COM10", 100, "COM10");
    expect_safe("aux_service", 100, "aux_service");
}
END_TEST

/* Class 12: an output target that is not a regular file is refused (73), even with force. */
START_TEST(write_refuses_fifo_and_device)
{
    ck_assert_int_eq(mkfifo(P("fifo"), 0600), 0);
    ck_assert_int_eq(asx_write_file(P("fifo"), "x", 1, 1, ASX_OUTPUT_MODE, &d), ASX_ERR_CANTCREAT);
    ck_assert(tu_diags_have(&d, "is not a regular file"));
    struct stat st;
    ck_assert_int_eq(lstat(P("fifo"), &st), 0);
    ck_assert(S_ISFIFO(st.st_mode));
    ck_assert_int_eq(asx_refuse_existing(P("fifo"), 1, &d), ASX_ERR_CANTCREAT);
    ck_assert_int_eq(symlink("/dev/null", P("null")), 0); /* through a link: refused as a link */
    ck_assert_int_eq(asx_write_file(P("null"), "x", 1, 1, ASX_OUTPUT_MODE, &d), ASX_ERR_CANTCREAT);
    if (geteuid() == 0 && mknod(P("dev"), S_IFCHR | 0600, makedev(1, 3)) == 0) {
        ck_assert_int_eq(asx_write_file(P("dev"), "x", 1, 1, ASX_OUTPUT_MODE, &d), ASX_ERR_CANTCREAT);
        ck_assert_int_eq(lstat(P("dev"), &st), 0);
        ck_assert(S_ISCHR(st.st_mode));
    }
    asx_outset *set = asx_outset_new(1);
    const char *tmp = NULL;
    ck_assert_int_eq(asx_outset_add(set, P("fifo"), &tmp, &d), ASX_ERR_CANTCREAT);
    asx_outset_free(set);
}
END_TEST

/* Class 13: a FIFO where an input should be is refused at once, not waited on. Run in a child
 * with an alarm, so a hang fails the test instead of stopping it. */
START_TEST(read_fifo_does_not_hang)
{
    ck_assert_int_eq(mkfifo(P("in.fifo"), 0600), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        alarm(5);
        asx_diags dd;
        asx_diags_init(&dd);
        char *buf = NULL;
        char hex[65];
        if (asx_read_file(P("in.fifo"), 100, &buf, NULL, &dd) != ASX_ERR_NOINPUT)
            _exit(11);
        if (asx_sha256_file(P("in.fifo"), hex, &dd) != ASX_ERR_NOINPUT)
            _exit(12);
        if (!tu_diags_have(&dd, "not a regular file"))
            _exit(13);
        _exit(0);
    }
    int status = 0;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFEXITED(status), "reading a FIFO hung (killed by signal %d)", WTERMSIG(status));
    ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

/* Class 3: a set of outputs puts every file in place, or none. */
START_TEST(outset_all_or_nothing)
{
    char a[512], b[512];
    snprintf(a, sizeof a, "%s", P("x.xlsx"));
    snprintf(b, sizeof b, "%s", P("x.pdf"));
    /* both new */
    asx_outset *set = asx_outset_new(0);
    ck_assert_int_eq(asx_outset_add_data(set, a, "new-xlsx", 8, &d), ASX_OK);
    ck_assert_int_eq(asx_outset_add_data(set, b, "new-pdf", 7, &d), ASX_OK);
    ck_assert_int_eq(entries(), 0); /* the temporaries are unnamed (O_TMPFILE): nothing yet */
    ck_assert_int_eq(access(a, F_OK), -1);
    ck_assert_int_eq(asx_outset_commit(set, &d), ASX_OK);
    asx_outset_free(set);
    ck_assert_int_eq(entries(), 2);
    char *s = get(a);
    ck_assert_str_eq(s, "new-xlsx");
    free(s);
    struct stat st;
    ck_assert_int_eq(stat(b, &st), 0);
    ck_assert_int_eq(st.st_mode & 07777, ASX_OUTPUT_MODE);
    /* one member fails: the old pair is untouched and nothing is left */
    set = asx_outset_new(1);
    ck_assert_int_eq(asx_outset_add_data(set, a, "newer", 5, &d), ASX_OK);
    const char *tmp = NULL;
    ck_assert_int_eq(asx_outset_add(set, b, &tmp, &d), ASX_OK);
    ck_assert_int_eq(asx_outset_done(set, b, ASX_ERR_IO), ASX_ERR_IO);
    ck_assert_int_ne(asx_outset_commit(set, &d), ASX_OK);
    asx_outset_free(set);
    s = get(a);
    ck_assert_str_eq(s, "new-xlsx");
    free(s);
    s = get(b);
    ck_assert_str_eq(s, "new-pdf");
    free(s);
    ck_assert_int_eq(entries(), 2);
    /* without force, an existing member refuses the set before anything is written */
    set = asx_outset_new(0);
    ck_assert_int_eq(asx_outset_add(set, a, &tmp, &d), ASX_ERR_CANTCREAT);
    asx_outset_free(set);
    /* a rename that fails (the destination became a folder) puts the others back */
    char c[512];
    snprintf(c, sizeof c, "%s", P("y.pdf"));
    set = asx_outset_new(1);
    ck_assert_int_eq(asx_outset_add_data(set, a, "third", 5, &d), ASX_OK);
    ck_assert_int_eq(asx_outset_add_data(set, c, "y", 1, &d), ASX_OK);
    ck_assert_int_eq(mkdir(c, 0700), 0);
    ck_assert_int_ne(asx_outset_commit(set, &d), ASX_OK);
    asx_outset_free(set);
    s = get(a);
    ck_assert_str_eq(s, "new-xlsx");
    free(s);
    ck_assert_int_eq(entries(), 3); /* x.xlsx, x.pdf, the folder y.pdf */
    /* force replaces both */
    rmdir(c);
    set = asx_outset_new(1);
    ck_assert_int_eq(asx_outset_add_data(set, a, "4", 1, &d), ASX_OK);
    ck_assert_int_eq(asx_outset_add_data(set, b, "4", 1, &d), ASX_OK);
    ck_assert_int_eq(asx_outset_commit(set, &d), ASX_OK);
    asx_outset_free(set);
    s = get(b);
    ck_assert_str_eq(s, "4");
    free(s);
    ck_assert_int_eq(entries(), 2);
    asx_outset_free(NULL);
}
END_TEST

/* Issue 28 class 6: an output that is an input (by device and inode: the same name, another
 * spelling, a hard link) is refused even with force, and the input is untouched; the register's
 * own rewrite (asx_temp_path + asx_commit_file) is not. */
START_TEST(output_that_is_an_input_refused)
{
    char in[512], link_name[512], spelled[600];
    snprintf(in, sizeof in, "%s", P("in.json"));
    snprintf(link_name, sizeof link_name, "%s", P("link.json"));
    ck_assert_int_eq(asx_write_file(in, "input", 5, 0, 0640, &d), ASX_OK);
    ck_assert_int_eq(link(in, link_name), 0);
    char *buf = NULL;
    size_t len = 0;
    ck_assert_int_eq(asx_read_file(in, ASX_MAX_INPUT, &buf, &len, &d), ASX_OK);
    free(buf);
    snprintf(spelled, sizeof spelled, "%s/./in.json", dir);
    const char *targets[] = {in, spelled, link_name};
    for (size_t i = 0; i < 3; i++) {
        asx_diags_free(&d);
        asx_diags_init(&d);
        ck_assert_int_eq(asx_write_file(targets[i], "output", 6, 1, 0640, &d), ASX_ERR_CANTCREAT);
        ck_assert_ptr_nonnull(strstr(d.v[0].msg, "is the same file as the input"));
        ck_assert_ptr_nonnull(strstr(d.v[0].msg, in));
        asx_diags_free(&d);
        asx_diags_init(&d);
        ck_assert_int_eq(asx_refuse_existing(targets[i], 1, &d), ASX_ERR_CANTCREAT);
        asx_outset *set = asx_outset_new(1);
        ck_assert_int_eq(asx_outset_add_data(set, targets[i], "output", 6, &d), ASX_ERR_CANTCREAT);
        asx_outset_free(set);
    }
    /* the register rewrites its own file */
    char *tmp = NULL;
    ck_assert_int_eq(asx_temp_path(in, &tmp, &d), ASX_OK);
    FILE *f = fopen(tmp, "w");
    ck_assert_ptr_nonnull(f);
    fputs("rewritten", f);
    fclose(f);
    ck_assert_int_eq(asx_commit_file(tmp, in, 1, 0640, 1, &d), ASX_OK);
    free(tmp);
    asx_inputs_forget();
    char *s = get(in);
    ck_assert_str_eq(s, "rewritten");
    free(s);
    unlink(link_name);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("io");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, read_ok);
    tcase_add_test(tc, read_errors);
    tcase_add_test(tc, read_too_large);
    tcase_add_test(tc, write_new_and_no_clobber);
    tcase_add_test(tc, output_that_is_an_input_refused);
    tcase_add_test(tc, write_missing_dir);
    tcase_add_test(tc, write_symlinks);
    tcase_add_test(tc, write_io_error);
    tcase_add_test(tc, write_readonly_dir);
    tcase_add_test(tc, temp_and_commit);
    tcase_add_test(tc, sha256);
    tcase_add_test(tc, sha256_boundaries);
    tcase_add_test(tc, safe_names);
    tcase_add_test(tc, safe_names_round_two);
    tcase_add_test(tc, safe_name_truncated_sequence_at_page_end);
    tcase_add_test(tc, write_refuses_fifo_and_device);
    tcase_add_test(tc, read_fifo_does_not_hang);
    tcase_add_test(tc, outset_all_or_nothing);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
