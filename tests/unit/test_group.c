/*
 * The classic group state machine of src/coordinator/group.c, driven
 * directly with explicit monotonic (`mono`) and wall times: nothing sleeps.
 *
 * Expected behaviour is Kafka's (GroupCoordinator / the new group
 * coordinator's ClassicGroup and GroupMetadataManager): member ids handed out
 * with MEMBER_ID_REQUIRED (KIP-394), rebalances that complete when every
 * member rejoined or the rebalance timeout passed, the leader's SyncGroup
 * making the group Stable, heartbeats answering REBALANCE_IN_PROGRESS while
 * a rebalance is prepared, session expiry, group.initial.rebalance.delay.ms,
 * static membership (KIP-345) and the OffsetCommit validation order of
 * ClassicGroup.validateOffsetCommit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "coordinator/group.h"
#include "coordinator/group_records.h"
#include "protocol/errors.h"
#include "protocol/wire.h"

/* ---- helpers ---- */

#define S(s) sm_str(s)
#define NUL SM_STR_NULL
#define WALL0 INT64_C(1700000000000)
#define WALL(mono) (WALL0 + (mono))

/* Groups of the running test, freed by the teardown when an assertion
 * ends the test early (so LeakSanitizer reports only real leaks). */
static sm_group_t *tracked[16];

static sm_group_t *new_group(const char *id, int64_t wall)
{
    sm_group_t *g = sm_group_new(id, wall);
    for (int i = 0; i < 16; i++)
        if (!tracked[i]) {
            tracked[i] = g;
            return g;
        }
    fail_msg("too many groups");
    return NULL;
}

static void drop(sm_group_t *g)
{
    for (int i = 0; i < 16; i++)
        if (tracked[i] == g) tracked[i] = NULL;
    sm_group_free(g);
}

static int teardown(void **state)
{
    (void)state;
    for (int i = 0; i < 16; i++)
        if (tracked[i]) drop(tracked[i]);
    return 0;
}

static sm_group_limits_t limits(void)
{
    return (sm_group_limits_t){.min_session_timeout_ms = 6000,
                               .max_session_timeout_ms = 300000,
                               .max_size = 100,
                               .initial_rebalance_delay_ms = 0,
                               .new_member_join_timeout_ms = 300000};
}

/* A JoinGroup; zero fields take defaults: protocol type "consumer", one
 * protocol "range", session 10 s, rebalance timeout 30 s. Each protocol's
 * metadata is "meta:<name>" unless `meta` overrides it. */
typedef struct jspec {
    const char *member_id; /* NULL: "" (unknown) */
    const char *instance_id;
    const char *ptype;
    const char *protos[5]; /* NULL-terminated */
    const char *meta[5];
    bool no_protocols;
    int32_t session, rebalance;
    bool require_known;
    uint64_t token;
    const char *new_id; /* the id the coordinator would generate */
    int64_t mono;
} jspec_t;

typedef struct jres {
    int rc;
    int16_t err;
    sm_member_t *m;
} jres_t;

static jres_t join_spec(sm_group_t *g, const sm_group_limits_t *lim, jspec_t s)
{
    static char metas[5][64];
    sm_str_t names[5];
    sm_bytes_t meta[5];
    int n = 0;
    if (!s.no_protocols) {
        if (!s.protos[0]) s.protos[0] = "range";
        for (; n < 5 && s.protos[n]; n++) {
            names[n] = S(s.protos[n]);
            if (s.meta[n]) {
                meta[n] = (sm_bytes_t){(const uint8_t *)s.meta[n], (int32_t)strlen(s.meta[n])};
            } else {
                snprintf(metas[n], sizeof(metas[n]), "meta:%s", s.protos[n]);
                meta[n] = (sm_bytes_t){(const uint8_t *)metas[n], (int32_t)strlen(metas[n])};
            }
        }
    }
    sm_join_args_t a = {.member_id = S(s.member_id ? s.member_id : ""),
                        .instance_id = s.instance_id ? S(s.instance_id) : NUL,
                        .protocol_type = S(s.ptype ? s.ptype : "consumer"),
                        .client_id = S("client"),
                        .client_host = S("/127.0.0.1"),
                        .session_timeout_ms = s.session ? s.session : 10000,
                        .rebalance_timeout_ms = s.rebalance ? s.rebalance : 30000,
                        .protocol_count = n,
                        .protocol_names = names,
                        .protocol_metadata = meta,
                        .require_known_member_id = s.require_known,
                        .token = s.token};
    jres_t r = {.err = -12345};
    r.rc = sm_group_join(g, lim, &a, s.new_id ? s.new_id : "unused-new-id", s.mono, WALL(s.mono), &r.err, &r.m);
    return r;
}
#define JOIN(g, lim, ...) join_spec((g), (lim), (jspec_t){__VA_ARGS__})

typedef struct sres {
    int rc;
    int16_t err;
    sm_member_t *m;
} sres_t;

/* SyncGroup; `assign` is "id=value,id=value" for the leader, NULL otherwise. */
static sres_t sync_full(sm_group_t *g, const char *member, const char *instance, int32_t gen, sm_str_t ptype,
                        sm_str_t pname, const char *assign, int64_t mono)
{
    sm_sync_assignment_t as[8];
    char buf[512];
    int n = 0;
    if (assign) {
        snprintf(buf, sizeof(buf), "%s", assign);
        for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok && n < 8; tok = strtok_r(NULL, ",", &save)) {
            char *eq = strchr(tok, '=');
            assert_non_null(eq);
            *eq = 0;
            as[n].member_id = S(tok);
            as[n].assignment = (sm_bytes_t){(const uint8_t *)eq + 1, (int32_t)strlen(eq + 1)};
            n++;
        }
    }
    sres_t r = {.err = -12345};
    r.rc = sm_group_sync(g, S(member), instance ? S(instance) : NUL, gen, ptype, pname, n, as, mono, WALL(mono),
                         &r.err, &r.m);
    return r;
}

static sres_t sync_g(sm_group_t *g, const char *member, int32_t gen, const char *assign, int64_t mono)
{
    return sync_full(g, member, NULL, gen, NUL, NUL, assign, mono);
}

static int16_t hb(sm_group_t *g, const char *member, int32_t gen, int64_t mono)
{
    return sm_group_heartbeat(g, S(member), NUL, gen, mono);
}

static void check_blob(const sm_blob_t *b, const char *exp, int line)
{
    size_t n = strlen(exp);
    if ((size_t)b->len == n && (n == 0 || memcmp(b->data, exp, n) == 0)) return;
    print_error("line %d: blob is '%.*s' (len %d), expected '%s'\n", line, b->len > 0 ? b->len : 0,
                b->data ? (const char *)b->data : "", b->len, exp);
    fail();
}
#define EQ_BLOB(b, exp) check_blob((b), (exp), __LINE__)

static sm_member_t *member(sm_group_t *g, const char *id)
{
    return sm_group_find_member(g, S(id));
}

/* A Stable group of generation 1 with one member `id`, formed at mono 0. */
static sm_group_t *stable_one(const sm_group_limits_t *lim, const char *id)
{
    sm_group_t *g = new_group("g", WALL0);
    jres_t j = JOIN(g, lim, .new_id = id);
    assert_int_equal(SM_JOIN_DONE, j.rc);
    assert_int_equal(SM_ERR_NONE, j.err);
    char assign[128];
    snprintf(assign, sizeof(assign), "%s=A-%s", id, id);
    sres_t s = sync_g(g, id, 1, assign, 0);
    assert_int_equal(SM_JOIN_DONE, s.rc);
    assert_int_equal(SM_ERR_NONE, s.err);
    assert_int_equal(SM_GROUP_STABLE, g->state);
    return g;
}

/* A Stable group of generation 2 with members `a` (leader) and `b`, formed
 * at mono t; sessions and rebalance timeouts as given. */
static sm_group_t *stable_two(const sm_group_limits_t *lim, const char *a, const char *b, int32_t session,
                              int32_t rebalance, int64_t t)
{
    sm_group_t *g = new_group("g", WALL(t));
    jres_t j = JOIN(g, lim, .new_id = a, .session = session, .rebalance = rebalance, .mono = t);
    assert_int_equal(SM_ERR_NONE, j.err);
    assert_int_equal(SM_ERR_NONE, sync_g(g, a, 1, NULL, t).err);
    j = JOIN(g, lim, .new_id = b, .session = session, .rebalance = rebalance, .mono = t);
    assert_int_equal(SM_JOIN_WAIT, j.rc);
    j = JOIN(g, lim, .member_id = a, .session = session, .rebalance = rebalance, .mono = t);
    assert_int_equal(SM_JOIN_DONE, j.rc);
    assert_int_equal(SM_ERR_NONE, j.err);
    assert_int_equal(2, g->generation);
    char assign[128];
    snprintf(assign, sizeof(assign), "%s=A-%s,%s=A-%s", a, a, b, b);
    assert_int_equal(SM_ERR_NONE, sync_g(g, a, 2, assign, t).err);
    sres_t s = sync_g(g, b, 2, NULL, t);
    assert_int_equal(SM_JOIN_DONE, s.rc);
    assert_int_equal(SM_ERR_NONE, s.err);
    assert_int_equal(SM_GROUP_STABLE, g->state);
    return g;
}

