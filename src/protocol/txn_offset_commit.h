/*
 * TxnOffsetCommit (key 28), versions 0-4, flexible from 3.
 *
 * Request:  TransactionalId string, GroupId string,
 *           ProducerId int64, ProducerEpoch int16,
 *           v3+: GenerationId int32 (default -1),
 *           v3+: MemberId string (default ""),
 *           v3+: GroupInstanceId nullable string (default null),
 *           Topics [TxnOffsetCommitRequestTopic:
 *             Name string,
 *             Partitions [TxnOffsetCommitRequestPartition:
 *               PartitionIndex int32, CommittedOffset int64,
 *               v2+: CommittedLeaderEpoch int32 (default -1),
 *               CommittedMetadata nullable string]]
 * Response: ThrottleTimeMs int32,
 *           Topics [TxnOffsetCommitResponseTopic:
 *             Name string,
 *             Partitions [TxnOffsetCommitResponsePartition:
 *               PartitionIndex int32, ErrorCode int16]]
 *
 * Field order on the wire is the order above: the v3 group membership
 * fields (KIP-447, so the coordinator can fence zombie consumers) sit
 * between ProducerEpoch and Topics; CommittedLeaderEpoch sits between
 * CommittedOffset and CommittedMetadata. Unlike OffsetCommit there is no
 * retention time and no commit timestamp in any version. v1 is v0 on the
 * wire and v4 is v3 (TRANSACTION_ABORTABLE only); the response is the same
 * in every version apart from the flexible encoding.
 *
 * In flexible versions (3+) strings and arrays use the compact forms and
 * every struct ends with a tagged-field section; this API has no known tags,
 * so tags are skipped on decode and written empty. Fields absent in a version
 * decode to the schema default. Null arrays and null non-nullable strings are
 * rejected; encoders write a null view of a non-nullable string as "" and a
 * negative array count as 0.
 */
#ifndef SM_TXN_OFFSET_COMMIT_H
#define SM_TXN_OFFSET_COMMIT_H

#include "util/arena.h"
#include "wire.h"

typedef struct sm_TxnOffsetCommitRequestPartition {
    int32_t PartitionIndex;
    int64_t CommittedOffset;
    int32_t CommittedLeaderEpoch; /* v2+, default -1 */
    sm_str_t CommittedMetadata;   /* nullable */
} sm_TxnOffsetCommitRequestPartition;

typedef struct sm_TxnOffsetCommitRequestTopic {
    sm_str_t Name;
    int32_t Partitions_count;
    sm_TxnOffsetCommitRequestPartition *Partitions;
} sm_TxnOffsetCommitRequestTopic;

typedef struct sm_TxnOffsetCommitRequest {
    sm_str_t TransactionalId;
    sm_str_t GroupId;
    int64_t ProducerId;
    int16_t ProducerEpoch;
    int32_t GenerationId;     /* v3+, default -1 */
    sm_str_t MemberId;        /* v3+, default "" */
    sm_str_t GroupInstanceId; /* v3+, nullable, default null */
    int32_t Topics_count;
    sm_TxnOffsetCommitRequestTopic *Topics;
} sm_TxnOffsetCommitRequest;

typedef struct sm_TxnOffsetCommitResponsePartition {
    int32_t PartitionIndex;
    int16_t ErrorCode;
} sm_TxnOffsetCommitResponsePartition;

typedef struct sm_TxnOffsetCommitResponseTopic {
    sm_str_t Name;
    int32_t Partitions_count;
    sm_TxnOffsetCommitResponsePartition *Partitions;
} sm_TxnOffsetCommitResponseTopic;

typedef struct sm_TxnOffsetCommitResponse {
    int32_t ThrottleTimeMs;
    int32_t Topics_count;
    sm_TxnOffsetCommitResponseTopic *Topics;
} sm_TxnOffsetCommitResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings point into the
 * reader's buffer, arrays are allocated from `a`. */
int sm_TxnOffsetCommitRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                     sm_TxnOffsetCommitRequest *m);
void sm_TxnOffsetCommitRequest_encode(sm_wr_t *w, int16_t version,
                                      const sm_TxnOffsetCommitRequest *m);
int sm_TxnOffsetCommitResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                      sm_TxnOffsetCommitResponse *m);
void sm_TxnOffsetCommitResponse_encode(sm_wr_t *w, int16_t version,
                                       const sm_TxnOffsetCommitResponse *m);

#endif
