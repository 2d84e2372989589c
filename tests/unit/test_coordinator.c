/*
 * The group coordinator (src/coordinator/coordinator.c):
 *
 * - sm_gc_partition_for against Java's String.hashCode (31*h + c over UTF-16
 *   code units) and Kafka's Utils.abs, with values computed independently
 *   (a Python model of String.hashCode over the UTF-16 encoding);
 * - persistence end to end on real partition logs in a temporary directory:
 *   offsets, group metadata and deletions written to `__consumer_offsets`
 *   come back after the coordinator is stopped, the logs closed and opened
 *   again; the records on disk are Kafka's formats;
 * - offsets expiry (sm_gc_expire_offsets) by commit retention, by
 *   offsets.retention.minutes, and kept for subscribed topics of a Stable
 *   consumer group (KIP-496).
 *
 * COORDINATOR_LOAD_IN_PROGRESS is not tested: loading runs on the
 * coordinator's thread with no hook to hold it, so its window cannot be hit
 * deterministically.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "coordinator/coordinator.h"
#include "coordinator/group_records.h"
#include "log/log.h"
#include "protocol/errors.h"
#include "protocol/records.h"
#include "protocol/wire.h"
#include "util/arena.h"
#include "util/clock.h"
#include "test_dirs.h"

#define S(s) sm_str(s)
#define NUL SM_STR_NULL

/* ---- sm_gc_partition_for ---- */

typedef struct hash_case {
    const char *utf8;
    int32_t abs_hash; /* Utils.abs(String.hashCode()) */
    int32_t p50;      /* partition among 50 (Kafka's default offsets.topic.num.partitions) */
} hash_case_t;

/* Computed with a model of Java's String.hashCode: the string encoded as
 * UTF-16 (big-endian), h = 31*h + unit over the 16-bit units, modulo 2^32,
 * signed; then Kafka's Utils.abs (Integer.MIN_VALUE -> 0) and % 50. */
static const hash_case_t HASHES[] = {
    {"", 0, 0},
    {"a", 97, 47},
    {"my-group", 1906497762, 12},           /* hashCode -1906497762: negative */
    {"console-consumer-12345", 158455506, 6},
    {"polygenelubricants", 0, 0},           /* hashCode == Integer.MIN_VALUE */
    {"Gycxf_", 0, 0},                       /* another one, found by search */
    {"\xc3\xa9t\xc3\xa9", 227742, 42},      /* "été": 2-byte UTF-8 */
    {"gr\xc3\xbcppe-\xc3\xb1", 243491000, 0},
    {"\xe2\x82\xac-\xe6\x97\xa5\xe6\x9c\xac", 250050216, 16}, /* "€-日本": 3-byte UTF-8 */
    {"\xc3\xbf\xe0\xa0\x80\xef\xbf\xbf", 374078, 28},          /* U+00FF U+0800 U+FFFF */
    {"\xf0\x9d\x84\x9e", 1772394, 44},      /* U+1D11E: surrogates D834 DD1E */
    {"clef-\xf0\x9d\x84\x9e-\xf0\x9f\x98\x80", 1393364509, 9}, /* hashCode -1393364509 */
    /* invalid UTF-8 that Java's decoder turns into U+FFFD (one per bad byte) */
    {"\x80", 65533, 33},
    {"a\xc3", 97 * 31 + 65533, (97 * 31 + 65533) % 50},
};

static void test_partition_for_java_hash(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(HASHES) / sizeof(HASHES[0]); i++) {
        const hash_case_t *c = &HASHES[i];
        sm_str_t id = S(c->utf8);
        int32_t p = sm_gc_partition_for(50, id);
        /* with INT32_MAX partitions the partition is the whole abs hash */
        int32_t whole = sm_gc_partition_for(INT32_MAX, id);
        if (p != c->p50 || whole != c->abs_hash) {
            print_error("case %zu: partition %d (expected %d), abs hash %d (expected %d)\n", i, p, c->p50,
                        whole, c->abs_hash);
            fail();
        }
        assert_int_equal(0, sm_gc_partition_for(1, id));
    }
    /* a null id hashes as empty */
    assert_int_equal(0, sm_gc_partition_for(50, NUL));
    /* every partition is in range */
    char id[32];
    for (int i = 0; i < 2000; i++) {
        snprintf(id, sizeof(id), "group-%d-\xe2\x82\xac", i);
        int32_t p = sm_gc_partition_for(7, S(id));
        assert_true(p >= 0 && p < 7);
    }
}

