/*
 * The classic group state machine, following Kafka's GroupCoordinator
 * (handleJoinGroup, handleSyncGroup, handleHeartbeat, handleLeaveGroup and
 * the delayed join/heartbeat operations). See group.h.
 */
#include "group.h"

#include <stdlib.h>
#include <string.h>

#include "group_records.h"
#include "protocol/errors.h"
#include "util/logging.h"

const char *sm_group_state_name(sm_group_state_t s)
{
    switch (s) {
    case SM_GROUP_EMPTY: return "Empty";
    case SM_GROUP_PREPARING_REBALANCE: return "PreparingRebalance";
    case SM_GROUP_COMPLETING_REBALANCE: return "CompletingRebalance";
    case SM_GROUP_STABLE: return "Stable";
    case SM_GROUP_DEAD: return "Dead";
    }
    return "Unknown";
}

static char *dup_str(sm_str_t s)
{
    if (s.len < 0) return NULL;
    char *p = malloc((size_t)s.len + 1);
    if (!p) abort();
    if (s.len) memcpy(p, s.ptr, (size_t)s.len);
    p[s.len] = 0;
    return p;
}

static sm_blob_t dup_blob(sm_bytes_t b)
{
    sm_blob_t out = {0, NULL};
    if (b.len <= 0) return out;
    out.data = malloc((size_t)b.len);
    if (!out.data) abort();
    memcpy(out.data, b.ptr, (size_t)b.len);
    out.len = b.len;
    return out;
}

static bool str_is(const char *s, sm_str_t v)
{
    if (!s) return v.len < 0;
    return v.len >= 0 && strlen(s) == (size_t)v.len && memcmp(s, v.ptr, (size_t)v.len) == 0;
}

sm_group_t *sm_group_new(const char *id, int64_t wall)
{
    sm_group_t *g = calloc(1, sizeof(*g));
    if (!g) abort();
    g->id = strdup(id);
    if (!g->id) abort();
    g->state = SM_GROUP_EMPTY;
    g->state_timestamp = wall;
    sm_map_init(&g->offsets);
    return g;
}

static void free_protocols(sm_member_t *m)
{
    for (int32_t i = 0; i < m->protocol_count; i++) {
        free(m->protocols[i].name);
        free(m->protocols[i].metadata.data);
    }
    free(m->protocols);
    m->protocols = NULL;
    m->protocol_count = 0;
}

static void member_free(sm_member_t *m)
{
    free(m->replaced_leader_id);
    free(m->member_id);
    free(m->instance_id);
    free(m->client_id);
    free(m->client_host);
    free_protocols(m);
    free(m->assignment.data);
    free(m);
}

void sm_group_free(sm_group_t *g)
{
    if (!g) return;
    for (int32_t i = 0; i < g->member_count; i++)
        member_free(g->members[i]);
    free(g->members);
    for (int32_t i = 0; i < g->pending_count; i++)
        free(g->pending[i].member_id);
    free(g->pending);
    sm_map_free(&g->offsets, free);
    free(g->id);
    free(g->protocol_type);
    free(g->protocol);
    free(g->leader_id);
    free(g);
}

sm_member_t *sm_group_find_member(const sm_group_t *g, sm_str_t member_id)
{
    for (int32_t i = 0; i < g->member_count; i++)
        if (str_is(g->members[i]->member_id, member_id)) return g->members[i];
    return NULL;
}

sm_member_t *sm_group_find_instance(const sm_group_t *g, sm_str_t instance_id)
{
    if (instance_id.len < 0) return NULL;
    for (int32_t i = 0; i < g->member_count; i++)
        if (g->members[i]->instance_id && str_is(g->members[i]->instance_id, instance_id))
            return g->members[i];
    return NULL;
}

static int pending_index(const sm_group_t *g, sm_str_t member_id)
{
    for (int32_t i = 0; i < g->pending_count; i++)
        if (str_is(g->pending[i].member_id, member_id)) return i;
    return -1;
}

bool sm_group_is_pending(const sm_group_t *g, sm_str_t member_id)
{
    return pending_index(g, member_id) >= 0;
}

static void remove_pending(sm_group_t *g, int i)
{
    free(g->pending[i].member_id);
    g->pending[i] = g->pending[--g->pending_count];
}

static void set_state(sm_group_t *g, sm_group_state_t s, int64_t wall)
{
    g->state = s;
    g->state_timestamp = wall;
}

static void set_str(char **dst, const char *src)
{
    free(*dst);
    *dst = src ? strdup(src) : NULL;
    if (src && !*dst) abort();
}

static int32_t awaiting_join_count(const sm_group_t *g)
{
    int32_t n = 0;
    for (int32_t i = 0; i < g->member_count; i++)
        n += g->members[i]->awaiting_join;
    return n;
}

/* The longest rebalance timeout of the members: how long a rebalance may take. */
static int32_t rebalance_timeout(const sm_group_t *g)
{
    int32_t t = 0;
    for (int32_t i = 0; i < g->member_count; i++)
        if (g->members[i]->rebalance_timeout_ms > t) t = g->members[i]->rebalance_timeout_ms;
    return t;
}

