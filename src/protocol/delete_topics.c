/*
 * DeleteTopics codec; the byte layout per version is in delete_topics.h.
 * Array counts are checked against the smallest encoding of one element, so
 * a forged count cannot make the arena allocate much more than the request.
 */
#include "delete_topics.h"

int sm_DeleteTopicsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                  sm_DeleteTopicsRequest *m)
{
    bool fl = version >= 4;
    r->flexible = fl;
    m->TopicNames_count = 0;
    m->TopicNames = NULL;
    if (version >= 6) {
        m->Topics_count = sm_rd_count(r, SM_STR_MIN(fl) + 16 + SM_TAGS_MIN(fl), false);
        m->Topics = sm_rd_alloc(a, m->Topics_count, sizeof(*m->Topics));
        for (int32_t i = 0; i < m->Topics_count && !r->err; i++) {
            m->Topics[i].Name = sm_rd_nstring(r);
            m->Topics[i].TopicId = sm_rd_uuid(r);
            sm_rd_tags(r);
        }
    } else {
        m->TopicNames_count = sm_rd_count(r, SM_STR_MIN(fl), false);
        m->TopicNames = sm_rd_alloc(a, m->TopicNames_count, sizeof(*m->TopicNames));
        m->Topics = sm_rd_alloc(a, m->TopicNames_count, sizeof(*m->Topics));
        m->Topics_count = m->TopicNames_count;
        for (int32_t i = 0; i < m->TopicNames_count && !r->err; i++) {
            m->TopicNames[i] = sm_rd_string(r);
            m->Topics[i].Name = m->TopicNames[i]; /* TopicId stays zero */
        }
    }
    m->TimeoutMs = sm_rd_i32(r);
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_DeleteTopicsRequest_encode(sm_wr_t *w, int16_t version, const sm_DeleteTopicsRequest *m)
{
    w->flexible = version >= 4;
    if (version >= 6) {
        sm_wr_count(w, m->Topics_count);
        for (int32_t i = 0; i < m->Topics_count; i++) {
            sm_wr_string(w, m->Topics[i].Name);
            sm_wr_uuid(w, &m->Topics[i].TopicId);
            sm_wr_tags_empty(w);
        }
    } else {
        sm_wr_count(w, m->TopicNames_count);
        for (int32_t i = 0; i < m->TopicNames_count; i++)
            sm_wr_string_nonnull(w, m->TopicNames[i]);
    }
    sm_wr_i32(w, m->TimeoutMs);
    sm_wr_tags_empty(w);
}

int sm_DeleteTopicsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                   sm_DeleteTopicsResponse *m)
{
    bool fl = version >= 4;
    r->flexible = fl;
    m->ThrottleTimeMs = sm_rd_i32(r);
    size_t min_elem = SM_STR_MIN(fl) + 2 + SM_TAGS_MIN(fl);
    if (version >= 5) min_elem += SM_STR_MIN(fl);
    if (version >= 6) min_elem += 16;
    m->Responses_count = sm_rd_count(r, min_elem, false);
    m->Responses = sm_rd_alloc(a, m->Responses_count, sizeof(*m->Responses));
    for (int32_t i = 0; i < m->Responses_count && !r->err; i++) {
        sm_DeletableTopicResult *t = &m->Responses[i];
        t->Name = version >= 6 ? sm_rd_nstring(r) : sm_rd_string(r);
        if (version >= 6) t->TopicId = sm_rd_uuid(r);
        t->ErrorCode = sm_rd_i16(r);
        t->ErrorMessage = version >= 5 ? sm_rd_nstring(r) : SM_STR_NULL;
        sm_rd_tags(r);
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_DeleteTopicsResponse_encode(sm_wr_t *w, int16_t version, const sm_DeleteTopicsResponse *m)
{
    w->flexible = version >= 4;
    sm_wr_i32(w, m->ThrottleTimeMs);
    sm_wr_count(w, m->Responses_count);
    for (int32_t i = 0; i < m->Responses_count; i++) {
        const sm_DeletableTopicResult *t = &m->Responses[i];
        if (version >= 6)
            sm_wr_string(w, t->Name);
        else
            sm_wr_string_nonnull(w, t->Name);
        if (version >= 6) sm_wr_uuid(w, &t->TopicId);
        sm_wr_i16(w, t->ErrorCode);
        if (version >= 5) sm_wr_string(w, t->ErrorMessage);
        sm_wr_tags_empty(w);
    }
    sm_wr_tags_empty(w);
}
