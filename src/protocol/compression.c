/*
 * Record-batch decompression for gzip, snappy, lz4 and zstd. The formats
 * read (compression.h has them in full):
 *
 *   gzip    one gzip member: 1f 8b 08 ... deflate ... CRC32 ISIZE
 *   snappy  82 'SNAPPY' 00 | version BE32 | compat BE32 | {BE32 len | block}...
 *           or a single raw block: uncompressed-length varint | elements
 *   lz4     one frame: 04 22 4d 18 | FLG BD [size] [dict] HC | blocks | 0 | [xxh32]
 *   zstd    frame(s): 28 b5 2f fd | header [content size] | blocks | [xxh64]
 *
 * How each stays within the output limit:
 *  - gzip, lz4: stream into the output buffer, which grows geometrically but
 *    never past limit + 1 bytes; reaching limit + 1 means "too large". zlib
 *    keeps its own window and lz4 copies the history it needs (stableDst = 0),
 *    so the buffer may move between calls.
 *  - snappy: every block states its uncompressed length up front; the sum is
 *    checked against the limit before anything is decompressed.
 *  - zstd: one-shot ZSTD_decompressDCtx straight into the output (no window
 *    buffer, unlike streaming, whose window a hostile frame may declare at
 *    128 MiB). When the frames state their sizes the output is sized exactly;
 *    when not (Java), it is guessed and grown 4x per retry, up to the limit.
 */
#define ZLIB_CONST
#include "compression.h"

#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <lz4frame.h>
#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "records.h"
#include "util/logging.h"
#include "wire.h"

/* First allocation for an output of unknown size. */
#define GROW_MIN ((size_t)64 << 10)

size_t sm_decompress_limit(size_t batch_size)
{
    if (batch_size > SM_DECOMPRESS_MAX / SM_DECOMPRESS_RATIO) return SM_DECOMPRESS_MAX;
    size_t n = batch_size * SM_DECOMPRESS_RATIO;
    return n < SM_DECOMPRESS_MIN ? SM_DECOMPRESS_MIN : n;
}

/* ---- per-thread codec state ---- */

typedef struct codec_ctx {
    sm_buf_t scratch; /* sm_decompress_scratch's output */
    z_stream z;
    bool z_ready;
    ZSTD_DCtx *zstd;
    LZ4F_dctx *lz4;
} codec_ctx_t;

static pthread_once_t ctx_once = PTHREAD_ONCE_INIT;
static pthread_key_t ctx_key;
static bool ctx_key_ok;
/* Fast path; the key exists only so the destructor runs at thread exit. */
static _Thread_local codec_ctx_t *tls_ctx;

static void ctx_free(void *p)
{
    codec_ctx_t *c = p;
    if (c->z_ready) inflateEnd(&c->z);
    ZSTD_freeDCtx(c->zstd);
    if (c->lz4) LZ4F_freeDecompressionContext(c->lz4);
    sm_buf_free(&c->scratch);
    free(c);
    tls_ctx = NULL;
}

static void ctx_key_init(void)
{
    ctx_key_ok = pthread_key_create(&ctx_key, ctx_free) == 0;
}

static codec_ctx_t *thread_ctx(void)
{
    if (tls_ctx) return tls_ctx;
    pthread_once(&ctx_once, ctx_key_init);
    codec_ctx_t *c = calloc(1, sizeof(*c));
    if (!c) return NULL;
    /* Without the key (cannot happen short of PTHREAD_KEYS_MAX) the state
     * would live until process exit: still correct, only not freed. */
    if (ctx_key_ok) pthread_setspecific(ctx_key, c);
    tls_ctx = c;
    return c;
}

/* ---- output buffer growth ---- */

/* Makes b's capacity at least `want` bytes (exactly `want` if it grows).
 * Returns 0, or -1 if memory ran out. */
static int reserve_exact(sm_buf_t *b, size_t want)
{
    if (b->cap >= want) return 0;
    uint8_t *d = realloc(b->data, want);
    if (!d) {
        sm_error("decompression: out of memory for a %zu-byte buffer", want);
        return -1;
    }
    b->data = d;
    b->cap = want;
    return 0;
}

/* Room to write into at b->data + b->len without passing `limit` bytes in
 * total, growing the buffer (doubling, at least GROW_MIN, at most limit)
 * when it is full. Returns 0 when the limit is reached or memory ran out. */
static size_t room(sm_buf_t *b, size_t limit)
{
    size_t end = b->cap < limit ? b->cap : limit;
    if (b->len < end) return end - b->len;
    if (b->len >= limit) return 0;
    size_t want = b->cap < GROW_MIN / 2 ? GROW_MIN : b->cap * 2;
    if (want > limit) want = limit;
    if (reserve_exact(b, want)) return 0;
    return want - b->len;
}

/* ---- gzip ---- */

