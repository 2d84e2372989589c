/*
 * Log compaction (src/log/cleaner.c): after sm_log_compact the closed
 * segments hold only the latest record of each key (tombstones until
 * delete.retention.ms), offsets are unchanged, reads and reopening work,
 * a pinned reader keeps seeing the old bytes, and the files left by a crash
 * in the middle of a swap are recovered from.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "log/log.h"
#include "protocol/records.h"
#include "test_dirs.h"

static sm_log_t *open_log(const char *dir, bool clean)
{
    sm_log_config_t cfg;
    sm_log_config_defaults(&cfg);
    cfg.segment_bytes = 1024; /* a few batches per segment */
    cfg.index_interval_bytes = 128;
    sm_log_t *log = NULL;
    assert_int_equal(sm_log_open(dir, &cfg, 0, clean, &log), 0);
    return log;
}

/* Appends one batch of n records "k<key>" = "v<value>" (value < 0: tombstone). */
static void append(sm_log_t *log, const int *keys, const int *values, int n, int64_t ts)
{
    char kb[16][16], vb[16][16];
    const void *k[16], *v[16];
    size_t kl[16], vl[16];
    assert_true(n <= 16);
    for (int i = 0; i < n; i++) {
        kl[i] = (size_t)snprintf(kb[i], sizeof(kb[i]), "k%d", keys[i]);
        k[i] = kb[i];
        if (values[i] < 0) {
            v[i] = NULL;
            vl[i] = 0;
        } else {
            vl[i] = (size_t)snprintf(vb[i], sizeof(vb[i]), "v%d", values[i]);
            v[i] = vb[i];
        }
    }
    uint8_t *batch;
    size_t len;
    assert_int_equal(sm_batch_build(k, kl, v, vl, n, ts, &batch, &len), 0);
    sm_append_result_t res;
    assert_int_equal(sm_log_append(log, batch, len, 0, &res), 0);
    free(batch);
}

typedef struct seen {
    int64_t offset;
    int key;
    int value; /* -1 tombstone */
} seen_t;

/* Every record of the log, read through sm_log_read as a consumer would. */
static int read_all(sm_log_t *log, seen_t *out, int max)
{
    int n = 0;
    int64_t off = sm_log_start_offset(log), end = sm_log_end_offset(log);
    while (off < end) {
        sm_log_slice_t sl;
        assert_int_equal(sm_log_read(log, off, 1 << 20, true, end, &sl), 0);
        if (sl.len == 0) break;
        uint8_t *buf = malloc((size_t)sl.len);
        assert_int_equal(pread(sl.fd, buf, (size_t)sl.len, sl.pos), sl.len);
        sm_log_read_release(sl.ref);
        size_t pos = 0, blen;
        sm_batch_header_t h;
        int64_t next = off;
        while (sm_batch_next(buf, (size_t)sl.len, &pos, &h, &blen) == 1) {
            assert_true(sm_batch_crc_ok(buf + pos - blen, blen));
            const uint8_t *recs = buf + pos - blen + SM_BATCH_HEADER_SIZE;
            size_t rpos = 0;
            sm_record_t r;
            int count = 0;
            while (sm_record_next(recs, blen - SM_BATCH_HEADER_SIZE, &rpos, &r) == 1) {
                int64_t o = h.BaseOffset + r.OffsetDelta;
                if (o >= off) {
                    assert_true(n < max);
                    out[n].offset = o;
                    out[n].key = atoi((const char *)r.Key + 1);
                    out[n].value = r.ValueLength < 0 ? -1 : atoi((const char *)r.Value + 1);
                    n++;
                }
                count++;
            }
            assert_int_equal(count, h.RecordCount);
            next = h.BaseOffset + h.LastOffsetDelta + 1;
        }
        free(buf);
        assert_true(next > off);
        off = next;
    }
    return n;
}

/* 40 batches of 3 records over 10 keys: key i%10, value = offset. */
static void fill(sm_log_t *log, int64_t ts)
{
    int64_t o = 0;
    for (int b = 0; b < 40; b++) {
        int keys[3], values[3];
        for (int i = 0; i < 3; i++, o++) {
            keys[i] = (int)(o % 10);
            values[i] = (int)o;
        }
        append(log, keys, values, 3, ts);
    }
}

