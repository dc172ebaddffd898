/* cli_output.c - helpers of the commands that write a set of documents into -o DIR (spec,
 * contract): the folder, the classification option. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include "cli.h"

asx_error cli_output_dir(asx_cli *c, const char *dir)
{
    struct stat st;
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        asx_diags_addf(&c->diags, ASX_ERR_CANTCREAT, dir, 0, 0,
                       ASX_L("出力先フォルダを作成できません (%s)。親フォルダがあるか確認してください",
                             "cannot create the output folder (%s); check that its parent exists"),
                       strerror(errno));
        return ASX_ERR_CANTCREAT;
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        asx_diags_addf(&c->diags, ASX_ERR_CANTCREAT, dir, 0, 0,
                       ASX_L("出力先がフォルダではありません", "the output is not a folder"));
        return ASX_ERR_CANTCREAT;
    }
    return ASX_OK;
}

bool cli_parse_class(const char *s, asx_class *out)
{
    int v[3], n = 0;
    for (const char *p = s; *p && n < 3;) {
        while (*p == 'C' || *p == 'I' || *p == 'A' || *p == 'c' || *p == 'i' || *p == 'a')
            p++;
        if (*p < '1' || *p > '3')
            return false;
        v[n++] = *p++ - '0';
        if (*p == '/' || *p == ',')
            p++;
        else if (*p)
            return false;
    }
    if (n != 3 || v[1] > 2 || v[2] > 2)
        return false;
    *out = (asx_class){v[0], v[1], v[2]};
    return true;
}
