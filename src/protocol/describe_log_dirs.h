/*
 * DescribeLogDirs (key 35), versions 0-4, flexible from 2.
 *
 * Request:  Topics nullable [DescribableLogDirTopic:
 *             Topic string, Partitions [int32]]   (null = every topic)
 * Response: ThrottleTimeMs int32,
 *           v3+: ErrorCode int16 (default 0),
 *           Results [DescribeLogDirsResult:
 *             ErrorCode int16, LogDir string,
 *             Topics [DescribeLogDirsTopic:
 *               Name string,
 *               Partitions [DescribeLogDirsPartition:
 *                 PartitionIndex int32, PartitionSize int64,
 *                 OffsetLag int64, IsFutureKey bool]],
 *             v4+: TotalBytes int64 (default -1),
 *             v4+: UsableBytes int64 (default -1)]
 *
 * The request is the same in every version (v1 only changed throttling, v3
 * and v4 only added response fields). A null Topics asks for every topic; an
 * empty one for none. Kafka 4.0 advertises versions 1-4 (v0 is deprecated),
 * but the codec reads and writes v0 too.
 *
 * In flexible versions (2+) strings and arrays use the compact forms and
 * every struct ends with a tagged-field section; this API has no known tags,
 * so tags are skipped on decode and written empty. Apart from the request's
 * Topics, null arrays and null strings are rejected; encoders write a null
 * string view as "" and a negative non-nullable array count as 0. Fields
 * absent in a version decode to the defaults above and are not written.
 */
#ifndef SM_DESCRIBE_LOG_DIRS_H
#define SM_DESCRIBE_LOG_DIRS_H

#include <stdbool.h>

#include "util/arena.h"
#include "wire.h"

typedef struct sm_DescribableLogDirTopic {
    sm_str_t Topic;
    int32_t Partitions_count;
    int32_t *Partitions;
} sm_DescribableLogDirTopic;

typedef struct sm_DescribeLogDirsRequest {
    int32_t Topics_count; /* -1 = null: every topic */
    sm_DescribableLogDirTopic *Topics;
} sm_DescribeLogDirsRequest;

typedef struct sm_DescribeLogDirsPartition {
    int32_t PartitionIndex;
    int64_t PartitionSize;
    int64_t OffsetLag;
    bool IsFutureKey;
} sm_DescribeLogDirsPartition;

typedef struct sm_DescribeLogDirsTopic {
    sm_str_t Name;
    int32_t Partitions_count;
    sm_DescribeLogDirsPartition *Partitions;
} sm_DescribeLogDirsTopic;

typedef struct sm_DescribeLogDirsResult {
    int16_t ErrorCode;
    sm_str_t LogDir;
    int32_t Topics_count;
    sm_DescribeLogDirsTopic *Topics;
    int64_t TotalBytes;  /* v4+, default -1 */
    int64_t UsableBytes; /* v4+, default -1 */
} sm_DescribeLogDirsResult;

typedef struct sm_DescribeLogDirsResponse {
    int32_t ThrottleTimeMs;
    int16_t ErrorCode; /* v3+, default 0 */
    int32_t Results_count;
    sm_DescribeLogDirsResult *Results;
} sm_DescribeLogDirsResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings point into the
 * reader's buffer, arrays are allocated from `a`. */
int sm_DescribeLogDirsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                     sm_DescribeLogDirsRequest *m);
void sm_DescribeLogDirsRequest_encode(sm_wr_t *w, int16_t version,
                                      const sm_DescribeLogDirsRequest *m);
int sm_DescribeLogDirsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                      sm_DescribeLogDirsResponse *m);
void sm_DescribeLogDirsResponse_encode(sm_wr_t *w, int16_t version,
                                       const sm_DescribeLogDirsResponse *m);

#endif
