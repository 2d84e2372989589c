/*
 * Start-up and crash recovery of a partition directory.
 *
 * Files (layouts in segment.h, offset_index.h, time_index.h):
 *   <base:020>.log / .index / .timeindex   one segment
 *   *.deleted, *.cleaned, *.swap           leftovers of an interrupted delete
 *                                          or clean: removed
 *   .index/.timeindex without a .log       strays: removed
 *   anything else (leader-epoch-checkpoint, partition.metadata, .snapshot,
 *   .txnindex, ...) belongs to other modules and is left alone.
 *
 * After a clean shutdown every file was flushed and closed, so the indexes
 * are trusted: only the last segment's indexes are read (and sanity
 * checked) at open, to find the end offset by scanning the batch headers
 * after its last index entry; the others are read on first use. Open time
 * does not grow with the amount of data.
 *
 * After a crash, bytes past the recovery point (the offset up to which
 * everything was fsynced) may be torn or garbage: every segment holding
 * offsets >= the recovery point is read in full and each batch checked
 * (header complete, BatchLength sane, magic 2, CRC-32C, BaseOffset not below
 * the previous batch's end). The first bad batch ends the log: the segment is
 * truncated there (logged as a WARN naming file, position and check) and all
 * later segments are deleted, and the scanned segments' indexes are rebuilt.
 * Recovery is idempotent: crashing during it and running it again gives the
 * same result.
 */
#include "recovery.h"
#include "util/file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "offset_index.h"
#include "time_index.h"
#include "util/clock.h"
#include "util/logging.h"

#define HEADER_CHUNK 8192

int sm_segment_scan(sm_segment_t *s, int64_t start, int64_t limit, bool check_crc,
                    int64_t *next_offset, int64_t *valid_end, char *why, size_t whylen)
{
    uint8_t hbuf[HEADER_CHUNK];
    sm_batch_reader_t r;
    if (check_crc)
        sm_br_init(&r, s->fd, limit, NULL, 0); /* heap buffer, grows to whole batches */
    else
        sm_br_init(&r, s->fd, limit, hbuf, sizeof(hbuf));
    int64_t pos = start, expected = *next_offset;
    int ret = 0;
    why[0] = 0;
    for (;;) {
        sm_batch_header_t h;
        int64_t size;
        const char *w = NULL;
        int rc = sm_br_header(&r, pos, &h, &size, &w);
        if (rc == 0) break;
        if (rc == -EBADMSG) {
            snprintf(why, whylen, "%s (%" PRId64 " bytes left)", w, limit - pos);
            break;
        }
        if (rc < 0) {
            ret = rc;
            break;
        }
        if (h.Magic != 2) {
            snprintf(why, whylen, "magic %d, expected 2", h.Magic);
            break;
        }
        if (h.BaseOffset < expected) {
            snprintf(why, whylen, "BaseOffset %" PRId64 " below the expected next offset %" PRId64,
                     h.BaseOffset, expected);
            break;
        }
        if (h.LastOffsetDelta < 0 ||
            h.BaseOffset - s->base_offset > INT32_MAX - h.LastOffsetDelta) {
            snprintf(why, whylen,
                     "offsets %" PRId64 "+%d do not fit the segment (31 bits relative to the base)",
                     h.BaseOffset, h.LastOffsetDelta);
            break;
        }
        if (check_crc) {
            int err = 0;
            const uint8_t *b = sm_br_get(&r, pos, (size_t)size, &err);
            if (!b) {
                ret = err;
                break;
            }
            uint32_t crc =
                sm_crc32c(0, b + SM_BATCH_CRC_OFFSET, (size_t)size - SM_BATCH_CRC_OFFSET);
            if (crc != h.Crc) {
                snprintf(why, whylen,
                         "CRC-32C mismatch in batch at offset %" PRId64
                         " (stored 0x%08x, computed 0x%08x)",
                         h.BaseOffset, h.Crc, crc);
                break;
            }
        }
        int64_t last = h.BaseOffset + h.LastOffsetDelta;
        rc = sm_segment_index_batch(s, pos, size, last, h.MaxTimestamp);
        if (rc) {
            ret = rc;
            break;
        }
        expected = last + 1;
        pos += size;
    }
    sm_br_free(&r);
    if (ret) return ret;
    *valid_end = pos;
    *next_offset = expected;
    return 0;
}

static char *ext_path(const sm_segment_t *s, const char *ext)
{
    char *p = NULL;
    if (asprintf(&p, "%s%s", s->path, ext) < 0) return NULL;
    return p;
}

