/*
 * OffsetCommit (key 8), versions 0-9, flexible from 8.
 *
 * Request:  GroupId string,
 *           v1+: GenerationIdOrMemberEpoch int32 (default -1),
 *           v1+: MemberId string (default ""),
 *           v7+: GroupInstanceId nullable string (default null),
 *           v2-4: RetentionTimeMs int64 (default -1),
 *           Topics [OffsetCommitRequestTopic:
 *             Name string,
 *             Partitions [OffsetCommitRequestPartition:
 *               PartitionIndex int32, CommittedOffset int64,
 *               v6+: CommittedLeaderEpoch int32 (default -1),
 *               v1 only: CommitTimestamp int64 (default -1),
 *               CommittedMetadata nullable string]]
 * Response: v3+: ThrottleTimeMs int32,
 *           Topics [OffsetCommitResponseTopic:
 *             Name string,
 *             Partitions [OffsetCommitResponsePartition:
 *               PartitionIndex int32, ErrorCode int16]]
 *
 * Field order on the wire is the order above: in v6+ CommittedLeaderEpoch
 * sits between CommittedOffset and CommittedMetadata; in v1 CommitTimestamp
 * does (the two never coexist). Version 0 has no group membership fields
 * (a "simple" commit); v1 is the only version carrying a per-partition
 * commit timestamp and v2-4 the only ones with a retention time, which v5
 * dropped in favour of the broker's offsets.retention.minutes. v9 is v8 on
 * the wire (GenerationIdOrMemberEpoch then carries a KIP-848 member epoch).
 *
 * In flexible versions (8+) strings and arrays use the compact forms and
 * every struct ends with a tagged-field section; this API has no known tags,
 * so tags are skipped on decode and written empty. Fields absent in a version
 * decode to the schema default. Null arrays and null non-nullable strings are
 * rejected; encoders write a null view of a non-nullable string as "" and a
 * negative array count as 0.
 */
#ifndef SM_OFFSET_COMMIT_H
#define SM_OFFSET_COMMIT_H

#include "util/arena.h"
#include "wire.h"

typedef struct sm_OffsetCommitRequestPartition {
    int32_t PartitionIndex;
    int64_t CommittedOffset;
    int32_t CommittedLeaderEpoch; /* v6+, default -1 */
    int64_t CommitTimestamp;      /* v1 only, default -1 */
    sm_str_t CommittedMetadata;   /* nullable */
} sm_OffsetCommitRequestPartition;

typedef struct sm_OffsetCommitRequestTopic {
    sm_str_t Name;
    int32_t Partitions_count;
    sm_OffsetCommitRequestPartition *Partitions;
} sm_OffsetCommitRequestTopic;

typedef struct sm_OffsetCommitRequest {
    sm_str_t GroupId;
    int32_t GenerationIdOrMemberEpoch; /* v1+, default -1 */
    sm_str_t MemberId;                 /* v1+, default "" */
    sm_str_t GroupInstanceId;          /* v7+, nullable, default null */
    int64_t RetentionTimeMs;           /* v2-4, default -1 */
    int32_t Topics_count;
    sm_OffsetCommitRequestTopic *Topics;
} sm_OffsetCommitRequest;

typedef struct sm_OffsetCommitResponsePartition {
    int32_t PartitionIndex;
    int16_t ErrorCode;
} sm_OffsetCommitResponsePartition;

typedef struct sm_OffsetCommitResponseTopic {
    sm_str_t Name;
    int32_t Partitions_count;
    sm_OffsetCommitResponsePartition *Partitions;
} sm_OffsetCommitResponseTopic;

typedef struct sm_OffsetCommitResponse {
    int32_t ThrottleTimeMs; /* v3+ */
    int32_t Topics_count;
    sm_OffsetCommitResponseTopic *Topics;
} sm_OffsetCommitResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings point into the
 * reader's buffer, arrays are allocated from `a`. */
int sm_OffsetCommitRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                  sm_OffsetCommitRequest *m);
void sm_OffsetCommitRequest_encode(sm_wr_t *w, int16_t version, const sm_OffsetCommitRequest *m);
int sm_OffsetCommitResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                   sm_OffsetCommitResponse *m);
void sm_OffsetCommitResponse_encode(sm_wr_t *w, int16_t version, const sm_OffsetCommitResponse *m);

#endif
