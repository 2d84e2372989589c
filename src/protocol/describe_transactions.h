/*
 * DescribeTransactions (key 65), version 0, flexible from 0.
 *
 * Request:  TransactionalIds [string]
 * Response: ThrottleTimeMs int32,
 *           TransactionStates [TransactionState:
 *             ErrorCode int16, TransactionalId string,
 *             TransactionState string, TransactionTimeoutMs int32,
 *             TransactionStartTimeMs int64, ProducerId int64,
 *             ProducerEpoch int16,
 *             Topics [TopicData: Topic string, Partitions [int32]]]
 *
 * Kafka's struct names (TransactionState, TopicData) are generic and
 * ListTransactions has its own TransactionState, so the C types carry the
 * API name in front: sm_DescribeTransactionsTransactionState,
 * sm_DescribeTransactionsTopicData. Note the topic name field is `Topic`,
 * not `Name`. TransactionState is a state name as Kafka spells it
 * ("Empty", "Ongoing", "PrepareCommit", "PrepareAbort", "CompleteCommit",
 * "CompleteAbort", "Dead", "PrepareEpochFence").
 *
 * The only version is flexible: compact strings and arrays, and a
 * tagged-field section at the end of every struct; this API has no known
 * tags, so tags are skipped on decode and written empty. No field is
 * nullable: null arrays and strings are rejected on decode; encoders write a
 * null view of a string as "" and a negative array count as 0.
 */
#ifndef SM_DESCRIBE_TRANSACTIONS_H
#define SM_DESCRIBE_TRANSACTIONS_H

#include "util/arena.h"
#include "wire.h"

typedef struct sm_DescribeTransactionsRequest {
    int32_t TransactionalIds_count;
    sm_str_t *TransactionalIds;
} sm_DescribeTransactionsRequest;

/* Kafka's TopicData */
typedef struct sm_DescribeTransactionsTopicData {
    sm_str_t Topic;
    int32_t Partitions_count;
    int32_t *Partitions;
} sm_DescribeTransactionsTopicData;

/* Kafka's TransactionState (of DescribeTransactionsResponse) */
typedef struct sm_DescribeTransactionsTransactionState {
    int16_t ErrorCode;
    sm_str_t TransactionalId;
    sm_str_t TransactionState;
    int32_t TransactionTimeoutMs;
    int64_t TransactionStartTimeMs;
    int64_t ProducerId;
    int16_t ProducerEpoch;
    int32_t Topics_count;
    sm_DescribeTransactionsTopicData *Topics;
} sm_DescribeTransactionsTransactionState;

typedef struct sm_DescribeTransactionsResponse {
    int32_t ThrottleTimeMs;
    int32_t TransactionStates_count;
    sm_DescribeTransactionsTransactionState *TransactionStates;
} sm_DescribeTransactionsResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings point into the
 * reader's buffer, arrays are allocated from `a`. */
int sm_DescribeTransactionsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                          sm_DescribeTransactionsRequest *m);
void sm_DescribeTransactionsRequest_encode(sm_wr_t *w, int16_t version,
                                           const sm_DescribeTransactionsRequest *m);
int sm_DescribeTransactionsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                           sm_DescribeTransactionsResponse *m);
void sm_DescribeTransactionsResponse_encode(sm_wr_t *w, int16_t version,
                                            const sm_DescribeTransactionsResponse *m);

#endif
