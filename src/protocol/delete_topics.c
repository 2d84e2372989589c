/*
 * DeleteTopics codec; the byte layout per version is in delete_topics.h.
 * Array counts are checked against the smallest encoding of one element, so
 * a forged count cannot make the arena allocate much more than the request.
 */
#include "delete_topics.h"

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

/* Smallest encodings of a string and a tag section. */
#define STR_MIN(r) ((r)->flexible ? 1u : 2u)
#define TAGS_MIN(r) ((r)->flexible ? 1u : 0u)

int sm_DeleteTopicsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                  sm_DeleteTopicsRequest *m)
{
    r->flexible = version >= 4;
    m->Topics_count = 0;
    m->Topics = NULL;
    m->TopicNames_count = 0;
    m->TopicNames = NULL;
    if (version >= 6) {
        m->Topics_count = read_count(r, STR_MIN(r) + 16 + TAGS_MIN(r), false);
        if (m->Topics_count > 0)
            m->Topics = sm_arena_calloc(a, (size_t)m->Topics_count, sizeof(*m->Topics));
        for (int32_t i = 0; i < m->Topics_count && !r->err; i++) {
            m->Topics[i].Name = sm_rd_nstring(r);
            m->Topics[i].TopicId = sm_rd_uuid(r);
            sm_rd_tags(r);
        }
    } else {
        m->TopicNames_count = read_count(r, STR_MIN(r), false);
        if (m->TopicNames_count > 0) {
            m->TopicNames = sm_arena_calloc(a, (size_t)m->TopicNames_count, sizeof(*m->TopicNames));
            m->Topics = sm_arena_calloc(a, (size_t)m->TopicNames_count, sizeof(*m->Topics));
            m->Topics_count = m->TopicNames_count;
        }
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
        sm_wr_array_len(w, m->Topics_count);
        for (int32_t i = 0; i < m->Topics_count; i++) {
            sm_wr_string(w, m->Topics[i].Name);
            sm_wr_uuid(w, &m->Topics[i].TopicId);
            sm_wr_tags_empty(w);
        }
    } else {
        sm_wr_array_len(w, m->TopicNames_count);
        for (int32_t i = 0; i < m->TopicNames_count; i++)
            sm_wr_string(w, m->TopicNames[i]);
    }
    sm_wr_i32(w, m->TimeoutMs);
    sm_wr_tags_empty(w);
}

int sm_DeleteTopicsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                   sm_DeleteTopicsResponse *m)
{
    r->flexible = version >= 4;
    m->ThrottleTimeMs = sm_rd_i32(r);
    m->Responses = NULL;
    size_t min_elem = STR_MIN(r) + 2 + TAGS_MIN(r);
    if (version >= 5) min_elem += STR_MIN(r);
    if (version >= 6) min_elem += 16;
    m->Responses_count = read_count(r, min_elem, false);
    if (m->Responses_count > 0)
        m->Responses = sm_arena_calloc(a, (size_t)m->Responses_count, sizeof(*m->Responses));
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
    sm_wr_array_len(w, m->Responses_count);
    for (int32_t i = 0; i < m->Responses_count; i++) {
        const sm_DeletableTopicResult *t = &m->Responses[i];
        sm_wr_string(w, t->Name);
        if (version >= 6) sm_wr_uuid(w, &t->TopicId);
        sm_wr_i16(w, t->ErrorCode);
        if (version >= 5) sm_wr_string(w, t->ErrorMessage);
        sm_wr_tags_empty(w);
    }
    sm_wr_tags_empty(w);
}
