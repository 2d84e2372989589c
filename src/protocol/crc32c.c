/*
 * CRC-32C (Castagnoli), the checksum of RecordBatch v2 (records.h): reflected
 * polynomial 0x82F63B78, initial value 0xFFFFFFFF, final XOR 0xFFFFFFFF, so
 * crc32c("123456789") = 0xE3069283. sm_crc32c(sm_crc32c(0, a), b) equals the
 * CRC of a followed by b.
 *
 * Four implementations, the best this CPU can run chosen at start-up:
 *  - "vpclmul512": carry-less multiplication folding over 512-bit registers
 *    (AVX-512 + VPCLMULQDQ, and the OS must save ZMM state), for buffers of
 *    VPCLMUL_MIN bytes or more; shorter ones go to "sse4.2";
 *  - "vpclmul256": the same over 256-bit registers (AVX2 + VPCLMULQDQ);
 *  - "sse4.2": the SSE4.2 `crc32` instruction (8 bytes per instruction);
 *  - "table": slicing-by-8 (8 bytes per step through 8 x 256 tables).
 * All tables and constants are computed at start-up. Every produce payload
 * and every recovered segment is checksummed, so this is on the hot path.
 *
 * The instruction takes 3 cycles but a new one can start every cycle, so one
 * dependent chain uses a third of it. Long buffers are cut into three equal
 * blocks checksummed as three independent chains, then joined: the CRC
 * register is linear, so crc(c, a||b) = Z_|b|(crc(c, a)) ^ crc(0, b), where
 * Z_n (feeding n zero bytes) is a 32x32 bit matrix, applied here through four
 * 256-entry tables per block length (built at start-up by squaring the
 * one-zero-byte matrix). That is still one 8-byte step per cycle at best.
 *
 * Folding multiplies instead. Read the message as a polynomial M over GF(2),
 * its first bit the highest power. From a zero register the CRC register ends
 * as M x^32 mod P, so it depends only on M mod P: replacing the bytes read so
 * far by anything congruent mod P (ending at the same place) keeps the CRC. A
 * nonzero starting register is the same as XORing it into the first 4 bytes.
 * The fold keeps a 128-bit remainder A (16 bytes) standing for everything
 * read. Moving A over the next D bytes: split A = H x^64 + L, then
 * A x^8D = H (x^(8D+64) mod P) + L (x^8D mod P) (mod P), two 64 x 32 bit
 * carry-less products (< 128 bits) XORed into the 16 bytes found D bytes
 * further on. A zmm register holds four such remainders side by side, and one
 * VPCLMULQDQ pair advances all four; eight independent zmm chains (512 bytes)
 * keep the multiplier busy. At the end the remainders are folded into one,
 * which is 16 bytes of message with the same CRC as everything read, so it
 * goes through the crc32 instruction, followed by the last < 16 bytes.
 * Without AVX-512, ymm registers hold two remainders each instead of four.
 */
#include "records.h"

#include <stdlib.h>
#include <string.h>

#define CRC32C_POLY 0x82F63B78u

static uint32_t crc_table[8][256];

static uint32_t crc_sw(uint32_t crc, const uint8_t *p, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    while (n && ((uintptr_t)p & 7)) {
        crc = crc_table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
        n--;
    }
    while (n >= 8) {
        uint64_t v;
        memcpy(&v, p, 8);
        v ^= crc;
        crc = crc_table[7][v & 0xff] ^ crc_table[6][(v >> 8) & 0xff] ^
              crc_table[5][(v >> 16) & 0xff] ^ crc_table[4][(v >> 24) & 0xff] ^
              crc_table[3][(v >> 32) & 0xff] ^ crc_table[2][(v >> 40) & 0xff] ^
              crc_table[1][(v >> 48) & 0xff] ^ crc_table[0][v >> 56];
        p += 8;
        n -= 8;
    }
#endif
    while (n--)
        crc = crc_table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return crc;
}

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#include <nmmintrin.h>

/* Block lengths of the three-chain loop: long blocks for the bulk of a large
 * batch, short ones so that medium records (a few KiB) gain too. */
#define LONG_BLOCK 8192
#define SHORT_BLOCK 256

/* zeros_long[k][b] = Z_LONG_BLOCK applied to (b << 8k); same for short. */
static uint32_t zeros_long[4][256], zeros_short[4][256];

static uint32_t shift(uint32_t table[4][256], uint32_t crc)
{
    return table[0][crc & 0xff] ^ table[1][(crc >> 8) & 0xff] ^ table[2][(crc >> 16) & 0xff] ^ table[3][crc >> 24];
}