/* ---- logs in a temporary directory ---- */

#define NPART 4

typedef struct env {
    char dir[64];
    sm_log_t *logs[NPART];
    int32_t epochs[NPART];
    sm_gc_t *gc;
    sm_arena_t arena;
} env_t;

static void open_logs(env_t *e)
{
    for (int p = 0; p < NPART; p++) {
        char d[128];
        snprintf(d, sizeof(d), "%s/__consumer_offsets-%d", e->dir, p);
        /* not a clean shutdown: the files are scanned as after a crash */
        assert_int_equal(0, sm_log_open(d, NULL, 0, false, &e->logs[p]));
        e->epochs[p] = 3;
    }
}

static void close_logs(env_t *e)
{
    for (int p = 0; p < NPART; p++) {
        if (e->logs[p]) sm_log_close(e->logs[p]);
        e->logs[p] = NULL;
    }
}

static sm_gc_config_t config(void)
{
    return (sm_gc_config_t){.partitions = NPART,
                            .min_session_timeout_ms = 6000,
                            .max_session_timeout_ms = 300000,
                            .max_size = 100,
                            .initial_rebalance_delay_ms = 0,
                            .offsets_retention_ms = 7LL * 24 * 3600 * 1000,
                            .offsets_retention_check_ms = 3600 * 1000, /* the test runs expiry itself */
                            .offset_metadata_max_bytes = 4096,
                            .max_batch_bytes = 1 << 20};
}

static void start(env_t *e, const sm_gc_config_t *cfg)
{
    e->gc = sm_gc_start(cfg, e->logs, e->epochs);
    assert_non_null(e->gc);
    sm_gc_wait_loaded(e->gc);
}

static void stop(env_t *e)
{
    if (e->gc) sm_gc_stop(e->gc);
    e->gc = NULL;
}

static void restart(env_t *e, const sm_gc_config_t *cfg)
{
    stop(e);
    close_logs(e);
    open_logs(e);
    start(e, cfg);
}

static int env_setup(void **state)
{
    env_t *e = calloc(1, sizeof(*e));
    if (!e) return -1;
    snprintf(e->dir, sizeof(e->dir), "/tmp/samsa-test-gc-XXXXXX");
    if (!mkdtemp(e->dir)) return -1;
    sm_arena_init(&e->arena);
    *state = e;
    return 0;
}

static int env_teardown(void **state)
{
    env_t *e = *state;
    stop(e);
    close_logs(e);
    test_rm_rf(e->dir);
    sm_arena_free(&e->arena);
    free(e);
    return 0;
}

/* ---- coordinator helpers ---- */

static int16_t commit(env_t *e, const char *group, const char *member, int32_t gen, int64_t retention,
                      const char *topic, int32_t partition, int64_t offset, int32_t epoch, const char *md,
                      int16_t *perr)
{
    sm_gc_commit_t req = {.group_id = S(group), .member_id = S(member), .instance_id = NUL, .generation = gen,
                          .retention_ms = retention};
    sm_gc_offset_t o = {.topic = S(topic), .partition = partition, .offset = offset, .leader_epoch = epoch,
                        .metadata = md ? S(md) : NUL};
    int16_t err = sm_gc_commit_offsets(e->gc, &req, 1, &o);
    if (perr) *perr = o.error;
    return err;
}

static void commit_ok(env_t *e, const char *group, const char *topic, int32_t partition, int64_t offset,
                      int32_t epoch, const char *md)
{
    int16_t perr;
    assert_int_equal(0, commit(e, group, "", -1, -1, topic, partition, offset, epoch, md, &perr));
    assert_int_equal(0, perr);
}

/* The committed offset, or -1; also its epoch and metadata. */
static int64_t fetch(env_t *e, const char *group, const char *topic, int32_t partition, int32_t *epoch,
                     sm_str_t *md)
{
    sm_gc_offset_t o = {.topic = S(topic), .partition = partition};
    assert_int_equal(0, sm_gc_fetch_offsets(e->gc, S(group), 1, &o, false, &e->arena));
    assert_int_equal(0, o.error);
    if (epoch) *epoch = o.leader_epoch;
    if (md) *md = o.metadata;
    return o.offset;
}

