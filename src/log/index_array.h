/*
 * The in-memory copy of an index file (.index or .timeindex), shared by
 * offset_index.h and time_index.h. Entries are kept in the file's byte
 * layout (big-endian, fixed size, no header), so the file is always
 * entries[0..written) and syncing appends entries[written..count).
 *
 * One writer (the log's appender, holding the log mutex) appends; readers
 * search without any lock. Publication protocol: the writer stores the entry
 * (after copying the array into a bigger one if full), then the data pointer
 * (release), then the count (release); a reader loads the count (acquire)
 * and then the pointer (acquire), which holds at least that many entries.
 * Replaced arrays are kept until sm_idx_destroy, so a reader still searching
 * an old array reads valid memory (total kept < 2x the final size).
 *
 * File invariant: the index file is exactly `written * esz` bytes long (no
 * preallocation, no trailing zero entries), so it is a valid Kafka index
 * whenever the broker is stopped.
 */
#ifndef SM_INDEX_ARRAY_H
#define SM_INDEX_ARRAY_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sm_idx {
    _Atomic(uint8_t *) data;
    atomic_int count;
    int cap;       /* entries allocated in data (writer only) */
    int esz;       /* entry size in bytes */
    int written;   /* entries already in the file (flusher only) */
    bool unsynced; /* file written since its last fdatasync */
    void **old;    /* replaced arrays, freed at destroy */
    int nold;
} sm_idx_t;

void sm_idx_init(sm_idx_t *x, int esz);
void sm_idx_destroy(sm_idx_t *x);

/* Writer: appends one entry of esz bytes. Returns 0 or -ENOMEM. */
int sm_idx_push(sm_idx_t *x, const uint8_t *entry);

/* Reader: the entries published so far; *n set to their number. */
static inline const uint8_t *sm_idx_view(const sm_idx_t *x, int *n)
{
    sm_idx_t *m = (sm_idx_t *)x; /* C11 atomic loads take non-const pointers */
    *n = atomic_load_explicit(&m->count, memory_order_acquire);
    return atomic_load_explicit(&m->data, memory_order_acquire);
}

/* Drops everything (single-threaded phases only: open, recovery, lazy load
 * before the segment is marked loaded). */
void sm_idx_clear(sm_idx_t *x);

/* Reads the whole file into the array (replacing its contents), `written` =
 * entries read. Returns the number of entries, -ENOENT if missing, -EINVAL if
 * the file size is not a multiple of esz, or another negative errno. */
int sm_idx_load_file(sm_idx_t *x, const char *path);

/* Writes entries[written..count) at the end of the file (creating it),
 * optionally fdatasyncs, and sets written. Returns 0 or a negative errno. */
int sm_idx_sync_file(sm_idx_t *x, const char *path, bool fsync);

/* Rewrites the file to exactly entries[0..count) (after a rebuild or when
 * trailing garbage was dropped). Returns 0 or a negative errno. */
int sm_idx_rewrite_file(sm_idx_t *x, const char *path, bool fsync);

#endif
