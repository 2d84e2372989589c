#include "topics.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log/checkpoint.h"
#include "protocol/errors.h"
#include "kvlist.h"
#include "topic_configs.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/file.h"
#include "util/logging.h"

#define NBUCKETS 4096
#define CLEAN_SHUTDOWN_FILE ".kafka_cleanshutdown"

struct sm_topics {
    pthread_rwlock_t lock;
    sm_config_t *cfg;
    sm_topic_t *by_name[NBUCKETS];
    sm_topic_t *by_id[NBUCKETS];
    int count;
    int *dir_load; /* partitions per log dir, for placement */
};

/* ---- uuids ---- */

static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void sm_uuid_base64(const sm_uuid_t *u, char out[23])
{
    int o = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (int i = 0; i < 16; i++) {
        acc = (acc << 8) | u->b[i];
        bits += 8;
        while (bits >= 6) {
            out[o++] = b64url[(acc >> (bits - 6)) & 63];
            bits -= 6;
        }
    }
    if (bits) out[o++] = b64url[(acc << (6 - bits)) & 63];
    out[o] = '\0';
}

int sm_uuid_from_base64(const char *s, sm_uuid_t *u)
{
    uint32_t acc = 0;
    int bits = 0, o = 0;
    for (int i = 0; i < 22; i++) {
        const char *p = s[i] ? strchr(b64url, s[i]) : NULL;
        if (!p) return -1;
        acc = (acc << 6) | (uint32_t)(p - b64url);
        bits += 6;
        if (bits >= 8) {
            if (o < 16) u->b[o++] = (uint8_t)(acc >> (bits - 8));
            bits -= 8;
        }
    }
    return o == 16 ? 0 : -1;
}

void sm_uuid_random(sm_uuid_t *u)
{
    for (;;) {
        if (getrandom(u->b, 16, 0) != 16) {
            for (int i = 0; i < 16; i++) u->b[i] = (uint8_t)rand();
        }
        u->b[6] = (uint8_t)((u->b[6] & 0x0f) | 0x40); /* version 4, as java.util.UUID */
        u->b[8] = (uint8_t)((u->b[8] & 0x3f) | 0x80);
        char s[23];
        sm_uuid_base64(u, s);
        /* Kafka never hands out ids whose string form starts with '-' */
        if (s[0] != '-' && !sm_uuid_is_zero(u)) return;
    }
}

/* ---- hashing ---- */

static uint32_t hash_bytes(const void *p, size_t n)
{
    const uint8_t *b = p;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 16777619u;
    return h;
}

sm_topic_t *sm_topics_find(sm_topics_t *t, sm_str_t name)
{
    if (name.len <= 0) return NULL;
    for (sm_topic_t *tp = t->by_name[hash_bytes(name.ptr, (size_t)name.len) % NBUCKETS]; tp;
         tp = tp->next_by_name)
        if (sm_str_eq(name, tp->name)) return tp;
    return NULL;
}

sm_topic_t *sm_topics_find_id(sm_topics_t *t, const sm_uuid_t *id)
{
    for (sm_topic_t *tp = t->by_id[hash_bytes(id->b, 16) % NBUCKETS]; tp; tp = tp->next_by_id)
        if (memcmp(tp->id.b, id->b, 16) == 0) return tp;
    return NULL;
}

sm_partition_t *sm_topics_partition(sm_topic_t *topic, int32_t index)
{
    if (!topic || index < 0 || index >= topic->partition_count) return NULL;
    return topic->partitions[index];
}

void sm_topics_foreach(sm_topics_t *t, void (*fn)(sm_topic_t *, void *), void *opaque)
{
    for (int b = 0; b < NBUCKETS; b++)
        for (sm_topic_t *tp = t->by_name[b]; tp; tp = tp->next_by_name) fn(tp, opaque);
}

int sm_topics_count(sm_topics_t *t)
{
    return t->count;
}

void sm_topics_rdlock(sm_topics_t *t)
{
    pthread_rwlock_rdlock(&t->lock);
}

void sm_topics_wrlock(sm_topics_t *t)
{
    pthread_rwlock_wrlock(&t->lock);
}

void sm_topics_unlock(sm_topics_t *t)
{
    pthread_rwlock_unlock(&t->lock);
}

static void link_topic(sm_topics_t *t, sm_topic_t *tp)
{
    uint32_t hn = hash_bytes(tp->name, strlen(tp->name)) % NBUCKETS;
    tp->next_by_name = t->by_name[hn];
    t->by_name[hn] = tp;
    uint32_t hi = hash_bytes(tp->id.b, 16) % NBUCKETS;
    tp->next_by_id = t->by_id[hi];
    t->by_id[hi] = tp;
    t->count++;
}

static void unlink_topic(sm_topics_t *t, sm_topic_t *tp)
{
    sm_topic_t **pp = &t->by_name[hash_bytes(tp->name, strlen(tp->name)) % NBUCKETS];
    while (*pp && *pp != tp) pp = &(*pp)->next_by_name;
    if (*pp) *pp = tp->next_by_name;
    pp = &t->by_id[hash_bytes(tp->id.b, 16) % NBUCKETS];
    while (*pp && *pp != tp) pp = &(*pp)->next_by_id;
    if (*pp) *pp = tp->next_by_id;
    t->count--;
}

static void topic_free(sm_topic_t *tp)
{
    for (int i = 0; i < tp->override_count; i++) {
        free(tp->overrides[i].key);
        free(tp->overrides[i].value);
    }
    free(tp->overrides);
    for (int32_t i = 0; i < tp->partition_count; i++) free(tp->partitions[i]);
    free(tp->partitions);
    free(tp->name);
    free(tp);
}

/* ---- names ---- */

