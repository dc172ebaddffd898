/* cmd_reaudit.c - placeholder until the command lands; refuses to run rather than pretend. */
#include <stdio.h>
#include "cli.h"

int cmd_reaudit(int argc, char **argv)
{
    (void)argc;
    fprintf(stderr, "assess: %s: not implemented yet\n", argv[0]);
    return EXIT_SOFTWARE;
}
