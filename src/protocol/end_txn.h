/*
 * EndTxn (key 26), versions 0-5, flexible from 3.
 *
 * Request:  TransactionalId string, ProducerId int64, ProducerEpoch int16,
 *           Committed bool (true = commit, false = abort)
 * Response: ThrottleTimeMs int32, ErrorCode int16,
 *           v5+: ProducerId int64 (default -1),
 *           v5+: ProducerEpoch int16 (default -1)
 *
 * v1 is v0 on the wire; v2 (PRODUCER_FENCED) and v4 (TRANSACTION_ABORTABLE)
 * only add error codes; v3 is the first flexible version. v5 (KIP-890 part
 * 2) bumps the epoch on every transaction end, so the response carries the
 * producer id and the new epoch; the request is unchanged. (Kafka marks v5
 * "latestVersionUnstable".)
 *
 * In flexible versions (3+) strings use the compact form and every struct
 * ends with a tagged-field section; this API has no known tags, so tags are
 * skipped on decode and written empty. Fields absent in a version decode to
 * the schema default. TransactionalId is not nullable: null is rejected on
 * decode and the encoder writes a null view as "".
 */
#ifndef SM_END_TXN_H
#define SM_END_TXN_H

#include <stdbool.h>

#include "util/arena.h"
#include "wire.h"

typedef struct sm_EndTxnRequest {
    sm_str_t TransactionalId;
    int64_t ProducerId;
    int16_t ProducerEpoch;
    bool Committed;
} sm_EndTxnRequest;

typedef struct sm_EndTxnResponse {
    int32_t ThrottleTimeMs;
    int16_t ErrorCode;
    int64_t ProducerId;    /* v5+, default -1 */
    int16_t ProducerEpoch; /* v5+, default -1 */
} sm_EndTxnResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings point into the
 * reader's buffer, arrays are allocated from `a`. */
int sm_EndTxnRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_EndTxnRequest *m);
void sm_EndTxnRequest_encode(sm_wr_t *w, int16_t version, const sm_EndTxnRequest *m);
int sm_EndTxnResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_EndTxnResponse *m);
void sm_EndTxnResponse_encode(sm_wr_t *w, int16_t version, const sm_EndTxnResponse *m);

#endif
