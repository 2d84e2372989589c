/* Unit tests of the transaction coordinator (src/coordinator/txn_coordinator.c)
 * over a real __transaction_state log of one partition, with the markers
 * recorded by a fake broker: the state machine and its errors, timeouts,
 * replay after a restart, and completion of a transaction left prepared by a
 * crash. Also the TransactionLogKey/Value bytes (txn_records.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coordinator/producer_ids.h"
#include "coordinator/txn_coordinator.h"
#include "coordinator/txn_records.h"
#include "protocol/errors.h"
#include "protocol/records.h"
#include "util/clock.h"
#include "test_dirs.h"

typedef struct marker {
    char topic[32];
    int32_t partition;
    int64_t pid;
    int16_t epoch;
    bool commit;
} marker_t;

static marker_t markers[64];
static int nmarkers;

static int16_t fake_marker(void *ctx, sm_str_t topic, int32_t partition, int64_t pid, int16_t epoch, bool commit,
                           int32_t coordinator_epoch)
{
    (void)ctx;
    (void)coordinator_epoch;
    marker_t *m = &markers[nmarkers++];
    snprintf(m->topic, sizeof(m->topic), "%.*s", topic.len, topic.ptr);
    m->partition = partition;
    m->pid = pid;
    m->epoch = epoch;
    m->commit = commit;
    return 0;
}

static bool fake_exists(void *ctx, sm_str_t topic, int32_t partition)
{
    (void)ctx;
    return sm_str_eq(topic, "t") && partition >= 0 && partition < 4;
}

typedef struct env {
    char *dir;
    sm_log_t *log;
    sm_pid_manager_t *pids;
    sm_tc_t *tc;
} env_t;

static void env_start(env_t *e)
{
    sm_tc_config_t cfg = {.partitions = 1, .max_timeout_ms = 900000, .id_expiration_ms = 604800000,
                          .pids = e->pids, .write_marker = fake_marker, .partition_exists = fake_exists};
    e->tc = sm_tc_start(&cfg, &e->log);
    assert_non_null(e->tc);
}

static int setup(void **state)
{
    env_t *e = calloc(1, sizeof(*e));
    e->dir = test_make_dir("tc");
    assert_int_equal(sm_log_open(e->dir, NULL, 0, false, &e->log), 0);
    e->pids = sm_pid_manager_open(e->dir);
    env_start(e);
    nmarkers = 0;
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    env_t *e = *state;
    sm_tc_stop(e->tc);
    sm_pid_manager_close(e->pids);
    sm_log_close(e->log);
    test_rm_rf(e->dir);
    free(e->dir);
    free(e);
    return 0;
}

static void restart(env_t *e)
{
    sm_tc_stop(e->tc);
    env_start(e);
}

static const sm_txn_partition_t P0 = {{"t", 1}, 0}, P1 = {{"t", 1}, 1};

static void test_lifecycle_and_errors(void **state)
{
    env_t *e = *state;
    sm_str_t id = sm_str("app-1");
    int64_t pid;
    int16_t epoch;
    assert_int_equal(sm_tc_init_producer_id(e->tc, id, 0, -1, -1, 4, &pid, &epoch), SM_ERR_INVALID_TRANSACTION_TIMEOUT);
    assert_int_equal(sm_tc_init_producer_id(e->tc, id, 60000, -1, -1, 4, &pid, &epoch), 0);
    assert_int_equal(epoch, 0);
    int16_t errs[2];
    sm_txn_partition_t parts[2] = {P0, P1};
    assert_int_equal(sm_tc_add_partitions(e->tc, id, pid + 1, epoch, 1, parts, false, 3, errs), SM_ERR_INVALID_PRODUCER_ID_MAPPING);
    assert_int_equal(sm_tc_add_partitions(e->tc, id, pid, epoch + 1, 1, parts, false, 3, errs), SM_ERR_PRODUCER_FENCED);
    assert_int_equal(sm_tc_add_partitions(e->tc, id, pid, epoch + 1, 1, parts, false, 1, errs), SM_ERR_INVALID_PRODUCER_EPOCH);
    assert_int_equal(sm_tc_end_txn(e->tc, id, pid, epoch, true, 3), SM_ERR_INVALID_TXN_STATE);
    assert_int_equal(sm_tc_add_partitions(e->tc, id, pid, epoch, 2, parts, false, 3, errs), 0);
    assert_int_equal(errs[0], 0);
    assert_int_equal(errs[1], 0);
    sm_txn_partition_t unknown[2] = {P0, {{"nope", 4}, 0}};
    assert_int_equal(sm_tc_add_partitions(e->tc, id, pid, epoch, 2, unknown, false, 3, errs), 0);
    assert_int_equal(errs[0], SM_ERR_OPERATION_NOT_ATTEMPTED);
    assert_int_equal(errs[1], SM_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    /* verify-only (the v4+ broker form) */
    assert_int_equal(sm_tc_add_partitions(e->tc, id, pid, epoch, 2, parts, true, 4, errs), 0);
    assert_int_equal(errs[0] | errs[1], 0);
    assert_int_equal(sm_tc_end_txn(e->tc, id, pid, epoch, true, 3), 0);
    assert_int_equal(nmarkers, 2);
    assert_true(markers[0].commit && markers[1].commit);
    assert_int_equal(markers[0].pid, pid);
    assert_int_equal(sm_tc_end_txn(e->tc, id, pid, epoch, true, 3), 0); /* a retry */
    assert_int_equal(sm_tc_end_txn(e->tc, id, pid, epoch, false, 3), SM_ERR_INVALID_TXN_STATE);
    assert_int_equal(nmarkers, 2);

    /* a new transaction, then the same id initialised again: the open one is
     * aborted with the epoch bumped, and the old epoch is fenced */
    assert_int_equal(sm_tc_add_partitions(e->tc, id, pid, epoch, 1, parts, false, 3, errs), 0);
    int64_t pid2;
    int16_t epoch2;
    assert_int_equal(sm_tc_init_producer_id(e->tc, id, 60000, -1, -1, 4, &pid2, &epoch2), 0);
    assert_int_equal(pid2, pid);
    assert_int_equal(epoch2, epoch + 2);
    assert_int_equal(nmarkers, 3);
    assert_false(markers[2].commit);
    assert_int_equal(markers[2].epoch, epoch + 1);
    assert_int_equal(sm_tc_end_txn(e->tc, id, pid, epoch, true, 3), SM_ERR_PRODUCER_FENCED);
    /* KIP-360: a resuming producer must give the current id and epoch */
    assert_int_equal(sm_tc_init_producer_id(e->tc, id, 60000, pid, epoch, 4, &pid2, &epoch2), SM_ERR_PRODUCER_FENCED);
    assert_int_equal(sm_tc_init_producer_id(e->tc, id, 60000, pid, (int16_t)(epoch + 2), 4, &pid2, &epoch2), 0);
    assert_int_equal(epoch2, epoch + 3);

    /* everything is replayed after a restart */
    restart(e);
    sm_arena_t a;
    sm_arena_init(&a);
    sm_tc_txn_desc_t d;
    assert_int_equal(sm_tc_describe(e->tc, id, &a, &d), 0);
    assert_int_equal(d.producer_id, pid);
    assert_int_equal(d.producer_epoch, epoch + 3);
    assert_int_equal(d.state, SM_TXN_EMPTY);
    sm_arena_free(&a);
}