static void check_compacted(sm_log_t *log)
{
    seen_t s[200];
    int n = read_all(log, s, 200);
    int64_t active_base = -1;
    /* offsets strictly increase, values are their original offsets */
    for (int i = 0; i < n; i++) {
        if (i) assert_true(s[i].offset > s[i - 1].offset);
        if (s[i].value >= 0) assert_int_equal(s[i].value, s[i].offset);
    }
    (void)active_base;
    /* the latest value of each key is still there */
    for (int k = 0; k < 10; k++) {
        int64_t latest = -1;
        for (int64_t o = 0; o < 120; o++)
            if (o % 10 == k) latest = o;
        bool found = false;
        for (int i = 0; i < n; i++)
            if (s[i].key == k && s[i].offset == latest) found = true;
        assert_true(found);
    }
    assert_true(n < 120);
}

static void test_compaction_keeps_latest_and_offsets(void **state)
{
    (void)state;
    char *dir = test_make_dir("cleaner");
    sm_log_t *log = open_log(dir, true);
    fill(log, 1000);
    assert_true(sm_log_segment_count(log) > 3);
    int64_t end = sm_log_end_offset(log);
    int64_t size0 = sm_log_size_bytes(log);
    sm_compact_opts_t o = {.now_ms = 2000, .delete_retention_ms = 86400000};
    sm_compact_stats_t st;
    assert_int_equal(sm_log_compact(log, &o, &st), 0);
    assert_true(st.segments_cleaned > 0);
    assert_true(st.records_removed > 0);
    assert_true(sm_log_size_bytes(log) < size0);
    assert_int_equal(sm_log_end_offset(log), end);
    check_compacted(log);
    /* nothing new: a second run does nothing */
    assert_int_equal(sm_log_compact(log, &o, &st), 0);
    assert_int_equal(st.segments_cleaned, 0);
    /* appends go on at the same offsets; a reopen (clean and unclean) reads the same */
    int k = 3, v = 120;
    append(log, &k, &v, 1, 3000);
    assert_int_equal(sm_log_end_offset(log), end + 1);
    sm_log_close(log);
    log = open_log(dir, true);
    assert_int_equal(sm_log_end_offset(log), end + 1);
    check_compacted(log);
    sm_log_close(log);
    log = open_log(dir, false);
    assert_int_equal(sm_log_end_offset(log), end + 1);
    check_compacted(log);
    sm_log_close(log);
    test_rm_rf(dir);
    free(dir);
}

static void test_tombstones_expire(void **state)
{
    (void)state;
    char *dir = test_make_dir("cleaner");
    sm_log_t *log = open_log(dir, true);
    fill(log, 1000);
    /* delete key 5, then roll the tombstone into a closed segment with more batches */
    int k = 5, v = -1;
    append(log, &k, &v, 1, 1000);
    for (int b = 0; b < 30; b++) { /* enough to close the tombstone's segment */
        int kk = 7, vv = 200 + b;
        append(log, &kk, &vv, 1, 1000);
    }
    sm_compact_opts_t o = {.now_ms = 2000, .delete_retention_ms = 5000};
    sm_compact_stats_t st;
    assert_int_equal(sm_log_compact(log, &o, &st), 0);
    seen_t s[200];
    int n = read_all(log, s, 200);
    bool tomb = false, live5 = false;
    for (int i = 0; i < n; i++) {
        if (s[i].key == 5 && s[i].value < 0) tomb = true;
        if (s[i].key == 5 && s[i].value >= 0) live5 = true;
    }
    assert_true(tomb);   /* younger than delete.retention.ms: kept */
    assert_false(live5); /* the values it deleted are gone */
    o.now_ms = 1000 + 5000 + 1;
    assert_int_equal(sm_log_compact(log, &o, &st), 0);
    n = read_all(log, s, 200);
    for (int i = 0; i < n; i++)
        assert_false(s[i].key == 5);
    sm_log_close(log);
    test_rm_rf(dir);
    free(dir);
}

static void test_pinned_reader_keeps_old_bytes(void **state)
{
    (void)state;
    char *dir = test_make_dir("cleaner");
    sm_log_t *log = open_log(dir, true);
    fill(log, 1000);
    sm_log_slice_t sl;
    assert_int_equal(sm_log_read(log, 0, 1 << 20, true, sm_log_end_offset(log), &sl), 0);
    uint8_t *before = malloc((size_t)sl.len);
    assert_int_equal(pread(sl.fd, before, (size_t)sl.len, sl.pos), sl.len);
    sm_compact_opts_t o = {.now_ms = 2000, .delete_retention_ms = 86400000};
    sm_compact_stats_t st;
    assert_int_equal(sm_log_compact(log, &o, &st), 0);
    assert_true(st.segments_cleaned > 0);
    uint8_t *after = malloc((size_t)sl.len);
    assert_int_equal(pread(sl.fd, after, (size_t)sl.len, sl.pos), sl.len);
    assert_memory_equal(before, after, (size_t)sl.len);
    sm_log_read_release(sl.ref);
    free(before);
    free(after);
    sm_log_close(log);
    test_rm_rf(dir);
    free(dir);
}

