/*
 * Dynamic broker configs (Kafka's KIP-226): AlterConfigs and
 * IncrementalAlterConfigs on the BROKER resource, at two levels: this
 * broker (resource name = node.id) and the cluster-wide default (empty
 * name). Precedence, as in Kafka: per-broker dynamic > cluster-default
 * dynamic > static (server.properties / --override) > built-in default.
 *
 * Only the keys Kafka lets change at runtime are accepted (the log defaults
 * of topic configs, cleaner, thread-pool, listener/SASL/SSL, connection
 * and quota keys); keys Kafka does not know are accepted as custom configs,
 * as Kafka does. Samsa applies the log defaults (every topic without an
 * override follows at once) and log.cleaner.backoff.ms live; the others are
 * stored and reported (num.network.threads takes effect at the next start).
 *
 * Persisted in the first log dir: `dynamic-broker-configs.properties` (this
 * broker) and `dynamic-default-broker-configs.properties` (cluster default),
 * one `key=value` per line with `\\`, `\n` and `\r` escaped; loaded at start
 * before the logs open (invalid entries are logged and ignored, as Kafka
 * does).
 *
 * Locking: callers hold the topics lock (write lock to alter, read lock to
 * describe); this module's mutex is taken inside it.
 */
#ifndef SM_DYNAMIC_CONFIGS_H
#define SM_DYNAMIC_CONFIGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "topics.h"
#include "util/arena.h"

/* DescribeConfigs ConfigSource values of the dynamic levels. */
enum { SM_CFGSRC_DYNAMIC_BROKER = 2, SM_CFGSRC_DYNAMIC_DEFAULT_BROKER = 3 };

typedef struct sm_dynconf sm_dynconf_t;

/* Loads the persisted dynamic configs and applies them to `live` (before
 * the logs are opened with it). Returns NULL only when out of memory. */
sm_dynconf_t *sm_dynconf_open(sm_config_t *live);
void sm_dynconf_close(sm_dynconf_t *d);

/* One AlterConfigs (incremental = false: the SETs replace the level's whole
 * set) or IncrementalAlterConfigs resource of type BROKER. Validates as
 * Kafka does (INVALID_REQUEST for a wrong broker id, a key that cannot be
 * changed dynamically, a per-broker key at the default level, a bad value,
 * duplicate keys, a null SET value; INVALID_CONFIG for APPEND/SUBTRACT on a
 * non-list key), then unless validate_only persists, applies to the live
 * config and refreshes every topic. Caller holds the topics write lock
 * (sm_topics_wrlock). Returns a Kafka error code, message in msg. */
int sm_dynconf_alter(sm_dynconf_t *d, sm_topics_t *topics, sm_str_t resource_name, const sm_config_op_t *ops,
                     int n, bool incremental, bool validate_only, char *msg, size_t msglen);

/* One DescribeConfigs synonym: name, value (NULL when sensitive), source. */
typedef struct sm_config_synonym {
    const char *name;
    const char *value;
    int8_t source;
} sm_config_synonym_t;

/* Kafka's synonym list of broker config `name` in precedence order (each
 * level: per-broker dynamic, default dynamic, static, built-in default;
 * within a level the key and its alternative names such as
 * log.retention.minutes/hours), starting at `name` itself. Strings are
 * copied into the arena. Returns the count (at most max). */
int sm_dynconf_synonyms(sm_dynconf_t *d, sm_arena_t *a, const char *name, sm_config_synonym_t *out, int max);

/* One broker config as DescribeConfigs reports it. */
typedef struct sm_broker_config_entry {
    const char *name;
    const char *value; /* NULL when sensitive or unset */
    int8_t type;       /* DescribeConfigs ConfigType */
    bool read_only;    /* not dynamically changeable */
    bool sensitive;
} sm_broker_config_entry_t;

/* Every broker config Samsa reports (its own keys with their effective
 * values, then dynamic keys it has no field for), strings in the arena.
 * `cluster_default`: only the cluster-wide dynamic defaults, as Kafka
 * describes the broker resource with an empty name. */
typedef void (*sm_broker_config_fn)(const sm_broker_config_entry_t *e, void *opaque);
void sm_dynconf_foreach(sm_dynconf_t *d, sm_arena_t *a, bool cluster_default, sm_broker_config_fn fn,
                        void *opaque);

#endif