static void test_timeout_fences(void **state)
{
    env_t *e = *state;
    sm_str_t id = sm_str("slow");
    int64_t pid;
    int16_t epoch;
    assert_int_equal(sm_tc_init_producer_id(e->tc, id, 1000, -1, -1, 4, &pid, &epoch), 0);
    int16_t err;
    assert_int_equal(sm_tc_add_partitions(e->tc, id, pid, epoch, 1, &P0, false, 3, &err), 0);
    sm_tc_expire(e->tc, sm_now_ms() + 500);
    assert_int_equal(nmarkers, 0);
    sm_tc_expire(e->tc, sm_now_ms() + 5000);
    assert_int_equal(nmarkers, 1);
    assert_false(markers[0].commit);
    assert_int_equal(markers[0].epoch, epoch + 1);
    assert_int_equal(sm_tc_end_txn(e->tc, id, pid, epoch, true, 3), SM_ERR_PRODUCER_FENCED);
    /* idle ids are forgotten after transactional.id.expiration.ms */
    sm_tc_expire(e->tc, sm_now_ms() + 604800000LL + 10000);
    sm_arena_t a;
    sm_arena_init(&a);
    sm_tc_txn_desc_t d;
    assert_int_equal(sm_tc_describe(e->tc, id, &a, &d), SM_ERR_TRANSACTIONAL_ID_NOT_FOUND);
    restart(e);
    assert_int_equal(sm_tc_describe(e->tc, id, &a, &d), SM_ERR_TRANSACTIONAL_ID_NOT_FOUND);
    sm_arena_free(&a);
}

