#include "dynamic_configs.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kvlist.h"
#include "protocol/errors.h"
#include "topic_configs.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/logging.h"

#define BROKER_FILE "dynamic-broker-configs.properties"
#define DEFAULT_FILE "dynamic-default-broker-configs.properties"
#define MAX_KEYS_PER_LEVEL 512
#define MAX_KEY_LEN 255
#define MAX_VALUE_LEN 65536

enum { T_BOOLEAN = 1, T_STRING = 2, T_INT = 3, T_SHORT = 4, T_LONG = 5, T_DOUBLE = 6, T_LIST = 7,
       T_CLASS = 8, T_PASSWORD = 9 };

/* Kafka's dynamically updatable broker configs other than the log defaults
 * of topic configs (those are every topic config's broker synonym, see
 * topic_configs.c). Listener and security configs are per-broker only;
 * `listener_prefix`: Kafka accepts them only as listener.name.<l>.<key>. */
typedef struct dyn_def {
    const char *name;
    int type;
    bool per_broker;
    bool listener_prefix;
} dyn_def_t;

static const dyn_def_t dyn_defs[] = {
    /* log cleaner */
    {"log.cleaner.backoff.ms", T_LONG, false, false},
    {"log.cleaner.dedupe.buffer.size", T_LONG, false, false},
    {"log.cleaner.io.buffer.load.factor", T_DOUBLE, false, false},
    {"log.cleaner.io.buffer.size", T_INT, false, false},
    {"log.cleaner.io.max.bytes.per.second", T_DOUBLE, false, false},
    {"log.cleaner.threads", T_INT, false, false},
    /* thread pools */
    {"background.threads", T_INT, false, false},
    {"num.io.threads", T_INT, false, false},
    {"num.network.threads", T_INT, false, false},
    {"num.recovery.threads.per.data.dir", T_INT, false, false},
    {"num.replica.fetchers", T_INT, false, false},
    /* connections */
    {"max.connection.creation.rate", T_INT, false, false},
    {"max.connections", T_INT, false, false},
    {"max.connections.per.ip", T_INT, false, false},
    {"max.connections.per.ip.overrides", T_STRING, false, false},
    /* metrics, producer state, replication quotas */
    {"metric.reporters", T_LIST, false, false},
    {"producer.id.expiration.ms", T_INT, false, false},
    {"transaction.partition.verification.enable", T_BOOLEAN, false, false},
    {"follower.replication.throttled.rate", T_LONG, false, false},
    {"leader.replication.throttled.rate", T_LONG, false, false},
    {"replica.alter.log.dirs.io.max.bytes.per.second", T_LONG, false, false},
    /* listener security (per broker) */
    {"principal.builder.class", T_CLASS, true, false},
    {"sasl.enabled.mechanisms", T_LIST, true, false},
    {"sasl.jaas.config", T_PASSWORD, true, false},
    {"sasl.kerberos.kinit.cmd", T_STRING, true, false},
    {"sasl.kerberos.min.time.before.relogin", T_LONG, true, false},
    {"sasl.kerberos.principal.to.local.rules", T_LIST, true, false},
    {"sasl.kerberos.service.name", T_STRING, true, false},
    {"sasl.kerberos.ticket.renew.jitter", T_DOUBLE, true, false},
    {"sasl.kerberos.ticket.renew.window.factor", T_DOUBLE, true, false},
    {"sasl.login.refresh.buffer.seconds", T_SHORT, true, false},
    {"sasl.login.refresh.min.period.seconds", T_SHORT, true, false},
    {"sasl.login.refresh.window.factor", T_DOUBLE, true, false},
    {"sasl.login.refresh.window.jitter", T_DOUBLE, true, false},
    {"sasl.mechanism.inter.broker.protocol", T_STRING, true, false},
    {"ssl.cipher.suites", T_LIST, true, false},
    {"ssl.client.auth", T_STRING, true, false},
    {"ssl.enabled.protocols", T_LIST, true, false},
    {"ssl.endpoint.identification.algorithm", T_STRING, true, false},
    {"ssl.engine.factory.class", T_CLASS, true, false},
    {"ssl.key.password", T_PASSWORD, true, true},
    {"ssl.keymanager.algorithm", T_STRING, true, false},
    {"ssl.keystore.certificate.chain", T_PASSWORD, true, true},
    {"ssl.keystore.key", T_PASSWORD, true, true},
    {"ssl.keystore.location", T_STRING, true, true},
    {"ssl.keystore.password", T_PASSWORD, true, true},
    {"ssl.keystore.type", T_STRING, true, true},
    {"ssl.protocol", T_STRING, true, false},
    {"ssl.provider", T_STRING, true, false},
    {"ssl.secure.random.implementation", T_STRING, true, false},
    {"ssl.trustmanager.algorithm", T_STRING, true, false},
    {"ssl.truststore.certificates", T_PASSWORD, true, true},
    {"ssl.truststore.location", T_STRING, true, true},
    {"ssl.truststore.password", T_PASSWORD, true, true},
    {"ssl.truststore.type", T_STRING, true, true},
};

