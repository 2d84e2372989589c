/*
 * DeleteTopics (key 20), versions 1-6, flexible from 4.
 *
 * Request:  v1-5: TopicNames [string]
 *           v6+:  Topics [DeleteTopicState: Name nullable string, TopicId uuid]
 *           TimeoutMs int32
 * Response: ThrottleTimeMs int32,
 *           Responses [DeletableTopicResult:
 *             Name string (nullable v6+), v6+: TopicId uuid, ErrorCode int16,
 *             v5+: ErrorMessage nullable string (default null)]
 * In flexible versions every struct ends with a tagged-field section (no
 * known tags; all are skipped). Version 0 (no ThrottleTimeMs) is not
 * implemented.
 *
 * So the broker reads one shape for every version, decoding a v1-5 request
 * also fills Topics with one {Name, zero TopicId} entry per TopicNames entry
 * (the names are shared, not copied); a v6 request leaves TopicNames empty.
 * Encoding writes TopicNames for v1-5 and Topics for v6, as the schema says.
 */
#ifndef SM_DELETE_TOPICS_H
#define SM_DELETE_TOPICS_H

#include "util/arena.h"
#include "wire.h"

typedef struct sm_DeleteTopicState {
    sm_str_t Name; /* nullable: the topic is then named by TopicId */
    sm_uuid_t TopicId;
} sm_DeleteTopicState;

typedef struct sm_DeleteTopicsRequest {
    int32_t Topics_count; /* v6+ (also filled from TopicNames when decoding v1-5) */
    sm_DeleteTopicState *Topics;
    int32_t TopicNames_count; /* v1-5 */
    sm_str_t *TopicNames;
    int32_t TimeoutMs;
} sm_DeleteTopicsRequest;

typedef struct sm_DeletableTopicResult {
    sm_str_t Name;     /* nullable v6+ */
    sm_uuid_t TopicId; /* v6+ */
    int16_t ErrorCode;
    sm_str_t ErrorMessage; /* v5+, nullable */
} sm_DeletableTopicResult;

typedef struct sm_DeleteTopicsResponse {
    int32_t ThrottleTimeMs;
    int32_t Responses_count;
    sm_DeletableTopicResult *Responses;
} sm_DeleteTopicsResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings point into the
 * reader's buffer, arrays are allocated from `a`. */
int sm_DeleteTopicsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                  sm_DeleteTopicsRequest *m);
void sm_DeleteTopicsRequest_encode(sm_wr_t *w, int16_t version, const sm_DeleteTopicsRequest *m);
int sm_DeleteTopicsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                   sm_DeleteTopicsResponse *m);
void sm_DeleteTopicsResponse_encode(sm_wr_t *w, int16_t version, const sm_DeleteTopicsResponse *m);

#endif