int64_t sm_segment_recover(sm_segment_t *s, int64_t expected_next)
{
    struct stat st;
    if (fstat(s->fd, &st) < 0) return -errno;
    int64_t size = st.st_size;
    sm_idx_clear(&s->oidx);
    sm_idx_clear(&s->tidx);
    s->bytes_since_index = 0;
    s->max_ts = -1;
    s->max_ts_offset = -1;
    int64_t next = expected_next, end = 0;
    char why[256];
    int rc = sm_segment_scan(s, 0, size, true, &next, &end, why, sizeof(why));
    if (rc) {
        sm_error("log recovery: %s.log: read failed: %s", s->path, strerror(-rc));
        return rc;
    }
    if (why[0])
        sm_warn("log recovery: %s.log: truncating at position %" PRId64 " of %" PRId64 ": %s",
                s->path, end, size, why);
    else if (end < size) /* cannot happen: the scan stops only at a bad batch or the end */
        sm_warn("log recovery: %s.log: truncating at position %" PRId64, s->path, end);
    /* Blocks past the end: a torn tail, or disk the active segment had
     * reserved ahead of its writes (sm_segment_reserve) when the broker
     * stopped without releasing it. Truncating, even to the same size,
     * gives them back. */
    int64_t blk = st.st_blksize > 0 ? st.st_blksize : 4096;
    bool blocks_past_end = (int64_t)st.st_blocks * 512 > (size + blk - 1) / blk * blk;
    if ((end < size || blocks_past_end) && ftruncate(s->fd, end) < 0) {
        rc = -errno;
        sm_error("log recovery: %s.log: truncate failed: %s", s->path, strerror(-rc));
        return rc;
    }
    rc = sm_segment_seal_timeindex(s);
    char *pi = ext_path(s, ".index"), *pt = ext_path(s, ".timeindex");
    if (!rc) rc = pi && pt ? 0 : -ENOMEM;
    if (!rc) rc = sm_idx_rewrite_file(&s->oidx, pi, false);
    if (!rc) rc = sm_idx_rewrite_file(&s->tidx, pt, false);
    free(pi);
    free(pt);
    if (rc) {
        sm_error("log recovery: %s: writing indexes failed: %s", s->path, strerror(-rc));
        return rc;
    }
    sm_segment_publish(s, end, next);
    s->synced_size = -1; /* what the crash left may not be on disk yet */
    atomic_store_explicit(&s->loaded, true, memory_order_release);
    return size - end;
}

