/* pack.h - what every approval-pack writer (PDF, XLSX) is given. All strings are borrowed and
 * may be NULL (a blank line to write on). */
#ifndef ASX_PACK_H
#define ASX_PACK_H

#include "asx/date.h"
#include "asx/io.h"
#include "asx/error.h"

typedef struct {
    const char *requester;        /* 起案者 (--requester) */
    const char *section;          /* 所属 of the 起案者 (--section) */
    const char *security_manager; /* 情報セキュリティ管理者 (--security-manager) */
    const char *security_officer; /* 情報セキュリティ責任者 (--security-officer) */
    const char *approver;         /* 許可権限者 (--approver) */
    const char *manager;          /* 外部サービス管理者 (--manager), 11-2(4)③ */
    const char *cloud_manager;    /* クラウドサービス管理者 (--cloud-manager), printed when given */
    const char *doc_number;       /* 文書番号 (--doc-number) */
    asx_date date;                /* --date: printed on the pack; the result's decision date */
    asx_lang lang;
    int force;                    /* overwrite existing outputs */
    asx_outset *set;              /* when not NULL, the files are members of this set of outputs */
} asx_pack_opts;

#endif
