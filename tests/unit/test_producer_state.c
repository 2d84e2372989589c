/* Unit tests of idempotent producer state (src/log/producer_state.c) and of
 * its use by the log (log_producers.c): Kafka's sequence and epoch rules,
 * duplicates answered with the original offsets, snapshots in Kafka's format,
 * rebuild after a clean close and after a crash (no close), pruning. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log/log.h"
#include "log/producer_state.h"
#include "protocol/errors.h"
#include "protocol/records.h"
#include "protocol/wire.h"
#include "test_dirs.h"

static sm_producer_batch_info_t info(int64_t pid, int16_t epoch, int32_t first_seq, int32_t n)
{
    sm_producer_batch_info_t bi = {pid, epoch, first_seq, 0, n - 1, 1000, false, false};
    bi.last_seq = (int32_t)(((int64_t)first_seq + n - 1) % ((int64_t)INT32_MAX + 1));
    return bi;
}

static void test_sequences_epochs_duplicates(void **state)
{
    (void)state;
    sm_producer_state_t ps;
    sm_producer_state_init(&ps);
    sm_producer_batch_t dup;
    /* an unknown producer may start at any sequence (KIP-360) */
    sm_producer_batch_info_t b = info(7, 0, 5, 3);
    assert_int_equal(sm_producer_check(&ps, &b, &dup), 0);
    assert_int_equal(sm_producer_update(&ps, &b, 100, 102), 0);
    /* in sequence */
    b = info(7, 0, 8, 2);
    assert_int_equal(sm_producer_check(&ps, &b, &dup), 0);
    sm_producer_update(&ps, &b, 103, 104);
    /* a gap, and a repeat of a sequence that is not a cached batch */
    b = info(7, 0, 11, 1);
    assert_int_equal(sm_producer_check(&ps, &b, &dup), SM_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER);
    b = info(7, 0, 6, 2);
    assert_int_equal(sm_producer_check(&ps, &b, &dup), SM_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER);
    /* a retried batch: its original offsets */
    b = info(7, 0, 5, 3);
    assert_int_equal(sm_producer_check(&ps, &b, &dup), 1);
    assert_int_equal(dup.first_offset, 100);
    assert_int_equal(dup.last_offset, 102);
    /* only the last 5 batches are remembered */
    int64_t off = 105;
    for (int32_t seq = 10; seq < 15; seq++, off++) {
        b = info(7, 0, seq, 1);
        assert_int_equal(sm_producer_check(&ps, &b, &dup), 0);
        sm_producer_update(&ps, &b, off, off);
    }
    b = info(7, 0, 8, 2); /* evicted: no longer a duplicate, and out of order */
    assert_int_equal(sm_producer_check(&ps, &b, &dup), SM_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER);
    b = info(7, 0, 14, 1);
    assert_int_equal(sm_producer_check(&ps, &b, &dup), 1);
    assert_int_equal(dup.first_offset, 109);
    /* epochs: an older one is fenced, a newer one starts at 0 */
    b = info(7, 1, 3, 1);
    assert_int_equal(sm_producer_check(&ps, &b, &dup), SM_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER);
    b = info(7, 1, 0, 1);
    assert_int_equal(sm_producer_check(&ps, &b, &dup), 0);
    sm_producer_update(&ps, &b, 110, 110);
    b = info(7, 0, 15, 1);
    assert_int_equal(sm_producer_check(&ps, &b, &dup), SM_ERR_INVALID_PRODUCER_EPOCH);
    /* sequences wrap from INT32_MAX to 0 */
    b = info(8, 0, INT32_MAX - 1, 2);
    assert_int_equal(b.last_seq, INT32_MAX);
    sm_producer_update(&ps, &b, 200, 201);
    b = info(8, 0, 0, 1);
    assert_int_equal(sm_producer_check(&ps, &b, &dup), 0);
    b = info(8, 0, INT32_MAX, 2); /* crosses the wrap inside the batch */
    assert_int_equal(b.last_seq, 0);
    assert_int_equal(sm_producer_state_count(&ps), 2);
    sm_producer_state_free(&ps);
}

