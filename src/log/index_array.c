/*
 * In-memory index entries with lock-free readers and the exact-length index
 * file behind them (layout and publication protocol in index_array.h).
 */
#include "index_array.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void sm_idx_init(sm_idx_t *x, int esz)
{
    memset(x, 0, sizeof(*x));
    x->esz = esz;
    atomic_init(&x->data, NULL);
    atomic_init(&x->count, 0);
}

void sm_idx_destroy(sm_idx_t *x)
{
    free(atomic_load(&x->data));
    for (int i = 0; i < x->nold; i++)
        free(x->old[i]);
    free(x->old);
    sm_idx_init(x, x->esz);
}

/* Grows to hold at least `need` entries, publishing the new array. */
static int grow(sm_idx_t *x, int need)
{
    int cap = x->cap ? x->cap : 64;
    while (cap < need) {
        if (cap > INT32_MAX / 2) return -ENOMEM;
        cap *= 2;
    }
    uint8_t *nd = malloc((size_t)cap * (size_t)x->esz);
    if (!nd) return -ENOMEM;
    uint8_t *od = atomic_load_explicit(&x->data, memory_order_relaxed);
    int n = atomic_load_explicit(&x->count, memory_order_relaxed);
    if (od) {
        void **old = realloc(x->old, (size_t)(x->nold + 1) * sizeof(*old));
        if (!old) {
            free(nd);
            return -ENOMEM;
        }
        x->old = old;
        x->old[x->nold++] = od;
        memcpy(nd, od, (size_t)n * (size_t)x->esz);
    }
    atomic_store_explicit(&x->data, nd, memory_order_release);
    x->cap = cap;
    return 0;
}

int sm_idx_push(sm_idx_t *x, const uint8_t *entry)
{
    int n = atomic_load_explicit(&x->count, memory_order_relaxed);
    if (n >= x->cap) {
        int rc = grow(x, n + 1);
        if (rc) return rc;
    }
    uint8_t *d = atomic_load_explicit(&x->data, memory_order_relaxed);
    memcpy(d + (size_t)n * (size_t)x->esz, entry, (size_t)x->esz);
    atomic_store_explicit(&x->count, n + 1, memory_order_release);
    return 0;
}

void sm_idx_clear(sm_idx_t *x)
{
    atomic_store(&x->count, 0);
    x->written = 0;
}

int sm_idx_load_file(sm_idx_t *x, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -errno;
    struct stat st;
    if (fstat(fd, &st) < 0) {
        int e = -errno;
        close(fd);
        return e;
    }
    if (st.st_size % x->esz != 0 || st.st_size / x->esz > INT32_MAX) {
        close(fd);
        return -EINVAL;
    }
    int n = (int)(st.st_size / x->esz);
    sm_idx_clear(x);
    if (n > x->cap) {
        int rc = grow(x, n);
        if (rc) {
            close(fd);
            return rc;
        }
    }
    uint8_t *d = atomic_load(&x->data);
    size_t want = (size_t)n * (size_t)x->esz, got = 0;
    while (got < want) {
        ssize_t r = pread(fd, d + got, want - got, (off_t)got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) {
            int e = r < 0 ? -errno : -EIO; /* shrank under us */
            close(fd);
            return e;
        }
        got += (size_t)r;
    }
    close(fd);
    atomic_store_explicit(&x->count, n, memory_order_release);
    x->written = n;
    x->unsynced = false;
    return n;
}

static int write_all(int fd, const uint8_t *p, size_t len, off_t off)
{
    while (len) {
        ssize_t w = pwrite(fd, p, len, off);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) return -errno;
        p += w;
        len -= (size_t)w;
        off += w;
    }
    return 0;
}

static int write_range(sm_idx_t *x, const char *path, bool fsync, bool whole)
{
    int n;
    const uint8_t *d = sm_idx_view(x, &n);
    int from = whole ? 0 : x->written;
    if (!whole && from == n && !(fsync && x->unsynced)) return 0;
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return -errno;
    int rc = 0;
    if (n > from)
        rc = write_all(fd, d + (size_t)from * (size_t)x->esz, (size_t)(n - from) * (size_t)x->esz,
                       (off_t)from * x->esz);
    if (!rc && ftruncate(fd, (off_t)n * x->esz) < 0) rc = -errno;
    if (!rc && fsync && fdatasync(fd) < 0) rc = -errno;
    if (close(fd) < 0 && !rc) rc = -errno;
    if (!rc) {
        x->written = n;
        x->unsynced = !fsync;
    }
    return rc;
}

int sm_idx_sync_file(sm_idx_t *x, const char *path, bool fsync)
{
    return write_range(x, path, fsync, false);
}

int sm_idx_rewrite_file(sm_idx_t *x, const char *path, bool fsync)
{
    return write_range(x, path, fsync, true);
}