/* Listener-prefixed SASL mechanism configs: listener.name.<l>.<mechanism>.<key>. */
static const char *const mechanism_configs[] = {
    "sasl.jaas.config", "sasl.login.callback.handler.class", "sasl.login.class",
    "sasl.server.callback.handler.class", "connections.max.reauth.ms",
};

/* Read by the server at start only: stored and reported, applied at the next start. */
static bool applies_at_restart(const char *name)
{
    return !strcmp(name, "num.network.threads");
}

struct sm_dynconf {
    pthread_mutex_t mu;
    sm_config_t *live;      /* the running config: dynamic keys copied in */
    sm_config_t effective;  /* static + dynamic, every key: what DescribeConfigs reports */
    sm_config_t builtin;    /* built-in defaults (DEFAULT_CONFIG synonyms) */
    sm_kvlist_t broker;     /* this broker's dynamic configs */
    sm_kvlist_t cluster;    /* cluster-wide default dynamic configs */
    char broker_path[4200], default_path[4200];
};

/* ---- which keys, of which type ---- */

static const dyn_def_t *dyn_def(const char *name)
{
    for (size_t i = 0; i < sizeof(dyn_defs) / sizeof(dyn_defs[0]); i++)
        if (!strcmp(dyn_defs[i].name, name)) return &dyn_defs[i];
    return NULL;
}

/* The topic config whose server-wide default `name` is, or NULL. */
static const sm_topic_config_def_t *topic_synonym_of(const char *name)
{
    int n;
    const sm_topic_config_def_t *defs = sm_topic_config_defs(&n);
    for (int i = 0; i < n; i++)
        if (defs[i].broker_key && !strcmp(defs[i].broker_key, name)) return &defs[i];
    return NULL;
}

/* `listener.name.<l>.<rest>` -> the base config name in rest, else NULL. */
static const char *listener_base(const char *name)
{
    if (strncmp(name, "listener.name.", 14) != 0) return NULL;
    const char *dot = strchr(name + 14, '.');
    if (!dot || dot == name + 14 || !dot[1]) return NULL;
    const char *rest = dot + 1;
    for (size_t i = 0; i < sizeof(mechanism_configs) / sizeof(mechanism_configs[0]); i++) {
        size_t rl = strlen(rest), ml = strlen(mechanism_configs[i]);
        if (rl >= ml && !strcmp(rest + rl - ml, mechanism_configs[i]) && (rl == ml || rest[rl - ml - 1] == '.'))
            return mechanism_configs[i];
    }
    return rest;
}

static bool is_mechanism_config(const char *base)
{
    for (size_t i = 0; i < sizeof(mechanism_configs) / sizeof(mechanism_configs[0]); i++)
        if (!strcmp(mechanism_configs[i], base)) return true;
    return false;
}

static bool is_dynamic(const char *name)
{
    return dyn_def(name) || topic_synonym_of(name);
}

static int type_of(const char *name)
{
    const char *base = listener_base(name);
    if (base) name = base;
    const dyn_def_t *dd = dyn_def(name);
    if (dd) return dd->type;
    const sm_topic_config_def_t *td = topic_synonym_of(name);
    if (td) return td->type;
    if (!strcmp(name, "sasl.jaas.config")) return T_PASSWORD;
    int t = sm_config_key_type(name);
    return t ? t : T_STRING;
}

static bool sensitive(const char *name)
{
    return type_of(name) == T_PASSWORD;
}

typedef struct value_lookup {
    const char *key;
    const char *value;
    bool found;
    char buf[64];
} value_lookup_t;

