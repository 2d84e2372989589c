/*
 * The DescribeConfigs documentation table of src/broker/config_docs.c.
 *
 * src/broker is an executable, not a library, so the three broker files this
 * test needs are compiled into it directly: config_docs.c (under test),
 * topic_configs.c (its defs[] table) and config.c (its keys[] and
 * accepted_keys[] tables). That way the completeness checks below walk the
 * real tables: a key added there without a doc fails this test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "broker/config.c"
#include "broker/config_docs.c"
#include "broker/topic_configs.c"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const deprecated_topic[] = {
    "message.format.version",
    "message.downconversion.enable",
    "message.timestamp.difference.max.ms",
};

/* Kafka's dynamically updatable broker configs the brief lists by name. */
static const char *const dynamic_broker[] = {
    "log.cleaner.threads", "log.cleaner.dedupe.buffer.size", "log.cleaner.io.buffer.load.factor",
    "log.cleaner.io.buffer.size", "log.cleaner.io.max.bytes.per.second", "background.threads",
    "metric.reporters", "principal.builder.class", "ssl.protocol", "ssl.provider",
    "ssl.cipher.suites", "ssl.enabled.protocols", "ssl.keystore.type", "ssl.keystore.location",
    "ssl.keystore.password", "ssl.key.password", "ssl.keystore.key",
    "ssl.keystore.certificate.chain", "ssl.truststore.type", "ssl.truststore.location",
    "ssl.truststore.password", "ssl.truststore.certificates", "ssl.keymanager.algorithm",
    "ssl.trustmanager.algorithm", "ssl.endpoint.identification.algorithm",
    "ssl.secure.random.implementation", "ssl.client.auth", "ssl.engine.factory.class",
    "sasl.jaas.config", "sasl.kerberos.service.name", "sasl.kerberos.kinit.cmd",
    "sasl.kerberos.ticket.renew.window.factor", "sasl.kerberos.ticket.renew.jitter",
    "sasl.kerberos.min.time.before.relogin", "sasl.kerberos.principal.to.local.rules",
    "sasl.login.refresh.window.factor", "sasl.login.refresh.window.jitter",
    "sasl.login.refresh.min.period.seconds", "sasl.login.refresh.buffer.seconds",
    "max.connections.per.ip", "max.connections.per.ip.overrides", "max.connection.creation.rate",
    "transaction.partition.verification.enable", "leader.replication.throttled.rate",
    "follower.replication.throttled.rate", "replica.alter.log.dirs.io.max.bytes.per.second",
    "log.local.retention.ms", "log.local.retention.bytes", "log.message.timestamp.before.max.ms",
    "log.message.timestamp.after.max.ms", "log.roll.jitter.hours", "log.retention.minutes",
    "log.retention.hours", "log.roll.hours",
};

/* A doc must be present, non-empty, printable ASCII on one line and short. */
static void check_doc(const char *name)
{
    const char *d = sm_config_doc(name);
    if (!d) fail_msg("no doc for config '%s'", name);
    size_t len = strlen(d);
    if (len < 20 || len >= 300) fail_msg("doc of '%s' has length %zu", name, len);
    for (size_t i = 0; i < len; i++)
        if (d[i] < 0x20 || d[i] > 0x7e)
            fail_msg("doc of '%s' has byte 0x%02x at %zu", name, (unsigned char)d[i], i);
}

static void test_table_strictly_sorted(void **state)
{
    (void)state;
    int n = sm_config_doc_count();
    assert_true(n >= (int)(N(keys) + N(accepted_keys) + N(deprecated_topic)));
    for (int i = 1; i < n; i++) {
        const char *a = sm_config_doc_name(i - 1), *b = sm_config_doc_name(i);
        assert_non_null(a);
        assert_non_null(b);
        if (strcmp(a, b) >= 0) fail_msg("entry %d '%s' is not before '%s'", i - 1, a, b);
    }
    assert_null(sm_config_doc_name(-1));
    assert_null(sm_config_doc_name(n));
    /* Every entry is reachable by the binary search and well formed. */
    for (int i = 0; i < n; i++) {
        const char *name = sm_config_doc_name(i);
        check_doc(name);
        assert_ptr_equal(sm_config_doc(name), docs[i].doc);
    }
}

