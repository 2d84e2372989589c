/*
 * OffsetDelete (key 47), version 0, never flexible.
 *
 * Request:  GroupId string,
 *           Topics [OffsetDeleteRequestTopic:
 *             Name string,
 *             Partitions [OffsetDeleteRequestPartition: PartitionIndex int32]]
 * Response: ErrorCode int16, ThrottleTimeMs int32,
 *           Topics [OffsetDeleteResponseTopic:
 *             Name string,
 *             Partitions [OffsetDeleteResponsePartition:
 *               PartitionIndex int32, ErrorCode int16]]
 *
 * Unlike most responses, ErrorCode comes before ThrottleTimeMs. Only the
 * classic encodings exist (no compact forms, no tagged fields), so the
 * version argument is not consulted. Null arrays and null strings are
 * rejected; encoders write a null string view as "" and a negative array
 * count as 0.
 */
#ifndef SM_OFFSET_DELETE_H
#define SM_OFFSET_DELETE_H

#include "util/arena.h"
#include "wire.h"

typedef struct sm_OffsetDeleteRequestPartition {
    int32_t PartitionIndex;
} sm_OffsetDeleteRequestPartition;

typedef struct sm_OffsetDeleteRequestTopic {
    sm_str_t Name;
    int32_t Partitions_count;
    sm_OffsetDeleteRequestPartition *Partitions;
} sm_OffsetDeleteRequestTopic;

typedef struct sm_OffsetDeleteRequest {
    sm_str_t GroupId;
    int32_t Topics_count;
    sm_OffsetDeleteRequestTopic *Topics;
} sm_OffsetDeleteRequest;

typedef struct sm_OffsetDeleteResponsePartition {
    int32_t PartitionIndex;
    int16_t ErrorCode;
} sm_OffsetDeleteResponsePartition;

typedef struct sm_OffsetDeleteResponseTopic {
    sm_str_t Name;
    int32_t Partitions_count;
    sm_OffsetDeleteResponsePartition *Partitions;
} sm_OffsetDeleteResponseTopic;

typedef struct sm_OffsetDeleteResponse {
    int16_t ErrorCode;
    int32_t ThrottleTimeMs;
    int32_t Topics_count;
    sm_OffsetDeleteResponseTopic *Topics;
} sm_OffsetDeleteResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings point into the
 * reader's buffer, arrays are allocated from `a`. */
int sm_OffsetDeleteRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                  sm_OffsetDeleteRequest *m);
void sm_OffsetDeleteRequest_encode(sm_wr_t *w, int16_t version, const sm_OffsetDeleteRequest *m);
int sm_OffsetDeleteResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                   sm_OffsetDeleteResponse *m);
void sm_OffsetDeleteResponse_encode(sm_wr_t *w, int16_t version, const sm_OffsetDeleteResponse *m);

#endif