int sm_topic_name_validate(sm_str_t name, const char **why)
{
    if (name.len <= 0) {
        *why = "Topic name is illegal, it can't be empty";
        return SM_ERR_INVALID_TOPIC_EXCEPTION;
    }
    if (sm_str_eq(name, ".") || sm_str_eq(name, "..")) {
        *why = "Topic name cannot be \".\" or \"..\"";
        return SM_ERR_INVALID_TOPIC_EXCEPTION;
    }
    if (name.len > 249) {
        *why = "Topic name is illegal, it can't be longer than 249 characters";
        return SM_ERR_INVALID_TOPIC_EXCEPTION;
    }
    for (int32_t i = 0; i < name.len; i++) {
        char c = name.ptr[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-')) {
            *why = "Topic name contains a character other than ASCII alphanumerics, '.', '_' and '-'";
            return SM_ERR_INVALID_TOPIC_EXCEPTION;
        }
    }
    return 0;
}

/* Kafka forbids two topics whose names differ only by '.' vs '_' (metric names collide). */
static sm_topic_t *find_collision(sm_topics_t *t, sm_str_t name)
{
    bool has = false;
    for (int32_t i = 0; i < name.len; i++)
        if (name.ptr[i] == '.' || name.ptr[i] == '_') has = true;
    if (!has) return NULL;
    for (int b = 0; b < NBUCKETS; b++)
        for (sm_topic_t *tp = t->by_name[b]; tp; tp = tp->next_by_name) {
            if ((int32_t)strlen(tp->name) != name.len) continue;
            bool same = true;
            for (int32_t i = 0; i < name.len && same; i++) {
                char a = tp->name[i] == '.' ? '_' : tp->name[i];
                char c = name.ptr[i] == '.' ? '_' : name.ptr[i];
                same = a == c;
            }
            if (same) return tp;
        }
    return NULL;
}

/* ---- files ---- */

static int rm_rf(const char *path)
{
    DIR *d = opendir(path);
    if (!d) return unlink(path) == 0 || errno == ENOENT ? 0 : -errno;
    struct dirent *e;
    char child[4096];
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        snprintf(child, sizeof(child), "%s/%s", path, e->d_name);
        struct stat st;
        if (lstat(child, &st) == 0 && S_ISDIR(st.st_mode))
            rm_rf(child);
        else
            unlink(child);
    }
    closedir(d);
    return rmdir(path) == 0 ? 0 : -errno;
}

static void partition_dir(sm_topics_t *t, int dir_index, const char *topic, int32_t p, char *out,
                          size_t n)
{
    snprintf(out, n, "%s/%s-%d", t->cfg->log_dirs[dir_index], topic, p);
}

static int write_partition_metadata(const char *dir, const sm_uuid_t *id)
{
    char b64[23], buf[128], path[4200];
    sm_uuid_base64(id, b64);
    int n = snprintf(buf, sizeof(buf), "version: 0\ntopic_id: %s\n", b64);
    snprintf(path, sizeof(path), "%s/partition.metadata", dir);
    return sm_write_file_atomic(path, buf, (size_t)n, 0644);
}

static int read_partition_metadata(const char *dir, sm_uuid_t *id)
{
    char path[4200], buf[256];
    snprintf(path, sizeof(path), "%s/partition.metadata", dir);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    int rc = -1;
    while (fgets(buf, sizeof(buf), f)) {
        if (strncmp(buf, "topic_id:", 9) == 0) {
            char *s = buf + 9;
            while (*s == ' ') s++;
            rc = sm_uuid_from_base64(s, id);
        }
    }
    fclose(f);
    return rc;
}

/* A topic's config overrides live beside its data, in every partition dir
 * (`samsa-topic.properties`, key=value lines), so they survive restarts
 * and move with the partition; Kafka keeps them in its metadata store. */
#define TOPIC_CONFIG_FILE "samsa-topic.properties"

static int write_topic_overrides(const char *dir, const sm_topic_t *tp)
{
    char path[4200];
    snprintf(path, sizeof(path), "%s/" TOPIC_CONFIG_FILE, dir);
    if (tp->override_count == 0) return unlink(path) == 0 || errno == ENOENT ? 0 : -errno;
    sm_buf_t b;
    sm_buf_init(&b);
    for (int i = 0; i < tp->override_count; i++) {
        sm_buf_append(&b, tp->overrides[i].key, strlen(tp->overrides[i].key));
        sm_buf_append(&b, "=", 1);
        sm_buf_append(&b, tp->overrides[i].value, strlen(tp->overrides[i].value));
        sm_buf_append(&b, "\n", 1);
    }
    int rc = sm_write_file_atomic(path, b.data, b.len, 0644);
    sm_buf_free(&b);
    return rc;
}

static void read_topic_overrides(const char *dir, sm_topic_t *tp)
{
    char path[4200], line[8192];
    snprintf(path, sizeof(path), "%s/" TOPIC_CONFIG_FILE, dir);
    FILE *f = fopen(path, "r");
    if (!f) return;
    while (fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *eq = strchr(line, '=');
        if (!eq || eq == line) continue;
        *eq = '\0';
        if (!sm_topic_config_def(line, (int)strlen(line))) {
            sm_warn("%s: ignoring unknown topic config %s", path, line);
            continue;
        }
        sm_topic_override_t *o = realloc(tp->overrides, sizeof(*o) * (size_t)(tp->override_count + 1));
        if (!o) break;
        tp->overrides = o;
        o[tp->override_count].key = strdup(line);
        o[tp->override_count].value = strdup(eq + 1);
        tp->override_count++;
    }
    fclose(f);
}

static int write_leader_epoch_checkpoint(const char *dir, int32_t epoch, int64_t start)
{
    char buf[128], path[4200];
    int n = snprintf(buf, sizeof(buf), "0\n1\n%d %lld\n", epoch, (long long)start);
    snprintf(path, sizeof(path), "%s/leader-epoch-checkpoint", dir);
    return sm_write_file_atomic(path, buf, (size_t)n, 0644);
}

