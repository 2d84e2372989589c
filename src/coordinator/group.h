/*
 * One consumer group of the classic rebalance protocol, in memory: its state
 * machine (Empty, PreparingRebalance, CompletingRebalance, Stable, Dead), its
 * members and its committed offsets, as Kafka's GroupMetadata and
 * GroupCoordinator keep them. Nothing here does I/O or locking: the
 * coordinator (coordinator.c) holds the group's shard lock around every call
 * and writes `__consumer_offsets` records when a call says the group's
 * metadata changed (g->metadata_dirty).
 *
 * Time: deadlines are monotonic milliseconds (`mono`), record timestamps wall
 * milliseconds (`wall`); both are passed in so the state machine is testable.
 */
#ifndef SM_GROUP_H
#define SM_GROUP_H

#include <stdbool.h>
#include <stdint.h>

#include "protocol/wire.h"
#include "util/map.h"

typedef enum sm_group_state {
    SM_GROUP_EMPTY,
    SM_GROUP_PREPARING_REBALANCE,
    SM_GROUP_COMPLETING_REBALANCE,
    SM_GROUP_STABLE,
    SM_GROUP_DEAD,
} sm_group_state_t;

/* Kafka's names, as DescribeGroups and ListGroups report them. */
const char *sm_group_state_name(sm_group_state_t s);

typedef struct sm_blob {
    int32_t len;
    uint8_t *data;
} sm_blob_t;

typedef struct sm_group_protocol {
    char *name;
    sm_blob_t metadata;
} sm_group_protocol_t;

typedef struct sm_member {
    char *member_id;
    char *instance_id; /* static membership (KIP-345), or NULL */
    char *client_id;
    char *client_host;
    int32_t session_timeout_ms;
    int32_t rebalance_timeout_ms;
    int32_t protocol_count;
    sm_group_protocol_t *protocols; /* in the member's order of preference */
    sm_blob_t assignment;
    bool awaiting_join;      /* a JoinGroup of this member waits for the rebalance */
    bool awaiting_sync;      /* a SyncGroup of this member waits for the leader */
    bool is_new;             /* joined during the current rebalance */
    uint64_t join_token;     /* identifies the waiting JoinGroup request */
    bool join_ready;         /* the rebalance completed: the waiting JoinGroup can be answered */
    int32_t join_generation; /* generation the answer is for */
    /* A static leader that rejoined a Stable group under a new member id
     * (KIP-814): its answer skips the assignment; this is its old id, which
     * JoinGroup < v9 names as the leader so it acts as a follower. */
    char *replaced_leader_id;
    int64_t heartbeat_deadline; /* mono: session expiry */
} sm_member_t;

/* Member ids handed out with MEMBER_ID_REQUIRED and not yet used, per group:
 * beyond this a JoinGroup gets GROUP_MAX_SIZE_REACHED, so a client looping
 * on empty-id joins cannot grow a group's memory without bound (each id
 * otherwise lives for a session timeout, up to 30 minutes). */
#define SM_GROUP_MAX_PENDING 10000

typedef struct sm_pending_member {
    char *member_id;
    int64_t deadline; /* mono */
} sm_pending_member_t;

/* A committed offset; the map key is topic bytes followed by the big-endian partition. */
typedef struct sm_committed {
    int64_t offset;
    int32_t leader_epoch;
    int64_t commit_timestamp; /* wall */
    int64_t expire_timestamp; /* wall, -1: none (retention decides) */
    int32_t metadata_len;
    char metadata[];
} sm_committed_t;

typedef struct sm_group_limits {
    int32_t min_session_timeout_ms;
    int32_t max_session_timeout_ms;
    int32_t max_size;
    int32_t initial_rebalance_delay_ms;
    int32_t new_member_join_timeout_ms; /* Kafka: 5 minutes */
} sm_group_limits_t;

typedef struct sm_group {
    char *id;
    sm_group_state_t state;
    char *protocol_type; /* NULL until a member joins (standalone commits leave it NULL) */
    char *protocol;      /* selected protocol of the current generation, or NULL */
    char *leader_id;     /* NULL when no members */
    int32_t generation;
    int64_t state_timestamp; /* wall: when the current state was entered */
    int32_t member_count;
    int32_t member_cap;
    sm_member_t **members;
    int32_t pending_count; /* member ids handed out with MEMBER_ID_REQUIRED */
    sm_pending_member_t *pending;
    int64_t rebalance_deadline; /* mono: PreparingRebalance / CompletingRebalance give-up time */
    int64_t join_delay_until;   /* mono: group.initial.rebalance.delay.ms of an empty group */
    int64_t join_delay_limit;   /* mono: the initial delay never extends past this */
    bool metadata_dirty;        /* the GroupMetadata record must be (re)written */
    sm_map_t offsets;           /* -> sm_committed_t* */
} sm_group_t;

