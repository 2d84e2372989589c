/*
 * ListOffsets (key 2), versions 1-10, flexible from 6.
 *
 * Request:  ReplicaId int32,
 *           v2+: IsolationLevel int8 (default 0),
 *           Topics [ListOffsetsTopic:
 *             Name string,
 *             Partitions [ListOffsetsPartition:
 *               PartitionIndex int32,
 *               v4+: CurrentLeaderEpoch int32 (default -1),
 *               Timestamp int64]],
 *           v10+: TimeoutMs int32 (default 0)
 * Response: v2+: ThrottleTimeMs int32,
 *           Topics [ListOffsetsTopicResponse:
 *             Name string,
 *             Partitions [ListOffsetsPartitionResponse:
 *               PartitionIndex int32, ErrorCode int16,
 *               Timestamp int64 (default -1), Offset int64 (default -1),
 *               v4+: LeaderEpoch int32 (default -1)]]
 *
 * Timestamp in the request is a time in ms or one of the special values
 * -1 latest, -2 earliest, -3 max timestamp (v7+), -4 local log start (v8+),
 * -5 last tiered offset (v9+); the codec does not interpret it.
 * Version 0 (MaxNumOffsets / OldStyleOffsets) is not implemented: Kafka 4
 * dropped it too.
 *
 * In flexible versions (6+) strings and arrays use the compact forms and every
 * struct ends with a tagged-field section; this API has no known tags, so
 * tags are skipped on decode and written empty. Fields absent in a version
 * decode to the schema default. Null arrays are rejected; encoders write a
 * null view of a non-nullable string as "" and a negative array count as 0.
 */
#ifndef SM_LIST_OFFSETS_H
#define SM_LIST_OFFSETS_H

#include "util/arena.h"
#include "wire.h"

typedef struct sm_ListOffsetsPartition {
    int32_t PartitionIndex;
    int32_t CurrentLeaderEpoch; /* v4+, default -1 */
    int64_t Timestamp;
} sm_ListOffsetsPartition;

typedef struct sm_ListOffsetsTopic {
    sm_str_t Name;
    int32_t Partitions_count;
    sm_ListOffsetsPartition *Partitions;
} sm_ListOffsetsTopic;

typedef struct sm_ListOffsetsRequest {
    int32_t ReplicaId;
    int8_t IsolationLevel; /* v2+ */
    int32_t Topics_count;
    sm_ListOffsetsTopic *Topics;
    int32_t TimeoutMs; /* v10+ */
} sm_ListOffsetsRequest;

typedef struct sm_ListOffsetsPartitionResponse {
    int32_t PartitionIndex;
    int16_t ErrorCode;
    int64_t Timestamp;   /* default -1 */
    int64_t Offset;      /* default -1 */
    int32_t LeaderEpoch; /* v4+, default -1 */
} sm_ListOffsetsPartitionResponse;

typedef struct sm_ListOffsetsTopicResponse {
    sm_str_t Name;
    int32_t Partitions_count;
    sm_ListOffsetsPartitionResponse *Partitions;
} sm_ListOffsetsTopicResponse;

typedef struct sm_ListOffsetsResponse {
    int32_t ThrottleTimeMs; /* v2+ */
    int32_t Topics_count;
    sm_ListOffsetsTopicResponse *Topics;
} sm_ListOffsetsResponse;

/* Decoders return 0, or -1 with r->err set (also for a version outside
 * 1-10); decoded strings point into the reader's buffer, arrays are allocated
 * from `a`. */
int sm_ListOffsetsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                 sm_ListOffsetsRequest *m);
void sm_ListOffsetsRequest_encode(sm_wr_t *w, int16_t version, const sm_ListOffsetsRequest *m);
int sm_ListOffsetsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                  sm_ListOffsetsResponse *m);
void sm_ListOffsetsResponse_encode(sm_wr_t *w, int16_t version, const sm_ListOffsetsResponse *m);

#endif