/* Three chains over blocks of `block` bytes starting at p, p+block, p+2*block. */
__attribute__((target("sse4.2"))) static uint32_t crc_hw_3way(uint32_t crc, const uint8_t *p, size_t block,
                                                               uint32_t zeros[4][256])
{
    uint64_t c0 = crc, c1 = 0, c2 = 0;
    for (size_t i = 0; i < block; i += 8) {
        uint64_t v0, v1, v2;
        memcpy(&v0, p + i, 8);
        memcpy(&v1, p + block + i, 8);
        memcpy(&v2, p + 2 * block + i, 8);
        c0 = _mm_crc32_u64(c0, v0);
        c1 = _mm_crc32_u64(c1, v1);
        c2 = _mm_crc32_u64(c2, v2);
    }
    return shift(zeros, shift(zeros, (uint32_t)c0) ^ (uint32_t)c1) ^ (uint32_t)c2;
}

__attribute__((target("sse4.2"))) static uint32_t crc_hw(uint32_t crc, const uint8_t *p, size_t n)
{
    uint64_t c = crc;
    while (n && ((uintptr_t)p & 7)) {
        c = _mm_crc32_u8((uint32_t)c, *p++);
        n--;
    }
    for (; n >= 3 * LONG_BLOCK; p += 3 * LONG_BLOCK, n -= 3 * LONG_BLOCK)
        c = crc_hw_3way((uint32_t)c, p, LONG_BLOCK, zeros_long);
    for (; n >= 3 * SHORT_BLOCK; p += 3 * SHORT_BLOCK, n -= 3 * SHORT_BLOCK)
        c = crc_hw_3way((uint32_t)c, p, SHORT_BLOCK, zeros_short);
    while (n >= 8) {
        uint64_t v;
        memcpy(&v, p, 8);
        c = _mm_crc32_u64(c, v);
        p += 8;
        n -= 8;
    }
    while (n--)
        c = _mm_crc32_u8((uint32_t)c, *p++);
    return (uint32_t)c;
}

/* ---- carry-less multiplication folding (VPCLMULQDQ), shared parts ---- */

#define FOLD_TARGET __attribute__((target("pclmul,sse4.2")))

/* Shorter buffers use crc_hw. Measured here (AMD EPYC): at 256 bytes folding
 * takes less than half the time of a lone crc_hw call, and about as long as
 * back-to-back independent crc_hw calls, which the CPU overlaps; below that
 * the fixed cost of the final reductions loses. At least 256 (four zmm or
 * eight ymm registers). */
#define VPCLMUL_MIN 256
_Static_assert(VPCLMUL_MIN >= 256, "the folding loops start with 256 bytes of registers");

/* fold_k[j] = the 128-bit constant moving a remainder forward D = 16*j
 * bytes. A remainder's first 8 bytes (low qword) hold the high powers H,
 * multiplied by x^(8D+64); the last 8 (high qword) hold L, by x^8D. */
static uint64_t fold_k[33][2] __attribute__((aligned(16)));

/* x^k mod P, bit-reflected like the CRC register (bit 31 holds x^0, bit 0
 * x^31): multiplying by x is a right shift, and a bit shifted out as x^32
 * comes back as x^32 mod P = P's low 32 terms, which reflected are
 * 0x82F63B78 -- exactly the CRC register's bit step. */
static uint32_t xpow_mod(unsigned k)
{
    uint32_t v = 0x80000000u;
    while (k--)
        v = (v & 1) ? (v >> 1) ^ CRC32C_POLY : v >> 1;
    return v;
}

/* The 64-bit operand that makes a clmul multiply a reflected half by x^b.
 * With bit-reflected operands, bit i of a qword is x^(63-i), so the 127-bit
 * product comes out one bit short of a 128-bit reflected value: it stands
 * for U * V * x. A 32-bit reflected W in the low half of the qword stands for
 * V = W x^32. Hence W = x^(b-33) mod P. */
static uint64_t fold_const(unsigned b)
{
    return xpow_mod(b - 33);
}

static void build_fold_constants(void)
{
    for (unsigned j = 1; j <= 32; j++) {
        fold_k[j][0] = fold_const(8 * 16 * j + 64);
        fold_k[j][1] = fold_const(8 * 16 * j);
    }
}

