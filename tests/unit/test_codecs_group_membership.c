/*
 * Codecs of the group membership APIs: FindCoordinator, JoinGroup,
 * SyncGroup, Heartbeat, LeaveGroup.
 *
 * For every API and every supported version a message with several entries,
 * non-default values and nulls is encoded, decoded, compared field by field
 * (fields absent in a version against the schema default the decoder must
 * fill in) and re-encoded byte for byte; every strict prefix of the encoding
 * must be rejected (each prefix is copied into a buffer of exactly its size
 * so ASan sees any over-read). Messages made of many minimal elements check
 * that the decoders' element-count bounds never reject valid input. Byte
 * vectors pin the exact encoding: the classic ones marked "kafka-python"
 * were produced by kafka-python 2.0.2's structs (kafka/protocol/group.py,
 * commit.py), the flexible ones are written by hand from the Kafka schemas.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "protocol/find_coordinator.h"
#include "protocol/heartbeat.h"
#include "protocol/join_group.h"
#include "protocol/leave_group.h"
#include "protocol/sync_group.h"
#include "util/arena.h"

#include "codec_harness.h"

/* ---- helpers ---- */

#define S(s) sm_str(s)
#define EMPTY ((sm_str_t){"", 0})
#define NUL SM_STR_NULL
/* Bytes view of a string literal (without its NUL). */
#define BYTES(lit) ((sm_bytes_t){(const uint8_t *)(lit), (int32_t)(sizeof(lit) - 1)})
#define NOBYTES ((sm_bytes_t){NULL, 0})


/* The vector must encode from `msg` and decode back to it. */
static void expect_vector(const codec_t *c, int16_t v, const void *msg, const uint8_t *exp,
                          size_t n)
{
    expect_bytes(c, v, msg, exp, n);
    void *got = malloc(c->size);
    assert_non_null(got);
    memset(got, 0xa5, c->size);
    assert_int_equal(decode_bytes(c, v, exp, n, got), 0);
    c->cmp(msg, got, v);
    free(got);
}

#define MANY 40 /* minimal elements per array in the bound checks */

/* A ConsumerProtocol subscription (version 1, topics ["t"], no user data,
 * no owned partitions) and an assignment, as opaque bytes. */
static const char SUBSCRIPTION[] =
    "\x00\x01\x00\x00\x00\x01\x00\x01t\xff\xff\xff\xff\x00\x00\x00\x00";
static const char ASSIGNMENT[] = "\x00\x01\x00\x00\x00\x01\x00\x01t\x00\x00\x00\x02\x00\x00\x00"
                                 "\x00\x00\x00\x00\x01\xff\xff\xff\xff";

/* ======================= FindCoordinator ======================= */

CODEC(sm_FindCoordinatorRequest)
CODEC(sm_FindCoordinatorResponse)

static void sm_FindCoordinatorRequest_cmp(const sm_FindCoordinatorRequest *e,
                                          const sm_FindCoordinatorRequest *g, int16_t v)
{
    (void)v;
    EQ_STR(e->Key, g->Key);
    EQ_INT(e->KeyType, g->KeyType);
    EQ_INT(e->CoordinatorKeys_count, g->CoordinatorKeys_count);
    for (int32_t i = 0; i < e->CoordinatorKeys_count; i++)
        EQ_STR(e->CoordinatorKeys[i], g->CoordinatorKeys[i]);
}

static void sm_FindCoordinatorResponse_cmp(const sm_FindCoordinatorResponse *e,
                                           const sm_FindCoordinatorResponse *g, int16_t v)
{
    (void)v;
    EQ_INT(e->ThrottleTimeMs, g->ThrottleTimeMs);
    EQ_INT(e->ErrorCode, g->ErrorCode);
    EQ_STR(e->ErrorMessage, g->ErrorMessage);
    EQ_INT(e->NodeId, g->NodeId);
    EQ_STR(e->Host, g->Host);
    EQ_INT(e->Port, g->Port);
    EQ_INT(e->Coordinators_count, g->Coordinators_count);
    for (int32_t i = 0; i < e->Coordinators_count; i++) {
        const sm_Coordinator *ec = &e->Coordinators[i], *gc = &g->Coordinators[i];
        EQ_STR(ec->Key, gc->Key);
        EQ_INT(ec->NodeId, gc->NodeId);
        EQ_STR(ec->Host, gc->Host);
        EQ_INT(ec->Port, gc->Port);
        EQ_INT(ec->ErrorCode, gc->ErrorCode);
        EQ_STR(ec->ErrorMessage, gc->ErrorMessage);
    }
}

/* Fields absent in `v` hold the defaults the decoder must produce. */
static void build_find_coordinator_req(int16_t v, sm_FindCoordinatorRequest *m)
{
    *m = (sm_FindCoordinatorRequest){.Key = EMPTY};
    if (v <= 3) m->Key = S("my-consumer-group");
    if (v >= 1) m->KeyType = 1; /* transaction */
    if (v >= 4) {
        m->CoordinatorKeys_count = 3;
        m->CoordinatorKeys = NEW(sm_str_t, 3);
        m->CoordinatorKeys[0] = S("group-a");
        m->CoordinatorKeys[1] = EMPTY;
        m->CoordinatorKeys[2] = S("txn.\xc3\xa9t\xc3\xa9");
    }
}

static void build_find_coordinator_resp(int16_t v, sm_FindCoordinatorResponse *m)
{
    *m = (sm_FindCoordinatorResponse){.ErrorMessage = EMPTY, .Host = EMPTY};
    if (v >= 1) m->ThrottleTimeMs = 17;
    if (v <= 3) {
        m->ErrorCode = 15; /* COORDINATOR_NOT_AVAILABLE */
        if (v >= 1) m->ErrorMessage = v == 2 ? NUL : S("The coordinator is not available.");
        m->NodeId = 3;
        m->Host = S("broker-3.example.com");
        m->Port = 9093;
    } else {
        sm_Coordinator *c = NEW(sm_Coordinator, 3);
        c[0] = (sm_Coordinator){S("group-a"), 1, S("h1"), 9092, 0, NUL};
        c[1] = (sm_Coordinator){EMPTY, -1, EMPTY, -1, 15, S("not available")};
        c[2] = (sm_Coordinator){S("t"), 2, S("h2"), 19093, 0, EMPTY};
        m->Coordinators_count = 3;
        m->Coordinators = c;
    }
}

static void test_find_coordinator_roundtrip(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 6; v++) {
        sm_FindCoordinatorRequest req;
        build_find_coordinator_req(v, &req);
        roundtrip(&sm_FindCoordinatorRequest_codec, v, &req);
        sm_FindCoordinatorResponse resp;
        build_find_coordinator_resp(v, &resp);
        roundtrip(&sm_FindCoordinatorResponse_codec, v, &resp);
    }
}

static void test_find_coordinator_minimal_elements(void **state)
{
    (void)state;
    for (int16_t v = 4; v <= 6; v++) {
        sm_FindCoordinatorRequest req = {.Key = EMPTY, .CoordinatorKeys_count = MANY};
        req.CoordinatorKeys = NEW(sm_str_t, MANY);
        for (int i = 0; i < MANY; i++)
            req.CoordinatorKeys[i] = EMPTY;
        roundtrip(&sm_FindCoordinatorRequest_codec, v, &req);
        sm_FindCoordinatorResponse resp = {
            .ErrorMessage = EMPTY, .Host = EMPTY, .Coordinators_count = MANY};
        resp.Coordinators = NEW(sm_Coordinator, MANY);
        for (int i = 0; i < MANY; i++)
            resp.Coordinators[i] = (sm_Coordinator){EMPTY, 0, EMPTY, 0, 0, NUL};
        roundtrip(&sm_FindCoordinatorResponse_codec, v, &resp);
    }
}