/* ConsumerProtocolSubscription v0: topics ["orders"], userData null */
static const uint8_t SUB_ORDERS[] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 'o', 'r',
                                     'd', 'e', 'r', 's', 0xff, 0xff, 0xff, 0xff};

/* Joins a lone member to `group` (completes at once: initial delay 0) and
 * syncs its assignment; returns its member id (in the arena). */
static sm_str_t join_and_sync(env_t *e, const char *group, const char *assignment)
{
    sm_str_t names[1] = {S("range")};
    sm_bytes_t meta[1] = {{SUB_ORDERS, (int32_t)sizeof(SUB_ORDERS)}};
    sm_gc_join_t req = {.group_id = S(group), .member_id = S(""), .instance_id = NUL,
                        .protocol_type = S("consumer"), .client_id = S("rdkafka"),
                        .client_host = S("/127.0.0.1"), .session_timeout_ms = 30000,
                        .rebalance_timeout_ms = 60000, .protocol_count = 1, .protocol_names = names,
                        .protocol_metadata = meta, .require_known_member_id = false};
    sm_gc_join_result_t jr;
    assert_int_equal(SM_GC_DONE, sm_gc_join(e->gc, &req, sm_gc_new_token(e->gc), &e->arena, &jr));
    assert_int_equal(0, jr.error);
    assert_int_equal(1, jr.generation);
    assert_true(jr.member_id.len > (int32_t)strlen("rdkafka-"));
    assert_memory_equal("rdkafka-", jr.member_id.ptr, strlen("rdkafka-")); /* client id + "-" + uuid */
    assert_true(sm_str_equal(jr.leader, jr.member_id));
    assert_true(sm_str_eq(jr.protocol_type, "consumer"));
    assert_true(sm_str_eq(jr.protocol_name, "range"));
    assert_int_equal(1, jr.member_count);
    assert_int_equal((int32_t)sizeof(SUB_ORDERS), jr.members[0].metadata.len);
    assert_memory_equal(SUB_ORDERS, jr.members[0].metadata.ptr, sizeof(SUB_ORDERS));

    sm_bytes_t as[1] = {{(const uint8_t *)assignment, (int32_t)strlen(assignment)}};
    sm_gc_sync_t sreq = {.group_id = S(group), .member_id = jr.member_id, .instance_id = NUL,
                         .protocol_type = S("consumer"), .protocol_name = S("range"), .generation = 1,
                         .assignment_count = 1, .assignment_members = &jr.member_id, .assignments = as};
    sm_gc_sync_result_t sr;
    assert_int_equal(SM_GC_DONE, sm_gc_sync_group(e->gc, &sreq, false, &e->arena, &sr));
    assert_int_equal(0, sr.error);
    assert_int_equal((int32_t)strlen(assignment), sr.assignment.len);
    assert_memory_equal(assignment, sr.assignment.ptr, strlen(assignment));
    return jr.member_id;
}

static bool listed(env_t *e, const char *group, const char *state, const char *ptype)
{
    int32_t n;
    sm_gc_listing_t *ls;
    assert_int_equal(0, sm_gc_list(e->gc, &e->arena, &n, &ls));
    for (int32_t i = 0; i < n; i++) {
        if (!sm_str_eq(ls[i].group_id, group)) continue;
        if (state) assert_true(sm_str_eq(ls[i].state, state));
        if (ptype) assert_true(sm_str_eq(ls[i].protocol_type, ptype));
        return true;
    }
    return false;
}

/* Every record of a partition's log, for checking what is on disk. */
typedef struct rec_list {
    int n;
    struct {
        uint8_t *key;
        int32_t klen;
        uint8_t *val; /* NULL: tombstone */
        int32_t vlen;
    } r[256];
} rec_list_t;

