#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/logging.h"

enum ctype { C_INT, C_LONG, C_SHORT, C_BOOL, C_DOUBLE, C_STRING, C_LISTENER, C_DIRS, C_RETENTION, C_ROLL };

typedef struct key_def {
    const char *key;
    enum ctype type;
    size_t off;
    int64_t min, max;
} key_def_t;

#define F(field) offsetof(sm_config_t, field)
#define IMAX INT32_MAX
#define LMAX INT64_MAX

/* Keys Samsa acts on. Kafka's names and lower bounds. */
static const key_def_t keys[] = {
    {"node.id", C_INT, F(node_id), 0, IMAX},
    {"broker.id", C_INT, F(node_id), -1, IMAX},
    {"listeners", C_LISTENER, F(listener), 0, 0},
    {"advertised.listeners", C_LISTENER, F(advertised), 0, 0},
    {"log.dirs", C_DIRS, 0, 0, 0},
    {"log.dir", C_DIRS, 0, 0, 0},
    {"num.partitions", C_INT, F(num_partitions), 1, IMAX},
    {"default.replication.factor", C_SHORT, F(default_replication_factor), 1, INT16_MAX},
    {"auto.create.topics.enable", C_BOOL, F(auto_create_topics_enable), 0, 0},
    {"delete.topic.enable", C_BOOL, F(delete_topic_enable), 0, 0},
    {"log.segment.bytes", C_LONG, F(log_segment_bytes), 14, IMAX},
    {"log.index.interval.bytes", C_INT, F(log_index_interval_bytes), 0, IMAX},
    {"log.index.size.max.bytes", C_INT, F(log_index_size_max_bytes), 4, IMAX},
    {"message.max.bytes", C_INT, F(message_max_bytes), 0, IMAX},
    {"socket.request.max.bytes", C_INT, F(socket_request_max_bytes), 1, IMAX},
    {"socket.send.buffer.bytes", C_INT, F(socket_send_buffer_bytes), -1, IMAX},
    {"socket.receive.buffer.bytes", C_INT, F(socket_receive_buffer_bytes), -1, IMAX},
    {"log.flush.interval.messages", C_LONG, F(log_flush_interval_messages), 1, LMAX},
    {"log.flush.interval.ms", C_LONG, F(log_flush_interval_ms), 0, LMAX},
    {"log.flush.scheduler.interval.ms", C_LONG, F(log_flush_scheduler_interval_ms), 0, LMAX},
    {"log.flush.offset.checkpoint.interval.ms", C_LONG,
     F(log_flush_offset_checkpoint_interval_ms), 0, IMAX},
    {"log.retention.hours", C_RETENTION, 3600000, -1, IMAX},
    {"log.retention.minutes", C_RETENTION, 60000, -1, IMAX},
    {"log.retention.ms", C_RETENTION, 1, -1, LMAX},
    {"log.retention.bytes", C_LONG, F(log_retention_bytes), -1, LMAX},
    {"log.roll.hours", C_ROLL, 3600000, 1, IMAX},
    {"log.roll.ms", C_ROLL, 1, 1, LMAX},
    {"log.cleanup.policy", C_STRING, F(log_cleanup_policy), 0, 0},
    {"compression.type", C_STRING, F(compression_type), 0, 0},
    {"log.message.timestamp.type", C_STRING, F(log_message_timestamp_type), 0, 0},
    {"min.insync.replicas", C_INT, F(min_insync_replicas), 1, IMAX},
    {"num.network.threads", C_INT, F(num_network_threads), 1, 256},
    {"offsets.topic.num.partitions", C_INT, F(offsets_topic_num_partitions), 1, IMAX},
    {"group.initial.rebalance.delay.ms", C_INT, F(group_initial_rebalance_delay_ms), 0, IMAX},
    {"group.min.session.timeout.ms", C_INT, F(group_min_session_timeout_ms), 0, IMAX},
    {"group.max.session.timeout.ms", C_INT, F(group_max_session_timeout_ms), 0, IMAX},
    {"group.max.size", C_INT, F(group_max_size), 1, IMAX},
    {"offsets.retention.minutes", C_INT, F(offsets_retention_minutes), 1, IMAX},
    {"offsets.retention.check.interval.ms", C_LONG, F(offsets_retention_check_interval_ms), 1, LMAX},
    {"offset.metadata.max.bytes", C_INT, F(offset_metadata_max_bytes), 0, IMAX},
    {"offsets.topic.segment.bytes", C_INT, F(offsets_topic_segment_bytes), 1, IMAX},
    {"log.cleaner.enable", C_BOOL, F(log_cleaner_enable), 0, 0},
    {"log.cleaner.backoff.ms", C_LONG, F(log_cleaner_backoff_ms), 0, LMAX},
    {"log.retention.check.interval.ms", C_LONG, F(log_retention_check_interval_ms), 1, LMAX},
    {"log.roll.jitter.ms", C_LONG, F(log_roll_jitter_ms), 0, LMAX},
    {"log.cleaner.delete.retention.ms", C_LONG, F(log_cleaner_delete_retention_ms), 0, LMAX},
    {"log.cleaner.min.cleanable.ratio", C_DOUBLE, F(log_cleaner_min_cleanable_ratio), 0, 1},
    {"log.cleaner.min.compaction.lag.ms", C_LONG, F(log_cleaner_min_compaction_lag_ms), 0, LMAX},
    {"log.cleaner.max.compaction.lag.ms", C_LONG, F(log_cleaner_max_compaction_lag_ms), 1, LMAX},
    {"log.segment.delete.delay.ms", C_LONG, F(log_segment_delete_delay_ms), 0, LMAX},
    {"log.preallocate", C_BOOL, F(log_preallocate), 0, 0},
    {"unclean.leader.election.enable", C_BOOL, F(unclean_leader_election_enable), 0, 0},
    {"log.message.timestamp.before.max.ms", C_LONG, F(log_message_timestamp_before_max_ms), 0, LMAX},
    {"log.message.timestamp.after.max.ms", C_LONG, F(log_message_timestamp_after_max_ms), 0, LMAX},
    {"log.local.retention.ms", C_LONG, F(log_local_retention_ms), -2, LMAX},
    {"log.local.retention.bytes", C_LONG, F(log_local_retention_bytes), -2, LMAX},
    {"transaction.state.log.num.partitions", C_INT, F(transaction_state_log_num_partitions), 1, IMAX},
    {"transaction.state.log.segment.bytes", C_INT, F(transaction_state_log_segment_bytes), 1, IMAX},
    {"transaction.max.timeout.ms", C_INT, F(transaction_max_timeout_ms), 1, IMAX},
    {"transactional.id.expiration.ms", C_INT, F(transactional_id_expiration_ms), 1, IMAX},
    {"producer.id.expiration.ms", C_INT, F(producer_id_expiration_ms), 1, IMAX},
    {"producer.id.expiration.check.interval.ms", C_INT, F(producer_id_expiration_check_interval_ms), 1, IMAX},
};

