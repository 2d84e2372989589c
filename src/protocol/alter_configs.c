/*
 * AlterConfigs codec; the byte layout per version is in alter_configs.h.
 * Array counts are checked against the smallest encoding of one element, so
 * a forged count cannot make the arena allocate much more than the request.
 */
#include "alter_configs.h"

int sm_AlterConfigsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                  sm_AlterConfigsRequest *m)
{
    bool fl = version >= 2;
    r->flexible = fl;
    m->Resources_count =
        sm_rd_count(r, 1 + SM_STR_MIN(fl) + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), false);
    m->Resources = sm_rd_alloc(a, m->Resources_count, sizeof(*m->Resources));
    for (int32_t i = 0; i < m->Resources_count && !r->err; i++) {
        sm_AlterConfigsResource *res = &m->Resources[i];
        res->ResourceType = sm_rd_i8(r);
        res->ResourceName = sm_rd_string(r);
        res->Configs_count = sm_rd_count(r, 2 * SM_STR_MIN(fl) + SM_TAGS_MIN(fl), false);
        res->Configs = sm_rd_alloc(a, res->Configs_count, sizeof(*res->Configs));
        for (int32_t j = 0; j < res->Configs_count && !r->err; j++) {
            res->Configs[j].Name = sm_rd_string(r);
            res->Configs[j].Value = sm_rd_nstring(r);
            sm_rd_tags(r);
        }
        sm_rd_tags(r);
    }
    m->ValidateOnly = sm_rd_bool(r);
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_AlterConfigsRequest_encode(sm_wr_t *w, int16_t version, const sm_AlterConfigsRequest *m)
{
    w->flexible = version >= 2;
    sm_wr_count(w, m->Resources_count);
    for (int32_t i = 0; i < m->Resources_count; i++) {
        const sm_AlterConfigsResource *res = &m->Resources[i];
        sm_wr_i8(w, res->ResourceType);
        sm_wr_string_nonnull(w, res->ResourceName);
        sm_wr_count(w, res->Configs_count);
        for (int32_t j = 0; j < res->Configs_count; j++) {
            sm_wr_string_nonnull(w, res->Configs[j].Name);
            sm_wr_string(w, res->Configs[j].Value);
            sm_wr_tags_empty(w);
        }
        sm_wr_tags_empty(w);
    }
    sm_wr_bool(w, m->ValidateOnly);
    sm_wr_tags_empty(w);
}

int sm_AlterConfigsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                   sm_AlterConfigsResponse *m)
{
    bool fl = version >= 2;
    r->flexible = fl;
    m->ThrottleTimeMs = sm_rd_i32(r);
    m->Responses_count = sm_rd_count(r, 3 + 2 * SM_STR_MIN(fl) + SM_TAGS_MIN(fl), false);
    m->Responses = sm_rd_alloc(a, m->Responses_count, sizeof(*m->Responses));
    for (int32_t i = 0; i < m->Responses_count && !r->err; i++) {
        sm_AlterConfigsResourceResponse *res = &m->Responses[i];
        res->ErrorCode = sm_rd_i16(r);
        res->ErrorMessage = sm_rd_nstring(r);
        res->ResourceType = sm_rd_i8(r);
        res->ResourceName = sm_rd_string(r);
        sm_rd_tags(r);
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_AlterConfigsResponse_encode(sm_wr_t *w, int16_t version, const sm_AlterConfigsResponse *m)
{
    w->flexible = version >= 2;
    sm_wr_i32(w, m->ThrottleTimeMs);
    sm_wr_count(w, m->Responses_count);
    for (int32_t i = 0; i < m->Responses_count; i++) {
        const sm_AlterConfigsResourceResponse *res = &m->Responses[i];
        sm_wr_i16(w, res->ErrorCode);
        sm_wr_string(w, res->ErrorMessage);
        sm_wr_i8(w, res->ResourceType);
        sm_wr_string_nonnull(w, res->ResourceName);
        sm_wr_tags_empty(w);
    }
    sm_wr_tags_empty(w);
}
