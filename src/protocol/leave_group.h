/*
 * LeaveGroup (key 13), versions 0-5, flexible from 4.
 *
 * Request:  GroupId string,
 *           v0-2: MemberId string,
 *           v3+:  Members [MemberIdentity:
 *                   MemberId string,
 *                   GroupInstanceId nullable string (default null),
 *                   v5+: Reason nullable string (default null)]
 * Response: v1+: ThrottleTimeMs int32,
 *           ErrorCode int16,
 *           v3+: Members [MemberResponse:
 *                  MemberId string, GroupInstanceId nullable string,
 *                  ErrorCode int16]
 * In flexible versions strings and arrays use the compact forms and every
 * struct ends with a tagged-field section (no known tags: skipped on decode,
 * written empty). Versions 1-2 of the request and 2 and 5 of the response
 * change semantics only.
 *
 * v0-2 remove the one sending member; v3+ remove a batch, each member named
 * by MemberId and/or GroupInstanceId (KIP-345), with a per-member result.
 * The codec keeps the wire shape of each version (MemberId or Members); the
 * handler decides. Fields absent in a version decode to the schema default:
 * MemberId "" (v3+), Members empty (v0-2), Reason null (v3-4),
 * ThrottleTimeMs 0 (v0).
 */
#ifndef SM_LEAVE_GROUP_H
#define SM_LEAVE_GROUP_H

#include "util/arena.h"
#include "wire.h"

typedef struct sm_MemberIdentity {
    sm_str_t MemberId;
    sm_str_t GroupInstanceId; /* nullable */
    sm_str_t Reason;          /* v5+, nullable */
} sm_MemberIdentity;

typedef struct sm_LeaveGroupRequest {
    sm_str_t GroupId;
    sm_str_t MemberId;     /* v0-2 */
    int32_t Members_count; /* v3+ */
    sm_MemberIdentity *Members;
} sm_LeaveGroupRequest;

typedef struct sm_MemberResponse {
    sm_str_t MemberId;
    sm_str_t GroupInstanceId; /* nullable */
    int16_t ErrorCode;
} sm_MemberResponse;

typedef struct sm_LeaveGroupResponse {
    int32_t ThrottleTimeMs; /* v1+ */
    int16_t ErrorCode;
    int32_t Members_count; /* v3+ */
    sm_MemberResponse *Members;
} sm_LeaveGroupResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings point into the
 * reader's buffer, arrays are allocated from `a`. */
int sm_LeaveGroupRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                sm_LeaveGroupRequest *m);
void sm_LeaveGroupRequest_encode(sm_wr_t *w, int16_t version, const sm_LeaveGroupRequest *m);
int sm_LeaveGroupResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                 sm_LeaveGroupResponse *m);
void sm_LeaveGroupResponse_encode(sm_wr_t *w, int16_t version, const sm_LeaveGroupResponse *m);

#endif