static void test_transactions_and_prune(void **state)
{
    (void)state;
    sm_producer_state_t ps;
    sm_producer_state_init(&ps);
    sm_producer_batch_t dup;
    sm_producer_batch_info_t b = info(3, 0, 0, 2);
    b.transactional = true;
    sm_producer_update(&ps, &b, 10, 11);
    assert_int_equal(sm_producer_state_get(&ps, 3)->txn_first_offset, 10);
    b = info(3, 0, 2, 1); /* non-transactional inside the open transaction */
    assert_int_equal(sm_producer_check(&ps, &b, &dup), SM_ERR_INVALID_TXN_STATE);
    b = info(4, 0, 0, 1);
    b.max_timestamp = 5000;
    sm_producer_update(&ps, &b, 12, 12);
    b = info(5, 0, 0, 1);
    b.max_timestamp = 9000;
    sm_producer_update(&ps, &b, 13, 13);
    /* idle before 6000: producer 4 goes; 3 has an open transaction and stays */
    assert_int_equal(sm_producer_state_prune(&ps, 0, 6000), 1);
    assert_null(sm_producer_state_get(&ps, 4));
    assert_non_null(sm_producer_state_get(&ps, 3));
    /* all of producer 5's records deleted */
    assert_int_equal(sm_producer_state_prune(&ps, 14, INT64_MIN), 1);
    assert_null(sm_producer_state_get(&ps, 5));
    assert_non_null(sm_producer_state_get(&ps, 3));
    sm_producer_state_free(&ps);
}

static void test_snapshot_format(void **state)
{
    (void)state;
    char *dir = test_make_dir("pstate");
    sm_producer_state_t ps;
    sm_producer_state_init(&ps);
    sm_producer_batch_info_t b = info(0x0102030405060708LL, 9, 40, 3);
    b.max_timestamp = 123456;
    sm_producer_update(&ps, &b, 77, 79);
    assert_int_equal(sm_producer_snapshot_write(&ps, dir, 80, true), 0);
    char path[4200];
    snprintf(path, sizeof(path), "%s/%020d.snapshot", dir, 80);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    uint8_t buf[128];
    size_t n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    /* Version 1 | Crc | 1 entry of 46 bytes, fields in Kafka's order */
    assert_int_equal(n, 2 + 4 + 4 + 46);
    assert_int_equal(sm_be16(buf), 1);
    assert_int_equal(sm_be32(buf + 2), sm_crc32c(0, buf + 6, n - 6));
    assert_int_equal(sm_be32(buf + 6), 1);
    const uint8_t *e = buf + 10;
    assert_int_equal((int64_t)sm_be64(e), 0x0102030405060708LL);
    assert_int_equal((int16_t)sm_be16(e + 8), 9);
    assert_int_equal((int32_t)sm_be32(e + 10), 42);  /* LastSequence */
    assert_int_equal((int64_t)sm_be64(e + 14), 79);  /* LastOffset */
    assert_int_equal((int32_t)sm_be32(e + 22), 2);   /* OffsetDelta */
    assert_int_equal((int64_t)sm_be64(e + 26), 123456);
    assert_int_equal((int32_t)sm_be32(e + 34), -1);  /* CoordinatorEpoch */
    assert_int_equal((int64_t)sm_be64(e + 38), -1);  /* CurrentTxnFirstOffset */
    /* read back: the last batch is a duplicate again, the next sequence is accepted */
    sm_producer_state_t back;
    sm_producer_state_init(&back);
    assert_int_equal(sm_producer_snapshot_read(&back, path), 0);
    sm_producer_batch_t dup;
    assert_int_equal(sm_producer_check(&back, &b, &dup), 1);
    assert_int_equal(dup.first_offset, 77);
    sm_producer_batch_info_t nb = info(0x0102030405060708LL, 9, 43, 1);
    assert_int_equal(sm_producer_check(&back, &nb, &dup), 0);
    sm_producer_state_free(&back);
    /* a flipped byte is caught by the CRC */
    buf[20] ^= 1;
    f = fopen(path, "wb");
    fwrite(buf, 1, n, f);
    fclose(f);
    sm_producer_state_init(&back);
    assert_int_equal(sm_producer_snapshot_read(&back, path), -EBADMSG);
    sm_producer_state_free(&back);
    sm_producer_state_free(&ps);
    test_rm_rf(dir);
    free(dir);
}

