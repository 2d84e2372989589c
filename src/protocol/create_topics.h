/*
 * CreateTopics (key 19), versions 2-7, flexible from 5.
 *
 * Request:  Topics [CreatableTopic:
 *             Name string, NumPartitions int32 (-1 = broker default),
 *             ReplicationFactor int16 (-1 = broker default),
 *             Assignments [CreatableReplicaAssignment:
 *               PartitionIndex int32, BrokerIds [int32]],
 *             Configs [CreatableTopicConfig: Name string, Value nullable string]],
 *           timeoutMs int32, validateOnly bool
 * Response: ThrottleTimeMs int32,
 *           Topics [CreatableTopicResult:
 *             Name string, v7+: TopicId uuid, ErrorCode int16,
 *             ErrorMessage nullable string,
 *             v5+: NumPartitions int32 (default -1), ReplicationFactor int16
 *             (default -1), Configs nullable [CreatableTopicConfigs:
 *               Name string, Value nullable string, ReadOnly bool,
 *               ConfigSource int8, IsSensitive bool],
 *             v5+ tagged: TopicConfigErrorCode int16 (tag 0, default 0)]
 * In flexible versions every struct ends with a tagged-field section; the
 * only known tag is TopicConfigErrorCode, unknown tags are skipped.
 * Versions 0-1 (no ThrottleTimeMs / ErrorMessage) are not implemented.
 * Fields absent in a version decode to the schema default (TopicId zero,
 * NumPartitions/ReplicationFactor -1, Configs empty, TopicConfigErrorCode 0).
 */
#ifndef SM_CREATE_TOPICS_H
#define SM_CREATE_TOPICS_H

#include <stdbool.h>

#include "util/arena.h"
#include "wire.h"

typedef struct sm_CreatableReplicaAssignment {
    int32_t PartitionIndex;
    int32_t BrokerIds_count;
    int32_t *BrokerIds;
} sm_CreatableReplicaAssignment;

typedef struct sm_CreatableTopicConfig {
    sm_str_t Name;
    sm_str_t Value; /* nullable */
} sm_CreatableTopicConfig;

typedef struct sm_CreatableTopic {
    sm_str_t Name;
    int32_t NumPartitions;
    int16_t ReplicationFactor;
    int32_t Assignments_count;
    sm_CreatableReplicaAssignment *Assignments;
    int32_t Configs_count;
    sm_CreatableTopicConfig *Configs;
} sm_CreatableTopic;

typedef struct sm_CreateTopicsRequest {
    int32_t Topics_count;
    sm_CreatableTopic *Topics;
    int32_t timeoutMs; /* Kafka's spelling for this API */
    bool validateOnly;
} sm_CreateTopicsRequest;

typedef struct sm_CreatableTopicConfigs {
    sm_str_t Name;
    sm_str_t Value; /* nullable */
    bool ReadOnly;
    int8_t ConfigSource;
    bool IsSensitive;
} sm_CreatableTopicConfigs;

typedef struct sm_CreatableTopicResult {
    sm_str_t Name;
    sm_uuid_t TopicId; /* v7+ */
    int16_t ErrorCode;
    sm_str_t ErrorMessage;        /* nullable */
    int16_t TopicConfigErrorCode; /* v5+, tagged (tag 0), sent only when != 0 */
    int32_t NumPartitions;        /* v5+ */
    int16_t ReplicationFactor;    /* v5+ */
    int32_t Configs_count;        /* v5+, -1 = null */
    sm_CreatableTopicConfigs *Configs;
} sm_CreatableTopicResult;

typedef struct sm_CreateTopicsResponse {
    int32_t ThrottleTimeMs;
    int32_t Topics_count;
    sm_CreatableTopicResult *Topics;
} sm_CreateTopicsResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings point into the
 * reader's buffer, arrays are allocated from `a`. */
int sm_CreateTopicsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                  sm_CreateTopicsRequest *m);
void sm_CreateTopicsRequest_encode(sm_wr_t *w, int16_t version, const sm_CreateTopicsRequest *m);
int sm_CreateTopicsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                   sm_CreateTopicsResponse *m);
void sm_CreateTopicsResponse_encode(sm_wr_t *w, int16_t version, const sm_CreateTopicsResponse *m);

#endif
