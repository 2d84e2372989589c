#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int sm_write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -errno;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

static int fsync_parent_dir(const char *path)
{
    char *dir = strdup(path);
    if (!dir) return -ENOMEM;
    char *slash = strrchr(dir, '/');
    if (slash == dir) slash[1] = '\0';
    else if (slash) *slash = '\0';
    else strcpy(dir, ".");
    int rc = 0;
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0 || fsync(dfd) < 0) rc = -errno;
    if (dfd >= 0) close(dfd);
    free(dir);
    return rc;
}

static int replace_file(const char *path, const void *data, size_t len, int mode, bool durable)
{
    char *tmp = NULL;
    if (asprintf(&tmp, "%s.tmp", path) < 0) return -ENOMEM;
    int rc = 0;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) {
        rc = -errno;
        goto out;
    }
    rc = sm_write_all(fd, data, len);
    if (!rc && durable && fsync(fd) < 0) rc = -errno;
    if (close(fd) < 0 && !rc) rc = -errno;
    if (!rc && rename(tmp, path) < 0) rc = -errno;
    if (!rc && durable) rc = fsync_parent_dir(path);
out:
    if (rc) unlink(tmp);
    free(tmp);
    return rc;
}

int sm_write_file_atomic(const char *path, const void *data, size_t len, int mode)
{
    return replace_file(path, data, len, mode, true);
}

int sm_write_file_replace(const char *path, const void *data, size_t len, int mode)
{
    return replace_file(path, data, len, mode, false);
}

int sm_mkdirs(const char *path)
{
    if (mkdir(path, 0755) == 0) return 0;
    if (errno == EEXIST) {
        struct stat st;
        if (stat(path, &st) < 0) return -errno;
        return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
    }
    if (errno != ENOENT) return -errno;
    /* a parent is missing: create the parents first, then this one */
    char tmp[4096];
    if (snprintf(tmp, sizeof(tmp), "%s", path) >= (int)sizeof(tmp)) return -ENAMETOOLONG;
    char *slash = strrchr(tmp, '/');
    while (slash && slash > tmp && slash[-1] == '/') slash--; /* "a//b" */
    if (!slash || slash == tmp) return -ENOENT;
    *slash = '\0';
    int rc = sm_mkdirs(tmp);
    if (rc) return rc;
    if (mkdir(path, 0755) < 0 && errno != EEXIST) return -errno;
    return 0;
}