/* A batch of n records from producer pid/epoch starting at seq (CRC fixed). */
static uint8_t *producer_batch(int64_t pid, int16_t epoch, int32_t seq, int n, size_t *len)
{
    const void *vals[16];
    size_t vl[16];
    for (int i = 0; i < n; i++) {
        vals[i] = "v";
        vl[i] = 1;
    }
    uint8_t *b;
    assert_int_equal(sm_batch_build(NULL, NULL, vals, vl, n, 1000, &b, len), 0);
    sm_put_be64(b + 43, (uint64_t)pid);
    sm_put_be16(b + 51, (uint16_t)epoch);
    sm_put_be32(b + 53, (uint32_t)seq);
    sm_put_be32(b + 17, sm_crc32c(0, b + 21, *len - 21));
    return b;
}

static int append(sm_log_t *log, int64_t pid, int16_t epoch, int32_t seq, int n, sm_append_result_t *res)
{
    size_t len;
    uint8_t *b = producer_batch(pid, epoch, seq, n, &len);
    int rc = sm_log_append(log, b, len, 0, res);
    free(b);
    return rc;
}

static void test_log_dedup_and_rebuild(void **state)
{
    (void)state;
    char *dir = test_make_dir("pstate");
    sm_log_config_t cfg;
    sm_log_config_defaults(&cfg);
    cfg.segment_bytes = 300; /* a roll every few batches: snapshots at roll */
    sm_log_t *log;
    assert_int_equal(sm_log_open(dir, &cfg, 0, false, &log), 0);
    sm_append_result_t res;
    int32_t seq = 0;
    for (int i = 0; i < 20; i++, seq += 2) {
        assert_int_equal(append(log, 42, 0, seq, 2, &res), 0);
        assert_false(res.duplicate);
        assert_int_equal(res.base_offset, 2 * i);
    }
    /* a retry of the last batch: same offsets, nothing written */
    int64_t end = sm_log_end_offset(log);
    assert_int_equal(append(log, 42, 0, seq - 2, 2, &res), 0);
    assert_true(res.duplicate);
    assert_int_equal(res.base_offset, end - 2);
    assert_int_equal(sm_log_end_offset(log), end);
    assert_int_equal(append(log, 42, 0, seq + 5, 1, &res), SM_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER);
    assert_true(sm_log_segment_count(log) > 3);

    /* a crash: a copy of the files as they are now (no close, so no snapshot
     * at the end) is rebuilt from a roll's snapshot plus the batches after it */
    char *crashed = test_copy_dir(dir, "pstate-crash");
    sm_log_t *again;
    assert_int_equal(sm_log_open(crashed, &cfg, 0, false, &again), 0);
    assert_int_equal(append(again, 42, 0, seq - 2, 2, &res), 0);
    assert_true(res.duplicate);
    assert_int_equal(res.base_offset, end - 2);
    assert_int_equal(append(again, 42, 0, seq + 1, 1, &res), SM_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER);
    sm_log_close(again);
    test_rm_rf(crashed);
    free(crashed);

    assert_int_equal(append(log, 42, 0, seq, 1, &res), 0);
    assert_false(res.duplicate);
    assert_int_equal(res.base_offset, end);
    sm_log_close(log);

    /* clean close wrote a snapshot at the end offset */
    char path[4200];
    snprintf(path, sizeof(path), "%s/%020" PRId64 ".snapshot", dir, end + 1);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(sm_log_open(dir, &cfg, 0, true, &log), 0);
    assert_int_equal(append(log, 42, 0, seq, 1, &res), 0);
    assert_true(res.duplicate);
    assert_int_equal(res.base_offset, end);
    assert_int_equal(append(log, 42, 0, seq + 1, 1, &res), 0);
    assert_false(res.duplicate);
    sm_log_close(log);
    test_rm_rf(dir);
    free(dir);
}