static void read_log(sm_log_t *log, rec_list_t *out)
{
    out->n = 0;
    int64_t off = sm_log_start_offset(log), end = sm_log_end_offset(log);
    while (off < end) {
        sm_log_slice_t sl;
        assert_int_equal(0, sm_log_read(log, off, 1 << 20, true, end, &sl));
        assert_true(sl.len > 0);
        uint8_t *buf = malloc((size_t)sl.len);
        assert_non_null(buf);
        assert_int_equal(sl.len, pread(sl.fd, buf, (size_t)sl.len, sl.pos));
        sm_log_read_release(sl.ref);
        size_t pos = 0, blen;
        sm_batch_header_t h;
        while (sm_batch_next(buf, (size_t)sl.len, &pos, &h, &blen) == 1) {
            const uint8_t *b = buf + pos - blen;
            assert_true(sm_batch_crc_ok(b, blen));
            assert_int_equal(0, h.Attributes & SM_ATTR_COMPRESSION_MASK);
            size_t rp = 0;
            sm_record_t rec;
            while (sm_record_next(b + SM_BATCH_HEADER_SIZE, blen - SM_BATCH_HEADER_SIZE, &rp, &rec) == 1) {
                assert_true(out->n < 256);
                assert_true(rec.KeyLength > 0);
                out->r[out->n].klen = rec.KeyLength;
                out->r[out->n].key = malloc((size_t)rec.KeyLength);
                memcpy(out->r[out->n].key, rec.Key, (size_t)rec.KeyLength);
                out->r[out->n].vlen = rec.ValueLength;
                out->r[out->n].val = NULL;
                if (rec.ValueLength >= 0) {
                    out->r[out->n].val = malloc((size_t)rec.ValueLength + 1);
                    memcpy(out->r[out->n].val, rec.Value, (size_t)rec.ValueLength);
                }
                out->n++;
            }
            off = h.BaseOffset + h.LastOffsetDelta + 1;
        }
        free(buf);
    }
}

static void free_recs(rec_list_t *l)
{
    for (int i = 0; i < l->n; i++) {
        free(l->r[i].key);
        free(l->r[i].val);
    }
    l->n = 0;
}

/* ---- end to end: persistence across a restart ---- */

