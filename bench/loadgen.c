/*
 * sm_loadgen — a librdkafka load generator for bench/run.py. Prints one JSON line.
 *
 *   sm_loadgen produce --brokers B --topic T --partitions P [--size 1024] [--bytes N]
 *                      [--acks 1|all]
 *       As fast as the client can: messages of --size bytes (no key) sent round-robin over
 *       partitions 0..P-1 until --bytes of values are acknowledged. The value buffer is shared
 *       and passed without copy, so the client spends its CPU on batching and the wire, not
 *       on memcpy. Enough in flight to saturate: large local queue, 1 MB batches, linger 5 ms,
 *       5 requests in flight per connection.
 *
 *   sm_loadgen consume --brokers B --topic T --partitions P --bytes N
 *       Reads partitions 0..P-1 from their first offset until N bytes of values arrived
 *       (give it the "bytes" a produce run printed: whole messages only).
 *
 *   sm_loadgen latency --brokers B --topic T --rate R [--seconds S] [--warmup W] [--size 1024]
 *       Produces R messages/s (partition 0, acks=all, linger 0) for W + S seconds while a
 *       consumer reads them. Each value starts with the time it was scheduled to be sent, so
 *       latencies are measured from the schedule, not from when the producer got round to it
 *       (no coordinated omission). Reports produce→acknowledge and produce→consumer-receives
 *       p50/p99/p999/max over the S seconds after the warm-up.
 *
 * Everything runs on one machine, so CLOCK_MONOTONIC is a shared clock between producer and
 * consumer. A delivery failure of any message makes the run fail (exit 1).
 */
#include <errno.h>
#include <inttypes.h>
#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

struct opts {
    const char *mode, *brokers, *topic, *acks;
    int partitions, size, rate;
    double seconds, warmup;
    int64_t bytes;
};

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec / 1e6;
}

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "sm_loadgen: %s: %s\n", what, detail);
    exit(1);
}

static void set(rd_kafka_conf_t *conf, const char *key, const char *value)
{
    char err[256];
    if (rd_kafka_conf_set(conf, key, value, err, sizeof(err)) != RD_KAFKA_CONF_OK) die(key, err);
}

static rd_kafka_conf_t *base_conf(const struct opts *o)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    set(conf, "bootstrap.servers", o->brokers);
    set(conf, "client.id", "sm_loadgen");
    return conf;
}

static rd_kafka_t *new_client(rd_kafka_type_t type, rd_kafka_conf_t *conf)
{
    char err[256];
    rd_kafka_t *rk = rd_kafka_new(type, conf, err, sizeof(err));
    if (!rk) die("rd_kafka_new", err);
    return rk;
}

/* ---- delivery reports ---- */

struct delivery {
    int64_t acked, failed;
    int64_t *ack_ns; /* latency mode: produce→ack per message, indexed by sequence */
    int64_t nack_ns, cap_ack_ns;
};

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
    struct delivery *d = opaque;
    if (m->err) {
        if (d->failed++ == 0) fprintf(stderr, "sm_loadgen: delivery failed: %s\n", rd_kafka_err2str(m->err));
        return;
    }
    d->acked++;
    if (d->ack_ns && m->_private) {
        /* _private is the message's scheduled send time (latency mode only). */
        int64_t sched = (int64_t)(intptr_t)m->_private;
        if (d->nack_ns < d->cap_ack_ns) d->ack_ns[d->nack_ns++] = now_ns() - sched;
    }
}

static rd_kafka_t *new_producer(const struct opts *o, struct delivery *d, int linger_ms)
{
    rd_kafka_conf_t *conf = base_conf(o);
    char linger[32];
    snprintf(linger, sizeof(linger), "%d", linger_ms);
    set(conf, "acks", o->acks);
    set(conf, "linger.ms", linger);
    set(conf, "batch.size", "1000000");
    set(conf, "batch.num.messages", "100000");
    set(conf, "queue.buffering.max.messages", "1000000");
    set(conf, "queue.buffering.max.kbytes", "1048576");
    set(conf, "max.in.flight.requests.per.connection", "5");
    set(conf, "compression.codec", "none");
    rd_kafka_conf_set_opaque(conf, d);
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    return new_client(RD_KAFKA_PRODUCER, conf);
}

