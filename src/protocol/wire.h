/*
 * Kafka wire primitives: a bounds-checked reader over a received buffer and
 * a writer into a growable buffer (with file ranges spliced in for zero-copy
 * Fetch responses).
 *
 * Encodings (all big-endian):
 *   int8/16/32/64, float64   fixed width
 *   varint/varlong           zig-zag, 7 bits per byte, LSB group first
 *   unsigned varint          7 bits per byte, at most 5 bytes
 *   string                   int16 length (-1 = null) + bytes
 *   compact string           uvarint length+1 (0 = null) + bytes
 *   bytes                    int32 length (-1 = null) + bytes
 *   compact bytes            uvarint length+1 (0 = null) + bytes
 *   array                    int32 count (-1 = null) + elements
 *   compact array            uvarint count+1 (0 = null) + elements
 *   uuid                     16 bytes
 *   tagged fields            uvarint count, then per field: uvarint tag,
 *                            uvarint size, size bytes (flexible versions only)
 *
 * The reader has a sticky error: the first failed read sets r->err and every
 * later read returns a zero value without touching memory, so a decoder can
 * read a whole struct and check r->err once. A reader never reads past `end`.
 * `flexible` selects the compact encodings and tagged fields for the
 * string/bytes/array/tags helpers, as librdkafka's reader flag does.
 */
#ifndef SM_WIRE_H
#define SM_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"

/* A view of a string or byte field inside a buffer. len == -1 means null. */
typedef struct sm_str {
    const char *ptr;
    int32_t len;
} sm_str_t;

typedef struct sm_bytes {
    const uint8_t *ptr;
    int32_t len;
} sm_bytes_t;

typedef struct sm_uuid {
    uint8_t b[16];
} sm_uuid_t;

#define SM_STR_NULL ((sm_str_t){NULL, -1})
#define SM_BYTES_NULL ((sm_bytes_t){NULL, -1})
/* The empty (non-null) string: the schema default of a non-nullable string. */
#define SM_STR_EMPTY ((sm_str_t){"", 0})
/* sm_str_t from a C string literal or NUL-terminated string (NULL -> null). */
sm_str_t sm_str(const char *s);
bool sm_str_eq(sm_str_t a, const char *s);
bool sm_str_equal(sm_str_t a, sm_str_t b);
bool sm_uuid_is_zero(const sm_uuid_t *u);

/* Reader failure reasons (r->err). */
enum {
    SM_RD_OK = 0,
    SM_RD_UNDERFLOW = 1, /* a field runs past the end of the buffer */
    SM_RD_INVALID = 2,   /* a length, count or varint that cannot be valid */
};

typedef struct sm_rd {
    const uint8_t *start;
    const uint8_t *p;
    const uint8_t *end;
    bool flexible;
    int err;
    const char *err_func; /* where the first error was detected */
    int err_line;
} sm_rd_t;

void sm_rd_init(sm_rd_t *r, const void *data, size_t len, bool flexible);
static inline size_t sm_rd_remaining(const sm_rd_t *r)
{
    return (size_t)(r->end - r->p);
}
static inline size_t sm_rd_offset(const sm_rd_t *r)
{
    return (size_t)(r->p - r->start);
}

/* Marks the reader failed (first error wins); used by decoders for semantic checks. */
#define sm_rd_fail(r, code) sm_rd_fail_at((r), (code), __func__, __LINE__)
void sm_rd_fail_at(sm_rd_t *r, int code, const char *func, int line);

int8_t sm_rd_i8(sm_rd_t *r);
int16_t sm_rd_i16(sm_rd_t *r);
int32_t sm_rd_i32(sm_rd_t *r);
int64_t sm_rd_i64(sm_rd_t *r);
uint16_t sm_rd_u16(sm_rd_t *r);
uint32_t sm_rd_u32(sm_rd_t *r);
bool sm_rd_bool(sm_rd_t *r);
double sm_rd_f64(sm_rd_t *r);
uint32_t sm_rd_uvarint(sm_rd_t *r);
int32_t sm_rd_varint(sm_rd_t *r);
int64_t sm_rd_varlong(sm_rd_t *r);
sm_uuid_t sm_rd_uuid(sm_rd_t *r);
/* Raw n bytes as a view. */
const uint8_t *sm_rd_raw(sm_rd_t *r, size_t n);
void sm_rd_skip(sm_rd_t *r, size_t n);