sm_group_t *sm_group_new(const char *id, int64_t wall);
void sm_group_free(sm_group_t *g);

sm_member_t *sm_group_find_member(const sm_group_t *g, sm_str_t member_id);
sm_member_t *sm_group_find_instance(const sm_group_t *g, sm_str_t instance_id);
bool sm_group_is_pending(const sm_group_t *g, sm_str_t member_id);

/* ---- JoinGroup ---- */

typedef struct sm_join_args {
    sm_str_t member_id;
    sm_str_t instance_id; /* nullable */
    sm_str_t protocol_type;
    sm_str_t client_id;
    sm_str_t client_host;
    int32_t session_timeout_ms;
    int32_t rebalance_timeout_ms; /* -1 (v0): the session timeout */
    int32_t protocol_count;
    const sm_str_t *protocol_names;
    const sm_bytes_t *protocol_metadata;
    bool require_known_member_id; /* JoinGroup v4+ */
    uint64_t token;               /* identifies this request if it has to wait */
} sm_join_args_t;

enum { SM_JOIN_DONE = 0, SM_JOIN_WAIT = 1 };

/*
 * Handles a JoinGroup. Returns SM_JOIN_DONE with *error set (and, for
 * MEMBER_ID_REQUIRED or an immediate answer, *member set to the member), or
 * SM_JOIN_WAIT: the member awaits the end of the rebalance; its answer is
 * ready when member->join_ready (found again by args->token). `new_id` is a
 * fresh member id the caller generated, used if the member needs one.
 */
int sm_group_join(sm_group_t *g, const sm_group_limits_t *lim, const sm_join_args_t *args,
                  const char *new_id, int64_t mono, int64_t wall, int16_t *error, sm_member_t **member);

/* ---- SyncGroup, Heartbeat, LeaveGroup ---- */

typedef struct sm_sync_assignment {
    sm_str_t member_id;
    sm_bytes_t assignment;
} sm_sync_assignment_t;

/* Returns SM_JOIN_DONE with *error (and *member when NONE, whose assignment
 * is the answer) or SM_JOIN_WAIT (a follower waiting for the leader; call
 * again later with the same arguments). */
int sm_group_sync(sm_group_t *g, sm_str_t member_id, sm_str_t instance_id, int32_t generation,
                  sm_str_t protocol_type, sm_str_t protocol_name, int32_t assignment_count,
                  const sm_sync_assignment_t *assignments, int64_t mono, int64_t wall,
                  int16_t *error, sm_member_t **member);

int16_t sm_group_heartbeat(sm_group_t *g, sm_str_t member_id, sm_str_t instance_id,
                           int32_t generation, int64_t mono);

int16_t sm_group_leave(sm_group_t *g, const sm_group_limits_t *lim, sm_str_t member_id,
                       sm_str_t instance_id, int64_t mono, int64_t wall);

/* Timers: completes or gives up rebalances whose deadline passed, expires
 * members whose session timed out and pending member ids. Returns true if
 * anything changed (waiting requests should look again). */
bool sm_group_tick(sm_group_t *g, const sm_group_limits_t *lim, int64_t mono, int64_t wall);

/* ---- offsets ---- */

/* Checks whether (member, generation) may commit. Kafka's rules: a generation
 * < 0 commits into an Empty group (standalone/admin); otherwise the member
 * must belong to the current generation. Returns an error code. */
int16_t sm_group_check_commit(sm_group_t *g, sm_str_t member_id, sm_str_t instance_id,
                              int32_t generation, int64_t mono);

size_t sm_offset_key(char *buf, size_t cap, sm_str_t topic, int32_t partition);
const sm_committed_t *sm_group_offset(const sm_group_t *g, sm_str_t topic, int32_t partition);
/* Stores (replaces) a committed offset. Returns 0 or -1 (out of memory). */
int sm_group_put_offset(sm_group_t *g, sm_str_t topic, int32_t partition, int64_t offset,
                        int32_t leader_epoch, sm_str_t metadata, int64_t commit_ts, int64_t expire_ts);
bool sm_group_delete_offset(sm_group_t *g, sm_str_t topic, int32_t partition);

/* Whether any member's consumer-protocol subscription names `topic`
 * (ConsumerProtocolSubscription: version int16, topics [string], ...). */
bool sm_group_subscribed_to(const sm_group_t *g, sm_str_t topic);

/* Replaces the group's membership from a replayed GroupMetadata record. */
typedef struct sm_gr_group sm_gr_group_t;
int sm_group_restore(sm_group_t *g, const sm_gr_group_t *v, int64_t mono);

#endif