/* Kafka keys accepted without effect yet (so Kafka's own server.properties
 * starts cleanly); each is logged once at INFO. */
static const char *const accepted_keys[] = {
    "num.io.threads",
    "num.recovery.threads.per.data.dir", "offsets.topic.replication.factor",
    "transaction.state.log.replication.factor", "transaction.state.log.min.isr",
    "zookeeper.connect", "zookeeper.connection.timeout.ms",
    "zookeeper.session.timeout.ms", "listener.security.protocol.map",
    "inter.broker.listener.name", "controller.listener.names", "process.roles",
    "controller.quorum.voters", "controller.quorum.bootstrap.servers", "num.replica.fetchers",
    "replica.lag.time.max.ms", "log.cleaner.threads",
    "queued.max.requests", "log.cleaner.dedupe.buffer.size", "background.threads",
    "replica.fetch.max.bytes", "auto.leader.rebalance.enable", "log.message.format.version",
    "inter.broker.protocol.version", "security.inter.broker.protocol", "ssl.keystore.location",
    "ssl.keystore.password", "ssl.key.password", "ssl.truststore.location",
    "ssl.truststore.password", "sasl.enabled.mechanisms", "sasl.mechanism.inter.broker.protocol",
    "authorizer.class.name", "super.users", "metadata.log.dir",
    "offsets.commit.timeout.ms",
    "log.roll.jitter.hours", "max.connections",
    "connections.max.idle.ms", "request.timeout.ms", "confluent.support.metrics.enable",
};