/* Remainder a moved forward by the distance k was built for, XORed into b. */
FOLD_TARGET static inline __m128i fold128(__m128i a, __m128i k, __m128i b)
{
    return _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(a, k, 0x00), _mm_clmulepi64_si128(a, k, 0x11)), b);
}

/* The end of every folding path: a is one 128-bit remainder standing for
 * everything before p; n < 64 bytes are left. */
FOLD_TARGET static inline __attribute__((always_inline)) uint32_t crc_fold_finish(__m128i a, const uint8_t *p, size_t n)
{
    const __m128i k16 = _mm_load_si128((const __m128i *)fold_k[1]);
    for (; n >= 16; p += 16, n -= 16)
        a = fold128(a, k16, _mm_loadu_si128((const __m128i *)p));
    /* a is 16 bytes of message with the same CRC as everything before: run
     * them through the instruction from a zero register, then the < 16 byte
     * tail in at most four steps. */
    uint64_t c = _mm_crc32_u64(0, (uint64_t)_mm_cvtsi128_si64(a));
    c = _mm_crc32_u64(c, (uint64_t)_mm_extract_epi64(a, 1));
    if (n & 8) {
        uint64_t v;
        memcpy(&v, p, 8);
        c = _mm_crc32_u64(c, v);
        p += 8;
    }
    if (n & 4) {
        uint32_t v;
        memcpy(&v, p, 4);
        c = _mm_crc32_u32((uint32_t)c, v);
        p += 4;
    }
    if (n & 2) {
        uint16_t v;
        memcpy(&v, p, 2);
        c = _mm_crc32_u16((uint32_t)c, v);
        p += 2;
    }
    if (n & 1)
        c = _mm_crc32_u8((uint32_t)c, *p);
    return (uint32_t)c;
}

/* ---- carry-less multiplication folding (AVX-512 + VPCLMULQDQ) ---- */

#define VPCLMUL512_TARGET __attribute__((target("avx512f,avx512vl,avx512bw,vpclmulqdq,pclmul,sse4.2")))

/* Remainders a moved forward by the distance k was built for, XORed into b
 * (ternary logic 0x96 is the three-way XOR). */
VPCLMUL512_TARGET static inline __m512i fold512(__m512i a, __m512i k, __m512i b)
{
    return _mm512_ternarylogic_epi64(_mm512_clmulepi64_epi128(a, k, 0x00), _mm512_clmulepi64_epi128(a, k, 0x11), b,
                                     0x96);
}

VPCLMUL512_TARGET static inline __m512i fold_k512(int j)
{
    return _mm512_broadcast_i32x4(_mm_load_si128((const __m128i *)fold_k[j]));
}