/* ---- tests ---- */

static void test_state_names(void **state)
{
    (void)state;
    assert_string_equal("Empty", sm_group_state_name(SM_GROUP_EMPTY));
    assert_string_equal("PreparingRebalance", sm_group_state_name(SM_GROUP_PREPARING_REBALANCE));
    assert_string_equal("CompletingRebalance", sm_group_state_name(SM_GROUP_COMPLETING_REBALANCE));
    assert_string_equal("Stable", sm_group_state_name(SM_GROUP_STABLE));
    assert_string_equal("Dead", sm_group_state_name(SM_GROUP_DEAD));
}

/* KIP-394: JoinGroup v4+ without a member id gets MEMBER_ID_REQUIRED and an
 * id; joining with it, a lone member (initial delay 0) completes at once. */
static void test_first_member_member_id_required(void **state)
{
    (void)state;
    sm_group_limits_t lim = limits();
    sm_group_t *g = new_group("g", WALL0);
    assert_int_equal(SM_GROUP_EMPTY, g->state);
    assert_int_equal(0, g->generation);

    jres_t j = JOIN(g, &lim, .require_known = true, .new_id = "client-1");
    assert_int_equal(SM_JOIN_DONE, j.rc);
    assert_int_equal(SM_ERR_MEMBER_ID_REQUIRED, j.err);
    assert_int_equal(SM_GROUP_EMPTY, g->state);
    assert_int_equal(0, g->member_count);
    assert_int_equal(1, g->pending_count);
    assert_true(sm_group_is_pending(g, S("client-1")));
    assert_false(sm_group_is_pending(g, S("client-2")));

    j = JOIN(g, &lim, .member_id = "client-1", .require_known = true, .new_id = "unused", .mono = 10, .token = 7);
    assert_int_equal(SM_JOIN_DONE, j.rc);
    assert_int_equal(SM_ERR_NONE, j.err);
    assert_non_null(j.m);
    assert_string_equal("client-1", j.m->member_id);
    assert_true(j.m->join_ready);
    assert_int_equal(1, j.m->join_generation);
    assert_int_equal(7, (int)j.m->join_token);
    assert_int_equal(0, g->pending_count);
    assert_int_equal(1, g->member_count);
    assert_int_equal(1, g->generation);
    assert_int_equal(SM_GROUP_COMPLETING_REBALANCE, g->state);
    assert_string_equal("client-1", g->leader_id);
    assert_string_equal("consumer", g->protocol_type);
    assert_string_equal("range", g->protocol);
    assert_true(g->metadata_dirty);
    assert_int_equal(WALL(10), g->state_timestamp);
    /* the member's session runs from the join */
    assert_int_equal(10 + 10000, j.m->heartbeat_deadline);
    drop(g);
}

/* Without require_known_member_id (JoinGroup v0-v3) the member is added at once. */
static void test_first_member_without_required_id(void **state)
{
    (void)state;
    sm_group_limits_t lim = limits();
    sm_group_t *g = new_group("g", WALL0);
    jres_t j = JOIN(g, &lim, .new_id = "c-1", .mono = 5);
    assert_int_equal(SM_JOIN_DONE, j.rc);
    assert_int_equal(SM_ERR_NONE, j.err);
    assert_string_equal("c-1", j.m->member_id);
    assert_int_equal(0, g->pending_count);
    assert_int_equal(1, g->generation);
    assert_int_equal(SM_GROUP_COMPLETING_REBALANCE, g->state);
    assert_string_equal("c-1", g->leader_id);
    /* a static member never gets MEMBER_ID_REQUIRED, even with v4+ */
    sm_group_t *g2 = new_group("g2", WALL0);
    j = JOIN(g2, &lim, .instance_id = "inst", .require_known = true, .new_id = "inst-x");
    assert_int_equal(SM_ERR_NONE, j.err);
    assert_string_equal("inst-x", j.m->member_id);
    assert_string_equal("inst", j.m->instance_id);
    assert_int_equal(0, g2->pending_count);
    drop(g);
    drop(g2);
}

/* The full two-member cycle: join, rebalance, heartbeats, sync. */
static void test_two_members_rebalance_and_sync(void **state)
{
    (void)state;
    sm_group_limits_t lim = limits();
    sm_group_t *g = stable_one(&lim, "c-1");
    assert_int_equal(1, g->generation);
    EQ_BLOB(&member(g, "c-1")->assignment, "A-c-1");

    /* a second member: the group prepares a rebalance, the newcomer waits */
    jres_t j2 = JOIN(g, &lim, .new_id = "c-2", .mono = 100, .token = 22);
    assert_int_equal(SM_JOIN_WAIT, j2.rc);
    assert_int_equal(SM_GROUP_PREPARING_REBALANCE, g->state);
    assert_int_equal(2, g->member_count);
    sm_member_t *m2 = member(g, "c-2");
    assert_non_null(m2);
    assert_false(m2->join_ready);
    assert_true(m2->awaiting_join);
    assert_int_equal(22, (int)m2->join_token);
    assert_int_equal(1, g->generation);

    /* the first member learns of it through its heartbeat */
    assert_int_equal(SM_ERR_REBALANCE_IN_PROGRESS, hb(g, "c-1", 1, 200));
    /* a SyncGroup of the old generation during the rebalance */
    assert_int_equal(SM_ERR_REBALANCE_IN_PROGRESS, sync_g(g, "c-1", 1, NULL, 200).err);

    /* it rejoins: everyone is in, generation 2 */
    jres_t j1 = JOIN(g, &lim, .member_id = "c-1", .mono = 300, .token = 11);
    assert_int_equal(SM_JOIN_DONE, j1.rc);
    assert_int_equal(SM_ERR_NONE, j1.err);
    assert_int_equal(2, j1.m->join_generation);
    assert_int_equal(2, g->generation);
    assert_int_equal(SM_GROUP_COMPLETING_REBALANCE, g->state);
    assert_string_equal("c-1", g->leader_id);
    m2 = member(g, "c-2");
    assert_true(m2->join_ready);
    assert_int_equal(2, m2->join_generation);
    assert_false(m2->awaiting_join);
    /* heartbeats of the new generation are fine in CompletingRebalance */
    assert_int_equal(SM_ERR_NONE, hb(g, "c-2", 2, 300));

    /* the follower's SyncGroup waits for the leader */
    sres_t s2 = sync_g(g, "c-2", 2, NULL, 400);
    assert_int_equal(SM_JOIN_WAIT, s2.rc);
    assert_true(member(g, "c-2")->awaiting_sync);
    /* wrong generation, unknown member */
    sres_t bad = sync_g(g, "c-2", 1, NULL, 400);
    assert_int_equal(SM_JOIN_DONE, bad.rc);
    assert_int_equal(SM_ERR_ILLEGAL_GENERATION, bad.err);
    bad = sync_g(g, "nobody", 2, NULL, 400);
    assert_int_equal(SM_JOIN_DONE, bad.rc);
    assert_int_equal(SM_ERR_UNKNOWN_MEMBER_ID, bad.err);
    assert_int_equal(SM_GROUP_COMPLETING_REBALANCE, g->state);

    /* the leader's SyncGroup carries everyone's assignment */
    g->metadata_dirty = false;
    sres_t s1 = sync_g(g, "c-1", 2, "c-1=P0,c-2=P1", 500);
    assert_int_equal(SM_JOIN_DONE, s1.rc);
    assert_int_equal(SM_ERR_NONE, s1.err);
    assert_string_equal("c-1", s1.m->member_id);
    EQ_BLOB(&s1.m->assignment, "P0");
    assert_int_equal(SM_GROUP_STABLE, g->state);
    assert_true(g->metadata_dirty); /* the assignment is persisted */
    assert_false(member(g, "c-2")->awaiting_sync);

    /* the follower asks again and gets its part */
    s2 = sync_g(g, "c-2", 2, NULL, 600);
    assert_int_equal(SM_JOIN_DONE, s2.rc);
    assert_int_equal(SM_ERR_NONE, s2.err);
    assert_string_equal("c-2", s2.m->member_id);
    EQ_BLOB(&s2.m->assignment, "P1");

    /* heartbeats in Stable */
    assert_int_equal(SM_ERR_NONE, hb(g, "c-1", 2, 700));
    assert_int_equal(700 + 10000, member(g, "c-1")->heartbeat_deadline);
    assert_int_equal(SM_ERR_ILLEGAL_GENERATION, hb(g, "c-1", 1, 700));
    assert_int_equal(SM_ERR_ILLEGAL_GENERATION, hb(g, "c-1", 3, 700));
    assert_int_equal(SM_ERR_UNKNOWN_MEMBER_ID, hb(g, "nobody", 2, 700));

    /* a JoinGroup naming a member id the group does not know */
    jres_t ju = JOIN(g, &lim, .member_id = "nobody", .mono = 800);
    assert_int_equal(SM_JOIN_DONE, ju.rc);
    assert_int_equal(SM_ERR_UNKNOWN_MEMBER_ID, ju.err);
    assert_int_equal(2, g->member_count);

    /* a follower rejoining with unchanged metadata gets the current
     * generation back without a rebalance */
    jres_t jf = JOIN(g, &lim, .member_id = "c-2", .mono = 900);
    assert_int_equal(SM_JOIN_DONE, jf.rc);
    assert_int_equal(SM_ERR_NONE, jf.err);
    assert_int_equal(2, jf.m->join_generation);
    assert_int_equal(SM_GROUP_STABLE, g->state);
    assert_int_equal(2, g->generation);

    /* the leader rejoining triggers a rebalance (it may want to reassign) */
    jres_t jl = JOIN(g, &lim, .member_id = "c-1", .mono = 1000);
    assert_int_equal(SM_JOIN_WAIT, jl.rc);
    assert_int_equal(SM_GROUP_PREPARING_REBALANCE, g->state);
    drop(g);
}

