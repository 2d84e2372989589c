/*
 * AddPartitionsToTxn (key 24), versions 0-5, flexible from 3.
 *
 * Request:  v4+:  Transactions [AddPartitionsToTxnTransaction:
 *                   TransactionalId string, ProducerId int64,
 *                   ProducerEpoch int16, VerifyOnly bool (default false),
 *                   Topics [AddPartitionsToTxnTopic]],
 *           v0-3: V3AndBelowTransactionalId string,
 *           v0-3: V3AndBelowProducerId int64,
 *           v0-3: V3AndBelowProducerEpoch int16,
 *           v0-3: V3AndBelowTopics [AddPartitionsToTxnTopic]
 *           where AddPartitionsToTxnTopic = Name string, Partitions [int32]
 * Response: ThrottleTimeMs int32,
 *           v4+:  ErrorCode int16 (default 0),
 *           v4+:  ResultsByTransaction [AddPartitionsToTxnResult:
 *                   TransactionalId string,
 *                   TopicResults [AddPartitionsToTxnTopicResult]],
 *           v0-3: ResultsByTopicV3AndBelow [AddPartitionsToTxnTopicResult]
 *           where AddPartitionsToTxnTopicResult = Name string,
 *             ResultsByPartition [AddPartitionsToTxnPartitionResult:
 *               PartitionIndex int32, PartitionErrorCode int16]
 *
 * Versions 0-3 are the client form (one transaction per request); 4+ is the
 * broker-to-coordinator form (KIP-890: several transactions, VerifyOnly to
 * ask whether partitions are already in a transaction). v1 is v0 on the
 * wire, v2 adds PRODUCER_FENCED, v5 TRANSACTION_ABORTABLE (error codes only).
 * Both shapes are kept in the structs:
 *  - decoding a v0-3 request also fills Transactions with one transaction
 *    {V3AndBelowTransactionalId, V3AndBelowProducerId,
 *    V3AndBelowProducerEpoch, VerifyOnly false, the same Topics (shared, not
 *    copied)}, so a handler reads Transactions for every version; decoding
 *    a v4+ request leaves the V3AndBelow fields at their defaults ("", 0,
 *    0, empty). The encoder writes only the fields of the version.
 *  - a response is encoded from ResultsByTopicV3AndBelow in v0-3 and from
 *    ErrorCode + ResultsByTransaction in v4+; a handler that built
 *    ResultsByTransaction can point ResultsByTopicV3AndBelow at
 *    ResultsByTransaction[0].TopicResults for an old client. Decoding a
 *    response does no mirroring.
 *
 * In flexible versions (3+) strings and arrays use the compact forms and
 * every struct ends with a tagged-field section; this API has no known tags,
 * so tags are skipped on decode and written empty. No field is nullable:
 * null arrays and null strings are rejected on decode; encoders write a null
 * view of a string as "" and a negative array count as 0.
 */
#ifndef SM_ADD_PARTITIONS_TO_TXN_H
#define SM_ADD_PARTITIONS_TO_TXN_H

#include <stdbool.h>

#include "util/arena.h"
#include "wire.h"

typedef struct sm_AddPartitionsToTxnTopic {
    sm_str_t Name;
    int32_t Partitions_count;
    int32_t *Partitions;
} sm_AddPartitionsToTxnTopic;

typedef struct sm_AddPartitionsToTxnTransaction {
    sm_str_t TransactionalId;
    int64_t ProducerId;
    int16_t ProducerEpoch;
    bool VerifyOnly; /* default false */
    int32_t Topics_count;
    sm_AddPartitionsToTxnTopic *Topics;
} sm_AddPartitionsToTxnTransaction;

typedef struct sm_AddPartitionsToTxnRequest {
    int32_t Transactions_count; /* v4+ (v0-3: mirrored on decode) */
    sm_AddPartitionsToTxnTransaction *Transactions;
    sm_str_t V3AndBelowTransactionalId; /* v0-3, default "" */
    int64_t V3AndBelowProducerId;       /* v0-3, default 0 */
    int16_t V3AndBelowProducerEpoch;    /* v0-3, default 0 */
    int32_t V3AndBelowTopics_count;     /* v0-3 */
    sm_AddPartitionsToTxnTopic *V3AndBelowTopics;
} sm_AddPartitionsToTxnRequest;

typedef struct sm_AddPartitionsToTxnPartitionResult {
    int32_t PartitionIndex;
    int16_t PartitionErrorCode;
} sm_AddPartitionsToTxnPartitionResult;

typedef struct sm_AddPartitionsToTxnTopicResult {
    sm_str_t Name;
    int32_t ResultsByPartition_count;
    sm_AddPartitionsToTxnPartitionResult *ResultsByPartition;
} sm_AddPartitionsToTxnTopicResult;

typedef struct sm_AddPartitionsToTxnResult {
    sm_str_t TransactionalId;
    int32_t TopicResults_count;
    sm_AddPartitionsToTxnTopicResult *TopicResults;
} sm_AddPartitionsToTxnResult;

typedef struct sm_AddPartitionsToTxnResponse {
    int32_t ThrottleTimeMs;
    int16_t ErrorCode;                  /* v4+, default 0 */
    int32_t ResultsByTransaction_count; /* v4+ */
    sm_AddPartitionsToTxnResult *ResultsByTransaction;
    int32_t ResultsByTopicV3AndBelow_count; /* v0-3 */
    sm_AddPartitionsToTxnTopicResult *ResultsByTopicV3AndBelow;
} sm_AddPartitionsToTxnResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings point into the
 * reader's buffer, arrays are allocated from `a`. */
int sm_AddPartitionsToTxnRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                        sm_AddPartitionsToTxnRequest *m);
void sm_AddPartitionsToTxnRequest_encode(sm_wr_t *w, int16_t version,
                                         const sm_AddPartitionsToTxnRequest *m);
int sm_AddPartitionsToTxnResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                         sm_AddPartitionsToTxnResponse *m);
void sm_AddPartitionsToTxnResponse_encode(sm_wr_t *w, int16_t version,
                                          const sm_AddPartitionsToTxnResponse *m);

#endif
