#include "wire.h"

#include <stdlib.h>
#include <string.h>

sm_str_t sm_str(const char *s)
{
    if (!s) return SM_STR_NULL;
    return (sm_str_t){s, (int32_t)strlen(s)};
}

bool sm_str_eq(sm_str_t a, const char *s)
{
    if (!s) return a.len < 0;
    size_t n = strlen(s);
    return a.len >= 0 && (size_t)a.len == n && (n == 0 || memcmp(a.ptr, s, n) == 0);
}

bool sm_str_equal(sm_str_t a, sm_str_t b)
{
    if (a.len != b.len) return false;
    return a.len <= 0 || memcmp(a.ptr, b.ptr, (size_t)a.len) == 0;
}

bool sm_uuid_is_zero(const sm_uuid_t *u)
{
    for (int i = 0; i < 16; i++)
        if (u->b[i]) return false;
    return true;
}

/* ---- reader ---- */

void sm_rd_init(sm_rd_t *r, const void *data, size_t len, bool flexible)
{
    r->start = r->p = data;
    r->end = len ? r->start + len : r->start; /* NULL + 0 is undefined in C; an empty writer has no buffer */
    r->flexible = flexible;
    r->err = SM_RD_OK;
    r->err_func = NULL;
    r->err_line = 0;
}

void sm_rd_fail_at(sm_rd_t *r, int code, const char *func, int line)
{
    if (r->err) return;
    r->err = code;
    r->err_func = func;
    r->err_line = line;
}

/* Returns a pointer to n readable bytes and advances, or NULL (and fails). */
static const uint8_t *take(sm_rd_t *r, size_t n, const char *func, int line)
{
    if (r->err) return NULL;
    if ((size_t)(r->end - r->p) < n) {
        sm_rd_fail_at(r, SM_RD_UNDERFLOW, func, line);
        return NULL;
    }
    const uint8_t *p = r->p;
    r->p += n;
    return p;
}
#define TAKE(r, n) take((r), (n), __func__, __LINE__)

int8_t sm_rd_i8(sm_rd_t *r)
{
    const uint8_t *p = TAKE(r, 1);
    return p ? (int8_t)p[0] : 0;
}

int16_t sm_rd_i16(sm_rd_t *r)
{
    const uint8_t *p = TAKE(r, 2);
    return p ? (int16_t)sm_be16(p) : 0;
}

uint16_t sm_rd_u16(sm_rd_t *r)
{
    const uint8_t *p = TAKE(r, 2);
    return p ? sm_be16(p) : 0;
}

int32_t sm_rd_i32(sm_rd_t *r)
{
    const uint8_t *p = TAKE(r, 4);
    return p ? (int32_t)sm_be32(p) : 0;
}

uint32_t sm_rd_u32(sm_rd_t *r)
{
    const uint8_t *p = TAKE(r, 4);
    return p ? sm_be32(p) : 0;
}

int64_t sm_rd_i64(sm_rd_t *r)
{
    const uint8_t *p = TAKE(r, 8);
    return p ? (int64_t)sm_be64(p) : 0;
}

bool sm_rd_bool(sm_rd_t *r)
{
    return sm_rd_i8(r) != 0;
}

double sm_rd_f64(sm_rd_t *r)
{
    uint64_t u = (uint64_t)sm_rd_i64(r);
    double d;
    memcpy(&d, &u, sizeof(d));
    return d;
}

static uint64_t read_uvarint64(sm_rd_t *r, int max_bytes)
{
    uint64_t v = 0;
    for (int i = 0; i < max_bytes; i++) {
        const uint8_t *p = TAKE(r, 1);
        if (!p) return 0;
        v |= (uint64_t)(p[0] & 0x7f) << (7 * i);
        if (!(p[0] & 0x80)) return v;
    }
    sm_rd_fail(r, SM_RD_INVALID);
    return 0;
}

uint32_t sm_rd_uvarint(sm_rd_t *r)
{
    uint64_t v = read_uvarint64(r, 5);
    if (v > UINT32_MAX) {
        sm_rd_fail(r, SM_RD_INVALID);
        return 0;
    }
    return (uint32_t)v;
}

