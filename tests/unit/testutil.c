/* testutil.c - helpers for the Check unit tests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"

const char *tu_path(const char *rel)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", TEST_SRC, rel);
    return path;
}

char *tu_read(const char *rel, size_t *len)
{
    FILE *f = fopen(tu_path(rel), "rb");
    if (!f) {
        perror(tu_path(rel));
        abort();
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
        abort();
    buf[n] = '\0';
    fclose(f);
    if (len)
        *len = (size_t)n;
    return buf;
}

int tu_diags_have(const asx_diags *d, const char *needle)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].msg && strstr(d->v[i].msg, needle))
            return 1;
    return 0;
}

int tu_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