/* A leader that assigns nothing to a member: that member gets an empty assignment. */
static void test_sync_missing_assignment_is_empty(void **state)
{
    (void)state;
    sm_group_limits_t lim = limits();
    sm_group_t *g = stable_two(&lim, "a", "b", 10000, 30000, 0);
    EQ_BLOB(&member(g, "b")->assignment, "A-b");
    /* rebalance again; the leader only assigns itself */
    assert_int_equal(SM_JOIN_WAIT, JOIN(g, &lim, .member_id = "a", .mono = 10).rc);
    jres_t jb = JOIN(g, &lim, .member_id = "b", .mono = 10);
    assert_int_equal(SM_ERR_NONE, jb.err);
    assert_int_equal(3, g->generation);
    assert_int_equal(SM_ERR_NONE, sync_g(g, "a", 3, "a=X,ghost=Y", 20).err);
    sres_t s = sync_g(g, "b", 3, NULL, 20);
    assert_int_equal(SM_ERR_NONE, s.err);
    EQ_BLOB(&s.m->assignment, "");
    EQ_BLOB(&member(g, "a")->assignment, "X");
    drop(g);
}

/* SyncGroup v5+ protocol type and name must match the group's. */
static void test_sync_protocol_checks(void **state)
{
    (void)state;
    sm_group_limits_t lim = limits();
    sm_group_t *g = new_group("g", WALL0);
    assert_int_equal(SM_ERR_NONE, JOIN(g, &lim, .new_id = "a").err);
    assert_int_equal(SM_ERR_INCONSISTENT_GROUP_PROTOCOL,
                     sync_full(g, "a", NULL, 1, S("connect"), S("range"), "a=x", 0).err);
    assert_int_equal(SM_ERR_INCONSISTENT_GROUP_PROTOCOL,
                     sync_full(g, "a", NULL, 1, S("consumer"), S("roundrobin"), "a=x", 0).err);
    assert_int_equal(SM_GROUP_COMPLETING_REBALANCE, g->state);
    sres_t s = sync_full(g, "a", NULL, 1, S("consumer"), S("range"), "a=x", 0);
    assert_int_equal(SM_ERR_NONE, s.err);
    assert_int_equal(SM_GROUP_STABLE, g->state);
    drop(g);
}

/* Kafka's selectProtocol: candidates are the protocols every member
 * supports; each member votes for its most preferred candidate; most votes win. */
static void test_protocol_selection(void **state)
{
    (void)state;
    sm_group_limits_t lim = limits();
    sm_group_t *g = new_group("g", WALL0);
    jres_t j = JOIN(g, &lim, .new_id = "a", .protos = {"range", "roundrobin"});
    assert_int_equal(SM_ERR_NONE, j.err);
    assert_string_equal("range", g->protocol); /* alone, its first choice */
    assert_int_equal(SM_ERR_NONE, sync_g(g, "a", 1, NULL, 0).err);
    assert_int_equal(SM_JOIN_WAIT, JOIN(g, &lim, .new_id = "b", .protos = {"roundrobin", "range"}).rc);
    /* c prefers sticky, which a and b lack: it votes roundrobin */
    assert_int_equal(SM_JOIN_WAIT, JOIN(g, &lim, .new_id = "c", .protos = {"sticky", "roundrobin", "range"}).rc);
    j = JOIN(g, &lim, .member_id = "a", .protos = {"range", "roundrobin"});
    assert_int_equal(SM_ERR_NONE, j.err);
    assert_int_equal(2, g->generation);
    assert_string_equal("roundrobin", g->protocol);
    drop(g);

    /* a's first choice is not common to all: the common one wins even with a's vote */
    g = new_group("g", WALL0);
    j = JOIN(g, &lim, .new_id = "a", .protos = {"x", "range"});
    assert_int_equal(SM_ERR_NONE, j.err);
    assert_string_equal("x", g->protocol);
    assert_int_equal(SM_ERR_NONE, sync_g(g, "a", 1, NULL, 0).err);
    assert_int_equal(SM_JOIN_WAIT, JOIN(g, &lim, .new_id = "b", .protos = {"range"}).rc);
    j = JOIN(g, &lim, .member_id = "a", .protos = {"x", "range"});
    assert_int_equal(SM_ERR_NONE, j.err);
    assert_string_equal("range", g->protocol);
    drop(g);
}

static void test_inconsistent_group_protocol(void **state)
{
    (void)state;
    sm_group_limits_t lim = limits();
    sm_group_t *g = new_group("g", WALL0);
    /* an empty protocol type, or no protocols, is refused even in an empty group */
    jres_t j = JOIN(g, &lim, .ptype = "", .new_id = "a");
    assert_int_equal(SM_JOIN_DONE, j.rc);
    assert_int_equal(SM_ERR_INCONSISTENT_GROUP_PROTOCOL, j.err);
    j = JOIN(g, &lim, .no_protocols = true, .new_id = "a");
    assert_int_equal(SM_ERR_INCONSISTENT_GROUP_PROTOCOL, j.err);
    j = JOIN(g, &lim, .no_protocols = true, .require_known = true, .new_id = "a");
    assert_int_equal(SM_ERR_INCONSISTENT_GROUP_PROTOCOL, j.err);
    assert_int_equal(0, g->member_count);
    assert_int_equal(0, g->pending_count);
    assert_int_equal(SM_GROUP_EMPTY, g->state);
    drop(g);

    g = stable_one(&lim, "a");
    /* another protocol type */
    j = JOIN(g, &lim, .ptype = "connect", .new_id = "b");
    assert_int_equal(SM_ERR_INCONSISTENT_GROUP_PROTOCOL, j.err);
    /* no protocol in common (checked before MEMBER_ID_REQUIRED) */
    j = JOIN(g, &lim, .protos = {"roundrobin", "sticky"}, .new_id = "b");
    assert_int_equal(SM_ERR_INCONSISTENT_GROUP_PROTOCOL, j.err);
    j = JOIN(g, &lim, .protos = {"roundrobin"}, .require_known = true, .new_id = "b");
    assert_int_equal(SM_ERR_INCONSISTENT_GROUP_PROTOCOL, j.err);
    assert_int_equal(SM_GROUP_STABLE, g->state);
    assert_int_equal(1, g->member_count);
    assert_int_equal(0, g->pending_count);
    assert_int_equal(1, g->generation);
    /* one protocol in common is enough */
    j = JOIN(g, &lim, .protos = {"roundrobin", "range"}, .new_id = "b");
    assert_int_equal(SM_JOIN_WAIT, j.rc);
    drop(g);
}

static void test_invalid_session_timeout(void **state)
{
    (void)state;
    sm_group_limits_t lim = limits();
    sm_group_t *g = new_group("g", WALL0);
    jres_t j = JOIN(g, &lim, .session = 5999, .new_id = "a");
    assert_int_equal(SM_JOIN_DONE, j.rc);
    assert_int_equal(SM_ERR_INVALID_SESSION_TIMEOUT, j.err);
    j = JOIN(g, &lim, .session = 300001, .new_id = "a", .require_known = true);
    assert_int_equal(SM_ERR_INVALID_SESSION_TIMEOUT, j.err);
    assert_int_equal(0, g->member_count);
    assert_int_equal(0, g->pending_count);
    /* the bounds themselves are valid */
    j = JOIN(g, &lim, .session = 6000, .new_id = "a");
    assert_int_equal(SM_ERR_NONE, j.err);
    assert_int_equal(SM_ERR_NONE, sync_g(g, "a", 1, NULL, 0).err);
    j = JOIN(g, &lim, .session = 300000, .new_id = "b");
    assert_int_equal(SM_JOIN_WAIT, j.rc);
    /* an existing member too */
    j = JOIN(g, &lim, .member_id = "a", .session = 1);
    assert_int_equal(SM_ERR_INVALID_SESSION_TIMEOUT, j.err);
    drop(g);
}