static void test_find_coordinator_vectors(void **state)
{
    (void)state;
    /* kafka-python GroupCoordinatorRequest_v0("grp"). */
    static const uint8_t q0[] = {0x00, 0x03, 'g', 'r', 'p'};
    sm_FindCoordinatorRequest req = {.Key = S("grp")};
    expect_vector(&sm_FindCoordinatorRequest_codec, 0, &req, q0, sizeof(q0));
    /* kafka-python GroupCoordinatorRequest_v1("grp", 0). */
    static const uint8_t q1[] = {0x00, 0x03, 'g', 'r', 'p', 0x00};
    expect_vector(&sm_FindCoordinatorRequest_codec, 1, &req, q1, sizeof(q1));
    /* v3 (flexible): compact string "grp", KeyType 1, empty tags. */
    static const uint8_t q3[] = {0x04, 'g', 'r', 'p', 0x01, 0x00};
    req.KeyType = 1;
    expect_vector(&sm_FindCoordinatorRequest_codec, 3, &req, q3, sizeof(q3));
    /* v4: no Key; KeyType 0, CoordinatorKeys ["a", "bc"]. */
    static const uint8_t q4[] = {0x00, 0x03, 0x02, 'a', 0x03, 'b', 'c', 0x00};
    sm_str_t keys[] = {S("a"), S("bc")};
    req = (sm_FindCoordinatorRequest){
        .Key = EMPTY, .CoordinatorKeys_count = 2, .CoordinatorKeys = keys};
    expect_vector(&sm_FindCoordinatorRequest_codec, 4, &req, q4, sizeof(q4));

    /* kafka-python GroupCoordinatorResponse_v0(15, -1, "", -1). */
    static const uint8_t r0[] = {0x00, 0x0f, 0xff, 0xff, 0xff, 0xff,
                                 0x00, 0x00, 0xff, 0xff, 0xff, 0xff};
    sm_FindCoordinatorResponse resp = {
        .ErrorCode = 15, .ErrorMessage = EMPTY, .NodeId = -1, .Host = EMPTY, .Port = -1};
    expect_vector(&sm_FindCoordinatorResponse_codec, 0, &resp, r0, sizeof(r0));
    /* v1: ThrottleTimeMs 0, no error, null message, node 1 at localhost:9092.
     * (kafka-python 2.0.2's GroupCoordinatorResponse_v1 leaves out
     * ThrottleTimeMs, against the schema; its bytes are these minus the
     * first four. Its consumer only sends v0.) */
    static const uint8_t r1[] = {
        0x00, 0x00, 0x00, 0x00, /* ThrottleTimeMs */
        0x00, 0x00, 0xff, 0xff, /* ErrorCode, ErrorMessage null */
        0x00, 0x00, 0x00, 0x01, /* NodeId */
        0x00, 0x09, 'l',  'o',  'c', 'a', 'l', 'h', 'o', 's', 't', /* Host */
        0x00, 0x00, 0x23, 0x84,                                    /* Port 9092 */
    };
    resp = (sm_FindCoordinatorResponse){
        .ErrorMessage = NUL, .NodeId = 1, .Host = S("localhost"), .Port = 9092};
    expect_vector(&sm_FindCoordinatorResponse_codec, 1, &resp, r1, sizeof(r1));
    /* v3: the same, compact, with tags. */
    static const uint8_t r3[] = {
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,                /* throttle, error, msg null */
        0x00, 0x00, 0x00, 0x01,                                  /* NodeId */
        0x0a, 'l',  'o',  'c',  'a',  'l',  'h',  'o', 's', 't', /* Host */
        0x00, 0x00, 0x23, 0x84, 0x00,                            /* Port, tags */
    };
    expect_vector(&sm_FindCoordinatorResponse_codec, 3, &resp, r3, sizeof(r3));
    /* v4: throttle 5, Coordinators [{"a", 1, "h", 9092, 0, null}]. */
    static const uint8_t r4[] = {
        0x00, 0x00, 0x00, 0x05,             /* ThrottleTimeMs */
        0x02,                               /* Coordinators: 1 */
        0x02, 'a',                          /* Key */
        0x00, 0x00, 0x00, 0x01, 0x02, 'h',  /* NodeId, Host */
        0x00, 0x00, 0x23, 0x84, 0x00, 0x00, /* Port, ErrorCode */
        0x00, 0x00,                         /* ErrorMessage null, tags */
        0x00,                               /* tags */
    };
    sm_Coordinator c = {S("a"), 1, S("h"), 9092, 0, NUL};
    resp = (sm_FindCoordinatorResponse){.ThrottleTimeMs = 5,
                                        .ErrorMessage = EMPTY,
                                        .Host = EMPTY,
                                        .Coordinators_count = 1,
                                        .Coordinators = &c};
    expect_vector(&sm_FindCoordinatorResponse_codec, 4, &resp, r4, sizeof(r4));
    sm_arena_reset(&arena);
}

static void test_find_coordinator_invalid(void **state)
{
    (void)state;
    sm_FindCoordinatorRequest q;
    sm_FindCoordinatorResponse m;
    /* Key is not nullable. */
    static const uint8_t null_key[] = {0xff, 0xff, 0x00};
    assert_int_equal(decode_bytes(&sm_FindCoordinatorRequest_codec, 1, null_key, 3, &q), -1);
    static const uint8_t null_key3[] = {0x00, 0x00, 0x00};
    assert_int_equal(decode_bytes(&sm_FindCoordinatorRequest_codec, 3, null_key3, 3, &q), -1);
    /* CoordinatorKeys is not nullable; a null key inside it is invalid. */
    static const uint8_t null_keys[] = {0x00, 0x00, 0x00};
    assert_int_equal(decode_bytes(&sm_FindCoordinatorRequest_codec, 4, null_keys, 3, &q), -1);
    static const uint8_t null_in_keys[] = {0x00, 0x02, 0x00, 0x00};
    assert_int_equal(decode_bytes(&sm_FindCoordinatorRequest_codec, 4, null_in_keys, 4, &q), -1);
    /* A count the remaining bytes cannot hold is rejected before allocating. */
    static const uint8_t huge[] = {0x00, 0xff, 0xff, 0xff, 0xff, 0x07, 0x00, 0x00};
    assert_int_equal(decode_bytes(&sm_FindCoordinatorRequest_codec, 4, huge, sizeof(huge), &q), -1);
    /* Host is not nullable (v0); ErrorMessage is (v1). */
    static const uint8_t null_host[] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
                                        0xff, 0xff, 0x00, 0x00, 0x23, 0x84};
    assert_int_equal(
        decode_bytes(&sm_FindCoordinatorResponse_codec, 0, null_host, sizeof(null_host), &m), -1);
    /* Coordinators: 3 claimed, bytes for at most one minimal entry. */
    static const uint8_t three[] = {0,    0, 0, 0, 0x04, 0x01, 0, 0, 0, 0,
                                    0x01, 0, 0, 0, 0,    0,    0, 0, 0, 0};
    assert_int_equal(decode_bytes(&sm_FindCoordinatorResponse_codec, 4, three, sizeof(three), &m),
                     -1);
    /* Unknown tagged fields are skipped (and dropped on re-encode). */
    static const uint8_t tagged[] = {0x02, 'g', 0x00, 0x02, 0x00, 0x01, 0xaa, 0x05, 0x00};
    assert_int_equal(decode_bytes(&sm_FindCoordinatorRequest_codec, 3, tagged, sizeof(tagged), &q),
                     0);
    assert_true(sm_str_eq(q.Key, "g"));
    assert_int_equal(q.KeyType, 0);
    static const uint8_t untagged[] = {0x02, 'g', 0x00, 0x00};
    expect_bytes(&sm_FindCoordinatorRequest_codec, 3, &q, untagged, sizeof(untagged));
    sm_arena_reset(&arena);
}

/* ======================= JoinGroup ======================= */

CODEC(sm_JoinGroupRequest)
CODEC(sm_JoinGroupResponse)