static void test_persistence_across_restart(void **state)
{
    env_t *e = *state;
    sm_gc_config_t cfg = config();
    open_logs(e);
    start(e, &cfg);

    /* standalone commits (generation -1) for three groups */
    commit_ok(e, "standalone-a", "t1", 0, 10, 3, "m1");
    commit_ok(e, "standalone-a", "t1", 1, 11, -1, NULL);
    commit_ok(e, "standalone-a", "t1", 2, 12, -1, "");
    commit_ok(e, "standalone-b", "t2", 0, 20, 5, "\xc3\xa9");
    commit_ok(e, "to-delete", "t3", 0, 30, -1, "x");
    commit_ok(e, "standalone-a", "t1", 0, 15, 4, "m1bis"); /* overwrites */
    int32_t ep;
    sm_str_t md;
    assert_int_equal(15, fetch(e, "standalone-a", "t1", 0, &ep, &md));
    assert_int_equal(4, ep);
    assert_true(sm_str_eq(md, "m1bis"));

    /* a commit into a group we do not know, with a generation: refused, no group made */
    int16_t perr;
    assert_int_equal(SM_ERR_ILLEGAL_GENERATION, commit(e, "ghost", "m", 3, -1, "t", 0, 1, -1, "", &perr));
    assert_false(listed(e, "ghost", NULL, NULL));
    /* metadata over offset.metadata.max.bytes */
    char big[4098];
    memset(big, 'b', sizeof(big) - 1);
    big[sizeof(big) - 1] = 0;
    assert_int_equal(0, commit(e, "standalone-b", "", -1, -1, "t2", 1, 21, -1, big, &perr));
    assert_int_equal(SM_ERR_OFFSET_METADATA_TOO_LARGE, perr);
    assert_int_equal(-1, fetch(e, "standalone-b", "t2", 1, NULL, NULL));

    /* a managed group: join, sync, commit as the member */
    sm_str_t mid = join_and_sync(e, "consumers", "ASSIGN-1");
    char member_id[128];
    snprintf(member_id, sizeof(member_id), "%.*s", mid.len, mid.ptr);
    assert_int_equal(0, commit(e, "consumers", member_id, 1, -1, "orders", 0, 40, 2, "c", &perr));
    assert_int_equal(0, perr);
    /* standalone commits into a group with members are refused */
    assert_int_equal(SM_ERR_UNKNOWN_MEMBER_ID, commit(e, "consumers", "", -1, -1, "orders", 0, 1, -1, "", &perr));
    assert_int_equal(SM_ERR_NON_EMPTY_GROUP, sm_gc_delete_group(e->gc, S("consumers")));

    /* an OffsetDelete and a DeleteGroups */
    sm_gc_offset_t od = {.topic = S("t1"), .partition = 1};
    assert_int_equal(0, sm_gc_delete_offsets(e->gc, S("standalone-a"), 1, &od));
    assert_int_equal(0, od.error);
    assert_int_equal(-1, fetch(e, "standalone-a", "t1", 1, NULL, NULL));
    assert_int_equal(0, sm_gc_delete_group(e->gc, S("to-delete")));
    assert_int_equal(SM_ERR_GROUP_ID_NOT_FOUND, sm_gc_delete_group(e->gc, S("to-delete")));
    assert_int_equal(-1, fetch(e, "to-delete", "t3", 0, NULL, NULL));
    assert_true(listed(e, "consumers", "Stable", "consumer"));
    assert_false(listed(e, "to-delete", NULL, NULL));

    /* the records on disk are Kafka's: OffsetCommitKey v1 + OffsetCommitValue
     * v3, GroupMetadataKey v2 + GroupMetadataValue v3, tombstones for the deletes */
    {
        int32_t pa = sm_gc_partition_for(NPART, S("standalone-a"));
        rec_list_t *l = calloc(1, sizeof(*l));
        read_log(e->logs[pa], l);
        int found_v3 = 0, tombstones = 0;
        for (int i = 0; i < l->n; i++) {
            sm_gr_key_t k;
            assert_int_equal(0, sm_gr_key_decode(l->r[i].key, (size_t)l->r[i].klen, &k));
            if (k.kind != SM_GR_KEY_OFFSET || !sm_str_eq(k.group, "standalone-a")) continue;
            assert_int_equal(1, (int)sm_be16(l->r[i].key));
            if (!l->r[i].val) {
                tombstones++;
                assert_true(sm_str_eq(k.topic, "t1"));
                assert_int_equal(1, k.partition);
                continue;
            }
            assert_int_equal(3, (int)sm_be16(l->r[i].val));
            sm_gr_offset_t v;
            assert_int_equal(0, sm_gr_offset_decode(l->r[i].val, (size_t)l->r[i].vlen, &v));
            if (sm_str_eq(k.topic, "t1") && k.partition == 0 && v.offset == 15) {
                found_v3++;
                assert_int_equal(4, v.leader_epoch);
                assert_true(sm_str_eq(v.metadata, "m1bis"));
                assert_int_equal(-1, v.expire_timestamp);
                assert_true(v.commit_timestamp > 1600000000000LL);
            }
        }
        assert_int_equal(1, found_v3);
        assert_int_equal(1, tombstones);
        free_recs(l);

        int32_t pc = sm_gc_partition_for(NPART, S("consumers"));
        read_log(e->logs[pc], l);
        int groups = 0;
        sm_arena_t a;
        sm_arena_init(&a);
        for (int i = 0; i < l->n; i++) {
            sm_gr_key_t k;
            assert_int_equal(0, sm_gr_key_decode(l->r[i].key, (size_t)l->r[i].klen, &k));
            if (k.kind != SM_GR_KEY_GROUP || !sm_str_eq(k.group, "consumers")) continue;
            assert_non_null(l->r[i].val);
            assert_int_equal(3, (int)sm_be16(l->r[i].val));
            sm_gr_group_t g;
            assert_int_equal(0, sm_gr_group_decode(l->r[i].val, (size_t)l->r[i].vlen, &a, &g));
            assert_true(sm_str_eq(g.protocol_type, "consumer"));
            assert_int_equal(1, g.generation);
            assert_int_equal(1, g.member_count);
            assert_true(sm_str_eq(g.members[0].member_id, member_id));
            assert_int_equal(60000, g.members[0].rebalance_timeout);
            assert_int_equal(30000, g.members[0].session_timeout);
            groups++;
        }
        assert_true(groups >= 2); /* after the join, and with the assignment after the sync */
        free_recs(l);

        int32_t pd = sm_gc_partition_for(NPART, S("to-delete"));
        read_log(e->logs[pd], l);
        int offset_tomb = 0, group_tomb = 0;
        for (int i = 0; i < l->n; i++) {
            sm_gr_key_t k;
            assert_int_equal(0, sm_gr_key_decode(l->r[i].key, (size_t)l->r[i].klen, &k));
            if (!sm_str_eq(k.group, "to-delete") || l->r[i].val) continue;
            if (k.kind == SM_GR_KEY_OFFSET) offset_tomb++;
            else group_tomb++;
        }
        assert_int_equal(1, offset_tomb);
        assert_int_equal(1, group_tomb);
        free_recs(l);
        sm_arena_free(&a);
        free(l);
    }

    /* ---- restart: stop, close the logs, open them again, replay ---- */
    restart(e, &cfg);

    assert_int_equal(15, fetch(e, "standalone-a", "t1", 0, &ep, &md));
    assert_int_equal(4, ep);
    assert_true(sm_str_eq(md, "m1bis"));
    assert_int_equal(-1, fetch(e, "standalone-a", "t1", 1, NULL, NULL)); /* deleted offset */
    assert_int_equal(12, fetch(e, "standalone-a", "t1", 2, &ep, &md));
    assert_int_equal(-1, ep);
    assert_int_equal(0, md.len);
    assert_int_equal(20, fetch(e, "standalone-b", "t2", 0, &ep, &md));
    assert_int_equal(5, ep);
    assert_true(sm_str_eq(md, "\xc3\xa9"));
    assert_int_equal(40, fetch(e, "consumers", "orders", 0, &ep, NULL));
    assert_int_equal(2, ep);
    /* the deleted group stays deleted */
    assert_int_equal(-1, fetch(e, "to-delete", "t3", 0, NULL, NULL));
    assert_false(listed(e, "to-delete", NULL, NULL));
    assert_int_equal(SM_ERR_GROUP_ID_NOT_FOUND, sm_gc_delete_group(e->gc, S("to-delete")));
    sm_gc_group_desc_t d;
    sm_gc_describe(e->gc, S("to-delete"), &e->arena, &d);
    assert_int_equal(0, d.error);
    assert_true(sm_str_eq(d.state, "Dead"));
    assert_int_equal(0, d.member_count);

    /* standalone groups are listed Empty with no protocol type */
    assert_true(listed(e, "standalone-a", "Empty", ""));
    assert_true(listed(e, "standalone-b", "Empty", ""));
    assert_false(listed(e, "ghost", NULL, NULL));
    int32_t n_all;
    sm_gc_offset_t *all;
    assert_int_equal(0, sm_gc_fetch_all_offsets(e->gc, S("standalone-a"), &e->arena, &n_all, &all));
    assert_int_equal(2, n_all);
    assert_true(sm_str_eq(all[0].topic, "t1"));
    assert_int_equal(0, all[0].partition);
    assert_int_equal(2, all[1].partition);

    /* the managed group with its member and assignment */
    assert_true(listed(e, "consumers", "Stable", "consumer"));
    sm_gc_describe(e->gc, S("consumers"), &e->arena, &d);
    assert_int_equal(0, d.error);
    assert_true(sm_str_eq(d.state, "Stable"));
    assert_true(sm_str_eq(d.protocol_type, "consumer"));
    assert_true(sm_str_eq(d.protocol, "range"));
    assert_int_equal(1, d.member_count);
    assert_true(sm_str_eq(d.members[0].member_id, member_id));
    assert_true(d.members[0].instance_id.len < 0);
    assert_true(sm_str_eq(d.members[0].client_id, "rdkafka"));
    assert_true(sm_str_eq(d.members[0].client_host, "/127.0.0.1"));
    assert_int_equal((int32_t)sizeof(SUB_ORDERS), d.members[0].metadata.len);
    assert_memory_equal(SUB_ORDERS, d.members[0].metadata.ptr, sizeof(SUB_ORDERS));
    assert_int_equal(8, d.members[0].assignment.len);
    assert_memory_equal("ASSIGN-1", d.members[0].assignment.ptr, 8);
    /* the member carries on in its generation */
    assert_int_equal(0, sm_gc_heartbeat(e->gc, S("consumers"), S(member_id), NUL, 1));
    assert_int_equal(SM_ERR_ILLEGAL_GENERATION, sm_gc_heartbeat(e->gc, S("consumers"), S(member_id), NUL, 2));
    assert_int_equal(0, commit(e, "consumers", member_id, 1, -1, "orders", 0, 41, 2, "", &perr));
    assert_int_equal(0, perr);

    /* the member leaves: the group is Empty (generation 2), and stays so after a restart */
    int16_t lerr;
    assert_int_equal(0, sm_gc_leave(e->gc, S("consumers"), 1, (sm_str_t[]){S(member_id)}, NULL, &lerr));
    assert_int_equal(0, lerr);
    restart(e, &cfg);
    sm_gc_describe(e->gc, S("consumers"), &e->arena, &d);
    assert_true(sm_str_eq(d.state, "Empty"));
    assert_true(sm_str_eq(d.protocol_type, "consumer"));
    assert_int_equal(0, d.member_count);
    assert_int_equal(SM_ERR_UNKNOWN_MEMBER_ID, sm_gc_heartbeat(e->gc, S("consumers"), S(member_id), NUL, 1));
    assert_int_equal(41, fetch(e, "consumers", "orders", 0, NULL, NULL));
    /* an Empty group may be deleted now, offsets and all, also across a restart */
    assert_int_equal(0, sm_gc_delete_group(e->gc, S("consumers")));
    restart(e, &cfg);
    assert_false(listed(e, "consumers", NULL, NULL));
    assert_int_equal(-1, fetch(e, "consumers", "orders", 0, NULL, NULL));
    assert_int_equal(15, fetch(e, "standalone-a", "t1", 0, NULL, NULL));
}