static const sm_group_protocol_t *member_protocol(const sm_member_t *m, const char *name)
{
    if (!name) return NULL;
    for (int32_t i = 0; i < m->protocol_count; i++)
        if (strcmp(m->protocols[i].name, name) == 0) return &m->protocols[i];
    return NULL;
}

/* A protocol every member supports (and that `extra` names, if given). */
static bool protocol_supported_by_all(const sm_group_t *g, const char *name, const sm_member_t *skip)
{
    for (int32_t i = 0; i < g->member_count; i++) {
        if (g->members[i] == skip) continue;
        if (!member_protocol(g->members[i], name)) return false;
    }
    return true;
}

/* Kafka's supportsProtocols: an empty group accepts any non-empty protocol
 * list; otherwise the type must match and one protocol must be common to all. */
static bool supports_protocols(const sm_group_t *g, const sm_join_args_t *a, const sm_member_t *self)
{
    if (a->protocol_count <= 0 || a->protocol_type.len <= 0) return false;
    int32_t others = g->member_count - (self ? 1 : 0);
    if (others <= 0) return true;
    if (!str_is(g->protocol_type, a->protocol_type)) return false;
    for (int32_t i = 0; i < a->protocol_count; i++) {
        char name[256];
        if (a->protocol_names[i].len < 0 || a->protocol_names[i].len >= (int32_t)sizeof(name)) continue;
        memcpy(name, a->protocol_names[i].ptr, (size_t)a->protocol_names[i].len);
        name[a->protocol_names[i].len] = 0;
        if (protocol_supported_by_all(g, name, self)) return true;
    }
    return false;
}

/* Kafka's selectProtocol: among the protocols all members support, each
 * member votes for its most preferred; the most votes win (first on a tie,
 * in the leader's order of preference). */
static const char *select_protocol(const sm_group_t *g)
{
    const sm_member_t *first = NULL;
    for (int32_t i = 0; i < g->member_count; i++)
        if (g->leader_id && strcmp(g->members[i]->member_id, g->leader_id) == 0) first = g->members[i];
    if (!first && g->member_count) first = g->members[0];
    if (!first) return NULL;
    const char *best = NULL;
    int best_votes = -1;
    for (int32_t c = 0; c < first->protocol_count; c++) {
        const char *cand = first->protocols[c].name;
        if (!protocol_supported_by_all(g, cand, NULL)) continue;
        int votes = 0;
        for (int32_t i = 0; i < g->member_count; i++) {
            const sm_member_t *m = g->members[i];
            for (int32_t k = 0; k < m->protocol_count; k++) {
                if (protocol_supported_by_all(g, m->protocols[k].name, NULL)) {
                    votes += strcmp(m->protocols[k].name, cand) == 0;
                    break;
                }
            }
        }
        if (votes > best_votes) {
            best_votes = votes;
            best = cand;
        }
    }
    return best;
}

static void set_protocols(sm_member_t *m, const sm_join_args_t *a)
{
    free_protocols(m);
    m->protocols = calloc((size_t)a->protocol_count, sizeof(*m->protocols));
    if (!m->protocols) abort();
    for (int32_t i = 0; i < a->protocol_count; i++) {
        m->protocols[i].name = dup_str(a->protocol_names[i].len < 0 ? SM_STR_EMPTY : a->protocol_names[i]);
        m->protocols[i].metadata = dup_blob(a->protocol_metadata[i]);
    }
    m->protocol_count = a->protocol_count;
}

static bool same_protocols(const sm_member_t *m, const sm_join_args_t *a)
{
    if (m->protocol_count != a->protocol_count) return false;
    for (int32_t i = 0; i < a->protocol_count; i++) {
        if (!str_is(m->protocols[i].name, a->protocol_names[i])) return false;
        sm_bytes_t b = a->protocol_metadata[i];
        int32_t blen = b.len < 0 ? 0 : b.len;
        if (m->protocols[i].metadata.len != blen) return false;
        if (blen && memcmp(m->protocols[i].metadata.data, b.ptr, (size_t)blen) != 0) return false;
    }
    return true;
}

static void remove_member_at(sm_group_t *g, int32_t i)
{
    sm_member_t *m = g->members[i];
    bool was_leader = g->leader_id && strcmp(g->leader_id, m->member_id) == 0;
    memmove(&g->members[i], &g->members[i + 1], (size_t)(g->member_count - i - 1) * sizeof(*g->members));
    g->member_count--;
    member_free(m);
    if (was_leader) set_str(&g->leader_id, g->member_count ? g->members[0]->member_id : NULL);
}

static void remove_member(sm_group_t *g, sm_member_t *m)
{
    for (int32_t i = 0; i < g->member_count; i++)
        if (g->members[i] == m) {
            remove_member_at(g, i);
            return;
        }
}

static void complete_join(sm_group_t *g, int64_t mono, int64_t wall);

