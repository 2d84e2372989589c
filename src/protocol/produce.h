/*
 * Produce (key 0), versions 0-11, flexible from 9.
 *
 * Request:  v3+: TransactionalId nullable string (default null),
 *           Acks int16, TimeoutMs int32,
 *           TopicData [TopicProduceData:
 *             Name string,
 *             PartitionData [PartitionProduceData:
 *               Index int32, Records nullable records (bytes)]]
 * Response: Responses [TopicProduceResponse:
 *             Name string,
 *             PartitionResponses [PartitionProduceResponse:
 *               Index int32, ErrorCode int16, BaseOffset int64,
 *               v2+: LogAppendTimeMs int64 (default -1),
 *               v5+: LogStartOffset int64 (default -1),
 *               v8+: RecordErrors [BatchIndexAndErrorMessage:
 *                      BatchIndex int32,
 *                      BatchIndexErrorMessage nullable string],
 *               v8+: ErrorMessage nullable string (default null),
 *               v10+ tagged: CurrentLeader (tag 0) LeaderIdAndEpoch:
 *                      LeaderId int32 (default -1), LeaderEpoch int32 (default -1)]],
 *           v1+: ThrottleTimeMs int32,
 *           v10+ tagged: NodeEndpoints (tag 0) [NodeEndpoint:
 *             NodeId int32, Host string, Port int32, Rack nullable string]
 *
 * In flexible versions (9+) strings, bytes and arrays use the compact forms and
 * every struct (the top level, each array element and each tagged struct)
 * ends with a tagged-field section. Known tags are decoded; unknown tags are
 * skipped. On encode a tagged field is written only when it differs from its
 * default (CurrentLeader != {-1,-1}, NodeEndpoints non-empty).
 *
 * Records are not parsed here: the decoded view points into the request
 * buffer, where the broker validates (and rewrites) the batches in place.
 * Fields absent in a version decode to the schema default, so the broker can
 * treat every version alike. Null arrays are rejected where the schema does
 * not allow them (every array of this API); encoders write a null view of a
 * non-nullable string as "" and a negative count of a non-nullable array as 0.
 */
#ifndef SM_PRODUCE_H
#define SM_PRODUCE_H

#include "util/arena.h"
#include "wire.h"

typedef struct sm_PartitionProduceData {
    int32_t Index;
    sm_bytes_t Records; /* nullable; view into the request buffer */
} sm_PartitionProduceData;

typedef struct sm_TopicProduceData {
    sm_str_t Name;
    int32_t PartitionData_count;
    sm_PartitionProduceData *PartitionData;
} sm_TopicProduceData;

typedef struct sm_ProduceRequest {
    sm_str_t TransactionalId; /* v3+, nullable */
    int16_t Acks;
    int32_t TimeoutMs;
    int32_t TopicData_count;
    sm_TopicProduceData *TopicData;
} sm_ProduceRequest;

typedef struct sm_BatchIndexAndErrorMessage {
    int32_t BatchIndex;
    sm_str_t BatchIndexErrorMessage; /* nullable */
} sm_BatchIndexAndErrorMessage;

/* LeaderIdAndEpoch of this API (Fetch has its own, sm_FetchLeaderIdAndEpoch). */
typedef struct sm_ProduceLeaderIdAndEpoch {
    int32_t LeaderId;    /* default -1 */
    int32_t LeaderEpoch; /* default -1 */
} sm_ProduceLeaderIdAndEpoch;

typedef struct sm_PartitionProduceResponse {
    int32_t Index;
    int16_t ErrorCode;
    int64_t BaseOffset;
    int64_t LogAppendTimeMs;    /* v2+, default -1 */
    int64_t LogStartOffset;     /* v5+, default -1 */
    int32_t RecordErrors_count; /* v8+ */
    sm_BatchIndexAndErrorMessage *RecordErrors;
    sm_str_t ErrorMessage;                    /* v8+, nullable */
    sm_ProduceLeaderIdAndEpoch CurrentLeader; /* v10+, tagged 0 */
} sm_PartitionProduceResponse;

typedef struct sm_TopicProduceResponse {
    sm_str_t Name;
    int32_t PartitionResponses_count;
    sm_PartitionProduceResponse *PartitionResponses;
} sm_TopicProduceResponse;

/* NodeEndpoint of this API (Fetch has its own, sm_FetchNodeEndpoint). */
typedef struct sm_ProduceNodeEndpoint {
    int32_t NodeId;
    sm_str_t Host;
    int32_t Port;
    sm_str_t Rack; /* nullable */
} sm_ProduceNodeEndpoint;

typedef struct sm_ProduceResponse {
    int32_t Responses_count;
    sm_TopicProduceResponse *Responses;
    int32_t ThrottleTimeMs;      /* v1+ */
    int32_t NodeEndpoints_count; /* v10+, tagged 0 */
    sm_ProduceNodeEndpoint *NodeEndpoints;
} sm_ProduceResponse;

/* Decoders return 0, or -1 with r->err set (also for a version outside
 * 0-11); decoded strings and records point into the reader's buffer, arrays
 * are allocated from `a`. */
int sm_ProduceRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_ProduceRequest *m);
void sm_ProduceRequest_encode(sm_wr_t *w, int16_t version, const sm_ProduceRequest *m);
int sm_ProduceResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_ProduceResponse *m);
void sm_ProduceResponse_encode(sm_wr_t *w, int16_t version, const sm_ProduceResponse *m);

#endif