/* ---- offsets expiry ---- */

static void sleep_ms(int ms)
{
    struct timespec ts = {0, (long)ms * 1000000L};
    nanosleep(&ts, NULL);
}

static void test_expire_offsets_commit_retention(void **state)
{
    env_t *e = *state;
    sm_gc_config_t cfg = config();
    open_logs(e);
    start(e, &cfg);
    int16_t perr;
    /* OffsetCommit v2-4 RetentionTimeMs 1: expires 1 ms after the commit */
    assert_int_equal(0, commit(e, "short", "", -1, 1, "t", 0, 5, -1, "", &perr));
    assert_int_equal(0, perr);
    assert_int_equal(0, commit(e, "mixed", "", -1, 1, "t", 0, 6, -1, "", &perr));
    commit_ok(e, "mixed", "t", 1, 7, -1, ""); /* broker retention: a week */
    commit_ok(e, "long", "t", 0, 8, -1, "");
    sleep_ms(5);
    sm_gc_expire_offsets(e->gc);
    assert_int_equal(-1, fetch(e, "short", "t", 0, NULL, NULL));
    assert_false(listed(e, "short", NULL, NULL)); /* an Empty group without offsets is removed */
    assert_int_equal(-1, fetch(e, "mixed", "t", 0, NULL, NULL));
    assert_int_equal(7, fetch(e, "mixed", "t", 1, NULL, NULL));
    assert_int_equal(8, fetch(e, "long", "t", 0, NULL, NULL));
    /* the expiry is persisted */
    restart(e, &cfg);
    assert_int_equal(-1, fetch(e, "short", "t", 0, NULL, NULL));
    assert_false(listed(e, "short", NULL, NULL));
    assert_int_equal(-1, fetch(e, "mixed", "t", 0, NULL, NULL));
    assert_int_equal(7, fetch(e, "mixed", "t", 1, NULL, NULL));
    assert_int_equal(8, fetch(e, "long", "t", 0, NULL, NULL));
}

