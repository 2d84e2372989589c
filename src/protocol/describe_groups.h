/*
 * DescribeGroups (key 15), versions 0-5, flexible from 5.
 *
 * Request:  Groups [string],
 *           v3+: IncludeAuthorizedOperations bool (default false)
 * Response: v1+: ThrottleTimeMs int32,
 *           Groups [DescribedGroup:
 *             ErrorCode int16, GroupId string, GroupState string,
 *             ProtocolType string, ProtocolData string,
 *             Members [DescribedGroupMember:
 *               MemberId string,
 *               v4+: GroupInstanceId nullable string (default null),
 *               ClientId string, ClientHost string,
 *               MemberMetadata bytes, MemberAssignment bytes],
 *             v3+: AuthorizedOperations int32 (default INT32_MIN,
 *               i.e. "not requested")]
 *
 * MemberMetadata and MemberAssignment are opaque to the broker (for the
 * "consumer" protocol type they are the ConsumerProtocol subscription and
 * assignment) and are views into the buffer. They are not nullable: the
 * encoder writes a null view as empty bytes. GroupState, ProtocolType and
 * ProtocolData are "" when unknown, never null.
 *
 * In the flexible version (5) strings, bytes and arrays use the compact
 * forms and every struct ends with a tagged-field section; this API has no
 * known tags, so tags are skipped on decode and written empty. Fields absent
 * in a version decode to the schema default. Null arrays and null
 * non-nullable strings are rejected; encoders write a null view of a
 * non-nullable string as "" and a negative array count as 0.
 */
#ifndef SM_DESCRIBE_GROUPS_H
#define SM_DESCRIBE_GROUPS_H

#include <stdbool.h>

#include "util/arena.h"
#include "wire.h"

typedef struct sm_DescribeGroupsRequest {
    int32_t Groups_count;
    sm_str_t *Groups;
    bool IncludeAuthorizedOperations; /* v3+ */
} sm_DescribeGroupsRequest;

typedef struct sm_DescribedGroupMember {
    sm_str_t MemberId;
    sm_str_t GroupInstanceId; /* v4+, nullable, default null */
    sm_str_t ClientId;
    sm_str_t ClientHost;
    sm_bytes_t MemberMetadata;
    sm_bytes_t MemberAssignment;
} sm_DescribedGroupMember;

typedef struct sm_DescribedGroup {
    int16_t ErrorCode;
    sm_str_t GroupId;
    sm_str_t GroupState;
    sm_str_t ProtocolType;
    sm_str_t ProtocolData;
    int32_t Members_count;
    sm_DescribedGroupMember *Members;
    int32_t AuthorizedOperations; /* v3+, default INT32_MIN */
} sm_DescribedGroup;

typedef struct sm_DescribeGroupsResponse {
    int32_t ThrottleTimeMs; /* v1+ */
    int32_t Groups_count;
    sm_DescribedGroup *Groups;
} sm_DescribeGroupsResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings point into the
 * reader's buffer, arrays are allocated from `a`. */
int sm_DescribeGroupsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                    sm_DescribeGroupsRequest *m);
void sm_DescribeGroupsRequest_encode(sm_wr_t *w, int16_t version,
                                     const sm_DescribeGroupsRequest *m);
int sm_DescribeGroupsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                     sm_DescribeGroupsResponse *m);
void sm_DescribeGroupsResponse_encode(sm_wr_t *w, int16_t version,
                                      const sm_DescribeGroupsResponse *m);

#endif