static void sm_JoinGroupRequest_cmp(const sm_JoinGroupRequest *e, const sm_JoinGroupRequest *g,
                                    int16_t v)
{
    (void)v;
    EQ_STR(e->GroupId, g->GroupId);
    EQ_INT(e->SessionTimeoutMs, g->SessionTimeoutMs);
    EQ_INT(e->RebalanceTimeoutMs, g->RebalanceTimeoutMs);
    EQ_STR(e->MemberId, g->MemberId);
    EQ_STR(e->GroupInstanceId, g->GroupInstanceId);
    EQ_STR(e->ProtocolType, g->ProtocolType);
    EQ_INT(e->Protocols_count, g->Protocols_count);
    for (int32_t i = 0; i < e->Protocols_count; i++) {
        EQ_STR(e->Protocols[i].Name, g->Protocols[i].Name);
        EQ_BYTES(e->Protocols[i].Metadata, g->Protocols[i].Metadata);
    }
    EQ_STR(e->Reason, g->Reason);
}

static void sm_JoinGroupResponse_cmp(const sm_JoinGroupResponse *e, const sm_JoinGroupResponse *g,
                                     int16_t v)
{
    (void)v;
    EQ_INT(e->ThrottleTimeMs, g->ThrottleTimeMs);
    EQ_INT(e->ErrorCode, g->ErrorCode);
    EQ_INT(e->GenerationId, g->GenerationId);
    EQ_STR(e->ProtocolType, g->ProtocolType);
    EQ_STR(e->ProtocolName, g->ProtocolName);
    EQ_STR(e->Leader, g->Leader);
    EQ_INT(e->SkipAssignment, g->SkipAssignment);
    EQ_STR(e->MemberId, g->MemberId);
    EQ_INT(e->Members_count, g->Members_count);
    for (int32_t i = 0; i < e->Members_count; i++) {
        EQ_STR(e->Members[i].MemberId, g->Members[i].MemberId);
        EQ_STR(e->Members[i].GroupInstanceId, g->Members[i].GroupInstanceId);
        EQ_BYTES(e->Members[i].Metadata, g->Members[i].Metadata);
    }
}

/* `nulls` picks null for every nullable field the version has. */
static void build_join_group_req(int16_t v, bool nulls, sm_JoinGroupRequest *m)
{
    sm_JoinGroupRequestProtocol *p = NEW(sm_JoinGroupRequestProtocol, 3);
    p[0] = (sm_JoinGroupRequestProtocol){S("range"), BYTES(SUBSCRIPTION)};
    p[1] = (sm_JoinGroupRequestProtocol){S("cooperative-sticky"), NOBYTES};
    p[2] = (sm_JoinGroupRequestProtocol){EMPTY, BYTES("\xff")};
    *m = (sm_JoinGroupRequest){.GroupId = S("my-group"),
                               .SessionTimeoutMs = 45000,
                               .RebalanceTimeoutMs = v >= 1 ? 300000 : -1,
                               .MemberId = nulls ? EMPTY : S("consumer-1-7d3c"),
                               .GroupInstanceId = v >= 5 && !nulls ? S("instance-1") : NUL,
                               .ProtocolType = S("consumer"),
                               .Protocols_count = 3,
                               .Protocols = p,
                               .Reason = v >= 8 && !nulls ? S("rebalance: new topic") : NUL};
}

static void build_join_group_resp(int16_t v, bool nulls, sm_JoinGroupResponse *m)
{
    sm_JoinGroupResponseMember *mb = NEW(sm_JoinGroupResponseMember, 3);
    mb[0] = (sm_JoinGroupResponseMember){S("m-1"), v >= 5 ? S("i-1") : NUL, BYTES(SUBSCRIPTION)};
    mb[1] = (sm_JoinGroupResponseMember){S("m-2"), NUL, NOBYTES};
    mb[2] = (sm_JoinGroupResponseMember){EMPTY, v >= 5 ? EMPTY : NUL, BYTES("\x01\x02")};
    *m = (sm_JoinGroupResponse){.ThrottleTimeMs = v >= 2 ? 250 : 0,
                                .ErrorCode = nulls ? 79 : 0, /* MEMBER_ID_REQUIRED */
                                .GenerationId = nulls ? -1 : 7,
                                .ProtocolType = v >= 7 && !nulls ? S("consumer") : NUL,
                                .ProtocolName = v >= 7 && nulls ? NUL : S("range"),
                                .Leader = S("m-1"),
                                .SkipAssignment = v >= 9 && !nulls,
                                .MemberId = S("m-2"),
                                .Members_count = nulls ? 0 : 3,
                                .Members = nulls ? NULL : mb};
}

static void test_join_group_roundtrip(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 9; v++) {
        for (int nulls = 0; nulls < 2; nulls++) {
            sm_JoinGroupRequest req;
            build_join_group_req(v, nulls, &req);
            roundtrip(&sm_JoinGroupRequest_codec, v, &req);
            sm_JoinGroupResponse resp;
            build_join_group_resp(v, nulls, &resp);
            roundtrip(&sm_JoinGroupResponse_codec, v, &resp);
        }
    }
}

static void test_join_group_minimal_elements(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 9; v++) {
        sm_JoinGroupRequest req = {.GroupId = EMPTY,
                                   .RebalanceTimeoutMs = -1,
                                   .MemberId = EMPTY,
                                   .GroupInstanceId = NUL,
                                   .ProtocolType = EMPTY,
                                   .Protocols_count = MANY,
                                   .Reason = NUL};
        req.Protocols = NEW(sm_JoinGroupRequestProtocol, MANY);
        for (int i = 0; i < MANY; i++)
            req.Protocols[i] = (sm_JoinGroupRequestProtocol){EMPTY, NOBYTES};
        roundtrip(&sm_JoinGroupRequest_codec, v, &req);
        sm_JoinGroupResponse resp = {.ProtocolType = NUL,
                                     .ProtocolName = v >= 7 ? NUL : EMPTY,
                                     .Leader = EMPTY,
                                     .MemberId = EMPTY,
                                     .Members_count = MANY};
        resp.Members = NEW(sm_JoinGroupResponseMember, MANY);
        for (int i = 0; i < MANY; i++)
            resp.Members[i] = (sm_JoinGroupResponseMember){EMPTY, NUL, NOBYTES};
        roundtrip(&sm_JoinGroupResponse_codec, v, &resp);
    }
}

