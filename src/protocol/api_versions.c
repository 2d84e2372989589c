#include "api_versions.h"

int sm_ApiVersionsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_ApiVersionsRequest *m)
{
    (void)a;
    r->flexible = version >= 3;
    m->ClientSoftwareName = SM_STR_NULL;
    m->ClientSoftwareVersion = SM_STR_NULL;
    if (version >= 3) {
        m->ClientSoftwareName = sm_rd_string(r);
        m->ClientSoftwareVersion = sm_rd_string(r);
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_ApiVersionsRequest_encode(sm_wr_t *w, int16_t version, const sm_ApiVersionsRequest *m)
{
    w->flexible = version >= 3;
    if (version >= 3) {
        sm_wr_string(w, m->ClientSoftwareName);
        sm_wr_string(w, m->ClientSoftwareVersion);
    }
    sm_wr_tags_empty(w);
}

int sm_ApiVersionsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_ApiVersionsResponse *m)
{
    r->flexible = version >= 3;
    m->ErrorCode = sm_rd_i16(r);
    m->ApiKeys_count = sm_rd_array_len(r);
    m->ApiKeys = NULL;
    if (m->ApiKeys_count > 0) {
        m->ApiKeys = sm_arena_calloc(a, (size_t)m->ApiKeys_count, sizeof(*m->ApiKeys));
        for (int32_t i = 0; i < m->ApiKeys_count && !r->err; i++) {
            m->ApiKeys[i].ApiKey = sm_rd_i16(r);
            m->ApiKeys[i].MinVersion = sm_rd_i16(r);
            m->ApiKeys[i].MaxVersion = sm_rd_i16(r);
            sm_rd_tags(r);
        }
    }
    m->ThrottleTimeMs = version >= 1 ? sm_rd_i32(r) : 0;
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_ApiVersionsResponse_encode(sm_wr_t *w, int16_t version, const sm_ApiVersionsResponse *m)
{
    w->flexible = version >= 3;
    sm_wr_i16(w, m->ErrorCode);
    sm_wr_array_len(w, m->ApiKeys_count);
    for (int32_t i = 0; i < m->ApiKeys_count; i++) {
        sm_wr_i16(w, m->ApiKeys[i].ApiKey);
        sm_wr_i16(w, m->ApiKeys[i].MinVersion);
        sm_wr_i16(w, m->ApiKeys[i].MaxVersion);
        sm_wr_tags_empty(w);
    }
    if (version >= 1) sm_wr_i32(w, m->ThrottleTimeMs);
    sm_wr_tags_empty(w);
}
