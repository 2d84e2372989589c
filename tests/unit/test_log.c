/* Unit tests of the partition log (src/log/): append, read, roll, indexes,
 * recovery, timestamps, flush, delete. Every test works in its own
 * directory under /tmp and removes it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log/log.h"
#include "protocol/errors.h"
#include "protocol/records.h"
#include "protocol/wire.h"
#include "util/clock.h"
#include "test_dirs.h"

#define EPOCH 5

/* ---- helpers ---- */

static char *seg_file(const char *dir, int64_t base, const char *ext)
{
    char *p;
    assert_true(asprintf(&p, "%s/%020" PRId64 "%s", dir, base, ext) > 0);
    return p;
}

static bool exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

static int64_t file_size(const char *p)
{
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    return st.st_size;
}

static uint8_t *read_whole(const char *p, size_t *len)
{
    int fd = open(p, O_RDONLY);
    assert_true(fd >= 0);
    struct stat st;
    fstat(fd, &st);
    uint8_t *b = malloc((size_t)st.st_size + 1);
    assert_int_equal(pread(fd, b, (size_t)st.st_size, 0), st.st_size);
    close(fd);
    *len = (size_t)st.st_size;
    return b;
}

/* Sorted base offsets of the .log files in dir. */
static int list_segments(const char *dir, int64_t *bases, int max)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l == 24 && !strcmp(de->d_name + 20, ".log")) {
            assert_true(n < max);
            bases[n++] = strtoll(de->d_name, NULL, 10);
        }
    }
    closedir(d);
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && bases[j] < bases[j - 1]; j--) {
            int64_t t = bases[j];
            bases[j] = bases[j - 1];
            bases[j - 1] = t;
        }
    return n;
}

static sm_log_config_t small_cfg(int64_t segment_bytes, int32_t interval)
{
    sm_log_config_t c;
    sm_log_config_defaults(&c);
    c.segment_bytes = segment_bytes;
    c.index_interval_bytes = interval;
    return c;
}

/* The timestamps of every record appended, for the time lookup model. */
typedef struct model {
    int64_t ts[20000];
    int64_t batch_first[5000]; /* first offset of each batch */
    int nbatches;
    int64_t n;
} model_t;

static model_t *M;

/* Builds one batch of n records whose values are "o<offset>" + pad, the
 * offsets being those the log will assign (current end offset onward). */
static uint8_t *make_batch(int64_t first, int n, int64_t ts, int pad, size_t *len)
{
    const void **vals = calloc((size_t)n, sizeof(void *));
    size_t *vl = calloc((size_t)n, sizeof(size_t));
    char **vb = calloc((size_t)n, sizeof(char *));
    for (int i = 0; i < n; i++) {
        vb[i] = malloc(32 + (size_t)pad);
        int l = snprintf(vb[i], 32, "o%" PRId64, first + i);
        memset(vb[i] + l, 'x', (size_t)pad);
        vals[i] = vb[i];
        vl[i] = (size_t)l + (size_t)pad;
    }
    uint8_t *b;
    assert_int_equal(sm_batch_build(NULL, NULL, vals, vl, n, ts, &b, len), 0);
    for (int i = 0; i < n; i++)
        free(vb[i]);
    free(vb);
    free(vals);
    free(vl);
    return b;
}

static void append_batch(sm_log_t *log, int n, int64_t ts, int pad)
{
    int64_t leo = sm_log_end_offset(log);
    size_t len;
    uint8_t *b = make_batch(leo, n, ts, pad, &len);
    sm_append_result_t res;
    assert_int_equal(sm_log_append(log, b, len, EPOCH, &res), 0);
    assert_int_equal(res.base_offset, leo);
    assert_int_equal(res.last_offset, leo + n - 1);
    assert_int_equal(res.log_append_time, -1);
    assert_int_equal(sm_log_end_offset(log), leo + n);
    /* The caller's buffer was stamped in place. */
    assert_int_equal((int64_t)sm_be64(b), leo);
    assert_int_equal((int32_t)sm_be32(b + 12), EPOCH);
    free(b);
    if (M) {
        M->batch_first[M->nbatches++] = leo;
        for (int i = 0; i < n; i++)
            M->ts[leo + i] = ts + i;
        M->n = leo + n;
    }
}

/* Checks the bytes of a slice: whole valid batches (a partial one only at
 * the end); calls back for every record at or after *next, which must be
 * consecutive offsets with value "o<offset>". */
static void check_slice(const sm_log_slice_t *sl, int64_t *next)
{
    uint8_t *buf = malloc((size_t)sl->len);
    assert_int_equal(pread(sl->fd, buf, (size_t)sl->len, sl->pos), sl->len);
    size_t pos = 0, bl;
    sm_batch_header_t h;
    int rc;
    bool first = true;
    while ((rc = sm_batch_next(buf, (size_t)sl->len, &pos, &h, &bl)) == 1) {
        const uint8_t *b = buf + pos - bl;
        assert_true(sm_batch_crc_ok(b, bl));
        assert_int_equal(h.Magic, 2);
        assert_int_equal(h.PartitionLeaderEpoch, EPOCH);
        if (first) assert_true(h.BaseOffset + h.LastOffsetDelta >= *next);
        first = false;
        size_t rp = 0;
        sm_record_t r;
        while (sm_record_next(b + 61, bl - 61, &rp, &r) == 1) {
            int64_t off = h.BaseOffset + r.OffsetDelta;
            if (off < *next) continue;
            assert_int_equal(off, *next);
            char want[32];
            int l = snprintf(want, sizeof(want), "o%" PRId64, off);
            assert_true(r.ValueLength >= l);
            assert_memory_equal(r.Value, want, (size_t)l);
            (*next)++;
        }
    }
    /* rc is 0 (clean end) or -1 (a partial batch cut by max_bytes). */
    free(buf);
}

/* Reads the whole log from `from` in chunks of max_bytes and checks every
 * offset up to the end offset comes back once, in order. */
static void verify_all(sm_log_t *log, int64_t from, int32_t max_bytes)
{
    int64_t next = from, leo = sm_log_end_offset(log);
    while (next < leo) {
        sm_log_slice_t sl;
        assert_int_equal(sm_log_read(log, next, max_bytes, true, INT64_MAX, &sl), 0);
        assert_true(sl.len > 0);
        int64_t before = next;
        check_slice(&sl, &next);
        assert_true(next > before);
        sm_log_read_release(sl.ref);
    }
    assert_int_equal(next, leo);
}

