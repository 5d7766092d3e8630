/*
 * Linked into a copy of vigie (vigie_nochdir): chdir() and fchdir() from
 * vigie or from any library it loads (libclang's driver moves the process
 * when given -working-directory) end the process with status 86. The
 * executable's definitions come first in symbol resolution, so the shared
 * libraries' calls land here too.
 */
#include <unistd.h>

#define MOVED 86

static void moved(const char *what)
{
    static const char pre[] = "vigie_nochdir: the process called ";
    (void)!write(2, pre, sizeof pre - 1);
    size_t n = 0;
    while (what[n])
        n++;
    (void)!write(2, what, n);
    (void)!write(2, "\n", 1);
    _exit(MOVED);
}

int chdir(const char *path)
{
    (void)path;
    moved("chdir()");
    return -1;
}

int fchdir(int fd)
{
    (void)fd;
    moved("fchdir()");
    return -1;
}
