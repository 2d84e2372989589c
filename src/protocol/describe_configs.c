/*
 * DescribeConfigs codec; the byte layout per version is in
 * describe_configs.h. Array counts are checked against the smallest encoding
 * of one element, so a forged count cannot make the arena allocate much more
 * than the request.
 */
#include "describe_configs.h"

int sm_DescribeConfigsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                     sm_DescribeConfigsRequest *m)
{
    bool fl = version >= 4;
    r->flexible = fl;
    m->Resources_count =
        sm_rd_count(r, 1 + SM_STR_MIN(fl) + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), false);
    m->Resources = sm_rd_alloc(a, m->Resources_count, sizeof(*m->Resources));
    for (int32_t i = 0; i < m->Resources_count && !r->err; i++) {
        sm_DescribeConfigsResource *res = &m->Resources[i];
        res->ResourceType = sm_rd_i8(r);
        res->ResourceName = sm_rd_string(r);
        res->ConfigurationKeys_count = sm_rd_count(r, SM_STR_MIN(fl), true);
        res->ConfigurationKeys =
            sm_rd_alloc(a, res->ConfigurationKeys_count, sizeof(*res->ConfigurationKeys));
        for (int32_t j = 0; j < res->ConfigurationKeys_count && !r->err; j++)
            res->ConfigurationKeys[j] = sm_rd_string(r);
        sm_rd_tags(r);
    }
    m->IncludeSynonyms = sm_rd_bool(r);
    m->IncludeDocumentation = version >= 3 ? sm_rd_bool(r) : false;
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_DescribeConfigsRequest_encode(sm_wr_t *w, int16_t version,
                                      const sm_DescribeConfigsRequest *m)
{
    w->flexible = version >= 4;
    sm_wr_count(w, m->Resources_count);
    for (int32_t i = 0; i < m->Resources_count; i++) {
        const sm_DescribeConfigsResource *res = &m->Resources[i];
        sm_wr_i8(w, res->ResourceType);
        sm_wr_string_nonnull(w, res->ResourceName);
        sm_wr_array_len(w, res->ConfigurationKeys_count); /* nullable: -1 = all keys */
        for (int32_t j = 0; j < res->ConfigurationKeys_count; j++)
            sm_wr_string_nonnull(w, res->ConfigurationKeys[j]);
        sm_wr_tags_empty(w);
    }
    sm_wr_bool(w, m->IncludeSynonyms);
    if (version >= 3) sm_wr_bool(w, m->IncludeDocumentation);
    sm_wr_tags_empty(w);
}

static void decode_config(sm_rd_t *r, sm_arena_t *a, int16_t version,
                          sm_DescribeConfigsResourceResult *c)
{
    c->Name = sm_rd_string(r);
    c->Value = sm_rd_nstring(r);
    c->ReadOnly = sm_rd_bool(r);
    c->ConfigSource = sm_rd_i8(r);
    c->IsSensitive = sm_rd_bool(r);
    bool fl = r->flexible;
    c->Synonyms_count = sm_rd_count(r, 2 * SM_STR_MIN(fl) + 1 + SM_TAGS_MIN(fl), false);
    c->Synonyms = sm_rd_alloc(a, c->Synonyms_count, sizeof(*c->Synonyms));
    for (int32_t k = 0; k < c->Synonyms_count && !r->err; k++) {
        c->Synonyms[k].Name = sm_rd_string(r);
        c->Synonyms[k].Value = sm_rd_nstring(r);
        c->Synonyms[k].Source = sm_rd_i8(r);
        sm_rd_tags(r);
    }
    c->ConfigType = 0;
    c->Documentation = SM_STR_EMPTY; /* the schema's default for a string */
    if (version >= 3) {
        c->ConfigType = sm_rd_i8(r);
        c->Documentation = sm_rd_nstring(r);
    }
    sm_rd_tags(r);
}

int sm_DescribeConfigsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                      sm_DescribeConfigsResponse *m)
{
    bool fl = version >= 4;
    r->flexible = fl;
    m->ThrottleTimeMs = sm_rd_i32(r);
    m->Results_count =
        sm_rd_count(r, 2 + 2 * SM_STR_MIN(fl) + 1 + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), false);
    m->Results = sm_rd_alloc(a, m->Results_count, sizeof(*m->Results));
    size_t min_config = 2 * SM_STR_MIN(fl) + 3 + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl);
    if (version >= 3) min_config += 1 + SM_STR_MIN(fl);
    for (int32_t i = 0; i < m->Results_count && !r->err; i++) {
        sm_DescribeConfigsResult *res = &m->Results[i];
        res->ErrorCode = sm_rd_i16(r);
        res->ErrorMessage = sm_rd_nstring(r);
        res->ResourceType = sm_rd_i8(r);
        res->ResourceName = sm_rd_string(r);
        res->Configs_count = sm_rd_count(r, min_config, false);
        res->Configs = sm_rd_alloc(a, res->Configs_count, sizeof(*res->Configs));
        for (int32_t j = 0; j < res->Configs_count && !r->err; j++)
            decode_config(r, a, version, &res->Configs[j]);
        sm_rd_tags(r);
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_DescribeConfigsResponse_encode(sm_wr_t *w, int16_t version,
                                       const sm_DescribeConfigsResponse *m)
{
    w->flexible = version >= 4;
    sm_wr_i32(w, m->ThrottleTimeMs);
    sm_wr_count(w, m->Results_count);
    for (int32_t i = 0; i < m->Results_count; i++) {
        const sm_DescribeConfigsResult *res = &m->Results[i];
        sm_wr_i16(w, res->ErrorCode);
        sm_wr_string(w, res->ErrorMessage);
        sm_wr_i8(w, res->ResourceType);
        sm_wr_string_nonnull(w, res->ResourceName);
        sm_wr_count(w, res->Configs_count);
        for (int32_t j = 0; j < res->Configs_count; j++) {
            const sm_DescribeConfigsResourceResult *c = &res->Configs[j];
            sm_wr_string_nonnull(w, c->Name);
            sm_wr_string(w, c->Value);
            sm_wr_bool(w, c->ReadOnly);
            sm_wr_i8(w, c->ConfigSource);
            sm_wr_bool(w, c->IsSensitive);
            sm_wr_count(w, c->Synonyms_count);
            for (int32_t k = 0; k < c->Synonyms_count; k++) {
                sm_wr_string_nonnull(w, c->Synonyms[k].Name);
                sm_wr_string(w, c->Synonyms[k].Value);
                sm_wr_i8(w, c->Synonyms[k].Source);
                sm_wr_tags_empty(w);
            }
            if (version >= 3) {
                sm_wr_i8(w, c->ConfigType);
                sm_wr_string(w, c->Documentation);
            }
            sm_wr_tags_empty(w);
        }
        sm_wr_tags_empty(w);
    }
    sm_wr_tags_empty(w);
}