/* A crash mid-swap leaves a .cleaned file (before the rename) or a .log
 * without indexes (after removing them): both open cleanly. */
static void test_crash_leftovers(void **state)
{
    (void)state;
    char *dir = test_make_dir("cleaner");
    sm_log_t *log = open_log(dir, true);
    fill(log, 1000);
    sm_log_close(log);
    char p[512];
    snprintf(p, sizeof(p), "%s/00000000000000000000.log.cleaned", dir);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs("half-written", f);
    fclose(f);
    snprintf(p, sizeof(p), "%s/00000000000000000000.index", dir);
    unlink(p);
    snprintf(p, sizeof(p), "%s/00000000000000000000.timeindex", dir);
    unlink(p);
    log = open_log(dir, false);
    snprintf(p, sizeof(p), "%s/00000000000000000000.log.cleaned", dir);
    assert_int_not_equal(access(p, F_OK), 0);
    seen_t s[200];
    assert_int_equal(read_all(log, s, 200), 120);
    sm_log_close(log);
    test_rm_rf(dir);
    free(dir);
}

/* A transactional batch of producer pid: one record k<key> = v<value>. */
static void append_txn(sm_log_t *log, int64_t pid, int key, int value, int64_t ts)
{
    char kb[16], vb[16];
    const void *k[1] = {kb}, *v[1] = {vb};
    size_t kl[1] = {(size_t)snprintf(kb, sizeof(kb), "k%d", key)}, vl[1] = {(size_t)snprintf(vb, sizeof(vb), "v%d", value)};
    uint8_t *batch;
    size_t len;
    assert_int_equal(sm_batch_build(k, kl, v, vl, 1, ts, &batch, &len), 0);
    sm_batch_set_producer(batch, len, pid, 0, 0, true);
    sm_append_result_t res;
    assert_int_equal(sm_log_append(log, batch, len, 0, &res), 0);
    free(batch);
}

/* An aborted transaction's record must not supersede the committed value of
 * its key, and an open transaction's segments are not cleaned. */
static void test_aborted_transactions(void **state)
{
    (void)state;
    char *dir = test_make_dir("cleaner");
    sm_log_t *log = open_log(dir, false);
    int64_t ts = 1000;
    int keys[1] = {50}, values[1] = {10};
    append(log, keys, values, 1, ts);                /* 0: k50 = v10 */
    append_txn(log, 7, 50, 777, ts);                 /* 1: k50 = v777, aborted below */
    assert_int_equal(sm_log_append_marker(log, 7, 0, false, 0, ts, 0, NULL), 0); /* 2 */
    append_txn(log, 8, 51, 20, ts);                  /* 3: k51 = v20, committed below */
    assert_int_equal(sm_log_append_marker(log, 8, 0, true, 0, ts, 0, NULL), 0);  /* 4 */
    fill(log, ts); /* keys 0-9 in more segments, so the first ones are closed */
    sm_compact_opts_t o = {.now_ms = ts + 10, .delete_retention_ms = 86400000, .min_dirty_ratio = 0.0,
                           .min_lag_ms = 0, .max_lag_ms = INT64_MAX};
    sm_compact_stats_t st;
    assert_int_equal(sm_log_compact(log, &o, &st), 0);
    assert_true(st.segments_cleaned > 0);
    seen_t s[200];
    int n = read_all(log, s, 200);
    int k50 = 0, k51 = 0;
    for (int i = 0; i < n; i++) {
        if (s[i].key == 50) {
            assert_int_equal(s[i].value, 10); /* the committed value stays; the aborted one is gone */
            k50++;
        }
        if (s[i].key == 51) {
            assert_int_equal(s[i].value, 20);
            k51++;
        }
    }
    assert_int_equal(k50, 1);
    assert_int_equal(k51, 1);
    sm_log_close(log);
    test_rm_rf(dir);
    free(dir);

    /* with a transaction still open in the first segment nothing is cleaned */
    dir = test_make_dir("cleaner");
    log = open_log(dir, false);
    append_txn(log, 9, 1, 5, ts);
    fill(log, ts);
    assert_int_equal(sm_log_compact(log, &o, &st), 0);
    assert_int_equal(st.segments_cleaned, 0);
    sm_log_close(log);
    test_rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compaction_keeps_latest_and_offsets),
        cmocka_unit_test(test_tombstones_expire),
        cmocka_unit_test(test_pinned_reader_keeps_old_bytes),
        cmocka_unit_test(test_crash_leftovers),
        cmocka_unit_test(test_aborted_transactions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