static void log_config_for(sm_topics_t *t, sm_topic_t *tp, sm_log_config_t *lc)
{
    sm_log_config_defaults(lc);
    lc->segment_bytes = t->cfg->log_segment_bytes;
    lc->index_interval_bytes = t->cfg->log_index_interval_bytes;
    lc->max_index_size = t->cfg->log_index_size_max_bytes;
    lc->flush_interval_messages = t->cfg->log_flush_interval_messages;
    lc->flush_interval_ms = t->cfg->log_flush_interval_ms;
    lc->segment_ms = t->cfg->log_roll_ms;
    lc->segment_jitter_ms = t->cfg->log_roll_jitter_ms;
    for (int i = 0; tp && i < tp->override_count; i++) {
        const char *k = tp->overrides[i].key, *v = tp->overrides[i].value;
        long long x = strtoll(v, NULL, 10);
        if (!strcmp(k, "segment.bytes")) lc->segment_bytes = x;
        else if (!strcmp(k, "index.interval.bytes")) lc->index_interval_bytes = (int32_t)x;
        else if (!strcmp(k, "segment.index.bytes")) lc->max_index_size = (int32_t)x;
        else if (!strcmp(k, "flush.messages")) lc->flush_interval_messages = x;
        else if (!strcmp(k, "flush.ms")) lc->flush_interval_ms = x;
        else if (!strcmp(k, "segment.ms")) lc->segment_ms = x;
        else if (!strcmp(k, "segment.jitter.ms")) lc->segment_jitter_ms = x;
    }
}

/* Recovery points of one log dir, looked up while opening its partitions. */
typedef struct recovery_points {
    sm_checkpoint_entry_t *e;
    int n;
} recovery_points_t;

static int compare_entries(const void *a, const void *b)
{
    const sm_checkpoint_entry_t *x = a, *y = b;
    int c = strcmp(x->topic, y->topic);
    return c ? c : (x->partition > y->partition) - (x->partition < y->partition);
}

/* Sorted once so that opening n partitions costs n log n, not n^2 (a restart
 * with 10,000 partitions spent most of its user time here). */
static void sort_recovery_points(recovery_points_t *rp)
{
    if (rp->n > 1) qsort(rp->e, (size_t)rp->n, sizeof(*rp->e), compare_entries);
}

static int64_t recovery_point_of(const recovery_points_t *rp, const char *topic, int32_t p)
{
    sm_checkpoint_entry_t key = {.topic = (char *)topic, .partition = p};
    const sm_checkpoint_entry_t *e = rp->n ? bsearch(&key, rp->e, (size_t)rp->n, sizeof(*rp->e), compare_entries)
                                           : NULL;
    return e ? e->offset : 0;
}

/* Caches the effective configs the request path reads. */
static void topic_refresh_cached(sm_topics_t *t, sm_topic_t *tp)
{
    sm_log_config_t lc;
    log_config_for(t, tp, &lc);
    tp->segment_bytes = lc.segment_bytes;
    tp->max_message_bytes = t->cfg->message_max_bytes;
    tp->log_append_time = strcmp(t->cfg->log_message_timestamp_type, "LogAppendTime") == 0;
    tp->compacted = strstr(t->cfg->log_cleanup_policy, "compact") != NULL;
    for (int i = 0; i < tp->override_count; i++) {
        if (!strcmp(tp->overrides[i].key, "max.message.bytes"))
            tp->max_message_bytes = (int32_t)strtol(tp->overrides[i].value, NULL, 10);
        else if (!strcmp(tp->overrides[i].key, "message.timestamp.type"))
            tp->log_append_time = strcmp(tp->overrides[i].value, "LogAppendTime") == 0;
        else if (!strcmp(tp->overrides[i].key, "cleanup.policy"))
            tp->compacted = strstr(tp->overrides[i].value, "compact") != NULL;
    }
}

static sm_topic_t *topic_new(const char *name, size_t len, const sm_uuid_t *id)
{
    sm_topic_t *tp = calloc(1, sizeof(*tp));
    tp->name = strndup(name, len);
    tp->id = *id;
    tp->internal = tp->name[0] == '_' && tp->name[1] == '_';
    return tp;
}

static int topic_grow(sm_topic_t *tp, int32_t count)
{
    if (count <= tp->partition_count) return 0;
    sm_partition_t **np = realloc(tp->partitions, sizeof(*np) * (size_t)count);
    if (!np) return -ENOMEM;
    for (int32_t i = tp->partition_count; i < count; i++) np[i] = NULL;
    tp->partitions = np;
    tp->partition_count = count;
    return 0;
}

static int open_partition(sm_topics_t *t, sm_topic_t *tp, int32_t index, int dir_index,
                          bool clean, int64_t recovery_point)
{
    char dir[4200];
    partition_dir(t, dir_index, tp->name, index, dir, sizeof(dir));
    sm_log_config_t lc;
    log_config_for(t, tp, &lc);
    sm_partition_t *p = calloc(1, sizeof(*p));
    p->topic = tp;
    p->index = index;
    p->dir_index = dir_index;
    p->leader_epoch = 0;
    int rc = sm_log_open(dir, &lc, recovery_point, clean, &p->log);
    if (rc) {
        sm_error("cannot open log %s: %s", dir, strerror(-rc));
        free(p);
        return rc;
    }
    tp->partitions[index] = p;
    t->dir_load[dir_index]++;
    return 0;
}

/* Offsets kept in Kafka's checkpoint files of a log dir, applied after the
 * logs are open: log-start-offset-checkpoint (DeleteRecords moved some log
 * start offsets above their first segment's base) and
 * cleaner-offset-checkpoint (how far compaction got). */
static void restore_checkpointed(sm_topics_t *t, const char *root, const char *file,
                                 void (*apply)(sm_log_t *, int64_t))
{
    char cp[4200];
    snprintf(cp, sizeof(cp), "%s/%s", root, file);
    sm_checkpoint_entry_t *e = NULL;
    int n = 0;
    if (access(cp, F_OK) != 0 || sm_checkpoint_read(cp, &e, &n) != 0) return;
    for (int i = 0; i < n; i++) {
        sm_topic_t *tp = sm_topics_find(t, sm_str(e[i].topic));
        sm_partition_t *p = tp ? sm_topics_partition(tp, e[i].partition) : NULL;
        if (p) apply(p->log, e[i].offset);
    }
    sm_checkpoint_free(e, n);
}

