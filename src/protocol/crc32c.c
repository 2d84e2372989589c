/*
 * CRC-32C (Castagnoli), the checksum of RecordBatch v2 (records.h): reflected
 * polynomial 0x82F63B78, initial value 0xFFFFFFFF, final XOR 0xFFFFFFFF, so
 * crc32c("123456789") = 0xE3069283. sm_crc32c(sm_crc32c(0, a), b) equals the
 * CRC of a followed by b.
 *
 * Two implementations, chosen once at start-up: the SSE4.2 `crc32` instruction
 * (8 bytes per instruction) when the CPU has it, else table-driven
 * slicing-by-8 (8 bytes per step through 8 x 256 tables, built at start-up).
 * Every produce payload and every recovered segment is checksummed, so this is
 * on the hot path.
 *
 * The instruction takes 3 cycles but a new one can start every cycle, so one
 * dependent chain uses a third of it. Long buffers are cut into three equal
 * blocks checksummed as three independent chains, then joined: the CRC
 * register is linear, so crc(c, a||b) = Z_|b|(crc(c, a)) ^ crc(0, b), where
 * Z_n (feeding n zero bytes) is a 32x32 bit matrix, applied here through four
 * 256-entry tables per block length (built at start-up by squaring the
 * one-zero-byte matrix).
 */
#include "records.h"

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

static uint32_t (*crc_impl)(uint32_t, const uint8_t *, size_t) = crc_sw;

/* Runs before main (single-threaded), so the tables and crc_impl are
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
        crc_impl = crc_hw;
    }
#endif
}

uint32_t sm_crc32c(uint32_t crc, const void *data, size_t len)
{
    return ~crc_impl(~crc, (const uint8_t *)data, len);
}

/* For tests: the portable implementation regardless of the CPU. */
uint32_t sm_crc32c_sw(uint32_t crc, const void *data, size_t len)
{
    return ~crc_sw(~crc, (const uint8_t *)data, len);
}