static void test_expire_offsets_broker_retention(void **state)
{
    env_t *e = *state;
    sm_gc_config_t cfg = config();
    cfg.offsets_retention_ms = 2; /* offsets.retention.minutes, scaled down */
    open_logs(e);
    start(e, &cfg);
    commit_ok(e, "standalone", "t", 0, 1, -1, "");
    /* a Stable consumer group subscribed to "orders" (SUB_ORDERS) */
    sm_str_t mid = join_and_sync(e, "stable", "A");
    char member_id[128];
    snprintf(member_id, sizeof(member_id), "%.*s", mid.len, mid.ptr);
    int16_t perr;
    assert_int_equal(0, commit(e, "stable", member_id, 1, -1, "orders", 0, 100, -1, "", &perr));
    assert_int_equal(0, commit(e, "stable", member_id, 1, -1, "other", 0, 200, -1, "", &perr));
    sleep_ms(10);
    sm_gc_expire_offsets(e->gc);
    assert_int_equal(-1, fetch(e, "standalone", "t", 0, NULL, NULL));
    assert_false(listed(e, "standalone", NULL, NULL));
    /* KIP-496: the subscribed topic's offsets are kept while the group is
     * Stable; those of topics nobody subscribes to expire */
    assert_int_equal(100, fetch(e, "stable", "orders", 0, NULL, NULL));
    assert_int_equal(-1, fetch(e, "stable", "other", 0, NULL, NULL));
    assert_true(listed(e, "stable", "Stable", "consumer"));

    /* once the group is Empty, retention counts from when it became Empty */
    int16_t lerr;
    assert_int_equal(0, sm_gc_leave(e->gc, S("stable"), 1, (sm_str_t[]){S(member_id)}, NULL, &lerr));
    sleep_ms(10);
    sm_gc_expire_offsets(e->gc);
    assert_int_equal(-1, fetch(e, "stable", "orders", 0, NULL, NULL));
    assert_false(listed(e, "stable", NULL, NULL));
    restart(e, &cfg);
    assert_false(listed(e, "stable", NULL, NULL));
    assert_false(listed(e, "standalone", NULL, NULL));
}