static void test_group_max_size(void **state)
{
    (void)state;
    sm_group_limits_t lim = limits();
    lim.max_size = 2;
    sm_group_t *g = stable_two(&lim, "a", "b", 10000, 30000, 0);
    jres_t j = JOIN(g, &lim, .new_id = "c", .mono = 10);
    assert_int_equal(SM_JOIN_DONE, j.rc);
    assert_int_equal(SM_ERR_GROUP_MAX_SIZE_REACHED, j.err);
    /* the size check comes before MEMBER_ID_REQUIRED */
    j = JOIN(g, &lim, .new_id = "c", .require_known = true, .mono = 10);
    assert_int_equal(SM_ERR_GROUP_MAX_SIZE_REACHED, j.err);
    assert_int_equal(0, g->pending_count);
    assert_int_equal(2, g->member_count);
    assert_int_equal(SM_GROUP_STABLE, g->state);
    assert_null(member(g, "c"));
    /* members already in are accepted */
    j = JOIN(g, &lim, .member_id = "b", .mono = 20);
    assert_int_equal(SM_ERR_NONE, j.err);
    j = JOIN(g, &lim, .member_id = "a", .mono = 20);
    assert_int_equal(SM_JOIN_WAIT, j.rc);
    j = JOIN(g, &lim, .member_id = "b", .mono = 20);
    assert_int_equal(SM_ERR_NONE, j.err);
    assert_int_equal(3, g->generation);
    drop(g);
}

/* Sessions: a member that stops heartbeating is removed by the timer and
 * the group rebalances without it. */
static void test_session_expiry(void **state)
{
    (void)state;
    sm_group_limits_t lim = limits();
    sm_group_t *g = stable_two(&lim, "a", "b", 10000, 30000, 0);
    /* both synced at 0: deadlines 10000 */
    assert_int_equal(10000, member(g, "b")->heartbeat_deadline);
    assert_int_equal(SM_ERR_NONE, hb(g, "a", 2, 9000)); /* a lives on until 19000 */
    assert_false(sm_group_tick(g, &lim, 9999, WALL(9999)));
    assert_int_equal(2, g->member_count);
    assert_int_equal(SM_GROUP_STABLE, g->state);

    assert_true(sm_group_tick(g, &lim, 10001, WALL(10001)));
    assert_int_equal(1, g->member_count);
    assert_null(member(g, "b"));
    assert_int_equal(SM_GROUP_PREPARING_REBALANCE, g->state);
    assert_int_equal(SM_ERR_REBALANCE_IN_PROGRESS, hb(g, "a", 2, 10002));
    assert_int_equal(SM_ERR_UNKNOWN_MEMBER_ID, hb(g, "b", 2, 10002));
    jres_t j = JOIN(g, &lim, .member_id = "a", .mono = 10003);
    assert_int_equal(SM_ERR_NONE, j.err);
    assert_int_equal(3, g->generation);
    assert_int_equal(SM_GROUP_COMPLETING_REBALANCE, g->state);
    assert_string_equal("a", g->leader_id);

    /* the last member's session expires: the group becomes Empty, with a new generation */
    assert_int_equal(SM_ERR_NONE, sync_g(g, "a", 3, NULL, 10003).err);
    assert_true(sm_group_tick(g, &lim, 10003 + 10001, WALL(20004)));
    assert_int_equal(0, g->member_count);
    assert_int_equal(SM_GROUP_EMPTY, g->state);
    assert_int_equal(4, g->generation);
    assert_null(g->leader_id);
    assert_null(g->protocol);
    assert_int_equal(WALL(20004), g->state_timestamp);
    drop(g);
}

/* A rebalance completes at its timeout without the members that did not
 * rejoin; a leader that did not rejoin is replaced by one that did. */
static void test_rebalance_timeout(void **state)
{
    (void)state;
    sm_group_limits_t lim = limits();
    /* sessions (30 s) longer than rebalance timeouts (10 s) */
    sm_group_t *g = stable_two(&lim, "a", "b", 30000, 10000, 0);
    jres_t j = JOIN(g, &lim, .new_id = "c", .session = 30000, .rebalance = 10000, .mono = 1000);
    assert_int_equal(SM_JOIN_WAIT, j.rc);
    assert_int_equal(SM_GROUP_PREPARING_REBALANCE, g->state);
    assert_int_equal(SM_JOIN_WAIT, JOIN(g, &lim, .member_id = "a", .session = 30000, .rebalance = 10000,
                                        .mono = 2000).rc);
    /* b keeps heartbeating but never rejoins */
    assert_int_equal(SM_ERR_REBALANCE_IN_PROGRESS, hb(g, "b", 2, 5000));
    sm_group_tick(g, &lim, 10999, WALL(10999));
    assert_int_equal(SM_GROUP_PREPARING_REBALANCE, g->state);
    assert_int_equal(3, g->member_count);

    assert_true(sm_group_tick(g, &lim, 11000, WALL(11000)));
    assert_int_equal(SM_GROUP_COMPLETING_REBALANCE, g->state);
    assert_int_equal(3, g->generation);
    assert_int_equal(2, g->member_count);
    assert_null(member(g, "b"));
    assert_true(member(g, "a")->join_ready);
    assert_true(member(g, "c")->join_ready);
    assert_int_equal(3, member(g, "c")->join_generation);
    assert_string_equal("a", g->leader_id);
    assert_int_equal(SM_ERR_UNKNOWN_MEMBER_ID, hb(g, "b", 2, 11001));
    drop(g);

    /* now the leader is the one that does not rejoin; the follower rejoins
     * with new metadata, which starts the rebalance */
    g = stable_two(&lim, "a", "b", 30000, 10000, 0);
    assert_int_equal(SM_JOIN_WAIT, JOIN(g, &lim, .member_id = "b", .meta = {"new"}, .session = 30000,
                                        .rebalance = 10000, .mono = 1000).rc);
    assert_int_equal(SM_GROUP_PREPARING_REBALANCE, g->state);
    assert_true(sm_group_tick(g, &lim, 11000, WALL(11000)));
    assert_int_equal(SM_GROUP_COMPLETING_REBALANCE, g->state);
    assert_int_equal(1, g->member_count);
    assert_string_equal("b", g->leader_id);
    assert_true(member(g, "b")->join_ready);
    drop(g);
}

/* The leader got its JoinGroup answer but never sends SyncGroup: after the
 * rebalance timeout the members that did not sync are removed and the group
 * rebalances (Kafka's pending-sync expiry). */
static void test_pending_sync_timeout(void **state)
{
    (void)state;
    sm_group_limits_t lim = limits();
    sm_group_t *g = stable_two(&lim, "a", "b", 30000, 10000, 0);
    assert_int_equal(SM_JOIN_WAIT, JOIN(g, &lim, .member_id = "a", .session = 30000, .rebalance = 10000,
                                        .mono = 100).rc);
    assert_int_equal(SM_ERR_NONE, JOIN(g, &lim, .member_id = "b", .session = 30000, .rebalance = 10000,
                                       .mono = 100).err);
    assert_int_equal(SM_GROUP_COMPLETING_REBALANCE, g->state);
    assert_int_equal(SM_JOIN_WAIT, sync_g(g, "b", 3, NULL, 200).rc);
    sm_group_tick(g, &lim, 10099, WALL(10099));
    assert_int_equal(SM_GROUP_COMPLETING_REBALANCE, g->state);
    assert_true(sm_group_tick(g, &lim, 10100, WALL(10100)));
    assert_null(member(g, "a"));
    assert_non_null(member(g, "b"));
    assert_int_equal(SM_GROUP_PREPARING_REBALANCE, g->state);
    /* the waiting follower is told to rejoin */
    assert_int_equal(SM_ERR_REBALANCE_IN_PROGRESS, sync_g(g, "b", 3, NULL, 10101).err);
    jres_t j = JOIN(g, &lim, .member_id = "b", .session = 30000, .rebalance = 10000, .mono = 10102);
    assert_int_equal(SM_ERR_NONE, j.err);
    assert_int_equal(4, g->generation);
    assert_string_equal("b", g->leader_id);
    drop(g);
}

/* A member id handed out with MEMBER_ID_REQUIRED holds up the rebalance
 * until it joins or its session timeout passes. */