static void apply_start(sm_log_t *log, int64_t off)
{
    sm_log_advance_start(log, off);
}

static void restore_log_start_offsets(sm_topics_t *t, const char *root)
{
    restore_checkpointed(t, root, "log-start-offset-checkpoint", apply_start);
    restore_checkpointed(t, root, "cleaner-offset-checkpoint", sm_log_set_cleaned_through);
}

/* ---- open / close ---- */

static int load_meta_properties(sm_topics_t *t, const char *dir)
{
    char path[4200], line[512];
    snprintf(path, sizeof(path), "%s/meta.properties", dir);
    FILE *f = fopen(path, "r");
    if (f) {
        int32_t node = -1;
        while (fgets(line, sizeof(line), f)) {
            line[strcspn(line, "\r\n")] = '\0';
            if (!strncmp(line, "cluster.id=", 11) && !t->cfg->cluster_id)
                t->cfg->cluster_id = strdup(line + 11);
            else if (!strncmp(line, "node.id=", 8) || !strncmp(line, "broker.id=", 10))
                node = (int32_t)atoi(strchr(line, '=') + 1);
        }
        fclose(f);
        if (node >= 0 && node != t->cfg->node_id) {
            sm_error("%s belongs to node %d but this broker is node.id=%d", path, node,
                     t->cfg->node_id);
            return -1;
        }
        return 0;
    }
    if (!t->cfg->cluster_id) {
        sm_uuid_t u;
        char b64[23];
        sm_uuid_random(&u);
        sm_uuid_base64(&u, b64);
        t->cfg->cluster_id = strdup(b64);
    }
    sm_uuid_t dirid;
    char dirb64[23], buf[512];
    sm_uuid_random(&dirid);
    sm_uuid_base64(&dirid, dirb64);
    int n = snprintf(buf, sizeof(buf),
                     "#\n#Written by samsa\ncluster.id=%s\ndirectory.id=%s\nnode.id=%d\nversion=1\n",
                     t->cfg->cluster_id, dirb64, t->cfg->node_id);
    int rc = sm_write_file_atomic(path, buf, (size_t)n, 0644);
    if (rc) sm_error("cannot write %s: %s", path, strerror(-rc));
    return rc ? -1 : 0;
}

/* Splits "<topic>-<n>" into its parts. Returns 0 if the name has that shape. */
static int parse_partition_dir(const char *name, size_t *topic_len, int32_t *index)
{
    const char *dash = strrchr(name, '-');
    if (!dash || dash == name || !dash[1]) return -1;
    long v = 0;
    for (const char *p = dash + 1; *p; p++) {
        if (*p < '0' || *p > '9' || v > 1000000) return -1;
        v = v * 10 + (*p - '0');
    }
    *topic_len = (size_t)(dash - name);
    *index = (int32_t)v;
    return 0;
}

static int scan_dir(sm_topics_t *t, int dir_index, bool clean, const recovery_points_t *rp)
{
    const char *root = t->cfg->log_dirs[dir_index];
    DIR *d = opendir(root);
    if (!d) return -errno;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) && rc == 0) {
        if (e->d_name[0] == '.') continue;
        char path[4200];
        snprintf(path, sizeof(path), "%s/%s", root, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) continue;
        if (strstr(e->d_name, "-delete")) { /* a deletion that did not finish */
            rm_rf(path);
            continue;
        }
        size_t tl;
        int32_t index;
        if (parse_partition_dir(e->d_name, &tl, &index)) {
            sm_warn("ignoring directory %s: not a <topic>-<partition> log directory", path);
            continue;
        }
        sm_uuid_t id;
        bool have_id = read_partition_metadata(path, &id) == 0;
        sm_str_t name = {e->d_name, (int32_t)tl};
        sm_topic_t *tp = sm_topics_find(t, name);
        if (!tp) {
            if (!have_id) sm_uuid_random(&id);
            tp = topic_new(e->d_name, tl, &id);
            read_topic_overrides(path, tp);
            topic_refresh_cached(t, tp);
            link_topic(t, tp);
        }
        if (!have_id || memcmp(id.b, tp->id.b, 16) != 0) write_partition_metadata(path, &tp->id);
        if (topic_grow(tp, index + 1)) {
            rc = -ENOMEM;
            break;
        }
        if (tp->partitions[index]) {
            sm_error("partition %s-%d found in two log dirs", tp->name, index);
            rc = -EEXIST;
            break;
        }
        rc = open_partition(t, tp, index, dir_index, clean, recovery_point_of(rp, tp->name, index));
    }
    closedir(d);
    return rc;
}

static int least_loaded_dir(sm_topics_t *t)
{
    int best = 0;
    for (int i = 1; i < t->cfg->log_dir_count; i++)
        if (t->dir_load[i] < t->dir_load[best]) best = i;
    return best;
}

/* Creates partitions [from, to) of tp: directories, partition.metadata, logs. */
static int create_partitions(sm_topics_t *t, sm_topic_t *tp, int32_t from, int32_t to)
{
    int rc = topic_grow(tp, to);
    if (rc) return rc;
    for (int32_t i = from; i < to; i++) {
        int di = least_loaded_dir(t);
        char dir[4200];
        partition_dir(t, di, tp->name, i, dir, sizeof(dir));
        if ((rc = sm_mkdirs(dir)) || (rc = write_partition_metadata(dir, &tp->id)) ||
            (rc = write_topic_overrides(dir, tp)) ||
            (rc = write_leader_epoch_checkpoint(dir, 0, 0)) ||
            (rc = open_partition(t, tp, i, di, true, 0))) {
            sm_error("cannot create partition %s: %s", dir, strerror(-rc));
            return rc;
        }
    }
    return 0;
}