static void test_join_group_vectors(void **state)
{
    (void)state;
    /* kafka-python JoinGroupRequest_v1("grp", 10000, 300000, "", "consumer",
     * [("range", 00 01), ("roundrobin", "")]). */
    static const uint8_t q1[] = {
        0x00, 0x03, 'g',  'r',  'p',                                      /* GroupId */
        0x00, 0x00, 0x27, 0x10,                                           /* SessionTimeoutMs */
        0x00, 0x04, 0x93, 0xe0,                                           /* RebalanceTimeoutMs */
        0x00, 0x00,                                                       /* MemberId "" */
        0x00, 0x08, 'c',  'o',  'n',  's',  'u', 'm', 'e', 'r',           /* ProtocolType */
        0x00, 0x00, 0x00, 0x02,                                           /* Protocols: 2 */
        0x00, 0x05, 'r',  'a',  'n',  'g',  'e',                          /* Name */
        0x00, 0x00, 0x00, 0x02, 0x00, 0x01,                               /* Metadata */
        0x00, 0x0a, 'r',  'o',  'u',  'n',  'd', 'r', 'o', 'b', 'i', 'n', /* Name */
        0x00, 0x00, 0x00, 0x00,                                           /* Metadata "" */
    };
    sm_JoinGroupRequestProtocol p[2] = {{S("range"), BYTES("\x00\x01")},
                                        {S("roundrobin"), NOBYTES}};
    sm_JoinGroupRequest req = {.GroupId = S("grp"),
                               .SessionTimeoutMs = 10000,
                               .RebalanceTimeoutMs = 300000,
                               .MemberId = EMPTY,
                               .GroupInstanceId = NUL,
                               .ProtocolType = S("consumer"),
                               .Protocols_count = 2,
                               .Protocols = p,
                               .Reason = NUL};
    expect_vector(&sm_JoinGroupRequest_codec, 1, &req, q1, sizeof(q1));
    /* v0: the same without RebalanceTimeoutMs, which decodes as -1. */
    uint8_t q0[sizeof(q1) - 4];
    memcpy(q0, q1, 9);
    memcpy(q0 + 9, q1 + 13, sizeof(q1) - 13);
    req.RebalanceTimeoutMs = -1;
    expect_vector(&sm_JoinGroupRequest_codec, 0, &req, q0, sizeof(q0));

    /* v6 (flexible): "g", 10000, 300000, "", null instance, "consumer",
     * [("range", 00 01)]. */
    static const uint8_t q6[] = {
        0x02, 'g',                                           /* GroupId */
        0x00, 0x00, 0x27, 0x10, 0x00, 0x04, 0x93, 0xe0,      /* timeouts */
        0x01, 0x00,                                          /* MemberId "", GroupInstanceId null */
        0x09, 'c',  'o',  'n',  's',  'u',  'm',  'e',  'r', /* ProtocolType */
        0x02,                                                /* Protocols: 1 */
        0x06, 'r',  'a',  'n',  'g',  'e',                   /* Name */
        0x03, 0x00, 0x01, 0x00,                              /* Metadata, tags */
        0x00,                                                /* tags */
    };
    req = (sm_JoinGroupRequest){.GroupId = S("g"),
                                .SessionTimeoutMs = 10000,
                                .RebalanceTimeoutMs = 300000,
                                .MemberId = EMPTY,
                                .GroupInstanceId = NUL,
                                .ProtocolType = S("consumer"),
                                .Protocols_count = 1,
                                .Protocols = p,
                                .Reason = NUL};
    expect_vector(&sm_JoinGroupRequest_codec, 6, &req, q6, sizeof(q6));
    /* v8: instance "i" and Reason "r" added after Protocols. */
    static const uint8_t q8[] = {
        0x02, 'g',  0x00, 0x00, 0x27, 0x10, 0x00, 0x04, 0x93, 0xe0, 0x01, 0x02,
        'i',  0x09, 'c',  'o',  'n',  's',  'u',  'm',  'e',  'r',  0x02, 0x06,
        'r',  'a',  'n',  'g',  'e',  0x03, 0x00, 0x01, 0x00, 0x02, 'r',  0x00,
    };
    req.GroupInstanceId = S("i");
    req.Reason = S("r");
    expect_vector(&sm_JoinGroupRequest_codec, 8, &req, q8, sizeof(q8));

    /* kafka-python JoinGroupResponse_v2(0, 0, 3, "range", "m1", "m1",
     * [("m1", 0a 0b)]). */
    static const uint8_t r2[] = {
        0x00, 0x00, 0x00, 0x00,                       /* ThrottleTimeMs */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x03,           /* ErrorCode, GenerationId */
        0x00, 0x05, 'r',  'a',  'n',  'g',  'e',      /* ProtocolName */
        0x00, 0x02, 'm',  '1',  0x00, 0x02, 'm', '1', /* Leader, MemberId */
        0x00, 0x00, 0x00, 0x01,                       /* Members: 1 */
        0x00, 0x02, 'm',  '1',                        /* MemberId */
        0x00, 0x00, 0x00, 0x02, 0x0a, 0x0b,           /* Metadata */
    };
    sm_JoinGroupResponseMember mb = {S("m1"), NUL, BYTES("\x0a\x0b")};
    sm_JoinGroupResponse resp = {.GenerationId = 3,
                                 .ProtocolType = NUL,
                                 .ProtocolName = S("range"),
                                 .Leader = S("m1"),
                                 .MemberId = S("m1"),
                                 .Members_count = 1,
                                 .Members = &mb};
    expect_vector(&sm_JoinGroupResponse_codec, 2, &resp, r2, sizeof(r2));
    /* v0/v1: the same without ThrottleTimeMs. */
    expect_vector(&sm_JoinGroupResponse_codec, 1, &resp, r2 + 4, sizeof(r2) - 4);

    /* v9: "consumer", null ProtocolName, leader "a", SkipAssignment true,
     * member "a" [("a", null instance, "")]. */
    static const uint8_t r9[] = {
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00,                /* throttle, error */
        0x00, 0x00, 0x00, 0x01,                            /* GenerationId */
        0x09, 'c',  'o',  'n',  's',  'u',  'm', 'e', 'r', /* ProtocolType */
        0x00,                                              /* ProtocolName null */
        0x02, 'a',  0x01, 0x02, 'a',                       /* Leader, Skip, MemberId */
        0x02, 0x02, 'a',  0x00, 0x01, 0x00,                /* Members: 1 {"a", null, ""} */
        0x00,                                              /* tags */
    };
    mb = (sm_JoinGroupResponseMember){S("a"), NUL, NOBYTES};
    resp = (sm_JoinGroupResponse){.GenerationId = 1,
                                  .ProtocolType = S("consumer"),
                                  .ProtocolName = NUL,
                                  .Leader = S("a"),
                                  .SkipAssignment = true,
                                  .MemberId = S("a"),
                                  .Members_count = 1,
                                  .Members = &mb};
    expect_vector(&sm_JoinGroupResponse_codec, 9, &resp, r9, sizeof(r9));
    sm_arena_reset(&arena);
}

static void test_join_group_invalid(void **state)
{
    (void)state;
    sm_JoinGroupRequest q;
    sm_JoinGroupResponse m;
    /* ProtocolName is nullable from v7 only: the null name decodes in v7
     * and is rejected when the same bytes are read as v6 (ProtocolType is
     * then taken as the name and the null as Leader). */
    static const uint8_t r7[] = {
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, /* throttle, error, gen */
        0x01, 0x00,                                                 /* "" type, null name */
        0x01, 0x01, 0x01, 0x00,                                     /* "" leader, "" id, [], tags */
    };
    assert_int_equal(decode_bytes(&sm_JoinGroupResponse_codec, 7, r7, sizeof(r7), &m), 0);
    assert_int_equal(m.ProtocolName.len, -1);
    assert_true(sm_str_eq(m.ProtocolType, ""));
    assert_int_equal(decode_bytes(&sm_JoinGroupResponse_codec, 6, r7, sizeof(r7) - 1, &m), -1);
    /* Classic v0 response with a null ProtocolName. */
    static const uint8_t r0[] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xff, 0xff,
                                 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    assert_int_equal(decode_bytes(&sm_JoinGroupResponse_codec, 0, r0, sizeof(r0), &m), -1);
    /* Encoding a null ProtocolName in v0-6 writes "" rather than an invalid
     * null. */
    m = (sm_JoinGroupResponse){.ProtocolName = NUL, .Leader = EMPTY, .MemberId = EMPTY};
    static const uint8_t r0_empty[] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                       0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    expect_bytes(&sm_JoinGroupResponse_codec, 0, &m, r0_empty, sizeof(r0_empty));

    /* Request: Metadata is not nullable. */
    static const uint8_t null_meta[] = {
        0x00, 0x01, 'g',  0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, /* g, 1, "", "" */
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff,       /* [("", null)] */
    };
    assert_int_equal(decode_bytes(&sm_JoinGroupRequest_codec, 0, null_meta, sizeof(null_meta), &q),
                     -1);
    /* ... and with an empty Metadata the same request decodes. */
    uint8_t ok_meta[sizeof(null_meta)];
    memcpy(ok_meta, null_meta, sizeof(ok_meta));
    memset(ok_meta + 17, 0, 4);
    assert_int_equal(decode_bytes(&sm_JoinGroupRequest_codec, 0, ok_meta, sizeof(ok_meta), &q), 0);
    assert_int_equal(q.Protocols_count, 1);
    assert_int_equal(q.Protocols[0].Metadata.len, 0);
    assert_int_equal(q.RebalanceTimeoutMs, -1);
    assert_int_equal(q.GroupInstanceId.len, -1);
    assert_int_equal(q.Reason.len, -1);
    /* Protocols is not nullable. */
    static const uint8_t null_protos[] = {0x00, 0x01, 'g',  0x00, 0x00, 0x00, 0x01, 0x00,
                                          0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff};
    assert_int_equal(
        decode_bytes(&sm_JoinGroupRequest_codec, 0, null_protos, sizeof(null_protos), &q), -1);
    /* A hostile count (2^31-1 protocols) is rejected before allocating. */
    static const uint8_t huge[] = {0x00, 0x01, 'g',  0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
                                   0x00, 0x00, 0x7f, 0xff, 0xff, 0xff, 0,    0,    0};
    assert_int_equal(decode_bytes(&sm_JoinGroupRequest_codec, 0, huge, sizeof(huge), &q), -1);
    /* Compact: 5 members claimed in a v9 response with room for fewer. */
    static const uint8_t few[] = {0,    0,    0,    0,    0,    0,    0,    0,    0,
                                  0,    0x00, 0x00, 0x01, 0x00, 0x01, 0x06, 0x01, 0x00,
                                  0x01, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00};
    assert_int_equal(decode_bytes(&sm_JoinGroupResponse_codec, 9, few, sizeof(few), &m), -1);
    /* A bytes length running past the end is rejected. */
    static const uint8_t long_meta[] = {0x02, 'g',  0,    0,    0,    1,    0,   0,    0,   1,
                                        0x01, 0x00, 0x01, 0x02, 0x01, 0x05, 'x', 0x00, 0x00};
    assert_int_equal(decode_bytes(&sm_JoinGroupRequest_codec, 6, long_meta, sizeof(long_meta), &q),
                     -1);
    sm_arena_reset(&arena);
}

