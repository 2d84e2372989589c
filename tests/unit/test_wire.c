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
    for (size_t i = 0; i < 4; i++) sm_wr_varlong(&w, vals[i]);
    sm_rd_t r;
    sm_rd_init(&r, w.buf.data, w.buf.len, false);
    for (size_t i = 0; i < 4; i++) assert_true(sm_rd_varlong(&r) == vals[i]);
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
