/*
 * rdkafka_roundtrip: produce keyed messages with librdkafka to a samsa broker and
 * read them all back, checking every byte, every offset and every partition.
 *
 * usage: rdkafka_roundtrip <bootstrap> <topic> produce|consume|both
 *            [--count N] [--partitions P] [--codec none|gzip|snappy|lz4|zstd]
 *            [--create] [--state FILE] [--timeout SECONDS]
 *
 * Message i (0 <= i < N) has
 *   key   = "key-%04d" of (i % 1000), except every 997th message which has a null key;
 *   value = 8-byte big-endian i, then (i % 200) payload bytes pattern(i, j) that cover all
 *           256 byte values (including NUL), so a value must come back bit-exact.
 *
 * produce: (--create: CreateTopics with P partitions first) checks the topic has P
 *          partitions in metadata, produces all N with the given compression.codec, waits
 *          for every delivery report (any error fails), and checks each keyed message went
 *          to the partition librdkafka's default partitioner (consistent_random) computes.
 *          --state FILE records "i partition offset" per message from the delivery reports.
 * consume: assigns every partition from the beginning (no subscribe, no commits), reads until
 *          each partition reports EOF having delivered everything, and checks: exactly N
 *          distinct messages, no duplicates, values bit-exact, keys right, offsets
 *          contiguous from 0 and sequence numbers increasing within each partition, keyed
 *          messages in the consistent_random partition, and (with --state, or after produce
 *          in "both") each message at exactly the partition and offset its delivery report
 *          gave; the watermarks from rd_kafka_query_watermark_offsets are low 0 and
 *          high = number of messages in that partition.
 * Exit status 0 only if every check passed; a summary is printed on stdout.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <librdkafka/rdkafka.h>

#define NKEYS 1000
#define NULL_KEY_EVERY 997
#define MAX_PAYLOAD 200
#define MAX_PARTITIONS 1024

static const char *bootstrap, *topic, *codec = "none", *state_path;
static int count = 100000, partitions = 6, do_create, timeout_s = 120;

/* Per message: the partition and offset from its delivery report (-1 if unknown),
 * and how many times the consumer saw it. */
static int32_t *dr_partition;
static int64_t *dr_offset;
static int *seen;
static int delivered, dr_errors, failures;

static void fail(const char *fmt, ...)
{
    va_list ap;
    /* Print the first few failures in full; the count is in the summary. */
    if (failures++ < 20) {
        va_start(ap, fmt);
        fputs("FAIL: ", stdout);
        vprintf(fmt, ap);
        fputc('\n', stdout);
        va_end(ap);
    }
}

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("FATAL: ", stdout);
    vprintf(fmt, ap);
    fputc('\n', stdout);
    va_end(ap);
    exit(2);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int has_key(int i)
{
    return i % NULL_KEY_EVERY != 0;
}

static int make_key(int i, char *out)
{
    return snprintf(out, 16, "key-%04d", i % NKEYS);
}

static unsigned char pattern(int i, int j)
{
    return (unsigned char)(i * 31 + j * 7 + (j >> 3));
}

static size_t make_value(int i, unsigned char *out)
{
    uint64_t v = (uint64_t)i;
    int n = i % MAX_PAYLOAD;
    for (int b = 0; b < 8; b++)
        out[b] = (unsigned char)(v >> (56 - 8 * b));
    for (int j = 0; j < n; j++)
        out[8 + j] = pattern(i, j);
    return 8 + (size_t)n;
}

static rd_kafka_conf_t *base_conf(void)
{
    char err[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap, err, sizeof err) !=
        RD_KAFKA_CONF_OK)
        die("%s", err);
    return conf;
}

static void conf_set(rd_kafka_conf_t *conf, const char *k, const char *v)
{
    char err[512];
    if (rd_kafka_conf_set(conf, k, v, err, sizeof err) != RD_KAFKA_CONF_OK)
        die("%s=%s: %s", k, v, err);
}

static int32_t expected_partition(rd_kafka_topic_t *rkt, int i)
{
    char key[16];
    int klen = make_key(i, key);
    return rd_kafka_msg_partitioner_consistent_random(rkt, key, (size_t)klen, partitions, NULL,
                                                      NULL);
}