static void test_join_group_tagged_fields(void **state)
{
    (void)state;
    /* v6 request with an unknown tag in the protocol (tag 3, 2 bytes) and
     * two at top level (tag 0 empty, tag 200 = 0xc8 0x01 as uvarint). */
    static const uint8_t in[] = {
        0x02, 'g',                          /* GroupId */
        0x00, 0x00, 0x27, 0x10,             /* SessionTimeoutMs */
        0xff, 0xff, 0xff, 0xff,             /* RebalanceTimeoutMs -1 */
        0x01, 0x00, 0x01,                   /* MemberId "", null, ProtocolType "" */
        0x02,                               /* Protocols: 1 */
        0x02, 'p',  0x02, 0x42,             /* Name "p", Metadata 42 */
        0x01, 0x03, 0x02, 0xde, 0xad,       /* tags: tag 3, 2 bytes */
        0x02, 0x00, 0x00, 0xc8, 0x01, 0x01, /* 2 tags: 0 (empty), 200 (1 byte: */
        0x00,                               /* 00) */
    };
    sm_JoinGroupRequest q;
    assert_int_equal(decode_bytes(&sm_JoinGroupRequest_codec, 6, in, sizeof(in), &q), 0);
    assert_true(sm_str_eq(q.GroupId, "g"));
    assert_int_equal(q.SessionTimeoutMs, 10000);
    assert_int_equal(q.RebalanceTimeoutMs, -1);
    assert_int_equal(q.GroupInstanceId.len, -1);
    assert_true(sm_str_eq(q.ProtocolType, ""));
    assert_int_equal(q.Protocols_count, 1);
    assert_true(sm_str_eq(q.Protocols[0].Name, "p"));
    assert_int_equal(q.Protocols[0].Metadata.len, 1);
    assert_int_equal(q.Protocols[0].Metadata.ptr[0], 0x42);
    static const uint8_t out[] = {
        0x02, 'g',  0x00, 0x00, 0x27, 0x10, 0xff, 0xff, 0xff, 0xff,
        0x01, 0x00, 0x01, 0x02, 0x02, 'p',  0x02, 0x42, 0x00, 0x00,
    };
    expect_bytes(&sm_JoinGroupRequest_codec, 6, &q, out, sizeof(out));
    /* A tag whose size runs past the end is rejected. */
    uint8_t bad[sizeof(in)];
    memcpy(bad, in, sizeof(in));
    bad[sizeof(in) - 2] = 0x05;
    assert_int_equal(decode_bytes(&sm_JoinGroupRequest_codec, 6, bad, sizeof(bad), &q), -1);
    sm_arena_reset(&arena);
}

/* ======================= SyncGroup ======================= */

CODEC(sm_SyncGroupRequest)
CODEC(sm_SyncGroupResponse)

static void sm_SyncGroupRequest_cmp(const sm_SyncGroupRequest *e, const sm_SyncGroupRequest *g,
                                    int16_t v)
{
    (void)v;
    EQ_STR(e->GroupId, g->GroupId);
    EQ_INT(e->GenerationId, g->GenerationId);
    EQ_STR(e->MemberId, g->MemberId);
    EQ_STR(e->GroupInstanceId, g->GroupInstanceId);
    EQ_STR(e->ProtocolType, g->ProtocolType);
    EQ_STR(e->ProtocolName, g->ProtocolName);
    EQ_INT(e->Assignments_count, g->Assignments_count);
    for (int32_t i = 0; i < e->Assignments_count; i++) {
        EQ_STR(e->Assignments[i].MemberId, g->Assignments[i].MemberId);
        EQ_BYTES(e->Assignments[i].Assignment, g->Assignments[i].Assignment);
    }
}

static void sm_SyncGroupResponse_cmp(const sm_SyncGroupResponse *e, const sm_SyncGroupResponse *g,
                                     int16_t v)
{
    (void)v;
    EQ_INT(e->ThrottleTimeMs, g->ThrottleTimeMs);
    EQ_INT(e->ErrorCode, g->ErrorCode);
    EQ_STR(e->ProtocolType, g->ProtocolType);
    EQ_STR(e->ProtocolName, g->ProtocolName);
    EQ_BYTES(e->Assignment, g->Assignment);
}

static void build_sync_group_req(int16_t v, bool nulls, sm_SyncGroupRequest *m)
{
    sm_SyncGroupRequestAssignment *as = NEW(sm_SyncGroupRequestAssignment, 3);
    as[0] = (sm_SyncGroupRequestAssignment){S("m-1"), BYTES(ASSIGNMENT)};
    as[1] = (sm_SyncGroupRequestAssignment){S("m-2"), NOBYTES};
    as[2] = (sm_SyncGroupRequestAssignment){EMPTY, BYTES("\x00")};
    *m = (sm_SyncGroupRequest){.GroupId = S("my-group"),
                               .GenerationId = 12,
                               .MemberId = S("m-1"),
                               .GroupInstanceId = v >= 3 && !nulls ? S("instance-1") : NUL,
                               .ProtocolType = v >= 5 && !nulls ? S("consumer") : NUL,
                               .ProtocolName = v >= 5 && !nulls ? S("range") : NUL,
                               .Assignments_count = nulls ? 0 : 3,
                               .Assignments = nulls ? NULL : as};
}

static void build_sync_group_resp(int16_t v, bool nulls, sm_SyncGroupResponse *m)
{
    *m = (sm_SyncGroupResponse){.ThrottleTimeMs = v >= 1 ? 9 : 0,
                                .ErrorCode = nulls ? 27 : 0, /* REBALANCE_IN_PROGRESS */
                                .ProtocolType = v >= 5 && !nulls ? S("consumer") : NUL,
                                .ProtocolName = v >= 5 && !nulls ? S("range") : NUL,
                                .Assignment = nulls ? NOBYTES : BYTES(ASSIGNMENT)};
}

static void test_sync_group_roundtrip(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 5; v++) {
        for (int nulls = 0; nulls < 2; nulls++) {
            sm_SyncGroupRequest req;
            build_sync_group_req(v, nulls, &req);
            roundtrip(&sm_SyncGroupRequest_codec, v, &req);
            sm_SyncGroupResponse resp;
            build_sync_group_resp(v, nulls, &resp);
            roundtrip(&sm_SyncGroupResponse_codec, v, &resp);
        }
    }
}

static void test_sync_group_minimal_elements(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 5; v++) {
        sm_SyncGroupRequest req = {.GroupId = EMPTY,
                                   .MemberId = EMPTY,
                                   .GroupInstanceId = NUL,
                                   .ProtocolType = NUL,
                                   .ProtocolName = NUL,
                                   .Assignments_count = MANY};
        req.Assignments = NEW(sm_SyncGroupRequestAssignment, MANY);
        for (int i = 0; i < MANY; i++)
            req.Assignments[i] = (sm_SyncGroupRequestAssignment){EMPTY, NOBYTES};
        roundtrip(&sm_SyncGroupRequest_codec, v, &req);
    }
}