static void test_pending_member_expiry(void **state)
{
    (void)state;
    sm_group_limits_t lim = limits();
    sm_group_t *g = stable_one(&lim, "a");
    jres_t j = JOIN(g, &lim, .new_id = "p", .require_known = true, .session = 8000, .mono = 100);
    assert_int_equal(SM_ERR_MEMBER_ID_REQUIRED, j.err);
    assert_int_equal(SM_GROUP_STABLE, g->state); /* no rebalance for a pending id */
    /* the leader rejoins: the rebalance waits for the pending member */
    assert_int_equal(SM_JOIN_WAIT, JOIN(g, &lim, .member_id = "a", .mono = 200).rc);
    assert_int_equal(SM_GROUP_PREPARING_REBALANCE, g->state);
    assert_false(sm_group_tick(g, &lim, 8099, WALL(8099)));
    assert_int_equal(SM_GROUP_PREPARING_REBALANCE, g->state);
    assert_int_equal(1, g->pending_count);
    assert_true(sm_group_tick(g, &lim, 8100, WALL(8100)));
    assert_int_equal(0, g->pending_count);
    assert_int_equal(SM_GROUP_COMPLETING_REBALANCE, g->state);
    assert_int_equal(2, g->generation);
    assert_true(member(g, "a")->join_ready);
    /* the expired id is unknown now */
    j = JOIN(g, &lim, .member_id = "p", .mono = 8200);
    assert_int_equal(SM_ERR_UNKNOWN_MEMBER_ID, j.err);
    drop(g);

    /* and when the pending member does join, the rebalance completes with it */
    g = stable_one(&lim, "a");
    assert_int_equal(SM_ERR_MEMBER_ID_REQUIRED, JOIN(g, &lim, .new_id = "p", .require_known = true).err);
    assert_int_equal(SM_JOIN_WAIT, JOIN(g, &lim, .member_id = "a", .mono = 200).rc);
    j = JOIN(g, &lim, .member_id = "p", .require_known = true, .mono = 300);
    assert_int_equal(SM_JOIN_DONE, j.rc);
    assert_int_equal(SM_ERR_NONE, j.err);
    assert_int_equal(2, g->member_count);
    assert_int_equal(2, g->generation);
    assert_true(member(g, "a")->join_ready);
    drop(g);
}

/* group.initial.rebalance.delay.ms: the first rebalance of an empty group
 * completes only after the delay, extended by members joining meanwhile,
 * never past the rebalance timeout. */
static void test_initial_rebalance_delay(void **state)
{
    (void)state;
    sm_group_limits_t lim = limits();
    lim.initial_rebalance_delay_ms = 3000;

    /* a lone member waits for the delay */
    sm_group_t *g = new_group("g", WALL0);
    jres_t j = JOIN(g, &lim, .new_id = "a", .rebalance = 10000);
    assert_int_equal(SM_JOIN_WAIT, j.rc);
    assert_int_equal(SM_GROUP_PREPARING_REBALANCE, g->state);
    sm_group_tick(g, &lim, 2999, WALL(2999));
    assert_int_equal(SM_GROUP_PREPARING_REBALANCE, g->state);
    assert_false(member(g, "a")->join_ready);
    assert_true(sm_group_tick(g, &lim, 3000, WALL(3000)));
    assert_int_equal(SM_GROUP_COMPLETING_REBALANCE, g->state);
    assert_int_equal(1, g->generation);
    assert_true(member(g, "a")->join_ready);

    /* a later rebalance of the non-empty group is not delayed */
    assert_int_equal(SM_ERR_NONE, sync_g(g, "a", 1, NULL, 3000).err);
    assert_int_equal(SM_JOIN_WAIT, JOIN(g, &lim, .new_id = "b", .rebalance = 10000, .mono = 4000).rc);
    j = JOIN(g, &lim, .member_id = "a", .rebalance = 10000, .mono = 4000);
    assert_int_equal(SM_JOIN_DONE, j.rc);
    assert_int_equal(SM_ERR_NONE, j.err);
    assert_int_equal(2, g->generation);
    drop(g);

    /* a second member within the delay extends it: Kafka runs another full
     * delay after the window in which a member was added (completion at
     * 6000 here); completing at the original 3000 is wrong either way */
    g = new_group("g", WALL0);
    assert_int_equal(SM_JOIN_WAIT, JOIN(g, &lim, .new_id = "a", .rebalance = 10000).rc);
    assert_int_equal(SM_JOIN_WAIT, JOIN(g, &lim, .new_id = "b", .rebalance = 10000, .mono = 2000).rc);
    sm_group_tick(g, &lim, 3000, WALL(3000));
    assert_int_equal(SM_GROUP_PREPARING_REBALANCE, g->state);
    sm_group_tick(g, &lim, 4999, WALL(4999));
    assert_int_equal(SM_GROUP_PREPARING_REBALANCE, g->state);
    sm_group_tick(g, &lim, 6000, WALL(6000));
    assert_int_equal(SM_GROUP_COMPLETING_REBALANCE, g->state);
    assert_int_equal(1, g->generation);
    assert_int_equal(2, g->member_count);
    assert_true(member(g, "a")->join_ready);
    assert_true(member(g, "b")->join_ready);
    drop(g);

    /* members keep coming: the delay stops at the rebalance timeout (10 s) */
    g = new_group("g", WALL0);
    const char *ids[] = {"m0", "m1", "m2", "m3", "m4"};
    int64_t at[] = {0, 2500, 5000, 7500, 9000};
    for (int i = 0; i < 5; i++) {
        sm_group_tick(g, &lim, at[i], WALL(at[i]));
        if (i > 0) assert_int_equal(SM_GROUP_PREPARING_REBALANCE, g->state);
        assert_int_equal(SM_JOIN_WAIT, JOIN(g, &lim, .new_id = ids[i], .rebalance = 10000, .mono = at[i]).rc);
    }
    sm_group_tick(g, &lim, 9999, WALL(9999));
    assert_int_equal(SM_GROUP_PREPARING_REBALANCE, g->state);
    assert_true(sm_group_tick(g, &lim, 10000, WALL(10000)));
    assert_int_equal(SM_GROUP_COMPLETING_REBALANCE, g->state);
    assert_int_equal(5, g->member_count);
    assert_int_equal(1, g->generation);
    drop(g);
}

static void test_leave(void **state)
{
    (void)state;
    sm_group_limits_t lim = limits();
    /* a pending member (MEMBER_ID_REQUIRED, never joined) leaves */
    sm_group_t *g = stable_one(&lim, "a");
    assert_int_equal(SM_ERR_MEMBER_ID_REQUIRED, JOIN(g, &lim, .new_id = "p", .require_known = true).err);
    assert_int_equal(SM_ERR_NONE, sm_group_leave(g, &lim, S("p"), NUL, 10, WALL(10)));
    assert_int_equal(0, g->pending_count);
    assert_int_equal(SM_GROUP_STABLE, g->state);
    assert_int_equal(1, g->generation);
    assert_int_equal(SM_ERR_UNKNOWN_MEMBER_ID, sm_group_leave(g, &lim, S("nobody"), NUL, 10, WALL(10)));
    assert_int_equal(SM_ERR_UNKNOWN_MEMBER_ID, sm_group_leave(g, &lim, S("p"), NUL, 10, WALL(10)));

    /* a member of two leaves: rebalance; the last one leaves: Empty, new generation */
    drop(g);
    g = stable_two(&lim, "a", "b", 10000, 30000, 0);
    assert_int_equal(SM_ERR_NONE, sm_group_leave(g, &lim, S("a"), NUL, 10, WALL(10)));
    assert_int_equal(1, g->member_count);
    assert_int_equal(SM_GROUP_PREPARING_REBALANCE, g->state);
    assert_string_equal("b", g->leader_id);
    assert_int_equal(SM_ERR_NONE, JOIN(g, &lim, .member_id = "b", .mono = 20).err);
    assert_int_equal(3, g->generation);
    assert_int_equal(SM_ERR_NONE, sync_g(g, "b", 3, NULL, 20).err);
    assert_int_equal(SM_ERR_NONE, sm_group_leave(g, &lim, S("b"), NUL, 30, WALL(30)));
    assert_int_equal(0, g->member_count);
    assert_int_equal(SM_GROUP_EMPTY, g->state);
    assert_int_equal(4, g->generation);
    assert_null(g->leader_id);
    assert_null(g->protocol);
    drop(g);

    /* the last waiting member leaving completes a rebalance the others wait for */
    g = stable_two(&lim, "a", "b", 10000, 30000, 0);
    assert_int_equal(SM_JOIN_WAIT, JOIN(g, &lim, .member_id = "a", .mono = 10).rc);
    assert_int_equal(SM_ERR_NONE, sm_group_leave(g, &lim, S("b"), NUL, 20, WALL(20)));
    assert_int_equal(SM_GROUP_COMPLETING_REBALANCE, g->state);
    assert_true(member(g, "a")->join_ready);
    assert_int_equal(3, g->generation);
    drop(g);
}

