/*
 * Fetch (key 1), versions 4-17, flexible from 12.
 *
 * Request:  v0-14: ReplicaId int32 (default -1),
 *           MaxWaitMs int32, MinBytes int32,
 *           v3+: MaxBytes int32 (default 0x7fffffff),
 *           v4+: IsolationLevel int8 (default 0),
 *           v7+: SessionId int32 (default 0), SessionEpoch int32 (default -1),
 *           Topics [FetchTopic:
 *             v0-12: Topic string, v13+: TopicId uuid,
 *             Partitions [FetchPartition:
 *               Partition int32,
 *               v9+: CurrentLeaderEpoch int32 (default -1),
 *               FetchOffset int64,
 *               v12+: LastFetchedEpoch int32 (default -1),
 *               v5+: LogStartOffset int64 (default -1),
 *               PartitionMaxBytes int32,
 *               v17+ tagged: ReplicaDirectoryId (tag 0) uuid (default zero)]],
 *           v7+: ForgottenTopicsData [ForgottenTopic:
 *             v7-12: Topic string, v13+: TopicId uuid, Partitions [int32]],
 *           v11+: RackId string (default ""),
 *           v12+ tagged: ClusterId (tag 0) nullable string (default null),
 *           v15+ tagged: ReplicaState (tag 1) ReplicaState:
 *             ReplicaId int32 (default -1), ReplicaEpoch int64 (default -1)
 * Response: v1+: ThrottleTimeMs int32,
 *           v7+: ErrorCode int16, SessionId int32 (default 0),
 *           Responses [FetchableTopicResponse:
 *             v0-12: Topic string, v13+: TopicId uuid,
 *             Partitions [PartitionData:
 *               PartitionIndex int32, ErrorCode int16, HighWatermark int64,
 *               v4+: LastStableOffset int64 (default -1),
 *               v5+: LogStartOffset int64 (default -1),
 *               v4+: AbortedTransactions nullable [AbortedTransaction:
 *                      ProducerId int64, FirstOffset int64],
 *               v11+: PreferredReadReplica int32 (default -1),
 *               Records nullable records,
 *               v12+ tagged: DivergingEpoch (tag 0) EpochEndOffset:
 *                      Epoch int32 (default -1), EndOffset int64 (default -1),
 *               v12+ tagged: CurrentLeader (tag 1) LeaderIdAndEpoch:
 *                      LeaderId int32 (default -1), LeaderEpoch int32 (default -1),
 *               v12+ tagged: SnapshotId (tag 2) SnapshotId:
 *                      EndOffset int64 (default -1), Epoch int32 (default -1)]],
 *           v16+ tagged: NodeEndpoints (tag 0) [NodeEndpoint:
 *             NodeId int32, Host string, Port int32, Rack nullable string]
 *
 * In flexible versions (12+) strings, bytes and arrays use the compact forms
 * and every struct (the top level, each array element and each tagged struct)
 * ends with a tagged-field section. Known tags are decoded; unknown tags are
 * skipped. On encode a tagged field is written only when it differs from its
 * default (a struct differs when any of its fields does; NodeEndpoints when
 * non-empty).
 *
 * Fields absent in a version decode to the schema default: Topic is "" from
 * v13 (use TopicId), TopicId is zero before v13, ReplicaId is -1 from v15
 * (the follower id is then ReplicaState.ReplicaId), and so on as listed
 * above. Null arrays are rejected except AbortedTransactions; encoders write a
 * null view of a non-nullable string as "" and a negative count of a
 * non-nullable array as 0.
 *
 * Response Records are an sm_records_ref_t so the broker can answer from the
 * log files without copying: with fd >= 0 the encoder writes the (compact)
 * bytes length of file_len and then splices file bytes [file_pos,
 * file_pos+file_len) into the writer; the writer then owns `release(ctx)`
 * (called once the range is sent or the writer is freed), so such a response
 * must be encoded exactly once. With fd < 0 `mem` is written as nullable bytes
 * (len -1 = null) and release is not used. Decoding always fills `mem` (a view
 * into the reader's buffer) with fd = -1. NOTE: arena memory is zeroed, so a
 * freshly allocated sm_FetchPartitionData has fd 0: set Records.fd = -1 (or
 * use SM_RECORDS_REF_MEM) unless sending from a file.
 */
#ifndef SM_FETCH_H
#define SM_FETCH_H

#include "util/arena.h"
#include "wire.h"

typedef struct sm_records_ref {
    sm_bytes_t mem; /* used when fd < 0; len -1 = null */
    int fd;         /* >= 0: send file_len bytes of fd at file_pos */
    int64_t file_pos;
    int32_t file_len;
    void (*release)(void *); /* fd >= 0 only; ownership passes to the writer */
    void *ctx;
} sm_records_ref_t;

#define SM_RECORDS_REF_MEM(b) ((sm_records_ref_t){(b), -1, 0, 0, NULL, NULL})

typedef struct sm_FetchReplicaState {
    int32_t ReplicaId;    /* default -1 */
    int64_t ReplicaEpoch; /* default -1 */
} sm_FetchReplicaState;