static void test_sync_group_vectors(void **state)
{
    (void)state;
    /* kafka-python SyncGroupRequest_v1("grp", 3, "m1", [("m1", 01 02 03)]). */
    static const uint8_t q1[] = {
        0x00, 0x03, 'g',  'r',  'p',  0x00, 0x00, 0x00, 0x03, /* GroupId, GenerationId */
        0x00, 0x02, 'm',  '1',                                /* MemberId */
        0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 'm',  '1',        /* Assignments: 1, "m1" */
        0x00, 0x00, 0x00, 0x03, 0x01, 0x02, 0x03,             /* Assignment */
    };
    sm_SyncGroupRequestAssignment as = {S("m1"), BYTES("\x01\x02\x03")};
    sm_SyncGroupRequest req = {.GroupId = S("grp"),
                               .GenerationId = 3,
                               .MemberId = S("m1"),
                               .GroupInstanceId = NUL,
                               .ProtocolType = NUL,
                               .ProtocolName = NUL,
                               .Assignments_count = 1,
                               .Assignments = &as};
    expect_vector(&sm_SyncGroupRequest_codec, 1, &req, q1, sizeof(q1));
    /* v5 (flexible): instance "i", type "consumer", name null. */
    static const uint8_t q5[] = {
        0x04, 'g',  'r', 'p', 0x00, 0x00, 0x00, 0x03, 0x03, 'm',  '1', /* GroupId, gen, id */
        0x02, 'i',                                                     /* GroupInstanceId */
        0x09, 'c',  'o', 'n', 's',  'u',  'm',  'e',  'r',  0x00,      /* type, name null */
        0x02, 0x03, 'm', '1', 0x04, 0x01, 0x02, 0x03, 0x00,            /* [("m1", 010203)] */
        0x00,                                                          /* tags */
    };
    req.GroupInstanceId = S("i");
    req.ProtocolType = S("consumer");
    expect_vector(&sm_SyncGroupRequest_codec, 5, &req, q5, sizeof(q5));

    /* kafka-python SyncGroupResponse_v1(5, 0, 01 02 03). */
    static const uint8_t r1[] = {0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00,
                                 0x00, 0x00, 0x03, 0x01, 0x02, 0x03};
    sm_SyncGroupResponse resp = {.ThrottleTimeMs = 5,
                                 .ProtocolType = NUL,
                                 .ProtocolName = NUL,
                                 .Assignment = BYTES("\x01\x02\x03")};
    expect_vector(&sm_SyncGroupResponse_codec, 1, &resp, r1, sizeof(r1));
    /* v0: no ThrottleTimeMs. */
    resp.ThrottleTimeMs = 0;
    expect_vector(&sm_SyncGroupResponse_codec, 0, &resp, r1 + 4, sizeof(r1) - 4);
    /* v4 (flexible): 27 REBALANCE_IN_PROGRESS with an empty assignment. */
    static const uint8_t r4[] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x1b, 0x01, 0x00};
    resp = (sm_SyncGroupResponse){.ErrorCode = 27, .ProtocolType = NUL, .ProtocolName = NUL};
    expect_vector(&sm_SyncGroupResponse_codec, 4, &resp, r4, sizeof(r4));
    /* v5: type "consumer", name "range", assignment 01. */
    static const uint8_t r5[] = {
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09, 'c', 'o', 'n',  's',  'u',
        'm',  'e',  'r',  0x06, 'r',  'a',  'n',  'g', 'e', 0x02, 0x01, 0x00,
    };
    resp = (sm_SyncGroupResponse){
        .ProtocolType = S("consumer"), .ProtocolName = S("range"), .Assignment = BYTES("\x01")};
    expect_vector(&sm_SyncGroupResponse_codec, 5, &resp, r5, sizeof(r5));
    sm_arena_reset(&arena);
}

static void test_sync_group_invalid(void **state)
{
    (void)state;
    sm_SyncGroupResponse m;
    sm_SyncGroupRequest q;
    /* Assignment is not nullable, classic and compact. */
    static const uint8_t null_a1[] = {0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff};
    assert_int_equal(decode_bytes(&sm_SyncGroupResponse_codec, 1, null_a1, sizeof(null_a1), &m),
                     -1);
    static const uint8_t null_a4[] = {0, 0, 0, 0, 0, 0, 0x00, 0x00};
    assert_int_equal(decode_bytes(&sm_SyncGroupResponse_codec, 4, null_a4, sizeof(null_a4), &m),
                     -1);
    /* A null view is encoded as empty bytes, never as an invalid null. */
    m = (sm_SyncGroupResponse){
        .ProtocolType = NUL, .ProtocolName = NUL, .Assignment = SM_BYTES_NULL};
    static const uint8_t empty_a4[] = {0, 0, 0, 0, 0, 0, 0x01, 0x00};
    expect_bytes(&sm_SyncGroupResponse_codec, 4, &m, empty_a4, sizeof(empty_a4));
    /* A negative length other than -1 is rejected. */
    static const uint8_t neg[] = {0, 0, 0xff, 0xff, 0xff, 0xfe};
    assert_int_equal(decode_bytes(&sm_SyncGroupResponse_codec, 0, neg, sizeof(neg), &m), -1);
    /* Null GroupId; null Assignments array. */
    static const uint8_t null_gid[] = {0xff, 0xff, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0};
    assert_int_equal(decode_bytes(&sm_SyncGroupRequest_codec, 0, null_gid, sizeof(null_gid), &q),
                     -1);
    static const uint8_t null_arr[] = {0x02, 'g', 0, 0, 0, 1, 0x01, 0x00, 0x00, 0x00};
    assert_int_equal(decode_bytes(&sm_SyncGroupRequest_codec, 4, null_arr, sizeof(null_arr), &q),
                     -1);
    /* The same with an empty array decodes; v4 has a null GroupInstanceId. */
    uint8_t ok_arr[sizeof(null_arr)];
    memcpy(ok_arr, null_arr, sizeof(ok_arr));
    ok_arr[8] = 0x01;
    assert_int_equal(decode_bytes(&sm_SyncGroupRequest_codec, 4, ok_arr, sizeof(ok_arr), &q), 0);
    assert_int_equal(q.GroupInstanceId.len, -1);
    assert_int_equal(q.ProtocolType.len, -1);
    assert_int_equal(q.Assignments_count, 0);
    /* A hostile compact count is rejected before allocating. */
    static const uint8_t huge[] = {0x02, 'g',  0,    0,    0,    1,    0x01,
                                   0x00, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00};
    assert_int_equal(decode_bytes(&sm_SyncGroupRequest_codec, 4, huge, sizeof(huge), &q), -1);
    sm_arena_reset(&arena);
}

/* ======================= Heartbeat ======================= */

CODEC(sm_HeartbeatRequest)
CODEC(sm_HeartbeatResponse)

static void sm_HeartbeatRequest_cmp(const sm_HeartbeatRequest *e, const sm_HeartbeatRequest *g,
                                    int16_t v)
{
    (void)v;
    EQ_STR(e->GroupId, g->GroupId);
    EQ_INT(e->GenerationId, g->GenerationId);
    EQ_STR(e->MemberId, g->MemberId);
    EQ_STR(e->GroupInstanceId, g->GroupInstanceId);
}

static void sm_HeartbeatResponse_cmp(const sm_HeartbeatResponse *e, const sm_HeartbeatResponse *g,
                                     int16_t v)
{
    (void)v;
    EQ_INT(e->ThrottleTimeMs, g->ThrottleTimeMs);
    EQ_INT(e->ErrorCode, g->ErrorCode);
}

static void test_heartbeat_roundtrip(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 4; v++) {
        for (int nulls = 0; nulls < 2; nulls++) {
            sm_HeartbeatRequest req = {.GroupId = nulls ? EMPTY : S("my-group"),
                                       .GenerationId = nulls ? -1 : 0x01020304,
                                       .MemberId = S("consumer-1-8f1e"),
                                       .GroupInstanceId = v >= 3 && !nulls ? S("instance-1") : NUL};
            roundtrip(&sm_HeartbeatRequest_codec, v, &req);
            sm_HeartbeatResponse resp = {.ThrottleTimeMs = v >= 1 ? 1000 : 0,
                                         .ErrorCode = nulls ? 0 : 27};
            roundtrip(&sm_HeartbeatResponse_codec, v, &resp);
        }
    }
}