/* Partition count of the topic in the broker's metadata, or -1 (with a message) on error. */
static int metadata_partitions(rd_kafka_t *rk, rd_kafka_topic_t *rkt)
{
    const struct rd_kafka_metadata *md;
    rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 0, rkt, &md, 10000);
    int n = -1;
    if (err) {
        fail("metadata: %s", rd_kafka_err2str(err));
        return -1;
    }
    if (md->topic_cnt != 1 || strcmp(md->topics[0].topic, topic) != 0)
        fail("metadata: asked for %s, got %d topics", topic, md->topic_cnt);
    else if (md->topics[0].err)
        fail("metadata: topic %s error %s", topic, rd_kafka_err2str(md->topics[0].err));
    else
        n = md->topics[0].partition_cnt;
    rd_kafka_metadata_destroy(md);
    return n;
}

static void create_topic(void)
{
    char err[512];
    rd_kafka_conf_t *conf = base_conf();
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!rk) die("rd_kafka_new: %s", err);
    rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
    rd_kafka_NewTopic_t *nt = rd_kafka_NewTopic_new(topic, partitions, 1, err, sizeof err);
    if (!nt) die("NewTopic: %s", err);
    rd_kafka_CreateTopics(rk, &nt, 1, NULL, q);
    rd_kafka_event_t *ev = rd_kafka_queue_poll(q, 30000);
    if (!ev) die("CreateTopics: no result within 30s");
    if (rd_kafka_event_error(ev)) die("CreateTopics: %s", rd_kafka_event_error_string(ev));
    const rd_kafka_CreateTopics_result_t *res = rd_kafka_event_CreateTopics_result(ev);
    size_t n;
    const rd_kafka_topic_result_t **tr = rd_kafka_CreateTopics_result_topics(res, &n);
    if (n != 1 || strcmp(rd_kafka_topic_result_name(tr[0]), topic) != 0)
        die("CreateTopics: %zu results", n);
    if (rd_kafka_topic_result_error(tr[0]))
        die("CreateTopics %s: %s (%s)", topic,
            rd_kafka_err2name(rd_kafka_topic_result_error(tr[0])),
            rd_kafka_topic_result_error_string(tr[0]) ? rd_kafka_topic_result_error_string(tr[0])
                                                      : "");
    rd_kafka_event_destroy(ev);
    rd_kafka_NewTopic_destroy(nt);
    rd_kafka_queue_destroy(q);
    rd_kafka_destroy(rk);
    printf("created topic %s with %d partitions\n", topic, partitions);
}

static void dr_cb(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
    (void)rk;
    (void)opaque;
    int i = (int)(intptr_t)m->_private;
    if (m->err) {
        if (dr_errors++ < 20) printf("FAIL: delivery of %d: %s\n", i, rd_kafka_err2str(m->err));
        return;
    }
    if (dr_partition[i] != -1) fail("message %d: two delivery reports", i);
    dr_partition[i] = m->partition;
    dr_offset[i] = m->offset;
    delivered++;
}

