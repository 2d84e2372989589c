/* Wire primitives: encodings against known bytes, round trips, and the
 * reader's bounds checks on hostile input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "protocol/header.h"
#include "protocol/wire.h"
#include "util/arena.h"

static void test_varint_known_bytes(void **state)
{
    sm_wr_t w;
    sm_wr_init(&w, false);
    sm_wr_varint(&w, 0);
    sm_wr_varint(&w, -1);
    sm_wr_varint(&w, 1);
    sm_wr_varint(&w, 300);
    sm_wr_uvarint(&w, 300);
    static const uint8_t want[] = {0x00, 0x01, 0x02, 0xd8, 0x04, 0xac, 0x02};
    assert_int_equal(w.buf.len, sizeof(want));
    assert_memory_equal(w.buf.data, want, sizeof(want));
    sm_rd_t r;
    sm_rd_init(&r, w.buf.data, w.buf.len, false);
    assert_int_equal(sm_rd_varint(&r), 0);
    assert_int_equal(sm_rd_varint(&r), -1);
    assert_int_equal(sm_rd_varint(&r), 1);
    assert_int_equal(sm_rd_varint(&r), 300);
    assert_int_equal(sm_rd_uvarint(&r), 300);
    assert_int_equal(r.err, 0);
    assert_int_equal(sm_rd_remaining(&r), 0);
    sm_wr_free(&w);
}

static void test_varlong_extremes(void **state)
{
    int64_t vals[] = {INT64_MIN, INT64_MAX, -2, 1LL << 40};
    sm_wr_t w;
    sm_wr_init(&w, false);
    for (size_t i = 0; i < 4; i++)
        sm_wr_varlong(&w, vals[i]);
    sm_rd_t r;
    sm_rd_init(&r, w.buf.data, w.buf.len, false);
    for (size_t i = 0; i < 4; i++)
        assert_true(sm_rd_varlong(&r) == vals[i]);
    assert_int_equal(r.err, 0);
    sm_wr_free(&w);
}

static void test_overlong_varint_fails(void **state)
{
    static const uint8_t bad[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
    sm_rd_t r;
    sm_rd_init(&r, bad, sizeof(bad), false);
    sm_rd_uvarint(&r);
    assert_int_equal(r.err, SM_RD_INVALID);
}

static void test_strings_classic_and_compact(void **state)
{
    sm_wr_t w;
    sm_wr_init(&w, false);
    sm_wr_string(&w, sm_str("ab"));
    sm_wr_string(&w, SM_STR_NULL);
    w.flexible = true;
    sm_wr_string(&w, sm_str("ab"));
    sm_wr_string(&w, SM_STR_NULL);
    static const uint8_t want[] = {0x00, 0x02, 'a', 'b', 0xff, 0xff, 0x03, 'a', 'b', 0x00};
    assert_int_equal(w.buf.len, sizeof(want));
    assert_memory_equal(w.buf.data, want, sizeof(want));
    sm_rd_t r;
    sm_rd_init(&r, w.buf.data, w.buf.len, false);
    assert_true(sm_str_eq(sm_rd_string(&r), "ab"));
    assert_int_equal(sm_rd_nstring(&r).len, -1);
    r.flexible = true;
    assert_true(sm_str_eq(sm_rd_string(&r), "ab"));
    assert_int_equal(sm_rd_nstring(&r).len, -1);
    assert_int_equal(r.err, 0);
    sm_wr_free(&w);
}

static void test_null_where_not_nullable_fails(void **state)
{
    static const uint8_t b[] = {0xff, 0xff};
    sm_rd_t r;
    sm_rd_init(&r, b, sizeof(b), false);
    sm_rd_string(&r);
    assert_int_equal(r.err, SM_RD_INVALID);
}

static void test_string_longer_than_buffer_fails(void **state)
{
    static const uint8_t b[] = {0x00, 0x05, 'a', 'b'};
    sm_rd_t r;
    sm_rd_init(&r, b, sizeof(b), false);
    sm_str_t s = sm_rd_string(&r);
    assert_int_equal(r.err, SM_RD_UNDERFLOW);
    assert_int_equal(s.len, -1);
    /* sticky: later reads return zero values */
    assert_int_equal(sm_rd_i8(&r), 0);
}

