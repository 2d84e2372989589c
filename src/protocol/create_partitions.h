/*
 * CreatePartitions (key 37), versions 0-3, flexible from 2.
 *
 * Request:  Topics [CreatePartitionsTopic:
 *             Name string, Count int32 (the new total partition count),
 *             Assignments nullable [CreatePartitionsAssignment: BrokerIds [int32]]],
 *           TimeoutMs int32, ValidateOnly bool
 * Response: ThrottleTimeMs int32,
 *           Results [CreatePartitionsTopicResult:
 *             Name string, ErrorCode int16, ErrorMessage nullable string]
 * In flexible versions every struct ends with a tagged-field section (no
 * known tags; all are skipped). Every field exists in every version: v1 is
 * v0, v2 only makes the encoding flexible, v3 is v2 (but may answer
 * THROTTLING_QUOTA_EXCEEDED).
 */
#ifndef SM_CREATE_PARTITIONS_H
#define SM_CREATE_PARTITIONS_H

#include <stdbool.h>

#include "util/arena.h"
#include "wire.h"

typedef struct sm_CreatePartitionsAssignment {
    int32_t BrokerIds_count;
    int32_t *BrokerIds;
} sm_CreatePartitionsAssignment;

typedef struct sm_CreatePartitionsTopic {
    sm_str_t Name;
    int32_t Count;
    int32_t Assignments_count; /* -1 = null (broker chooses) */
    sm_CreatePartitionsAssignment *Assignments;
} sm_CreatePartitionsTopic;

typedef struct sm_CreatePartitionsRequest {
    int32_t Topics_count;
    sm_CreatePartitionsTopic *Topics;
    int32_t TimeoutMs;
    bool ValidateOnly;
} sm_CreatePartitionsRequest;

typedef struct sm_CreatePartitionsTopicResult {
    sm_str_t Name;
    int16_t ErrorCode;
    sm_str_t ErrorMessage; /* nullable */
} sm_CreatePartitionsTopicResult;

typedef struct sm_CreatePartitionsResponse {
    int32_t ThrottleTimeMs;
    int32_t Results_count;
    sm_CreatePartitionsTopicResult *Results;
} sm_CreatePartitionsResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings point into the
 * reader's buffer, arrays are allocated from `a`. */
int sm_CreatePartitionsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                      sm_CreatePartitionsRequest *m);
void sm_CreatePartitionsRequest_encode(sm_wr_t *w, int16_t version,
                                       const sm_CreatePartitionsRequest *m);
int sm_CreatePartitionsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                       sm_CreatePartitionsResponse *m);
void sm_CreatePartitionsResponse_encode(sm_wr_t *w, int16_t version,
                                        const sm_CreatePartitionsResponse *m);

#endif