/* string / compact string by r->flexible. Nullable variants accept null. */
sm_str_t sm_rd_string(sm_rd_t *r);
sm_str_t sm_rd_nstring(sm_rd_t *r);
/* Always the classic int16-prefixed form (request header client_id). */
sm_str_t sm_rd_string_classic(sm_rd_t *r);
/* bytes / compact bytes by r->flexible (also used for `records`). */
sm_bytes_t sm_rd_bytes(sm_rd_t *r);
sm_bytes_t sm_rd_nbytes(sm_rd_t *r);
/* Array element count by r->flexible: -1 for a null array. A count larger than
 * the bytes left (every element takes at least one byte) fails the reader, so
 * callers may allocate `count` elements safely. */
int32_t sm_rd_array_len(sm_rd_t *r);

/* Smallest wire size of a string, an array, a bytes field and a tagged-field
 * section in the classic (`flexible` false) or compact encoding. Decoders add
 * these up into the smallest size of one array element for sm_rd_count. */
#define SM_STR_MIN(flexible) ((flexible) ? 1u : 2u)
#define SM_ARR_MIN(flexible) ((flexible) ? 1u : 4u)
#define SM_BYTES_MIN(flexible) ((flexible) ? 1u : 4u)
#define SM_TAGS_MIN(flexible) ((flexible) ? 1u : 0u)

/* Array count (as sm_rd_array_len) of elements at least `min_elem` bytes each
 * on the wire. Returns -1 for a null array when `nullable`; a null array that
 * is not nullable, or a count whose elements could not fit in the bytes left,
 * fails the reader and returns 0 (as does an already failed reader). So a
 * hostile count cannot make the caller allocate more than a small multiple of
 * the bytes actually received. min_elem 0 is taken as 1. */
int32_t sm_rd_count(sm_rd_t *r, size_t min_elem, bool nullable);
/* Zeroed arena memory for `count` decoded elements of `size` bytes, or NULL
 * when count <= 0 (empty or null array). Owned by the arena. */
void *sm_rd_alloc(sm_arena_t *a, int32_t count, size_t size);
/* Non-nullable [int32] array: sets *count (0 on failure) and returns the
 * elements in arena memory (NULL when empty). */
int32_t *sm_rd_i32_array(sm_rd_t *r, sm_arena_t *a, int32_t *count);
/* Tagged fields (no-op when !flexible): every tag is skipped. */
void sm_rd_tags(sm_rd_t *r);
/* Tagged fields with a callback for known tags; the callback reads from a
 * sub-reader bounded to the field's size. Unknown tags are skipped. */
typedef void (*sm_rd_tag_cb)(sm_rd_t *field, uint32_t tag, void *opaque);
void sm_rd_tags_cb(sm_rd_t *r, sm_rd_tag_cb cb, void *opaque);

/*
 * Writer. Appends to an sm_buf_t. File ranges (`sm_wr_file`) are recorded as
 * splices at the current buffer position: the bytes they stand for are sent
 * from the file with sendfile(2) between the buffer bytes before and after.
 */
typedef struct sm_splice {
    size_t buf_off; /* position in the buffer at which the file bytes go */
    int fd;
    int64_t file_pos;
    int32_t len;
    void (*release)(void *ctx); /* called once the range is sent or dropped */
    void *ctx;
} sm_splice_t;

typedef struct sm_wr {
    sm_buf_t buf;
    bool flexible;
    sm_splice_t *splices;
    int nsplices;
    int splices_cap;
    int64_t file_bytes; /* sum of splice lengths */
} sm_wr_t;

