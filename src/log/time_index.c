/*
 * Time index entries: [timestamp i64 BE][relative offset u32 BE], see
 * time_index.h for the format and its validity rules.
 */
#include "time_index.h"

#include "protocol/wire.h"

#define TS(e, i) ((int64_t)sm_be64((e) + (size_t)(i)*12))
#define REL(e, i) ((int64_t)sm_be32((e) + (size_t)(i)*12 + 8))

int sm_time_index_lookup(const sm_idx_t *x, int64_t base, int64_t target, int64_t *ts, int64_t *off)
{
    int n;
    const uint8_t *e = sm_idx_view(x, &n);
    *ts = -1;
    *off = base;
    int lo = 0, hi = n - 1, slot = -1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (TS(e, mid) <= target) {
            slot = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    if (slot < 0) return -1;
    *ts = TS(e, slot);
    *off = base + REL(e, slot);
    return slot;
}

int sm_time_index_maybe_append(sm_idx_t *x, int64_t base, int64_t ts, int64_t offset)
{
    int n;
    const uint8_t *e = sm_idx_view(x, &n);
    int64_t last = n ? TS(e, n - 1) : -1;
    if (ts <= last) return 0;
    uint8_t ne[12];
    sm_put_be64(ne, (uint64_t)ts);
    sm_put_be32(ne + 8, (uint32_t)(offset - base));
    int rc = sm_idx_push(x, ne);
    return rc ? rc : 1;
}

bool sm_time_index_last(const sm_idx_t *x, int64_t base, int64_t *ts, int64_t *off)
{
    int n;
    const uint8_t *e = sm_idx_view(x, &n);
    if (n == 0) return false;
    *ts = TS(e, n - 1);
    *off = base + REL(e, n - 1);
    return true;
}

int sm_time_index_check(const uint8_t *e, int n, const char **why)
{
    while (n > 1 && TS(e, n - 1) == 0 && REL(e, n - 1) == 0)
        n--;
    for (int i = 0; i < n; i++) {
        if (REL(e, i) > INT32_MAX) {
            *why = "negative relative offset";
            return -1;
        }
        if (i > 0 && TS(e, i) <= TS(e, i - 1)) {
            *why = "timestamps not increasing";
            return -1;
        }
        if (i > 0 && REL(e, i) < REL(e, i - 1)) {
            *why = "offsets decreasing";
            return -1;
        }
    }
    return n;
}