/* "<20 digits><ext>" -> base offset. */
static bool parse_seg_name(const char *name, const char *ext, int64_t *base)
{
    size_t el = strlen(ext);
    if (strlen(name) != 20 + el || strcmp(name + 20, ext) != 0) return false;
    int64_t v = 0;
    for (int i = 0; i < 20; i++) {
        if (name[i] < '0' || name[i] > '9') return false;
        if (v > (INT64_MAX - (name[i] - '0')) / 10) return false;
        v = v * 10 + (name[i] - '0');
    }
    *base = v;
    return true;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static void remove_file(const char *dir, const char *name, const char *what)
{
    char *p = NULL;
    if (asprintf(&p, "%s/%s", dir, name) < 0) return;
    sm_info("log: %s: deleting %s", p, what);
    if (unlink(p) < 0 && errno != ENOENT) sm_warn("log: cannot delete %s: %s", p, strerror(errno));
    free(p);
}

typedef struct name_list {
    char **v;
    int n, cap;
} name_list_t;

static int push_name(name_list_t *l, const char *name)
{
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 16;
        char **v = realloc(l->v, (size_t)cap * sizeof(*v));
        if (!v) return -ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    if (!(l->v[l->n] = strdup(name))) return -ENOMEM;
    l->n++;
    return 0;
}

static int push_base(int64_t **v, int *n, int *cap, int64_t base)
{
    if (*n == *cap) {
        int nc = *cap ? *cap * 2 : 16;
        int64_t *nv = realloc(*v, (size_t)nc * sizeof(*nv));
        if (!nv) return -ENOMEM;
        *v = nv;
        *cap = nc;
    }
    (*v)[(*n)++] = base;
    return 0;
}

int sm_log_load_segments(const char *dir, const sm_log_config_t *cfg, int64_t recovery_point,
                         bool clean_shutdown, sm_segment_t ***segs_out, int *nsegs_out)
{
    *segs_out = NULL;
    *nsegs_out = 0;
    int64_t t0 = sm_mono_ms();
    int rc = sm_mkdirs(dir);
    if (rc) {
        sm_error("log: cannot create %s: %s", dir, strerror(-rc));
        return rc;
    }
    DIR *d = opendir(dir);
    if (!d) {
        rc = -errno;
        sm_error("log: cannot open %s: %s", dir, strerror(-rc));
        return rc;
    }
    int64_t *bases = NULL;
    int nb = 0, capb = 0;
    name_list_t idx = {0};
    struct dirent *de;
    while (!rc && (de = readdir(d))) {
        const char *name = de->d_name;
        int64_t base;
        if (ends_with(name, ".deleted") || ends_with(name, ".cleaned") || ends_with(name, ".swap"))
            remove_file(dir, name, "leftover of an interrupted operation");
        else if (parse_seg_name(name, ".log", &base))
            rc = push_base(&bases, &nb, &capb, base);
        else if (parse_seg_name(name, ".index", &base) || parse_seg_name(name, ".timeindex", &base) ||
                 parse_seg_name(name, ".txnindex", &base))
            rc = push_name(&idx, name);
    }
    closedir(d);
    sm_segment_t **segs = NULL;
    int n = 0;
    if (rc) goto out;
    if (nb) qsort(bases, (size_t)nb, sizeof(*bases), cmp_i64);
    for (int i = 0; i < idx.n; i++) {
        int64_t base = 0;
        if (!parse_seg_name(idx.v[i], ".index", &base) && !parse_seg_name(idx.v[i], ".timeindex", &base))
            parse_seg_name(idx.v[i], ".txnindex", &base);
        if (!nb || !bsearch(&base, bases, (size_t)nb, sizeof(*bases), cmp_i64))
            remove_file(dir, idx.v[i], "index without a .log");
    }

    segs = calloc((size_t)(nb ? nb : 1), sizeof(*segs));
    if (!segs) {
        rc = -ENOMEM;
        goto out;
    }
    if (nb == 0) {
        rc = sm_segment_create(dir, 0, cfg->index_interval_bytes, &segs[0]);
        if (rc) {
            sm_error("log: %s: cannot create the first segment: %s", dir, strerror(-rc));
            goto out;
        }
        n = 1;
        goto out;
    }
    for (; n < nb; n++) {
        rc = sm_segment_open(dir, bases[n], cfg->index_interval_bytes, &segs[n]);
        if (rc) {
            sm_error("log: %s: cannot open segment %020" PRId64 ": %s", dir, bases[n],
                     strerror(-rc));
            goto out;
        }
    }

    if (!clean_shutdown) {
        /* First segment that may hold offsets >= the recovery point. */
        int first = 0;
        while (first < n - 1 && segs[first + 1]->base_offset <= recovery_point)
            first++;
        int64_t expected = segs[first]->base_offset;
        int64_t scanned = 0;
        for (int i = first; i < n; i++) {
            if (expected < segs[i]->base_offset) expected = segs[i]->base_offset;
            scanned += sm_segment_size(segs[i]);
            int64_t cut = sm_segment_recover(segs[i], expected);
            if (cut < 0) {
                rc = (int)cut;
                goto out;
            }
            int64_t size;
            sm_segment_get_state(segs[i], &size, &expected);
            if (cut > 0 && i < n - 1) {
                for (int j = i + 1; j < n; j++) {
                    sm_warn("log recovery: %s.log: deleting segment after the truncation point",
                            segs[j]->path);
                    sm_segment_unlink(segs[j]);
                    sm_segment_unref(segs[j]);
                    segs[j] = NULL;
                }
                n = i + 1;
                break;
            }
        }
        sm_info("log: %s: recovered after unclean shutdown from offset %" PRId64
                " (%d of %d segments, %" PRId64 " bytes scanned)",
                dir, recovery_point, n - first, nb, scanned);
    } else {
        sm_segment_t *last = segs[n - 1];
        rc = sm_segment_load(last);
        if (rc == -EBADMSG) {
            sm_warn("log: %s.log: invalid data despite a clean shutdown: recovering the segment",
                    last->path);
            int64_t cut = sm_segment_recover(last, last->base_offset);
            rc = cut < 0 ? (int)cut : 0;
        }
        if (rc) goto out;
    }

out:
    if (rc) {
        for (int i = 0; i < n; i++)
            sm_segment_unref(segs[i]);
        free(segs);
    } else {
        *segs_out = segs;
        *nsegs_out = n;
        int64_t size, next;
        sm_segment_get_state(segs[n - 1], &size, &next);
        sm_debug("log: %s: opened %d segments, end offset %" PRId64 " in %" PRId64 " ms", dir, n,
                 next, sm_mono_ms() - t0);
    }
    for (int i = 0; i < idx.n; i++)
        free(idx.v[i]);
    free(idx.v);
    free(bases);
    return rc;
}