void sm_wr_init(sm_wr_t *w, bool flexible);
/* Releases splices (calling their release callbacks) and the buffer. */
void sm_wr_free(sm_wr_t *w);
/* Empties the writer for reuse: releases splices like sm_wr_free but keeps
 * the memory of the buffer and of the splice array. */
void sm_wr_reset(sm_wr_t *w);
/* Total bytes this writer will send: buffer + file ranges. */
static inline int64_t sm_wr_total(const sm_wr_t *w)
{
    return (int64_t)w->buf.len + w->file_bytes;
}

void sm_wr_i8(sm_wr_t *w, int8_t v);
void sm_wr_i16(sm_wr_t *w, int16_t v);
void sm_wr_i32(sm_wr_t *w, int32_t v);
void sm_wr_i64(sm_wr_t *w, int64_t v);
void sm_wr_u32(sm_wr_t *w, uint32_t v);
void sm_wr_bool(sm_wr_t *w, bool v);
void sm_wr_f64(sm_wr_t *w, double v);
void sm_wr_uvarint(sm_wr_t *w, uint32_t v);
void sm_wr_varint(sm_wr_t *w, int32_t v);
void sm_wr_varlong(sm_wr_t *w, int64_t v);
void sm_wr_uuid(sm_wr_t *w, const sm_uuid_t *u);
void sm_wr_raw(sm_wr_t *w, const void *p, size_t n);
/* string / compact string by w->flexible; a null sm_str_t writes null. */
void sm_wr_string(sm_wr_t *w, sm_str_t s);
void sm_wr_cstring(sm_wr_t *w, const char *s); /* NULL writes null */
void sm_wr_string_classic(sm_wr_t *w, sm_str_t s);
void sm_wr_bytes(sm_wr_t *w, sm_bytes_t b);
/* Array count by w->flexible; -1 writes a null array. */
void sm_wr_array_len(sm_wr_t *w, int32_t n);
/* Count of a non-nullable array: a negative count writes an empty array,
 * never an invalid null. */
void sm_wr_count(sm_wr_t *w, int32_t n);
/* Non-nullable string: a null view writes "", never an invalid null. */
void sm_wr_string_nonnull(sm_wr_t *w, sm_str_t s);
/* Non-nullable [int32] array (negative count writes an empty array). */
void sm_wr_i32_array(sm_wr_t *w, int32_t count, const int32_t *v);
/* Empty tagged-field section (no-op when !flexible). */
void sm_wr_tags_empty(sm_wr_t *w);
/* One tagged field (tag, size, value) whose value was encoded into `body`
 * (an sm_wr_init'ed writer holding buffer bytes only, no file ranges). The
 * caller writes the field count first. Frees `body`. */
void sm_wr_tag(sm_wr_t *w, uint32_t tag, sm_wr_t *body);
/* Length prefix of a bytes field whose content follows as a file range:
 * writes the (compact) length for `len` bytes, then the splice. */
void sm_wr_bytes_file(sm_wr_t *w, int fd, int64_t pos, int32_t len, void (*release)(void *),
                      void *ctx);
/* Splice only (no length prefix). */
void sm_wr_file(sm_wr_t *w, int fd, int64_t pos, int32_t len, void (*release)(void *), void *ctx);
/* Reserves 4 bytes for an int32 filled later with sm_wr_patch_i32. Returns its offset. */
size_t sm_wr_reserve_i32(sm_wr_t *w);
void sm_wr_patch_i32(sm_wr_t *w, size_t off, int32_t v);

/* Byte-order helpers for fixed-offset access (record batch headers). */
static inline uint16_t sm_be16(const uint8_t *p)
{
    return (uint16_t)((p[0] << 8) | p[1]);
}
static inline uint32_t sm_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}
static inline uint64_t sm_be64(const uint8_t *p)
{
    return ((uint64_t)sm_be32(p) << 32) | sm_be32(p + 4);
}
static inline void sm_put_be16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}
static inline void sm_put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}
static inline void sm_put_be64(uint8_t *p, uint64_t v)
{
    sm_put_be32(p, (uint32_t)(v >> 32));
    sm_put_be32(p + 4, (uint32_t)v);
}

#endif
