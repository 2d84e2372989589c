/* Kafka's __consumer_offsets record formats; layouts in group_records.h. */
#include "group_records.h"

#include <string.h>

void sm_gr_key_offset_encode(sm_wr_t *w, sm_str_t group, sm_str_t topic, int32_t partition)
{
    w->flexible = false;
    sm_wr_i16(w, 1);
    sm_wr_string_nonnull(w, group);
    sm_wr_string_nonnull(w, topic);
    sm_wr_i32(w, partition);
}

void sm_gr_key_group_encode(sm_wr_t *w, sm_str_t group)
{
    w->flexible = false;
    sm_wr_i16(w, 2);
    sm_wr_string_nonnull(w, group);
}

void sm_gr_offset_encode(sm_wr_t *w, const sm_gr_offset_t *v)
{
    int16_t version = v->expire_timestamp >= 0 ? 1 : 3;
    w->flexible = false;
    sm_wr_i16(w, version);
    sm_wr_i64(w, v->offset);
    if (version >= 3) sm_wr_i32(w, v->leader_epoch);
    sm_wr_string_nonnull(w, v->metadata);
    sm_wr_i64(w, v->commit_timestamp);
    if (version == 1) sm_wr_i64(w, v->expire_timestamp);
}

void sm_gr_group_encode(sm_wr_t *w, const sm_gr_group_t *v)
{
    w->flexible = false;
    sm_wr_i16(w, 3);
    sm_wr_string_nonnull(w, v->protocol_type);
    sm_wr_i32(w, v->generation);
    sm_wr_string(w, v->protocol);
    sm_wr_string(w, v->leader);
    sm_wr_i64(w, v->current_state_timestamp);
    sm_wr_count(w, v->member_count);
    for (int32_t i = 0; i < v->member_count; i++) {
        const sm_gr_member_t *m = &v->members[i];
        sm_wr_string_nonnull(w, m->member_id);
        sm_wr_string(w, m->group_instance_id);
        sm_wr_string_nonnull(w, m->client_id);
        sm_wr_string_nonnull(w, m->client_host);
        sm_wr_i32(w, m->rebalance_timeout);
        sm_wr_i32(w, m->session_timeout);
        sm_wr_bytes(w, m->subscription.len < 0 ? (sm_bytes_t){NULL, 0} : m->subscription);
        sm_wr_bytes(w, m->assignment.len < 0 ? (sm_bytes_t){NULL, 0} : m->assignment);
    }
}

int sm_gr_key_decode(const uint8_t *p, size_t len, sm_gr_key_t *k)
{
    sm_rd_t r;
    sm_rd_init(&r, p, len, false);
    int16_t version = sm_rd_i16(&r);
    memset(k, 0, sizeof(*k));
    if (r.err) return -1;
    if (version == 0 || version == 1) {
        k->kind = SM_GR_KEY_OFFSET;
        k->group = sm_rd_string(&r);
        k->topic = sm_rd_string(&r);
        k->partition = sm_rd_i32(&r);
    } else if (version == 2) {
        k->kind = SM_GR_KEY_GROUP;
        k->group = sm_rd_string(&r);
    } else {
        return 1; /* a newer record type (KIP-848 consumer groups, share groups) */
    }
    if (r.err || k->group.len < 0 || (k->kind == SM_GR_KEY_OFFSET && k->topic.len < 0)) return -1;
    return 0;
}

int sm_gr_offset_decode(const uint8_t *p, size_t len, sm_gr_offset_t *v)
{
    sm_rd_t r;
    sm_rd_init(&r, p, len, false);
    int16_t version = sm_rd_i16(&r);
    if (r.err || version < 0 || version > 4) return -1;
    r.flexible = version >= 4;
    v->offset = sm_rd_i64(&r);
    v->leader_epoch = version >= 3 ? sm_rd_i32(&r) : -1;
    v->metadata = sm_rd_string(&r);
    v->commit_timestamp = sm_rd_i64(&r);
    v->expire_timestamp = version == 1 ? sm_rd_i64(&r) : -1;
    sm_rd_tags(&r);
    if (r.err || v->metadata.len < 0) return -1;
    return 0;
}

int sm_gr_group_decode(const uint8_t *p, size_t len, sm_arena_t *a, sm_gr_group_t *v)
{
    sm_rd_t r;
    sm_rd_init(&r, p, len, false);
    int16_t version = sm_rd_i16(&r);
    memset(v, 0, sizeof(*v));
    if (r.err || version < 0 || version > 4) return -1;
    r.flexible = version >= 4;
    v->protocol_type = sm_rd_string(&r);
    v->generation = sm_rd_i32(&r);
    v->protocol = sm_rd_nstring(&r);
    v->leader = sm_rd_nstring(&r);
    v->current_state_timestamp = version >= 2 ? sm_rd_i64(&r) : -1;
    /* each member takes at least 2+2+2+4+4+4 bytes (more when flexible is off) */
    v->member_count = sm_rd_count(&r, 10, false);
    if (r.err || v->member_count < 0) return -1;
    v->members = v->member_count ? sm_arena_calloc(a, (size_t)v->member_count, sizeof(*v->members)) : NULL;
    for (int32_t i = 0; i < v->member_count && !r.err; i++) {
        sm_gr_member_t *m = &v->members[i];
        m->member_id = sm_rd_string(&r);
        m->group_instance_id = version >= 3 ? sm_rd_nstring(&r) : SM_STR_NULL;
        m->client_id = sm_rd_string(&r);
        m->client_host = sm_rd_string(&r);
        m->rebalance_timeout = version >= 1 ? sm_rd_i32(&r) : -1;
        m->session_timeout = sm_rd_i32(&r);
        m->subscription = sm_rd_bytes(&r);
        m->assignment = sm_rd_bytes(&r);
        sm_rd_tags(&r);
        if (m->member_id.len < 0 || m->client_id.len < 0 || m->client_host.len < 0) return -1;
    }
    sm_rd_tags(&r);
    if (r.err || v->protocol_type.len < 0) return -1;
    return 0;
}
