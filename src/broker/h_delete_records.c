/* DeleteRecords: moves partitions' log start offsets (Kafka's
 * deleteRecordsOnLocalLog); whole segments below them are removed by the next
 * retention pass, and log-start-offset-checkpoint is written at once so the
 * deletion survives a crash. */
#include "handlers.h"
#include "protocol/delete_records.h"
#include "protocol/errors.h"

int sm_handle_delete_records(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_DeleteRecordsRequest rq;
    if (sm_DeleteRecordsRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad DeleteRecords body");
        return SM_H_CLOSE;
    }
    sm_topics_t *topics = req->broker->topics;
    sm_DeleteRecordsResponse rs = {0};
    rs.Topics_count = rq.Topics_count;
    rs.Topics = sm_arena_calloc(req->arena, (size_t)rq.Topics_count + 1, sizeof(*rs.Topics));
    bool moved = false;
    sm_topics_rdlock(topics);
    for (int32_t i = 0; i < rq.Topics_count; i++) {
        const sm_DeleteRecordsTopic *t = &rq.Topics[i];
        sm_DeleteRecordsTopicResult *ot = &rs.Topics[i];
        ot->Name = t->Name;
        ot->Partitions_count = t->Partitions_count;
        ot->Partitions = sm_arena_calloc(req->arena, (size_t)t->Partitions_count + 1, sizeof(*ot->Partitions));
        sm_topic_t *tp = sm_topics_find(topics, t->Name);
        for (int32_t j = 0; j < t->Partitions_count; j++) {
            sm_DeleteRecordsPartitionResult *op = &ot->Partitions[j];
            op->PartitionIndex = t->Partitions[j].PartitionIndex;
            op->LowWatermark = -1;
            sm_partition_t *p = tp ? sm_topics_partition(tp, op->PartitionIndex) : NULL;
            if (!p) {
                op->ErrorCode = SM_ERR_UNKNOWN_TOPIC_OR_PARTITION;
                continue;
            }
            int64_t offset = t->Partitions[j].Offset;
            if (offset == -1) offset = sm_log_end_offset(p->log); /* -1: up to the high watermark */
            if (offset < 0) {
                op->ErrorCode = SM_ERR_OFFSET_OUT_OF_RANGE;
                continue;
            }
            op->ErrorCode = (int16_t)sm_log_advance_start(p->log, offset);
            if (!op->ErrorCode) {
                op->LowWatermark = sm_log_start_offset(p->log);
                moved = true;
            }
        }
    }
    sm_topics_unlock(topics);
    if (moved) sm_topics_checkpoint(topics);
    sm_DeleteRecordsResponse_encode(req->resp, v, &rs);
    return SM_H_RESPOND;
}