sm_topics_t *sm_topics_open(sm_config_t *cfg)
{
    sm_topics_t *t = calloc(1, sizeof(*t));
    pthread_rwlock_init(&t->lock, NULL);
    t->cfg = cfg;
    t->dir_load = calloc((size_t)cfg->log_dir_count, sizeof(int));
    for (int i = 0; i < cfg->log_dir_count; i++) {
        const char *root = cfg->log_dirs[i];
        int rc = sm_mkdirs(root);
        if (rc) {
            sm_error("cannot create log dir %s: %s", root, strerror(-rc));
            goto fail;
        }
        char marker[4200], cp[4200];
        snprintf(marker, sizeof(marker), "%s/meta.properties", root);
        bool fresh = access(marker, F_OK) != 0; /* a new dir has nothing to recover */
        if (load_meta_properties(t, root)) goto fail;
        snprintf(marker, sizeof(marker), "%s/%s", root, CLEAN_SHUTDOWN_FILE);
        bool clean = fresh || access(marker, F_OK) == 0;
        recovery_points_t rp = {NULL, 0};
        snprintf(cp, sizeof(cp), "%s/recovery-point-offset-checkpoint", root);
        if (!fresh && sm_checkpoint_read(cp, &rp.e, &rp.n) != 0) {
            rp.e = NULL;
            rp.n = 0;
            clean = false;
        }
        sort_recovery_points(&rp);
        if (!clean) sm_info("log dir %s was not shut down cleanly: recovering its logs", root);
        int64_t t0 = sm_mono_ms();
        rc = scan_dir(t, i, clean, &rp);
        sm_checkpoint_free(rp.e, rp.n);
        if (!rc && !fresh) restore_log_start_offsets(t, root);
        if (rc) {
            sm_error("cannot load log dir %s: %s", root, strerror(-rc));
            goto fail;
        }
        unlink(marker); /* from now on a crash is an unclean shutdown */
        sm_info("loaded log dir %s: %d partitions in %lld ms", root, t->dir_load[i],
                (long long)(sm_mono_ms() - t0));
    }
    /* A partition missing from every dir (e.g. deleted by hand) is recreated empty. */
    for (int b = 0; b < NBUCKETS; b++)
        for (sm_topic_t *tp = t->by_name[b]; tp; tp = tp->next_by_name)
            for (int32_t i = 0; i < tp->partition_count; i++)
                if (!tp->partitions[i] && create_partitions(t, tp, i, i + 1)) goto fail;
    return t;
fail:
    sm_topics_close(t, false);
    return NULL;
}

static void write_checkpoints_locked(sm_topics_t *t)
{
    for (int d = 0; d < t->cfg->log_dir_count; d++) {
        int n = t->dir_load[d], k = 0;
        sm_checkpoint_entry_t *rec = calloc((size_t)n + 1, sizeof(*rec));
        sm_checkpoint_entry_t *start = calloc((size_t)n + 1, sizeof(*start));
        sm_checkpoint_entry_t *hw = calloc((size_t)n + 1, sizeof(*hw));
        sm_checkpoint_entry_t *cleaned = calloc((size_t)n + 1, sizeof(*cleaned));
        int kc = 0;
        for (int b = 0; b < NBUCKETS; b++)
            for (sm_topic_t *tp = t->by_name[b]; tp; tp = tp->next_by_name)
                for (int32_t i = 0; i < tp->partition_count; i++) {
                    sm_partition_t *p = tp->partitions[i];
                    if (!p || p->dir_index != d || k >= n) continue;
                    rec[k] = (sm_checkpoint_entry_t){tp->name, i, sm_log_recovery_point(p->log)};
                    start[k] = (sm_checkpoint_entry_t){tp->name, i, sm_log_start_offset(p->log)};
                    hw[k] = (sm_checkpoint_entry_t){tp->name, i, sm_log_end_offset(p->log)};
                    k++;
                    if (tp->compacted)
                        cleaned[kc++] = (sm_checkpoint_entry_t){tp->name, i, sm_log_cleaned_through(p->log)};
                }
        char path[4200];
        const char *root = t->cfg->log_dirs[d];
        snprintf(path, sizeof(path), "%s/recovery-point-offset-checkpoint", root);
        sm_checkpoint_write(path, rec, k);
        snprintf(path, sizeof(path), "%s/log-start-offset-checkpoint", root);
        sm_checkpoint_write(path, start, k);
        snprintf(path, sizeof(path), "%s/replication-offset-checkpoint", root);
        sm_checkpoint_write(path, hw, k);
        snprintf(path, sizeof(path), "%s/cleaner-offset-checkpoint", root);
        sm_checkpoint_write(path, cleaned, kc);
        free(cleaned);
        free(rec);
        free(start);
        free(hw);
    }
}

void sm_topics_checkpoint(sm_topics_t *t)
{
    pthread_rwlock_rdlock(&t->lock);
    write_checkpoints_locked(t);
    pthread_rwlock_unlock(&t->lock);
}

void sm_topics_flush_due(sm_topics_t *t, int64_t now_ms)
{
    pthread_rwlock_rdlock(&t->lock);
    for (int b = 0; b < NBUCKETS; b++)
        for (sm_topic_t *tp = t->by_name[b]; tp; tp = tp->next_by_name)
            for (int32_t i = 0; i < tp->partition_count; i++)
                if (tp->partitions[i]) sm_log_flush_if_due(tp->partitions[i]->log, now_ms);
    pthread_rwlock_unlock(&t->lock);
}

/* A topic config's effective value as a number. */
static int64_t topic_config_long(sm_topics_t *t, sm_topic_t *tp, const char *key, int64_t def)
{
    char buf[64];
    bool is_override;
    const char *v = sm_topic_config(t, tp, key, buf, sizeof(buf), &is_override);
    return v ? strtoll(v, NULL, 10) : def;
}