int32_t sm_rd_varint(sm_rd_t *r)
{
    uint64_t v = read_uvarint64(r, 5);
    if (v > UINT32_MAX) {
        sm_rd_fail(r, SM_RD_INVALID);
        return 0;
    }
    uint32_t u = (uint32_t)v;
    return (int32_t)((u >> 1) ^ (~(u & 1) + 1));
}

int64_t sm_rd_varlong(sm_rd_t *r)
{
    uint64_t u = read_uvarint64(r, 10);
    return (int64_t)((u >> 1) ^ (~(u & 1) + 1));
}

sm_uuid_t sm_rd_uuid(sm_rd_t *r)
{
    sm_uuid_t u;
    const uint8_t *p = TAKE(r, 16);
    if (p)
        memcpy(u.b, p, 16);
    else
        memset(u.b, 0, 16);
    return u;
}

const uint8_t *sm_rd_raw(sm_rd_t *r, size_t n)
{
    return TAKE(r, n);
}

void sm_rd_skip(sm_rd_t *r, size_t n)
{
    (void)TAKE(r, n);
}

/* Reads a length prefix: classic int16/int32 or compact uvarint-1. -1 = null.
 * A compact string longer than a classic one could be (0x7fff) is invalid, as
 * Kafka's generated readers reject it: it could not be written back in a
 * classic encoding (e.g. a __consumer_offsets record). */
static int64_t read_len(sm_rd_t *r, bool wide)
{
    if (r->flexible) {
        uint32_t n = sm_rd_uvarint(r);
        if (!wide && n > 0x7fff + 1u) {
            sm_rd_fail(r, SM_RD_INVALID);
            return -1;
        }
        return (int64_t)n - 1;
    }
    return wide ? (int64_t)sm_rd_i32(r) : (int64_t)sm_rd_i16(r);
}

static sm_str_t read_str(sm_rd_t *r, int64_t len, bool nullable)
{
    if (r->err) return SM_STR_NULL;
    if (len < 0) {
        if (len != -1 || !nullable) sm_rd_fail(r, SM_RD_INVALID);
        return SM_STR_NULL;
    }
    if (len > INT32_MAX) {
        sm_rd_fail(r, SM_RD_INVALID);
        return SM_STR_NULL;
    }
    const uint8_t *p = TAKE(r, (size_t)len);
    if (!p) return SM_STR_NULL;
    return (sm_str_t){(const char *)p, (int32_t)len};
}

sm_str_t sm_rd_string(sm_rd_t *r)
{
    return read_str(r, read_len(r, false), false);
}

sm_str_t sm_rd_nstring(sm_rd_t *r)
{
    return read_str(r, read_len(r, false), true);
}

sm_str_t sm_rd_string_classic(sm_rd_t *r)
{
    return read_str(r, sm_rd_i16(r), true);
}

static sm_bytes_t to_bytes(sm_str_t s)
{
    return (sm_bytes_t){(const uint8_t *)s.ptr, s.len};
}

sm_bytes_t sm_rd_bytes(sm_rd_t *r)
{
    return to_bytes(read_str(r, read_len(r, true), false));
}

sm_bytes_t sm_rd_nbytes(sm_rd_t *r)
{
    return to_bytes(read_str(r, read_len(r, true), true));
}

int32_t sm_rd_array_len(sm_rd_t *r)
{
    int64_t n = read_len(r, true);
    if (r->err) return 0;
    if (n < -1 || n > (int64_t)sm_rd_remaining(r)) {
        sm_rd_fail(r, SM_RD_INVALID);
        return 0;
    }
    return (int32_t)n;
}

int32_t sm_rd_count(sm_rd_t *r, size_t min_elem, bool nullable)
{
    int32_t n = sm_rd_array_len(r);
    if (r->err) return 0;
    if (min_elem == 0) min_elem = 1; /* what sm_rd_array_len already assumed */
    /* Division, not n * min_elem, so no min_elem can overflow the check. */
    if ((n < 0 && !nullable) || (n > 0 && (size_t)n > sm_rd_remaining(r) / min_elem)) {
        sm_rd_fail(r, SM_RD_INVALID);
        return 0;
    }
    return n;
}