void sm_config_defaults(sm_config_t *c)
{
    memset(c, 0, sizeof(*c));
    c->node_id = 0;
    snprintf(c->listener.name, sizeof(c->listener.name), "PLAINTEXT");
    snprintf(c->listener.host, sizeof(c->listener.host), "127.0.0.1");
    c->listener.port = 9092;
    c->log_dirs[0] = strdup("./data");
    c->log_dir_count = 1;
    c->num_partitions = 1;
    c->default_replication_factor = 1;
    c->auto_create_topics_enable = true;
    c->delete_topic_enable = true;
    c->log_segment_bytes = 1073741824;
    c->log_index_interval_bytes = 4096;
    c->log_index_size_max_bytes = 10485760;
    c->message_max_bytes = 1048588;
    c->socket_request_max_bytes = 104857600;
    /* Send: Kafka's default, which is also faster here: with the OS's autotuned
     * send buffer (up to 4 MiB) a 1 GB fetch over loopback cost samsa 0.29-0.32
     * CPU-s at 1.4 GB/s, with 100 KiB 0.15-0.18 CPU-s at 2.0-2.4 GB/s: the data
     * stays in the CPU's cache between sendfile and the receiver's copy.
     * Receive: the OS default (autotuned), not Kafka's 102400, which made a
     * 1 GB produce cost 0.53-0.76 CPU-s instead of 0.30-0.53 (more, smaller
     * reads and wake-ups). */
    c->socket_send_buffer_bytes = 102400;
    c->socket_receive_buffer_bytes = -1;
    c->log_flush_interval_messages = INT64_MAX;
    c->log_flush_interval_ms = -1; /* unset: log.flush.scheduler.interval.ms applies */
    c->log_flush_scheduler_interval_ms = INT64_MAX;
    c->log_flush_offset_checkpoint_interval_ms = 60000;
    c->log_retention_ms = 168LL * 3600000;
    c->log_retention_bytes = -1;
    c->log_roll_ms = 168LL * 3600000;
    c->log_cleanup_policy = strdup("delete");
    c->compression_type = strdup("producer");
    c->log_message_timestamp_type = strdup("CreateTime");
    c->min_insync_replicas = 1;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    c->num_network_threads = (int32_t)(cores > 0 ? cores : 1);
    c->offsets_topic_num_partitions = 50;
    c->group_initial_rebalance_delay_ms = 0; /* Kafka: 3000; 0 suits test environments */
    c->group_min_session_timeout_ms = 6000;
    c->group_max_session_timeout_ms = 1800000;
    c->group_max_size = INT32_MAX;
    c->offsets_retention_minutes = 10080; /* 7 days */
    c->offsets_retention_check_interval_ms = 600000;
    c->offset_metadata_max_bytes = 4096;
    c->offsets_topic_segment_bytes = 104857600;
    c->log_cleaner_enable = true;
    c->log_cleaner_backoff_ms = 15000;
    c->log_retention_check_interval_ms = 300000;
    c->log_roll_jitter_ms = 0;
    c->log_cleaner_delete_retention_ms = 86400000;
    c->log_cleaner_min_cleanable_ratio = 0.5;
    c->log_cleaner_min_compaction_lag_ms = 0;
    c->log_cleaner_max_compaction_lag_ms = INT64_MAX;
    c->log_segment_delete_delay_ms = 60000;
    c->log_message_timestamp_before_max_ms = INT64_MAX;
    c->log_message_timestamp_after_max_ms = 3600000;
    c->log_local_retention_ms = -2;
    c->log_local_retention_bytes = -2;
    c->producer_id_expiration_ms = 86400000;
    c->transaction_state_log_num_partitions = 50;
    c->transaction_state_log_segment_bytes = 104857600;
    c->transaction_max_timeout_ms = 900000;
    c->transactional_id_expiration_ms = 604800000;
    c->producer_id_expiration_check_interval_ms = 600000;
}

void sm_config_free(sm_config_t *c)
{
    for (int i = 0; i < c->log_dir_count; i++) free(c->log_dirs[i]);
    free(c->log_cleanup_policy);
    free(c->compression_type);
    free(c->log_message_timestamp_type);
    free(c->cluster_id);
    for (int i = 0; i < c->static_count; i++) {
        free(c->static_props[i].key);
        free(c->static_props[i].value);
    }
    free(c->static_props);
    for (int i = 0; i < c->retired_count; i++) free(c->retired[i]);
    free(c->retired);
    memset(c, 0, sizeof(*c));
}

