/*
 * samsa [server.properties] [--override key=value ...]
 *
 * Starts the broker as kafka-server-start.sh does. SIGTERM/SIGINT stop it
 * cleanly: loops stopped, logs flushed, checkpoints and the clean-shutdown
 * marker written, exit 0.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "broker.h"
#include "util/clock.h"
#include "util/logging.h"

static void usage(void)
{
    fprintf(stderr,
            "usage: samsa [server.properties] [--override key=value ...]\n"
            "With no arguments: a single-node broker on PLAINTEXT://127.0.0.1:9092 with data in ./data.\n"
            "Configuration keys are Apache Kafka's (see README.md).\n");
}

/* Background work off the event loops: time-based flushes, checkpoints, retention and compaction. */
typedef struct housekeeper {
    sm_broker_t *b;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop;
} housekeeper_t;

/* The housekeeping period: the shortest of the intervals it serves, read
 * each round because log.cleaner.backoff.ms and log.flush.interval.ms can
 * change at runtime (dynamic broker configs). */
static int64_t housekeeping_tick(const sm_config_t *cfg)
{
    int64_t tick = 1000;
    if (cfg->log_flush_interval_ms > 0 && cfg->log_flush_interval_ms < tick) tick = cfg->log_flush_interval_ms;
    if (cfg->log_cleaner_enable && cfg->log_cleaner_backoff_ms < tick) tick = cfg->log_cleaner_backoff_ms;
    if (cfg->log_retention_check_interval_ms < tick) tick = cfg->log_retention_check_interval_ms;
    if (cfg->producer_id_expiration_check_interval_ms < tick) tick = cfg->producer_id_expiration_check_interval_ms;
    return tick < 10 ? 10 : tick;
}

static void *housekeeping_main(void *arg)
{
    housekeeper_t *hk = arg;
    sm_config_t *cfg = hk->b->cfg;
    int64_t next_checkpoint = sm_mono_ms() + cfg->log_flush_offset_checkpoint_interval_ms;
    int64_t next_clean = sm_mono_ms() + cfg->log_cleaner_backoff_ms;
    int64_t next_retention = sm_mono_ms() + cfg->log_retention_check_interval_ms;
    int64_t next_producer_expiry = sm_mono_ms() + cfg->producer_id_expiration_check_interval_ms;
    pthread_mutex_lock(&hk->mu);
    while (!hk->stop) {
        int64_t tick = housekeeping_tick(cfg);
        if (next_clean > sm_mono_ms() + cfg->log_cleaner_backoff_ms) /* the backoff was shortened */
            next_clean = sm_mono_ms() + cfg->log_cleaner_backoff_ms;
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += tick / 1000;
        ts.tv_nsec += (tick % 1000) * 1000000;
        if (ts.tv_nsec >= 1000000000) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000;
        }
        pthread_cond_timedwait(&hk->cv, &hk->mu, &ts);
        if (hk->stop) break;
        pthread_mutex_unlock(&hk->mu);
        sm_topics_flush_due(hk->b->topics, sm_mono_ms());
        if (sm_mono_ms() >= next_checkpoint) {
            sm_topics_checkpoint(hk->b->topics);
            next_checkpoint = sm_mono_ms() + cfg->log_flush_offset_checkpoint_interval_ms;
        }
        if (sm_mono_ms() >= next_retention) {
            sm_topics_apply_retention(hk->b->topics, sm_now_ms());
            next_retention = sm_mono_ms() + cfg->log_retention_check_interval_ms;
        }
        sm_tc_t *tc = atomic_load(&hk->b->tc);
        if (tc) sm_tc_expire(tc, sm_now_ms()); /* transaction.timeout.ms */
        if (sm_mono_ms() >= next_producer_expiry) {
            sm_topics_expire_producers(hk->b->topics, sm_now_ms());
            next_producer_expiry = sm_mono_ms() + cfg->producer_id_expiration_check_interval_ms;
        }
        if (cfg->log_cleaner_enable && sm_mono_ms() >= next_clean) {
            /* compaction (today on this thread: flushes wait while it cleans) */
            sm_topics_compact(hk->b->topics, sm_now_ms());
            next_clean = sm_mono_ms() + cfg->log_cleaner_backoff_ms;
        }
        pthread_mutex_lock(&hk->mu);
    }
    pthread_mutex_unlock(&hk->mu);
    return NULL;
}