/* Every offset: a min_one read of 1 byte returns exactly the batch holding it. */
static void verify_each_offset(sm_log_t *log)
{
    int64_t start = sm_log_start_offset(log), leo = sm_log_end_offset(log);
    for (int64_t o = start; o < leo; o++) {
        sm_log_slice_t sl;
        assert_int_equal(sm_log_read(log, o, 1, true, INT64_MAX, &sl), 0);
        uint8_t hb[61];
        assert_true(sl.len >= 61);
        assert_int_equal(pread(sl.fd, hb, 61, sl.pos), 61);
        sm_batch_header_t h;
        sm_batch_header_parse(hb, 61, &h);
        assert_int_equal(sl.len, h.BatchLength + 12);
        assert_true(h.BaseOffset <= o && o <= h.BaseOffset + h.LastOffsetDelta);
        sm_log_read_release(sl.ref);
    }
}

/* Recomputes what Kafka's rules put in a segment's .index and .timeindex
 * (entries every `interval` bytes keyed by the batch's last offset, time
 * entries for a growing max timestamp, a final time entry) from its .log, and
 * compares with the files byte for byte. Valid for a segment written in one
 * session or rebuilt by recovery. */
static void verify_indexes(const char *dir, int64_t base, int32_t interval)
{
    char *pl = seg_file(dir, base, ".log"), *pi = seg_file(dir, base, ".index"),
         *pt = seg_file(dir, base, ".timeindex");
    size_t ll, il, tl;
    uint8_t *lg = read_whole(pl, &ll), *ix = read_whole(pi, &il), *tx = read_whole(pt, &tl);
    uint8_t *ei = malloc(ll / 61 * 8 + 8), *et = malloc(ll / 61 * 12 + 24);
    size_t ni = 0, nt = 0, pos = 0, bl;
    int64_t since = 0, maxts = -1, maxoff = -1, lastts = -1;
    sm_batch_header_t h;
    while (sm_batch_next(lg, ll, &pos, &h, &bl) == 1) {
        int64_t bpos = (int64_t)(pos - bl), last = h.BaseOffset + h.LastOffsetDelta;
        if (h.MaxTimestamp > maxts) {
            maxts = h.MaxTimestamp;
            maxoff = last;
        }
        if (since > interval) {
            sm_put_be32(ei + ni * 8, (uint32_t)(last - base));
            sm_put_be32(ei + ni * 8 + 4, (uint32_t)bpos);
            ni++;
            if (maxts > lastts) {
                sm_put_be64(et + nt * 12, (uint64_t)maxts);
                sm_put_be32(et + nt * 12 + 8, (uint32_t)(maxoff - base));
                nt++;
                lastts = maxts;
            }
            since = 0;
        }
        since += (int64_t)bl;
    }
    assert_int_equal(pos, ll); /* the .log is whole batches */
    if (maxts > lastts && maxoff >= 0) {
        sm_put_be64(et + nt * 12, (uint64_t)maxts);
        sm_put_be32(et + nt * 12 + 8, (uint32_t)(maxoff - base));
        nt++;
    }
    assert_int_equal(il, ni * 8);
    assert_memory_equal(ix, ei, il);
    assert_int_equal(tl, nt * 12);
    assert_memory_equal(tx, et, tl);
    /* DumpLogSegments' check: each entry's position holds a batch whose last offset is the entry's.
     */
    for (size_t i = 0; i < ni; i++) {
        int64_t p = sm_be32(ix + i * 8 + 4);
        sm_batch_header_parse(lg + p, ll - (size_t)p, &h);
        assert_int_equal(h.BaseOffset + h.LastOffsetDelta, base + sm_be32(ix + i * 8));
    }
    free(lg);
    free(ix);
    free(tx);
    free(ei);
    free(et);
    free(pl);
    free(pi);
    free(pt);
}

static void verify_all_indexes(const char *dir, int32_t interval)
{
    int64_t bases[512];
    int n = list_segments(dir, bases, 512);
    for (int i = 0; i < n; i++)
        verify_indexes(dir, bases[i], interval);
}

/* ---- tests ---- */

static void test_empty_and_basic(void **state)
{
    (void)state;
    char *dir = test_make_dir("log");
    char sub[512];
    snprintf(sub, sizeof(sub), "%s/topic-0", dir); /* created by open */
    sm_log_config_t cfg;
    sm_log_config_defaults(&cfg);
    assert_int_equal(cfg.segment_bytes, 1 << 30);
    assert_int_equal(cfg.index_interval_bytes, 4096);
    sm_log_t *log;
    assert_int_equal(sm_log_open(sub, &cfg, 0, false, &log), 0);
    assert_int_equal(sm_log_end_offset(log), 0);
    assert_int_equal(sm_log_start_offset(log), 0);
    assert_int_equal(sm_log_segment_count(log), 1);
    assert_int_equal(sm_log_size_bytes(log), 0);
    char *p = seg_file(sub, 0, ".log");
    assert_true(exists(p));
    free(p);
    p = seg_file(sub, 0, ".index");
    assert_true(exists(p));
    free(p);
    p = seg_file(sub, 0, ".timeindex");
    assert_true(exists(p));
    free(p);

    sm_log_slice_t sl;
    assert_int_equal(sm_log_read(log, 0, 1000, true, INT64_MAX, &sl), 0);
    assert_int_equal(sl.len, 0);
    sm_log_read_release(sl.ref);
    assert_int_equal(sm_log_read(log, 1, 1000, true, INT64_MAX, &sl), SM_ERR_OFFSET_OUT_OF_RANGE);
    int64_t ts, off;
    assert_int_equal(sm_log_max_timestamp(log, &ts, &off), 1);
    assert_int_equal(sm_log_offset_for_timestamp(log, 0, &off, &ts), 1);

    append_batch(log, 3, 1000, 0);
    append_batch(log, 2, 2000, 0);
    assert_int_equal(sm_log_end_offset(log), 5);
    p = seg_file(sub, 0, ".log");
    assert_int_equal(sm_log_size_bytes(log), file_size(p));
    free(p);

    /* Offset inside the second batch: the slice starts at that batch. */
    assert_int_equal(sm_log_read(log, 4, 1 << 20, false, INT64_MAX, &sl), 0);
    uint8_t hb[61];
    assert_int_equal(pread(sl.fd, hb, 61, sl.pos), 61);
    assert_int_equal((int64_t)sm_be64(hb), 3);
    int64_t next = 4;
    check_slice(&sl, &next);
    assert_int_equal(next, 5);
    sm_log_read_release(sl.ref);

    verify_all(log, 0, 1 << 20);
    verify_each_offset(log);
    assert_int_equal(sm_log_read(log, 5, 1000, true, INT64_MAX, &sl), 0);
    assert_int_equal(sl.len, 0);
    assert_int_equal(sm_log_read(log, 6, 1000, true, INT64_MAX, &sl), SM_ERR_OFFSET_OUT_OF_RANGE);
    assert_int_equal(sm_log_read(log, -1, 1000, true, INT64_MAX, &sl), SM_ERR_OFFSET_OUT_OF_RANGE);

    /* Malformed input to append is refused without side effects. */
    uint8_t junk[70] = {0};
    sm_append_result_t res;
    assert_int_equal(sm_log_append(log, junk, sizeof(junk), EPOCH, &res), -EINVAL);
    assert_int_equal(sm_log_append(log, junk, 0, EPOCH, &res), -EINVAL);
    assert_int_equal(sm_log_end_offset(log), 5);

    sm_log_close(log);
    test_rm_rf(dir);
    free(dir);
}