/* Produces one message, serving delivery reports while librdkafka's queue is full. */
static void produce_one(rd_kafka_t *rk, rd_kafka_topic_t *t, int partition, void *value, size_t len,
                        int flags, void *msg_opaque)
{
    while (rd_kafka_produce(t, partition, flags, value, len, NULL, 0, msg_opaque) == -1) {
        rd_kafka_resp_err_t err = rd_kafka_last_error();
        if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) die("produce", rd_kafka_err2str(err));
        rd_kafka_poll(rk, 1);
    }
}

static int produce_throughput(const struct opts *o)
{
    struct delivery d = {0};
    rd_kafka_t *rk = new_producer(o, &d, 5);
    rd_kafka_topic_t *t = rd_kafka_topic_new(rk, o->topic, NULL);
    char *value = malloc((size_t)o->size);
    memset(value, 'x', (size_t)o->size);
    int64_t n = o->bytes / o->size;

    double cpu0 = cpu_seconds();
    int64_t t0 = now_ns();
    for (int64_t i = 0; i < n; i++) {
        produce_one(rk, t, (int)(i % o->partitions), value, (size_t)o->size, 0, NULL);
        if ((i & 1023) == 0) rd_kafka_poll(rk, 0);
    }
    while (rd_kafka_outq_len(rk) > 0) rd_kafka_poll(rk, 10);
    double secs = (double)(now_ns() - t0) / 1e9;
    double cpu = cpu_seconds() - cpu0;

    if (d.failed || d.acked != n) {
        fprintf(stderr, "sm_loadgen: %" PRId64 " acknowledged, %" PRId64 " failed of %" PRId64 "\n", d.acked,
                d.failed, n);
        return 1;
    }
    double bytes = (double)n * o->size;
    printf("{\"mode\":\"produce\",\"acks\":\"%s\",\"partitions\":%d,\"messages\":%" PRId64
           ",\"bytes\":%.0f,\"secs\":%.3f,\"mb_s\":%.1f,\"msg_s\":%.0f,\"client_cpu_s\":%.3f}\n",
           o->acks, o->partitions, n, bytes, secs, bytes / 1e6 / secs, (double)n / secs, cpu);
    rd_kafka_topic_destroy(t);
    rd_kafka_destroy(rk);
    free(value);
    return 0;
}

/* ---- consumer ---- */

static rd_kafka_t *new_consumer(const struct opts *o, int first_partition, int npartitions)
{
    rd_kafka_conf_t *conf = base_conf(o);
    set(conf, "group.id", "sm_loadgen"); /* required by librdkafka; offsets are neither read nor committed */
    set(conf, "enable.auto.commit", "false");
    set(conf, "enable.partition.eof", "false");
    set(conf, "fetch.wait.max.ms", "100");
    set(conf, "max.partition.fetch.bytes", "4194304");
    rd_kafka_t *rk = new_client(RD_KAFKA_CONSUMER, conf);
    rd_kafka_poll_set_consumer(rk);
    rd_kafka_topic_partition_list_t *parts = rd_kafka_topic_partition_list_new(npartitions);
    for (int p = first_partition; p < first_partition + npartitions; p++)
        rd_kafka_topic_partition_list_add(parts, o->topic, p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    rd_kafka_resp_err_t err = rd_kafka_assign(rk, parts);
    if (err) die("assign", rd_kafka_err2str(err));
    rd_kafka_topic_partition_list_destroy(parts);
    return rk;
}

static int consume_throughput(const struct opts *o)
{
    rd_kafka_t *rk = new_consumer(o, 0, o->partitions);
    int64_t got = 0, msgs = 0, t0 = 0;
    double cpu0 = 0;
    const int64_t patience = 30 * (int64_t)1000000000;
    int64_t deadline = now_ns() + patience;
    while (got < o->bytes) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 100);
        if (!m) {
            if (now_ns() > deadline) die("consume", "no message for 30 s before --bytes arrived");
            continue;
        }
        deadline = now_ns() + patience;
        if (m->err) {
            fprintf(stderr, "sm_loadgen: consume: %s\n", rd_kafka_message_errstr(m));
        } else {
            /* The clock starts at the first message: connecting and the first metadata round
             * trip are start-up, not throughput. */
            if (msgs++ == 0) t0 = now_ns(), cpu0 = cpu_seconds();
            got += (int64_t)m->len;
        }
        rd_kafka_message_destroy(m);
    }
    double secs = (double)(now_ns() - t0) / 1e9;
    double cpu = cpu_seconds() - cpu0;
    printf("{\"mode\":\"consume\",\"partitions\":%d,\"messages\":%" PRId64 ",\"bytes\":%" PRId64
           ",\"secs\":%.3f,\"mb_s\":%.1f,\"msg_s\":%.0f,\"client_cpu_s\":%.3f}\n",
           o->partitions, msgs, got, secs, (double)got / 1e6 / secs, (double)msgs / secs, cpu);
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    return 0;
}

