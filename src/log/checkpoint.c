/*
 * Kafka's offset checkpoint files (recovery-point-offset-checkpoint,
 * log-start-offset-checkpoint, replication-offset-checkpoint,
 * cleaner-offset-checkpoint). Text, '\n' line ends:
 *
 *   0                              version, must be 0
 *   <N>                            number of entries
 *   <topic> <partition> <offset>   N lines, single spaces
 *
 * Crash safety: written to `<file>.tmp`, fsynced, renamed over `<file>`,
 * then the directory is fsynced, so after a crash the file is either the
 * old or the new one, whole. A leftover .tmp is simply overwritten next
 * time. The reader accepts what Kafka's accepts (entry fields separated by
 * runs of whitespace) and never crashes: anything malformed (bad version,
 * count not matching the entries, non-numeric fields) is logged and gives -1.
 */
#include "checkpoint.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/file.h"
#include "util/logging.h"

/* A checkpoint holds one line per partition of a log dir; far below this. */
#define MAX_CHECKPOINT_BYTES (256 << 20)
#define MAX_TOPIC_LEN 249 /* Kafka's limit on topic names */

void sm_checkpoint_free(sm_checkpoint_entry_t *entries, int count)
{
    if (!entries) return;
    for (int i = 0; i < count; i++)
        free(entries[i].topic);
    free(entries);
}

/* Parses a decimal integer filling [p, end) exactly (optional leading '-'). */
static bool parse_i64(const char *p, const char *end, int64_t lo, int64_t hi, int64_t *out)
{
    bool neg = false;
    if (p < end && *p == '-') {
        neg = true;
        p++;
    }
    if (p == end) return false;
    uint64_t v = 0;
    for (; p < end; p++) {
        if (*p < '0' || *p > '9') return false;
        if (v > (UINT64_MAX - 9) / 10) return false;
        v = v * 10 + (uint64_t)(*p - '0');
        if (v > (uint64_t)INT64_MAX + 1) return false;
    }
    int64_t x;
    if (neg)
        x = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
    else if (v > (uint64_t)INT64_MAX)
        return false;
    else
        x = (int64_t)v;
    if (x < lo || x > hi) return false;
    *out = x;
    return true;
}

/* Next line [*p, eol) without its '\n'; false at the end of the data. A
 * last line without '\n' is accepted. */
static bool next_line(const char **p, const char *end, const char **ls, const char **le)
{
    if (*p >= end) return false;
    *ls = *p;
    const char *nl = memchr(*p, '\n', (size_t)(end - *p));
    *le = nl ? nl : end;
    *p = nl ? nl + 1 : end;
    return true;
}

int sm_checkpoint_read(const char *path, sm_checkpoint_entry_t **entries, int *count)
{
    *entries = NULL;
    *count = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return 0;
        sm_error("checkpoint: cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) < 0 || st.st_size > MAX_CHECKPOINT_BYTES) {
        sm_error("checkpoint: %s: %s", path,
                 st.st_size > MAX_CHECKPOINT_BYTES ? "too large" : strerror(errno));
        close(fd);
        return -1;
    }
    sm_buf_t b;
    sm_buf_init(&b);
    for (;;) {
        sm_buf_reserve(&b, 65536);
        ssize_t r = read(fd, b.data + b.len, b.cap - b.len);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            sm_error("checkpoint: read %s: %s", path, strerror(errno));
            close(fd);
            sm_buf_free(&b);
            return -1;
        }
        if (r == 0) break;
        b.len += (size_t)r;
        if (b.len > MAX_CHECKPOINT_BYTES) break;
    }
    close(fd);

    const char *p = (const char *)b.data, *end = p + b.len, *ls, *le;
    int line = 0;
    const char *err = NULL;
    int64_t n = 0;
    sm_checkpoint_entry_t *v = NULL;
    int got = 0;
    int64_t version;
    if (b.len > MAX_CHECKPOINT_BYTES) {
        err = "file too large";
    } else if (line++, !next_line(&p, end, &ls, &le) || !parse_i64(ls, le, 0, 0, &version)) {
        err = "version line is not 0";
    } else if (line++, !next_line(&p, end, &ls, &le) || !parse_i64(ls, le, 0, INT32_MAX, &n)) {
        err = "bad entry count";
    } else if (n > (int64_t)(end - p) / 5 + 1) { /* an entry line takes >= 5 bytes: "t 0 0" */
        err = "entry count larger than the file";
    } else if (n > 0 && !(v = calloc((size_t)n, sizeof(*v)))) {
        err = "out of memory";
    }
    while (!err && got < n) {
        line++;
        if (!next_line(&p, end, &ls, &le)) {
            err = "fewer entries than the count";
            break;
        }
        /* Kafka splits entry lines on runs of whitespace. */
        const char *tok[3], *tend[3];
        int nt = 0;
        for (const char *q = ls; q < le;) {
            while (q < le && (*q == ' ' || *q == '\t' || *q == '\r'))
                q++;
            if (q == le) break;
            if (nt == 3) {
                nt = 4;
                break;
            }
            tok[nt] = q;
            while (q < le && *q != ' ' && *q != '\t' && *q != '\r')
                q++;
            tend[nt++] = q;
        }
        int64_t part, off;
        if (nt != 3 || tend[0] - tok[0] > MAX_TOPIC_LEN) {
            err = "malformed entry (expected: topic partition offset)";
        } else if (!parse_i64(tok[1], tend[1], 0, INT32_MAX, &part)) {
            err = "bad partition";
        } else if (!parse_i64(tok[2], tend[2], INT64_MIN, INT64_MAX, &off)) {
            err = "bad offset";
        } else if (!(v[got].topic = strndup(tok[0], (size_t)(tend[0] - tok[0])))) {
            err = "out of memory";
        } else {
            v[got].partition = (int32_t)part;
            v[got].offset = off;
            got++;
        }
    }
    /* Kafka fails on entries beyond the count; only an empty last line may follow. */
    if (!err && next_line(&p, end, &ls, &le) && (le > ls || p < end)) {
        line++;
        err = "more entries than the count";
    }
    sm_buf_free(&b);
    if (err) {
        sm_error("checkpoint: %s: malformed at line %d: %s", path, line, err);
        sm_checkpoint_free(v, got);
        return -1;
    }
    *entries = v;
    *count = got;
    return 0;
}

int sm_checkpoint_write(const char *path, const sm_checkpoint_entry_t *entries, int count)
{
    if (count < 0) return -EINVAL;
    sm_buf_t b;
    sm_buf_init(&b);
    char line[MAX_TOPIC_LEN + 64];
    int n = snprintf(line, sizeof(line), "0\n%d\n", count);
    sm_buf_append(&b, line, (size_t)n);
    for (int i = 0; i < count; i++) {
        const char *t = entries[i].topic;
        size_t tl = t ? strlen(t) : 0;
        if (tl == 0 || tl > MAX_TOPIC_LEN || strpbrk(t, " \n\r\t")) {
            sm_error("checkpoint: %s: invalid topic name in entry %d", path, i);
            sm_buf_free(&b);
            return -EINVAL;
        }
        n = snprintf(line, sizeof(line), "%s %" PRId32 " %" PRId64 "\n", t, entries[i].partition,
                     entries[i].offset);
        sm_buf_append(&b, line, (size_t)n);
    }

    int rc = sm_write_file_atomic(path, b.data, b.len, 0644);
    if (rc) sm_error("checkpoint: cannot write %s: %s", path, strerror(-rc));
    sm_buf_free(&b);
    return rc;
}