static void lookup_visit(const char *key, const char *value, int type, bool is_set, void *opaque)
{
    (void)type;
    (void)is_set;
    value_lookup_t *l = opaque;
    if (l->found || strcmp(key, l->key)) return;
    l->found = true;
    if (value) {
        snprintf(l->buf, sizeof(l->buf), "%s", value);
        l->value = strlen(value) < sizeof(l->buf) ? l->buf : NULL;
    }
}

/* The built-in default of a key Samsa has a field for, or NULL (Kafka's null default). */
static const char *builtin_value(const sm_dynconf_t *d, const char *key, value_lookup_t *l)
{
    *l = (value_lookup_t){.key = key};
    sm_config_foreach(&d->builtin, lookup_visit, l);
    if (l->value && !strcmp(key, "log.flush.interval.ms")) return NULL; /* unset: the scheduler's interval */
    return l->value;
}

/* ---- validation ---- */

static int check_typed_value(const char *name, int type, const char *value, char *msg, size_t msglen)
{
    sm_topic_config_def_t def = {name, type, NULL};
    const sm_topic_config_def_t *td = topic_synonym_of(name);
    /* a log default takes its topic config's value rules (policy lists, codec names) */
    int bad = sm_topic_config_check(td ? td : &def, value, (int)strlen(value));
    if (!bad && type == T_SHORT) {
        long v = strtol(value, NULL, 10);
        bad = v < INT16_MIN || v > INT16_MAX;
    }
    if (bad) {
        snprintf(msg, msglen, "Invalid value %s for configuration %s", value, name);
        return SM_ERR_INVALID_REQUEST;
    }
    return 0;
}

/* Kafka's DynamicBrokerConfig.validateConfigs for one key. */
static int check_key(const char *name, bool per_broker, char *msg, size_t msglen)
{
    const char *base = listener_base(name);
    if (base) {
        const dyn_def_t *dd = dyn_def(base);
        if (!dd && !is_mechanism_config(base) && sm_config_known_key(base)) {
            snprintf(msg, msglen, "Cannot update these configs dynamically: [%s]", name);
            return SM_ERR_INVALID_REQUEST;
        }
        bool cluster_level = !strcmp(base, "max.connections") || !strcmp(base, "max.connection.creation.rate") ||
                             !strcmp(base, "num.network.threads");
        if (!per_broker && !cluster_level) {
            snprintf(msg, msglen, "Cannot update these configs at default cluster level, broker id must be specified: [%s]", name);
            return SM_ERR_INVALID_REQUEST;
        }
        return 0;
    }
    const dyn_def_t *dd = dyn_def(name);
    if (!dd && !topic_synonym_of(name) && sm_config_known_key(name)) {
        snprintf(msg, msglen, "Cannot update these configs dynamically: [%s]", name);
        return SM_ERR_INVALID_REQUEST;
    }
    if (dd && dd->listener_prefix) {
        snprintf(msg, msglen, "These security configs can be dynamically updated only per-listener using the listener prefix: [%s]", name);
        return SM_ERR_INVALID_REQUEST;
    }
    if (dd && dd->per_broker && !per_broker) {
        snprintf(msg, msglen, "Cannot update these configs at default cluster level, broker id must be specified: [%s]", name);
        return SM_ERR_INVALID_REQUEST;
    }
    return 0;
}

static bool printable_key(const char *k, int len)
{
    if (len <= 0 || len > MAX_KEY_LEN) return false;
    for (int i = 0; i < len; i++)
        if ((unsigned char)k[i] <= ' ' || k[i] == '=' || k[i] == ':' || k[i] == '#' || k[i] == '!' || k[i] == 0x7f)
            return false;
    return true;
}

/* ---- the effective config ---- */

/* Static props, then the cluster default, then this broker's: Kafka's order. */
static int build_effective(const sm_config_t *live, const sm_kvlist_t *cluster, const sm_kvlist_t *broker,
                           sm_config_t *out, char *msg, size_t msglen)
{
    sm_config_defaults(out);
    char err[512];
    for (int i = 0; i < live->static_count; i++)
        sm_config_apply(out, live->static_props[i].key, live->static_props[i].value, err, sizeof(err));
    const sm_kvlist_t *levels[2] = {cluster, broker};
    for (int l = 0; l < 2; l++)
        for (int i = 0; i < levels[l]->n; i++) {
            const char *k = levels[l]->v[i].key;
            if (listener_base(k)) continue;
            if (sm_config_apply(out, k, levels[l]->v[i].value, err, sizeof(err)) < 0) {
                snprintf(msg, msglen, "Invalid dynamic configuration: %s", err);
                sm_config_free(out);
                return SM_ERR_INVALID_REQUEST;
            }
        }
    /* what sm_config_finish derives: flush.ms defaults to the scheduler interval */
    if (out->log_flush_interval_ms < 0) out->log_flush_interval_ms = out->log_flush_scheduler_interval_ms;
    return 0;
}

