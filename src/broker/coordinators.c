/*
 * Starting the coordinators over their internal topics.
 *
 * `__consumer_offsets` and `__transaction_state` are created when the first
 * client needs them (as Kafka does: a broker that only serves plain produce
 * and fetch never creates them, and starts in a millisecond), or found at
 * start; their coordinator is then started over them. Both topics are
 * compacted; an existing topic keeps its partition count, as in Kafka.
 */
#include <stdio.h>
#include <stdlib.h>

#include "broker.h"
#include "protocol/errors.h"
#include "util/clock.h"
#include "util/logging.h"

/* The logs of an internal topic, created (compacted) if missing; *n gets the
 * partition count (0 on failure). Caller frees the array. */
static sm_log_t **internal_topic_logs(sm_broker_t *b, const char *topic, int32_t partitions, int32_t segment_bytes,
                                      bool create, int32_t *n)
{
    sm_str_t name = sm_str(topic);
    *n = 0;
    sm_topics_rdlock(b->topics);
    bool exists = sm_topics_find(b->topics, name) != NULL;
    sm_topics_unlock(b->topics);
    if (!exists && !create) return NULL;
    if (!exists) {
        char segment[32];
        snprintf(segment, sizeof(segment), "%d", segment_bytes);
        sm_str_t keys[] = {sm_str("cleanup.policy"), sm_str("segment.bytes"), sm_str("compression.type")};
        sm_str_t values[] = {sm_str("compact"), sm_str(segment), sm_str("producer")};
        sm_topic_spec_t spec = {.name = name, .partitions = partitions, .replication_factor = 1,
                                .config_count = 3, .config_keys = keys, .config_values = values};
        sm_uuid_t id;
        const char *msg = NULL;
        int err = sm_topics_create(b->topics, &spec, &id, &msg);
        if (err && err != SM_ERR_TOPIC_ALREADY_EXISTS) {
            sm_error("cannot create %s: error %d %s", topic, err, msg ? msg : "");
            return NULL;
        }
    }
    sm_topics_rdlock(b->topics);
    sm_topic_t *t = sm_topics_find(b->topics, name);
    int32_t count = t ? t->partition_count : 0;
    sm_log_t **logs = calloc((size_t)count + 1, sizeof(*logs));
    for (int32_t i = 0; i < count; i++) logs[i] = t->partitions[i]->log;
    sm_topics_unlock(b->topics);
    *n = count;
    return logs;
}

static void wake_waiters(void *ctx)
{
    sm_broker_notify_append(ctx);
}

static sm_gc_t *start_group_coordinator(sm_broker_t *b, bool create)
{
    sm_config_t *cfg = b->cfg;
    int32_t n;
    sm_log_t **logs = internal_topic_logs(b, "__consumer_offsets", cfg->offsets_topic_num_partitions,
                                          cfg->offsets_topic_segment_bytes, create, &n);
    if (n == 0) {
        free(logs);
        return NULL;
    }
    int32_t *epochs = calloc((size_t)n + 1, sizeof(*epochs)); /* one node: leader epoch 0 */
    sm_gc_config_t gcc = {.partitions = n,
                          .min_session_timeout_ms = cfg->group_min_session_timeout_ms,
                          .max_session_timeout_ms = cfg->group_max_session_timeout_ms,
                          .max_size = cfg->group_max_size,
                          .initial_rebalance_delay_ms = cfg->group_initial_rebalance_delay_ms,
                          .offsets_retention_ms = (int64_t)cfg->offsets_retention_minutes * 60000,
                          .offsets_retention_check_ms = cfg->offsets_retention_check_interval_ms,
                          .offset_metadata_max_bytes = cfg->offset_metadata_max_bytes,
                          .max_batch_bytes = cfg->offsets_topic_segment_bytes,
                          .notify = wake_waiters,
                          .notify_ctx = b};
    sm_gc_t *gc = sm_gc_start(&gcc, logs, epochs);
    free(logs);
    free(epochs);
    return gc;
}

sm_gc_t *sm_broker_groups(sm_broker_t *b, bool create)
{
    sm_gc_t *gc = atomic_load(&b->groups);
    if (gc) return gc;
    pthread_mutex_lock(&b->groups_mu);
    gc = atomic_load(&b->groups);
    if (!gc) {
        gc = start_group_coordinator(b, create);
        atomic_store(&b->groups, gc);
    }
    pthread_mutex_unlock(&b->groups_mu);
    return gc;
}

/* ---- the transaction coordinator's view of the partitions ---- */

static sm_partition_t *find_partition(sm_broker_t *b, sm_str_t topic, int32_t partition)
{
    return sm_topics_partition(sm_topics_find(b->topics, topic), partition);
}

static int16_t write_marker(void *ctx, sm_str_t topic, int32_t partition, int64_t producer_id, int16_t epoch,
                            bool commit, int32_t coordinator_epoch)
{
    sm_broker_t *b = ctx;
    sm_topics_rdlock(b->topics);
    sm_partition_t *p = find_partition(b, topic, partition);
    int rc = p ? sm_log_append_marker(p->log, producer_id, epoch, commit, coordinator_epoch, sm_now_ms(),
                                      p->leader_epoch, NULL)
               : SM_ERR_UNKNOWN_TOPIC_OR_PARTITION;
    sm_topics_unlock(b->topics);
    /* offsets committed in the transaction become the group's, or go */
    if (rc == 0 && sm_str_eq(topic, "__consumer_offsets"))
        sm_gc_txn_marker(sm_broker_groups(b, false), partition, producer_id, commit);
    if (rc == 0) sm_broker_notify_append(b); /* read_committed fetches wait for the LSO */
    if (rc < 0) return SM_ERR_KAFKA_STORAGE_ERROR;
    return (int16_t)rc;
}

static bool partition_exists(void *ctx, sm_str_t topic, int32_t partition)
{
    sm_broker_t *b = ctx;
    sm_topics_rdlock(b->topics);
    bool ok = find_partition(b, topic, partition) != NULL;
    sm_topics_unlock(b->topics);
    return ok;
}

sm_tc_t *sm_broker_txn_coordinator(sm_broker_t *b, bool create)
{
    sm_tc_t *tc = atomic_load(&b->tc);
    if (tc || !b->pids) return tc;
    pthread_mutex_lock(&b->tc_mu);
    tc = atomic_load(&b->tc);
    if (!tc) {
        sm_config_t *cfg = b->cfg;
        int32_t n;
        sm_log_t **logs = internal_topic_logs(b, "__transaction_state", cfg->transaction_state_log_num_partitions,
                                              cfg->transaction_state_log_segment_bytes, create, &n);
        if (n > 0) {
            sm_tc_config_t tcc = {.partitions = n,
                                  .max_timeout_ms = cfg->transaction_max_timeout_ms,
                                  .id_expiration_ms = cfg->transactional_id_expiration_ms,
                                  .pids = b->pids,
                                  .write_marker = write_marker,
                                  .partition_exists = partition_exists,
                                  .ctx = b};
            tc = sm_tc_start(&tcc, logs);
            atomic_store(&b->tc, tc);
        }
        free(logs);
    }
    pthread_mutex_unlock(&b->tc_mu);
    return tc;
}