static void test_roll_and_read_across_segments(void **state)
{
    (void)state;
    char *dir = test_make_dir("log");
    sm_log_config_t cfg = small_cfg(2000, 300);
    sm_log_t *log;
    assert_int_equal(sm_log_open(dir, &cfg, 0, true, &log), 0);
    for (int i = 0; i < 300; i++)
        append_batch(log, 1 + i % 4, 1000 + i, (i * 37) % 120);
    int nseg = sm_log_segment_count(log);
    assert_true(nseg > 10);
    int64_t total = 0, bases[512];
    assert_int_equal(list_segments(dir, bases, 512), nseg);
    for (int i = 0; i < nseg; i++) {
        char *p = seg_file(dir, bases[i], ".log");
        int64_t sz = file_size(p);
        total += sz;
        assert_true(sz <= 2000);
        /* The first batch of each segment has the segment's base offset. */
        size_t len;
        uint8_t *b = read_whole(p, &len);
        assert_true(len >= 61);
        assert_int_equal((int64_t)sm_be64(b), bases[i]);
        free(b);
        free(p);
    }
    assert_int_equal(bases[0], 0);
    assert_int_equal(total, sm_log_size_bytes(log));
    verify_all(log, 0, 1 << 20); /* one segment per read: continues in the next */
    verify_all(log, 0, 700);     /* partial trailing batches */
    verify_each_offset(log);
    sm_log_close(log);
    verify_all_indexes(dir, 300);
    test_rm_rf(dir);
    free(dir);
}

static int64_t allocated_bytes(const char *p)
{
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    return (int64_t)st.st_blocks * 512;
}

/* The active segment reserves disk ahead of its writes (fallocate KEEP_SIZE):
 * the file's size stays the data's; the reservation is given back when the
 * segment rolls and when the log closes. */
static void test_reserved_blocks(void **state)
{
    (void)state;
    char *dir = test_make_dir("reserve");
    char probe[4200];
    snprintf(probe, sizeof(probe), "%s/probe", dir);
    int fd = open(probe, O_RDWR | O_CREAT, 0600);
    assert_true(fd >= 0);
    bool supported = fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 1 << 20) == 0;
    close(fd);
    unlink(probe);
    if (!supported) {
        test_rm_rf(dir);
        free(dir);
        skip();
    }
    sm_log_config_t cfg = small_cfg(2 << 20, 4096);
    sm_log_t *log;
    assert_int_equal(sm_log_open(dir, &cfg, 0, true, &log), 0);
    char *first = seg_file(dir, 0, ".log");
    append_batch(log, 10, 1000, 30000); /* ~300 KB */
    int64_t size = file_size(first);
    assert_int_equal(size, sm_log_size_bytes(log));
    assert_true(allocated_bytes(first) >= 2 * size); /* as much again reserved */
    while (sm_log_segment_count(log) == 1)
        append_batch(log, 10, 1000, 30000);
    size = file_size(first);
    assert_true(allocated_bytes(first) <= size + 65536); /* given back at the roll */
    verify_all(log, 0, 1 << 20);
    int64_t bases[4];
    assert_int_equal(list_segments(dir, bases, 4), 2);
    char *active = seg_file(dir, bases[1], ".log");
    assert_true(allocated_bytes(active) > file_size(active));
    sm_log_close(log);
    assert_true(allocated_bytes(active) <= file_size(active) + 65536); /* and at close */
    /* A broker that died with disk reserved: recovery gives it back. */
    fd = open(active, O_RDWR);
    assert_int_equal(fallocate(fd, FALLOC_FL_KEEP_SIZE, file_size(active), 1 << 20), 0);
    close(fd);
    assert_true(allocated_bytes(active) >= file_size(active) + (1 << 20));
    assert_int_equal(sm_log_open(dir, &cfg, bases[1], false, &log), 0);
    assert_true(allocated_bytes(active) <= file_size(active) + 65536);
    verify_all(log, 0, 1 << 20);
    sm_log_close(log);
    free(active);
    free(first);
    test_rm_rf(dir);
    free(dir);
}

/* A batch larger than segment_bytes still goes in (alone). */
static void test_oversized_batch(void **state)
{
    (void)state;
    char *dir = test_make_dir("log");
    sm_log_config_t cfg = small_cfg(500, 100);
    sm_log_t *log;
    assert_int_equal(sm_log_open(dir, &cfg, 0, true, &log), 0);
    append_batch(log, 2, 1, 2000);
    append_batch(log, 1, 2, 10);
    append_batch(log, 3, 3, 3000);
    assert_int_equal(sm_log_segment_count(log), 3);
    verify_all(log, 0, 1 << 20);
    verify_each_offset(log);
    sm_log_close(log);
    test_rm_rf(dir);
    free(dir);
}