static void test_leave_static_member(void **state)
{
    (void)state;
    sm_group_limits_t lim = limits();
    sm_group_t *g = new_group("g", WALL0);
    jres_t j = JOIN(g, &lim, .instance_id = "inst-1", .new_id = "inst-1-aaa");
    assert_int_equal(SM_ERR_NONE, j.err);
    assert_int_equal(SM_ERR_NONE, sync_g(g, "inst-1-aaa", 1, NULL, 0).err);
    assert_ptr_equal(member(g, "inst-1-aaa"), sm_group_find_instance(g, S("inst-1")));
    assert_null(sm_group_find_instance(g, S("inst-2")));
    assert_null(sm_group_find_instance(g, NUL));

    /* the instance id with another member id: fenced, nothing changes */
    assert_int_equal(SM_ERR_FENCED_INSTANCE_ID, sm_group_leave(g, &lim, S("other"), S("inst-1"), 10, WALL(10)));
    assert_int_equal(1, g->member_count);
    assert_int_equal(SM_GROUP_STABLE, g->state);
    /* an unknown instance */
    assert_int_equal(SM_ERR_UNKNOWN_MEMBER_ID, sm_group_leave(g, &lim, S("inst-1-aaa"), S("inst-2"), 10, WALL(10)));
    assert_int_equal(1, g->member_count);
    /* the right pair */
    assert_int_equal(SM_ERR_NONE, sm_group_leave(g, &lim, S("inst-1-aaa"), S("inst-1"), 20, WALL(20)));
    assert_int_equal(0, g->member_count);
    assert_int_equal(SM_GROUP_EMPTY, g->state);
    assert_int_equal(2, g->generation);
    drop(g);

    /* KIP-345 admin removal: instance id only, member id "" */
    g = new_group("g", WALL0);
    assert_int_equal(SM_ERR_NONE, JOIN(g, &lim, .instance_id = "inst-1", .new_id = "inst-1-aaa").err);
    assert_int_equal(SM_ERR_NONE, sm_group_leave(g, &lim, S(""), S("inst-1"), 10, WALL(10)));
    assert_int_equal(0, g->member_count);
    assert_int_equal(SM_GROUP_EMPTY, g->state);
    drop(g);
}

/* KIP-345: a static member restarting (its instance id, no member id) while
 * the group is Stable gets a new member id and the current generation, no
 * rebalance; its old member id is fenced. */
static void test_static_member_rejoin_stable(void **state)
{
    (void)state;
    sm_group_limits_t lim = limits();
    sm_group_t *g = new_group("g", WALL0);
    assert_int_equal(SM_ERR_NONE, JOIN(g, &lim, .instance_id = "inst-1", .new_id = "inst-1-a").err);
    assert_int_equal(SM_ERR_NONE, sync_g(g, "inst-1-a", 1, NULL, 0).err);
    /* dyn also supports roundrobin; range is the only common protocol */
    assert_int_equal(SM_JOIN_WAIT, JOIN(g, &lim, .new_id = "dyn", .protos = {"roundrobin", "range"}).rc);
    assert_int_equal(SM_ERR_NONE, JOIN(g, &lim, .member_id = "inst-1-a", .instance_id = "inst-1").err);
    assert_string_equal("range", g->protocol);
    assert_int_equal(2, g->generation);
    assert_int_equal(SM_ERR_NONE,
                     sync_full(g, "inst-1-a", "inst-1", 2, NUL, NUL, "inst-1-a=S1,dyn=D1", 0).err);
    assert_int_equal(SM_ERR_NONE, sync_g(g, "dyn", 2, NULL, 0).err);
    assert_int_equal(SM_GROUP_STABLE, g->state);
    assert_string_equal("inst-1-a", g->leader_id);

    g->metadata_dirty = false;
    jres_t j = JOIN(g, &lim, .instance_id = "inst-1", .new_id = "inst-1-b", .mono = 1000, .token = 99);
    assert_int_equal(SM_JOIN_DONE, j.rc);
    assert_int_equal(SM_ERR_NONE, j.err);
    assert_string_equal("inst-1-b", j.m->member_id);
    assert_int_equal(2, j.m->join_generation);
    assert_true(j.m->join_ready);
    assert_int_equal(SM_GROUP_STABLE, g->state);
    assert_int_equal(2, g->generation);
    assert_int_equal(2, g->member_count);
    assert_null(member(g, "inst-1-a"));
    assert_ptr_equal(j.m, sm_group_find_instance(g, S("inst-1")));
    assert_string_equal("inst-1-b", g->leader_id); /* the leader's id moves with it */
    assert_true(g->metadata_dirty);                /* the new member id is persisted */
    EQ_BLOB(&j.m->assignment, "S1");               /* the assignment is kept */

    /* the old id is fenced everywhere */
    assert_int_equal(SM_ERR_FENCED_INSTANCE_ID, sm_group_heartbeat(g, S("inst-1-a"), S("inst-1"), 2, 1100));
    assert_int_equal(SM_ERR_FENCED_INSTANCE_ID, sync_full(g, "inst-1-a", "inst-1", 2, NUL, NUL, NULL, 1100).err);
    assert_int_equal(SM_ERR_FENCED_INSTANCE_ID, sm_group_check_commit(g, S("inst-1-a"), S("inst-1"), 2, 1100));
    jres_t old = JOIN(g, &lim, .member_id = "inst-1-a", .instance_id = "inst-1", .mono = 1100);
    assert_int_equal(SM_ERR_FENCED_INSTANCE_ID, old.err);
    /* the new one works */
    assert_int_equal(SM_ERR_NONE, sm_group_heartbeat(g, S("inst-1-b"), S("inst-1"), 2, 1100));
    sres_t s = sync_full(g, "inst-1-b", "inst-1", 2, NUL, NUL, NULL, 1100);
    assert_int_equal(SM_ERR_NONE, s.err);
    EQ_BLOB(&s.m->assignment, "S1");
    assert_int_equal(SM_ERR_NONE, sm_group_check_commit(g, S("inst-1-b"), S("inst-1"), 2, 1100));
    assert_int_equal(SM_ERR_NONE, hb(g, "dyn", 2, 1100));
    assert_int_equal(SM_GROUP_STABLE, g->state);

    /* new metadata that leaves the selected protocol as it is: still no rebalance */
    j = JOIN(g, &lim, .instance_id = "inst-1", .new_id = "inst-1-c", .meta = {"changed"}, .mono = 1200);
    assert_int_equal(SM_JOIN_DONE, j.rc);
    assert_int_equal(SM_ERR_NONE, j.err);
    assert_int_equal(SM_GROUP_STABLE, g->state);
    assert_int_equal(2, g->generation);

    /* a restart whose protocols change the group's choice (now both prefer
     * roundrobin) rebalances */
    j = JOIN(g, &lim, .instance_id = "inst-1", .new_id = "inst-1-d", .protos = {"roundrobin", "range"},
             .mono = 1300);
    assert_int_equal(SM_JOIN_WAIT, j.rc);
    assert_int_equal(SM_GROUP_PREPARING_REBALANCE, g->state);
    assert_non_null(member(g, "inst-1-d"));
    assert_null(member(g, "inst-1-c"));
    j = JOIN(g, &lim, .member_id = "dyn", .protos = {"roundrobin", "range"}, .mono = 1400);
    assert_int_equal(SM_ERR_NONE, j.err);
    assert_int_equal(3, g->generation);
    assert_string_equal("roundrobin", g->protocol);
    assert_true(member(g, "inst-1-d")->join_ready);
    drop(g);
}

/* ClassicGroup.validateOffsetCommit, outside CompletingRebalance. */
static void test_commit_checks(void **state)
{
    (void)state;
    sm_group_limits_t lim = limits();
    sm_group_t *g = new_group("g", WALL0);
    /* generation -1 into an Empty group: standalone consumers and admin clients */
    assert_int_equal(SM_ERR_NONE, sm_group_check_commit(g, S(""), NUL, -1, 0));
    assert_int_equal(SM_ERR_NONE, sm_group_check_commit(g, S("whoever"), NUL, -1, 0));
    /* a generation >= 0 in an Empty group: not a member */
    assert_int_equal(SM_ERR_UNKNOWN_MEMBER_ID, sm_group_check_commit(g, S("whoever"), NUL, 0, 0));
    drop(g);

    g = stable_two(&lim, "a", "b", 10000, 30000, 0);
    assert_int_equal(SM_ERR_NONE, sm_group_check_commit(g, S("a"), NUL, 2, 5000));
    /* Kafka 4's coordinator does not count a commit as a heartbeat */
    assert_int_equal(10000, member(g, "a")->heartbeat_deadline);
    assert_int_equal(SM_ERR_ILLEGAL_GENERATION, sm_group_check_commit(g, S("a"), NUL, 1, 5000));
    assert_int_equal(SM_ERR_ILLEGAL_GENERATION, sm_group_check_commit(g, S("a"), NUL, -1, 5000));
    assert_int_equal(SM_ERR_UNKNOWN_MEMBER_ID, sm_group_check_commit(g, S("zz"), NUL, 2, 5000));
    /* a standalone commit into a group with members */
    assert_int_equal(SM_ERR_UNKNOWN_MEMBER_ID, sm_group_check_commit(g, S(""), NUL, -1, 5000));

    /* PreparingRebalance: members of the current generation may still commit */
    assert_int_equal(SM_JOIN_WAIT, JOIN(g, &lim, .member_id = "a", .mono = 6000).rc);
    assert_int_equal(SM_GROUP_PREPARING_REBALANCE, g->state);
    assert_int_equal(SM_ERR_NONE, sm_group_check_commit(g, S("b"), NUL, 2, 6000));
    assert_int_equal(SM_ERR_ILLEGAL_GENERATION, sm_group_check_commit(g, S("b"), NUL, 3, 6000));

    /* CompletingRebalance: a valid member of the new generation is told to wait */
    assert_int_equal(SM_ERR_NONE, JOIN(g, &lim, .member_id = "b", .mono = 6000).err);
    assert_int_equal(SM_GROUP_COMPLETING_REBALANCE, g->state);
    assert_int_equal(SM_ERR_REBALANCE_IN_PROGRESS, sm_group_check_commit(g, S("b"), NUL, 3, 6000));
    drop(g);
}