static int gunzip(codec_ctx_t *c, const uint8_t *in, size_t in_len, sm_buf_t *out, size_t limit)
{
    z_stream *z = &c->z;
    if (!c->z_ready) {
        memset(z, 0, sizeof(*z));
        if (inflateInit2(z, 16 + MAX_WBITS) != Z_OK) return -1; /* gzip wrapper only */
        c->z_ready = true;
    } else if (inflateReset(z) != Z_OK) {
        return -1;
    }
    if (in_len > UINT_MAX) return -1; /* avail_in is 32 bits; batches are < 2 GiB */
    z->next_in = in;
    z->avail_in = (uInt)in_len;
    for (;;) {
        size_t n = room(out, limit);
        if (n == 0) return -1; /* past the limit */
        if (n > UINT_MAX) n = UINT_MAX;
        z->next_out = out->data + out->len;
        z->avail_out = (uInt)n;
        int zr = inflate(z, Z_NO_FLUSH);
        out->len += n - z->avail_out;
        if (zr == Z_STREAM_END) {
            return z->avail_in == 0 ? 0 : -1; /* one member, nothing after it */
        } else if (zr == Z_BUF_ERROR && z->avail_out != 0) {
            return -1; /* input ended inside a member */
        } else if (zr != Z_OK && zr != Z_BUF_ERROR) {
            return -1; /* Z_DATA_ERROR (bad data or checksum), Z_NEED_DICT, Z_MEM_ERROR */
        }
        /* Z_OK made progress; Z_BUF_ERROR with a full output needs more room. */
    }
}

/* ---- snappy ---- */