static void fill_log(const char *dir, sm_log_config_t *cfg, int nbatches)
{
    sm_log_t *log;
    assert_int_equal(sm_log_open(dir, cfg, 0, true, &log), 0);
    for (int i = 0; i < nbatches; i++)
        append_batch(log, 1 + i % 3, 5000 + 7 * i, (i * 13) % 90);
    sm_log_close(log);
}

static void test_reopen_clean_and_unclean(void **state)
{
    (void)state;
    char *dir = test_make_dir("log");
    sm_log_config_t cfg = small_cfg(1500, 200);
    fill_log(dir, &cfg, 150);
    verify_all_indexes(dir, 200);
    int64_t bases[512];
    int nseg = list_segments(dir, bases, 512);
    char *li = seg_file(dir, bases[nseg / 2], ".index");
    size_t il;
    uint8_t *before = read_whole(li, &il);

    sm_log_t *log;
    assert_int_equal(sm_log_open(dir, &cfg, 0, true, &log), 0);
    int64_t leo = sm_log_end_offset(log);
    assert_int_equal(leo, 150 + 150); /* 1,2,3 records repeating: 50 * 6 */
    assert_int_equal(sm_log_segment_count(log), nseg);
    assert_int_equal(sm_log_recovery_point(log), leo);
    verify_all(log, 0, 1 << 20);
    verify_each_offset(log);
    append_batch(log, 2, 99999, 0);
    assert_int_equal(sm_log_end_offset(log), leo + 2);
    verify_all(log, 0, 1 << 20);
    sm_log_close(log);

    /* Unclean with recovery point 0: every segment scanned, indexes rebuilt
     * identical to what appends wrote. */
    assert_int_equal(sm_log_open(dir, &cfg, 0, false, &log), 0);
    assert_int_equal(sm_log_end_offset(log), leo + 2);
    assert_int_equal(sm_log_segment_count(log), nseg);
    assert_int_equal(sm_log_recovery_point(log), 0);
    verify_all(log, 0, 1 << 20);
    verify_each_offset(log);
    sm_log_close(log);
    verify_all_indexes(dir, 200);
    size_t il2;
    uint8_t *after = read_whole(li, &il2);
    assert_int_equal(il, il2);
    assert_memory_equal(before, after, il);
    free(before);
    free(after);

    /* Unclean with a recovery point in a later segment. */
    int64_t rp = bases[nseg - 2] + 1;
    assert_int_equal(sm_log_open(dir, &cfg, rp, false, &log), 0);
    assert_int_equal(sm_log_end_offset(log), leo + 2);
    assert_int_equal(sm_log_recovery_point(log), rp);
    verify_all(log, 0, 1 << 20);
    sm_log_close(log);

    free(li);
    test_rm_rf(dir);
    free(dir);
}

/* Missing or corrupt index files are rebuilt after a clean shutdown too
 * (lazily for inactive segments). */
static void test_clean_open_rebuilds_bad_indexes(void **state)
{
    (void)state;
    char *dir = test_make_dir("log");
    sm_log_config_t cfg = small_cfg(1500, 200);
    fill_log(dir, &cfg, 120);
    int64_t bases[512];
    int nseg = list_segments(dir, bases, 512);
    assert_true(nseg > 4);
    char *mid = seg_file(dir, bases[2], ".index");
    char *midt = seg_file(dir, bases[3], ".timeindex");
    char *lasti = seg_file(dir, bases[nseg - 1], ".index");
    unlink(mid);
    /* Not a multiple of 12. */
    int fd = open(midt, O_WRONLY | O_APPEND);
    assert_int_equal(write(fd, "abc", 3), 3);
    close(fd);
    /* Non-monotonic entries in the active segment's index. */
    fd = open(lasti, O_WRONLY | O_TRUNC);
    uint8_t e[16];
    sm_put_be32(e, 5);
    sm_put_be32(e + 4, 100);
    sm_put_be32(e + 8, 3);
    sm_put_be32(e + 12, 200);
    assert_int_equal(write(fd, e, 16), 16);
    close(fd);
    /* Trailing zero entries (a preallocated Kafka index) in another one. */
    char *zi = seg_file(dir, bases[1], ".index");
    size_t zl;
    uint8_t *zb = read_whole(zi, &zl);
    fd = open(zi, O_WRONLY | O_APPEND);
    uint8_t zeros[80] = {0};
    assert_int_equal(write(fd, zeros, sizeof(zeros)), (ssize_t)sizeof(zeros));
    close(fd);

    sm_log_t *log;
    assert_int_equal(sm_log_open(dir, &cfg, 0, true, &log), 0);
    assert_int_equal(sm_log_end_offset(log), 240);
    verify_all(log, 0, 1 << 20);
    verify_each_offset(log);
    sm_log_close(log);
    assert_true(exists(mid));
    verify_all_indexes(dir, 200);
    size_t zl2;
    uint8_t *zb2 = read_whole(zi, &zl2);
    assert_int_equal(zl2, zl); /* zeros trimmed */
    assert_memory_equal(zb, zb2, zl);
    free(zb);
    free(zb2);
    free(zi);
    free(mid);
    free(midt);
    free(lasti);
    test_rm_rf(dir);
    free(dir);
}