static int append_txn(sm_log_t *log, int64_t pid, int32_t seq, int n, sm_append_result_t *res)
{
    size_t len;
    uint8_t *b = producer_batch(pid, 0, seq, n, &len);
    sm_put_be16(b + 21, SM_ATTR_TRANSACTIONAL);
    sm_put_be32(b + 17, sm_crc32c(0, b + 21, len - 21));
    int rc = sm_log_append(log, b, len, 0, res);
    free(b);
    return rc;
}

static void test_log_transactions(void **state)
{
    (void)state;
    char *dir = test_make_dir("pstate");
    sm_log_config_t cfg;
    sm_log_config_defaults(&cfg);
    cfg.segment_bytes = 400;
    sm_log_t *log;
    assert_int_equal(sm_log_open(dir, &cfg, 0, false, &log), 0);
    sm_append_result_t res;
    assert_int_equal(append(log, 1, 0, 0, 2, &res), 0);         /* 0-1: plain idempotent */
    assert_int_equal(sm_log_last_stable_offset(log), 2);
    assert_int_equal(append_txn(log, 2, 0, 3, &res), 0);        /* 2-4: txn of producer 2 */
    assert_int_equal(append_txn(log, 3, 0, 1, &res), 0);        /* 5: txn of producer 3 */
    assert_int_equal(append(log, 1, 0, 2, 1, &res), 0);         /* 6 */
    assert_int_equal(sm_log_last_stable_offset(log), 2);
    /* a non-transactional batch inside producer 2's open transaction */
    assert_int_equal(append(log, 2, 0, 3, 1, &res), SM_ERR_INVALID_TXN_STATE);
    int64_t off;
    assert_int_equal(sm_log_append_marker(log, 2, 0, false, 7, 1000, 0, &off), 0);  /* abort at 7 */
    assert_int_equal(off, 7);
    assert_int_equal(sm_log_last_stable_offset(log), 5); /* producer 3 still open */
    sm_aborted_txn_t a[4];
    assert_int_equal(sm_log_aborted_txns(log, 0, 100, a, 4), 1);
    assert_int_equal(a[0].producer_id, 2);
    assert_int_equal(a[0].first_offset, 2);
    assert_int_equal(a[0].last_offset, 7);
    assert_int_equal(sm_log_aborted_txns(log, 8, 100, a, 4), 0); /* ended before 8 */
    assert_int_equal(sm_log_aborted_txns(log, 0, 2, a, 4), 0);   /* began at 2 */
    /* a crash now: producer 3's transaction is still open after recovery,
     * the aborted one is still known */
    char *crashed = test_copy_dir(dir, "pstate-crash");
    sm_log_t *again;
    assert_int_equal(sm_log_open(crashed, &cfg, 0, false, &again), 0);
    assert_int_equal(sm_log_last_stable_offset(again), 5);
    assert_int_equal(sm_log_aborted_txns(again, 0, 100, a, 4), 1);
    assert_int_equal(a[0].last_offset, 7);
    sm_log_close(again);
    test_rm_rf(crashed);
    free(crashed);
    /* commit producer 3: no aborted entry, the LSO catches up */
    assert_int_equal(sm_log_append_marker(log, 3, 0, true, 7, 1000, 0, &off), 0);
    assert_int_equal(off, 8);
    assert_int_equal(sm_log_last_stable_offset(log), 9);
    assert_int_equal(sm_log_aborted_txns(log, 0, 100, a, 4), 1);
    sm_log_close(log);
    /* clean reopen: the same */
    assert_int_equal(sm_log_open(dir, &cfg, 0, true, &log), 0);
    assert_int_equal(sm_log_last_stable_offset(log), 9);
    assert_int_equal(sm_log_aborted_txns(log, 0, 100, a, 4), 1);
    assert_int_equal(a[0].first_offset, 2);
    /* a new transaction of producer 2 after its abort */
    assert_int_equal(append_txn(log, 2, 3, 1, &res), 0);
    assert_int_equal(sm_log_last_stable_offset(log), 9);
    sm_log_close(log);
    test_rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sequences_epochs_duplicates),
        cmocka_unit_test(test_transactions_and_prune),
        cmocka_unit_test(test_snapshot_format),
        cmocka_unit_test(test_log_dedup_and_rebuild),
        cmocka_unit_test(test_log_transactions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
