/*
 * rdkafka_group_member: one member of a consumer group, as librdkafka's
 * high-level consumer runs it, reporting what happens on stdout, one line per
 * event, for tests/integration/test_groups_librdkafka.py to follow.
 *
 * usage: rdkafka_group_member <bootstrap> <group> <topic>
 *            [--assignor range|roundrobin|cooperative-sticky]
 *            [--instance-id ID] [--session-ms N] [--commit none|sync|async|auto]
 *            [--check-every N]
 *
 * Output lines:
 *   ASSIGNED <p,p,...>     the member's whole assignment after a rebalance event
 *   EVENT <ASSIGN|REVOKE|INCREMENTAL_ASSIGN|INCREMENTAL_REVOKE> <p,p,...>
 *   MSG <partition> <offset>   a message, printed ("processed") before it is committed
 *   CHECK <partition> <committed> <position>  after a sync commit, every Nth message:
 *                                             committed() and position() of that partition
 *   COMMIT_ERROR <partition> <error name>     a failed commit (sync or async)
 *   ERROR <name> <text>     an error event from librdkafka
 *   CLOSED                  after SIGTERM/SIGINT: consumer_close() finished
 * SIGTERM/SIGINT close the consumer (a LeaveGroup for dynamic members) and exit 0.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <librdkafka/rdkafka.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

static void die(const char *what, const char *why)
{
    fprintf(stderr, "rdkafka_group_member: %s: %s\n", what, why);
    exit(2);
}

static void print_partitions(const char *prefix, const rd_kafka_topic_partition_list_t *l)
{
    printf("%s ", prefix);
    for (int i = 0; i < l->cnt; i++)
        printf("%s%d", i ? "," : "", l->elems[i].partition);
    printf("\n");
    fflush(stdout);
}

static void print_assignment(rd_kafka_t *rk)
{
    rd_kafka_topic_partition_list_t *cur = NULL;
    if (rd_kafka_assignment(rk, &cur) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        rd_kafka_topic_partition_list_sort(cur, NULL, NULL);
        print_partitions("ASSIGNED", cur);
        rd_kafka_topic_partition_list_destroy(cur);
    }
}

static void rebalance_cb(rd_kafka_t *rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t *parts,
                         void *opaque)
{
    (void)opaque;
    bool cooperative = strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0;
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        print_partitions(cooperative ? "EVENT INCREMENTAL_ASSIGN" : "EVENT ASSIGN", parts);
        if (cooperative) {
            rd_kafka_error_t *e = rd_kafka_incremental_assign(rk, parts);
            if (e) rd_kafka_error_destroy(e);
        } else {
            rd_kafka_assign(rk, parts);
        }
    } else {
        print_partitions(cooperative ? "EVENT INCREMENTAL_REVOKE" : "EVENT REVOKE", parts);
        if (cooperative) {
            rd_kafka_error_t *e = rd_kafka_incremental_unassign(rk, parts);
            if (e) rd_kafka_error_destroy(e);
        } else {
            rd_kafka_assign(rk, NULL);
        }
    }
    print_assignment(rk);
}

static void commit_cb(rd_kafka_t *rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t *offsets,
                      void *opaque)
{
    (void)rk;
    (void)opaque;
    if (err == RD_KAFKA_RESP_ERR__NO_OFFSET) return; /* nothing new to commit */
    for (int i = 0; offsets && i < offsets->cnt; i++) {
        rd_kafka_resp_err_t e = err ? err : offsets->elems[i].err;
        if (e) printf("COMMIT_ERROR %d %s\n", offsets->elems[i].partition, rd_kafka_err2name(e));
    }
    if (err && (!offsets || offsets->cnt == 0)) printf("COMMIT_ERROR -1 %s\n", rd_kafka_err2name(err));
    fflush(stdout);
}

static void set(rd_kafka_conf_t *conf, const char *k, const char *v)
{
    char errstr[512];
    if (rd_kafka_conf_set(conf, k, v, errstr, sizeof(errstr)) != RD_KAFKA_CONF_OK) die(k, errstr);
}

