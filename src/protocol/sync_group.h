/*
 * SyncGroup (key 14), versions 0-5, flexible from 4.
 *
 * Request:  GroupId string, GenerationId int32, MemberId string,
 *           v3+: GroupInstanceId nullable string (default null),
 *           v5+: ProtocolType nullable string (default null),
 *           v5+: ProtocolName nullable string (default null),
 *           Assignments [SyncGroupRequestAssignment:
 *             MemberId string, Assignment bytes]
 * Response: v1+: ThrottleTimeMs int32,
 *           ErrorCode int16,
 *           v5+: ProtocolType nullable string (default null),
 *           v5+: ProtocolName nullable string (default null),
 *           Assignment bytes
 * In flexible versions strings, bytes and arrays use the compact forms and
 * every struct ends with a tagged-field section (no known tags: skipped on
 * decode, written empty). Versions 1-2 of the request and 2-3 of the
 * response change semantics only.
 *
 * Only the group leader sends Assignments (one per member, opaque bytes from
 * its assignor, ConsumerProtocol for "consumer" groups); followers send an
 * empty array. Assignment is not nullable in either direction: a null view
 * is written as empty bytes (an empty assignment, as Kafka sends on error).
 */
#ifndef SM_SYNC_GROUP_H
#define SM_SYNC_GROUP_H

#include "util/arena.h"
#include "wire.h"

typedef struct sm_SyncGroupRequestAssignment {
    sm_str_t MemberId;
    sm_bytes_t Assignment;
} sm_SyncGroupRequestAssignment;

typedef struct sm_SyncGroupRequest {
    sm_str_t GroupId;
    int32_t GenerationId;
    sm_str_t MemberId;
    sm_str_t GroupInstanceId; /* v3+, nullable */
    sm_str_t ProtocolType;    /* v5+, nullable */
    sm_str_t ProtocolName;    /* v5+, nullable */
    int32_t Assignments_count;
    sm_SyncGroupRequestAssignment *Assignments;
} sm_SyncGroupRequest;

typedef struct sm_SyncGroupResponse {
    int32_t ThrottleTimeMs; /* v1+ */
    int16_t ErrorCode;
    sm_str_t ProtocolType; /* v5+, nullable */
    sm_str_t ProtocolName; /* v5+, nullable */
    sm_bytes_t Assignment;
} sm_SyncGroupResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings and bytes point
 * into the reader's buffer, arrays are allocated from `a`. */
int sm_SyncGroupRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_SyncGroupRequest *m);
void sm_SyncGroupRequest_encode(sm_wr_t *w, int16_t version, const sm_SyncGroupRequest *m);
int sm_SyncGroupResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                sm_SyncGroupResponse *m);
void sm_SyncGroupResponse_encode(sm_wr_t *w, int16_t version, const sm_SyncGroupResponse *m);

#endif