/*
 * GroupMetadataValue v0/v1 (written by Kafka before 2.1) carry no
 * currentStateTimestamp. Kafka then expires an Empty group's offsets by
 * their commit timestamps (ClassicGroup.offsetExpirationCondition:
 * currentStateTimestamp.orElse(commitTimestamp)), so a recent commit is kept.
 */
static void test_expire_legacy_group_record(void **state)
{
    env_t *e = *state;
    sm_gc_config_t cfg = config();
    cfg.offsets_retention_ms = 3600 * 1000;
    open_logs(e);
    /* write the records as an older Kafka would have: an Empty group
     * "legacy" (GroupMetadataValue v1: no state timestamp) and its offset */
    sm_wr_t kw, vw, k2, v2;
    sm_wr_init(&kw, false);
    sm_gr_key_group_encode(&kw, S("legacy"));
    sm_wr_init(&vw, false);
    sm_wr_i16(&vw, 1);
    sm_wr_string(&vw, S("consumer"));
    sm_wr_i32(&vw, 4);
    sm_wr_string(&vw, NUL);
    sm_wr_string(&vw, NUL);
    sm_wr_i32(&vw, 0);
    sm_wr_init(&k2, false);
    sm_gr_key_offset_encode(&k2, S("legacy"), S("t"), 0);
    sm_wr_init(&v2, false);
    sm_gr_offset_t ov = {.offset = 77, .leader_epoch = -1, .metadata = S(""), .commit_timestamp = sm_now_ms(),
                         .expire_timestamp = -1};
    sm_gr_offset_encode(&v2, &ov);
    const void *keys[2] = {kw.buf.data, k2.buf.data};
    size_t klens[2] = {kw.buf.len, k2.buf.len};
    const void *vals[2] = {vw.buf.data, v2.buf.data};
    size_t vlens[2] = {vw.buf.len, v2.buf.len};
    uint8_t *batch;
    size_t blen;
    assert_int_equal(0, sm_batch_build(keys, klens, vals, vlens, 2, sm_now_ms(), &batch, &blen));
    sm_append_result_t ar;
    assert_int_equal(0, sm_log_append(e->logs[sm_gc_partition_for(NPART, S("legacy"))], batch, blen, 0, &ar));
    free(batch);
    sm_wr_free(&kw);
    sm_wr_free(&vw);
    sm_wr_free(&k2);
    sm_wr_free(&v2);

    start(e, &cfg);
    assert_true(listed(e, "legacy", "Empty", "consumer"));
    assert_int_equal(77, fetch(e, "legacy", "t", 0, NULL, NULL));
    sm_gc_expire_offsets(e->gc);
    assert_int_equal(77, fetch(e, "legacy", "t", 0, NULL, NULL));
    assert_true(listed(e, "legacy", "Empty", "consumer"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_partition_for_java_hash),
        cmocka_unit_test_setup_teardown(test_persistence_across_restart, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_expire_offsets_commit_retention, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_expire_offsets_broker_retention, env_setup, env_teardown),
        cmocka_unit_test_setup_teardown(test_expire_legacy_group_record, env_setup, env_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
