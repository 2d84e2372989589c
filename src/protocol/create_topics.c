/*
 * CreateTopics codec; the byte layout per version is in create_topics.h.
 * Array counts are checked against the smallest encoding of one element, so
 * a forged count cannot make the arena allocate much more than the request.
 */
#include "create_topics.h"

int sm_CreateTopicsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                  sm_CreateTopicsRequest *m)
{
    bool fl = version >= 5;
    r->flexible = fl;
    m->Topics_count =
        sm_rd_count(r, SM_STR_MIN(fl) + 6 + 2 * SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), false);
    m->Topics = sm_rd_alloc(a, m->Topics_count, sizeof(*m->Topics));
    for (int32_t i = 0; i < m->Topics_count && !r->err; i++) {
        sm_CreatableTopic *t = &m->Topics[i];
        t->Name = sm_rd_string(r);
        t->NumPartitions = sm_rd_i32(r);
        t->ReplicationFactor = sm_rd_i16(r);
        t->Assignments_count = sm_rd_count(r, 4 + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), false);
        t->Assignments = sm_rd_alloc(a, t->Assignments_count, sizeof(*t->Assignments));
        for (int32_t j = 0; j < t->Assignments_count && !r->err; j++) {
            sm_CreatableReplicaAssignment *as = &t->Assignments[j];
            as->PartitionIndex = sm_rd_i32(r);
            as->BrokerIds = sm_rd_i32_array(r, a, &as->BrokerIds_count);
            sm_rd_tags(r);
        }
        t->Configs_count = sm_rd_count(r, 2 * SM_STR_MIN(fl) + SM_TAGS_MIN(fl), false);
        t->Configs = sm_rd_alloc(a, t->Configs_count, sizeof(*t->Configs));
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
    sm_wr_count(w, m->Topics_count);
    for (int32_t i = 0; i < m->Topics_count; i++) {
        const sm_CreatableTopic *t = &m->Topics[i];
        sm_wr_string_nonnull(w, t->Name);
        sm_wr_i32(w, t->NumPartitions);
        sm_wr_i16(w, t->ReplicationFactor);
        sm_wr_count(w, t->Assignments_count);
        for (int32_t j = 0; j < t->Assignments_count; j++) {
            const sm_CreatableReplicaAssignment *as = &t->Assignments[j];
            sm_wr_i32(w, as->PartitionIndex);
            sm_wr_i32_array(w, as->BrokerIds_count, as->BrokerIds);
            sm_wr_tags_empty(w);
        }
        sm_wr_count(w, t->Configs_count);
        for (int32_t j = 0; j < t->Configs_count; j++) {
            sm_wr_string_nonnull(w, t->Configs[j].Name);
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
    bool fl = version >= 5;
    r->flexible = fl;
    m->ThrottleTimeMs = sm_rd_i32(r);
    size_t min_topic = 2 * SM_STR_MIN(fl) + 2 + SM_TAGS_MIN(fl);
    if (version >= 5) min_topic += 6 + SM_ARR_MIN(fl);
    if (version >= 7) min_topic += 16;
    m->Topics_count = sm_rd_count(r, min_topic, false);
    m->Topics = sm_rd_alloc(a, m->Topics_count, sizeof(*m->Topics));
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
            t->Configs_count = sm_rd_count(r, 2 * SM_STR_MIN(fl) + 3 + SM_TAGS_MIN(fl), true);
            t->Configs = sm_rd_alloc(a, t->Configs_count, sizeof(*t->Configs));
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
    sm_wr_count(w, m->Topics_count);
    for (int32_t i = 0; i < m->Topics_count; i++) {
        const sm_CreatableTopicResult *t = &m->Topics[i];
        sm_wr_string_nonnull(w, t->Name);
        if (version >= 7) sm_wr_uuid(w, &t->TopicId);
        sm_wr_i16(w, t->ErrorCode);
        sm_wr_string(w, t->ErrorMessage);
        if (version >= 5) {
            sm_wr_i32(w, t->NumPartitions);
            sm_wr_i16(w, t->ReplicationFactor);
            sm_wr_array_len(w, t->Configs_count);
            for (int32_t j = 0; j < t->Configs_count; j++) {
                const sm_CreatableTopicConfigs *c = &t->Configs[j];
                sm_wr_string_nonnull(w, c->Name);
                sm_wr_string(w, c->Value);
                sm_wr_bool(w, c->ReadOnly);
                sm_wr_i8(w, c->ConfigSource);
                sm_wr_bool(w, c->IsSensitive);
                sm_wr_tags_empty(w);
            }
            bool config_error = t->TopicConfigErrorCode != 0;
            sm_wr_uvarint(w, config_error ? 1 : 0);
            if (config_error) {
                sm_wr_t body;
                sm_wr_init(&body, true);
                sm_wr_i16(&body, t->TopicConfigErrorCode);
                sm_wr_tag(w, 0, &body);
            }
        }
    }
    sm_wr_tags_empty(w);
}