/* Copies every dynamic key the running broker acts on into the live config.
 * Caller holds the topics write lock, so readers under the read lock see
 * either the old values or the new ones. */
static void apply_live(sm_dynconf_t *d)
{
    int n;
    const sm_topic_config_def_t *defs = sm_topic_config_defs(&n);
    for (int i = 0; i < n; i++)
        if (defs[i].broker_key) sm_config_copy_key(d->live, &d->effective, defs[i].broker_key);
    for (size_t i = 0; i < sizeof(dyn_defs) / sizeof(dyn_defs[0]); i++)
        if (!applies_at_restart(dyn_defs[i].name)) sm_config_copy_key(d->live, &d->effective, dyn_defs[i].name);
}

/* ---- persistence ---- */

static void escape_into(sm_buf_t *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\') sm_buf_append(b, "\\\\", 2);
        else if (*s == '\n') sm_buf_append(b, "\\n", 2);
        else if (*s == '\r') sm_buf_append(b, "\\r", 2);
        else sm_buf_append(b, s, 1);
    }
}

static void unescape(char *s)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        if (*r == '\\' && r[1]) {
            r++;
            *w++ = *r == 'n' ? '\n' : *r == 'r' ? '\r' : *r;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
}

static int save_level(const char *path, const sm_kvlist_t *l)
{
    sm_buf_t b;
    sm_buf_init(&b);
    static const char header[] = "# Samsa's dynamic broker configs, written by AlterConfigs: change them with kafka-configs.sh\n";
    sm_buf_append(&b, header, sizeof(header) - 1);
    for (int i = 0; i < l->n; i++) {
        sm_buf_append(&b, l->v[i].key, strlen(l->v[i].key));
        sm_buf_append(&b, "=", 1);
        escape_into(&b, l->v[i].value);
        sm_buf_append(&b, "\n", 1);
    }
    /* 0600: the file may hold passwords (sasl.jaas.config, ssl.*.password) */
    int rc = sm_write_file_atomic(path, b.data, b.len, 0600);
    sm_buf_free(&b);
    return rc;
}

static void load_level(const char *path, sm_kvlist_t *l)
{
    FILE *f = fopen(path, "r");
    if (!f) return;
    sm_buf_t line;
    sm_buf_init(&line);
    int c;
    do {
        c = fgetc(f);
        if (c != '\n' && c != EOF) {
            char ch = (char)c;
            sm_buf_append(&line, &ch, 1);
            continue;
        }
        sm_buf_append(&line, "", 1);
        char *s = (char *)line.data;
        char *eq = strchr(s, '=');
        if (*s && *s != '#' && eq && eq != s && l->n < MAX_KEYS_PER_LEVEL) {
            *eq = '\0';
            unescape(eq + 1);
            if (printable_key(s, (int)strlen(s))) sm_kvlist_set(l, s, eq + 1);
        }
        line.len = 0;
    } while (c != EOF);
    sm_buf_free(&line);
    fclose(f);
}

/* Drops persisted entries Kafka would ignore at start (no longer dynamic,
 * wrong level, bad value), logging each. */
static void drop_invalid(sm_kvlist_t *l, bool per_broker, const char *what)
{
    for (int i = 0; i < l->n;) {
        char msg[512];
        const char *k = l->v[i].key;
        if (check_key(k, per_broker, msg, sizeof(msg)) ||
            check_typed_value(k, type_of(k), l->v[i].value, msg, sizeof(msg))) {
            sm_error("dynamic %s config %s ignored: %s", what, k, msg);
            sm_kvlist_delete(l, k);
            continue;
        }
        i++;
    }
}