static void test_array_count_capped_by_remaining(void **state)
{
    static const uint8_t b[] = {0x7f, 0xff, 0xff, 0xff, 0x00};
    sm_rd_t r;
    sm_rd_init(&r, b, sizeof(b), false);
    sm_rd_array_len(&r);
    assert_int_equal(r.err, SM_RD_INVALID);
    static const uint8_t nul[] = {0xff, 0xff, 0xff, 0xff};
    sm_rd_init(&r, nul, sizeof(nul), false);
    assert_int_equal(sm_rd_array_len(&r), -1);
    assert_int_equal(r.err, 0);
}

static void test_unknown_tags_skipped(void **state)
{
    /* two tagged fields: tag 5 (3 bytes), tag 900 (1 byte), then an int8 */
    static const uint8_t b[] = {0x02, 0x05, 0x03, 1, 2, 3, 0x84, 0x07, 0x01, 9, 0x2a};
    sm_rd_t r;
    sm_rd_init(&r, b, sizeof(b), true);
    sm_rd_tags(&r);
    assert_int_equal(r.err, 0);
    assert_int_equal(sm_rd_i8(&r), 0x2a);
    /* a tag whose size runs past the end fails */
    static const uint8_t bad[] = {0x01, 0x00, 0x10, 1};
    sm_rd_init(&r, bad, sizeof(bad), true);
    sm_rd_tags(&r);
    assert_int_not_equal(r.err, 0);
}

static void test_writer_splices_count_in_size(void **state)
{
    sm_wr_t w;
    sm_wr_init(&w, false);
    size_t off = sm_response_begin(&w, 1 /* Fetch */, 11, 77);
    sm_wr_bytes_file(&w, 3, 100, 500, NULL, NULL);
    sm_wr_i32(&w, 1);
    sm_response_finish(&w, off);
    assert_int_equal(w.nsplices, 1);
    assert_int_equal(w.file_bytes, 500);
    /* size = correlation id 4 + length prefix 4 + 500 file bytes + 4 */
    assert_int_equal((int32_t)sm_be32(w.buf.data), 4 + 4 + 500 + 4);
    assert_int_equal(w.splices[0].buf_off, 12);
    sm_wr_free(&w);
}

static void test_request_header_v2(void **state)
{
    sm_wr_t w;
    sm_wr_init(&w, false);
    sm_RequestHeader h = {18, 3, 42, sm_str("cli")};
    sm_request_header_encode(&w, 2, &h);
    static const uint8_t want[] = {0, 18, 0, 3, 0, 0, 0, 42, 0, 3, 'c', 'l', 'i', 0};
    assert_memory_equal(w.buf.data, want, sizeof(want));
    sm_rd_t r;
    sm_rd_init(&r, w.buf.data, w.buf.len, false);
    sm_RequestHeader d;
    assert_int_equal(sm_request_header_decode(&r, 2, &d), 0);
    assert_int_equal(d.CorrelationId, 42);
    assert_true(sm_str_eq(d.ClientId, "cli"));
    assert_true(r.flexible);
    sm_wr_free(&w);
}

/* ---- shared codec helpers ---- */

/* Reader over `n` bytes of `b`, classic or compact. */
static sm_rd_t reader(const uint8_t *b, size_t n, bool flexible)
{
    sm_rd_t r;
    sm_rd_init(&r, b, n, flexible);
    return r;
}

static void test_min_sizes_match_smallest_encodings(void **state)
{
    (void)state;
    for (int fl = 0; fl <= 1; fl++) {
        sm_wr_t w;
        sm_wr_init(&w, fl);
        sm_wr_string(&w, SM_STR_EMPTY);
        assert_int_equal(w.buf.len, SM_STR_MIN(fl));
        sm_wr_free(&w);
        sm_wr_init(&w, fl);
        sm_wr_string(&w, SM_STR_NULL);
        assert_int_equal(w.buf.len, SM_STR_MIN(fl));
        sm_wr_free(&w);
        sm_wr_init(&w, fl);
        sm_wr_array_len(&w, 0);
        assert_int_equal(w.buf.len, SM_ARR_MIN(fl));
        sm_wr_free(&w);
        sm_wr_init(&w, fl);
        sm_wr_bytes(&w, (sm_bytes_t){(const uint8_t *)"", 0});
        assert_int_equal(w.buf.len, SM_BYTES_MIN(fl));
        sm_wr_free(&w);
        sm_wr_init(&w, fl);
        sm_wr_tags_empty(&w);
        assert_int_equal(w.buf.len, SM_TAGS_MIN(fl));
        sm_wr_free(&w);
    }
    assert_int_equal(SM_STR_EMPTY.len, 0);
    assert_non_null(SM_STR_EMPTY.ptr);
    assert_true(sm_str_eq(SM_STR_EMPTY, ""));
    assert_false(sm_str_eq(SM_STR_EMPTY, NULL));
}

