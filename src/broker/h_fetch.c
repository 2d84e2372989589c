/*
 * Fetch: for each partition, a pinned file range of whole batches from the
 * log, sent with sendfile — the data never passes through user space.
 *
 * Limits as Kafka applies them: `PartitionMaxBytes` per partition and
 * `MaxBytes` over the response, except that the first partition with data
 * returns at least one whole batch so a consumer always progresses.
 * Long poll: with fewer than `MinBytes` available and no error, the request
 * is parked (server.c) and this handler runs again on every append or when
 * `MaxWaitMs` has passed (req->final).
 *
 * Isolation: every response carries the last stable offset; read_committed
 * (IsolationLevel 1) gets data below it only, with the aborted transactions
 * overlapping [FetchOffset, LSO) so the consumer drops their records.
 *
 * Fetch sessions (KIP-227) are not kept: a request that asks for one gets
 * SessionId 0, which tells the client no session was created, and it goes
 * on sending full requests.
 */
#include "handlers.h"
#include "protocol/errors.h"
#include "protocol/fetch.h"
#include "util/clock.h"

static void release_all(sm_FetchResponse *rs)
{
    for (int32_t i = 0; i < rs->Responses_count; i++)
        for (int32_t j = 0; j < rs->Responses[i].Partitions_count; j++) {
            sm_records_ref_t *r = &rs->Responses[i].Partitions[j].Records;
            if (r->fd >= 0 && r->release) r->release(r->ctx);
            r->fd = -1;
        }
}

/* The aborted transactions a read_committed consumer needs for [from, upto). */
static void add_aborted(sm_req_t *req, sm_partition_t *p, int64_t from, int64_t upto, sm_FetchPartitionData *out)
{
    int n = sm_log_aborted_txns(p->log, from, upto, NULL, 0);
    if (n <= 0) return;
    sm_aborted_txn_t *v = sm_arena_calloc(req->arena, (size_t)n, sizeof(*v));
    n = sm_log_aborted_txns(p->log, from, upto, v, n);
    out->AbortedTransactions = sm_arena_calloc(req->arena, (size_t)n, sizeof(*out->AbortedTransactions));
    for (int i = 0; i < n; i++)
        out->AbortedTransactions[i] = (sm_AbortedTransaction){v[i].producer_id, v[i].first_offset};
    out->AbortedTransactions_count = n;
}

static int64_t fetch_one(sm_req_t *req, sm_partition_t *p, const sm_FetchPartition *in, int32_t max_bytes,
                         bool min_one, bool read_committed, sm_FetchPartitionData *out)
{
    out->LastStableOffset = sm_log_last_stable_offset(p->log); /* before the HW: never above it */
    out->HighWatermark = sm_log_end_offset(p->log);
    out->LogStartOffset = sm_log_start_offset(p->log);
    int err = sm_check_leader_epoch(p, in->CurrentLeaderEpoch);
    if (err) {
        out->ErrorCode = (int16_t)err;
        return 0;
    }
    if (max_bytes <= 0 && !min_one) return 0;
    sm_log_slice_t s;
    int64_t upto = read_committed ? out->LastStableOffset : out->HighWatermark;
    int rc = sm_log_read(p->log, in->FetchOffset, max_bytes < 0 ? 0 : max_bytes, min_one, upto, &s);
    if (rc == SM_ERR_OFFSET_OUT_OF_RANGE) {
        out->ErrorCode = SM_ERR_OFFSET_OUT_OF_RANGE;
        return 0;
    }
    if (rc) {
        out->ErrorCode = SM_ERR_KAFKA_STORAGE_ERROR;
        return 0;
    }
    if (s.len <= 0) {
        if (s.ref) sm_log_read_release(s.ref);
        return 0;
    }
    out->Records = (sm_records_ref_t){{NULL, 0}, s.fd, s.pos, s.len, sm_log_read_release, s.ref};
    if (read_committed) add_aborted(req, p, in->FetchOffset, upto, out);
    return s.len;
}