void sm_topics_apply_retention(sm_topics_t *t, int64_t now_ms)
{
    pthread_rwlock_rdlock(&t->lock);
    for (int b = 0; b < NBUCKETS; b++)
        for (sm_topic_t *tp = t->by_name[b]; tp; tp = tp->next_by_name) {
            char buf[64];
            bool is_override;
            const char *policy = sm_topic_config(t, tp, "cleanup.policy", buf, sizeof(buf), &is_override);
            bool del = policy && strstr(policy, "delete");
            /* compact-only topics keep old segments; DeleteRecords still applies to them */
            sm_retention_opts_t o = {.now_ms = now_ms,
                                     .retention_ms = del ? topic_config_long(t, tp, "retention.ms", -1) : -1,
                                     .retention_bytes = del ? topic_config_long(t, tp, "retention.bytes", -1) : -1,
                                     .file_delete_delay_ms = topic_config_long(t, tp, "file.delete.delay.ms", 60000)};
            for (int32_t i = 0; i < tp->partition_count; i++) {
                if (!tp->partitions[i]) continue;
                sm_retention_stats_t st;
                sm_log_apply_retention(tp->partitions[i]->log, &o, &st);
                if (st.segments_deleted)
                    sm_info("retention: %s-%d: deleted %d segments (%lld bytes); log start offset %lld", tp->name, i,
                            st.segments_deleted, (long long)st.bytes_deleted,
                            (long long)sm_log_start_offset(tp->partitions[i]->log));
            }
        }
    pthread_rwlock_unlock(&t->lock);
}

/* ---- AlterConfigs / IncrementalAlterConfigs ---- */

static int build_overrides(sm_topics_t *t, sm_topic_t *tp, const sm_config_op_t *ops, int n, bool incremental,
                           sm_kvlist_t *out, const char **msg)
{
    out->v = NULL;
    out->n = 0;
    if (incremental)
        for (int i = 0; i < tp->override_count; i++)
            sm_kvlist_set(out, tp->overrides[i].key, tp->overrides[i].value);
    for (int i = 0; i < n; i++) {
        const sm_config_op_t *o = &ops[i];
        /* IncrementalAlterConfigs refuses a key named twice; the legacy AlterConfigs
         * takes the last value, as ZooKeeper-mode Kafka did (librdkafka's and
         * others' read-modify-write helpers resend every described key) */
        for (int j = 0; incremental && j < i; j++)
            if (sm_str_equal(ops[j].key, o->key)) {
                *msg = "Error due to duplicate config keys.";
                return SM_ERR_INVALID_REQUEST;
            }
        const sm_topic_config_def_t *d = o->key.len > 0 ? sm_topic_config_def(o->key.ptr, o->key.len) : NULL;
        if (!d) {
            *msg = "Unknown topic config name.";
            return SM_ERR_INVALID_CONFIG;
        }
        char val[4096];
        int vl = o->value.len;
        if (vl >= (int)sizeof(val)) {
            *msg = "Config value too long.";
            return SM_ERR_INVALID_CONFIG;
        }
        if (vl >= 0) {
            memcpy(val, o->value.ptr, (size_t)vl);
            val[vl] = 0;
        }
        switch (o->op) {
        case SM_CFGOP_SET:
            if (vl < 0) {
                *msg = "Null value not supported for a SET operation.";
                return SM_ERR_INVALID_REQUEST;
            }
            if (sm_topic_config_check(d, val, vl)) {
                *msg = "Invalid value for the topic config.";
                return SM_ERR_INVALID_CONFIG;
            }
            sm_kvlist_set(out, d->name, val);
            break;
        case SM_CFGOP_DELETE: sm_kvlist_delete(out, d->name); break;
        case SM_CFGOP_APPEND:
        case SM_CFGOP_SUBTRACT: {
            if (d->type != SM_CFGTYPE_LIST) {
                *msg = "Config value append/subtract is only allowed for list-type configs.";
                return SM_ERR_INVALID_CONFIG;
            }
            if (vl < 0) {
                *msg = "Null value not supported for APPEND or SUBTRACT.";
                return SM_ERR_INVALID_REQUEST;
            }
            char buf[256];
            int k = sm_kvlist_find(out, d->name);
            const char *cur = k >= 0 ? out->v[k].value : sm_topic_config_default(t->cfg, d, buf, sizeof(buf));
            char *nv = sm_config_list_edit(cur, val, o->op == SM_CFGOP_APPEND);
            if (sm_topic_config_check(d, nv, (int)strlen(nv))) {
                free(nv);
                *msg = "Invalid value for the topic config.";
                return SM_ERR_INVALID_CONFIG;
            }
            sm_kvlist_set(out, d->name, nv);
            free(nv);
            break;
        }
        default: *msg = "Unknown config operation."; return SM_ERR_INVALID_REQUEST;
        }
    }
    return 0;
}

int sm_topics_alter_configs(sm_topics_t *t, sm_str_t name, const sm_config_op_t *ops, int n, bool incremental,
                            bool validate_only, const char **msg)
{
    *msg = NULL;
    pthread_rwlock_wrlock(&t->lock);
    sm_topic_t *tp = sm_topics_find(t, name);
    sm_kvlist_t nl = {NULL, 0};
    int err = 0;
    if (!tp) {
        err = SM_ERR_UNKNOWN_TOPIC_OR_PARTITION;
        *msg = "This server does not host this topic.";
    } else {
        err = build_overrides(t, tp, ops, n, incremental, &nl, msg);
    }
    if (!err && !validate_only) {
        sm_kvlist_t old = {tp->overrides, tp->override_count};
        tp->overrides = nl.v;
        tp->override_count = nl.n;
        nl.v = NULL;
        nl.n = 0;
        sm_kvlist_free(&old);
        topic_refresh_cached(t, tp);
        sm_log_config_t lc;
        log_config_for(t, tp, &lc);
        for (int32_t i = 0; i < tp->partition_count; i++) {
            sm_partition_t *p = tp->partitions[i];
            if (!p) continue;
            char dir[4200];
            partition_dir(t, p->dir_index, tp->name, i, dir, sizeof(dir));
            int rc = write_topic_overrides(dir, tp);
            if (rc) sm_error("cannot persist the configs of %s-%d: %s", tp->name, i, strerror(-rc));
            sm_log_set_config(p->log, &lc);
        }
        sm_info("topic %s: configs altered (%d overrides)", tp->name, tp->override_count);
    }
    sm_kvlist_free(&nl);
    pthread_rwlock_unlock(&t->lock);
    return err;
}

