/*
 * Offset index entries: [relative offset u32 BE][position u32 BE], see
 * offset_index.h for the format and its validity rules.
 */
#include "offset_index.h"

#include "protocol/wire.h"

#define REL(e, i) ((int64_t)sm_be32((e) + (size_t)(i)*8))
#define POS(e, i) ((int64_t)sm_be32((e) + (size_t)(i)*8 + 4))

int sm_offset_index_lookup(const sm_idx_t *x, int64_t base, int64_t target, int64_t pos_limit,
                           int64_t *off, int64_t *pos)
{
    int n;
    const uint8_t *e = sm_idx_view(x, &n);
    *off = base;
    *pos = 0;
    int64_t rel = target - base;
    if (n == 0 || rel < 0) return -1;
    /* Largest slot with REL <= rel. */
    int lo = 0, hi = n - 1, slot = -1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (REL(e, mid) <= rel) {
            slot = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    while (slot >= 0 && POS(e, slot) >= pos_limit)
        slot--;
    if (slot < 0) return -1;
    *off = base + REL(e, slot);
    *pos = POS(e, slot);
    return slot;
}

int sm_offset_index_append(sm_idx_t *x, int64_t base, int64_t offset, int64_t pos)
{
    uint8_t e[8];
    sm_put_be32(e, (uint32_t)(offset - base));
    sm_put_be32(e + 4, (uint32_t)pos);
    return sm_idx_push(x, e);
}

bool sm_offset_index_last(const sm_idx_t *x, int64_t base, int64_t *off, int64_t *pos)
{
    int n;
    const uint8_t *e = sm_idx_view(x, &n);
    if (n == 0) return false;
    *off = base + REL(e, n - 1);
    *pos = POS(e, n - 1);
    return true;
}

int sm_offset_index_check(const uint8_t *e, int n, int64_t log_size, const char **why)
{
    while (n > 1 && REL(e, n - 1) == 0 && POS(e, n - 1) == 0)
        n--;
    for (int i = 0; i < n; i++) {
        if (REL(e, i) > INT32_MAX) {
            *why = "negative relative offset";
            return -1;
        }
        if (POS(e, i) >= log_size) {
            *why = "position beyond the end of the .log";
            return -1;
        }
        if (i > 0 && REL(e, i) <= REL(e, i - 1)) {
            *why = "offsets not increasing";
            return -1;
        }
        if (i > 0 && POS(e, i) <= POS(e, i - 1)) {
            *why = "positions not increasing";
            return -1;
        }
    }
    return n;
}
