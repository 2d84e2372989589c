/*
 * OffsetFetch (key 9), versions 0-9, flexible from 6.
 *
 * Request:  v0-7: GroupId string,
 *           v0-7: Topics [OffsetFetchRequestTopic:
 *                   Name string, PartitionIndexes [int32]]
 *                 (nullable v2-7: null = every topic the group has offsets for),
 *           v8+:  Groups [OffsetFetchRequestGroup:
 *                   GroupId string,
 *                   v9+: MemberId nullable string (default null),
 *                   v9+: MemberEpoch int32 (default -1),
 *                   Topics nullable [OffsetFetchRequestTopics:
 *                     Name string, PartitionIndexes [int32]]],
 *           v7+:  RequireStable bool (default false)
 * Response: v3+:  ThrottleTimeMs int32,
 *           v0-7: Topics [OffsetFetchResponseTopic:
 *                   Name string,
 *                   Partitions [OffsetFetchResponsePartition:
 *                     PartitionIndex int32, CommittedOffset int64,
 *                     v5-7: CommittedLeaderEpoch int32 (default -1),
 *                     Metadata nullable string, ErrorCode int16]],
 *           v2-7: ErrorCode int16 (default 0),
 *           v8+:  Groups [OffsetFetchResponseGroup:
 *                   GroupId string,
 *                   Topics [OffsetFetchResponseTopics:
 *                     Name string,
 *                     Partitions [OffsetFetchResponsePartitions:
 *                       PartitionIndex int32, CommittedOffset int64,
 *                       CommittedLeaderEpoch int32, Metadata nullable string,
 *                       ErrorCode int16]],
 *                   ErrorCode int16]
 *
 * v8 replaced the single group (GroupId + Topics) by a Groups array; the
 * per-topic and per-partition shapes are unchanged, so the v8+ structs
 * (OffsetFetchRequestTopics, OffsetFetchResponseTopics/Partitions) are the
 * same C types as the v0-7 ones under Kafka's second names. Both the
 * single-group fields and Groups are kept:
 *  - decoding a v0-7 request also fills Groups with one group {GroupId,
 *    MemberId null, MemberEpoch -1, the same Topics (shared, not copied, null
 *    stays null)}, so the broker reads Groups for every version; decoding a
 *    v8+ request leaves GroupId "" and Topics empty (their defaults).
 *  - a response is encoded from Topics/ErrorCode in v0-7 and from Groups in
 *    v8+; a handler that built Groups can point Topics at Groups[0].Topics
 *    for an old client. Decoding a response does no mirroring.
 * In v0/v1 a null Topics array is invalid and is rejected on decode (the
 * encoder writes it as empty). In v0/v1 group-level errors are reported per
 * partition: there is no top-level ErrorCode before v2.
 *
 * In flexible versions (6+) strings and arrays use the compact forms and
 * every struct ends with a tagged-field section; this API has no known tags,
 * so tags are skipped on decode and written empty. Fields absent in a version
 * decode to the schema default. Null non-nullable arrays and strings are
 * rejected; encoders write a null view of a non-nullable string as "" and a
 * negative count of a non-nullable array as 0.
 */
#ifndef SM_OFFSET_FETCH_H
#define SM_OFFSET_FETCH_H

#include <stdbool.h>

#include "util/arena.h"
#include "wire.h"

typedef struct sm_OffsetFetchRequestTopic {
    sm_str_t Name;
    int32_t PartitionIndexes_count;
    int32_t *PartitionIndexes;
} sm_OffsetFetchRequestTopic;

/* v8+ name of the same struct. */
typedef sm_OffsetFetchRequestTopic sm_OffsetFetchRequestTopics;

typedef struct sm_OffsetFetchRequestGroup {
    sm_str_t GroupId;
    sm_str_t MemberId;    /* v9+, nullable, default null */
    int32_t MemberEpoch;  /* v9+, default -1 */
    int32_t Topics_count; /* -1 = null: every topic */
    sm_OffsetFetchRequestTopics *Topics;
} sm_OffsetFetchRequestGroup;

typedef struct sm_OffsetFetchRequest {
    sm_str_t GroupId;     /* v0-7 */
    int32_t Topics_count; /* v0-7; -1 = null (v2-7): every topic */
    sm_OffsetFetchRequestTopic *Topics;
    int32_t Groups_count; /* v8+ (also filled from GroupId/Topics decoding v0-7) */
    sm_OffsetFetchRequestGroup *Groups;
    bool RequireStable; /* v7+ */
} sm_OffsetFetchRequest;

typedef struct sm_OffsetFetchResponsePartition {
    int32_t PartitionIndex;
    int64_t CommittedOffset;
    int32_t CommittedLeaderEpoch; /* v5+, default -1 */
    sm_str_t Metadata;            /* nullable */
    int16_t ErrorCode;
} sm_OffsetFetchResponsePartition;

/* v8+ name of the same struct. */
typedef sm_OffsetFetchResponsePartition sm_OffsetFetchResponsePartitions;

typedef struct sm_OffsetFetchResponseTopic {
    sm_str_t Name;
    int32_t Partitions_count;
    sm_OffsetFetchResponsePartition *Partitions;
} sm_OffsetFetchResponseTopic;

/* v8+ name of the same struct. */
typedef sm_OffsetFetchResponseTopic sm_OffsetFetchResponseTopics;

typedef struct sm_OffsetFetchResponseGroup {
    sm_str_t GroupId;
    int32_t Topics_count;
    sm_OffsetFetchResponseTopics *Topics;
    int16_t ErrorCode;
} sm_OffsetFetchResponseGroup;

typedef struct sm_OffsetFetchResponse {
    int32_t ThrottleTimeMs; /* v3+ */
    int32_t Topics_count;   /* v0-7 */
    sm_OffsetFetchResponseTopic *Topics;
    int16_t ErrorCode;    /* v2-7, default 0 */
    int32_t Groups_count; /* v8+ */
    sm_OffsetFetchResponseGroup *Groups;
} sm_OffsetFetchResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings point into the
 * reader's buffer, arrays are allocated from `a`. */
int sm_OffsetFetchRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                 sm_OffsetFetchRequest *m);
void sm_OffsetFetchRequest_encode(sm_wr_t *w, int16_t version, const sm_OffsetFetchRequest *m);
int sm_OffsetFetchResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                  sm_OffsetFetchResponse *m);
void sm_OffsetFetchResponse_encode(sm_wr_t *w, int16_t version, const sm_OffsetFetchResponse *m);

#endif