/* In CompletingRebalance Kafka validates the member and generation first
 * (ClassicGroup.validateOffsetCommit): REBALANCE_IN_PROGRESS is only for a
 * member of the current generation. */
static void test_commit_check_order_completing_rebalance(void **state)
{
    (void)state;
    sm_group_limits_t lim = limits();
    sm_group_t *g = new_group("g", WALL0);
    assert_int_equal(SM_ERR_NONE, JOIN(g, &lim, .new_id = "a").err);
    assert_int_equal(SM_GROUP_COMPLETING_REBALANCE, g->state);
    assert_int_equal(SM_ERR_REBALANCE_IN_PROGRESS, sm_group_check_commit(g, S("a"), NUL, 1, 0));
    assert_int_equal(SM_ERR_UNKNOWN_MEMBER_ID, sm_group_check_commit(g, S("zz"), NUL, 1, 0));
    assert_int_equal(SM_ERR_ILLEGAL_GENERATION, sm_group_check_commit(g, S("a"), NUL, 0, 0));
    assert_int_equal(SM_ERR_UNKNOWN_MEMBER_ID, sm_group_check_commit(g, S(""), NUL, -1, 0));
    drop(g);
}

static void test_offsets_put_get_delete(void **state)
{
    (void)state;
    sm_group_t *g = new_group("g", WALL0);
    assert_null(sm_group_offset(g, S("t"), 0));
    assert_int_equal(0, sm_group_put_offset(g, S("t"), 0, 42, 3, S("meta"), WALL0, -1));
    assert_int_equal(0, sm_group_put_offset(g, S("t"), 1, 43, -1, NUL, WALL0 + 1, WALL0 + 100));
    assert_int_equal(0, sm_group_put_offset(g, S("t2"), 0, 44, 0, S(""), WALL0 + 2, -1));
    /* topics that are prefixes of each other and partition bytes that look like text */
    assert_int_equal(0, sm_group_put_offset(g, S("t0"), 0x30303030, 45, 0, S(""), WALL0, -1));
    assert_int_equal(4, (int)g->offsets.count);

    const sm_committed_t *c = sm_group_offset(g, S("t"), 0);
    assert_non_null(c);
    assert_int_equal(42, c->offset);
    assert_int_equal(3, c->leader_epoch);
    assert_int_equal(4, c->metadata_len);
    assert_memory_equal("meta", c->metadata, 4);
    assert_int_equal(0, c->metadata[4]);
    assert_int_equal(WALL0, c->commit_timestamp);
    assert_int_equal(-1, c->expire_timestamp);
    c = sm_group_offset(g, S("t"), 1);
    assert_non_null(c);
    assert_int_equal(43, c->offset);
    assert_int_equal(-1, c->leader_epoch);
    assert_int_equal(0, c->metadata_len); /* null metadata is stored as "" */
    assert_int_equal(WALL0 + 100, c->expire_timestamp);
    assert_int_equal(44, sm_group_offset(g, S("t2"), 0)->offset);
    assert_int_equal(45, sm_group_offset(g, S("t0"), 0x30303030)->offset);
    assert_null(sm_group_offset(g, S("t"), 2));
    assert_null(sm_group_offset(g, S("t0"), 0));
    assert_null(sm_group_offset(g, S("T"), 0));

    /* replace */
    assert_int_equal(0, sm_group_put_offset(g, S("t"), 0, 100, 4, S("m2"), WALL0 + 5, -1));
    c = sm_group_offset(g, S("t"), 0);
    assert_int_equal(100, c->offset);
    assert_int_equal(4, c->leader_epoch);
    assert_int_equal(2, c->metadata_len);
    assert_int_equal(WALL0 + 5, c->commit_timestamp);
    assert_int_equal(4, (int)g->offsets.count);

    /* delete */
    assert_true(sm_group_delete_offset(g, S("t"), 0));
    assert_false(sm_group_delete_offset(g, S("t"), 0));
    assert_null(sm_group_offset(g, S("t"), 0));
    assert_non_null(sm_group_offset(g, S("t"), 1));
    assert_false(sm_group_delete_offset(g, S("nope"), 0));
    assert_int_equal(3, (int)g->offsets.count);

    /* many partitions of a long topic name */
    char topic[250];
    memset(topic, 'L', sizeof(topic) - 1);
    topic[sizeof(topic) - 1] = 0;
    for (int32_t p = 0; p < 500; p++)
        assert_int_equal(0, sm_group_put_offset(g, S(topic), p, p * 10, -1, S(""), WALL0, -1));
    for (int32_t p = 0; p < 500; p++)
        assert_int_equal(p * 10, sm_group_offset(g, S(topic), p)->offset);
    assert_int_equal(503, (int)g->offsets.count);
    drop(g);
}

/* A ConsumerProtocolSubscription v3 (Kafka's consumer protocol, classic
 * encoding): topics ["orders", "payments"], userData null, ownedPartitions
 * [legacy: 0, 1], generationId 5, rackId null. */
static const uint8_t SUBSCRIPTION_V3[] = {
    0x00, 0x03,                                                    /* version */
    0x00, 0x00, 0x00, 0x02,                                        /* topics */
    0x00, 0x06, 'o', 'r', 'd', 'e', 'r', 's',
    0x00, 0x08, 'p', 'a', 'y', 'm', 'e', 'n', 't', 's',
    0xff, 0xff, 0xff, 0xff,                                        /* userData null */
    0x00, 0x00, 0x00, 0x01,                                        /* ownedPartitions */
    0x00, 0x06, 'l', 'e', 'g', 'a', 'c', 'y',
    0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
    0x00, 0x00, 0x00, 0x05,                                        /* generationId */
    0xff, 0xff,                                                    /* rackId null */
};
/* v0: topics ["audit"], userData 2 bytes */
static const uint8_t SUBSCRIPTION_V0[] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x05, 'a', 'u', 'd', 'i', 't', 0x00, 0x00, 0x00, 0x02, 0x01, 0x02,
};

static void test_subscribed_to(void **state)
{
    (void)state;
    sm_group_limits_t lim = limits();
    sm_group_t *g = new_group("g", WALL0);
    /* no members, no protocol type */
    assert_false(sm_group_subscribed_to(g, S("orders")));

    char m3[sizeof(SUBSCRIPTION_V3) + 1], m0[sizeof(SUBSCRIPTION_V0) + 1];
    memcpy(m3, SUBSCRIPTION_V3, sizeof(SUBSCRIPTION_V3));
    memcpy(m0, SUBSCRIPTION_V0, sizeof(SUBSCRIPTION_V0));
    /* metadata with NUL bytes: pass exact lengths through a join of our own */
    sm_str_t names[1] = {S("range")};
    sm_bytes_t meta[1] = {{(const uint8_t *)m3, (int32_t)sizeof(SUBSCRIPTION_V3)}};
    sm_join_args_t a = {.member_id = S(""), .instance_id = NUL, .protocol_type = S("consumer"),
                        .client_id = S("c"), .client_host = S("h"), .session_timeout_ms = 10000,
                        .rebalance_timeout_ms = 10000, .protocol_count = 1, .protocol_names = names,
                        .protocol_metadata = meta};
    int16_t err;
    sm_member_t *m;
    assert_int_equal(SM_JOIN_DONE, sm_group_join(g, &lim, &a, "a", 0, WALL0, &err, &m));
    assert_int_equal(SM_ERR_NONE, err);
    assert_true(sm_group_subscribed_to(g, S("orders")));
    assert_true(sm_group_subscribed_to(g, S("payments")));
    assert_false(sm_group_subscribed_to(g, S("legacy"))); /* owned, not subscribed */
    assert_false(sm_group_subscribed_to(g, S("order")));
    assert_false(sm_group_subscribed_to(g, S("audit")));

    /* a second member subscribed to another topic */
    assert_int_equal(SM_ERR_NONE, sync_g(g, "a", 1, NULL, 0).err);
    meta[0] = (sm_bytes_t){(const uint8_t *)m0, (int32_t)sizeof(SUBSCRIPTION_V0)};
    assert_int_equal(SM_JOIN_WAIT, sm_group_join(g, &lim, &a, "b", 0, WALL0, &err, &m));
    assert_true(sm_group_subscribed_to(g, S("audit")));
    assert_true(sm_group_subscribed_to(g, S("orders")));
    drop(g);

    /* a group of another protocol type is never "subscribed" */
    g = new_group("g", WALL0);
    a.protocol_type = S("connect");
    meta[0] = (sm_bytes_t){(const uint8_t *)m3, (int32_t)sizeof(SUBSCRIPTION_V3)};
    assert_int_equal(SM_JOIN_DONE, sm_group_join(g, &lim, &a, "a", 0, WALL0, &err, &m));
    assert_false(sm_group_subscribed_to(g, S("orders")));
    drop(g);

    /* malformed metadata (a topic count running past the end) must be read
     * safely; Kafka then treats the group as subscribed to every topic (it
     * cannot tell), so only the whole first topic is asserted here */
    g = new_group("g", WALL0);
    a.protocol_type = S("consumer");
    static const uint8_t BAD[] = {0x00, 0x00, 0x7f, 0xff, 0xff, 0xff, 0x00, 0x01, 'x'};
    meta[0] = (sm_bytes_t){BAD, (int32_t)sizeof(BAD)};
    assert_int_equal(SM_JOIN_DONE, sm_group_join(g, &lim, &a, "a", 0, WALL0, &err, &m));
    assert_true(sm_group_subscribed_to(g, S("x")));
    drop(g);
}