static void test_rd_count_bounded_by_min_elem(void **state)
{
    (void)state;
    /* classic count 3, then 12 bytes: three 4-byte elements fit */
    uint8_t b[4 + 12] = {0, 0, 0, 3};
    sm_rd_t r = reader(b, sizeof(b), false);
    assert_int_equal(sm_rd_count(&r, 4, false), 3);
    assert_int_equal(r.err, 0);
    assert_int_equal(sm_rd_offset(&r), 4);
    /* one byte short: three 4-byte elements cannot fit in 11 bytes */
    r = reader(b, sizeof(b) - 1, false);
    assert_int_equal(sm_rd_count(&r, 4, false), 0);
    assert_int_equal(r.err, SM_RD_INVALID);
    /* compact: uvarint 4 = count 3, then three 1-byte elements */
    static const uint8_t c[] = {0x04, 1, 2, 3};
    r = reader(c, sizeof(c), true);
    assert_int_equal(sm_rd_count(&r, 1, false), 3);
    assert_int_equal(r.err, 0);
    r = reader(c, sizeof(c), true);
    assert_int_equal(sm_rd_count(&r, 2, false), 0);
    assert_int_equal(r.err, SM_RD_INVALID);
    /* min_elem 0 counts as 1 byte per element */
    r = reader(c, sizeof(c), true);
    assert_int_equal(sm_rd_count(&r, 0, false), 3);
    assert_int_equal(r.err, 0);
    static const uint8_t c4[] = {0x05, 1, 2, 3};
    r = reader(c4, sizeof(c4), true);
    assert_int_equal(sm_rd_count(&r, 0, false), 0);
    assert_int_not_equal(r.err, 0);
    /* empty array needs no bytes at all */
    static const uint8_t e[] = {0, 0, 0, 0};
    r = reader(e, sizeof(e), false);
    assert_int_equal(sm_rd_count(&r, 1000, false), 0);
    assert_int_equal(r.err, 0);
}

static void test_rd_count_huge_min_elem_cannot_overflow(void **state)
{
    (void)state;
    /* count 2 with elements of 2^(bits-1) bytes: 2 * min_elem wraps to 0 in a
     * size_t multiplication, so only an overflow-free check rejects it */
    uint8_t b[4 + 8] = {0, 0, 0, 2};
    size_t half = (SIZE_MAX >> 1) + 1;
    sm_rd_t r = reader(b, sizeof(b), false);
    assert_int_equal(sm_rd_count(&r, half, false), 0);
    assert_int_equal(r.err, SM_RD_INVALID);
    r = reader(b, sizeof(b), false);
    assert_int_equal(sm_rd_count(&r, SIZE_MAX, false), 0);
    assert_int_equal(r.err, SM_RD_INVALID);
}

static void test_rd_count_null(void **state)
{
    (void)state;
    static const uint8_t classic[] = {0xff, 0xff, 0xff, 0xff, 9};
    static const uint8_t compact[] = {0x00, 9};
    for (int fl = 0; fl <= 1; fl++) {
        const uint8_t *b = fl ? compact : classic;
        size_t n = fl ? sizeof(compact) : sizeof(classic);
        sm_rd_t r = reader(b, n, fl);
        assert_int_equal(sm_rd_count(&r, 4, true), -1);
        assert_int_equal(r.err, 0);
        assert_int_equal(sm_rd_i8(&r), 9); /* the null prefix was consumed */
        r = reader(b, n, fl);
        assert_int_equal(sm_rd_count(&r, 4, false), 0);
        assert_int_equal(r.err, SM_RD_INVALID);
    }
    /* a negative count other than -1 is invalid even where null is allowed */
    static const uint8_t neg[] = {0xff, 0xff, 0xff, 0xfe};
    sm_rd_t r = reader(neg, sizeof(neg), false);
    assert_int_equal(sm_rd_count(&r, 1, true), 0);
    assert_int_equal(r.err, SM_RD_INVALID);
}

static void test_rd_count_after_failure_reads_nothing(void **state)
{
    (void)state;
    static const uint8_t b[] = {0, 0, 0, 1, 7};
    sm_rd_t r = reader(b, sizeof(b), false);
    sm_rd_fail(&r, SM_RD_UNDERFLOW);
    assert_int_equal(sm_rd_count(&r, 1, true), 0);
    assert_int_equal(r.err, SM_RD_UNDERFLOW); /* first error kept */
    assert_int_equal(sm_rd_offset(&r), 0);
    /* a count prefix cut short underflows */
    r = reader(b, 3, false);
    assert_int_equal(sm_rd_count(&r, 1, false), 0);
    assert_int_equal(r.err, SM_RD_UNDERFLOW);
}

