#include "header.h"

#include "apis.h"

int sm_request_header_peek(const uint8_t *frame, size_t len, sm_RequestHeader *h)
{
    if (len < 8) return -1;
    h->RequestApiKey = (int16_t)sm_be16(frame);
    h->RequestApiVersion = (int16_t)sm_be16(frame + 2);
    h->CorrelationId = (int32_t)sm_be32(frame + 4);
    h->ClientId = SM_STR_NULL;
    return 0;
}

int sm_request_header_decode(sm_rd_t *r, int header_version, sm_RequestHeader *h)
{
    r->flexible = false;
    h->RequestApiKey = sm_rd_i16(r);
    h->RequestApiVersion = sm_rd_i16(r);
    h->CorrelationId = sm_rd_i32(r);
    h->ClientId = header_version >= 1 ? sm_rd_string_classic(r) : SM_STR_NULL;
    if (header_version >= 2) {
        r->flexible = true;
        sm_rd_tags(r);
    }
    return r->err ? -1 : 0;
}

void sm_request_header_encode(sm_wr_t *w, int header_version, const sm_RequestHeader *h)
{
    sm_wr_i16(w, h->RequestApiKey);
    sm_wr_i16(w, h->RequestApiVersion);
    sm_wr_i32(w, h->CorrelationId);
    if (header_version >= 1) sm_wr_string_classic(w, h->ClientId);
    if (header_version >= 2) sm_wr_uvarint(w, 0);
    w->flexible = header_version >= 2;
}

int sm_request_header_version(int16_t api_key, int16_t api_version)
{
    const sm_api_info_t *api = sm_api_info(api_key);
    return api && sm_api_flexible(api, api_version) ? 2 : 1;
}

int sm_response_header_version(int16_t api_key, int16_t api_version)
{
    if (api_key == SM_API_ApiVersions) return 0;
    const sm_api_info_t *api = sm_api_info(api_key);
    return api && sm_api_flexible(api, api_version) ? 1 : 0;
}

size_t sm_response_begin(sm_wr_t *w, int16_t api_key, int16_t api_version, int32_t correlation_id)
{
    size_t off = sm_wr_reserve_i32(w);
    sm_wr_i32(w, correlation_id);
    if (sm_response_header_version(api_key, api_version) >= 1) sm_wr_uvarint(w, 0);
    const sm_api_info_t *api = sm_api_info(api_key);
    w->flexible = api && sm_api_flexible(api, api_version);
    return off;
}

void sm_response_finish(sm_wr_t *w, size_t size_off)
{
    int64_t size = sm_wr_total(w) - (int64_t)size_off - 4;
    sm_wr_patch_i32(w, size_off, (int32_t)size);
}