int main(int argc, char **argv)
{
    int64_t t0 = sm_mono_us();
    sm_config_t cfg;
    sm_config_defaults(&cfg);
    int rc = sm_config_from_args(&cfg, argc, argv);
    if (rc == -2) {
        usage();
        sm_config_free(&cfg);
        return 0;
    }
    if (rc || sm_config_finish(&cfg)) {
        fprintf(stderr, "samsa: not started: fix the configuration above\n");
        sm_config_free(&cfg);
        return 2;
    }

    /* Signals are taken by sigwait() in this thread only. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    sm_broker_t b = {.cfg = &cfg, .listen_fd = -1};
    pthread_mutex_init(&b.tc_mu, NULL);
    b.dyn = sm_dynconf_open(&cfg); /* before the logs open: they take its log defaults */
    b.topics = b.dyn ? sm_topics_open(&cfg) : NULL;
    if (!b.topics) {
        fprintf(stderr, "samsa: not started: cannot load the log dirs\n");
        sm_dynconf_close(b.dyn);
        sm_config_free(&cfg);
        return 1;
    }
    pthread_mutex_init(&b.groups_mu, NULL);
    b.pids = sm_pid_manager_open(cfg.log_dirs[0]);
    if (!b.pids) {
        fprintf(stderr, "samsa: not started: cannot open the producer id block\n");
        sm_topics_close(b.topics, true);
        sm_dynconf_close(b.dyn);
        sm_config_free(&cfg);
        return 1;
    }
    /* Coordinators whose topic exists load it now (groups and transactions
     * left by the last run); a missing topic is created on first use. */
    sm_broker_groups(&b, false);
    sm_broker_txn_coordinator(&b, false);
    if (sm_server_start(&b)) {
        sm_gc_stop(atomic_load(&b.groups));
        sm_pid_manager_close(b.pids);
        sm_topics_close(b.topics, true);
        sm_dynconf_close(b.dyn);
        sm_config_free(&cfg);
        return 1;
    }
    housekeeper_t hk = {.b = &b};
    pthread_mutex_init(&hk.mu, NULL);
    pthread_cond_init(&hk.cv, NULL);
    pthread_create(&hk.thread, NULL, housekeeping_main, &hk);

    sm_info("samsa started: node.id=%d cluster.id=%s listening on %s://%s:%d (advertised %s:%d), "
            "log.dirs=%s, %d network threads, %d topics, in %.1f ms",
            cfg.node_id, cfg.cluster_id, cfg.listener.name, cfg.listener.host, cfg.listener.port,
            cfg.advertised.host, cfg.advertised.port, cfg.log_dirs[0], cfg.num_network_threads,
            sm_topics_count(b.topics), (double)(sm_mono_us() - t0) / 1000.0);

    int sig = 0;
    while (sigwait(&sigs, &sig) != 0) {
    }
    sm_info("received %s: shutting down", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    int64_t s0 = sm_mono_ms();
    sm_server_stop(&b);
    sm_gc_stop(atomic_load(&b.groups));
    pthread_mutex_lock(&hk.mu);
    hk.stop = true;
    pthread_cond_signal(&hk.cv);
    pthread_mutex_unlock(&hk.mu);
    pthread_join(hk.thread, NULL);
    sm_tc_stop(atomic_load(&b.tc));
    sm_topics_close(b.topics, true);
    sm_pid_manager_close(b.pids);
    sm_info("samsa stopped cleanly in %lld ms", (long long)(sm_mono_ms() - s0));
    sm_dynconf_close(b.dyn);
    sm_config_free(&cfg);
    return 0;
}
