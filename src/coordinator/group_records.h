/*
 * The records the group coordinator keeps in `__consumer_offsets`, in Kafka's
 * exact formats, so Kafka's tools and lag monitors reading the topic
 * understand them. Every key and value starts with an int16 version.
 *
 * Key v0/v1 (OffsetCommitKey):  group string, topic string, partition int32
 * Key v2    (GroupMetadataKey): group string
 *
 * OffsetCommitValue v0-4 (flexible from v4: compact strings, tagged fields):
 *   offset int64, v3+: leaderEpoch int32, metadata string,
 *   commitTimestamp int64, v1 only: expireTimestamp int64
 *
 * GroupMetadataValue v0-4 (flexible from v4):
 *   protocolType string, generation int32, protocol nullable string,
 *   leader nullable string, v2+: currentStateTimestamp int64,
 *   members [memberId string, v3+: groupInstanceId nullable string,
 *            clientId string, clientHost string, v1+: rebalanceTimeout int32,
 *            sessionTimeout int32, subscription bytes, assignment bytes]
 *
 * A null value (tombstone) deletes the key. We write OffsetCommitValue v3
 * (v1 when an expire timestamp was given, as Kafka does) and
 * GroupMetadataValue v3, Kafka's choices since 2.3.
 */
#ifndef SM_GROUP_RECORDS_H
#define SM_GROUP_RECORDS_H

#include <stdint.h>

#include "protocol/wire.h"
#include "util/arena.h"

enum { SM_GR_KEY_OFFSET = 1, SM_GR_KEY_GROUP = 2 };

typedef struct sm_gr_key {
    int kind; /* SM_GR_KEY_OFFSET or SM_GR_KEY_GROUP */
    sm_str_t group;
    sm_str_t topic;    /* offset keys */
    int32_t partition; /* offset keys */
} sm_gr_key_t;

typedef struct sm_gr_offset {
    int64_t offset;
    int32_t leader_epoch; /* -1 unknown */
    sm_str_t metadata;
    int64_t commit_timestamp;
    int64_t expire_timestamp; /* -1 none */
} sm_gr_offset_t;

typedef struct sm_gr_member {
    sm_str_t member_id;
    sm_str_t group_instance_id; /* nullable */
    sm_str_t client_id;
    sm_str_t client_host;
    int32_t rebalance_timeout;
    int32_t session_timeout;
    sm_bytes_t subscription;
    sm_bytes_t assignment;
} sm_gr_member_t;

typedef struct sm_gr_group {
    sm_str_t protocol_type;
    int32_t generation;
    sm_str_t protocol; /* nullable */
    sm_str_t leader;   /* nullable */
    int64_t current_state_timestamp;
    int32_t member_count;
    sm_gr_member_t *members;
} sm_gr_group_t;

void sm_gr_key_offset_encode(sm_wr_t *w, sm_str_t group, sm_str_t topic, int32_t partition);
void sm_gr_key_group_encode(sm_wr_t *w, sm_str_t group);
void sm_gr_offset_encode(sm_wr_t *w, const sm_gr_offset_t *v);
void sm_gr_group_encode(sm_wr_t *w, const sm_gr_group_t *v);

/* Decoders: views into p; 0 or -1 (malformed, unknown version). A key of a
 * kind we do not know (e.g. KIP-848 records, versions >= 3) returns 1. */
int sm_gr_key_decode(const uint8_t *p, size_t len, sm_gr_key_t *k);
int sm_gr_offset_decode(const uint8_t *p, size_t len, sm_gr_offset_t *v);
int sm_gr_group_decode(const uint8_t *p, size_t len, sm_arena_t *a, sm_gr_group_t *v);

#endif