static int parse_long(const char *v, int64_t *out)
{
    char *end;
    errno = 0;
    while (isspace((unsigned char)*v)) v++;
    if (!*v) return -1;
    long long x = strtoll(v, &end, 10);
    while (isspace((unsigned char)*end)) end++;
    if (errno || *end) return -1;
    *out = x;
    return 0;
}

/* "PLAINTEXT://host:port[,...]": the first entry is used. */
static int parse_listener(const char *v, sm_listener_t *l)
{
    const char *sep = strstr(v, "://");
    if (!sep || sep == v || (size_t)(sep - v) >= sizeof(l->name)) return -1;
    memcpy(l->name, v, (size_t)(sep - v));
    l->name[sep - v] = '\0';
    const char *hp = sep + 3;
    const char *end = strchr(hp, ',');
    size_t len = end ? (size_t)(end - hp) : strlen(hp);
    const char *colon = NULL;
    for (size_t i = 0; i < len; i++)
        if (hp[i] == ':') colon = hp + i;
    if (!colon) return -1;
    size_t hlen = (size_t)(colon - hp);
    if (hlen >= sizeof(l->host)) return -1;
    const char *h = hp;
    if (hlen >= 2 && h[0] == '[' && h[hlen - 1] == ']') { /* [ipv6] */
        h++;
        hlen -= 2;
    }
    memcpy(l->host, h, hlen);
    l->host[hlen] = '\0';
    char port[16];
    size_t plen = len - (size_t)(colon + 1 - hp);
    if (plen == 0 || plen >= sizeof(port)) return -1;
    memcpy(port, colon + 1, plen);
    port[plen] = '\0';
    int64_t p;
    if (parse_long(port, &p) || p < 0 || p > 65535) return -1;
    l->port = (int)p;
    return 0;
}

static int set_dirs(sm_config_t *c, const char *v)
{
    char *copy = strdup(v), *save = NULL;
    char *dirs[SM_MAX_LOG_DIRS];
    int n = 0;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (isspace((unsigned char)*tok)) tok++;
        size_t l = strlen(tok);
        while (l && isspace((unsigned char)tok[l - 1])) tok[--l] = '\0';
        if (!l) continue;
        if (n == SM_MAX_LOG_DIRS) {
            for (int i = 0; i < n; i++) free(dirs[i]);
            free(copy);
            return -1;
        }
        dirs[n++] = strdup(tok);
    }
    free(copy);
    if (n == 0) return -1;
    for (int i = 0; i < c->log_dir_count; i++) free(c->log_dirs[i]);
    memcpy(c->log_dirs, dirs, sizeof(char *) * (size_t)n);
    c->log_dir_count = n;
    return 0;
}

static int find_static(const sm_config_t *c, const char *key)
{
    for (int i = 0; i < c->static_count; i++)
        if (!strcmp(c->static_props[i].key, key)) return i;
    return -1;
}

bool sm_config_is_set(const sm_config_t *c, const char *key)
{
    return find_static(c, key) >= 0;
}

const char *sm_config_static_value(const sm_config_t *c, const char *key)
{
    int i = find_static(c, key);
    return i >= 0 ? c->static_props[i].value : NULL;
}

static const key_def_t *find_key(const char *key)
{
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        if (!strcmp(keys[i].key, key)) return &keys[i];
    return NULL;
}

bool sm_config_known_key(const char *key)
{
    if (find_key(key)) return true;
    for (size_t i = 0; i < sizeof(accepted_keys) / sizeof(accepted_keys[0]); i++)
        if (!strcmp(accepted_keys[i], key)) return true;
    return false;
}

/* DescribeConfigs ConfigType: BOOLEAN 1, STRING 2, INT 3, SHORT 4, LONG 5, DOUBLE 6, LIST 7 */
static int key_type(const key_def_t *k)
{
    switch (k->type) {
    case C_INT: return 3;
    case C_SHORT: return 4;
    case C_LONG: return 5;
    case C_BOOL: return 1;
    case C_DOUBLE: return 6;
    case C_RETENTION:
    case C_ROLL: return k->off == 1 ? 5 : 3;
    case C_STRING: return !strcmp(k->key, "log.cleanup.policy") ? 7 : 2;
    default: return 2;
    }
}