sm_dynconf_t *sm_dynconf_open(sm_config_t *live)
{
    sm_dynconf_t *d = calloc(1, sizeof(*d));
    if (!d) return NULL;
    pthread_mutex_init(&d->mu, NULL);
    d->live = live;
    sm_config_defaults(&d->builtin);
    snprintf(d->broker_path, sizeof(d->broker_path), "%s/" BROKER_FILE, live->log_dirs[0]);
    snprintf(d->default_path, sizeof(d->default_path), "%s/" DEFAULT_FILE, live->log_dirs[0]);
    load_level(d->default_path, &d->cluster);
    load_level(d->broker_path, &d->broker);
    drop_invalid(&d->cluster, false, "default");
    drop_invalid(&d->broker, true, "broker");
    char msg[512];
    if (build_effective(live, &d->cluster, &d->broker, &d->effective, msg, sizeof(msg))) {
        sm_error("dynamic broker configs ignored: %s", msg);
        sm_kvlist_free(&d->cluster);
        sm_kvlist_free(&d->broker);
        build_effective(live, &d->cluster, &d->broker, &d->effective, msg, sizeof(msg));
    }
    apply_live(d);
    if (d->cluster.n || d->broker.n)
        sm_info("dynamic broker configs: %d for this broker, %d cluster defaults", d->broker.n, d->cluster.n);
    return d;
}

void sm_dynconf_close(sm_dynconf_t *d)
{
    if (!d) return;
    sm_config_free(&d->effective);
    sm_config_free(&d->builtin);
    sm_kvlist_free(&d->broker);
    sm_kvlist_free(&d->cluster);
    pthread_mutex_destroy(&d->mu);
    free(d);
}

/* ---- AlterConfigs / IncrementalAlterConfigs ---- */

static int check_resource_name(const sm_dynconf_t *d, sm_str_t name, bool *per_broker, char *msg, size_t msglen)
{
    *per_broker = name.len > 0;
    if (name.len <= 0) return 0;
    char id[16];
    int idl = snprintf(id, sizeof(id), "%d", d->live->node_id);
    bool digits = name.len < 12;
    for (int i = 0; digits && i < name.len; i++)
        if ((name.ptr[i] < '0' || name.ptr[i] > '9') && !(i == 0 && name.ptr[i] == '-')) digits = false;
    if (!digits) {
        snprintf(msg, msglen, "Node id must be an integer, but it is: %.*s", name.len > 64 ? 64 : name.len, name.ptr);
        return SM_ERR_INVALID_REQUEST;
    }
    if (name.len != idl || memcmp(name.ptr, id, (size_t)idl) != 0) {
        snprintf(msg, msglen, "Unexpected broker id, expected %s, but received %.*s", id, name.len, name.ptr);
        return SM_ERR_INVALID_REQUEST;
    }
    return 0;
}

/* The level's new set after the ops, validated key by key. */
static int apply_ops(const sm_dynconf_t *d, const sm_kvlist_t *cur, const sm_config_op_t *ops, int n, bool incremental, bool per_broker,
                     sm_kvlist_t *out, char *msg, size_t msglen)
{
    if (incremental) sm_kvlist_copy(out, cur);
    for (int i = 0; i < n; i++) {
        const sm_config_op_t *o = &ops[i];
        /* IncrementalAlterConfigs refuses a key named twice; the legacy AlterConfigs
         * takes the last value, as ZooKeeper-mode Kafka did (librdkafka's and
         * others' read-modify-write helpers resend every described key) */
        for (int j = 0; incremental && j < i; j++)
            if (sm_str_equal(ops[j].key, o->key)) {
                snprintf(msg, msglen, "Error due to duplicate config keys");
                return SM_ERR_INVALID_REQUEST;
            }
        if (!printable_key(o->key.ptr, o->key.len)) {
            snprintf(msg, msglen, "Invalid config name");
            return SM_ERR_INVALID_REQUEST;
        }
        char key[MAX_KEY_LEN + 1];
        memcpy(key, o->key.ptr, (size_t)o->key.len);
        key[o->key.len] = '\0';
        int op = incremental ? o->op : SM_CFGOP_SET;
        if (op < SM_CFGOP_SET || op > SM_CFGOP_SUBTRACT) {
            snprintf(msg, msglen, "Unknown operations type %d", op);
            return SM_ERR_INVALID_REQUEST;
        }
        if (op != SM_CFGOP_DELETE && o->value.len < 0) {
            snprintf(msg, msglen, "Null value not supported for : %s", key);
            return SM_ERR_INVALID_REQUEST;
        }
        if (o->value.len > MAX_VALUE_LEN) {
            snprintf(msg, msglen, "Value of %s is longer than %d bytes", key, MAX_VALUE_LEN);
            return SM_ERR_INVALID_REQUEST;
        }
        int err = check_key(key, per_broker, msg, msglen);
        if (err) return err;
        int type = type_of(key);
        if (op == SM_CFGOP_DELETE) {
            sm_kvlist_delete(out, key);
            continue;
        }
        char *val = strndup(o->value.ptr, (size_t)o->value.len);
        if (op == SM_CFGOP_APPEND || op == SM_CFGOP_SUBTRACT) {
            if (type != T_LIST) {
                snprintf(msg, msglen, "Config value append is not allowed for config key: %s", key);
                free(val);
                return SM_ERR_INVALID_CONFIG;
            }
            /* as Kafka: the level's value, else the built-in default */
            value_lookup_t l;
            const char *base = sm_kvlist_get(out, key);
            if (!base) base = builtin_value(d, key, &l);
            char *nv = sm_config_list_edit(base, val, op == SM_CFGOP_APPEND);
            free(val);
            val = nv;
        }
        err = check_typed_value(key, type, val, msg, msglen);
        if (!err) sm_kvlist_set(out, key, val);
        free(val);
        if (err) return err;
    }
    if (out->n > MAX_KEYS_PER_LEVEL) {
        snprintf(msg, msglen, "At most %d dynamic configs per level", MAX_KEYS_PER_LEVEL);
        return SM_ERR_INVALID_REQUEST;
    }
    return 0;
}

