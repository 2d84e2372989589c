/*
 * CreateTopics codec; the byte layout per version is in create_topics.h.
 * Array counts are checked against the smallest encoding of one element, so
 * a forged count cannot make the arena allocate much more than the request.
 */
#include "create_topics.h"

/* Reads an array count: -1 (null) only when `nullable`, and no more elements
 * than the remaining bytes could hold at `min_elem` bytes each. */
static int32_t read_count(sm_rd_t *r, size_t min_elem, bool nullable)
{
    int32_t n = sm_rd_array_len(r);
    if (r->err) return 0;
    if ((n < 0 && !nullable) || (n > 0 && (size_t)n > sm_rd_remaining(r) / min_elem)) {
        sm_rd_fail(r, SM_RD_INVALID);
        return 0;
    }
    return n;
}

/* Smallest encodings of a string, an array and a tag section. */
#define STR_MIN(r) ((r)->flexible ? 1u : 2u)
#define ARR_MIN(r) ((r)->flexible ? 1u : 4u)
#define TAGS_MIN(r) ((r)->flexible ? 1u : 0u)

int sm_CreateTopicsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                  sm_CreateTopicsRequest *m)
{
    r->flexible = version >= 5;
    m->Topics = NULL;
    m->Topics_count = read_count(r, STR_MIN(r) + 6 + 2 * ARR_MIN(r) + TAGS_MIN(r), false);
    if (m->Topics_count > 0)
        m->Topics = sm_arena_calloc(a, (size_t)m->Topics_count, sizeof(*m->Topics));
    for (int32_t i = 0; i < m->Topics_count && !r->err; i++) {
        sm_CreatableTopic *t = &m->Topics[i];
        t->Name = sm_rd_string(r);
        t->NumPartitions = sm_rd_i32(r);
        t->ReplicationFactor = sm_rd_i16(r);
        t->Assignments_count = read_count(r, 4 + ARR_MIN(r) + TAGS_MIN(r), false);
        if (t->Assignments_count > 0)
            t->Assignments =
                sm_arena_calloc(a, (size_t)t->Assignments_count, sizeof(*t->Assignments));
        for (int32_t j = 0; j < t->Assignments_count && !r->err; j++) {
            sm_CreatableReplicaAssignment *as = &t->Assignments[j];
            as->PartitionIndex = sm_rd_i32(r);
            as->BrokerIds_count = read_count(r, 4, false);
            if (as->BrokerIds_count > 0)
                as->BrokerIds = sm_arena_calloc(a, (size_t)as->BrokerIds_count, sizeof(int32_t));
            for (int32_t k = 0; k < as->BrokerIds_count && !r->err; k++)
                as->BrokerIds[k] = sm_rd_i32(r);
            sm_rd_tags(r);
        }
        t->Configs_count = read_count(r, 2 * STR_MIN(r) + TAGS_MIN(r), false);
        if (t->Configs_count > 0)
            t->Configs = sm_arena_calloc(a, (size_t)t->Configs_count, sizeof(*t->Configs));
        for (int32_t j = 0; j < t->Configs_count && !r->err; j++) {
            t->Configs[j].Name = sm_rd_string(r);
            t->Configs[j].Value = sm_rd_nstring(r);
            sm_rd_tags(r);
        }
        sm_rd_tags(r);
    }
    m->timeoutMs = sm_rd_i32(r);
    m->validateOnly = sm_rd_bool(r);
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_CreateTopicsRequest_encode(sm_wr_t *w, int16_t version, const sm_CreateTopicsRequest *m)
{
    w->flexible = version >= 5;
    sm_wr_array_len(w, m->Topics_count);
    for (int32_t i = 0; i < m->Topics_count; i++) {
        const sm_CreatableTopic *t = &m->Topics[i];
        sm_wr_string(w, t->Name);
        sm_wr_i32(w, t->NumPartitions);
        sm_wr_i16(w, t->ReplicationFactor);
        sm_wr_array_len(w, t->Assignments_count);
        for (int32_t j = 0; j < t->Assignments_count; j++) {
            const sm_CreatableReplicaAssignment *as = &t->Assignments[j];
            sm_wr_i32(w, as->PartitionIndex);
            sm_wr_array_len(w, as->BrokerIds_count);
            for (int32_t k = 0; k < as->BrokerIds_count; k++)
                sm_wr_i32(w, as->BrokerIds[k]);
            sm_wr_tags_empty(w);
        }
        sm_wr_array_len(w, t->Configs_count);
        for (int32_t j = 0; j < t->Configs_count; j++) {
            sm_wr_string(w, t->Configs[j].Name);
            sm_wr_string(w, t->Configs[j].Value);
            sm_wr_tags_empty(w);
        }
        sm_wr_tags_empty(w);
    }
    sm_wr_i32(w, m->timeoutMs);
    sm_wr_bool(w, m->validateOnly);
    sm_wr_tags_empty(w);
}

/* Known tagged fields of CreatableTopicResult. */
static void result_tag(sm_rd_t *field, uint32_t tag, void *opaque)
{
    sm_CreatableTopicResult *t = opaque;
    if (tag == 0) t->TopicConfigErrorCode = sm_rd_i16(field);
}

int sm_CreateTopicsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                   sm_CreateTopicsResponse *m)
{
    r->flexible = version >= 5;
    m->ThrottleTimeMs = sm_rd_i32(r);
    m->Topics = NULL;
    size_t min_topic = 2 * STR_MIN(r) + 2 + TAGS_MIN(r);
    if (version >= 5) min_topic += 6 + ARR_MIN(r);
    if (version >= 7) min_topic += 16;
    m->Topics_count = read_count(r, min_topic, false);
    if (m->Topics_count > 0)
        m->Topics = sm_arena_calloc(a, (size_t)m->Topics_count, sizeof(*m->Topics));
    for (int32_t i = 0; i < m->Topics_count && !r->err; i++) {
        sm_CreatableTopicResult *t = &m->Topics[i];
        t->Name = sm_rd_string(r);
        if (version >= 7) t->TopicId = sm_rd_uuid(r);
        t->ErrorCode = sm_rd_i16(r);
        t->ErrorMessage = sm_rd_nstring(r);
        t->TopicConfigErrorCode = 0;
        t->NumPartitions = -1;
        t->ReplicationFactor = -1;
        t->Configs_count = 0;
        if (version >= 5) {
            t->NumPartitions = sm_rd_i32(r);
            t->ReplicationFactor = sm_rd_i16(r);
            t->Configs_count = read_count(r, 2 * STR_MIN(r) + 3 + TAGS_MIN(r), true);
            if (t->Configs_count > 0)
                t->Configs = sm_arena_calloc(a, (size_t)t->Configs_count, sizeof(*t->Configs));
            for (int32_t j = 0; j < t->Configs_count && !r->err; j++) {
                sm_CreatableTopicConfigs *c = &t->Configs[j];
                c->Name = sm_rd_string(r);
                c->Value = sm_rd_nstring(r);
                c->ReadOnly = sm_rd_bool(r);
                c->ConfigSource = sm_rd_i8(r);
                c->IsSensitive = sm_rd_bool(r);
                sm_rd_tags(r);
            }
        }
        sm_rd_tags_cb(r, result_tag, t);
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_CreateTopicsResponse_encode(sm_wr_t *w, int16_t version, const sm_CreateTopicsResponse *m)
{
    w->flexible = version >= 5;
    sm_wr_i32(w, m->ThrottleTimeMs);
    sm_wr_array_len(w, m->Topics_count);
    for (int32_t i = 0; i < m->Topics_count; i++) {
        const sm_CreatableTopicResult *t = &m->Topics[i];
        sm_wr_string(w, t->Name);
        if (version >= 7) sm_wr_uuid(w, &t->TopicId);
        sm_wr_i16(w, t->ErrorCode);
        sm_wr_string(w, t->ErrorMessage);
        if (version >= 5) {
            sm_wr_i32(w, t->NumPartitions);
            sm_wr_i16(w, t->ReplicationFactor);
            sm_wr_array_len(w, t->Configs_count);
            for (int32_t j = 0; j < t->Configs_count; j++) {
                const sm_CreatableTopicConfigs *c = &t->Configs[j];
                sm_wr_string(w, c->Name);
                sm_wr_string(w, c->Value);
                sm_wr_bool(w, c->ReadOnly);
                sm_wr_i8(w, c->ConfigSource);
                sm_wr_bool(w, c->IsSensitive);
                sm_wr_tags_empty(w);
            }
            if (t->TopicConfigErrorCode != 0) {
                sm_wr_uvarint(w, 1); /* one tagged field */
                sm_wr_uvarint(w, 0); /* tag 0: TopicConfigErrorCode */
                sm_wr_uvarint(w, 2); /* its size */
                sm_wr_i16(w, t->TopicConfigErrorCode);
            } else {
                sm_wr_tags_empty(w);
            }
        }
    }
    sm_wr_tags_empty(w);
}
