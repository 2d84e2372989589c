/*
 * libFuzzer target for the group membership API codecs: FindCoordinator,
 * JoinGroup, SyncGroup, Heartbeat, LeaveGroup.
 *
 * The input format and the checks: codec_roundtrip.h.
 */
#include "protocol/find_coordinator.h"
#include "protocol/heartbeat.h"
#include "protocol/join_group.h"
#include "protocol/leave_group.h"
#include "protocol/sync_group.h"

#include "codec_roundtrip.h"

WRAP(sm_FindCoordinatorRequest)
WRAP(sm_FindCoordinatorResponse)
WRAP(sm_JoinGroupRequest)
WRAP(sm_JoinGroupResponse)
WRAP(sm_SyncGroupRequest)
WRAP(sm_SyncGroupResponse)
WRAP(sm_HeartbeatRequest)
WRAP(sm_HeartbeatResponse)
WRAP(sm_LeaveGroupRequest)
WRAP(sm_LeaveGroupResponse)

static const fuzz_api_t apis[] = {
    {0, 6, CODEC(sm_FindCoordinatorRequest), CODEC(sm_FindCoordinatorResponse)},
    {0, 9, CODEC(sm_JoinGroupRequest), CODEC(sm_JoinGroupResponse)},
    {0, 5, CODEC(sm_SyncGroupRequest), CODEC(sm_SyncGroupResponse)},
    {0, 4, CODEC(sm_HeartbeatRequest), CODEC(sm_HeartbeatResponse)},
    {0, 5, CODEC(sm_LeaveGroupRequest), CODEC(sm_LeaveGroupResponse)},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return roundtrip_apis(apis, (int)(sizeof(apis) / sizeof(apis[0])), false, data, size);
}