static void test_rd_alloc(void **state)
{
    (void)state;
    sm_arena_t a;
    sm_arena_init(&a);
    assert_null(sm_rd_alloc(&a, 0, 8));
    assert_null(sm_rd_alloc(&a, -1, 8));
    int64_t *v = sm_rd_alloc(&a, 5, sizeof(*v));
    assert_non_null(v);
    for (int i = 0; i < 5; i++)
        assert_int_equal(v[i], 0);
    v[4] = 1; /* all five are ours (ASan would see an overrun) */
    sm_arena_free(&a);
}

static void test_i32_array(void **state)
{
    (void)state;
    const int32_t vals[] = {1, -1, 0x01020304};
    sm_arena_t a;
    sm_arena_init(&a);
    for (int fl = 0; fl <= 1; fl++) {
        sm_wr_t w;
        sm_wr_init(&w, fl);
        sm_wr_i32_array(&w, 3, vals);
        sm_wr_i32_array(&w, -1, NULL); /* not nullable: goes out empty */
        sm_wr_i32_array(&w, 0, NULL);
        static const uint8_t classic[] = {0, 0, 0, 3, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff,
                                          1, 2, 3, 4, 0, 0, 0, 0, 0,    0,    0,    0};
        static const uint8_t compact[] = {4, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4, 1, 1};
        const uint8_t *want = fl ? compact : classic;
        size_t want_len = fl ? sizeof(compact) : sizeof(classic);
        assert_int_equal(w.buf.len, want_len);
        assert_memory_equal(w.buf.data, want, want_len);

        sm_rd_t r = reader(w.buf.data, w.buf.len, fl);
        int32_t n = -5;
        int32_t *got = sm_rd_i32_array(&r, &a, &n);
        assert_int_equal(n, 3);
        assert_memory_equal(got, vals, sizeof(vals));
        assert_null(sm_rd_i32_array(&r, &a, &n));
        assert_int_equal(n, 0);
        assert_null(sm_rd_i32_array(&r, &a, &n));
        assert_int_equal(n, 0);
        assert_int_equal(r.err, 0);
        assert_int_equal(sm_rd_remaining(&r), 0);

        /* three elements announced, two present: fails before allocating */
        r = reader(w.buf.data, fl ? 9 : 12, fl);
        assert_null(sm_rd_i32_array(&r, &a, &n));
        assert_int_equal(n, 0);
        assert_int_equal(r.err, SM_RD_INVALID);
        sm_wr_free(&w);
    }
    /* null is not an [int32] array value */
    static const uint8_t nul[] = {0xff, 0xff, 0xff, 0xff};
    sm_rd_t r = reader(nul, sizeof(nul), false);
    int32_t n = -5;
    assert_null(sm_rd_i32_array(&r, &a, &n));
    assert_int_equal(n, 0);
    assert_int_equal(r.err, SM_RD_INVALID);
    sm_arena_free(&a);
}

static void test_wr_string_nonnull(void **state)
{
    (void)state;
    sm_wr_t w;
    sm_wr_init(&w, false);
    sm_wr_string_nonnull(&w, SM_STR_NULL);
    sm_wr_string_nonnull(&w, (sm_str_t){NULL, 0}); /* zeroed view */
    sm_wr_string_nonnull(&w, (sm_str_t){NULL, 3}); /* no bytes to send */
    sm_wr_string_nonnull(&w, sm_str("ab"));
    w.flexible = true;
    sm_wr_string_nonnull(&w, SM_STR_NULL);
    sm_wr_string_nonnull(&w, sm_str("ab"));
    static const uint8_t want[] = {0, 0, 0, 0, 0, 0, 0, 2, 'a', 'b', 1, 3, 'a', 'b'};
    assert_int_equal(w.buf.len, sizeof(want));
    assert_memory_equal(w.buf.data, want, sizeof(want));
    /* and it reads back as a valid non-nullable string */
    sm_rd_t r = reader(w.buf.data, w.buf.len, false);
    for (int i = 0; i < 3; i++)
        assert_true(sm_str_eq(sm_rd_string(&r), ""));
    assert_true(sm_str_eq(sm_rd_string(&r), "ab"));
    r.flexible = true;
    assert_true(sm_str_eq(sm_rd_string(&r), ""));
    assert_true(sm_str_eq(sm_rd_string(&r), "ab"));
    assert_int_equal(r.err, 0);
    sm_wr_free(&w);
}

