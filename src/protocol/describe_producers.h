/*
 * DescribeProducers (key 61), version 0, flexible from 0.
 *
 * Request:  Topics [TopicRequest:
 *             Name string, PartitionIndexes [int32]]
 * Response: ThrottleTimeMs int32,
 *           Topics [TopicResponse:
 *             Name string,
 *             Partitions [PartitionResponse:
 *               PartitionIndex int32, ErrorCode int16,
 *               ErrorMessage nullable string (default null),
 *               ActiveProducers [ProducerState:
 *                 ProducerId int64, ProducerEpoch int32,
 *                 LastSequence int32 (default -1),
 *                 LastTimestamp int64 (default -1),
 *                 CoordinatorEpoch int32,
 *                 CurrentTxnStartOffset int64 (default -1)]]]
 *
 * Kafka's struct names here (TopicRequest, PartitionResponse, ...) are
 * generic, so the C types carry the API name in front:
 * sm_DescribeProducersTopicRequest and so on. ProducerEpoch is an int32 in
 * this API (an int16 everywhere else). Every field is present in the only
 * version, so the defaults above are what a broker writes when it has no
 * value (no sequence yet, no open transaction), not decoding defaults.
 *
 * The only version is flexible: compact strings and arrays, and a
 * tagged-field section at the end of every struct; this API has no known
 * tags, so tags are skipped on decode and written empty. Null arrays and
 * null non-nullable strings are rejected; encoders write a null view of a
 * non-nullable string as "" and a negative array count as 0.
 */
#ifndef SM_DESCRIBE_PRODUCERS_H
#define SM_DESCRIBE_PRODUCERS_H

#include "util/arena.h"
#include "wire.h"

/* Kafka's TopicRequest */
typedef struct sm_DescribeProducersTopicRequest {
    sm_str_t Name;
    int32_t PartitionIndexes_count;
    int32_t *PartitionIndexes;
} sm_DescribeProducersTopicRequest;

typedef struct sm_DescribeProducersRequest {
    int32_t Topics_count;
    sm_DescribeProducersTopicRequest *Topics;
} sm_DescribeProducersRequest;

/* Kafka's ProducerState */
typedef struct sm_DescribeProducersProducerState {
    int64_t ProducerId;
    int32_t ProducerEpoch;
    int32_t LastSequence;  /* default -1 */
    int64_t LastTimestamp; /* default -1 */
    int32_t CoordinatorEpoch;
    int64_t CurrentTxnStartOffset; /* default -1 */
} sm_DescribeProducersProducerState;

/* Kafka's PartitionResponse */
typedef struct sm_DescribeProducersPartitionResponse {
    int32_t PartitionIndex;
    int16_t ErrorCode;
    sm_str_t ErrorMessage; /* nullable, default null */
    int32_t ActiveProducers_count;
    sm_DescribeProducersProducerState *ActiveProducers;
} sm_DescribeProducersPartitionResponse;

/* Kafka's TopicResponse */
typedef struct sm_DescribeProducersTopicResponse {
    sm_str_t Name;
    int32_t Partitions_count;
    sm_DescribeProducersPartitionResponse *Partitions;
} sm_DescribeProducersTopicResponse;

typedef struct sm_DescribeProducersResponse {
    int32_t ThrottleTimeMs;
    int32_t Topics_count;
    sm_DescribeProducersTopicResponse *Topics;
} sm_DescribeProducersResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings point into the
 * reader's buffer, arrays are allocated from `a`. */
int sm_DescribeProducersRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                       sm_DescribeProducersRequest *m);
void sm_DescribeProducersRequest_encode(sm_wr_t *w, int16_t version,
                                        const sm_DescribeProducersRequest *m);
int sm_DescribeProducersResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                        sm_DescribeProducersResponse *m);
void sm_DescribeProducersResponse_encode(sm_wr_t *w, int16_t version,
                                         const sm_DescribeProducersResponse *m);

#endif