/* Kafka's prepareRebalance. */
static void prepare_rebalance(sm_group_t *g, const sm_group_limits_t *lim, int64_t mono, int64_t wall)
{
    if (g->state == SM_GROUP_COMPLETING_REBALANCE) {
        /* assignments handed to the leader are void; waiting SyncGroups get REBALANCE_IN_PROGRESS */
        for (int32_t i = 0; i < g->member_count; i++) {
            free(g->members[i]->assignment.data);
            g->members[i]->assignment = (sm_blob_t){0, NULL};
            g->members[i]->awaiting_sync = false;
        }
    }
    int32_t timeout = rebalance_timeout(g);
    if (g->state == SM_GROUP_EMPTY && lim->initial_rebalance_delay_ms > 0) {
        int32_t delay = lim->initial_rebalance_delay_ms < timeout ? lim->initial_rebalance_delay_ms : timeout;
        g->join_delay_until = mono + delay;
        g->join_delay_limit = mono + timeout;
    } else {
        g->join_delay_until = 0;
        g->join_delay_limit = 0;
    }
    g->rebalance_deadline = mono + timeout;
    sm_info("group %s: preparing to rebalance in state %s with old generation %d (%d members)", g->id,
            sm_group_state_name(g->state), g->generation, g->member_count);
    set_state(g, SM_GROUP_PREPARING_REBALANCE, wall);
}

/* Kafka's tryCompleteJoin: every member has rejoined and no member id handed
 * out with MEMBER_ID_REQUIRED is still expected. */
static void try_complete_join(sm_group_t *g, int64_t mono, int64_t wall)
{
    if (g->state != SM_GROUP_PREPARING_REBALANCE) return;
    if (g->join_delay_until && mono < g->join_delay_until) return;
    if (awaiting_join_count(g) == g->member_count && g->pending_count == 0) complete_join(g, mono, wall);
}

static void maybe_prepare_rebalance(sm_group_t *g, const sm_group_limits_t *lim, int64_t mono, int64_t wall)
{
    if (g->state == SM_GROUP_STABLE || g->state == SM_GROUP_COMPLETING_REBALANCE ||
        g->state == SM_GROUP_EMPTY)
        prepare_rebalance(g, lim, mono, wall);
}

/* Kafka's onCompleteJoin + initNextGeneration. */
static void complete_join(sm_group_t *g, int64_t mono, int64_t wall)
{
    /* dynamic members that did not rejoin in time are out; static ones stay
     * (their next heartbeat gets ILLEGAL_GENERATION and they rejoin) */
    for (int32_t i = g->member_count - 1; i >= 0; i--)
        if (!g->members[i]->awaiting_join && !g->members[i]->instance_id) remove_member_at(g, i);
    if (g->member_count > 0 && awaiting_join_count(g) == 0) {
        /* only static members that have not rejoined: wait another rebalance
         * timeout for them (or for their sessions to expire), as Kafka does */
        g->rebalance_deadline = mono + rebalance_timeout(g);
        return;
    }
    if (g->leader_id) { /* the leader must be a member that gets this JoinGroup answer */
        sm_member_t *l = sm_group_find_member(g, sm_str(g->leader_id));
        if (!l || !l->awaiting_join) set_str(&g->leader_id, NULL);
    }
    if (!g->leader_id)
        for (int32_t i = 0; i < g->member_count && !g->leader_id; i++)
            if (g->members[i]->awaiting_join) set_str(&g->leader_id, g->members[i]->member_id);
    g->generation++;
    g->join_delay_until = g->join_delay_limit = 0;
    g->metadata_dirty = true;
    if (g->member_count == 0) {
        set_str(&g->protocol, NULL);
        set_str(&g->leader_id, NULL);
        set_state(g, SM_GROUP_EMPTY, wall);
        g->rebalance_deadline = 0;
        return;
    }
    set_str(&g->protocol, select_protocol(g));
    set_state(g, SM_GROUP_COMPLETING_REBALANCE, wall);
    sm_info("group %s: generation %d with %d members, protocol %s, leader %s", g->id, g->generation,
            g->member_count, g->protocol ? g->protocol : "(none)", g->leader_id);
    /* the leader has a rebalance timeout to send the assignment (Kafka's pending-sync timer) */
    g->rebalance_deadline = mono + rebalance_timeout(g);
    for (int32_t i = 0; i < g->member_count; i++) {
        sm_member_t *m = g->members[i];
        if (!m->awaiting_join) continue; /* a static member that did not rejoin */
        m->awaiting_join = false;
        m->is_new = false;
        m->join_ready = true;
        m->join_generation = g->generation;
        m->heartbeat_deadline = mono + m->session_timeout_ms;
    }
}

