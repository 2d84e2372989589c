/* Fuzz target for the `__consumer_offsets` record decoders of
 * src/coordinator/group_records.c: the input is decoded as a record key, an
 * OffsetCommitValue and a GroupMetadataValue (each from an exact-size heap
 * copy so ASan sees any over-read). Whatever decodes is encoded again (the
 * encoders write one canonical version), decoded again and must give the
 * same fields, and encoding that must give the same bytes.
 *
 * The only normalisations are the encoders' documented choices: an offset
 * value is written as v1 when it has an expire timestamp (which carries no
 * leader epoch) and as v3 otherwise (no expire timestamp), so a negative
 * expire timestamp comes back as -1 and a v1 value's leader epoch as -1.
 * Run: ./fuzz_group_records -max_total_time=60 (add -max_len=40000 to let
 * it build strings longer than 0x7fff, which Kafka's readers refuse). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "coordinator/group_records.h"
#include "protocol/wire.h"
#include "util/arena.h"

#define CHECK(c)                                                                                   \
    do {                                                                                           \
        if (!(c)) abort();                                                                         \
    } while (0)

static uint8_t *copy_of(const uint8_t *p, size_t n)
{
    uint8_t *c = malloc(n ? n : 1);
    CHECK(c);
    if (n) memcpy(c, p, n);
    return c;
}

static bool same_str(sm_str_t a, sm_str_t b)
{
    if (a.len < 0 || b.len < 0) return a.len < 0 && b.len < 0;
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, (size_t)a.len) == 0);
}

static bool same_bytes(sm_bytes_t a, sm_bytes_t b)
{
    return same_str((sm_str_t){(const char *)a.ptr, a.len}, (sm_str_t){(const char *)b.ptr, b.len});
}

static void check_same_encoding(const sm_wr_t *a, const sm_wr_t *b)
{
    CHECK(a->buf.len == b->buf.len);
    CHECK(a->buf.len == 0 || memcmp(a->buf.data, b->buf.data, a->buf.len) == 0);
}

static void fuzz_key(const uint8_t *data, size_t size)
{
    uint8_t *in = copy_of(data, size);
    sm_gr_key_t k;
    int rc = sm_gr_key_decode(in, size, &k);
    CHECK(rc >= -1 && rc <= 1);
    if (rc == 0) {
        CHECK(k.kind == SM_GR_KEY_OFFSET || k.kind == SM_GR_KEY_GROUP);
        CHECK(k.group.len >= 0);
        sm_wr_t w1, w2;
        sm_wr_init(&w1, false);
        if (k.kind == SM_GR_KEY_OFFSET) {
            CHECK(k.topic.len >= 0);
            sm_gr_key_offset_encode(&w1, k.group, k.topic, k.partition);
        } else {
            sm_gr_key_group_encode(&w1, k.group);
        }
        uint8_t *again = copy_of(w1.buf.data, w1.buf.len);
        sm_gr_key_t k2;
        CHECK(sm_gr_key_decode(again, w1.buf.len, &k2) == 0);
        CHECK(k2.kind == k.kind);
        CHECK(same_str(k.group, k2.group));
        if (k.kind == SM_GR_KEY_OFFSET) {
            CHECK(same_str(k.topic, k2.topic));
            CHECK(k.partition == k2.partition);
        }
        sm_wr_init(&w2, false);
        if (k2.kind == SM_GR_KEY_OFFSET)
            sm_gr_key_offset_encode(&w2, k2.group, k2.topic, k2.partition);
        else
            sm_gr_key_group_encode(&w2, k2.group);
        check_same_encoding(&w1, &w2);
        free(again);
        sm_wr_free(&w1);
        sm_wr_free(&w2);
    }
    free(in);
}

static void fuzz_offset(const uint8_t *data, size_t size)
{
    uint8_t *in = copy_of(data, size);
    sm_gr_offset_t v;
    int rc = sm_gr_offset_decode(in, size, &v);
    CHECK(rc == 0 || rc == -1);
    if (rc == 0) {
        CHECK(v.metadata.len >= 0);
        sm_wr_t w1, w2;
        sm_wr_init(&w1, false);
        sm_gr_offset_encode(&w1, &v);
        uint8_t *again = copy_of(w1.buf.data, w1.buf.len);
        sm_gr_offset_t v2;
        CHECK(sm_gr_offset_decode(again, w1.buf.len, &v2) == 0);
        bool has_expire = v.expire_timestamp >= 0;
        CHECK(v2.offset == v.offset);
        CHECK(v2.leader_epoch == (has_expire ? -1 : v.leader_epoch));
        CHECK(same_str(v2.metadata, v.metadata));
        CHECK(v2.commit_timestamp == v.commit_timestamp);
        CHECK(v2.expire_timestamp == (has_expire ? v.expire_timestamp : -1));
        sm_wr_init(&w2, false);
        sm_gr_offset_encode(&w2, &v2);
        check_same_encoding(&w1, &w2);
        free(again);
        sm_wr_free(&w1);
        sm_wr_free(&w2);
    }
    free(in);
}

static void fuzz_group(const uint8_t *data, size_t size, sm_arena_t *a)
{
    uint8_t *in = copy_of(data, size);
    sm_gr_group_t v;
    int rc = sm_gr_group_decode(in, size, a, &v);
    CHECK(rc == 0 || rc == -1);
    if (rc == 0) {
        CHECK(v.protocol_type.len >= 0);
        CHECK(v.member_count >= 0 && (size_t)v.member_count <= size);
        sm_wr_t w1, w2;
        sm_wr_init(&w1, false);
        sm_gr_group_encode(&w1, &v);
        uint8_t *again = copy_of(w1.buf.data, w1.buf.len);
        sm_gr_group_t v2;
        CHECK(sm_gr_group_decode(again, w1.buf.len, a, &v2) == 0);
        CHECK(same_str(v.protocol_type, v2.protocol_type));
        CHECK(v.generation == v2.generation);
        CHECK(same_str(v.protocol, v2.protocol));
        CHECK(same_str(v.leader, v2.leader));
        CHECK(v.current_state_timestamp == v2.current_state_timestamp);
        CHECK(v.member_count == v2.member_count);
        for (int32_t i = 0; i < v.member_count; i++) {
            const sm_gr_member_t *x = &v.members[i], *y = &v2.members[i];
            CHECK(x->member_id.len >= 0 && x->client_id.len >= 0 && x->client_host.len >= 0);
            CHECK(x->subscription.len >= 0 && x->assignment.len >= 0);
            CHECK(same_str(x->member_id, y->member_id));
            CHECK(same_str(x->group_instance_id, y->group_instance_id));
            CHECK(same_str(x->client_id, y->client_id));
            CHECK(same_str(x->client_host, y->client_host));
            CHECK(x->rebalance_timeout == y->rebalance_timeout);
            CHECK(x->session_timeout == y->session_timeout);
            CHECK(same_bytes(x->subscription, y->subscription));
            CHECK(same_bytes(x->assignment, y->assignment));
        }
        sm_wr_init(&w2, false);
        sm_gr_group_encode(&w2, &v2);
        check_same_encoding(&w1, &w2);
        free(again);
        sm_wr_free(&w1);
        sm_wr_free(&w2);
    }
    free(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sm_arena_t a;
    sm_arena_init(&a);
    fuzz_key(data, size);
    fuzz_offset(data, size);
    fuzz_group(data, size, &a);
    sm_arena_free(&a);
    return 0;
}
