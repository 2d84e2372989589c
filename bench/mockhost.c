/* sm_mockhost: librdkafka's in-process mock cluster, hosted alone in its own process.
 *
 *   sm_mockhost [--brokers N] [--topic name:partitions]...
 *
 * The mock cluster normally lives inside a client process, where its CPU time and memory cannot
 * be told apart from the client's. Hosting it here lets the benchmark orchestrator measure it
 * like any broker (/proc/<pid>/stat for CPU, RSS) and point ordinary clients at it over TCP.
 *
 * It creates a producer handle (the cluster needs an rd_kafka_t owner; the handle itself stays
 * idle), a cluster of N brokers (default 1), and each --topic with replication factor 1, then
 * prints one JSON line on stdout and flushes it:
 *   {"bootstrap":"127.0.0.1:PORT[,...]","pid":PID}
 * It then serves until stdin reaches EOF (the caller closes the pipe: the clean way to stop it)
 * or SIGTERM/SIGINT arrives, destroys the cluster and the handle, and exits 0. Note that with
 * stdin on /dev/null it stops at once: keep a pipe open for as long as it should run. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* ppoll; CMake passes it too, this is for hand builds */
#endif
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

int main(int argc, char **argv)
{
    int brokers = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--brokers") == 0 && i + 1 < argc) {
            brokers = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--topic") == 0 && i + 1 < argc) {
            i++; /* created once the cluster exists; checked here so errors come early */
            const char *colon = strrchr(argv[i], ':');
            if (!colon || colon == argv[i] || atoi(colon + 1) <= 0) {
                fprintf(stderr, "sm_mockhost: bad --topic '%s' (want name:partitions)\n", argv[i]);
                return 2;
            }
        } else {
            fprintf(stderr, "usage: sm_mockhost [--brokers N] [--topic name:partitions]...\n");
            return 2;
        }
    }
    if (brokers <= 0) {
        fprintf(stderr, "sm_mockhost: --brokers must be >= 1\n");
        return 2;
    }

    /* SIGTERM/SIGINT set a flag so the cluster is torn down cleanly. They stay blocked except
     * inside ppoll() below, which unblocks them atomically: a signal arriving just before the
     * wait cannot be lost (a plain flag check + read() would have that race). Blocking them
     * before rd_kafka_new() also keeps librdkafka's threads, which inherit the mask, from
     * taking them. */
    struct sigaction sa = {.sa_handler = on_signal};
    sigset_t block, orig;
    sigemptyset(&sa.sa_mask);
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGINT);
    if (sigaction(SIGTERM, &sa, NULL) != 0 || sigaction(SIGINT, &sa, NULL) != 0 ||
        sigprocmask(SIG_BLOCK, &block, &orig) != 0) {
        perror("sm_mockhost: signals");
        return 1;
    }

    char errstr[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    /* Quiet: only errors (syslog level 3) reach stderr. */
    if (rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
        fprintf(stderr, "sm_mockhost: %s\n", errstr);
        rd_kafka_conf_destroy(conf);
        return 1;
    }
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!rk) { /* rd_kafka_new frees conf only on success */
        fprintf(stderr, "sm_mockhost: rd_kafka_new: %s\n", errstr);
        rd_kafka_conf_destroy(conf);
        return 1;
    }
    rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(rk, brokers);
    if (!mc) {
        fprintf(stderr, "sm_mockhost: rd_kafka_mock_cluster_new(%d) failed\n", brokers);
        rd_kafka_destroy(rk);
        return 1;
    }

    int rc = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--topic") != 0)
            continue;
        const char *spec = argv[++i], *colon = strrchr(spec, ':');
        /* Copied rather than cut in place: argv is what ps and /proc/<pid>/cmdline show. */
        char *name = strndup(spec, (size_t)(colon - spec));
        rd_kafka_resp_err_t err =
            name ? rd_kafka_mock_topic_create(mc, name, atoi(colon + 1), 1) : RD_KAFKA_RESP_ERR__FAIL;
        free(name);
        if (err) {
            fprintf(stderr, "sm_mockhost: create topic %s: %s\n", spec, rd_kafka_err2str(err));
            rc = 1;
            goto out;
        }
    }

    printf("{\"bootstrap\":\"%s\",\"pid\":%d}\n", rd_kafka_mock_cluster_bootstraps(mc),
           (int)getpid());
    if (fflush(stdout) != 0) {
        perror("sm_mockhost: stdout");
        rc = 1;
        goto out;
    }

    /* Serve (the mock brokers run on librdkafka's own threads) until EOF or a signal. Input
     * bytes are ignored: only the end of stdin matters. */
    char buf[256];
    while (!stop) {
        struct pollfd pfd = {.fd = 0, .events = POLLIN};
        int k = ppoll(&pfd, 1, NULL, &orig);
        if (k < 0 && errno == EINTR)
            continue; /* a signal: `stop` is set */
        if (k < 0) {
            perror("sm_mockhost: ppoll");
            break;
        }
        ssize_t n = read(0, buf, sizeof buf); /* readable or hung up: never blocks */
        if (n == 0)
            break;
        if (n < 0 && errno != EINTR) {
            perror("sm_mockhost: read stdin");
            break;
        }
    }

out:
    rd_kafka_mock_cluster_destroy(mc);
    rd_kafka_destroy(rk);
    return rc;
}