int sm_dynconf_alter(sm_dynconf_t *d, sm_topics_t *topics, sm_str_t resource_name, const sm_config_op_t *ops,
                     int n, bool incremental, bool validate_only, char *msg, size_t msglen)
{
    bool per_broker;
    msg[0] = '\0';
    int err = check_resource_name(d, resource_name, &per_broker, msg, msglen);
    if (err) return err;
    pthread_mutex_lock(&d->mu);
    sm_kvlist_t next = {NULL, 0};
    sm_config_t eff;
    err = apply_ops(d, per_broker ? &d->broker : &d->cluster, ops, n, incremental, per_broker, &next, msg, msglen);
    if (!err)
        err = build_effective(d->live, per_broker ? &d->cluster : &next, per_broker ? &next : &d->broker, &eff, msg,
                              msglen);
    if (err || validate_only) {
        if (!err) sm_config_free(&eff);
        sm_kvlist_free(&next);
        pthread_mutex_unlock(&d->mu);
        return err;
    }
    int rc = save_level(per_broker ? d->broker_path : d->default_path, &next);
    if (rc) {
        sm_config_free(&eff);
        sm_kvlist_free(&next);
        pthread_mutex_unlock(&d->mu);
        snprintf(msg, msglen, "Cannot persist the dynamic configs: %s", strerror(-rc));
        return SM_ERR_KAFKA_STORAGE_ERROR;
    }
    sm_kvlist_t *level = per_broker ? &d->broker : &d->cluster;
    sm_kvlist_free(level);
    *level = next;
    sm_config_free(&d->effective);
    d->effective = eff;
    apply_live(d);
    sm_topics_refresh_configs(topics);
    sm_info("dynamic broker configs altered (%s): %d keys at that level", per_broker ? "this broker" : "cluster default",
            level->n);
    pthread_mutex_unlock(&d->mu);
    return 0;
}

/* ---- DescribeConfigs ---- */

/* Kafka's synonym names of a broker config, highest precedence first. */
static int synonym_names(const char *name, const char *out[3])
{
    static const char *const groups[][3] = {
        {"log.retention.ms", "log.retention.minutes", "log.retention.hours"},
        {"log.roll.ms", "log.roll.hours", NULL},
        {"log.roll.jitter.ms", "log.roll.jitter.hours", NULL},
        {"log.flush.interval.ms", "log.flush.scheduler.interval.ms", NULL},
    };
    for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
        for (int i = 0; i < 3 && groups[g][i]; i++)
            if (!strcmp(groups[g][i], name)) {
                int n = 0;
                for (int j = 0; j < 3 && groups[g][j]; j++) out[n++] = groups[g][j];
                return n;
            }
    out[0] = name;
    return 1;
}

static void add_synonym(sm_arena_t *a, sm_config_synonym_t *out, int *n, int max, const char *name,
                        const char *value, int8_t source)
{
    if (*n >= max) return;
    bool hide = sensitive(name);
    out[*n] = (sm_config_synonym_t){sm_arena_strndup(a, name, strlen(name)),
                                    hide || !value ? NULL : sm_arena_strndup(a, value, strlen(value)), source};
    (*n)++;
}