static sm_member_t *add_member(sm_group_t *g, const sm_join_args_t *a, const char *member_id,
                               int64_t mono)
{
    sm_member_t *m = calloc(1, sizeof(*m));
    if (!m) abort();
    m->member_id = strdup(member_id);
    m->instance_id = dup_str(a->instance_id);
    m->client_id = dup_str(a->client_id.len < 0 ? SM_STR_EMPTY : a->client_id);
    m->client_host = dup_str(a->client_host.len < 0 ? SM_STR_EMPTY : a->client_host);
    if (!m->member_id) abort();
    m->session_timeout_ms = a->session_timeout_ms;
    m->rebalance_timeout_ms = a->rebalance_timeout_ms;
    set_protocols(m, a);
    if (g->member_count == g->member_cap) {
        g->member_cap = g->member_cap ? g->member_cap * 2 : 4;
        g->members = realloc(g->members, (size_t)g->member_cap * sizeof(*g->members));
        if (!g->members) abort();
    }
    g->members[g->member_count++] = m;
    if (g->member_count == 1) set_str(&g->protocol_type, NULL);
    if (!g->protocol_type) g->protocol_type = dup_str(a->protocol_type);
    if (!g->leader_id) set_str(&g->leader_id, m->member_id);
    (void)mono;
    return m;
}

static void await_join(sm_member_t *m, const sm_join_args_t *a, const sm_group_limits_t *lim, int64_t mono)
{
    free(m->replaced_leader_id);
    m->replaced_leader_id = NULL;
    m->awaiting_join = true;
    m->join_ready = false;
    m->join_token = a->token;
    /* a new member that never completes its join is dropped after Kafka's
     * new-member timeout; a known one after its session timeout */
    m->heartbeat_deadline = mono + (m->is_new ? lim->new_member_join_timeout_ms : m->session_timeout_ms);
}

static bool accept_joining_member(const sm_group_t *g, const sm_group_limits_t *lim, const sm_member_t *m)
{
    switch (g->state) {
    case SM_GROUP_EMPTY:
    case SM_GROUP_DEAD: return true;
    case SM_GROUP_PREPARING_REBALANCE:
        return (m && m->awaiting_join) || awaiting_join_count(g) < lim->max_size;
    default: return m != NULL || g->member_count < lim->max_size;
    }
}

static void add_member_and_rebalance(sm_group_t *g, const sm_group_limits_t *lim, const sm_join_args_t *a,
                                     const char *member_id, int64_t mono, int64_t wall, sm_member_t **out)
{
    sm_member_t *m = add_member(g, a, member_id, mono);
    m->is_new = true;
    await_join(m, a, lim, mono);
    if (g->state == SM_GROUP_PREPARING_REBALANCE && g->join_delay_until) {
        /* Kafka's InitialDelayedJoin: each new member extends the delay, up to the rebalance timeout */
        int64_t until = mono + lim->initial_rebalance_delay_ms;
        g->join_delay_until = until < g->join_delay_limit ? until : g->join_delay_limit;
    }
    maybe_prepare_rebalance(g, lim, mono, wall);
    try_complete_join(g, mono, wall);
    *out = m;
}

static void update_member_and_rebalance(sm_group_t *g, const sm_group_limits_t *lim, sm_member_t *m,
                                        const sm_join_args_t *a, int64_t mono, int64_t wall)
{
    set_protocols(m, a);
    m->session_timeout_ms = a->session_timeout_ms;
    m->rebalance_timeout_ms = a->rebalance_timeout_ms;
    await_join(m, a, lim, mono);
    maybe_prepare_rebalance(g, lim, mono, wall);
    try_complete_join(g, mono, wall);
}

/* Answer for a known member joining with unchanged metadata: the current generation. */
static int join_current(sm_group_t *g, sm_member_t *m, const sm_join_args_t *a, int64_t mono,
                        int16_t *error, sm_member_t **member)
{
    m->join_token = a->token;
    m->join_ready = true;
    m->join_generation = g->generation;
    m->heartbeat_deadline = mono + m->session_timeout_ms;
    *error = SM_ERR_NONE;
    *member = m;
    return SM_JOIN_DONE;
}

/* A static member (known instance id) joining with an unknown member id:
 * Kafka's updateStaticMemberAndRebalance. The old member id is replaced. */
static int join_static_known(sm_group_t *g, const sm_group_limits_t *lim, sm_member_t *m,
                             const sm_join_args_t *a, const char *new_id, int64_t mono, int64_t wall,
                             int16_t *error, sm_member_t **member)
{
    bool was_leader = g->leader_id && strcmp(g->leader_id, m->member_id) == 0;
    char *old_id = m->member_id;
    m->member_id = NULL;
    set_str(&m->member_id, new_id);
    if (was_leader) set_str(&g->leader_id, new_id);
    free(m->client_id);
    m->client_id = dup_str(a->client_id.len < 0 ? SM_STR_EMPTY : a->client_id);
    *member = m;
    if (g->state == SM_GROUP_STABLE) {
        /* does the group's protocol stay the same with the new metadata? */
        set_protocols(m, a);
        m->session_timeout_ms = a->session_timeout_ms;
        m->rebalance_timeout_ms = a->rebalance_timeout_ms;
        const char *selected = select_protocol(g);
        if (selected && g->protocol && strcmp(selected, g->protocol) == 0) {
            g->metadata_dirty = true; /* persist the new member id */
            free(m->replaced_leader_id);
            m->replaced_leader_id = was_leader ? old_id : NULL;
            if (!was_leader) free(old_id);
            return join_current(g, m, a, mono, error, member);
        }
        free(old_id);
        await_join(m, a, lim, mono);
        maybe_prepare_rebalance(g, lim, mono, wall);
        try_complete_join(g, mono, wall);
        return m->join_ready ? join_current(g, m, a, mono, error, member) : SM_JOIN_WAIT;
    }
    free(old_id);
    if (g->state == SM_GROUP_COMPLETING_REBALANCE || g->state == SM_GROUP_PREPARING_REBALANCE) {
        /* the leader may already hold the old member id: rebalance again */
        update_member_and_rebalance(g, lim, m, a, mono, wall);
        return m->join_ready ? join_current(g, m, a, mono, error, member) : SM_JOIN_WAIT;
    }
    *error = SM_ERR_UNKNOWN_MEMBER_ID;
    return SM_JOIN_DONE;
}