static void test_wr_count(void **state)
{
    (void)state;
    sm_wr_t w;
    sm_wr_init(&w, false);
    sm_wr_count(&w, -1);
    sm_wr_count(&w, INT32_MIN);
    sm_wr_count(&w, 2);
    w.flexible = true;
    sm_wr_count(&w, -1);
    sm_wr_count(&w, 2);
    sm_wr_count(&w, 200);
    static const uint8_t want[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 3, 0xc9, 0x01};
    assert_int_equal(w.buf.len, sizeof(want));
    assert_memory_equal(w.buf.data, want, sizeof(want));
    sm_wr_free(&w);
}

struct seen_tags {
    uint32_t tags[4];
    int16_t vals[4];
    int n;
};

static void record_tag(sm_rd_t *f, uint32_t tag, void *opaque)
{
    struct seen_tags *s = opaque;
    s->tags[s->n] = tag;
    s->vals[s->n] = sm_rd_i16(f);
    s->n++;
    assert_int_equal(sm_rd_remaining(f), 0);
}

static void test_wr_tag(void **state)
{
    (void)state;
    sm_wr_t w;
    sm_wr_init(&w, true);
    sm_wr_uvarint(&w, 2); /* the caller writes the field count */
    sm_wr_t body;
    sm_wr_init(&body, true);
    sm_wr_i16(&body, 0x0102);
    sm_wr_tag(&w, 0, &body);
    assert_null(body.buf.data); /* freed */
    assert_int_equal(body.buf.len, 0);
    sm_wr_init(&body, true);
    sm_wr_i16(&body, -2);
    sm_wr_tag(&w, 300, &body);
    sm_wr_i8(&w, 0x2a);
    static const uint8_t want[] = {2, 0, 2, 1, 2, 0xac, 0x02, 2, 0xff, 0xfe, 0x2a};
    assert_int_equal(w.buf.len, sizeof(want));
    assert_memory_equal(w.buf.data, want, sizeof(want));

    struct seen_tags seen = {0};
    sm_rd_t r = reader(w.buf.data, w.buf.len, true);
    sm_rd_tags_cb(&r, record_tag, &seen);
    assert_int_equal(r.err, 0);
    assert_int_equal(seen.n, 2);
    assert_int_equal(seen.tags[0], 0);
    assert_int_equal(seen.vals[0], 0x0102);
    assert_int_equal(seen.tags[1], 300);
    assert_int_equal(seen.vals[1], -2);
    assert_int_equal(sm_rd_i8(&r), 0x2a);

    /* an empty body gives a zero-size field */
    sm_wr_t w2;
    sm_wr_init(&w2, true);
    sm_wr_init(&body, true);
    sm_wr_tag(&w2, 5, &body);
    static const uint8_t want2[] = {5, 0};
    assert_int_equal(w2.buf.len, sizeof(want2));
    assert_memory_equal(w2.buf.data, want2, sizeof(want2));
    sm_wr_free(&w2);
    sm_wr_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_varint_known_bytes),
        cmocka_unit_test(test_varlong_extremes),
        cmocka_unit_test(test_overlong_varint_fails),
        cmocka_unit_test(test_strings_classic_and_compact),
        cmocka_unit_test(test_null_where_not_nullable_fails),
        cmocka_unit_test(test_string_longer_than_buffer_fails),
        cmocka_unit_test(test_array_count_capped_by_remaining),
        cmocka_unit_test(test_unknown_tags_skipped),
        cmocka_unit_test(test_writer_splices_count_in_size),
        cmocka_unit_test(test_request_header_v2),
        cmocka_unit_test(test_min_sizes_match_smallest_encodings),
        cmocka_unit_test(test_rd_count_bounded_by_min_elem),
        cmocka_unit_test(test_rd_count_huge_min_elem_cannot_overflow),
        cmocka_unit_test(test_rd_count_null),
        cmocka_unit_test(test_rd_count_after_failure_reads_nothing),
        cmocka_unit_test(test_rd_alloc),
        cmocka_unit_test(test_i32_array),
        cmocka_unit_test(test_wr_string_nonnull),
        cmocka_unit_test(test_wr_count),
        cmocka_unit_test(test_wr_tag),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