static void produce(void)
{
    char err[512];
    rd_kafka_conf_t *conf = base_conf();
    conf_set(conf, "compression.codec", codec);
    conf_set(conf, "enable.idempotence", "false");
    conf_set(conf, "linger.ms", "5");
    conf_set(conf, "acks", "all");
    conf_set(conf, "message.timeout.ms", "60000");
    rd_kafka_conf_set_dr_msg_cb(conf, dr_cb);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!rk) die("rd_kafka_new: %s", err);
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);

    int np = metadata_partitions(rk, rkt);
    if (np != partitions)
        die("topic %s has %d partitions in metadata, expected %d", topic, np, partitions);

    double t0 = now_s();
    unsigned char value[8 + MAX_PAYLOAD];
    char key[16];
    for (int i = 0; i < count; i++) {
        size_t vlen = make_value(i, value);
        int klen = make_key(i, key);
        for (;;) {
            rd_kafka_resp_err_t e = rd_kafka_producev(
                rk, RD_KAFKA_V_RKT(rkt), RD_KAFKA_V_VALUE(value, vlen),
                RD_KAFKA_V_KEY(has_key(i) ? key : NULL, has_key(i) ? (size_t)klen : 0),
                RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_OPAQUE((void *)(intptr_t)i),
                RD_KAFKA_V_END);
            if (e == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                rd_kafka_poll(rk, 50);
                continue;
            }
            if (e) die("producev %d: %s", i, rd_kafka_err2str(e));
            break;
        }
        rd_kafka_poll(rk, 0);
    }
    rd_kafka_resp_err_t fe = rd_kafka_flush(rk, timeout_s * 1000);
    if (fe)
        fail("flush: %s (%d messages still in queue)", rd_kafka_err2str(fe), rd_kafka_outq_len(rk));
    double dt = now_s() - t0;

    int per_part[MAX_PARTITIONS] = {0};
    for (int i = 0; i < count; i++) {
        if (dr_partition[i] < 0) continue; /* counted below as not delivered */
        if (dr_partition[i] >= partitions) {
            fail("message %d: delivered to partition %d of %d", i, dr_partition[i], partitions);
            continue;
        }
        per_part[dr_partition[i]]++;
        if (has_key(i) && dr_partition[i] != expected_partition(rkt, i))
            fail("message %d: delivered to partition %d, consistent_random says %d", i,
                 dr_partition[i], expected_partition(rkt, i));
    }
    /* Offsets in each partition must be 0..n-1 exactly once (fresh topic). */
    for (int p = 0; p < partitions; p++) {
        char *used = calloc((size_t)per_part[p] + 1, 1);
        for (int i = 0; i < count; i++) {
            if (dr_partition[i] != p) continue;
            if (dr_offset[i] < 0 || dr_offset[i] >= per_part[p])
                fail("message %d: partition %d offset %" PRId64 " outside 0..%d", i, p,
                     dr_offset[i], per_part[p] - 1);
            else if (used[dr_offset[i]]++)
                fail("message %d: partition %d offset %" PRId64 " reported twice", i, p,
                     dr_offset[i]);
        }
        free(used);
    }
    if (dr_errors) fail("%d delivery errors", dr_errors);
    if (delivered != count) fail("%d of %d messages delivered", delivered, count);
    printf("produced %d messages (%s) in %.2fs, delivered %d, errors %d; per partition:", count,
           codec, dt, delivered, dr_errors);
    for (int p = 0; p < partitions; p++)
        printf(" %d", per_part[p]);
    printf("\n");

    if (state_path) {
        FILE *f = fopen(state_path, "w");
        if (!f) die("%s: %s", state_path, strerror(errno));
        for (int i = 0; i < count; i++)
            fprintf(f, "%d %d %" PRId64 "\n", i, dr_partition[i], dr_offset[i]);
        if (fclose(f)) die("%s: %s", state_path, strerror(errno));
    }
    rd_kafka_topic_destroy(rkt);
    rd_kafka_destroy(rk);
}

static void load_state(void)
{
    FILE *f = fopen(state_path, "r");
    if (!f) die("%s: %s", state_path, strerror(errno));
    int i, p, n = 0;
    int64_t o;
    while (fscanf(f, "%d %d %" SCNd64, &i, &p, &o) == 3) {
        if (i < 0 || i >= count) die("%s: message %d out of range", state_path, i);
        dr_partition[i] = p;
        dr_offset[i] = o;
        n++;
    }
    fclose(f);
    if (n != count) die("%s: %d entries, expected %d", state_path, n, count);
}