/* ---- fixed-rate latency ---- */

struct e2e {
    const struct opts *o;
    rd_kafka_t *consumer;
    int64_t expect, measure_from; /* messages to receive; first sequence number counted */
    int64_t *lat_ns, nlat;
    atomic_int ready;
    _Atomic int64_t give_up_at; /* set once the producer is done: a lost message must not hang us */
};

/* Value layout: int64 scheduled send time (ns, CLOCK_MONOTONIC), int64 sequence, padding. */
static void *e2e_consumer(void *arg)
{
    struct e2e *e = arg;
    int64_t received = 0;
    while (received < e->expect) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(e->consumer, 10);
        atomic_store(&e->ready, 1);
        if (!m) {
            int64_t give_up = atomic_load(&e->give_up_at);
            if (give_up && now_ns() > give_up) break;
            continue;
        }
        int64_t t = now_ns();
        if (!m->err && m->len >= 16) {
            int64_t sched, seq;
            memcpy(&sched, m->payload, 8);
            memcpy(&seq, (char *)m->payload + 8, 8);
            if (seq >= e->measure_from && e->nlat < e->expect) e->lat_ns[e->nlat++] = t - sched;
            received++;
        }
        rd_kafka_message_destroy(m);
    }
    return NULL;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static double pct_ms(int64_t *v, int64_t n, double q)
{
    if (n == 0) return -1;
    int64_t i = (int64_t)(q * (double)(n - 1) + 0.5);
    return (double)v[i] / 1e6;
}

static void print_dist(const char *name, int64_t *v, int64_t n)
{
    qsort(v, (size_t)n, sizeof(*v), cmp_i64);
    printf("\"%s\":{\"n\":%" PRId64 ",\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"p999_ms\":%.3f,\"max_ms\":%.3f}", name, n,
           pct_ms(v, n, 0.50), pct_ms(v, n, 0.99), pct_ms(v, n, 0.999), n ? (double)v[n - 1] / 1e6 : -1.0);
}

