/*
 * JoinGroup (key 11), versions 0-9, flexible from 6.
 *
 * Request:  GroupId string, SessionTimeoutMs int32,
 *           v1+: RebalanceTimeoutMs int32 (default -1),
 *           MemberId string,
 *           v5+: GroupInstanceId nullable string (default null),
 *           ProtocolType string,
 *           Protocols [JoinGroupRequestProtocol: Name string, Metadata bytes],
 *           v8+: Reason nullable string (default null)
 * Response: v2+: ThrottleTimeMs int32,
 *           ErrorCode int16, GenerationId int32 (default -1),
 *           v7+: ProtocolType nullable string (default null),
 *           ProtocolName string (nullable from v7),
 *           Leader string,
 *           v9+: SkipAssignment bool (default false),
 *           MemberId string,
 *           Members [JoinGroupResponseMember:
 *             MemberId string,
 *             v5+: GroupInstanceId nullable string (default null),
 *             Metadata bytes]
 * In flexible versions strings, bytes and arrays use the compact forms and
 * every struct ends with a tagged-field section (no known tags: skipped on
 * decode, written empty). Request versions 2-4, 7 and 9 and response
 * versions 1, 3, 4 and 8 have the layout of the version before them and
 * change semantics only (v4+: a member joining with an empty MemberId first
 * gets MEMBER_ID_REQUIRED and must rejoin with the id it is given).
 *
 * Metadata is the opaque per-protocol subscription (ConsumerProtocol for
 * "consumer" groups), kept as a view into the request. A version without
 * RebalanceTimeoutMs decodes it as -1: Kafka then uses SessionTimeoutMs.
 * ProtocolName is not nullable in v0-6: a null view is written as "".
 * Neither bytes field is nullable: a null view is written as empty.
 */
#ifndef SM_JOIN_GROUP_H
#define SM_JOIN_GROUP_H

#include <stdbool.h>

#include "util/arena.h"
#include "wire.h"

typedef struct sm_JoinGroupRequestProtocol {
    sm_str_t Name;
    sm_bytes_t Metadata;
} sm_JoinGroupRequestProtocol;

typedef struct sm_JoinGroupRequest {
    sm_str_t GroupId;
    int32_t SessionTimeoutMs;
    int32_t RebalanceTimeoutMs; /* v1+ */
    sm_str_t MemberId;
    sm_str_t GroupInstanceId; /* v5+, nullable */
    sm_str_t ProtocolType;
    int32_t Protocols_count;
    sm_JoinGroupRequestProtocol *Protocols;
    sm_str_t Reason; /* v8+, nullable */
} sm_JoinGroupRequest;

typedef struct sm_JoinGroupResponseMember {
    sm_str_t MemberId;
    sm_str_t GroupInstanceId; /* v5+, nullable */
    sm_bytes_t Metadata;
} sm_JoinGroupResponseMember;

typedef struct sm_JoinGroupResponse {
    int32_t ThrottleTimeMs; /* v2+ */
    int16_t ErrorCode;
    int32_t GenerationId;
    sm_str_t ProtocolType; /* v7+, nullable */
    sm_str_t ProtocolName; /* nullable v7+ */
    sm_str_t Leader;
    bool SkipAssignment; /* v9+ */
    sm_str_t MemberId;
    int32_t Members_count;
    sm_JoinGroupResponseMember *Members;
} sm_JoinGroupResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings and bytes point
 * into the reader's buffer, arrays are allocated from `a`. */
int sm_JoinGroupRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_JoinGroupRequest *m);
void sm_JoinGroupRequest_encode(sm_wr_t *w, int16_t version, const sm_JoinGroupRequest *m);
int sm_JoinGroupResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                sm_JoinGroupResponse *m);
void sm_JoinGroupResponse_encode(sm_wr_t *w, int16_t version, const sm_JoinGroupResponse *m);

#endif
