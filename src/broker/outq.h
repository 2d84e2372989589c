/*
 * A connection's responses waiting to be sent, in order, and the per-loop
 * pool of spare response writers they are taken from.
 *
 * Each response is a writer (sm_wr_t): buffer bytes with file ranges spliced
 * in. Runs of buffer bytes, across as many queued responses as are ready, go
 * out in one sendmsg(2) (gathered); file ranges go out with sendfile(2).
 * Writers come back to their loop's pool after sending, keeping their
 * buffers, so a steady stream of requests allocates nothing per response.
 */
#ifndef SM_OUTQ_H
#define SM_OUTQ_H

#include <stdint.h>

#include "protocol/wire.h"

typedef struct sm_out_item {
    sm_wr_t w;
    size_t buf_sent;      /* buffer bytes already sent */
    int splice_i;         /* next file range to send */
    int32_t splice_sent;  /* bytes of it already sent */
    struct sm_out_item *next;
} sm_out_item_t;

/* Spare items of one event loop (used by that loop's thread only). */
typedef struct sm_out_pool {
    sm_out_item_t *spare;
    int nspare;
} sm_out_pool_t;

typedef struct sm_outq {
    sm_out_item_t *head, *tail;
    int64_t bytes; /* not yet sent */
} sm_outq_t;

/* An item with an empty writer, from the pool when it has one. */
sm_out_item_t *sm_out_take(sm_out_pool_t *pool);
/* Releases the writer's file ranges and returns the item to the pool (or
 * frees it when the pool is full; large buffers are freed, not kept). */
void sm_out_give(sm_out_pool_t *pool, sm_out_item_t *o);
void sm_out_pool_free(sm_out_pool_t *pool);

void sm_outq_push(sm_outq_t *q, sm_out_item_t *o);
/* Sends what the socket takes. Returns 0 when the queue is empty, 1 if the
 * socket is full, -1 on error (logged with `peer` when the cause is ours). */
int sm_outq_flush(sm_outq_t *q, int fd, sm_out_pool_t *pool, const char *peer);
/* Drops everything unsent (the connection is gone). */
void sm_outq_clear(sm_outq_t *q, sm_out_pool_t *pool);

#endif
