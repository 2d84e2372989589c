/*
 * Reading a whole log back record by record: how the coordinators rebuild
 * their state from `__consumer_offsets` and `__transaction_state` at start.
 * Reads 1 MiB slices (at least one whole batch), decompresses compressed
 * batches into the thread's scratch buffer (trimmed at the end), and stops
 * at the end offset seen when it started. Control batches (transaction
 * markers) are passed on too: callers tell them by h->Attributes.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "log.h"
#include "protocol/compression.h"
#include "protocol/records.h"
#include "util/logging.h"

static void scan_batch(const uint8_t *batch, size_t len, const sm_batch_header_t *h, sm_log_record_fn fn,
                       void *opaque)
{
    const uint8_t *recs = batch + SM_BATCH_HEADER_SIZE;
    size_t rlen = len - SM_BATCH_HEADER_SIZE;
    int codec = h->Attributes & SM_ATTR_COMPRESSION_MASK;
    if (codec && sm_decompress_scratch(codec, recs, rlen, sm_decompress_limit(len), &recs, &rlen)) {
        sm_warn("log scan: skipping an undecompressible batch at offset %lld", (long long)h->BaseOffset);
        return;
    }
    size_t pos = 0;
    sm_record_t rec;
    int rc;
    while ((rc = sm_record_next(recs, rlen, &pos, &rec)) == 1) fn(h, &rec, opaque);
    if (rc < 0) sm_warn("log scan: malformed records in the batch at offset %lld", (long long)h->BaseOffset);
}

int sm_log_scan_records(sm_log_t *log, sm_log_record_fn fn, void *opaque)
{
    int64_t end = sm_log_end_offset(log);
    int64_t off = sm_log_start_offset(log);
    uint8_t *buf = NULL;
    size_t cap = 0;
    int err = 0;
    while (off < end) {
        sm_log_slice_t sl;
        int rc = sm_log_read(log, off, 1 << 20, true, end, &sl);
        if (rc != 0 || sl.len <= 0) {
            sm_log_read_release(sl.ref);
            err = rc ? rc : -EIO;
            break;
        }
        if ((size_t)sl.len > cap) {
            cap = (size_t)sl.len;
            uint8_t *nb = realloc(buf, cap);
            if (!nb) {
                sm_log_read_release(sl.ref);
                err = -ENOMEM;
                break;
            }
            buf = nb;
        }
        ssize_t got = pread(sl.fd, buf, (size_t)sl.len, sl.pos);
        sm_log_read_release(sl.ref);
        if (got != sl.len) {
            err = -EIO;
            break;
        }
        size_t pos = 0, blen;
        sm_batch_header_t h;
        int64_t next = off;
        while (sm_batch_next(buf, (size_t)got, &pos, &h, &blen) == 1) {
            int64_t last = h.BaseOffset + h.LastOffsetDelta;
            if (last >= off) scan_batch(buf + pos - blen, blen, &h, fn, opaque);
            next = last + 1;
        }
        if (next <= off) { /* no whole batch: cannot advance */
            err = -EIO;
            break;
        }
        off = next;
    }
    sm_decompress_scratch_trim();
    free(buf);
    return err;
}