static void test_heartbeat_vectors(void **state)
{
    (void)state;
    /* kafka-python HeartbeatRequest_v1("grp", 3, "m1"). */
    static const uint8_t q1[] = {0x00, 0x03, 'g',  'r',  'p', 0x00, 0x00,
                                 0x00, 0x03, 0x00, 0x02, 'm', '1'};
    sm_HeartbeatRequest req = {
        .GroupId = S("grp"), .GenerationId = 3, .MemberId = S("m1"), .GroupInstanceId = NUL};
    expect_vector(&sm_HeartbeatRequest_codec, 1, &req, q1, sizeof(q1));
    expect_vector(&sm_HeartbeatRequest_codec, 0, &req, q1, sizeof(q1));
    /* v3: a null GroupInstanceId appended (int16 -1). */
    static const uint8_t q3[] = {0x00, 0x03, 'g',  'r', 'p', 0x00, 0x00, 0x00,
                                 0x03, 0x00, 0x02, 'm', '1', 0xff, 0xff};
    expect_vector(&sm_HeartbeatRequest_codec, 3, &req, q3, sizeof(q3));
    /* v4 (flexible): instance "i", tags. */
    static const uint8_t q4[] = {0x04, 'g',  'r', 'p', 0x00, 0x00, 0x00,
                                 0x03, 0x03, 'm', '1', 0x02, 'i',  0x00};
    req.GroupInstanceId = S("i");
    expect_vector(&sm_HeartbeatRequest_codec, 4, &req, q4, sizeof(q4));

    /* kafka-python HeartbeatResponse_v1(0, 27). */
    static const uint8_t r1[] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x1b};
    sm_HeartbeatResponse resp = {.ErrorCode = 27};
    expect_vector(&sm_HeartbeatResponse_codec, 1, &resp, r1, sizeof(r1));
    expect_vector(&sm_HeartbeatResponse_codec, 0, &resp, r1 + 4, 2);
    static const uint8_t r4[] = {0x00, 0x00, 0x00, 0x64, 0x00, 0x19, 0x00};
    resp = (sm_HeartbeatResponse){.ThrottleTimeMs = 100, .ErrorCode = 25};
    expect_vector(&sm_HeartbeatResponse_codec, 4, &resp, r4, sizeof(r4));
    sm_arena_reset(&arena);
}

static void test_heartbeat_invalid(void **state)
{
    (void)state;
    sm_HeartbeatRequest q;
    sm_HeartbeatResponse m;
    /* MemberId is not nullable; GroupInstanceId is (v3+). */
    static const uint8_t null_member[] = {0x00, 0x01, 'g', 0, 0, 0, 1, 0xff, 0xff};
    assert_int_equal(
        decode_bytes(&sm_HeartbeatRequest_codec, 2, null_member, sizeof(null_member), &q), -1);
    static const uint8_t null_member4[] = {0x02, 'g', 0, 0, 0, 1, 0x00, 0x00, 0x00};
    assert_int_equal(
        decode_bytes(&sm_HeartbeatRequest_codec, 4, null_member4, sizeof(null_member4), &q), -1);
    /* A string length running past the end. */
    static const uint8_t long_str[] = {0x00, 0x05, 'g', 'r', 'p'};
    assert_int_equal(decode_bytes(&sm_HeartbeatRequest_codec, 0, long_str, sizeof(long_str), &q),
                     -1);
    /* A 6-byte uvarint is invalid. */
    static const uint8_t bad_varint[] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0, 0, 0, 0};
    assert_int_equal(
        decode_bytes(&sm_HeartbeatRequest_codec, 4, bad_varint, sizeof(bad_varint), &q), -1);
    /* Unknown tags at top level are skipped. */
    static const uint8_t tagged[] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                     0x02, 0x01, 0x01, 0x7f, 0x02, 0x00};
    assert_int_equal(decode_bytes(&sm_HeartbeatResponse_codec, 4, tagged, sizeof(tagged), &m), 0);
    assert_int_equal(m.ErrorCode, 0);
    /* Tag count larger than the tags present. */
    assert_int_equal(decode_bytes(&sm_HeartbeatResponse_codec, 4, tagged, sizeof(tagged) - 2, &m),
                     -1);
}

/* ======================= LeaveGroup ======================= */

CODEC(sm_LeaveGroupRequest)
CODEC(sm_LeaveGroupResponse)

static void sm_LeaveGroupRequest_cmp(const sm_LeaveGroupRequest *e, const sm_LeaveGroupRequest *g,
                                     int16_t v)
{
    (void)v;
    EQ_STR(e->GroupId, g->GroupId);
    EQ_STR(e->MemberId, g->MemberId);
    EQ_INT(e->Members_count, g->Members_count);
    for (int32_t i = 0; i < e->Members_count; i++) {
        EQ_STR(e->Members[i].MemberId, g->Members[i].MemberId);
        EQ_STR(e->Members[i].GroupInstanceId, g->Members[i].GroupInstanceId);
        EQ_STR(e->Members[i].Reason, g->Members[i].Reason);
    }
}

static void sm_LeaveGroupResponse_cmp(const sm_LeaveGroupResponse *e,
                                      const sm_LeaveGroupResponse *g, int16_t v)
{
    (void)v;
    EQ_INT(e->ThrottleTimeMs, g->ThrottleTimeMs);
    EQ_INT(e->ErrorCode, g->ErrorCode);
    EQ_INT(e->Members_count, g->Members_count);
    for (int32_t i = 0; i < e->Members_count; i++) {
        EQ_STR(e->Members[i].MemberId, g->Members[i].MemberId);
        EQ_STR(e->Members[i].GroupInstanceId, g->Members[i].GroupInstanceId);
        EQ_INT(e->Members[i].ErrorCode, g->Members[i].ErrorCode);
    }
}

static void build_leave_group_req(int16_t v, sm_LeaveGroupRequest *m)
{
    *m = (sm_LeaveGroupRequest){.GroupId = S("my-group"), .MemberId = EMPTY};
    if (v <= 2) {
        m->MemberId = S("consumer-1-8f1e");
        return;
    }
    sm_MemberIdentity *mb = NEW(sm_MemberIdentity, 3);
    mb[0] = (sm_MemberIdentity){S("m-1"), NUL, v >= 5 ? S("the consumer is closing") : NUL};
    mb[1] = (sm_MemberIdentity){EMPTY, S("instance-2"), NUL};
    mb[2] = (sm_MemberIdentity){S("m-3"), S("instance-3"), v >= 5 ? EMPTY : NUL};
    m->Members_count = 3;
    m->Members = mb;
}

static void build_leave_group_resp(int16_t v, sm_LeaveGroupResponse *m)
{
    *m = (sm_LeaveGroupResponse){.ThrottleTimeMs = v >= 1 ? 11 : 0, .ErrorCode = 0};
    if (v <= 2) {
        m->ErrorCode = 25; /* UNKNOWN_MEMBER_ID */
        return;
    }
    sm_MemberResponse *mb = NEW(sm_MemberResponse, 3);
    mb[0] = (sm_MemberResponse){S("m-1"), NUL, 0};
    mb[1] = (sm_MemberResponse){EMPTY, S("instance-2"), 25};
    mb[2] = (sm_MemberResponse){S("m-3"), S("instance-3"), 82}; /* FENCED_INSTANCE_ID */
    m->Members_count = 3;
    m->Members = mb;
}

static void test_leave_group_roundtrip(void **state)
{
    (void)state;
    for (int16_t v = 0; v <= 5; v++) {
        sm_LeaveGroupRequest req;
        build_leave_group_req(v, &req);
        roundtrip(&sm_LeaveGroupRequest_codec, v, &req);
        sm_LeaveGroupResponse resp;
        build_leave_group_resp(v, &resp);
        roundtrip(&sm_LeaveGroupResponse_codec, v, &resp);
    }
}