static void test_topic_sample(void **state)
{
    (void)state;
    static const char *const sample[] = {
        "cleanup.policy", "retention.ms", "retention.bytes", "segment.bytes",
        "max.message.bytes", "min.insync.replicas", "compression.type",
        "message.timestamp.type", "min.cleanable.dirty.ratio", "local.retention.ms",
        "unclean.leader.election.enable",
    };
    for (size_t i = 0; i < N(sample); i++) check_doc(sample[i]);
    assert_non_null(strstr(sm_config_doc("retention.ms"), "604800000"));
    assert_non_null(strstr(sm_config_doc("retention.ms"), "-1"));
}

static void test_broker_sample(void **state)
{
    (void)state;
    static const char *const sample[] = {
        "node.id", "listeners", "log.dirs", "log.retention.hours", "log.segment.bytes",
        "message.max.bytes", "num.partitions", "group.min.session.timeout.ms",
        "offsets.topic.num.partitions", "socket.request.max.bytes", "ssl.keystore.location",
        "sasl.jaas.config", "zookeeper.connect",
    };
    for (size_t i = 0; i < N(sample); i++) check_doc(sample[i]);
}

static void test_deprecated_topic_configs(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(deprecated_topic); i++) {
        check_doc(deprecated_topic[i]);
        assert_string_equal(sm_config_doc(deprecated_topic[i]),
                            "Deprecated; accepted for compatibility with Kafka 3.x clients and "
                            "has no effect.");
    }
}

/* Every name Samsa can report: the topic table with its broker synonyms, the
 * broker keys it acts on or accepts, and Kafka's dynamic broker keys. */
static void test_every_reported_name_has_doc(void **state)
{
    (void)state;
    int n;
    const sm_topic_config_def_t *d = sm_topic_config_defs(&n);
    assert_true(n > 0);
    for (int i = 0; i < n; i++) {
        check_doc(d[i].name);
        if (!d[i].broker_key) continue;
        check_doc(d[i].broker_key);
        /* A log.* synonym says which topic config it is the default for. */
        if (strcmp(d[i].broker_key, d[i].name) != 0) {
            char want[128];
            snprintf(want, sizeof(want), "Default for the topic config %s", d[i].name);
            if (!strstr(sm_config_doc(d[i].broker_key), want))
                fail_msg("doc of '%s' lacks \"%s\"", d[i].broker_key, want);
        }
    }
    for (size_t i = 0; i < N(keys); i++) check_doc(keys[i].key);
    for (size_t i = 0; i < N(accepted_keys); i++) check_doc(accepted_keys[i]);
    for (size_t i = 0; i < N(dynamic_broker); i++) check_doc(dynamic_broker[i]);
}

static void test_unknown_names(void **state)
{
    (void)state;
    static const char *const unknown[] = {
        "", "a", "zzzz", "no.such.config", "retention.m", "retention.msx", "RETENTION.MS",
        " retention.ms", "retention.ms ", "log.retention", "ssl", "ssl.keystore",
    };
    for (size_t i = 0; i < N(unknown); i++)
        if (sm_config_doc(unknown[i])) fail_msg("unexpected doc for '%s'", unknown[i]);
    assert_null(sm_config_doc(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_strictly_sorted),
        cmocka_unit_test(test_topic_sample),
        cmocka_unit_test(test_broker_sample),
        cmocka_unit_test(test_deprecated_topic_configs),
        cmocka_unit_test(test_every_reported_name_has_doc),
        cmocka_unit_test(test_unknown_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