int sm_group_join(sm_group_t *g, const sm_group_limits_t *lim, const sm_join_args_t *a,
                  const char *new_id, int64_t mono, int64_t wall, int16_t *error, sm_member_t **member)
{
    *member = NULL;
    *error = SM_ERR_NONE;
    if (a->session_timeout_ms < lim->min_session_timeout_ms ||
        a->session_timeout_ms > lim->max_session_timeout_ms) {
        *error = SM_ERR_INVALID_SESSION_TIMEOUT;
        return SM_JOIN_DONE;
    }
    if (g->state == SM_GROUP_DEAD) {
        *error = SM_ERR_COORDINATOR_NOT_AVAILABLE;
        return SM_JOIN_DONE;
    }
    bool unknown_id = a->member_id.len <= 0;
    sm_member_t *self = unknown_id ? NULL : sm_group_find_member(g, a->member_id);
    if (!supports_protocols(g, a, self)) {
        *error = SM_ERR_INCONSISTENT_GROUP_PROTOCOL;
        return SM_JOIN_DONE;
    }
    sm_member_t *by_instance = sm_group_find_instance(g, a->instance_id);

    if (unknown_id) {
        if (by_instance) return join_static_known(g, lim, by_instance, a, new_id, mono, wall, error, member);
        if (!accept_joining_member(g, lim, NULL) || g->member_count + g->pending_count >= lim->max_size ||
            g->pending_count >= SM_GROUP_MAX_PENDING) {
            *error = SM_ERR_GROUP_MAX_SIZE_REACHED;
            return SM_JOIN_DONE;
        }
        if (a->require_known_member_id && a->instance_id.len < 0) {
            /* KIP-394: hand out the id; the member joins again with it */
            g->pending = realloc(g->pending, (size_t)(g->pending_count + 1) * sizeof(*g->pending));
            if (!g->pending) abort();
            g->pending[g->pending_count].member_id = strdup(new_id);
            if (!g->pending[g->pending_count].member_id) abort();
            g->pending[g->pending_count].deadline = mono + a->session_timeout_ms;
            g->pending_count++;
            *error = SM_ERR_MEMBER_ID_REQUIRED;
            return SM_JOIN_DONE;
        }
        add_member_and_rebalance(g, lim, a, new_id, mono, wall, member);
        return (*member)->join_ready ? join_current(g, *member, a, mono, error, member) : SM_JOIN_WAIT;
    }

    /* a known member id */
    if (a->instance_id.len >= 0) {
        if (by_instance && !str_is(by_instance->member_id, a->member_id)) {
            *error = SM_ERR_FENCED_INSTANCE_ID;
            return SM_JOIN_DONE;
        }
    }
    int pi = pending_index(g, a->member_id);
    if (pi >= 0) {
        if (!accept_joining_member(g, lim, NULL)) {
            *error = SM_ERR_GROUP_MAX_SIZE_REACHED;
            return SM_JOIN_DONE;
        }
        char *id = g->pending[pi].member_id;
        g->pending[pi].member_id = NULL;
        g->pending[pi] = g->pending[--g->pending_count];
        add_member_and_rebalance(g, lim, a, id, mono, wall, member);
        free(id);
        return (*member)->join_ready ? join_current(g, *member, a, mono, error, member) : SM_JOIN_WAIT;
    }
    if (!self) {
        *error = SM_ERR_UNKNOWN_MEMBER_ID;
        return SM_JOIN_DONE;
    }
    if (!accept_joining_member(g, lim, self)) {
        *error = SM_ERR_GROUP_MAX_SIZE_REACHED;
        return SM_JOIN_DONE;
    }
    *member = self;
    switch (g->state) {
    case SM_GROUP_PREPARING_REBALANCE:
        update_member_and_rebalance(g, lim, self, a, mono, wall);
        break;
    case SM_GROUP_COMPLETING_REBALANCE:
        /* the same metadata: the member missed the JoinGroup answer; repeat it */
        if (same_protocols(self, a)) return join_current(g, self, a, mono, error, member);
        update_member_and_rebalance(g, lim, self, a, mono, wall);
        break;
    case SM_GROUP_STABLE: {
        bool is_leader = g->leader_id && strcmp(g->leader_id, self->member_id) == 0;
        if (!is_leader && same_protocols(self, a)) return join_current(g, self, a, mono, error, member);
        update_member_and_rebalance(g, lim, self, a, mono, wall);
        break;
    }
    default:
        *error = SM_ERR_UNKNOWN_MEMBER_ID;
        return SM_JOIN_DONE;
    }
    return self->join_ready ? join_current(g, self, a, mono, error, member) : SM_JOIN_WAIT;
}

