/*
 * WriteTxnMarkers codec; the byte layout per version is in
 * write_txn_markers.h. Array counts are checked against the smallest
 * encoding of one element, so a forged count cannot make the arena allocate
 * much more than the request.
 */
#include "write_txn_markers.h"

int sm_WriteTxnMarkersRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                     sm_WriteTxnMarkersRequest *m)
{
    bool fl = version >= 1;
    r->flexible = fl;
    m->Markers_count = sm_rd_count(r, 8 + 2 + 1 + SM_ARR_MIN(fl) + 4 + SM_TAGS_MIN(fl), false);
    m->Markers = sm_rd_alloc(a, m->Markers_count, sizeof(*m->Markers));
    for (int32_t i = 0; i < m->Markers_count && !r->err; i++) {
        sm_WritableTxnMarker *mk = &m->Markers[i];
        mk->ProducerId = sm_rd_i64(r);
        mk->ProducerEpoch = sm_rd_i16(r);
        mk->TransactionResult = sm_rd_bool(r);
        mk->Topics_count = sm_rd_count(r, SM_STR_MIN(fl) + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), false);
        mk->Topics = sm_rd_alloc(a, mk->Topics_count, sizeof(*mk->Topics));
        for (int32_t j = 0; j < mk->Topics_count && !r->err; j++) {
            mk->Topics[j].Name = sm_rd_string(r);
            mk->Topics[j].PartitionIndexes =
                sm_rd_i32_array(r, a, &mk->Topics[j].PartitionIndexes_count);
            sm_rd_tags(r);
        }
        mk->CoordinatorEpoch = sm_rd_i32(r);
        sm_rd_tags(r);
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_WriteTxnMarkersRequest_encode(sm_wr_t *w, int16_t version,
                                      const sm_WriteTxnMarkersRequest *m)
{
    w->flexible = version >= 1;
    sm_wr_count(w, m->Markers_count);
    for (int32_t i = 0; i < m->Markers_count; i++) {
        const sm_WritableTxnMarker *mk = &m->Markers[i];
        sm_wr_i64(w, mk->ProducerId);
        sm_wr_i16(w, mk->ProducerEpoch);
        sm_wr_bool(w, mk->TransactionResult);
        sm_wr_count(w, mk->Topics_count);
        for (int32_t j = 0; j < mk->Topics_count; j++) {
            sm_wr_string_nonnull(w, mk->Topics[j].Name);
            sm_wr_i32_array(w, mk->Topics[j].PartitionIndexes_count,
                            mk->Topics[j].PartitionIndexes);
            sm_wr_tags_empty(w);
        }
        sm_wr_i32(w, mk->CoordinatorEpoch);
        sm_wr_tags_empty(w);
    }
    sm_wr_tags_empty(w);
}

int sm_WriteTxnMarkersResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                      sm_WriteTxnMarkersResponse *m)
{
    bool fl = version >= 1;
    r->flexible = fl;
    m->Markers_count = sm_rd_count(r, 8 + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), false);
    m->Markers = sm_rd_alloc(a, m->Markers_count, sizeof(*m->Markers));
    for (int32_t i = 0; i < m->Markers_count && !r->err; i++) {
        sm_WritableTxnMarkerResult *mk = &m->Markers[i];
        mk->ProducerId = sm_rd_i64(r);
        mk->Topics_count = sm_rd_count(r, SM_STR_MIN(fl) + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), false);
        mk->Topics = sm_rd_alloc(a, mk->Topics_count, sizeof(*mk->Topics));
        for (int32_t j = 0; j < mk->Topics_count && !r->err; j++) {
            sm_WritableTxnMarkerTopicResult *t = &mk->Topics[j];
            t->Name = sm_rd_string(r);
            t->Partitions_count = sm_rd_count(r, 6 + SM_TAGS_MIN(fl), false);
            t->Partitions = sm_rd_alloc(a, t->Partitions_count, sizeof(*t->Partitions));
            for (int32_t k = 0; k < t->Partitions_count && !r->err; k++) {
                t->Partitions[k].PartitionIndex = sm_rd_i32(r);
                t->Partitions[k].ErrorCode = sm_rd_i16(r);
                sm_rd_tags(r);
            }
            sm_rd_tags(r);
        }
        sm_rd_tags(r);
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_WriteTxnMarkersResponse_encode(sm_wr_t *w, int16_t version,
                                       const sm_WriteTxnMarkersResponse *m)
{
    w->flexible = version >= 1;
    sm_wr_count(w, m->Markers_count);
    for (int32_t i = 0; i < m->Markers_count; i++) {
        const sm_WritableTxnMarkerResult *mk = &m->Markers[i];
        sm_wr_i64(w, mk->ProducerId);
        sm_wr_count(w, mk->Topics_count);
        for (int32_t j = 0; j < mk->Topics_count; j++) {
            const sm_WritableTxnMarkerTopicResult *t = &mk->Topics[j];
            sm_wr_string_nonnull(w, t->Name);
            sm_wr_count(w, t->Partitions_count);
            for (int32_t k = 0; k < t->Partitions_count; k++) {
                sm_wr_i32(w, t->Partitions[k].PartitionIndex);
                sm_wr_i16(w, t->Partitions[k].ErrorCode);
                sm_wr_tags_empty(w);
            }
            sm_wr_tags_empty(w);
        }
        sm_wr_tags_empty(w);
    }
    sm_wr_tags_empty(w);
}