static void test_torn_tail_truncated(void **state)
{
    (void)state;
    char *dir = test_make_dir("log");
    sm_log_config_t cfg = small_cfg(1 << 20, 100);
    sm_log_t *log;
    assert_int_equal(sm_log_open(dir, &cfg, 0, true, &log), 0);
    for (int i = 0; i < 20; i++)
        append_batch(log, 2, 100 + i, 30);
    int64_t leo = sm_log_end_offset(log);
    sm_log_close(log);
    char *pl = seg_file(dir, 0, ".log");
    int64_t full = file_size(pl);

    /* 1. Cut mid-batch: the last batch goes, appends continue right after. */
    assert_int_equal(truncate(pl, full - 10), 0);
    assert_int_equal(sm_log_open(dir, &cfg, 0, false, &log), 0);
    assert_int_equal(sm_log_end_offset(log), leo - 2);
    int64_t cut = file_size(pl);
    assert_true(cut < full - 10);
    append_batch(log, 2, 500, 30);
    assert_int_equal(sm_log_end_offset(log), leo);
    verify_all(log, 0, 1 << 20);
    verify_each_offset(log);
    sm_log_close(log);
    assert_int_equal(file_size(pl), full);
    verify_all_indexes(dir, 100);

    /* 2. Garbage after the last batch: dropped, nothing else changes. */
    int fd = open(pl, O_WRONLY | O_APPEND);
    uint8_t g[300];
    for (size_t i = 0; i < sizeof(g); i++)
        g[i] = (uint8_t)(i * 7 + 3);
    assert_int_equal(write(fd, g, sizeof(g)), (ssize_t)sizeof(g));
    close(fd);
    assert_int_equal(sm_log_open(dir, &cfg, 0, false, &log), 0);
    assert_int_equal(sm_log_end_offset(log), leo);
    assert_int_equal(file_size(pl), full);
    verify_all(log, 0, 1 << 20);
    sm_log_close(log);

    /* 3. A zero-filled tail (file extended but data lost) is also cut. */
    assert_int_equal(truncate(pl, full + 4096), 0);
    assert_int_equal(sm_log_open(dir, &cfg, leo, false, &log), 0);
    assert_int_equal(sm_log_end_offset(log), leo);
    assert_int_equal(file_size(pl), full);
    sm_log_close(log);

    /* 4. A torn tail after a "clean" shutdown is recovered as well. */
    assert_int_equal(truncate(pl, full - 1), 0);
    assert_int_equal(sm_log_open(dir, &cfg, leo, true, &log), 0);
    assert_int_equal(sm_log_end_offset(log), leo - 2);
    verify_all(log, 0, 1 << 20);
    sm_log_close(log);

    free(pl);
    test_rm_rf(dir);
    free(dir);
}

/* Corruption in an earlier segment: truncated there, later segments deleted. */
static void test_corrupt_middle_segment(void **state)
{
    (void)state;
    char *dir = test_make_dir("log");
    sm_log_config_t cfg = small_cfg(1000, 100);
    fill_log(dir, &cfg, 100);
    int64_t bases[512];
    int nseg = list_segments(dir, bases, 512);
    assert_true(nseg > 6);
    int k = 3;
    char *pl = seg_file(dir, bases[k], ".log");
    size_t len;
    uint8_t *b = read_whole(pl, &len);
    /* Flip a byte inside the second batch of segment k. */
    size_t pos = 0, bl;
    sm_batch_header_t h;
    assert_int_equal(sm_batch_next(b, len, &pos, &h, &bl), 1);
    size_t second = pos;
    assert_int_equal(sm_batch_next(b, len, &pos, &h, &bl), 1);
    int64_t bad_offset = h.BaseOffset;
    int fd = open(pl, O_WRONLY);
    uint8_t x = b[second + 70] ^ 0x10;
    assert_int_equal(pwrite(fd, &x, 1, (off_t)(second + 70)), 1);
    close(fd);

    /* A clean open trusts closed segments: nothing is scanned or cut. */
    sm_log_t *log;
    int64_t leo_before;
    assert_int_equal(sm_log_open(dir, &cfg, 0, true, &log), 0);
    leo_before = sm_log_end_offset(log);
    assert_int_equal(sm_log_segment_count(log), nseg);
    sm_log_close(log);
    assert_int_equal(file_size(pl), (int64_t)len);
    assert_true(leo_before > bad_offset);

    /* Recovery point before segment k: k is scanned and cut. */
    assert_int_equal(sm_log_open(dir, &cfg, bases[k - 1], false, &log), 0);
    assert_int_equal(sm_log_end_offset(log), bad_offset);
    assert_int_equal(sm_log_segment_count(log), k + 1);
    assert_int_equal(file_size(pl), (int64_t)second);
    for (int i = k + 1; i < nseg; i++) {
        char *p = seg_file(dir, bases[i], ".log");
        assert_false(exists(p));
        free(p);
        p = seg_file(dir, bases[i], ".index");
        assert_false(exists(p));
        free(p);
    }
    verify_all(log, 0, 1 << 20);
    append_batch(log, 3, 1, 0);
    assert_int_equal(sm_log_end_offset(log), bad_offset + 3);
    verify_all(log, 0, 1 << 20);
    sm_log_close(log);
    free(b);
    free(pl);
    test_rm_rf(dir);
    free(dir);
}

/* Batches not following on (BaseOffset going backwards) end the log too. */
static void test_recovery_offset_regression(void **state)
{
    (void)state;
    char *dir = test_make_dir("log");
    sm_log_config_t cfg = small_cfg(1 << 20, 100);
    fill_log(dir, &cfg, 10);
    char *pl = seg_file(dir, 0, ".log");
    size_t len;
    uint8_t *b = read_whole(pl, &len);
    /* Append a copy of the first batch (BaseOffset 0) after the end. */
    size_t pos = 0, bl;
    sm_batch_header_t h;
    sm_batch_next(b, len, &pos, &h, &bl);
    int fd = open(pl, O_WRONLY | O_APPEND);
    assert_int_equal(write(fd, b, bl), (ssize_t)bl);
    close(fd);
    sm_log_t *log;
    assert_int_equal(sm_log_open(dir, &cfg, 0, false, &log), 0);
    assert_int_equal(file_size(pl), (int64_t)len);
    assert_int_equal(sm_log_end_offset(log), 19); /* 1,2,3,1,2,3,1,2,3,1 records */
    sm_log_close(log);
    free(b);
    free(pl);
    test_rm_rf(dir);
    free(dir);
}