static int latency(const struct opts *o)
{
    int64_t warm = (int64_t)(o->warmup * o->rate), total = warm + (int64_t)(o->seconds * o->rate);
    struct delivery d = {0};
    d.cap_ack_ns = total;
    d.ack_ns = calloc((size_t)total, sizeof(int64_t));
    struct opts po = *o;
    po.acks = "all";
    rd_kafka_t *rk = new_producer(&po, &d, 0);
    rd_kafka_topic_t *t = rd_kafka_topic_new(rk, o->topic, NULL);

    struct e2e e = {.o = o, .expect = total, .measure_from = warm};
    e.lat_ns = calloc((size_t)total, sizeof(int64_t));
    e.consumer = new_consumer(o, 0, 1);
    pthread_t th;
    pthread_create(&th, NULL, e2e_consumer, &e);
    while (!atomic_load(&e.ready)) {
        struct timespec ms = {0, 1000000};
        nanosleep(&ms, NULL);
    }
    /* Let the consumer's first fetch reach the broker so it is waiting when data arrives. */
    struct timespec settle = {1, 0};
    nanosleep(&settle, NULL);

    char *value = calloc(1, (size_t)o->size);
    int64_t t0 = now_ns(), interval = 1000000000 / o->rate;
    double cpu0 = cpu_seconds();
    for (int64_t i = 0; i < total; i++) {
        int64_t sched = t0 + i * interval;
        int64_t now = now_ns();
        if (now < sched) {
            struct timespec ts = {sched / 1000000000, sched % 1000000000};
            clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
        }
        memcpy(value, &sched, 8);
        memcpy(value + 8, &i, 8);
        /* Acks of the warm-up are not counted: their opaque is NULL. */
        produce_one(rk, t, 0, value, (size_t)o->size, RD_KAFKA_MSG_F_COPY,
                    i >= warm ? (void *)(intptr_t)sched : NULL);
        rd_kafka_poll(rk, 0);
    }
    while (rd_kafka_outq_len(rk) > 0) rd_kafka_poll(rk, 1);
    double secs = (double)(now_ns() - t0) / 1e9;
    double cpu = cpu_seconds() - cpu0;
    atomic_store(&e.give_up_at, now_ns() + 10 * (int64_t)1000000000);
    pthread_join(th, NULL);

    if (d.failed || e.nlat != total - warm) {
        fprintf(stderr, "sm_loadgen: %" PRId64 " delivery failures, %" PRId64 " of %" PRId64 " measured messages received\n",
                d.failed, e.nlat, total - warm);
        return 1;
    }
    printf("{\"mode\":\"latency\",\"rate\":%d,\"size\":%d,\"seconds\":%.1f,\"achieved_msg_s\":%.0f,"
           "\"client_cpu_s\":%.3f,",
           o->rate, o->size, o->seconds, (double)total / secs, cpu);
    print_dist("ack", d.ack_ns, d.nack_ns);
    printf(",");
    print_dist("e2e", e.lat_ns, e.nlat);
    printf("}\n");
    rd_kafka_consumer_close(e.consumer);
    rd_kafka_destroy(e.consumer);
    rd_kafka_topic_destroy(t);
    rd_kafka_destroy(rk);
    free(value);
    free(d.ack_ns);
    free(e.lat_ns);
    return 0;
}

static void usage(void)
{
    fprintf(stderr, "usage: sm_loadgen produce|consume|latency --brokers B --topic T [--partitions P] [--size N]\n"
                    "       [--bytes N] [--acks 1|all] [--rate R] [--seconds S] [--warmup W]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    struct opts o = {.acks = "1", .partitions = 1, .size = 1024, .seconds = 10, .warmup = 1,
                     .bytes = 1000000000};
    if (argc < 2) usage();
    o.mode = argv[1];
    for (int i = 2; i < argc; i++) {
        const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) usage();
        i++;
        if (!strcmp(k, "--brokers")) o.brokers = v;
        else if (!strcmp(k, "--topic")) o.topic = v;
        else if (!strcmp(k, "--acks")) o.acks = v;
        else if (!strcmp(k, "--partitions")) o.partitions = atoi(v);
        else if (!strcmp(k, "--size")) o.size = atoi(v);
        else if (!strcmp(k, "--rate")) o.rate = atoi(v);
        else if (!strcmp(k, "--seconds")) o.seconds = atof(v);
        else if (!strcmp(k, "--warmup")) o.warmup = atof(v);
        else if (!strcmp(k, "--bytes")) o.bytes = strtoll(v, NULL, 10);
        else usage();
    }
    if (!o.brokers || !o.topic || o.partitions < 1 || o.size < 16 || o.bytes < o.size) usage();
    if (!strcmp(o.mode, "produce")) return produce_throughput(&o);
    if (!strcmp(o.mode, "consume")) return consume_throughput(&o);
    if (!strcmp(o.mode, "latency")) {
        if (o.rate < 1 || o.rate > 1000000) usage();
        return latency(&o);
    }
    usage();
}