void sm_topics_expire_producers(sm_topics_t *t, int64_t now_ms)
{
    pthread_rwlock_rdlock(&t->lock);
    int removed = 0;
    for (int b = 0; b < NBUCKETS; b++)
        for (sm_topic_t *tp = t->by_name[b]; tp; tp = tp->next_by_name)
            for (int32_t i = 0; i < tp->partition_count; i++)
                if (tp->partitions[i])
                    removed += sm_log_expire_producers(tp->partitions[i]->log, now_ms, t->cfg->producer_id_expiration_ms);
    pthread_rwlock_unlock(&t->lock);
    if (removed) sm_info("expired the state of %d idle producers (producer.id.expiration.ms)", removed);
}

void sm_topics_refresh_configs(sm_topics_t *t)
{
    for (int b = 0; b < NBUCKETS; b++)
        for (sm_topic_t *tp = t->by_name[b]; tp; tp = tp->next_by_name) {
            topic_refresh_cached(t, tp);
            sm_log_config_t lc;
            log_config_for(t, tp, &lc);
            for (int32_t i = 0; i < tp->partition_count; i++)
                if (tp->partitions[i]) sm_log_set_config(tp->partitions[i]->log, &lc);
        }
}

void sm_topics_compact(sm_topics_t *t, int64_t now_ms)
{
    pthread_rwlock_rdlock(&t->lock);
    for (int b = 0; b < NBUCKETS; b++)
        for (sm_topic_t *tp = t->by_name[b]; tp; tp = tp->next_by_name) {
            char buf[64];
            bool is_override;
            const char *policy = sm_topic_config(t, tp, "cleanup.policy", buf, sizeof(buf), &is_override);
            if (!policy || !strstr(policy, "compact")) continue;
            const char *ratio = sm_topic_config(t, tp, "min.cleanable.dirty.ratio", buf, sizeof(buf), &is_override);
            sm_compact_opts_t opts = {.now_ms = now_ms,
                                      .delete_retention_ms = topic_config_long(t, tp, "delete.retention.ms", 86400000),
                                      .min_dirty_ratio = ratio ? strtod(ratio, NULL) : 0.5,
                                      .min_lag_ms = topic_config_long(t, tp, "min.compaction.lag.ms", 0),
                                      .max_lag_ms = topic_config_long(t, tp, "max.compaction.lag.ms", INT64_MAX)};
            for (int32_t i = 0; i < tp->partition_count; i++) {
                if (!tp->partitions[i]) continue;
                sm_compact_stats_t st;
                sm_log_compact(tp->partitions[i]->log, &opts, &st);
                if (st.segments_cleaned)
                    sm_info("log cleaner: %s-%d: %d segments cleaned, %lld -> %lld bytes, %lld records removed",
                            tp->name, i, st.segments_cleaned, (long long)st.bytes_before,
                            (long long)st.bytes_after, (long long)st.records_removed);
            }
        }
    pthread_rwlock_unlock(&t->lock);
}

void sm_topics_close(sm_topics_t *t, bool clean)
{
    if (!t) return;
    pthread_rwlock_wrlock(&t->lock);
    for (int b = 0; b < NBUCKETS; b++)
        for (sm_topic_t *tp = t->by_name[b]; tp; tp = tp->next_by_name)
            for (int32_t i = 0; i < tp->partition_count; i++)
                if (tp->partitions[i]) sm_log_flush(tp->partitions[i]->log);
    if (clean) write_checkpoints_locked(t);
    for (int b = 0; b < NBUCKETS; b++) {
        sm_topic_t *tp = t->by_name[b];
        while (tp) {
            sm_topic_t *next = tp->next_by_name;
            for (int32_t i = 0; i < tp->partition_count; i++)
                if (tp->partitions[i]) sm_log_close(tp->partitions[i]->log);
            topic_free(tp);
            tp = next;
        }
    }
    if (clean) {
        for (int d = 0; d < t->cfg->log_dir_count; d++) {
            char marker[4200];
            snprintf(marker, sizeof(marker), "%s/%s", t->cfg->log_dirs[d], CLEAN_SHUTDOWN_FILE);
            sm_write_file_atomic(marker, "{\"version\":0,\"brokerEpoch\":-1}", 30, 0644);
        }
    }
    pthread_rwlock_unlock(&t->lock);
    pthread_rwlock_destroy(&t->lock);
    free(t->dir_load);
    free(t);
}

/* ---- admin ---- */