static void test_read_limits(void **state)
{
    (void)state;
    char *dir = test_make_dir("log");
    sm_log_config_t cfg = small_cfg(1 << 20, 4096);
    sm_log_t *log;
    assert_int_equal(sm_log_open(dir, &cfg, 0, true, &log), 0);
    append_batch(log, 2, 1, 400); /* offsets 0-1 */
    append_batch(log, 2, 2, 400); /* 2-3 */
    append_batch(log, 2, 3, 400); /* 4-5 */
    sm_log_slice_t sl;
    assert_int_equal(sm_log_read(log, 0, 1 << 20, false, INT64_MAX, &sl), 0);
    int32_t all = sl.len;
    assert_int_equal(all, sm_log_size_bytes(log));
    sm_log_read_release(sl.ref);
    int32_t b1 = all / 3; /* the three batches have equal sizes */

    /* max_bytes below the first batch: partial without min_one, whole with. */
    assert_int_equal(sm_log_read(log, 0, 100, false, INT64_MAX, &sl), 0);
    assert_int_equal(sl.len, 100);
    assert_int_equal(sl.pos, 0);
    sm_log_read_release(sl.ref);
    assert_int_equal(sm_log_read(log, 0, 100, true, INT64_MAX, &sl), 0);
    assert_int_equal(sl.len, b1);
    sm_log_read_release(sl.ref);
    assert_int_equal(sm_log_read(log, 0, 0, false, INT64_MAX, &sl), 0);
    assert_int_equal(sl.len, 0);
    assert_null(sl.ref);
    assert_int_equal(sm_log_read(log, 0, 0, true, INT64_MAX, &sl), 0);
    assert_int_equal(sl.len, b1);
    sm_log_read_release(sl.ref);
    /* Between one and two batches: a partial trailing batch (as Kafka). */
    assert_int_equal(sm_log_read(log, 2, b1 + 50, true, INT64_MAX, &sl), 0);
    assert_int_equal(sl.pos, b1);
    assert_int_equal(sl.len, b1 + 50);
    sm_log_read_release(sl.ref);

    /* max_offset (high watermark): only batches wholly below it. */
    assert_int_equal(sm_log_read(log, 0, 1 << 20, false, 4, &sl), 0);
    assert_int_equal(sl.len, 2 * b1);
    sm_log_read_release(sl.ref);
    assert_int_equal(sm_log_read(log, 0, 1 << 20, false, 3, &sl), 0);
    assert_int_equal(sl.len, b1); /* batch 2-3 straddles 3 */
    sm_log_read_release(sl.ref);
    assert_int_equal(sm_log_read(log, 2, 1 << 20, true, 3, &sl), 0);
    assert_int_equal(sl.len, 0);
    assert_int_equal(sm_log_read(log, 4, 1 << 20, true, 4, &sl), 0);
    assert_int_equal(sl.len, 0);
    assert_int_equal(sm_log_read(log, 5, 1 << 20, true, 4, &sl), 0);
    assert_int_equal(sl.len, 0);
    assert_int_equal(sm_log_read(log, 7, 1 << 20, true, 4, &sl), SM_ERR_OFFSET_OUT_OF_RANGE);
    sm_log_close(log);
    test_rm_rf(dir);
    free(dir);
}

/* A log whose first segment starts above 0 (as after retention). */
static void test_log_start_offset(void **state)
{
    (void)state;
    char *dir = test_make_dir("log");
    /* Write a segment file by hand: batches at offsets 100.. */
    char *pl = seg_file(dir, 100, ".log");
    int fd = open(pl, O_WRONLY | O_CREAT, 0644);
    int64_t off = 100;
    for (int i = 0; i < 5; i++) {
        size_t len;
        uint8_t *b = make_batch(off, 2, 10, 0, &len);
        sm_put_be64(b, (uint64_t)off);
        sm_put_be32(b + 12, EPOCH);
        assert_int_equal(write(fd, b, len), (ssize_t)len);
        off += 2;
        free(b);
    }
    close(fd);
    sm_log_config_t cfg = small_cfg(1 << 20, 100);
    sm_log_t *log;
    assert_int_equal(sm_log_open(dir, &cfg, 0, true, &log), 0); /* no index files yet */
    assert_int_equal(sm_log_start_offset(log), 100);
    assert_int_equal(sm_log_end_offset(log), 110);
    sm_log_slice_t sl;
    assert_int_equal(sm_log_read(log, 99, 1000, true, INT64_MAX, &sl), SM_ERR_OFFSET_OUT_OF_RANGE);
    assert_int_equal(sm_log_read(log, 0, 1000, true, INT64_MAX, &sl), SM_ERR_OFFSET_OUT_OF_RANGE);
    verify_all(log, 100, 1 << 20);
    verify_each_offset(log);
    append_batch(log, 1, 20, 0);
    assert_int_equal(sm_log_end_offset(log), 111);
    sm_append_result_t res;
    size_t len;
    uint8_t *b = make_batch(111, 1, 30, 0, &len);
    assert_int_equal(sm_log_append(log, b, len, EPOCH, &res), 0);
    assert_int_equal(res.log_start_offset, 100);
    free(b);
    sm_log_close(log);
    verify_all_indexes(dir, 100);
    free(pl);
    test_rm_rf(dir);
    free(dir);
}

/* What Kafka answers for ListOffsets by timestamp: the first batch with
 * MaxTimestamp >= ts, and in it the first record with timestamp >= ts. */
static bool model_offset_for_ts(int64_t ts, int64_t *off, int64_t *rts)
{
    for (int b = 0; b < M->nbatches; b++) {
        int64_t first = M->batch_first[b], end = b + 1 < M->nbatches ? M->batch_first[b + 1] : M->n;
        int64_t mx = -1;
        for (int64_t o = first; o < end; o++)
            if (M->ts[o] > mx) mx = M->ts[o];
        if (mx < ts) continue;
        for (int64_t o = first; o < end; o++)
            if (M->ts[o] >= ts) {
                *off = o;
                *rts = M->ts[o];
                return true;
            }
    }
    return false;
}

static void check_timestamps(sm_log_t *log)
{
    int64_t mx = -1, mxoff = -1;
    for (int64_t o = 0; o < M->n; o++)
        if (M->ts[o] > mx) {
            mx = M->ts[o];
            mxoff = o;
        }
    int64_t ts, off;
    assert_int_equal(sm_log_max_timestamp(log, &ts, &off), 0);
    assert_int_equal(ts, mx);
    assert_int_equal(off, mxoff);
    /* Every record timestamp and its neighbours, and values outside. */
    for (int64_t i = -1; i <= M->n; i++) {
        for (int64_t d = -1; d <= 1; d++) {
            int64_t t = i < 0 ? -5 + d : i == M->n ? mx + 2 + d : M->ts[i] + d;
            int64_t want_off, want_ts;
            bool found = model_offset_for_ts(t, &want_off, &want_ts);
            int rc = sm_log_offset_for_timestamp(log, t, &off, &ts);
            if (!found) {
                assert_int_equal(rc, 1);
                continue;
            }
            assert_int_equal(rc, 0);
            assert_int_equal(off, want_off);
            assert_int_equal(ts, want_ts);
        }
    }
}