static void check_message(rd_kafka_topic_t *rkt, const rd_kafka_message_t *m, int64_t *next_offset,
                          int64_t *last_seq)
{
    int32_t p = m->partition;
    if (p < 0 || p >= partitions) {
        fail("message from partition %d", p);
        return;
    }
    if (m->offset != next_offset[p])
        fail("partition %d: offset %" PRId64 ", expected %" PRId64, p, m->offset, next_offset[p]);
    next_offset[p] = m->offset + 1;
    if (m->len < 8) {
        fail("partition %d offset %" PRId64 ": value of %zu bytes", p, m->offset, m->len);
        return;
    }
    const unsigned char *v = m->payload;
    uint64_t seq = 0;
    for (int b = 0; b < 8; b++)
        seq = seq << 8 | v[b];
    if (seq >= (uint64_t)count) {
        fail("partition %d offset %" PRId64 ": sequence %" PRIu64 " out of range", p, m->offset,
             seq);
        return;
    }
    int i = (int)seq;
    unsigned char want[8 + MAX_PAYLOAD];
    size_t wlen = make_value(i, want);
    if (m->len != wlen || memcmp(m->payload, want, wlen) != 0)
        fail("message %d: value differs (%zu bytes, expected %zu)", i, m->len, wlen);
    if (has_key(i)) {
        char key[16];
        int klen = make_key(i, key);
        if (m->key_len != (size_t)klen || memcmp(m->key, key, (size_t)klen) != 0)
            fail("message %d: key '%.*s', expected '%s'", i, (int)m->key_len,
                 m->key ? (char *)m->key : "", key);
        if (p != expected_partition(rkt, i))
            fail("message %d (key %s) in partition %d, consistent_random says %d", i, key, p,
                 expected_partition(rkt, i));
    } else if (m->key != NULL) {
        fail("message %d: key of %zu bytes, expected null", i, m->key_len);
    }
    if (dr_partition[i] != -1 && (dr_partition[i] != p || dr_offset[i] != m->offset))
        fail("message %d at %d/%" PRId64 ", delivery report said %d/%" PRId64, i, p, m->offset,
             dr_partition[i], dr_offset[i]);
    if (last_seq[p] >= (int64_t)seq)
        fail("partition %d: sequence %" PRIu64 " after %" PRId64 " (order broken)", p, seq,
             last_seq[p]);
    last_seq[p] = (int64_t)seq;
    if (seen[i]++) fail("message %d received twice", i);
}

static void consume(void)
{
    char err[512];
    rd_kafka_conf_t *conf = base_conf();
    /* librdkafka's assign() needs a group.id, but nothing here subscribes or commits:
     * positions come from assign() alone. */
    conf_set(conf, "group.id", "samsa-roundtrip-never-committed");
    conf_set(conf, "enable.auto.commit", "false");
    conf_set(conf, "enable.auto.offset.store", "false");
    conf_set(conf, "enable.partition.eof", "true");
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    if (!rk) die("rd_kafka_new: %s", err);
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
    int np = metadata_partitions(rk, rkt);
    if (np != partitions)
        die("topic %s has %d partitions in metadata, expected %d", topic, np, partitions);

    int64_t want_high[MAX_PARTITIONS] = {0};
    int any_dr = 0;
    for (int i = 0; i < count; i++)
        if (dr_partition[i] >= 0 && dr_partition[i] < partitions)
            want_high[dr_partition[i]]++, any_dr = 1;

    int64_t high_sum = 0;
    for (int p = 0; p < partitions; p++) {
        int64_t lo = -1, hi = -1;
        rd_kafka_resp_err_t e = rd_kafka_query_watermark_offsets(rk, topic, p, &lo, &hi, 10000);
        if (e) {
            fail("query_watermark_offsets %d: %s", p, rd_kafka_err2str(e));
            continue;
        }
        if (lo != 0) fail("partition %d: low watermark %" PRId64 ", expected 0", p, lo);
        if (any_dr && hi != want_high[p])
            fail("partition %d: high watermark %" PRId64 ", delivery reports say %" PRId64, p, hi,
                 want_high[p]);
        want_high[p] = hi;
        high_sum += hi;
    }
    if (high_sum != count)
        fail("high watermarks add up to %" PRId64 ", expected %d", high_sum, count);

    rd_kafka_topic_partition_list_t *parts = rd_kafka_topic_partition_list_new(partitions);
    for (int p = 0; p < partitions; p++)
        rd_kafka_topic_partition_list_add(parts, topic, p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    rd_kafka_resp_err_t ae = rd_kafka_assign(rk, parts);
    if (ae) die("assign: %s", rd_kafka_err2str(ae));
    rd_kafka_topic_partition_list_destroy(parts);

    int64_t next_offset[MAX_PARTITIONS] = {0}, last_seq[MAX_PARTITIONS];
    for (int p = 0; p < partitions; p++)
        last_seq[p] = -1;
    int received = 0, errors = 0;
    double t0 = now_s(), deadline = t0 + timeout_s;
    for (;;) {
        /* Done when every partition has been read up to its high watermark. */
        int done = 1;
        for (int p = 0; p < partitions; p++)
            if (next_offset[p] < want_high[p]) done = 0;
        if (done) break;
        if (now_s() > deadline) {
            fail("timed out after %ds with %d of %d messages", timeout_s, received, count);
            break;
        }
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 500);
        if (!m) continue;
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            if (m->offset < want_high[m->partition])
                fail("partition %d: EOF at %" PRId64 " before high watermark %" PRId64,
                     m->partition, m->offset, want_high[m->partition]);
        } else if (m->err) {
            if (errors++ < 20) printf("FAIL: consumer error: %s\n", rd_kafka_message_errstr(m));
            failures++;
        } else {
            received++;
            check_message(rkt, m, next_offset, last_seq);
        }
        rd_kafka_message_destroy(m);
    }
    double dt = now_s() - t0;
    int missing = 0;
    for (int i = 0; i < count; i++)
        if (!seen[i]) {
            if (missing++ < 5) fail("message %d never received", i);
        }
    if (missing) fail("%d messages missing", missing);
    printf("consumed %d messages in %.2fs, missing %d, consumer errors %d; high watermarks:",
           received, dt, missing, errors);
    for (int p = 0; p < partitions; p++)
        printf(" %" PRId64, want_high[p]);
    printf("\n");
    rd_kafka_consumer_close(rk);
    rd_kafka_topic_destroy(rkt);
    rd_kafka_destroy(rk);
}