VPCLMUL512_TARGET static uint32_t crc_vpclmul512(uint32_t crc, const uint8_t *p, size_t n)
{
    if (n < VPCLMUL_MIN)
        return crc_hw(crc, p, n);
    /* The starting register is XORed into the first 4 bytes (see the top). */
    __m512i x0 = _mm512_xor_si512(_mm512_loadu_si512(p), _mm512_zextsi128_si512(_mm_cvtsi32_si128((int)crc)));
    /* Independent remainders 64 bytes apart: a fold takes several cycles
     * but a new one can start every other cycle, so eight chains (four
     * for buffers under 512 bytes) keep the multiplier busy. */
    __m512i x1 = _mm512_loadu_si512(p + 64), x2 = _mm512_loadu_si512(p + 128), x3 = _mm512_loadu_si512(p + 192);
    p += 256;
    n -= 256;
    const __m512i k256 = fold_k512(16);
    if (n >= 256) {
        __m512i x4 = _mm512_loadu_si512(p), x5 = _mm512_loadu_si512(p + 64), x6 = _mm512_loadu_si512(p + 128),
                x7 = _mm512_loadu_si512(p + 192);
        p += 256;
        n -= 256;
        const __m512i k512 = fold_k512(32);
        for (; n >= 512; p += 512, n -= 512) {
            x0 = fold512(x0, k512, _mm512_loadu_si512(p));
            x1 = fold512(x1, k512, _mm512_loadu_si512(p + 64));
            x2 = fold512(x2, k512, _mm512_loadu_si512(p + 128));
            x3 = fold512(x3, k512, _mm512_loadu_si512(p + 192));
            x4 = fold512(x4, k512, _mm512_loadu_si512(p + 256));
            x5 = fold512(x5, k512, _mm512_loadu_si512(p + 320));
            x6 = fold512(x6, k512, _mm512_loadu_si512(p + 384));
            x7 = fold512(x7, k512, _mm512_loadu_si512(p + 448));
        }
        /* 8 -> 4: each of the first four onto the one 256 bytes on. */
        x0 = fold512(x0, k256, x4);
        x1 = fold512(x1, k256, x5);
        x2 = fold512(x2, k256, x6);
        x3 = fold512(x3, k256, x7);
    }
    for (; n >= 256; p += 256, n -= 256) {
        x0 = fold512(x0, k256, _mm512_loadu_si512(p));
        x1 = fold512(x1, k256, _mm512_loadu_si512(p + 64));
        x2 = fold512(x2, k256, _mm512_loadu_si512(p + 128));
        x3 = fold512(x3, k256, _mm512_loadu_si512(p + 192));
    }
    /* 4 -> 1: move each onto the last one (by 192, 128, 64 bytes). */
    x0 = fold512(x0, fold_k512(12), fold512(x1, fold_k512(8), fold512(x2, fold_k512(4), x3)));
    const __m512i k64 = fold_k512(4);
    for (; n >= 64; p += 64, n -= 64)
        x0 = fold512(x0, k64, _mm512_loadu_si512(p));
    /* 4 lanes -> 1: lanes 0..2 move by 48, 32, 16 bytes onto lane 3 (whose
     * constant is 0, as it stays), then the lanes are XORed together. */
    const __m512i kl = _mm512_set_epi64(0, 0, (long long)fold_k[1][1], (long long)fold_k[1][0],
                                        (long long)fold_k[2][1], (long long)fold_k[2][0], (long long)fold_k[3][1],
                                        (long long)fold_k[3][0]);
    x0 = fold512(x0, kl, _mm512_maskz_mov_epi64(0xc0, x0));
    __m256i y = _mm256_xor_si256(_mm512_castsi512_si256(x0), _mm512_extracti64x4_epi64(x0, 1));
    __m128i a = _mm_xor_si128(_mm256_castsi256_si128(y), _mm256_extracti128_si256(y, 1));
    return crc_fold_finish(a, p, n);
}

/* ---- the same folding over 256-bit registers (AVX2 + VPCLMULQDQ) ----
 * For CPUs with VPCLMULQDQ but without AVX-512 (AMD Zen 3, Intel's client
 * cores since Alder Lake): a ymm register holds two remainders, and eight
 * ymm chains 32 bytes apart cover 256 bytes per step. Without AVX-512's
 * three-way XOR each fold takes two XORs. */

#define VPCLMUL256_TARGET __attribute__((target("avx2,vpclmulqdq,pclmul,sse4.2")))

VPCLMUL256_TARGET static inline __m256i fold256(__m256i a, __m256i k, __m256i b)
{
    return _mm256_xor_si256(
        _mm256_xor_si256(_mm256_clmulepi64_epi128(a, k, 0x00), _mm256_clmulepi64_epi128(a, k, 0x11)), b);
}

VPCLMUL256_TARGET static inline __m256i fold_k256(int j)
{
    return _mm256_broadcastsi128_si256(_mm_load_si128((const __m128i *)fold_k[j]));
}

VPCLMUL256_TARGET static inline __m256i load256(const uint8_t *p)
{
    return _mm256_loadu_si256((const __m256i *)p);
}

/* Eight ymm remainders 32 bytes apart: one 256-byte step of the folding loop. */
typedef struct {
    __m256i x[8];
} ymm8_t;

#define YMM8_INLINE VPCLMUL256_TARGET static inline __attribute__((always_inline))

/* The first 256 bytes; the starting register is XORed into the first 4 bytes
 * (see the top). */
YMM8_INLINE void ymm8_load(ymm8_t *r, const uint8_t *p, uint32_t crc)
{
    for (int i = 0; i < 8; i++)
        r->x[i] = load256(p + 32 * i);
    r->x[0] = _mm256_xor_si256(r->x[0], _mm256_setr_epi32((int)crc, 0, 0, 0, 0, 0, 0, 0));
}

/* Each remainder moved 256 bytes on, onto the next 256 bytes at p. */
YMM8_INLINE void ymm8_fold(ymm8_t *r, __m256i k256, const uint8_t *p)
{
    for (int i = 0; i < 8; i++)
        r->x[i] = fold256(r->x[i], k256, load256(p + 32 * i));
}

/* 8 -> 1 as a tree: pairs 32 bytes apart, then 64, then 128, ending at the
 * place of the last one. */