/* A crash after PrepareCommit was written and before the markers: the
 * restarted coordinator writes them and completes the transaction. */
static void test_prepared_transaction_completed_at_start(void **state)
{
    env_t *e = *state;
    sm_txn_partition_t parts[2] = {P0, P1};
    sm_txn_value_t v = {.producer_id = 4242, .producer_epoch = 3, .timeout_ms = 60000,
                        .status = SM_TXN_PREPARE_COMMIT, .partition_count = 2, .partitions = parts,
                        .last_update_ms = sm_now_ms(), .start_ms = sm_now_ms()};
    sm_wr_t kw, vw;
    sm_wr_init(&kw, false);
    sm_wr_init(&vw, false);
    sm_txn_key_encode(&kw, sm_str("crashed"));
    sm_txn_value_encode(&vw, &v);
    const void *k[1] = {kw.buf.data}, *val[1] = {vw.buf.data};
    size_t kl[1] = {kw.buf.len}, vl[1] = {vw.buf.len};
    uint8_t *batch;
    size_t len;
    assert_int_equal(sm_batch_build(k, kl, val, vl, 1, sm_now_ms(), &batch, &len), 0);
    sm_append_result_t res;
    assert_int_equal(sm_log_append(e->log, batch, len, 0, &res), 0);
    free(batch);
    sm_wr_free(&kw);
    sm_wr_free(&vw);
    nmarkers = 0;
    restart(e);
    assert_int_equal(nmarkers, 2);
    assert_true(markers[0].commit && markers[1].commit);
    assert_int_equal(markers[0].pid, 4242);
    assert_int_equal(markers[0].epoch, 3);
    sm_arena_t a;
    sm_arena_init(&a);
    sm_tc_txn_desc_t d;
    assert_int_equal(sm_tc_describe(e->tc, sm_str("crashed"), &a, &d), 0);
    assert_int_equal(d.state, SM_TXN_COMPLETE_COMMIT);
    sm_arena_free(&a);
    nmarkers = 0;
    restart(e); /* completed: nothing more to write */
    assert_int_equal(nmarkers, 0);
}

/* TransactionLogKey v0 / TransactionLogValue v0 bytes, as Kafka writes them. */
static void test_record_format(void **state)
{
    (void)state;
    sm_wr_t w;
    sm_wr_init(&w, false);
    sm_txn_key_encode(&w, sm_str("ab"));
    const uint8_t key[] = {0, 0, 0, 2, 'a', 'b'};
    assert_int_equal(w.buf.len, sizeof(key));
    assert_memory_equal(w.buf.data, key, sizeof(key));
    sm_wr_free(&w);
    sm_txn_partition_t parts[3] = {{{"t", 1}, 0}, {{"u", 1}, 5}, {{"t", 1}, 2}};
    sm_txn_value_t v = {7, 1, 60000, SM_TXN_ONGOING, 3, parts, 0x1122, 0x3344};
    sm_wr_init(&w, false);
    sm_txn_value_encode(&w, &v);
    const uint8_t val[] = {0, 0,                                   /* version 0 */
                           0, 0, 0, 0, 0, 0, 0, 7,                 /* producer id */
                           0, 1,                                   /* epoch */
                           0, 0, 0xea, 0x60,                       /* timeout 60000 */
                           1,                                      /* Ongoing */
                           0, 0, 0, 2,                             /* 2 topics */
                           0, 1, 't', 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 2,
                           0, 1, 'u', 0, 0, 0, 1, 0, 0, 0, 5,
                           0, 0, 0, 0, 0, 0, 0x11, 0x22,           /* last update */
                           0, 0, 0, 0, 0, 0, 0x33, 0x44};          /* start */
    assert_int_equal(w.buf.len, sizeof(val));
    assert_memory_equal(w.buf.data, val, sizeof(val));
    sm_arena_t a;
    sm_arena_init(&a);
    sm_txn_value_t back;
    assert_int_equal(sm_txn_value_decode(w.buf.data, w.buf.len, &a, &back), 0);
    assert_int_equal(back.partition_count, 3);
    assert_int_equal(back.partitions[1].partition, 2);
    assert_true(sm_str_eq(back.partitions[2].topic, "u"));
    for (size_t cut = 0; cut < w.buf.len; cut++) assert_int_equal(sm_txn_value_decode(w.buf.data, cut, &a, &back), -1);
    sm_arena_free(&a);
    sm_wr_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lifecycle_and_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_timeout_fences, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prepared_transaction_completed_at_start, setup, teardown),
        cmocka_unit_test(test_record_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