/* Static members must present the member id currently bound to their instance id. */
static int16_t check_member(const sm_group_t *g, sm_str_t member_id, sm_str_t instance_id, sm_member_t **out)
{
    *out = NULL;
    if (instance_id.len >= 0) { /* Kafka's validateMember */
        sm_member_t *bi = sm_group_find_instance(g, instance_id);
        if (!bi) return SM_ERR_UNKNOWN_MEMBER_ID;
        if (!str_is(bi->member_id, member_id)) return SM_ERR_FENCED_INSTANCE_ID;
    }
    sm_member_t *m = sm_group_find_member(g, member_id);
    if (!m) return SM_ERR_UNKNOWN_MEMBER_ID;
    *out = m;
    return SM_ERR_NONE;
}

int sm_group_sync(sm_group_t *g, sm_str_t member_id, sm_str_t instance_id, int32_t generation,
                  sm_str_t protocol_type, sm_str_t protocol_name, int32_t assignment_count,
                  const sm_sync_assignment_t *assignments, int64_t mono, int64_t wall,
                  int16_t *error, sm_member_t **member)
{
    (void)wall;
    *member = NULL;
    sm_member_t *m;
    *error = check_member(g, member_id, instance_id, &m);
    if (*error) return SM_JOIN_DONE;
    if (generation != g->generation) {
        *error = SM_ERR_ILLEGAL_GENERATION;
        return SM_JOIN_DONE;
    }
    if ((protocol_type.len >= 0 && !str_is(g->protocol_type, protocol_type)) ||
        (protocol_name.len >= 0 && !str_is(g->protocol, protocol_name))) {
        *error = SM_ERR_INCONSISTENT_GROUP_PROTOCOL;
        return SM_JOIN_DONE;
    }
    switch (g->state) {
    case SM_GROUP_EMPTY:
    case SM_GROUP_DEAD: *error = SM_ERR_UNKNOWN_MEMBER_ID; return SM_JOIN_DONE;
    case SM_GROUP_PREPARING_REBALANCE: *error = SM_ERR_REBALANCE_IN_PROGRESS; return SM_JOIN_DONE;
    case SM_GROUP_COMPLETING_REBALANCE:
        m->heartbeat_deadline = mono + m->session_timeout_ms;
        if (g->leader_id && strcmp(g->leader_id, m->member_id) == 0) {
            /* the leader's assignment: members it left out get an empty one */
            for (int32_t i = 0; i < g->member_count; i++) {
                free(g->members[i]->assignment.data);
                g->members[i]->assignment = (sm_blob_t){0, NULL};
            }
            for (int32_t i = 0; i < assignment_count; i++) {
                sm_member_t *t = sm_group_find_member(g, assignments[i].member_id);
                if (!t) continue;
                free(t->assignment.data);
                t->assignment = dup_blob(assignments[i].assignment);
            }
            for (int32_t i = 0; i < g->member_count; i++)
                g->members[i]->awaiting_sync = false;
            set_state(g, SM_GROUP_STABLE, wall);
            g->rebalance_deadline = 0;
            g->metadata_dirty = true;
            *member = m;
            return SM_JOIN_DONE;
        }
        m->awaiting_sync = true;
        return SM_JOIN_WAIT;
    case SM_GROUP_STABLE:
        m->heartbeat_deadline = mono + m->session_timeout_ms;
        m->awaiting_sync = false;
        *member = m;
        return SM_JOIN_DONE;
    }
    *error = SM_ERR_UNKNOWN_SERVER_ERROR;
    return SM_JOIN_DONE;
}

int16_t sm_group_heartbeat(sm_group_t *g, sm_str_t member_id, sm_str_t instance_id,
                           int32_t generation, int64_t mono)
{
    if (g->state == SM_GROUP_DEAD || g->state == SM_GROUP_EMPTY) return SM_ERR_UNKNOWN_MEMBER_ID;
    sm_member_t *m;
    int16_t err = check_member(g, member_id, instance_id, &m);
    if (err) return err;
    if (generation != g->generation) return SM_ERR_ILLEGAL_GENERATION;
    m->heartbeat_deadline = mono + m->session_timeout_ms;
    if (g->state == SM_GROUP_PREPARING_REBALANCE) return SM_ERR_REBALANCE_IN_PROGRESS;
    return SM_ERR_NONE;
}

/* A member is gone (left, or its session expired): Kafka's removeMemberAndUpdateGroup. */
static void member_gone(sm_group_t *g, sm_member_t *m, const sm_group_limits_t *lim, int64_t mono, int64_t wall)
{
    remove_member(g, m);
    switch (g->state) {
    case SM_GROUP_STABLE:
    case SM_GROUP_COMPLETING_REBALANCE: prepare_rebalance(g, lim, mono, wall); break;
    default: break;
    }
    if (g->state == SM_GROUP_PREPARING_REBALANCE) {
        if (g->member_count == 0) g->join_delay_until = 0;
        try_complete_join(g, mono, wall);
    }
}