YMM8_INLINE __m256i ymm8_reduce(const ymm8_t *r)
{
    const __m256i k32 = fold_k256(2), k64 = fold_k256(4);
    __m256i a = fold256(r->x[0], k32, r->x[1]), b = fold256(r->x[2], k32, r->x[3]);
    __m256i c = fold256(r->x[4], k32, r->x[5]), d = fold256(r->x[6], k32, r->x[7]);
    return fold256(fold256(a, k64, b), fold_k256(8), fold256(c, k64, d));
}

/* 2 lanes -> 1: the low one moves 16 bytes onto the high one. */
YMM8_INLINE __m128i ymm_lanes(__m256i x)
{
    return fold128(_mm256_castsi256_si128(x), _mm_load_si128((const __m128i *)fold_k[1]),
                   _mm256_extracti128_si256(x, 1));
}

VPCLMUL256_TARGET static inline uint32_t crc_fold256(uint32_t crc, const uint8_t *p, size_t n)
{
    if (n < VPCLMUL_MIN)
        return crc_hw(crc, p, n);
    ymm8_t r;
    ymm8_load(&r, p, crc);
    p += 256;
    n -= 256;
    const __m256i k256 = fold_k256(16);
    for (; n >= 256; p += 256, n -= 256)
        ymm8_fold(&r, k256, p);
    __m256i x = ymm8_reduce(&r);
    const __m256i k32 = fold_k256(2);
    for (; n >= 32; p += 32, n -= 32)
        x = fold256(x, k32, load256(p));
    return crc_fold_finish(ymm_lanes(x), p, n);
}

/* On AMD Zen 3 a 256-bit VPCLMULQDQ issues every other cycle, so folding
 * alone moves 8 bytes a cycle -- no more than the crc32 instruction. But the
 * two run on different units (vector and integer), so long buffers are cut
 * into chunks of HYB_CHUNK bytes whose first HYB_VEC bytes are folded while
 * their last 3 x HYB_SCALAR go through three crc32 chains in the same loop
 * (measured on a Zen 3 VM, best of 200 runs: 16 KiB at 16 GB/s with the
 * crc32 chains alone, 35 GB/s together; 1 MiB at 22 and 26-35 GB/s).
 * The pieces are then joined by the zero-feeding tables, as in crc_hw. */
#define HYB_VEC 8192
#define HYB_SCALAR 2048
#define HYB_CHUNK (HYB_VEC + 3 * HYB_SCALAR)
#define HYB_STEPS (HYB_VEC / 256)
_Static_assert(HYB_SCALAR == HYB_STEPS * 64, "each step folds 256 bytes and feeds 64 to each chain");

/* Z_HYB_SCALAR: feeds one scalar block's worth of zeros, to join a chunk's pieces. */
static uint32_t zeros_scalar[4][256];

VPCLMUL256_TARGET static inline uint64_t crc32_64(uint64_t c, const uint8_t *p)
{
    for (int i = 0; i < 64; i += 8) {
        uint64_t v;
        memcpy(&v, p + i, 8);
        c = _mm_crc32_u64(c, v);
    }
    return c;
}

VPCLMUL256_TARGET static uint32_t crc_hybrid_chunk(uint32_t crc, const uint8_t *p)
{
    const uint8_t *s = p + HYB_VEC; /* the three scalar blocks */
    ymm8_t r;
    ymm8_load(&r, p, crc);
    uint64_t c0 = crc32_64(0, s), c1 = crc32_64(0, s + HYB_SCALAR), c2 = crc32_64(0, s + 2 * HYB_SCALAR);
    const __m256i k256 = fold_k256(16);
    for (size_t i = 1; i < HYB_STEPS; i++) {
        ymm8_fold(&r, k256, p + 256 * i);
        c0 = crc32_64(c0, s + 64 * i);
        c1 = crc32_64(c1, s + HYB_SCALAR + 64 * i);
        c2 = crc32_64(c2, s + 2 * HYB_SCALAR + 64 * i);
    }
    uint32_t cv = crc_fold_finish(ymm_lanes(ymm8_reduce(&r)), s, 0);
    /* cv is followed by three scalar blocks, c0 by two, c1 by one. */
    return shift(zeros_scalar, shift(zeros_scalar, shift(zeros_scalar, cv) ^ (uint32_t)c0) ^ (uint32_t)c1) ^ (uint32_t)c2;
}