static void usage(void)
{
    fprintf(stderr, "usage: rdkafka_roundtrip <bootstrap> <topic> produce|consume|both [--count N] "
                    "[--partitions P] [--codec C] [--create] [--state FILE] [--timeout S]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    if (argc < 4) usage();
    bootstrap = argv[1];
    topic = argv[2];
    const char *mode = argv[3];
    for (int a = 4; a < argc; a++) {
        const char *o = argv[a];
        if (!strcmp(o, "--create")) {
            do_create = 1;
            continue;
        }
        if (a + 1 >= argc) usage();
        const char *v = argv[++a];
        if (!strcmp(o, "--count"))
            count = atoi(v);
        else if (!strcmp(o, "--partitions"))
            partitions = atoi(v);
        else if (!strcmp(o, "--codec"))
            codec = v;
        else if (!strcmp(o, "--state"))
            state_path = v;
        else if (!strcmp(o, "--timeout"))
            timeout_s = atoi(v);
        else
            usage();
    }
    int produce_mode = !strcmp(mode, "produce") || !strcmp(mode, "both");
    int consume_mode = !strcmp(mode, "consume") || !strcmp(mode, "both");
    if ((!produce_mode && !consume_mode) || count <= 0 || partitions <= 0 ||
        partitions > MAX_PARTITIONS)
        usage();

    dr_partition = malloc(sizeof *dr_partition * (size_t)count);
    dr_offset = malloc(sizeof *dr_offset * (size_t)count);
    seen = calloc((size_t)count, sizeof *seen);
    if (!dr_partition || !dr_offset || !seen) die("out of memory");
    for (int i = 0; i < count; i++)
        dr_partition[i] = -1, dr_offset[i] = -1;

    if (produce_mode) {
        if (do_create) create_topic();
        produce();
    } else if (state_path) {
        load_state();
    }
    if (consume_mode && failures == 0) consume();

    printf("%s: %d failures\n", failures ? "FAILED" : "OK", failures);
    free(dr_partition);
    free(dr_offset);
    free(seen);
    return failures ? 1 : 0;
}