static void test_timestamp_lookups(void **state)
{
    (void)state;
    M = calloc(1, sizeof(*M));
    char *dir = test_make_dir("log");
    sm_log_config_t cfg = small_cfg(1200, 150);
    sm_log_t *log;
    assert_int_equal(sm_log_open(dir, &cfg, 0, true, &log), 0);
    /* Mostly increasing timestamps with some batches going back in time. */
    int64_t t = 1000;
    for (int i = 0; i < 120; i++) {
        int n = 1 + i % 4;
        int64_t bt = (i % 9 == 5) ? t - 40 : t;
        append_batch(log, n, bt, i % 50);
        t += 10;
    }
    /* The maximum in the middle of the log, not at the end. */
    append_batch(log, 3, 1000000, 0);
    for (int i = 0; i < 30; i++) {
        append_batch(log, 2, t, 5);
        t += 10;
    }
    assert_true(sm_log_segment_count(log) > 5);
    check_timestamps(log);
    sm_log_close(log);
    verify_all_indexes(dir, 150);

    assert_int_equal(sm_log_open(dir, &cfg, 0, true, &log), 0);
    check_timestamps(log);
    sm_log_close(log);
    assert_int_equal(sm_log_open(dir, &cfg, 0, false, &log), 0);
    check_timestamps(log);
    sm_log_close(log);
    free(M);
    M = NULL;
    test_rm_rf(dir);
    free(dir);
}

static void test_delete_with_pinned_slice(void **state)
{
    (void)state;
    char *dir = test_make_dir("log");
    sm_log_config_t cfg = small_cfg(1000, 100);
    sm_log_t *log;
    assert_int_equal(sm_log_open(dir, &cfg, 0, true, &log), 0);
    for (int i = 0; i < 30; i++)
        append_batch(log, 2, i, 50);
    /* Another module's file in the directory goes too. */
    char other[512];
    snprintf(other, sizeof(other), "%s/leader-epoch-checkpoint", dir);
    int fd = open(other, O_WRONLY | O_CREAT, 0644);
    close(fd);
    sm_log_slice_t sl;
    assert_int_equal(sm_log_read(log, 0, 1 << 20, true, INT64_MAX, &sl), 0);
    assert_true(sl.len > 0);
    assert_int_equal(sm_log_delete(log), 0);
    assert_false(exists(dir));
    /* The pinned range is still readable. */
    int64_t next = 0;
    check_slice(&sl, &next);
    assert_true(next > 0);
    sm_log_read_release(sl.ref);
    free(dir);
}

static void test_stray_files_removed(void **state)
{
    (void)state;
    char *dir = test_make_dir("log");
    sm_log_config_t cfg = small_cfg(1 << 20, 100);
    fill_log(dir, &cfg, 5);
    const char *junk[] = {"00000000000000000500.index", "00000000000000000500.timeindex",
                          "00000000000000000000.log.deleted", "00000000000000000007.log.cleaned",
                          "00000000000000000009.index.swap"};
    const char *keep[] = {"leader-epoch-checkpoint", "partition.metadata",
                          "00000000000000000000.snapshot"};
    char p[512];
    for (size_t i = 0; i < 5; i++) {
        snprintf(p, sizeof(p), "%s/%s", dir, junk[i]);
        close(open(p, O_WRONLY | O_CREAT, 0644));
    }
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof(p), "%s/%s", dir, keep[i]);
        close(open(p, O_WRONLY | O_CREAT, 0644));
    }
    sm_log_t *log;
    assert_int_equal(sm_log_open(dir, &cfg, 0, false, &log), 0);
    assert_int_equal(sm_log_end_offset(log), 9); /* 1+2+3+1+2 records */
    assert_int_equal(sm_log_segment_count(log), 1);
    sm_log_close(log);
    for (size_t i = 0; i < 5; i++) {
        snprintf(p, sizeof(p), "%s/%s", dir, junk[i]);
        assert_false(exists(p));
    }
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof(p), "%s/%s", dir, keep[i]);
        assert_true(exists(p));
    }
    test_rm_rf(dir);
    free(dir);
}

static void test_flush_and_recovery_point(void **state)
{
    (void)state;
    char *dir = test_make_dir("log");
    sm_log_config_t cfg = small_cfg(1 << 20, 100);
    cfg.flush_interval_messages = 5;
    sm_log_t *log;
    assert_int_equal(sm_log_open(dir, &cfg, 0, false, &log), 0);
    assert_int_equal(sm_log_recovery_point(log), 0);
    append_batch(log, 2, 1, 0);
    append_batch(log, 2, 1, 0);
    assert_int_equal(sm_log_recovery_point(log), 0);
    append_batch(log, 2, 1, 0); /* 6 unflushed >= 5 */
    assert_int_equal(sm_log_recovery_point(log), 6);
    append_batch(log, 1, 1, 0);
    assert_int_equal(sm_log_recovery_point(log), 6);
    assert_int_equal(sm_log_flush(log), 0);
    assert_int_equal(sm_log_recovery_point(log), 7);
    sm_log_close(log);

    /* flush.ms, and rolled segments flushed by flush_if_due. */
    sm_log_config_t c2 = small_cfg(600, 100);
    c2.flush_interval_ms = 60000;
    assert_int_equal(sm_log_open(dir, &c2, 7, true, &log), 0);
    assert_int_equal(sm_log_recovery_point(log), 7);
    append_batch(log, 1, 1, 0);
    int64_t now = sm_now_ms();
    assert_int_equal(sm_log_flush_if_due(log, now), 0);
    assert_int_equal(sm_log_recovery_point(log), 7); /* not due yet */
    assert_int_equal(sm_log_flush_if_due(log, now + 61000), 0);
    assert_int_equal(sm_log_recovery_point(log), 8);
    for (int i = 0; i < 20; i++)
        append_batch(log, 1, 1, 100);
    assert_true(sm_log_segment_count(log) > 3);
    int64_t bases[64];
    int n = list_segments(dir, bases, 64);
    assert_int_equal(sm_log_flush_if_due(log, now), 0);
    assert_int_equal(sm_log_recovery_point(log), bases[n - 1]); /* up to the active segment */
    /* The rolled segments' index files are complete now. */
    for (int i = 0; i < n - 1; i++)
        verify_indexes(dir, bases[i], 100);
    sm_log_close(log);
    test_rm_rf(dir);
    free(dir);
}