int sm_config_key_type(const char *key)
{
    const key_def_t *k = find_key(key);
    return k ? key_type(k) : 0;
}

static int config_apply(sm_config_t *c, const char *key, const char *value, char *err, size_t errlen);

int sm_config_set(sm_config_t *c, const char *key, const char *value)
{
    char err[512];
    int rc = config_apply(c, key, value, err, sizeof(err));
    if (rc < 0) {
        fprintf(stderr, "samsa: %s\n", err);
        return rc;
    }
    if (rc == 1) {
        bool accepted = sm_config_known_key(key);
        if (accepted) sm_info("configuration %s=%s accepted; samsa does not act on it yet", key, value);
        else sm_warn("unknown configuration '%s' ignored", key);
        if (!accepted) return 1;
    }
    /* recorded for DescribeConfigs (STATIC_BROKER_CONFIG) and dynamic reconfiguration */
    int i = find_static(c, key);
    if (i >= 0) {
        free(c->static_props[i].value);
        c->static_props[i].value = strdup(value);
        return rc == 1 ? 0 : rc;
    }
    sm_config_kv_t *n = realloc(c->static_props, sizeof(*n) * (size_t)(c->static_count + 1));
    if (!n) return -1;
    c->static_props = n;
    n[c->static_count++] = (sm_config_kv_t){strdup(key), strdup(value)};
    return 0;
}

int sm_config_apply(sm_config_t *c, const char *key, const char *value, char *err, size_t errlen)
{
    return config_apply(c, key, value, err, errlen);
}

static void retire(sm_config_t *c, char *old)
{
    if (!old) return;
    char **n = realloc(c->retired, sizeof(*n) * (size_t)(c->retired_count + 1));
    if (!n) return; /* leak rather than free under a reader */
    c->retired = n;
    n[c->retired_count++] = old;
}

void sm_config_copy_key(sm_config_t *dst, const sm_config_t *src, const char *key)
{
    const key_def_t *k = find_key(key);
    if (!k) return;
    char *d = (char *)dst;
    const char *s = (const char *)src;
    switch (k->type) {
    case C_INT: __atomic_store_n((int32_t *)(d + k->off), *(const int32_t *)(s + k->off), __ATOMIC_RELAXED); break;
    case C_SHORT: __atomic_store_n((int16_t *)(d + k->off), *(const int16_t *)(s + k->off), __ATOMIC_RELAXED); break;
    case C_LONG: __atomic_store_n((int64_t *)(d + k->off), *(const int64_t *)(s + k->off), __ATOMIC_RELAXED); break;
    case C_BOOL: __atomic_store_n((bool *)(d + k->off), *(const bool *)(s + k->off), __ATOMIC_RELAXED); break;
    case C_DOUBLE: *(double *)(d + k->off) = *(const double *)(s + k->off); break;
    case C_STRING: {
        char **dp = (char **)(d + k->off);
        char *old = *dp;
        __atomic_store_n(dp, strdup(*(char *const *)(s + k->off)), __ATOMIC_RELEASE);
        retire(dst, old);
        break;
    }
    case C_RETENTION:
        __atomic_store_n(&dst->log_retention_ms, src->log_retention_ms, __ATOMIC_RELAXED);
        dst->retention_prio = src->retention_prio;
        break;
    case C_ROLL:
        __atomic_store_n(&dst->log_roll_ms, src->log_roll_ms, __ATOMIC_RELAXED);
        dst->roll_prio = src->roll_prio;
        break;
    default: break; /* listeners and log dirs are not changed at runtime */
    }
}

