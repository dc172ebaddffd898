/* error.h - one error type, diagnostics and the user's language for all of assess. */
#ifndef ASX_ERROR_H
#define ASX_ERROR_H

#include <stddef.h>
#include <stdio.h>

/* Every fallible call returns one of these. Exit codes follow sysexits (SPEC §5). */
typedef enum {
    ASX_OK = 0,
    ASX_ERR_USAGE,     /* 64: bad command line */
    ASX_ERR_DATA,      /* 65: invalid input data */
    ASX_ERR_NOINPUT,   /* 66: an input file cannot be read */
    ASX_ERR_CANTCREAT, /* 73: an output cannot be created */
    ASX_ERR_IO,        /* 74: I/O error while writing */
    ASX_ERR_NOMEM,     /* 70: out of memory */
    ASX_ERR_INTERNAL,  /* 70: a bug or a library failure */
    ASX_ERR_BUSY,      /* 75: the register is busy (another writer); try again later (SPEC §8.5) */
    ASX_ERR_UNAVAILABLE, /* 69: a database server cannot be reached (SPEC §8.5) */
    ASX_ERR_NOPERM     /* 77: permission denied by the database (SPEC §8.5) */
} asx_error;

const char *asx_strerror(asx_error err);
int asx_exit_code(asx_error err);

/* The language of everything a user reads. Set once by the CLI before any work. */
typedef enum { ASX_LANG_JA = 0, ASX_LANG_EN = 1 } asx_lang;
extern asx_lang asx_ui_lang;
/* The one way to pick the Japanese or English text: ASX_TR for a document's language, ASX_L for
 * the language of the command line. Macros, not functions, so that a format string picked this
 * way is still checked against its arguments (-Wformat=2). */
#define ASX_TR(l, ja, en) ((l) == ASX_LANG_EN ? (en) : (ja))
#define ASX_L(ja, en) ASX_TR(asx_ui_lang, ja, en)

/* One problem found in an input: "FILE:LINE:COL: message". line/col are 0 when unknown. */
typedef struct {
    asx_error code;
    char *file;
    int line;
    int col;
    char *msg;
} asx_diag;

/* A list of problems. validate collects all of them instead of stopping at the first. */
typedef struct {
    asx_diag *v;
    size_t n;
    size_t cap;
    asx_error worst; /* the first non-OK code added (decides the exit status) */
} asx_diags;

void asx_diags_init(asx_diags *d);
void asx_diags_free(asx_diags *d);
/* Append a formatted problem; file may be NULL. Out of memory is recorded as worst = NOMEM. */
void asx_diags_addf(asx_diags *d, asx_error code, const char *file, int line, int col,
                    const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Print every problem as "assess: FILE:LINE:COL: msg" (parts omitted when unknown). */
void asx_diags_print(const asx_diags *d, FILE *out);
/* Move all problems of src to the end of dst; src is left empty. */
void asx_diags_move(asx_diags *dst, asx_diags *src);

#endif