int16_t sm_group_leave(sm_group_t *g, const sm_group_limits_t *lim, sm_str_t member_id,
                       sm_str_t instance_id, int64_t mono, int64_t wall)
{
    if (g->state == SM_GROUP_DEAD) return SM_ERR_COORDINATOR_NOT_AVAILABLE;
    sm_member_t *m = NULL;
    if (instance_id.len >= 0) {
        m = sm_group_find_instance(g, instance_id);
        if (!m) return SM_ERR_UNKNOWN_MEMBER_ID;
        /* KIP-345: an admin removal names the instance only (UNKNOWN_MEMBER_ID "") */
        if (member_id.len > 0 && !str_is(m->member_id, member_id)) return SM_ERR_FENCED_INSTANCE_ID;
    } else {
        int pi = pending_index(g, member_id);
        if (pi >= 0) {
            remove_pending(g, pi);
            try_complete_join(g, mono, wall);
            return SM_ERR_NONE;
        }
        m = sm_group_find_member(g, member_id);
        if (!m) return SM_ERR_UNKNOWN_MEMBER_ID;
    }
    member_gone(g, m, lim, mono, wall);
    return SM_ERR_NONE;
}

bool sm_group_tick(sm_group_t *g, const sm_group_limits_t *lim, int64_t mono, int64_t wall)
{
    bool changed = false;
    for (int32_t i = g->pending_count - 1; i >= 0; i--) {
        if (mono >= g->pending[i].deadline) {
            remove_pending(g, i);
            changed = true;
        }
    }
    if (g->state == SM_GROUP_PREPARING_REBALANCE) {
        if (g->join_delay_until && mono >= g->join_delay_until) {
            g->join_delay_until = 0;
            changed = true;
        }
        if (mono >= g->rebalance_deadline) {
            complete_join(g, mono, wall);
            changed = true;
        } else if (changed) {
            try_complete_join(g, mono, wall);
        }
    } else if (g->state == SM_GROUP_COMPLETING_REBALANCE && mono >= g->rebalance_deadline) {
        /* the leader never sent its assignment: members that did not sync are out, start over */
        for (int32_t i = g->member_count - 1; i >= 0; i--)
            if (!g->members[i]->awaiting_sync &&
                !(g->leader_id && strcmp(g->leader_id, g->members[i]->member_id) == 0))
                remove_member_at(g, i);
        if (g->leader_id) {
            sm_member_t *leader = sm_group_find_member(g, sm_str(g->leader_id));
            if (leader) remove_member(g, leader);
        }
        prepare_rebalance(g, lim, mono, wall);
        try_complete_join(g, mono, wall);
        changed = true;
    }
    for (int32_t i = g->member_count - 1; i >= 0; i--) {
        sm_member_t *m = g->members[i];
        /* members whose JoinGroup or SyncGroup waits are kept alive by it (Kafka's
         * shouldKeepAlive), except new members, bounded by the new-member timeout */
        if ((m->awaiting_join && !m->is_new) || m->awaiting_sync) continue;
        if (mono < m->heartbeat_deadline) continue;
        sm_info("group %s: member %s has not heartbeated within its session timeout (%d ms); removing it",
                g->id, m->member_id, m->session_timeout_ms);
        member_gone(g, m, lim, mono, wall);
        changed = true;
    }
    return changed;
}

int16_t sm_group_check_commit(sm_group_t *g, sm_str_t member_id, sm_str_t instance_id,
                              int32_t generation, int64_t mono)
{
    if (g->state == SM_GROUP_DEAD) return SM_ERR_COORDINATOR_NOT_AVAILABLE;
    if (generation < 0 && g->state == SM_GROUP_EMPTY) return SM_ERR_NONE;
    /* Kafka's validateOffsetCommit: the member and generation first */
    sm_member_t *m;
    int16_t err = check_member(g, member_id, instance_id, &m);
    if (err) return err;
    if (generation != g->generation) return SM_ERR_ILLEGAL_GENERATION;
    if (g->state == SM_GROUP_COMPLETING_REBALANCE) return SM_ERR_REBALANCE_IN_PROGRESS;
    /* unlike Kafka's old coordinator, Kafka 4's does not count a commit as a
     * heartbeat: a closing static member's final commit does not extend its session */
    (void)mono;
    (void)m;
    return SM_ERR_NONE;
}

size_t sm_offset_key(char *buf, size_t cap, sm_str_t topic, int32_t partition)
{
    size_t tl = topic.len > 0 ? (size_t)topic.len : 0;
    if (tl + 4 > cap) tl = cap - 4; /* callers size buf for the longest topic name */
    if (tl) memcpy(buf, topic.ptr, tl);
    sm_put_be32((uint8_t *)buf + tl, (uint32_t)partition);
    return tl + 4;
}

