/*
 * Broker configuration: Kafka's server.properties keys, read from a file and
 * `--override key=value` arguments (overrides win), validated at start-up.
 * A bad value is a start-up error naming the key; an unknown key a warning.
 */
#ifndef SM_CONFIG_H
#define SM_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SM_MAX_LOG_DIRS 16

typedef struct sm_listener {
    char name[32];     /* PLAINTEXT */
    char host[256];    /* bind host ("" = all interfaces) */
    int port;
} sm_listener_t;

typedef struct sm_config_kv {
    char *key, *value;
} sm_config_kv_t;

typedef struct sm_config {
    int32_t node_id;
    sm_listener_t listener;            /* first entry of `listeners` */
    sm_listener_t advertised;          /* `advertised.listeners`, else listener */
    char *log_dirs[SM_MAX_LOG_DIRS];
    int log_dir_count;
    int32_t num_partitions;
    int16_t default_replication_factor;
    bool auto_create_topics_enable;
    bool delete_topic_enable;
    int64_t log_segment_bytes;
    int32_t log_index_interval_bytes;
    int32_t log_index_size_max_bytes;
    int32_t message_max_bytes;
    int32_t socket_request_max_bytes;
    int32_t socket_send_buffer_bytes;    /* SO_SNDBUF; <= 0: the OS default */
    int32_t socket_receive_buffer_bytes; /* SO_RCVBUF; <= 0: the OS default */
    int64_t log_flush_interval_messages;
    int64_t log_flush_interval_ms;
    int64_t log_flush_scheduler_interval_ms;
    int64_t log_flush_offset_checkpoint_interval_ms;
    int64_t log_retention_ms;
    int64_t log_retention_bytes;
    int64_t log_roll_ms;
    char *log_cleanup_policy;
    char *compression_type;
    char *log_message_timestamp_type;
    int32_t min_insync_replicas;
    int32_t num_network_threads;
    int32_t offsets_topic_num_partitions;
    int32_t group_initial_rebalance_delay_ms;
    int32_t group_min_session_timeout_ms;
    int32_t group_max_session_timeout_ms;
    int32_t group_max_size;
    int32_t offsets_retention_minutes;
    int64_t offsets_retention_check_interval_ms;
    int32_t offset_metadata_max_bytes;
    int32_t offsets_topic_segment_bytes;
    bool log_cleaner_enable;
    int64_t log_cleaner_backoff_ms;
    int64_t log_retention_check_interval_ms;
    int64_t log_roll_jitter_ms;
    /* broker-wide defaults of topic configs (the topic config's name in brackets) */
    int64_t log_cleaner_delete_retention_ms;     /* delete.retention.ms */
    double log_cleaner_min_cleanable_ratio;      /* min.cleanable.dirty.ratio */
    int64_t log_cleaner_min_compaction_lag_ms;   /* min.compaction.lag.ms */
    int64_t log_cleaner_max_compaction_lag_ms;   /* max.compaction.lag.ms */
    int64_t log_segment_delete_delay_ms;         /* file.delete.delay.ms */
    bool log_preallocate;                        /* preallocate */
    bool unclean_leader_election_enable;         /* unclean.leader.election.enable */
    int64_t log_message_timestamp_before_max_ms; /* message.timestamp.before.max.ms */
    int64_t log_message_timestamp_after_max_ms;  /* message.timestamp.after.max.ms */
    int64_t log_local_retention_ms;              /* local.retention.ms */
    int64_t log_local_retention_bytes;           /* local.retention.bytes */
    int32_t producer_id_expiration_ms;           /* idempotent producer state kept this long idle */
    int32_t producer_id_expiration_check_interval_ms;
    int32_t transaction_state_log_num_partitions;
    int32_t transaction_state_log_segment_bytes;
    int32_t transaction_max_timeout_ms;
    int32_t transactional_id_expiration_ms;
    char *cluster_id;                  /* from meta.properties, set at start */
    int retention_prio, roll_prio;     /* which of ms/minutes/hours set the value */
    sm_config_kv_t *static_props;      /* key=value as given (file, then --override) */
    int static_count;
    char **retired;                    /* replaced strings, kept until free: readers may hold them */
    int retired_count;
} sm_config_t;

void sm_config_defaults(sm_config_t *c);
void sm_config_free(sm_config_t *c);

/* Applies one key=value given at start-up and records it as static.
 * Returns 0; 1 for an unknown key (warned); -1 for a bad value (message
 * printed naming the key). */
int sm_config_set(sm_config_t *c, const char *key, const char *value);

/* Applies one key=value without recording it (dynamic configs). Returns 0,
 * 1 for a key Samsa has no field for, -1 for a bad value (reason in err). */
int sm_config_apply(sm_config_t *c, const char *key, const char *value, char *err, size_t errlen);

/* True if `key` was given in the file or an override (DescribeConfigs' STATIC_BROKER_CONFIG). */
bool sm_config_is_set(const sm_config_t *c, const char *key);
/* The value given for `key` at start-up, or NULL. */
const char *sm_config_static_value(const sm_config_t *c, const char *key);

/* True if `key` is a broker config Samsa knows (acted on or accepted). */
bool sm_config_known_key(const char *key);

/* DescribeConfigs type of a key Samsa has a field for, else 0. */
int sm_config_key_type(const char *key);

/* Copies the value of `key` from src into dst (a running config: replaced
 * strings stay allocated until sm_config_free, as readers may hold them). */
void sm_config_copy_key(sm_config_t *dst, const sm_config_t *src, const char *key);

/* Calls fn for every broker key Samsa acts on with its current value as a
 * string (NULL when Kafka reports null), its DescribeConfigs type, and
 * whether it was set explicitly. */
typedef void (*sm_config_visit_fn)(const char *key, const char *value, int type, bool is_set,
                                   void *opaque);
void sm_config_foreach(const sm_config_t *c, sm_config_visit_fn fn, void *opaque);

/* Reads a Java properties file. Returns 0 or -1 (message printed). */
int sm_config_load_file(sm_config_t *c, const char *path);

/* Parses argv as `[file] [--override key=value]...`. Returns 0 or -1. */
int sm_config_from_args(sm_config_t *c, int argc, char **argv);

/* Cross-key checks after everything is applied. Returns 0 or -1. */
int sm_config_finish(sm_config_t *c);

#endif