static int config_apply(sm_config_t *c, const char *key, const char *value, char *err, size_t errlen)
{
    const key_def_t *k = find_key(key);
    if (!k) return 1;
    char *base = (char *)c;
    int64_t x;
    switch (k->type) {
    case C_INT:
    case C_LONG:
    case C_SHORT:
    case C_RETENTION:
    case C_ROLL:
        if (parse_long(value, &x) || x < k->min || x > k->max) {
            snprintf(err, errlen, "invalid value '%s' for configuration %s: expected an integer in [%lld, %lld]",
                     value, key, (long long)k->min, (long long)k->max);
            return -1;
        }
        if (k->type == C_INT) *(int32_t *)(base + k->off) = (int32_t)x;
        else if (k->type == C_SHORT) *(int16_t *)(base + k->off) = (int16_t)x;
        else if (k->type == C_LONG) *(int64_t *)(base + k->off) = x;
        else {
            /* ms beats minutes beats hours, as in Kafka */
            int prio = k->off == 1 ? 3 : k->off == 60000 ? 2 : 1;
            int *cur = k->type == C_RETENTION ? &c->retention_prio : &c->roll_prio;
            int64_t *dst = k->type == C_RETENTION ? &c->log_retention_ms : &c->log_roll_ms;
            if (prio >= *cur) {
                *cur = prio;
                *dst = x < 0 ? -1 : x * (int64_t)k->off;
            }
        }
        return 0;
    case C_DOUBLE: {
        char *end;
        errno = 0;
        double d = strtod(value, &end);
        if (errno || end == value || *end || d < (double)k->min || d > (double)k->max) {
            snprintf(err, errlen, "invalid value '%s' for configuration %s: expected a number in [%lld, %lld]",
                     value, key, (long long)k->min, (long long)k->max);
            return -1;
        }
        *(double *)(base + k->off) = d;
        return 0;
    }
    case C_BOOL:
        if (strcmp(value, "true") == 0) *(bool *)(base + k->off) = true;
        else if (strcmp(value, "false") == 0) *(bool *)(base + k->off) = false;
        else {
            snprintf(err, errlen, "invalid value '%s' for configuration %s: expected true or false", value, key);
            return -1;
        }
        return 0;
    case C_STRING: {
        char **dst = (char **)(base + k->off);
        free(*dst);
        *dst = strdup(value);
        return 0;
    }
    case C_LISTENER:
        if (parse_listener(value, (sm_listener_t *)(base + k->off))) {
            snprintf(err, errlen, "invalid value '%s' for configuration %s: expected NAME://host:port", value, key);
            return -1;
        }
        if (k->off == F(listener) && strcmp(c->listener.name, "PLAINTEXT") != 0)
            sm_warn("listener %s: only PLAINTEXT is implemented, serving it as plaintext", c->listener.name);
        return 0;
    case C_DIRS:
        if (set_dirs(c, value)) {
            snprintf(err, errlen, "invalid value '%s' for configuration %s: expected a comma-separated list of at most %d directories",
                     value, key, SM_MAX_LOG_DIRS);
            return -1;
        }
        return 0;
    }
    return 1;
}

/* Java properties: `key=value`, `key: value` or `key value`; # and ! comments;
 * a trailing backslash continues the line. Escapes other than line
 * continuation are not interpreted. */
int sm_config_load_file(sm_config_t *c, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "samsa: cannot read configuration file %s: %s\n", path, strerror(errno));
        return -1;
    }
    char line[8192], logical[65536];
    size_t ll = 0;
    int rc = 0, lineno = 0;
    while (fgets(line, sizeof(line), f)) {
        lineno++;
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
        char *s = line;
        if (ll == 0)
            while (isspace((unsigned char)*s)) s++;
        else
            while (isspace((unsigned char)*s)) s++;
        n = strlen(s);
        bool cont = n && s[n - 1] == '\\';
        if (cont) s[--n] = '\0';
        if (ll + n + 1 >= sizeof(logical)) {
            fprintf(stderr, "samsa: %s:%d: line too long\n", path, lineno);
            rc = -1;
            break;
        }
        memcpy(logical + ll, s, n);
        ll += n;
        logical[ll] = '\0';
        if (cont) continue;
        char *p = logical;
        ll = 0;
        if (!*p || *p == '#' || *p == '!') continue;
        char *sep = p + strcspn(p, "=: \t");
        char *val = sep;
        if (*sep) {
            *sep = '\0';
            val = sep + 1;
            while (isspace((unsigned char)*val)) val++;
            if ((*val == '=' || *val == ':') && (sep[0] == '\0')) {
                /* "key = value": the separator followed whitespace */
            }
            if (*val == '=' || *val == ':') {
                val++;
                while (isspace((unsigned char)*val)) val++;
            }
        }
        size_t vl = strlen(val);
        while (vl && isspace((unsigned char)val[vl - 1])) val[--vl] = '\0';
        if (sm_config_set(c, p, val) < 0) {
            fprintf(stderr, "samsa: %s:%d: bad value for %s\n", path, lineno, p);
            rc = -1;
            break;
        }
    }
    fclose(f);
    return rc;
}