void *sm_rd_alloc(sm_arena_t *a, int32_t count, size_t size)
{
    return count > 0 ? sm_arena_calloc(a, (size_t)count, size) : NULL;
}

int32_t *sm_rd_i32_array(sm_rd_t *r, sm_arena_t *a, int32_t *count)
{
    *count = sm_rd_count(r, 4, false);
    int32_t *v = sm_rd_alloc(a, *count, sizeof(*v));
    for (int32_t i = 0; i < *count && !r->err; i++)
        v[i] = sm_rd_i32(r);
    return v;
}

void sm_rd_tags_cb(sm_rd_t *r, sm_rd_tag_cb cb, void *opaque)
{
    if (!r->flexible || r->err) return;
    uint32_t n = sm_rd_uvarint(r);
    for (uint32_t i = 0; i < n && !r->err; i++) {
        uint32_t tag = sm_rd_uvarint(r);
        uint32_t size = sm_rd_uvarint(r);
        const uint8_t *p = TAKE(r, size);
        if (!p) return;
        if (cb) {
            sm_rd_t sub;
            sm_rd_init(&sub, p, size, true);
            cb(&sub, tag, opaque);
            if (sub.err) sm_rd_fail_at(r, sub.err, sub.err_func, sub.err_line);
        }
    }
}

void sm_rd_tags(sm_rd_t *r)
{
    sm_rd_tags_cb(r, NULL, NULL);
}

/* ---- writer ---- */

void sm_wr_init(sm_wr_t *w, bool flexible)
{
    sm_buf_init(&w->buf);
    w->flexible = flexible;
    w->splices = NULL;
    w->nsplices = w->splices_cap = 0;
    w->file_bytes = 0;
}

void sm_wr_reset(sm_wr_t *w)
{
    for (int i = 0; i < w->nsplices; i++)
        if (w->splices[i].release) w->splices[i].release(w->splices[i].ctx);
    w->nsplices = 0;
    w->file_bytes = 0;
    w->buf.len = 0;
    w->flexible = false;
}

void sm_wr_free(sm_wr_t *w)
{
    sm_wr_reset(w);
    free(w->splices);
    w->splices = NULL;
    w->splices_cap = 0;
    sm_buf_free(&w->buf);
}

void sm_wr_raw(sm_wr_t *w, const void *p, size_t n)
{
    sm_buf_append(&w->buf, p, n);
}

void sm_wr_i8(sm_wr_t *w, int8_t v)
{
    uint8_t b = (uint8_t)v;
    sm_buf_append(&w->buf, &b, 1);
}

void sm_wr_i16(sm_wr_t *w, int16_t v)
{
    sm_put_be16(sm_buf_extend(&w->buf, 2), (uint16_t)v);
}

void sm_wr_i32(sm_wr_t *w, int32_t v)
{
    sm_put_be32(sm_buf_extend(&w->buf, 4), (uint32_t)v);
}

void sm_wr_u32(sm_wr_t *w, uint32_t v)
{
    sm_put_be32(sm_buf_extend(&w->buf, 4), v);
}

void sm_wr_i64(sm_wr_t *w, int64_t v)
{
    sm_put_be64(sm_buf_extend(&w->buf, 8), (uint64_t)v);
}

void sm_wr_bool(sm_wr_t *w, bool v)
{
    sm_wr_i8(w, v ? 1 : 0);
}

void sm_wr_f64(sm_wr_t *w, double v)
{
    uint64_t u;
    memcpy(&u, &v, sizeof(u));
    sm_wr_i64(w, (int64_t)u);
}