typedef struct sm_FetchPartition {
    int32_t Partition;
    int32_t CurrentLeaderEpoch; /* v9+, default -1 */
    int64_t FetchOffset;
    int32_t LastFetchedEpoch; /* v12+, default -1 */
    int64_t LogStartOffset;   /* v5+, default -1 */
    int32_t PartitionMaxBytes;
    sm_uuid_t ReplicaDirectoryId; /* v17+, tagged 0 */
} sm_FetchPartition;

typedef struct sm_FetchTopic {
    sm_str_t Topic;    /* v0-12 */
    sm_uuid_t TopicId; /* v13+ */
    int32_t Partitions_count;
    sm_FetchPartition *Partitions;
} sm_FetchTopic;

typedef struct sm_ForgottenTopic {
    sm_str_t Topic;    /* v7-12 */
    sm_uuid_t TopicId; /* v13+ */
    int32_t Partitions_count;
    int32_t *Partitions;
} sm_ForgottenTopic;

typedef struct sm_FetchRequest {
    sm_str_t ClusterId;                /* v12+, tagged 0, nullable */
    int32_t ReplicaId;                 /* v0-14, default -1 */
    sm_FetchReplicaState ReplicaState; /* v15+, tagged 1 */
    int32_t MaxWaitMs;
    int32_t MinBytes;
    int32_t MaxBytes;      /* v3+, default 0x7fffffff */
    int8_t IsolationLevel; /* v4+ */
    int32_t SessionId;     /* v7+, default 0 */
    int32_t SessionEpoch;  /* v7+, default -1 */
    int32_t Topics_count;
    sm_FetchTopic *Topics;
    int32_t ForgottenTopicsData_count; /* v7+ */
    sm_ForgottenTopic *ForgottenTopicsData;
    sm_str_t RackId; /* v11+, default "" */
} sm_FetchRequest;

typedef struct sm_FetchEpochEndOffset {
    int32_t Epoch;     /* default -1 */
    int64_t EndOffset; /* default -1 */
} sm_FetchEpochEndOffset;

typedef struct sm_FetchLeaderIdAndEpoch {
    int32_t LeaderId;    /* default -1 */
    int32_t LeaderEpoch; /* default -1 */
} sm_FetchLeaderIdAndEpoch;

typedef struct sm_FetchSnapshotId {
    int64_t EndOffset; /* default -1 */
    int32_t Epoch;     /* default -1 */
} sm_FetchSnapshotId;

typedef struct sm_AbortedTransaction {
    int64_t ProducerId;
    int64_t FirstOffset;
} sm_AbortedTransaction;

typedef struct sm_FetchPartitionData {
    int32_t PartitionIndex;
    int16_t ErrorCode;
    int64_t HighWatermark;
    int64_t LastStableOffset;               /* v4+, default -1 */
    int64_t LogStartOffset;                 /* v5+, default -1 */
    sm_FetchEpochEndOffset DivergingEpoch;  /* v12+, tagged 0 */
    sm_FetchLeaderIdAndEpoch CurrentLeader; /* v12+, tagged 1 */
    sm_FetchSnapshotId SnapshotId;          /* v12+, tagged 2 */
    int32_t AbortedTransactions_count;      /* v4+, -1 = null */
    sm_AbortedTransaction *AbortedTransactions;
    int32_t PreferredReadReplica; /* v11+, default -1 */
    sm_records_ref_t Records;
} sm_FetchPartitionData;

typedef struct sm_FetchableTopicResponse {
    sm_str_t Topic;    /* v0-12 */
    sm_uuid_t TopicId; /* v13+ */
    int32_t Partitions_count;
    sm_FetchPartitionData *Partitions;
} sm_FetchableTopicResponse;

typedef struct sm_FetchNodeEndpoint {
    int32_t NodeId;
    sm_str_t Host;
    int32_t Port;
    sm_str_t Rack; /* nullable */
} sm_FetchNodeEndpoint;

typedef struct sm_FetchResponse {
    int32_t ThrottleTimeMs; /* v1+ */
    int16_t ErrorCode;      /* v7+ */
    int32_t SessionId;      /* v7+, default 0 */
    int32_t Responses_count;
    sm_FetchableTopicResponse *Responses;
    int32_t NodeEndpoints_count; /* v16+, tagged 0 */
    sm_FetchNodeEndpoint *NodeEndpoints;
} sm_FetchResponse;

/* Decoders return 0, or -1 with r->err set (also for a version outside
 * 4-17); decoded strings and records point into the reader's buffer, arrays
 * are allocated from `a`. */
int sm_FetchRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_FetchRequest *m);
void sm_FetchRequest_encode(sm_wr_t *w, int16_t version, const sm_FetchRequest *m);
int sm_FetchResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_FetchResponse *m);
/* Takes ownership of every file-backed Records' release callback (see above). */
void sm_FetchResponse_encode(sm_wr_t *w, int16_t version, const sm_FetchResponse *m);

#endif