VPCLMUL256_TARGET static uint32_t crc_vpclmul256(uint32_t crc, const uint8_t *p, size_t n)
{
    for (; n >= HYB_CHUNK; p += HYB_CHUNK, n -= HYB_CHUNK)
        crc = crc_hybrid_chunk(crc, p);
    return crc_fold256(crc, p, n);
}

/* Whether the OS saves the vector registers on context switch (XCR0 has all
 * of `mask`'s bits): 0x06 SSE and AVX (ymm) state; 0xe6 adds AVX-512's
 * opmask, ZMM0-15 upper halves and ZMM16-31. A VM may advertise the CPU
 * features without enabling them. */
static bool os_saves(uint32_t mask)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_OSXSAVE))
        return false;
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    (void)hi;
    return (lo & mask) == mask;
}

/* ---- the zero-feeding operator as a 32x32 bit matrix: m[i] = image of bit i ---- */

static uint32_t matrix_times(const uint32_t m[32], uint32_t v)
{
    uint32_t out = 0;
    for (int i = 0; v; i++, v >>= 1)
        if (v & 1) out ^= m[i];
    return out;
}

/* Fills table with Z_len for len a power of two. */
static void build_zeros_table(uint32_t table[4][256], size_t len)
{
    uint32_t m[32], sq[32];
    for (int i = 0; i < 32; i++) { /* one zero byte: the register shifted 8 times */
        uint32_t c = 1u << i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? (c >> 1) ^ CRC32C_POLY : c >> 1;
        m[i] = c;
    }
    for (size_t n = 1; n < len; n *= 2) { /* Z_2n = Z_n . Z_n */
        for (int i = 0; i < 32; i++)
            sq[i] = matrix_times(m, m[i]);
        memcpy(m, sq, sizeof(m));
    }
    for (int k = 0; k < 4; k++)
        for (uint32_t b = 0; b < 256; b++)
            table[k][b] = matrix_times(m, b << (8 * k));
}
#endif

typedef uint32_t (*crc_fn)(uint32_t, const uint8_t *, size_t);

/* Every implementation this CPU can run, best first; sm_crc32c uses the
 * first. The portable one is always last. */
static struct {
    const char *name;
    crc_fn fn;
} impls[4];
static int impl_count;

static void add_impl(const char *name, crc_fn fn)
{
    if (impl_count == (int)(sizeof(impls) / sizeof(impls[0]))) abort(); /* a fifth one needs room */
    impls[impl_count].name = name;
    impls[impl_count].fn = fn;
    impl_count++;
}

/* Runs before main (single-threaded), so the tables and impls are
 * immutable by the time any thread checksums. */
__attribute__((constructor)) static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? (c >> 1) ^ CRC32C_POLY : c >> 1;
        crc_table[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; i++)
        for (int t = 1; t < 8; t++)
            crc_table[t][i] = crc_table[0][crc_table[t - 1][i] & 0xff] ^ (crc_table[t - 1][i] >> 8);
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("sse4.2")) {
        build_zeros_table(zeros_long, LONG_BLOCK);
        build_zeros_table(zeros_short, SHORT_BLOCK);
        build_zeros_table(zeros_scalar, HYB_SCALAR);
        build_fold_constants();
        /* Every feature named in the function's target, as the compiler may use any. */
        bool clmul = __builtin_cpu_supports("vpclmulqdq") && __builtin_cpu_supports("pclmul");
        if (clmul && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
            __builtin_cpu_supports("avx512bw") && os_saves(0xe6))
            add_impl("vpclmul512", crc_vpclmul512);
        if (clmul && __builtin_cpu_supports("avx2") && os_saves(0x06))
            add_impl("vpclmul256", crc_vpclmul256);
        add_impl("sse4.2", crc_hw);
    }
#endif
    add_impl("table", crc_sw);
}

uint32_t sm_crc32c(uint32_t crc, const void *data, size_t len)
{
    return ~impls[0].fn(~crc, (const uint8_t *)data, len);
}

/* For tests: the portable implementation regardless of the CPU. */
uint32_t sm_crc32c_sw(uint32_t crc, const void *data, size_t len)
{
    return ~crc_sw(~crc, (const uint8_t *)data, len);
}

const char *sm_crc32c_impl_name(void)
{
    return impls[0].name;
}

const char *sm_crc32c_available(int i)
{
    return i >= 0 && i < impl_count ? impls[i].name : NULL;
}

uint32_t sm_crc32c_using(int i, uint32_t crc, const void *data, size_t len)
{
    return ~impls[i].fn(~crc, (const uint8_t *)data, len);
}