#define OFFSET_KEY_MAX (32768 + 4)

const sm_committed_t *sm_group_offset(const sm_group_t *g, sm_str_t topic, int32_t partition)
{
    char key[OFFSET_KEY_MAX];
    size_t n = sm_offset_key(key, sizeof(key), topic, partition);
    return sm_map_get(&g->offsets, key, n);
}

int sm_group_put_offset(sm_group_t *g, sm_str_t topic, int32_t partition, int64_t offset,
                        int32_t leader_epoch, sm_str_t metadata, int64_t commit_ts, int64_t expire_ts)
{
    char key[OFFSET_KEY_MAX];
    size_t n = sm_offset_key(key, sizeof(key), topic, partition);
    int32_t mlen = metadata.len > 0 ? metadata.len : 0;
    sm_committed_t *c = malloc(sizeof(*c) + (size_t)mlen + 1);
    if (!c) return -1;
    c->offset = offset;
    c->leader_epoch = leader_epoch;
    c->commit_timestamp = commit_ts;
    c->expire_timestamp = expire_ts;
    c->metadata_len = mlen;
    if (mlen) memcpy(c->metadata, metadata.ptr, (size_t)mlen);
    c->metadata[mlen] = 0;
    sm_map_entry_t *e = sm_map_upsert(&g->offsets, key, n, NULL);
    if (!e) {
        free(c);
        return -1;
    }
    free(e->value);
    e->value = c;
    return 0;
}

bool sm_group_delete_offset(sm_group_t *g, sm_str_t topic, int32_t partition)
{
    char key[OFFSET_KEY_MAX];
    size_t n = sm_offset_key(key, sizeof(key), topic, partition);
    void *v = sm_map_remove(&g->offsets, key, n);
    free(v);
    return v != NULL;
}

/* ConsumerProtocolSubscription: version int16, topics [string] (classic
 * encoding in every version). A subscription that cannot be read counts as
 * naming the topic, as Kafka's isSubscribedToTopic plays it safe. */
static bool subscription_names(const sm_blob_t *b, sm_str_t topic)
{
    sm_rd_t r;
    sm_rd_init(&r, b->data, b->len > 0 ? (size_t)b->len : 0, false);
    (void)sm_rd_i16(&r);
    int32_t n = sm_rd_i32(&r);
    if (r.err || n < 0) return true;
    for (int32_t i = 0; i < n; i++) {
        sm_str_t t = sm_rd_string(&r);
        if (r.err) return true;
        if (sm_str_equal(t, topic)) return true;
    }
    return false;
}

bool sm_group_subscribed_to(const sm_group_t *g, sm_str_t topic)
{
    if (!g->protocol_type || strcmp(g->protocol_type, "consumer") != 0) return false;
    for (int32_t i = 0; i < g->member_count; i++) {
        const sm_member_t *m = g->members[i];
        const sm_group_protocol_t *p = member_protocol(m, g->protocol);
        if (!p && m->protocol_count) p = &m->protocols[0];
        if (!p || subscription_names(&p->metadata, topic)) return true;
    }
    return false;
}

int sm_group_restore(sm_group_t *g, const sm_gr_group_t *v, int64_t mono)
{
    for (int32_t i = 0; i < g->member_count; i++)
        member_free(g->members[i]);
    g->member_count = 0;
    set_str(&g->protocol_type, NULL);
    g->protocol_type = dup_str(v->protocol_type);
    set_str(&g->protocol, NULL);
    g->protocol = dup_str(v->protocol);
    set_str(&g->leader_id, NULL);
    g->leader_id = dup_str(v->leader);
    g->generation = v->generation;
    g->state_timestamp = v->current_state_timestamp;
    for (int32_t i = 0; i < v->member_count; i++) {
        const sm_gr_member_t *rm = &v->members[i];
        sm_str_t pname = v->protocol.len >= 0 ? v->protocol : SM_STR_EMPTY;
        sm_join_args_t a = {.member_id = rm->member_id, .instance_id = rm->group_instance_id,
                            .protocol_type = v->protocol_type, .client_id = rm->client_id,
                            .client_host = rm->client_host, .session_timeout_ms = rm->session_timeout,
                            .rebalance_timeout_ms = rm->rebalance_timeout >= 0 ? rm->rebalance_timeout
                                                                               : rm->session_timeout,
                            .protocol_count = 1, .protocol_names = &pname,
                            .protocol_metadata = &rm->subscription};
        char *id = dup_str(rm->member_id);
        sm_member_t *m = add_member(g, &a, id, mono);
        free(id);
        m->assignment = dup_blob(rm->assignment);
        m->heartbeat_deadline = mono + m->session_timeout_ms;
    }
    if (g->leader_id && !sm_group_find_member(g, sm_str(g->leader_id)))
        set_str(&g->leader_id, g->member_count ? g->members[0]->member_id : NULL);
    g->state = g->member_count ? SM_GROUP_STABLE : SM_GROUP_EMPTY;
    return 0; /* a state timestamp of -1 (records before v2) stays "unknown" */
}