static const uint8_t xerial_magic[8] = {0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
#define XERIAL_HEADER_SIZE 16

/* Decompresses one raw block (whose length was checked) at out->data + out->len. */
static int snappy_block(const uint8_t *in, size_t len, size_t ulen, sm_buf_t *out)
{
    size_t n = ulen;
    if (snappy_uncompress((const char *)in, len, (char *)out->data + out->len, &n) != SNAPPY_OK ||
        n != ulen)
        return -1;
    out->len += n;
    return 0;
}

static int unsnappy(const uint8_t *in, size_t in_len, sm_buf_t *out, size_t max_out)
{
    size_t ulen;
    if (in_len < sizeof(xerial_magic) || memcmp(in, xerial_magic, sizeof(xerial_magic)) != 0) {
        /* Raw: the block's leading varint gives the exact output size. */
        if (snappy_uncompressed_length((const char *)in, in_len, &ulen) != SNAPPY_OK) return -1;
        if (ulen > max_out || reserve_exact(out, ulen ? ulen : 1)) return -1;
        return snappy_block(in, in_len, ulen, out);
    }
    /* xerial: pass 1 checks the block framing and sums the sizes the blocks
     * state, so an oversized batch fails before any work; pass 2 decodes.
     * The version/compatible ints are not checked (neither does librdkafka). */
    if (in_len < XERIAL_HEADER_SIZE) return -1;
    size_t total = 0;
    for (int pass = 1; pass <= 2; pass++) {
        size_t pos = XERIAL_HEADER_SIZE;
        while (pos < in_len) {
            if (in_len - pos < 4) return -1;
            size_t clen = sm_be32(in + pos);
            pos += 4;
            if (clen > in_len - pos) return -1;
            if (snappy_uncompressed_length((const char *)in + pos, clen, &ulen) != SNAPPY_OK)
                return -1;
            if (pass == 1) {
                if (ulen > max_out - total) return -1;
                total += ulen;
            } else if (snappy_block(in + pos, clen, ulen, out)) {
                return -1;
            }
            pos += clen;
        }
        if (pass == 1 && reserve_exact(out, total ? total : 1)) return -1;
    }
    return 0;
}

/* ---- lz4 ---- */

static int unlz4(codec_ctx_t *c, const uint8_t *in, size_t in_len, sm_buf_t *out, size_t limit)
{
    if (!c->lz4) {
        if (LZ4F_isError(LZ4F_createDecompressionContext(&c->lz4, LZ4F_VERSION))) {
            c->lz4 = NULL;
            return -1;
        }
    } else {
        LZ4F_resetDecompressionContext(c->lz4); /* a failed call leaves it undefined */
    }
    LZ4F_decompressOptions_t opt = {0}; /* stableDst 0: our buffer may move */
    size_t pos = 0;
    for (;;) {
        size_t n = room(out, limit);
        if (n == 0) return -1; /* past the limit */
        size_t dst = n, src = in_len - pos;
        size_t r = LZ4F_decompress(c->lz4, out->data + out->len, &dst, in + pos, &src, &opt);
        if (LZ4F_isError(r)) return -1;
        pos += src;
        out->len += dst;
        if (r == 0) return pos == in_len ? 0 : -1; /* end of frame: nothing may follow */
        if (src == 0 && dst == 0) return -1;       /* wants input that is not there */
    }
}

/* ---- zstd ---- */

static int unzstd(codec_ctx_t *c, const uint8_t *in, size_t in_len, sm_buf_t *out, size_t max_out)
{
    if (in_len == 0) return -1;
    if (!c->zstd && !(c->zstd = ZSTD_createDCtx())) return -1;
    /* Walk the frames: each must be whole; sum the sizes they state. */
    bool known = true;
    size_t total = 0;
    for (size_t pos = 0; pos < in_len;) {
        unsigned long long fcs = ZSTD_getFrameContentSize(in + pos, in_len - pos);
        if (fcs == ZSTD_CONTENTSIZE_ERROR) return -1;
        if (fcs == ZSTD_CONTENTSIZE_UNKNOWN) {
            known = false;
        } else {
            if (fcs > max_out - total) return -1;
            total += (size_t)fcs;
        }
        size_t fsz = ZSTD_findFrameCompressedSize(in + pos, in_len - pos);
        if (ZSTD_isError(fsz)) return -1;
        pos += fsz;
    }
    size_t size;
    if (known) {
        size = total;
    } else {
        /* Guess: what this buffer held before (steady state: it fits), or 8x. */
        size = in_len > max_out / 8 ? max_out : in_len * 8;
        if (size < GROW_MIN) size = GROW_MIN;
        if (size < out->cap) size = out->cap;
        if (size > max_out) size = max_out;
    }
    for (;;) {
        if (reserve_exact(out, size ? size : 1)) return -1;
        size_t r = ZSTD_decompressDCtx(c->zstd, out->data, size, in, in_len);
        if (!ZSTD_isError(r)) {
            out->len = r;
            return 0;
        }
        /* Too small is retried only when the size was a guess. */
        if (known || ZSTD_getErrorCode(r) != ZSTD_error_dstSize_tooSmall || size >= max_out)
            return -1;
        size = size > max_out / 4 ? max_out : size * 4;
    }
}

/* ---- entry points ---- */

int sm_decompress(int codec, const uint8_t *in, size_t in_len, sm_buf_t *out, size_t max_out)
{
    out->len = 0;
    codec_ctx_t *c = thread_ctx();
    if (!c) return -1;
    /* Streaming codecs write up to one byte past max_out to learn it is exceeded. */
    size_t limit = max_out < SIZE_MAX ? max_out + 1 : max_out;
    int rc;
    switch (codec) {
    case SM_COMPRESSION_GZIP:
        rc = gunzip(c, in, in_len, out, limit);
        break;
    case SM_COMPRESSION_SNAPPY:
        rc = unsnappy(in, in_len, out, max_out);
        break;
    case SM_COMPRESSION_LZ4:
        rc = unlz4(c, in, in_len, out, limit);
        break;
    case SM_COMPRESSION_ZSTD:
        rc = unzstd(c, in, in_len, out, max_out);
        break;
    default:
        return -1;
    }
    if (rc == 0 && out->len > max_out) rc = -1;
    return rc;
}

int sm_decompress_scratch(int codec, const uint8_t *in, size_t in_len, size_t max_out,
                          const uint8_t **out, size_t *out_len)
{
    codec_ctx_t *c = thread_ctx();
    if (!c) return -1;
    if (sm_decompress(codec, in, in_len, &c->scratch, max_out)) return -1;
    *out = c->scratch.data;
    *out_len = c->scratch.len;
    return 0;
}

void sm_decompress_scratch_trim(void)
{
    codec_ctx_t *c = tls_ctx;
    if (c && c->scratch.cap > SM_DECOMPRESS_RETAIN) sm_buf_free(&c->scratch);
}

/* ---- compression (the log cleaner rewrites filtered compressed batches) ---- */

static int gzip_compress(const uint8_t *in, size_t len, sm_buf_t *out)
{
    z_stream z;
    memset(&z, 0, sizeof(z));
    /* windowBits 15 + 16: a gzip member, as Kafka clients write */
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return -1;
    size_t bound = deflateBound(&z, (uLong)len);
    sm_buf_reserve(out, bound);
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)len;
    z.next_out = out->data + out->len;
    z.avail_out = (uInt)bound;
    int rc = deflate(&z, Z_FINISH);
    size_t produced = bound - z.avail_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END) return -1;
    out->len += produced;
    return 0;
}

int sm_compress(int codec, const uint8_t *in, size_t len, sm_buf_t *out)
{
    out->len = 0;
    switch (codec) {
    case SM_COMPRESSION_GZIP:
        if (len > UINT_MAX) return -1;
        return gzip_compress(in, len, out);
    case SM_COMPRESSION_SNAPPY: { /* one raw block, as librdkafka writes */
        size_t n = snappy_max_compressed_length(len);
        sm_buf_reserve(out, n);
        if (snappy_compress((const char *)in, len, (char *)out->data, &n) != SNAPPY_OK) return -1;
        out->len = n;
        return 0;
    }
    case SM_COMPRESSION_LZ4: {
        size_t n = LZ4F_compressFrameBound(len, NULL);
        sm_buf_reserve(out, n);
        size_t r = LZ4F_compressFrame(out->data, n, in, len, NULL);
        if (LZ4F_isError(r)) return -1;
        out->len = r;
        return 0;
    }
    case SM_COMPRESSION_ZSTD: {
        size_t n = ZSTD_compressBound(len);
        sm_buf_reserve(out, n);
        size_t r = ZSTD_compress(out->data, n, in, len, 3);
        if (ZSTD_isError(r)) return -1;
        out->len = r;
        return 0;
    }
    default: return -1;
    }
}