/* Replaying a GroupMetadata record. */
static void test_restore(void **state)
{
    (void)state;
    sm_gr_member_t ms[2] = {
        {.member_id = S("m1"), .group_instance_id = NUL, .client_id = S("c1"), .client_host = S("/h1"),
         .rebalance_timeout = 60000, .session_timeout = 10000,
         .subscription = {SUBSCRIPTION_V3, (int32_t)sizeof(SUBSCRIPTION_V3)},
         .assignment = {(const uint8_t *)"AS1", 3}},
        {.member_id = S("m2"), .group_instance_id = S("inst-2"), .client_id = S("c2"), .client_host = S("/h2"),
         .rebalance_timeout = -1 /* a v0 record */, .session_timeout = 7000,
         .subscription = {SUBSCRIPTION_V0, (int32_t)sizeof(SUBSCRIPTION_V0)},
         .assignment = {(const uint8_t *)"AS2", 3}},
    };
    sm_gr_group_t v = {.protocol_type = S("consumer"), .generation = 7, .protocol = S("range"),
                       .leader = S("m2"), .current_state_timestamp = WALL0 - 5000, .member_count = 2,
                       .members = ms};
    sm_group_t *g = new_group("g", WALL0);
    /* something to replace: a pending id and an old member */
    sm_group_limits_t lim = limits();
    assert_int_equal(SM_ERR_NONE, JOIN(g, &lim, .new_id = "old").err);

    assert_int_equal(0, sm_group_restore(g, &v, 1000));
    assert_int_equal(SM_GROUP_STABLE, g->state);
    assert_int_equal(7, g->generation);
    assert_string_equal("consumer", g->protocol_type);
    assert_string_equal("range", g->protocol);
    assert_string_equal("m2", g->leader_id);
    assert_int_equal(WALL0 - 5000, g->state_timestamp);
    assert_int_equal(2, g->member_count);
    assert_null(member(g, "old"));
    sm_member_t *m1 = member(g, "m1"), *m2 = member(g, "m2");
    assert_non_null(m1);
    assert_non_null(m2);
    assert_null(m1->instance_id);
    assert_string_equal("inst-2", m2->instance_id);
    assert_ptr_equal(m2, sm_group_find_instance(g, S("inst-2")));
    assert_string_equal("c1", m1->client_id);
    assert_string_equal("/h2", m2->client_host);
    assert_int_equal(10000, m1->session_timeout_ms);
    assert_int_equal(60000, m1->rebalance_timeout_ms);
    assert_int_equal(7000, m2->rebalance_timeout_ms); /* absent: the session timeout */
    assert_int_equal(1000 + 10000, m1->heartbeat_deadline);
    assert_int_equal(1000 + 7000, m2->heartbeat_deadline);
    EQ_BLOB(&m1->assignment, "AS1");
    EQ_BLOB(&m2->assignment, "AS2");
    assert_int_equal(1, m1->protocol_count);
    assert_string_equal("range", m1->protocols[0].name);
    assert_int_equal((int32_t)sizeof(SUBSCRIPTION_V3), m1->protocols[0].metadata.len);
    assert_memory_equal(SUBSCRIPTION_V3, m1->protocols[0].metadata.data, sizeof(SUBSCRIPTION_V3));
    assert_true(sm_group_subscribed_to(g, S("orders")));
    assert_true(sm_group_subscribed_to(g, S("audit")));

    /* the restored group works: heartbeat, sync (Stable: the stored
     * assignment), a follower rejoining unchanged keeps the generation */
    assert_int_equal(SM_ERR_NONE, hb(g, "m1", 7, 1500));
    assert_int_equal(SM_ERR_NONE, sm_group_heartbeat(g, S("m2"), S("inst-2"), 7, 1500));
    sres_t s = sync_g(g, "m1", 7, NULL, 1500);
    assert_int_equal(SM_ERR_NONE, s.err);
    EQ_BLOB(&s.m->assignment, "AS1");
    assert_int_equal(SM_ERR_NONE, sm_group_check_commit(g, S("m1"), NUL, 7, 1500));
    /* m2's last heartbeat was at 1500: it expires at 8500 */
    assert_int_equal(SM_ERR_NONE, hb(g, "m1", 7, 7000));
    assert_false(sm_group_tick(g, &lim, 8499, WALL(8499)));
    assert_true(sm_group_tick(g, &lim, 8501, WALL(8501)));
    assert_null(member(g, "m2"));
    assert_int_equal(SM_GROUP_PREPARING_REBALANCE, g->state);
    assert_string_equal("m1", g->leader_id);

    /* an empty record: Empty group; a leader that is not a member: the first member */
    sm_gr_group_t e = {.protocol_type = S("consumer"), .generation = 9, .protocol = NUL, .leader = NUL,
                       .current_state_timestamp = -1, .member_count = 0};
    assert_int_equal(0, sm_group_restore(g, &e, 2000));
    assert_int_equal(SM_GROUP_EMPTY, g->state);
    assert_int_equal(0, g->member_count);
    assert_int_equal(9, g->generation);
    assert_null(g->protocol);
    assert_null(g->leader_id);
    v.leader = S("gone");
    assert_int_equal(0, sm_group_restore(g, &v, 3000));
    assert_string_equal("m1", g->leader_id);
    assert_int_equal(2, g->member_count);
    drop(g);
}

/* Ids handed out with MEMBER_ID_REQUIRED are capped per group, so a client
 * looping on empty-id joins cannot grow a group's memory without bound. */
static void test_pending_member_ids_capped(void **state)
{
    (void)state;
    sm_group_limits_t lim = limits();
    lim.max_size = INT32_MAX; /* Kafka's default group.max.size */
    sm_group_t *g = new_group("g", WALL0);
    char id[32];
    for (int i = 0; i < SM_GROUP_MAX_PENDING; i++) {
        snprintf(id, sizeof(id), "c-%d", i);
        jres_t j = JOIN(g, &lim, .require_known = true, .new_id = id);
        assert_int_equal(SM_ERR_MEMBER_ID_REQUIRED, j.err);
    }
    jres_t j = JOIN(g, &lim, .require_known = true, .new_id = "one-too-many");
    assert_int_equal(SM_ERR_GROUP_MAX_SIZE_REACHED, j.err);
    assert_int_equal(SM_GROUP_MAX_PENDING, g->pending_count);
    /* they expire after their session timeout; then joins are accepted again */
    sm_group_tick(g, &lim, 10000 + 1, WALL(10001));
    assert_int_equal(0, g->pending_count);
    j = JOIN(g, &lim, .require_known = true, .new_id = "later", .mono = 10002);
    assert_int_equal(SM_ERR_MEMBER_ID_REQUIRED, j.err);
    drop(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pending_member_ids_capped),
        cmocka_unit_test_teardown(test_state_names, teardown),
        cmocka_unit_test_teardown(test_first_member_member_id_required, teardown),
        cmocka_unit_test_teardown(test_first_member_without_required_id, teardown),
        cmocka_unit_test_teardown(test_two_members_rebalance_and_sync, teardown),
        cmocka_unit_test_teardown(test_sync_missing_assignment_is_empty, teardown),
        cmocka_unit_test_teardown(test_sync_protocol_checks, teardown),
        cmocka_unit_test_teardown(test_protocol_selection, teardown),
        cmocka_unit_test_teardown(test_inconsistent_group_protocol, teardown),
        cmocka_unit_test_teardown(test_invalid_session_timeout, teardown),
        cmocka_unit_test_teardown(test_group_max_size, teardown),
        cmocka_unit_test_teardown(test_session_expiry, teardown),
        cmocka_unit_test_teardown(test_rebalance_timeout, teardown),
        cmocka_unit_test_teardown(test_pending_sync_timeout, teardown),
        cmocka_unit_test_teardown(test_pending_member_expiry, teardown),
        cmocka_unit_test_teardown(test_initial_rebalance_delay, teardown),
        cmocka_unit_test_teardown(test_leave, teardown),
        cmocka_unit_test_teardown(test_leave_static_member, teardown),
        cmocka_unit_test_teardown(test_static_member_rejoin_stable, teardown),
        cmocka_unit_test_teardown(test_commit_checks, teardown),
        cmocka_unit_test_teardown(test_commit_check_order_completing_rebalance, teardown),
        cmocka_unit_test_teardown(test_offsets_put_get_delete, teardown),
        cmocka_unit_test_teardown(test_subscribed_to, teardown),
        cmocka_unit_test_teardown(test_restore, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