int sm_handle_fetch(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_FetchRequest rq;
    if (sm_FetchRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad Fetch body");
        return SM_H_CLOSE;
    }
    sm_FetchResponse rs = {0};
    rs.SessionId = 0;
    if (rq.SessionId != 0) {
        rs.ErrorCode = SM_ERR_FETCH_SESSION_ID_NOT_FOUND;
    } else if (rq.SessionEpoch > 0) {
        rs.ErrorCode = SM_ERR_INVALID_FETCH_SESSION_EPOCH;
    }
    if (rs.ErrorCode) {
        sm_FetchResponse_encode(req->resp, v, &rs);
        return SM_H_RESPOND;
    }

    int64_t remaining = rq.MaxBytes < 0 ? 0 : rq.MaxBytes, total = 0;
    bool any_error = false;
    rs.Responses_count = rq.Topics_count < 0 ? 0 : rq.Topics_count;
    rs.Responses = sm_arena_calloc(req->arena, (size_t)rs.Responses_count + 1, sizeof(*rs.Responses));
    sm_topics_t *topics = req->broker->topics;
    sm_topics_rdlock(topics);
    for (int32_t i = 0; i < rs.Responses_count; i++) {
        sm_FetchTopic *t = &rq.Topics[i];
        sm_FetchableTopicResponse *ot = &rs.Responses[i];
        ot->Topic = t->Topic;
        ot->TopicId = t->TopicId;
        sm_topic_t *tp = v >= 13 ? sm_topics_find_id(topics, &t->TopicId) : sm_topics_find(topics, t->Topic);
        ot->Partitions_count = t->Partitions_count < 0 ? 0 : t->Partitions_count;
        ot->Partitions = sm_arena_calloc(req->arena, (size_t)ot->Partitions_count + 1, sizeof(*ot->Partitions));
        for (int32_t j = 0; j < ot->Partitions_count; j++) {
            const sm_FetchPartition *in = &t->Partitions[j];
            sm_FetchPartitionData *op = &ot->Partitions[j];
            op->PartitionIndex = in->Partition;
            op->HighWatermark = op->LastStableOffset = op->LogStartOffset = -1;
            op->DivergingEpoch = (sm_FetchEpochEndOffset){-1, -1};
            op->CurrentLeader = (sm_FetchLeaderIdAndEpoch){-1, -1};
            op->SnapshotId = (sm_FetchSnapshotId){-1, -1};
            op->AbortedTransactions_count = rq.IsolationLevel == 1 ? 0 : -1;
            op->PreferredReadReplica = -1;
            op->Records = SM_RECORDS_REF_MEM(((sm_bytes_t){NULL, 0}));
            sm_partition_t *p = sm_topics_partition(tp, in->Partition);
            if (!p) {
                op->ErrorCode = v >= 13 && !tp ? SM_ERR_UNKNOWN_TOPIC_ID : SM_ERR_UNKNOWN_TOPIC_OR_PARTITION;
                any_error = true;
                continue;
            }
            int32_t limit = in->PartitionMaxBytes;
            if (limit > remaining) limit = (int32_t)remaining;
            int64_t got = fetch_one(req, p, in, limit, total == 0, rq.IsolationLevel == 1, op);
            if (op->ErrorCode) any_error = true;
            total += got;
            remaining -= got;
            if (remaining < 0) remaining = 0;
        }
    }
    sm_topics_unlock(topics);

    bool enough = total >= rq.MinBytes || rq.MaxWaitMs <= 0 || any_error || req->final;
    if (!enough && !atomic_load(&req->broker->stopping)) {
        release_all(&rs);
        req->park_until_ms = sm_mono_ms() + rq.MaxWaitMs;
        return SM_H_PARK;
    }
    sm_FetchResponse_encode(req->resp, v, &rs);
    return SM_H_RESPOND;
}