static void write_uvarint64(sm_wr_t *w, uint64_t v)
{
    uint8_t tmp[10];
    int n = 0;
    while (v >= 0x80) {
        tmp[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    tmp[n++] = (uint8_t)v;
    sm_buf_append(&w->buf, tmp, (size_t)n);
}

void sm_wr_uvarint(sm_wr_t *w, uint32_t v)
{
    write_uvarint64(w, v);
}

void sm_wr_varint(sm_wr_t *w, int32_t v)
{
    write_uvarint64(w, (uint32_t)(((uint32_t)v << 1) ^ (uint32_t)(v >> 31)));
}

void sm_wr_varlong(sm_wr_t *w, int64_t v)
{
    write_uvarint64(w, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

void sm_wr_uuid(sm_wr_t *w, const sm_uuid_t *u)
{
    sm_buf_append(&w->buf, u->b, 16);
}

static void write_len(sm_wr_t *w, int32_t len, bool wide)
{
    if (w->flexible)
        sm_wr_uvarint(w, (uint32_t)(len + 1));
    else if (wide)
        sm_wr_i32(w, len);
    else
        sm_wr_i16(w, (int16_t)len);
}

void sm_wr_string(sm_wr_t *w, sm_str_t s)
{
    if (s.len < 0 || !s.ptr) {
        write_len(w, -1, false);
        return;
    }
    write_len(w, s.len, false);
    sm_buf_append(&w->buf, s.ptr, (size_t)s.len);
}

void sm_wr_cstring(sm_wr_t *w, const char *s)
{
    sm_wr_string(w, sm_str(s));
}

void sm_wr_string_classic(sm_wr_t *w, sm_str_t s)
{
    if (s.len < 0 || !s.ptr) {
        sm_wr_i16(w, -1);
        return;
    }
    sm_wr_i16(w, (int16_t)s.len);
    sm_buf_append(&w->buf, s.ptr, (size_t)s.len);
}

void sm_wr_bytes(sm_wr_t *w, sm_bytes_t b)
{
    if (b.len < 0 || (!b.ptr && b.len > 0)) {
        write_len(w, -1, true);
        return;
    }
    write_len(w, b.len, true);
    sm_buf_append(&w->buf, b.ptr, (size_t)b.len);
}

void sm_wr_array_len(sm_wr_t *w, int32_t n)
{
    write_len(w, n < 0 ? -1 : n, true);
}

void sm_wr_count(sm_wr_t *w, int32_t n)
{
    sm_wr_array_len(w, n < 0 ? 0 : n);
}

void sm_wr_string_nonnull(sm_wr_t *w, sm_str_t s)
{
    sm_wr_string(w, s.len < 0 || !s.ptr ? SM_STR_EMPTY : s);
}

void sm_wr_i32_array(sm_wr_t *w, int32_t count, const int32_t *v)
{
    sm_wr_count(w, count);
    for (int32_t i = 0; i < count; i++)
        sm_wr_i32(w, v[i]);
}

void sm_wr_tags_empty(sm_wr_t *w)
{
    if (w->flexible) sm_wr_uvarint(w, 0);
}

void sm_wr_tag(sm_wr_t *w, uint32_t tag, sm_wr_t *body)
{
    sm_wr_uvarint(w, tag);
    sm_wr_uvarint(w, (uint32_t)body->buf.len);
    sm_wr_raw(w, body->buf.data, body->buf.len);
    sm_wr_free(body);
}

void sm_wr_file(sm_wr_t *w, int fd, int64_t pos, int32_t len, void (*release)(void *), void *ctx)
{
    if (len <= 0) {
        if (release) release(ctx);
        return;
    }
    if (w->nsplices == w->splices_cap) {
        int cap = w->splices_cap ? w->splices_cap * 2 : 8;
        sm_splice_t *s = realloc(w->splices, (size_t)cap * sizeof(*s));
        if (!s) abort();
        w->splices = s;
        w->splices_cap = cap;
    }
    w->splices[w->nsplices++] = (sm_splice_t){w->buf.len, fd, pos, len, release, ctx};
    w->file_bytes += len;
}

void sm_wr_bytes_file(sm_wr_t *w, int fd, int64_t pos, int32_t len, void (*release)(void *),
                      void *ctx)
{
    write_len(w, len, true);
    sm_wr_file(w, fd, pos, len, release, ctx);
}

size_t sm_wr_reserve_i32(sm_wr_t *w)
{
    size_t off = w->buf.len;
    sm_buf_extend(&w->buf, 4);
    return off;
}

void sm_wr_patch_i32(sm_wr_t *w, size_t off, int32_t v)
{
    sm_put_be32(w->buf.data + off, (uint32_t)v);
}