/* Readers running while a writer appends and rolls: every read returns the
 * batch holding the offset, intact. */
typedef struct race {
    sm_log_t *log;
    atomic_int done;
    int64_t reads;
} race_t;

static void *reader_thread(void *arg)
{
    race_t *r = arg;
    unsigned seed = 7;
    uint8_t buf[4096];
    while (!atomic_load(&r->done)) {
        int64_t leo = sm_log_end_offset(r->log);
        if (leo == 0) continue;
        int64_t o = (int64_t)(rand_r(&seed) % (unsigned)leo);
        sm_log_slice_t sl;
        if (sm_log_read(r->log, o, 1 << 20, true, INT64_MAX, &sl) != 0 || sl.len <= 0) abort();
        size_t n = (size_t)sl.len < sizeof(buf) ? (size_t)sl.len : sizeof(buf);
        if (pread(sl.fd, buf, n, sl.pos) != (ssize_t)n) abort();
        size_t pos = 0, bl;
        sm_batch_header_t h;
        if (sm_batch_next(buf, n, &pos, &h, &bl) != 1) abort();
        if (!(h.BaseOffset <= o && o <= h.BaseOffset + h.LastOffsetDelta)) abort();
        if (!sm_batch_crc_ok(buf, bl)) abort();
        sm_log_read_release(sl.ref);
        r->reads++;
    }
    return NULL;
}

/* Flushes and timestamp lookups while appends run. */
static void *flusher_thread(void *arg)
{
    race_t *r = arg;
    int64_t prev_rp = 0;
    /* Where timestamp 100 is: batch i holds records stamped i, i+1, ... */
    int64_t want = -1, first = 0;
    for (int i = 0; want < 0; i++) {
        int n = 1 + i % 5;
        if (i + n - 1 >= 100) want = first + (100 - i);
        first += n;
    }
    while (!atomic_load(&r->done)) {
        if (sm_log_flush_if_due(r->log, sm_now_ms()) != 0) abort();
        int64_t rp = sm_log_recovery_point(r->log);
        if (rp < prev_rp || rp > sm_log_end_offset(r->log)) abort();
        prev_rp = rp;
        int64_t off, ts;
        int rc = sm_log_offset_for_timestamp(r->log, 100, &off, &ts);
        if (rc == 0 && (ts != 100 || off != want)) abort();
        if (rc < 0) abort();
        if (sm_log_max_timestamp(r->log, &ts, &off) < 0) abort();
        if ((prev_rp & 7) == 0 && sm_log_flush(r->log) != 0) abort();
    }
    return NULL;
}

static void test_concurrent_append_and_read(void **state)
{
    (void)state;
    char *dir = test_make_dir("log");
    sm_log_config_t cfg = small_cfg(4000, 200);
    cfg.flush_interval_ms = 0;
    race_t r = {0};
    assert_int_equal(sm_log_open(dir, &cfg, 0, true, &r.log), 0);
    atomic_init(&r.done, 0);
    pthread_t th, fl;
    pthread_create(&th, NULL, reader_thread, &r);
    pthread_create(&fl, NULL, flusher_thread, &r);
    for (int i = 0; i < 1500; i++)
        append_batch(r.log, 1 + i % 5, i, (i * 11) % 200);
    atomic_store(&r.done, 1);
    pthread_join(th, NULL);
    pthread_join(fl, NULL);
    assert_true(r.reads > 0);
    assert_int_equal(sm_log_flush(r.log), 0);
    assert_int_equal(sm_log_recovery_point(r.log), sm_log_end_offset(r.log));
    verify_all(r.log, 0, 1 << 20);
    sm_log_close(r.log);
    verify_all_indexes(dir, 200);
    test_rm_rf(dir);
    free(dir);
}

/* Multi-batch appends: each batch is stamped with consecutive offsets. */
static void test_multi_batch_append(void **state)
{
    (void)state;
    char *dir = test_make_dir("log");
    sm_log_config_t cfg = small_cfg(1 << 20, 50);
    sm_log_t *log;
    assert_int_equal(sm_log_open(dir, &cfg, 0, true, &log), 0);
    append_batch(log, 1, 1, 0);
    size_t l1, l2, l3;
    uint8_t *a = make_batch(1, 3, 10, 20, &l1), *b = make_batch(4, 2, 20, 20, &l2),
            *c = make_batch(6, 4, 30, 20, &l3);
    uint8_t *all = malloc(l1 + l2 + l3);
    memcpy(all, a, l1);
    memcpy(all + l1, b, l2);
    memcpy(all + l1 + l2, c, l3);
    sm_append_result_t res;
    assert_int_equal(sm_log_append(log, all, l1 + l2 + l3, EPOCH, &res), 0);
    assert_int_equal(res.base_offset, 1);
    assert_int_equal(res.last_offset, 9);
    assert_int_equal((int64_t)sm_be64(all + l1), 4);
    assert_int_equal((int64_t)sm_be64(all + l1 + l2), 6);
    verify_all(log, 0, 1 << 20);
    verify_each_offset(log);
    sm_log_close(log);
    verify_all_indexes(dir, 50);
    free(a);
    free(b);
    free(c);
    free(all);
    test_rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_and_basic),
        cmocka_unit_test(test_roll_and_read_across_segments),
        cmocka_unit_test(test_reserved_blocks),
        cmocka_unit_test(test_oversized_batch),
        cmocka_unit_test(test_reopen_clean_and_unclean),
        cmocka_unit_test(test_clean_open_rebuilds_bad_indexes),
        cmocka_unit_test(test_torn_tail_truncated),
        cmocka_unit_test(test_corrupt_middle_segment),
        cmocka_unit_test(test_recovery_offset_regression),
        cmocka_unit_test(test_read_limits),
        cmocka_unit_test(test_log_start_offset),
        cmocka_unit_test(test_timestamp_lookups),
        cmocka_unit_test(test_delete_with_pinned_slice),
        cmocka_unit_test(test_stray_files_removed),
        cmocka_unit_test(test_flush_and_recovery_point),
        cmocka_unit_test(test_concurrent_append_and_read),
        cmocka_unit_test(test_multi_batch_append),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