/* committed() and position() of one partition, printed for the test to compare. */
static void check_position(rd_kafka_t *rk, const char *topic, int32_t partition)
{
    rd_kafka_topic_partition_list_t *c = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(c, topic, partition);
    rd_kafka_topic_partition_list_t *p = rd_kafka_topic_partition_list_copy(c);
    rd_kafka_resp_err_t e1 = rd_kafka_committed(rk, c, 10000);
    rd_kafka_resp_err_t e2 = rd_kafka_position(rk, p);
    if (e1 || e2)
        printf("CHECK %d error %s\n", partition, rd_kafka_err2name(e1 ? e1 : e2));
    else
        printf("CHECK %d %lld %lld\n", partition, (long long)c->elems[0].offset, (long long)p->elems[0].offset);
    fflush(stdout);
    rd_kafka_topic_partition_list_destroy(c);
    rd_kafka_topic_partition_list_destroy(p);
}

int main(int argc, char **argv)
{
    if (argc < 4) die("usage", "rdkafka_group_member <bootstrap> <group> <topic> [options]");
    const char *assignor = "range", *instance = NULL, *session = "6000", *commit = "auto";
    int check_every = 0;
    for (int i = 4; i < argc; i++) {
        if (i + 1 >= argc) die("option without a value", argv[i]);
        if (!strcmp(argv[i], "--assignor")) assignor = argv[++i];
        else if (!strcmp(argv[i], "--instance-id")) instance = argv[++i];
        else if (!strcmp(argv[i], "--session-ms")) session = argv[++i];
        else if (!strcmp(argv[i], "--commit")) commit = argv[++i];
        else if (!strcmp(argv[i], "--check-every")) check_every = atoi(argv[++i]);
        else die("unknown option", argv[i]);
    }
    bool sync = !strcmp(commit, "sync"), async = !strcmp(commit, "async");
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    setvbuf(stdout, NULL, _IOLBF, 0);

    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    set(conf, "bootstrap.servers", argv[1]);
    set(conf, "group.id", argv[2]);
    set(conf, "partition.assignment.strategy", assignor);
    set(conf, "session.timeout.ms", session);
    set(conf, "heartbeat.interval.ms", "300");
    set(conf, "auto.offset.reset", "earliest");
    set(conf, "enable.auto.commit", !strcmp(commit, "auto") ? "true" : "false");
    set(conf, "auto.commit.interval.ms", "200");
    set(conf, "topic.metadata.refresh.interval.ms", "1000");
    if (instance) set(conf, "group.instance.id", instance);
    rd_kafka_conf_set_rebalance_cb(conf, rebalance_cb);
    rd_kafka_conf_set_offset_commit_cb(conf, commit_cb);
    char errstr[512];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof(errstr));
    if (!rk) die("rd_kafka_new", errstr);
    rd_kafka_poll_set_consumer(rk);
    rd_kafka_topic_partition_list_t *sub = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(sub, argv[3], RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t err = rd_kafka_subscribe(rk, sub);
    rd_kafka_topic_partition_list_destroy(sub);
    if (err) die("subscribe", rd_kafka_err2str(err));

    long n = 0;
    while (!stop) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 100);
        if (!m) continue;
        if (m->err) {
            if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
                printf("ERROR %s %s\n", rd_kafka_err2name(m->err), rd_kafka_message_errstr(m));
            rd_kafka_message_destroy(m);
            continue;
        }
        int32_t partition = m->partition;
        int64_t offset = m->offset;
        printf("MSG %d %lld\n", partition, (long long)offset); /* processed, then committed */
        if (sync || async) {
            rd_kafka_resp_err_t ce = rd_kafka_commit_message(rk, m, async ? 1 : 0);
            if (ce && ce != RD_KAFKA_RESP_ERR__NO_OFFSET)
                printf("COMMIT_ERROR %d %s\n", partition, rd_kafka_err2name(ce));
        }
        rd_kafka_message_destroy(m);
        if (sync && check_every > 0 && ++n % check_every == 0) check_position(rk, argv[3], partition);
    }
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    printf("CLOSED\n");
    return 0;
}