int sm_topics_create(sm_topics_t *t, const sm_topic_spec_t *spec, sm_uuid_t *id_out,
                     const char **msg)
{
    *msg = NULL;
    int err = sm_topic_name_validate(spec->name, msg);
    if (err) return err;
    int32_t partitions = spec->partitions == -1 ? t->cfg->num_partitions : spec->partitions;
    int16_t rf = spec->replication_factor == -1 ? t->cfg->default_replication_factor
                                                : spec->replication_factor;
    if (partitions <= 0) {
        *msg = "Number of partitions must be larger than 0.";
        return SM_ERR_INVALID_PARTITIONS;
    }
    if (rf <= 0) {
        *msg = "Replication factor must be larger than 0.";
        return SM_ERR_INVALID_REPLICATION_FACTOR;
    }
    if (rf > 1) {
        *msg = "Replication factor is larger than the number of available brokers (1).";
        return SM_ERR_INVALID_REPLICATION_FACTOR;
    }
    if (partitions > 100000) {
        *msg = "Number of partitions is too large (at most 100000).";
        return SM_ERR_INVALID_PARTITIONS;
    }
    for (int i = 0; i < spec->config_count; i++) {
        sm_str_t k = spec->config_keys[i], v = spec->config_values[i];
        const sm_topic_config_def_t *d = k.len > 0 ? sm_topic_config_def(k.ptr, k.len) : NULL;
        if (!d) {
            *msg = "Unknown topic config name.";
            return SM_ERR_INVALID_CONFIG;
        }
        if (v.len < 0 || sm_topic_config_check(d, v.ptr, v.len)) {
            *msg = "Invalid value for a topic config.";
            return SM_ERR_INVALID_CONFIG;
        }
    }
    pthread_rwlock_wrlock(&t->lock);
    if (sm_topics_find(t, spec->name)) {
        pthread_rwlock_unlock(&t->lock);
        *msg = "Topic already exists.";
        return SM_ERR_TOPIC_ALREADY_EXISTS;
    }
    if (find_collision(t, spec->name)) {
        pthread_rwlock_unlock(&t->lock);
        *msg = "Topic collides with an existing topic: '.' and '_' are treated as the same character.";
        return SM_ERR_INVALID_TOPIC_EXCEPTION;
    }
    if (spec->validate_only) {
        pthread_rwlock_unlock(&t->lock);
        memset(id_out, 0, sizeof(*id_out));
        return 0;
    }
    sm_uuid_t id;
    do sm_uuid_random(&id);
    while (sm_topics_find_id(t, &id));
    sm_topic_t *tp = topic_new(spec->name.ptr, (size_t)spec->name.len, &id);
    if (spec->config_count) {
        tp->overrides = calloc((size_t)spec->config_count, sizeof(*tp->overrides));
        for (int i = 0; i < spec->config_count; i++) {
            tp->overrides[i].key = strndup(spec->config_keys[i].ptr, (size_t)spec->config_keys[i].len);
            tp->overrides[i].value =
                strndup(spec->config_values[i].ptr, (size_t)spec->config_values[i].len);
        }
        tp->override_count = spec->config_count;
    }
    topic_refresh_cached(t, tp);
    int rc = create_partitions(t, tp, 0, partitions);
    if (rc) {
        for (int32_t i = 0; i < tp->partition_count; i++)
            if (tp->partitions[i]) {
                t->dir_load[tp->partitions[i]->dir_index]--;
                sm_log_delete(tp->partitions[i]->log);
            }
        topic_free(tp);
        pthread_rwlock_unlock(&t->lock);
        *msg = "Cannot create the topic's log directories.";
        return SM_ERR_KAFKA_STORAGE_ERROR;
    }
    link_topic(t, tp);
    *id_out = id;
    pthread_rwlock_unlock(&t->lock);
    sm_info("created topic %.*s with %d partitions", spec->name.len, spec->name.ptr, partitions);
    return 0;
}

int sm_topics_delete(sm_topics_t *t, sm_str_t name, const sm_uuid_t *id, sm_str_t *name_out,
                     sm_uuid_t *id_out, char *name_buf, int name_buf_len)
{
    if (!t->cfg->delete_topic_enable) return SM_ERR_TOPIC_DELETION_DISABLED;
    pthread_rwlock_wrlock(&t->lock);
    sm_topic_t *tp = name.len >= 0 && name.ptr ? sm_topics_find(t, name) : sm_topics_find_id(t, id);
    if (!tp) {
        pthread_rwlock_unlock(&t->lock);
        return name.len >= 0 && name.ptr ? SM_ERR_UNKNOWN_TOPIC_OR_PARTITION : SM_ERR_UNKNOWN_TOPIC_ID;
    }
    if (tp->internal && !strcmp(tp->name, "__consumer_offsets")) {
        pthread_rwlock_unlock(&t->lock);
        return SM_ERR_INVALID_TOPIC_EXCEPTION;
    }
    unlink_topic(t, tp);
    snprintf(name_buf, (size_t)name_buf_len, "%s", tp->name);
    *name_out = sm_str(name_buf);
    *id_out = tp->id;
    for (int32_t i = 0; i < tp->partition_count; i++) {
        sm_partition_t *p = tp->partitions[i];
        if (!p) continue;
        t->dir_load[p->dir_index]--;
        int rc = sm_log_delete(p->log);
        if (rc) sm_warn("deleting log of %s-%d: %s", tp->name, i, strerror(-rc));
    }
    sm_info("deleted topic %s", tp->name);
    topic_free(tp);
    pthread_rwlock_unlock(&t->lock);
    return 0;
}

int sm_topics_add_partitions(sm_topics_t *t, sm_str_t name, int32_t count, bool validate_only,
                             const char **msg)
{
    *msg = NULL;
    pthread_rwlock_wrlock(&t->lock);
    sm_topic_t *tp = sm_topics_find(t, name);
    int rc = 0;
    if (!tp) {
        rc = SM_ERR_UNKNOWN_TOPIC_OR_PARTITION;
        *msg = "The topic does not exist.";
    } else if (count < tp->partition_count) {
        rc = SM_ERR_INVALID_PARTITIONS;
        *msg = "The number of partitions can only be increased.";
    } else if (count == tp->partition_count) {
        rc = SM_ERR_INVALID_PARTITIONS;
        *msg = "The topic already has this number of partitions.";
    } else if (count > 100000) {
        rc = SM_ERR_INVALID_PARTITIONS;
        *msg = "Number of partitions is too large (at most 100000).";
    } else if (!validate_only) {
        int32_t from = tp->partition_count;
        if (create_partitions(t, tp, from, count)) {
            rc = SM_ERR_KAFKA_STORAGE_ERROR;
            *msg = "Cannot create the new partitions' log directories.";
        } else {
            sm_info("topic %s grown from %d to %d partitions", tp->name, from, count);
        }
    }
    pthread_rwlock_unlock(&t->lock);
    return rc;
}

const char *sm_topic_config(sm_topics_t *t, sm_topic_t *topic, const char *key, char *buf,
                            int buflen, bool *is_override)
{
    const sm_topic_config_def_t *d = sm_topic_config_def(key, (int)strlen(key));
    if (!d) return NULL;
    for (int i = 0; i < topic->override_count; i++)
        if (!strcmp(topic->overrides[i].key, key)) {
            *is_override = true;
            return topic->overrides[i].value;
        }
    *is_override = false;
    return sm_topic_config_default(t->cfg, d, buf, buflen);
}
