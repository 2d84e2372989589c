/*
 * Scratch directories for unit tests: made under /tmp, removed with
 * everything in them (subdirectories too) at the end of a test.
 */
#ifndef SM_TEST_DIRS_H
#define SM_TEST_DIRS_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A new empty directory /tmp/samsa-<what>-XXXXXX (malloc'd path). */
static inline char *test_make_dir(const char *what)
{
    char *d = NULL;
    if (asprintf(&d, "/tmp/samsa-%s-XXXXXX", what) < 0 || !mkdtemp(d)) abort();
    return d;
}

static inline void test_rm_rf(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        char p[4096];
        snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) test_rm_rf(p);
        else unlink(p);
    }
    closedir(d);
    rmdir(dir);
}

/* A copy of dir's files as they are now: what a crash (kill -9) leaves. */
static inline char *test_copy_dir(const char *dir, const char *what)
{
    char *copy = test_make_dir(what), *cmd = NULL;
    if (asprintf(&cmd, "cp -a '%s'/. '%s'/", dir, copy) < 0 || system(cmd) != 0) abort();
    free(cmd);
    return copy;
}

#endif
