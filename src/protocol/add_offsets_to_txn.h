/*
 * AddOffsetsToTxn (key 25), versions 0-4, flexible from 3.
 *
 * Request:  TransactionalId string, ProducerId int64, ProducerEpoch int16,
 *           GroupId string
 * Response: ThrottleTimeMs int32, ErrorCode int16
 *
 * v1 is v0 on the wire; v2 (PRODUCER_FENCED) and v4 (TRANSACTION_ABORTABLE)
 * only add error codes; v3 is the first flexible version.
 *
 * In flexible versions (3+) strings use the compact form and every struct
 * ends with a tagged-field section; this API has no known tags, so tags are
 * skipped on decode and written empty. No field is nullable: null strings
 * are rejected on decode and encoders write a null view as "".
 */
#ifndef SM_ADD_OFFSETS_TO_TXN_H
#define SM_ADD_OFFSETS_TO_TXN_H

#include "util/arena.h"
#include "wire.h"

typedef struct sm_AddOffsetsToTxnRequest {
    sm_str_t TransactionalId;
    int64_t ProducerId;
    int16_t ProducerEpoch;
    sm_str_t GroupId;
} sm_AddOffsetsToTxnRequest;

typedef struct sm_AddOffsetsToTxnResponse {
    int32_t ThrottleTimeMs;
    int16_t ErrorCode;
} sm_AddOffsetsToTxnResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings point into the
 * reader's buffer, arrays are allocated from `a`. */
int sm_AddOffsetsToTxnRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                     sm_AddOffsetsToTxnRequest *m);
void sm_AddOffsetsToTxnRequest_encode(sm_wr_t *w, int16_t version,
                                      const sm_AddOffsetsToTxnRequest *m);
int sm_AddOffsetsToTxnResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                      sm_AddOffsetsToTxnResponse *m);
void sm_AddOffsetsToTxnResponse_encode(sm_wr_t *w, int16_t version,
                                       const sm_AddOffsetsToTxnResponse *m);

#endif
