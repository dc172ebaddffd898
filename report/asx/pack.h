/* pack.h - what every approval-pack writer (PDF, XLSX) is given. */
#ifndef ASX_PACK_H
#define ASX_PACK_H

#include "asx/date.h"
#include "asx/io.h"
#include "asx/error.h"

typedef struct {
    const char *requester;        /* 起案者 (may be NULL: blank line to sign) */
    const char *security_manager; /* 情報セキュリティ管理者 (may be NULL) */
    const char *security_officer; /* 情報セキュリティ責任者 (may be NULL) */
    const char *approver;         /* 許可権限者 (--approver) */
    const char *manager;          /* 外部サービス管理者 (--manager), 11-2(4)③ */
    asx_date date;                /* --date: printed on the pack, basis of review dates */
    asx_lang lang;
    int force;                    /* overwrite existing outputs */
    asx_outset *set;              /* when not NULL, the files are members of this set of outputs */
} asx_pack_opts;

#endif
