/*
 * Decompression of a RecordBatch v2 records section: the bytes after the
 * 61-byte batch header when Attributes bits 0-2 name a codec. What each codec
 * reads, as Kafka clients write it:
 *
 *   1 gzip    one gzip member (RFC 1952): 1f 8b 08 FLG MTIME(4) XFL OS [extra]
 *             [name] [comment] [hcrc] | deflate data | CRC32(4 LE) ISIZE(4 LE).
 *             Bytes after it, a second member included, are an error: Java's
 *             GZIPInputStream would read more members, but librdkafka
 *             (rd_gz_decompress) stops at the first, so its consumers would
 *             miss records and stall on such a batch. No client writes two.
 *   2 snappy  either snappy-java ("xerial") framing, which Kafka's Java client
 *             writes:
 *               82 'S' 'N' 'A' 'P' 'P' 'Y' 00 | version int32 BE |
 *               compatible int32 BE | { length int32 BE | raw snappy block }...
 *             or one raw snappy block, which librdkafka writes
 *             (rd_kafka_snappy_compress_iov, no framing):
 *               uncompressed length varint | literal/copy elements
 *             librdkafka and snappy-java read both. No raw block can start
 *             with the xerial magic (82 53 would announce 10626 bytes and 'N'
 *             would then be a copy with nothing before it), so the magic decides.
 *   3 lz4     one LZ4 frame: magic 04 22 4d 18 | FLG BD [content size 8]
 *             [dict id 4] HC | { block size int32 LE (bit 31 = stored) | data
 *             [checksum 4] }... | 00 00 00 00 | [content checksum 4]. Kafka's
 *             magic 0/1 writer got the header checksum wrong (KAFKA-3160); v2
 *             batches carry standard frames, read by liblz4 as they are. Bytes
 *             after the frame are an error (Kafka's reader would ignore them).
 *   4 zstd    zstd frames (RFC 8878); the content size may be absent (Java's
 *             streaming writer leaves it out, librdkafka puts it in).
 *
 * Every input is hostile: corrupt, truncated or oversized input fails, and
 * the output never grows past the caller's limit (a small "zip bomb" fails
 * as soon as it crosses the limit, having allocated at most the limit).
 *
 * Memory: the codec states (a zlib stream with its 32 KiB window, a zstd
 * context, an lz4 context) and one scratch output buffer are kept per thread
 * and reused, so steady-state produce traffic decompresses without malloc.
 * They are freed when the thread exits (pthread key destructor).
 */
#ifndef SM_COMPRESSION_H
#define SM_COMPRESSION_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/*
 * Limit on the decompressed size of one batch's records: SM_DECOMPRESS_RATIO
 * times the batch's size, at least SM_DECOMPRESS_MIN and at most
 * SM_DECOMPRESS_MAX. Why these numbers:
 *  - ratio 1024: deflate cannot exceed 1032:1, and legitimate batches get
 *    close to it (repeated JSON, zero-filled values), all the more since
 *    Java's producer sizes batches by the compressed size it estimates from
 *    the ratio it has seen, so a 16 KiB batch.size can carry many MiB of
 *    very compressible records. A lower ratio (64x, say) would reject such
 *    batches that Kafka accepts.
 *  - floor 8 MiB: small batches may compress best of all (one 1 KiB batch of
 *    zeros is 1 MiB of records); 8 MiB costs a few milliseconds at worst.
 *  - ceiling 256 MiB: bounds the memory a single produce can make one
 *    broker thread hold (the batch itself is capped by max.message.bytes,
 *    1 MiB by default, giving a 1 GiB ratio limit otherwise).
 * Kafka itself streams records and has no such limit; a batch beyond it is
 * rejected as CORRUPT_MESSAGE.
 */
#define SM_DECOMPRESS_RATIO 1024
#define SM_DECOMPRESS_MIN ((size_t)8 << 20)
#define SM_DECOMPRESS_MAX ((size_t)256 << 20)
/* A scratch buffer grown past this by one large batch is freed afterwards
 * (sm_decompress_scratch_trim) instead of being kept by the thread. */
#define SM_DECOMPRESS_RETAIN ((size_t)8 << 20)

size_t sm_decompress_limit(size_t batch_size);

/*
 * Decompresses in[0..in_len) written with `codec` (SM_COMPRESSION_GZIP ..
 * SM_COMPRESSION_ZSTD of records.h) into out, replacing its contents:
 * out->len becomes the decompressed size, out->data holds the bytes. The
 * output may be at most max_out bytes; out's capacity never grows past
 * max_out + 1 (it keeps what it had, for reuse by the next call).
 * Returns 0, or -1 if the codec is unknown, the input is corrupt, truncated
 * or followed by stray bytes, the output would exceed max_out, or memory ran
 * out. On -1 out->len is unspecified. Thread-safe (codec state is per thread).
 */
int sm_decompress(int codec, const uint8_t *in, size_t in_len, sm_buf_t *out, size_t max_out);

/*
 * sm_decompress into this thread's scratch buffer: on 0, *out and *out_len view
 * the decompressed bytes, valid until this thread's next
 * sm_decompress_scratch or sm_decompress_scratch_trim. The buffer belongs to
 * the thread and is freed when it exits.
 */
int sm_decompress_scratch(int codec, const uint8_t *in, size_t in_len, size_t max_out,
                          const uint8_t **out, size_t *out_len);

/* Compresses in[0..len) with `codec` (gzip member, raw snappy block, LZ4
 * frame, zstd frame: what clients write and every reader accepts) into out,
 * replacing its contents. 0 or -1. */
int sm_compress(int codec, const uint8_t *in, size_t len, sm_buf_t *out);

/* Releases this thread's scratch buffer if it grew past SM_DECOMPRESS_RETAIN,
 * so one large batch does not pin memory. Invalidates the last view. */
void sm_decompress_scratch_trim(void);

#endif
