/*
 * IncrementalAlterConfigs codec; the byte layout per version is in
 * incremental_alter_configs.h. Array counts are checked against the smallest
 * encoding of one element, so a forged count cannot make the arena allocate
 * much more than the request.
 */
#include "incremental_alter_configs.h"

int sm_IncrementalAlterConfigsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                             sm_IncrementalAlterConfigsRequest *m)
{
    bool fl = version >= 1;
    r->flexible = fl;
    m->Resources_count =
        sm_rd_count(r, 1 + SM_STR_MIN(fl) + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), false);
    m->Resources = sm_rd_alloc(a, m->Resources_count, sizeof(*m->Resources));
    for (int32_t i = 0; i < m->Resources_count && !r->err; i++) {
        sm_IncrementalAlterConfigsResource *res = &m->Resources[i];
        res->ResourceType = sm_rd_i8(r);
        res->ResourceName = sm_rd_string(r);
        res->Configs_count = sm_rd_count(r, 1 + 2 * SM_STR_MIN(fl) + SM_TAGS_MIN(fl), false);
        res->Configs = sm_rd_alloc(a, res->Configs_count, sizeof(*res->Configs));
        for (int32_t j = 0; j < res->Configs_count && !r->err; j++) {
            sm_IncrementalAlterableConfig *c = &res->Configs[j];
            c->Name = sm_rd_string(r);
            c->ConfigOperation = sm_rd_i8(r);
            c->Value = sm_rd_nstring(r);
            sm_rd_tags(r);
        }
        sm_rd_tags(r);
    }
    m->ValidateOnly = sm_rd_bool(r);
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_IncrementalAlterConfigsRequest_encode(sm_wr_t *w, int16_t version,
                                              const sm_IncrementalAlterConfigsRequest *m)
{
    w->flexible = version >= 1;
    sm_wr_count(w, m->Resources_count);
    for (int32_t i = 0; i < m->Resources_count; i++) {
        const sm_IncrementalAlterConfigsResource *res = &m->Resources[i];
        sm_wr_i8(w, res->ResourceType);
        sm_wr_string_nonnull(w, res->ResourceName);
        sm_wr_count(w, res->Configs_count);
        for (int32_t j = 0; j < res->Configs_count; j++) {
            const sm_IncrementalAlterableConfig *c = &res->Configs[j];
            sm_wr_string_nonnull(w, c->Name);
            sm_wr_i8(w, c->ConfigOperation);
            sm_wr_string(w, c->Value);
            sm_wr_tags_empty(w);
        }
        sm_wr_tags_empty(w);
    }
    sm_wr_bool(w, m->ValidateOnly);
    sm_wr_tags_empty(w);
}

int sm_IncrementalAlterConfigsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                              sm_IncrementalAlterConfigsResponse *m)
{
    bool fl = version >= 1;
    r->flexible = fl;
    m->ThrottleTimeMs = sm_rd_i32(r);
    m->Responses_count = sm_rd_count(r, 3 + 2 * SM_STR_MIN(fl) + SM_TAGS_MIN(fl), false);
    m->Responses = sm_rd_alloc(a, m->Responses_count, sizeof(*m->Responses));
    for (int32_t i = 0; i < m->Responses_count && !r->err; i++) {
        sm_IncrementalAlterConfigsResourceResponse *res = &m->Responses[i];
        res->ErrorCode = sm_rd_i16(r);
        res->ErrorMessage = sm_rd_nstring(r);
        res->ResourceType = sm_rd_i8(r);
        res->ResourceName = sm_rd_string(r);
        sm_rd_tags(r);
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_IncrementalAlterConfigsResponse_encode(sm_wr_t *w, int16_t version,
                                               const sm_IncrementalAlterConfigsResponse *m)
{
    w->flexible = version >= 1;
    sm_wr_i32(w, m->ThrottleTimeMs);
    sm_wr_count(w, m->Responses_count);
    for (int32_t i = 0; i < m->Responses_count; i++) {
        const sm_IncrementalAlterConfigsResourceResponse *res = &m->Responses[i];
        sm_wr_i16(w, res->ErrorCode);
        sm_wr_string(w, res->ErrorMessage);
        sm_wr_i8(w, res->ResourceType);
        sm_wr_string_nonnull(w, res->ResourceName);
        sm_wr_tags_empty(w);
    }
    sm_wr_tags_empty(w);
}
