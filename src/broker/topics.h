/*
 * The topic and partition manager: which topics exist, their ids, partitions,
 * per-topic config overrides, and each partition's log.
 *
 * Single-node mode keeps this state in the log dirs themselves, as Kafka's
 * files: a topic exists because its `<topic>-<n>` directories exist, its id is
 * in their `partition.metadata`. The table is guarded by a read-write lock:
 * request handlers hold the read lock while they use topics and partitions
 * (appends are serialized by each log's own mutex), create/delete take the
 * write lock.
 */
#ifndef SM_TOPICS_H
#define SM_TOPICS_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "log/log.h"
#include "protocol/wire.h"

typedef struct sm_topic sm_topic_t;

typedef struct sm_partition {
    sm_topic_t *topic;
    int32_t index;
    int32_t leader_epoch;
    int dir_index; /* which log dir holds it */
    sm_log_t *log;
} sm_partition_t;

typedef sm_config_kv_t sm_topic_override_t;

struct sm_topic {
    char *name;
    sm_uuid_t id;
    bool internal;
    int32_t partition_count;
    sm_partition_t **partitions;
    int override_count;
    sm_topic_override_t *overrides;
    /* effective values of the configs the request path reads, from overrides or broker defaults */
    int32_t max_message_bytes;
    int64_t segment_bytes;
    bool log_append_time;
    bool compacted; /* cleanup.policy includes compact: records need keys */
    sm_topic_t *next_by_name; /* hash chains */
    sm_topic_t *next_by_id;
};

typedef struct sm_topics sm_topics_t;

/* Opens every partition found in the log dirs (recovering after an unclean
 * stop), writing meta.properties if missing. Returns NULL on failure (logged). */
sm_topics_t *sm_topics_open(sm_config_t *cfg);
/* Flushes and closes every log; writes checkpoints; if clean, the clean-shutdown marker. */
void sm_topics_close(sm_topics_t *t, bool clean);

void sm_topics_rdlock(sm_topics_t *t);
void sm_topics_wrlock(sm_topics_t *t);
void sm_topics_unlock(sm_topics_t *t);

/* Lookups; the caller holds the read lock. */
sm_topic_t *sm_topics_find(sm_topics_t *t, sm_str_t name);
sm_topic_t *sm_topics_find_id(sm_topics_t *t, const sm_uuid_t *id);
sm_partition_t *sm_topics_partition(sm_topic_t *topic, int32_t index);
/* Calls fn for each topic in name order... (unordered); caller holds the read lock. */
void sm_topics_foreach(sm_topics_t *t, void (*fn)(sm_topic_t *, void *), void *opaque);
int sm_topics_count(sm_topics_t *t);

/* Kafka's topic name rules. Returns 0 (valid) or INVALID_TOPIC_EXCEPTION with a message. */
int sm_topic_name_validate(sm_str_t name, const char **why);

typedef struct sm_topic_spec {
    sm_str_t name;
    int32_t partitions;         /* -1: num.partitions */
    int16_t replication_factor; /* -1: default.replication.factor */
    int config_count;
    const sm_str_t *config_keys;
    const sm_str_t *config_values;
    bool validate_only;
} sm_topic_spec_t;

/* Creates a topic. Must be called WITHOUT the read lock held. Returns a Kafka
 * error code; *msg gets a static message on error; *id_out the topic id. */
int sm_topics_create(sm_topics_t *t, const sm_topic_spec_t *spec, sm_uuid_t *id_out,
                     const char **msg);
/* Deletes a topic by name (or by id if name is null). Without the read lock. */
int sm_topics_delete(sm_topics_t *t, sm_str_t name, const sm_uuid_t *id, sm_str_t *name_out,
                     sm_uuid_t *id_out, char *name_buf, int name_buf_len);
/* Grows a topic to `count` partitions. Without the read lock. */
int sm_topics_add_partitions(sm_topics_t *t, sm_str_t name, int32_t count, bool validate_only,
                             const char **msg);

/* One change of AlterConfigs (op SM_CFGOP_SET for every entry, replacing
 * all overrides) or IncrementalAlterConfigs (Kafka's AlterConfigOp types). */
enum { SM_CFGOP_SET = 0, SM_CFGOP_DELETE = 1, SM_CFGOP_APPEND = 2, SM_CFGOP_SUBTRACT = 3 };
typedef struct sm_config_op {
    sm_str_t key;
    sm_str_t value; /* nullable */
    int8_t op;
} sm_config_op_t;

/* Changes a topic's config overrides, validated as Kafka does (unknown key
 * or bad value: INVALID_CONFIG; duplicate keys, null SET value or unknown
 * op: INVALID_REQUEST; no topic: UNKNOWN_TOPIC_OR_PARTITION), persisted in
 * every partition dir and applied to the open logs at once. `incremental`:
 * the ops apply to the current overrides; otherwise the SETs replace them
 * all. Without the read lock. *msg gets a static message on error. */
int sm_topics_alter_configs(sm_topics_t *t, sm_str_t name, const sm_config_op_t *ops, int n, bool incremental,
                            bool validate_only, const char **msg);

/* Forgets idempotent producers idle for producer.id.expiration.ms. */
void sm_topics_expire_producers(sm_topics_t *t, int64_t now_ms);

/* Re-reads every topic's effective configs after the broker defaults
 * changed (dynamic broker configs). Caller holds the write lock. */
void sm_topics_refresh_configs(sm_topics_t *t);

/* The effective value of a topic config and whether it is a topic override.
 * Returns NULL for a key Samsa does not know. Caller holds the read lock. */
const char *sm_topic_config(sm_topics_t *t, sm_topic_t *topic, const char *key, char *buf,
                            int buflen, bool *is_override);

/* Writes the offset checkpoint files of every log dir. */
void sm_topics_checkpoint(sm_topics_t *t);
/* Deletes old segments by the topics' retention.ms / retention.bytes (topics
 * whose cleanup.policy includes delete) and below each log start offset. */
void sm_topics_apply_retention(sm_topics_t *t, int64_t now_ms);
/* Compacts the partitions of topics whose cleanup.policy includes compact
 * (see sm_log_compact), with the topic's delete.retention.ms. */
void sm_topics_compact(sm_topics_t *t, int64_t now_ms);
/* Flushes logs whose flush.ms has passed. */
void sm_topics_flush_due(sm_topics_t *t, int64_t now_ms);

/* Kafka's base64url (no padding) form of a UUID, 22 chars + NUL. */
void sm_uuid_base64(const sm_uuid_t *u, char out[23]);
int sm_uuid_from_base64(const char *s, sm_uuid_t *u);
void sm_uuid_random(sm_uuid_t *u);

#endif