static void test_leave_group_minimal_elements(void **state)
{
    (void)state;
    for (int16_t v = 3; v <= 5; v++) {
        sm_LeaveGroupRequest req = {.GroupId = EMPTY, .MemberId = EMPTY, .Members_count = MANY};
        req.Members = NEW(sm_MemberIdentity, MANY);
        for (int i = 0; i < MANY; i++)
            req.Members[i] = (sm_MemberIdentity){EMPTY, NUL, NUL};
        roundtrip(&sm_LeaveGroupRequest_codec, v, &req);
        sm_LeaveGroupResponse resp = {.Members_count = MANY};
        resp.Members = NEW(sm_MemberResponse, MANY);
        for (int i = 0; i < MANY; i++)
            resp.Members[i] = (sm_MemberResponse){EMPTY, NUL, 0};
        roundtrip(&sm_LeaveGroupResponse_codec, v, &resp);
    }
}

static void test_leave_group_vectors(void **state)
{
    (void)state;
    /* kafka-python LeaveGroupRequest_v1("grp", "m1"). */
    static const uint8_t q1[] = {0x00, 0x03, 'g', 'r', 'p', 0x00, 0x02, 'm', '1'};
    sm_LeaveGroupRequest req = {.GroupId = S("grp"), .MemberId = S("m1")};
    expect_vector(&sm_LeaveGroupRequest_codec, 1, &req, q1, sizeof(q1));
    expect_vector(&sm_LeaveGroupRequest_codec, 0, &req, q1, sizeof(q1));
    /* v3: Members [("m1", null), ("", "i")]. */
    static const uint8_t q3[] = {
        0x00, 0x03, 'g',  'r',  'p',        /* GroupId */
        0x00, 0x00, 0x00, 0x02,             /* Members: 2 */
        0x00, 0x02, 'm',  '1',  0xff, 0xff, /* "m1", null */
        0x00, 0x00, 0x00, 0x01, 'i',        /* "", "i" */
    };
    sm_MemberIdentity mi[2] = {{S("m1"), NUL, NUL}, {EMPTY, S("i"), NUL}};
    req = (sm_LeaveGroupRequest){
        .GroupId = S("grp"), .MemberId = EMPTY, .Members_count = 2, .Members = mi};
    expect_vector(&sm_LeaveGroupRequest_codec, 3, &req, q3, sizeof(q3));
    /* v4 (flexible): the same, compact, with tags. */
    static const uint8_t q4[] = {0x04, 'g',  'r',  'p',  0x03, 0x03, 'm', '1',
                                 0x00, 0x00, 0x01, 0x02, 'i',  0x00, 0x00};
    expect_vector(&sm_LeaveGroupRequest_codec, 4, &req, q4, sizeof(q4));
    /* v5: Reason "r" on the first member, null on the second. */
    static const uint8_t q5[] = {0x04, 'g', 'r',  'p',  0x03, 0x03, 'm',  '1',  0x00,
                                 0x02, 'r', 0x00, 0x01, 0x02, 'i',  0x00, 0x00, 0x00};
    mi[0].Reason = S("r");
    expect_vector(&sm_LeaveGroupRequest_codec, 5, &req, q5, sizeof(q5));

    /* kafka-python LeaveGroupResponse_v1(0, 0). */
    static const uint8_t r1[] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    sm_LeaveGroupResponse resp = {0};
    expect_vector(&sm_LeaveGroupResponse_codec, 1, &resp, r1, sizeof(r1));
    /* v3: throttle 1, error 0, Members [("m1", null, 0), ("", "i", 25)]. */
    static const uint8_t r3[] = {
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00,             /* ThrottleTimeMs, ErrorCode */
        0x00, 0x00, 0x00, 0x02,                         /* Members: 2 */
        0x00, 0x02, 'm',  '1',  0xff, 0xff, 0x00, 0x00, /* "m1", null, 0 */
        0x00, 0x00, 0x00, 0x01, 'i',  0x00, 0x19,       /* "", "i", 25 */
    };
    sm_MemberResponse mr[2] = {{S("m1"), NUL, 0}, {EMPTY, S("i"), 25}};
    resp = (sm_LeaveGroupResponse){.ThrottleTimeMs = 1, .Members_count = 2, .Members = mr};
    expect_vector(&sm_LeaveGroupResponse_codec, 3, &resp, r3, sizeof(r3));
    /* v4: the same, compact, with tags. */
    static const uint8_t r4[] = {0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x03, 0x03, 'm',  '1', 0x00,
                                 0x00, 0x00, 0x00, 0x01, 0x02, 'i',  0x00, 0x19, 0x00, 0x00};
    expect_vector(&sm_LeaveGroupResponse_codec, 4, &resp, r4, sizeof(r4));
    sm_arena_reset(&arena);
}

static void test_leave_group_invalid(void **state)
{
    (void)state;
    sm_LeaveGroupRequest q;
    sm_LeaveGroupResponse m;
    /* Members is not nullable. */
    static const uint8_t null_members[] = {0x00, 0x01, 'g', 0xff, 0xff, 0xff, 0xff};
    assert_int_equal(
        decode_bytes(&sm_LeaveGroupRequest_codec, 3, null_members, sizeof(null_members), &q), -1);
    /* MemberId in a member is not nullable. */
    static const uint8_t null_mid[] = {0x02, 'g', 0x02, 0x00, 0x00, 0x00, 0x00};
    assert_int_equal(decode_bytes(&sm_LeaveGroupRequest_codec, 4, null_mid, sizeof(null_mid), &q),
                     -1);
    /* v2 MemberId is not nullable either. */
    static const uint8_t null_mid2[] = {0x00, 0x01, 'g', 0xff, 0xff};
    assert_int_equal(decode_bytes(&sm_LeaveGroupRequest_codec, 2, null_mid2, sizeof(null_mid2), &q),
                     -1);
    /* v3 request decodes MemberId as "" and v0 Members as empty. */
    static const uint8_t v3[] = {0x00, 0x01, 'g', 0x00, 0x00, 0x00, 0x00};
    assert_int_equal(decode_bytes(&sm_LeaveGroupRequest_codec, 3, v3, sizeof(v3), &q), 0);
    assert_true(sm_str_eq(q.MemberId, ""));
    assert_int_equal(q.Members_count, 0);
    /* A hostile count in the response. */
    static const uint8_t huge[] = {0, 0, 0, 0, 0, 0, 0x00, 0x10, 0x00, 0x00, 0, 0, 0, 0};
    assert_int_equal(decode_bytes(&sm_LeaveGroupResponse_codec, 3, huge, sizeof(huge), &m), -1);
    /* Bytes left over after a v0 request are not consumed: the caller sees
     * them (decode_bytes would fail on its "all consumed" assertion, so use
     * a reader directly). */
    static const uint8_t extra[] = {0x00, 0x01, 'g', 0x00, 0x00, 0xaa};
    sm_rd_t r;
    sm_rd_init(&r, extra, sizeof(extra), false);
    assert_int_equal(sm_LeaveGroupRequest_decode(&r, &arena, 0, &q), 0);
    assert_int_equal(sm_rd_remaining(&r), 1);
    sm_arena_reset(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_find_coordinator_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_find_coordinator_minimal_elements, setup, teardown),
        cmocka_unit_test_setup_teardown(test_find_coordinator_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_find_coordinator_invalid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_join_group_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_join_group_minimal_elements, setup, teardown),
        cmocka_unit_test_setup_teardown(test_join_group_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_join_group_invalid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_join_group_tagged_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sync_group_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sync_group_minimal_elements, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sync_group_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sync_group_invalid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_heartbeat_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_heartbeat_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_heartbeat_invalid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_leave_group_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_leave_group_minimal_elements, setup, teardown),
        cmocka_unit_test_setup_teardown(test_leave_group_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_leave_group_invalid, setup, teardown),
    };
    return cmocka_run_group_tests_name("codecs_group_membership", tests, NULL, NULL);
}