int sm_dynconf_synonyms(sm_dynconf_t *d, sm_arena_t *a, const char *name, sm_config_synonym_t *out, int max)
{
    const char *names[3];
    int nn = synonym_names(name, names);
    sm_config_synonym_t all[12];
    int n = 0;
    pthread_mutex_lock(&d->mu);
    for (int i = 0; i < nn; i++) {
        const char *v = sm_kvlist_get(&d->broker, names[i]);
        if (v) add_synonym(a, all, &n, 12, names[i], v, SM_CFGSRC_DYNAMIC_BROKER);
    }
    for (int i = 0; i < nn; i++) {
        const char *v = sm_kvlist_get(&d->cluster, names[i]);
        if (v) add_synonym(a, all, &n, 12, names[i], v, SM_CFGSRC_DYNAMIC_DEFAULT_BROKER);
    }
    for (int i = 0; i < nn; i++) {
        const char *v = sm_config_static_value(d->live, names[i]);
        if (v) add_synonym(a, all, &n, 12, names[i], v, SM_CFGSRC_STATIC_BROKER);
    }
    for (int i = 0; i < nn; i++) {
        value_lookup_t l;
        const char *v = builtin_value(d, names[i], &l);
        if (v) add_synonym(a, all, &n, 12, names[i], v, SM_CFGSRC_DEFAULT);
    }
    pthread_mutex_unlock(&d->mu);
    /* as Kafka: start at the config itself (drops higher-precedence alternatives before it) */
    int first = 0;
    while (first < n && strcmp(all[first].name, name)) first++;
    int count = 0;
    for (int i = first; i < n && count < max; i++) out[count++] = all[i];
    return count;
}

/* Entries are collected under the mutex and handed out after it is
 * released: the callback asks for synonyms, which take it again. */
typedef struct foreach_ctx {
    sm_dynconf_t *d;
    sm_arena_t *a;
    sm_broker_config_entry_t *v;
    int n, cap;
} foreach_ctx_t;

static void emit(foreach_ctx_t *c, const char *key, const char *value, int type)
{
    if (c->n == c->cap) {
        int cap = c->cap ? c->cap * 2 : 128;
        sm_broker_config_entry_t *v = sm_arena_calloc(c->a, (size_t)cap, sizeof(*v));
        if (c->n) memcpy(v, c->v, sizeof(*v) * (size_t)c->n);
        c->v = v;
        c->cap = cap;
    }
    bool hide = type == T_PASSWORD;
    c->v[c->n++] = (sm_broker_config_entry_t){
        .name = sm_arena_strndup(c->a, key, strlen(key)),
        .value = hide || !value ? NULL : sm_arena_strndup(c->a, value, strlen(value)),
        .type = (int8_t)type,
        .read_only = !is_dynamic(key) && !listener_base(key),
        .sensitive = hide,
    };
}

static void foreach_visit(const char *key, const char *value, int type, bool is_set, void *opaque)
{
    (void)is_set;
    emit(opaque, key, value, type);
}

void sm_dynconf_foreach(sm_dynconf_t *d, sm_arena_t *a, bool cluster_default, sm_broker_config_fn fn,
                        void *opaque)
{
    foreach_ctx_t c = {d, a, NULL, 0, 0};
    pthread_mutex_lock(&d->mu);
    if (cluster_default) {
        for (int i = 0; i < d->cluster.n; i++)
            emit(&c, d->cluster.v[i].key, d->cluster.v[i].value, type_of(d->cluster.v[i].key));
    } else {
        sm_config_foreach(&d->effective, foreach_visit, &c);
        /* dynamic keys without a field here (SASL, SSL, quotas, custom keys) */
        const sm_kvlist_t *levels[2] = {&d->broker, &d->cluster};
        for (int l = 0; l < 2; l++)
            for (int i = 0; i < levels[l]->n; i++) {
                const char *k = levels[l]->v[i].key;
                if (sm_config_key_type(k)) continue;
                if (l == 1 && sm_kvlist_find(&d->broker, k) >= 0) continue;
                emit(&c, k, levels[l]->v[i].value, type_of(k));
            }
    }
    pthread_mutex_unlock(&d->mu);
    for (int i = 0; i < c.n; i++) fn(&c.v[i], opaque);
}
