/*
 * ListTransactions (key 66), versions 0-1, flexible from 0.
 *
 * Request:  StateFilters [string], ProducerIdFilters [int64],
 *           v1+: DurationFilter int64 (default -1)
 * Response: ThrottleTimeMs int32, ErrorCode int16,
 *           UnknownStateFilters [string],
 *           TransactionStates [TransactionState:
 *             TransactionalId string, ProducerId int64,
 *             TransactionState string]
 *
 * Empty filters match everything; DurationFilter (v1, KIP-994) < 0 matches
 * every transaction, otherwise only those running longer than that many ms.
 * The response is the same in v0 and v1. Kafka's TransactionState struct
 * name is shared with DescribeTransactions, so the C type is
 * sm_ListTransactionsTransactionState.
 *
 * Both versions are flexible: compact strings and arrays, and a
 * tagged-field section at the end of every struct; this API has no known
 * tags, so tags are skipped on decode and written empty. Fields absent in a
 * version decode to the schema default. No field is nullable: null arrays
 * and strings are rejected on decode; encoders write a null view of a string
 * as "" and a negative array count as 0.
 */
#ifndef SM_LIST_TRANSACTIONS_H
#define SM_LIST_TRANSACTIONS_H

#include "util/arena.h"
#include "wire.h"

typedef struct sm_ListTransactionsRequest {
    int32_t StateFilters_count;
    sm_str_t *StateFilters;
    int32_t ProducerIdFilters_count;
    int64_t *ProducerIdFilters;
    int64_t DurationFilter; /* v1+, default -1 */
} sm_ListTransactionsRequest;

/* Kafka's TransactionState (of ListTransactionsResponse) */
typedef struct sm_ListTransactionsTransactionState {
    sm_str_t TransactionalId;
    int64_t ProducerId;
    sm_str_t TransactionState;
} sm_ListTransactionsTransactionState;

typedef struct sm_ListTransactionsResponse {
    int32_t ThrottleTimeMs;
    int16_t ErrorCode;
    int32_t UnknownStateFilters_count;
    sm_str_t *UnknownStateFilters;
    int32_t TransactionStates_count;
    sm_ListTransactionsTransactionState *TransactionStates;
} sm_ListTransactionsResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings point into the
 * reader's buffer, arrays are allocated from `a`. */
int sm_ListTransactionsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                      sm_ListTransactionsRequest *m);
void sm_ListTransactionsRequest_encode(sm_wr_t *w, int16_t version,
                                       const sm_ListTransactionsRequest *m);
int sm_ListTransactionsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                       sm_ListTransactionsResponse *m);
void sm_ListTransactionsResponse_encode(sm_wr_t *w, int16_t version,
                                        const sm_ListTransactionsResponse *m);

#endif
