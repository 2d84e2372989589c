/*
 * The broker process: configuration, topics, event loops and the request
 * context handlers receive.
 */
#ifndef SM_BROKER_H
#define SM_BROKER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "coordinator/coordinator.h"
#include "coordinator/producer_ids.h"
#include "coordinator/txn_coordinator.h"
#include "dynamic_configs.h"
#include "protocol/apis.h"
#include "protocol/header.h"
#include "topics.h"
#include "util/arena.h"

typedef struct sm_loop sm_loop_t;
typedef struct sm_conn sm_conn_t;

typedef struct sm_broker {
    sm_config_t *cfg;
    sm_dynconf_t *dyn; /* dynamic broker configs (AlterConfigs on the broker) */
    sm_topics_t *topics;
    _Atomic(sm_gc_t *) groups; /* the group coordinator, once __consumer_offsets exists */
    pthread_mutex_t groups_mu; /* its start */
    sm_pid_manager_t *pids; /* producer ids for InitProducerId */
    _Atomic(sm_tc_t *) tc;  /* the transaction coordinator, once __transaction_state exists */
    pthread_mutex_t tc_mu;  /* its start */
    int nloops;
    sm_loop_t **loops;
    int listen_fd;
    atomic_bool stopping;
    atomic_uint_fast64_t append_seq; /* bumped by every append, see server.c */
} sm_broker_t;

/* What a handler gets: the decoded header, a reader positioned at the body,
 * an arena released after the response is queued, and the response writer
 * (size and response header already written). */
typedef struct sm_req {
    sm_broker_t *broker;
    sm_conn_t *conn;
    const char *peer;
    sm_RequestHeader hdr;
    const sm_api_info_t *api;
    sm_rd_t rd;
    uint8_t *body;     /* writable request body (Produce patches batches in place) */
    size_t body_len;
    sm_arena_t *arena;
    sm_wr_t *resp;
    int64_t now_ms;
    bool final;        /* a parked request's deadline has passed: answer now */
    int64_t park_until_ms; /* set by a handler returning SM_H_PARK (monotonic ms) */
    uint64_t park_token;   /* kept across re-runs of a parked request: 0 on the first run,
                            * then what the handler set when it parked */
} sm_req_t;

enum {
    SM_H_RESPOND = 0,     /* response body written to req->resp */
    SM_H_NO_RESPONSE = 1, /* e.g. Produce with acks=0 */
    SM_H_PARK = 2,        /* wait for data or park_until_ms, then call the handler again */
    SM_H_CLOSE = -1,      /* malformed: close the connection */
};

typedef int (*sm_handler_fn)(sm_req_t *req);

/* Handler for an API key, or NULL. */
sm_handler_fn sm_dispatch_handler(int16_t key);

/* Wakes every event loop with parked requests (called after appends). */
void sm_broker_notify_append(sm_broker_t *b);

/* coordinators.c: the group coordinator over `__consumer_offsets` and the
 * transaction coordinator over `__transaction_state`, each started when its
 * topic exists — found at start, or created now if `create` (Kafka creates
 * them when the first client asks FindCoordinator). NULL while the topic does
 * not exist or if it cannot be created. */
sm_gc_t *sm_broker_groups(sm_broker_t *b, bool create);
sm_tc_t *sm_broker_txn_coordinator(sm_broker_t *b, bool create);

/* Logs a malformed request with API, version, offset and the decoder's position. */
void sm_req_log_parse_error(sm_req_t *req, const char *what);

int sm_server_start(sm_broker_t *b);
/* Stops the loops and closes every connection. */
void sm_server_stop(sm_broker_t *b);

#endif