int sm_config_from_args(sm_config_t *c, int argc, char **argv)
{
    int i = 1;
    if (i < argc && strncmp(argv[i], "--", 2) != 0) {
        if (sm_config_load_file(c, argv[i])) return -1;
        i++;
    }
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--override") == 0 && i + 1 < argc) {
            const char *kv = argv[++i];
            const char *eq = strchr(kv, '=');
            if (!eq || eq == kv) {
                fprintf(stderr, "samsa: --override expects key=value, got '%s'\n", kv);
                return -1;
            }
            char key[256];
            size_t kl = (size_t)(eq - kv);
            if (kl >= sizeof(key)) kl = sizeof(key) - 1;
            memcpy(key, kv, kl);
            key[kl] = '\0';
            if (sm_config_set(c, key, eq + 1) < 0) return -1;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            return -2;
        } else {
            fprintf(stderr, "samsa: unexpected argument '%s'\n", argv[i]);
            return -1;
        }
    }
    return 0;
}

int sm_config_finish(sm_config_t *c)
{
    if (c->advertised.port == 0) c->advertised = c->listener;
    if (c->advertised.host[0] == '\0' || strcmp(c->advertised.host, "0.0.0.0") == 0) {
        char host[256];
        if (gethostname(host, sizeof(host)) == 0) {
            host[sizeof(host) - 1] = '\0';
            snprintf(c->advertised.host, sizeof(c->advertised.host), "%s", host);
        }
    }
    if (c->log_flush_interval_ms < 0) c->log_flush_interval_ms = c->log_flush_scheduler_interval_ms;
    if (strcmp(c->log_message_timestamp_type, "CreateTime") != 0 &&
        strcmp(c->log_message_timestamp_type, "LogAppendTime") != 0) {
        fprintf(stderr, "samsa: invalid value '%s' for configuration log.message.timestamp.type: expected CreateTime or LogAppendTime\n",
                c->log_message_timestamp_type);
        return -1;
    }
    return 0;
}

void sm_config_foreach(const sm_config_t *c, sm_config_visit_fn fn, void *opaque)
{
    char buf[4096];
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        const key_def_t *k = &keys[i];
        const char *base = (const char *)c;
        bool set = sm_config_is_set(c, k->key);
        const char *value = buf;
        int type = key_type(k);
        switch (k->type) {
        case C_INT: snprintf(buf, sizeof(buf), "%d", *(const int32_t *)(base + k->off)); break;
        case C_SHORT: snprintf(buf, sizeof(buf), "%d", *(const int16_t *)(base + k->off)); break;
        case C_LONG: snprintf(buf, sizeof(buf), "%lld", (long long)*(const int64_t *)(base + k->off)); break;
        case C_DOUBLE: snprintf(buf, sizeof(buf), "%g", *(const double *)(base + k->off)); break;
        case C_BOOL: value = *(const bool *)(base + k->off) ? "true" : "false"; break;
        case C_STRING:
            value = *(char *const *)(base + k->off);
            break;
        case C_LISTENER: {
            const sm_listener_t *l = (const sm_listener_t *)(base + k->off);
            snprintf(buf, sizeof(buf), "%s://%s:%d", l->name, l->host, l->port);
            break;
        }
        case C_DIRS: {
            size_t n = 0;
            buf[0] = '\0';
            for (int d = 0; d < c->log_dir_count && n < sizeof(buf); d++)
                n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", d ? "," : "", c->log_dirs[d]);
            break;
        }
        case C_RETENTION:
        case C_ROLL: {
            /* the key that supplied the value carries it (hours by default); the others are null */
            int64_t ms = k->type == C_RETENTION ? c->log_retention_ms : c->log_roll_ms;
            int prio = k->type == C_RETENTION ? c->retention_prio : c->roll_prio;
            int my_prio = k->off == 1 ? 3 : k->off == 60000 ? 2 : 1;
            if (prio == my_prio || (my_prio == 1 && prio == 0))
                snprintf(buf, sizeof(buf), "%lld", (long long)(ms < 0 ? -1 : ms / (int64_t)k->off));
            else
                value = NULL;
            break;
        }
        }
        fn(k->key, value, type, set, opaque);
    }
}
