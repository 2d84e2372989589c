/*
 * InitProducerId (key 22), versions 0-5, flexible from 2.
 *
 * Request:  TransactionalId nullable string (null = idempotent producer,
 *             not transactional),
 *           TransactionTimeoutMs int32,
 *           v3+: ProducerId int64 (default -1),
 *           v3+: ProducerEpoch int16 (default -1)
 * Response: ThrottleTimeMs int32, ErrorCode int16,
 *           ProducerId int64 (default -1), ProducerEpoch int16
 *
 * v1 is v0 on the wire (responses sent before throttling); v3 lets a
 * producer resume its id after INVALID_PRODUCER_EPOCH by sending its current
 * id and epoch; v4 (PRODUCER_FENCED) and v5 (TRANSACTION_ABORTABLE) only add
 * error codes, so v3-5 are identical on the wire.
 *
 * In flexible versions (2+) strings use the compact form and every struct
 * ends with a tagged-field section; this API has no known tags, so tags are
 * skipped on decode and written empty. Fields absent in a version decode to
 * the schema default.
 */
#ifndef SM_INIT_PRODUCER_ID_H
#define SM_INIT_PRODUCER_ID_H

#include "util/arena.h"
#include "wire.h"

typedef struct sm_InitProducerIdRequest {
    sm_str_t TransactionalId; /* nullable */
    int32_t TransactionTimeoutMs;
    int64_t ProducerId;    /* v3+, default -1 */
    int16_t ProducerEpoch; /* v3+, default -1 */
} sm_InitProducerIdRequest;

typedef struct sm_InitProducerIdResponse {
    int32_t ThrottleTimeMs;
    int16_t ErrorCode;
    int64_t ProducerId; /* default -1 */
    int16_t ProducerEpoch;
} sm_InitProducerIdResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings point into the
 * reader's buffer, arrays are allocated from `a`. */
int sm_InitProducerIdRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                    sm_InitProducerIdRequest *m);
void sm_InitProducerIdRequest_encode(sm_wr_t *w, int16_t version,
                                     const sm_InitProducerIdRequest *m);
int sm_InitProducerIdResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                     sm_InitProducerIdResponse *m);
void sm_InitProducerIdResponse_encode(sm_wr_t *w, int16_t version,
                                      const sm_InitProducerIdResponse *m);

#endif
