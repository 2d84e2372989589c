/*
 * Metadata (key 3), versions 0-12, flexible from 9.
 *
 * Request:  Topics [MetadataRequestTopic:             (nullable from v1)
 *             v10+: TopicId uuid,
 *             Name string (nullable from v10)],
 *           v4+: AllowAutoTopicCreation bool (default true),
 *           v8-10: IncludeClusterAuthorizedOperations bool (default false),
 *           v8+: IncludeTopicAuthorizedOperations bool (default false)
 * Response: v3+: ThrottleTimeMs int32,
 *           Brokers [MetadataResponseBroker:
 *             NodeId int32, Host string, Port int32,
 *             v1+: Rack nullable string (default null)],
 *           v2+: ClusterId nullable string (default null),
 *           v1+: ControllerId int32 (default -1),
 *           Topics [MetadataResponseTopic:
 *             ErrorCode int16,
 *             Name string (nullable from v12),
 *             v10+: TopicId uuid,
 *             v1+: IsInternal bool (default false),
 *             Partitions [MetadataResponsePartition:
 *               ErrorCode int16, PartitionIndex int32, LeaderId int32,
 *               v7+: LeaderEpoch int32 (default -1),
 *               ReplicaNodes [int32], IsrNodes [int32],
 *               v5+: OfflineReplicas [int32]],
 *             v8+: TopicAuthorizedOperations int32 (default INT32_MIN)],
 *           v8-10: ClusterAuthorizedOperations int32 (default INT32_MIN)
 *
 * Which topics a request asks for: in v0 an empty Topics array means all
 * topics; from v1 a null array (Topics_count == -1) means all topics and an
 * empty one means none. The codec keeps the wire value; the handler decides.
 *
 * In flexible versions (9+) strings and arrays use the compact forms and every
 * struct ends with a tagged-field section; this API has no known tags, so
 * tags are skipped on decode and written empty. Fields absent in a version
 * decode to the schema default. Null arrays and null strings are rejected
 * where the schema does not allow them; encoders write a null view of a
 * non-nullable string as "" and a negative count of a non-nullable array as 0
 * (a null request Topics array in v0 is thus written as empty, which v0 reads
 * as "all topics", as Kafka's client does).
 */
#ifndef SM_METADATA_H
#define SM_METADATA_H

#include <stdbool.h>

#include "util/arena.h"
#include "wire.h"

typedef struct sm_MetadataRequestTopic {
    sm_uuid_t TopicId; /* v10+ */
    sm_str_t Name;     /* nullable from v10 */
} sm_MetadataRequestTopic;

typedef struct sm_MetadataRequest {
    int32_t Topics_count; /* -1 = null (v1+) */
    sm_MetadataRequestTopic *Topics;
    bool AllowAutoTopicCreation;             /* v4+, default true */
    bool IncludeClusterAuthorizedOperations; /* v8-10 */
    bool IncludeTopicAuthorizedOperations;   /* v8+ */
} sm_MetadataRequest;

typedef struct sm_MetadataResponseBroker {
    int32_t NodeId;
    sm_str_t Host;
    int32_t Port;
    sm_str_t Rack; /* v1+, nullable */
} sm_MetadataResponseBroker;

typedef struct sm_MetadataResponsePartition {
    int16_t ErrorCode;
    int32_t PartitionIndex;
    int32_t LeaderId;
    int32_t LeaderEpoch; /* v7+, default -1 */
    int32_t ReplicaNodes_count;
    int32_t *ReplicaNodes;
    int32_t IsrNodes_count;
    int32_t *IsrNodes;
    int32_t OfflineReplicas_count; /* v5+ */
    int32_t *OfflineReplicas;
} sm_MetadataResponsePartition;

typedef struct sm_MetadataResponseTopic {
    int16_t ErrorCode;
    sm_str_t Name;     /* nullable from v12 */
    sm_uuid_t TopicId; /* v10+ */
    bool IsInternal;   /* v1+ */
    int32_t Partitions_count;
    sm_MetadataResponsePartition *Partitions;
    int32_t TopicAuthorizedOperations; /* v8+, default INT32_MIN */
} sm_MetadataResponseTopic;

typedef struct sm_MetadataResponse {
    int32_t ThrottleTimeMs; /* v3+ */
    int32_t Brokers_count;
    sm_MetadataResponseBroker *Brokers;
    sm_str_t ClusterId;   /* v2+, nullable */
    int32_t ControllerId; /* v1+, default -1 */
    int32_t Topics_count;
    sm_MetadataResponseTopic *Topics;
    int32_t ClusterAuthorizedOperations; /* v8-10, default INT32_MIN */
} sm_MetadataResponse;

/* Decoders return 0, or -1 with r->err set (also for a version outside
 * 0-12); decoded strings point into the reader's buffer, arrays are allocated
 * from `a`. */
int sm_MetadataRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_MetadataRequest *m);
void sm_MetadataRequest_encode(sm_wr_t *w, int16_t version, const sm_MetadataRequest *m);
int sm_MetadataResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_MetadataResponse *m);
void sm_MetadataResponse_encode(sm_wr_t *w, int16_t version, const sm_MetadataResponse *m);

#endif
