#include "map.h"

#include <stdlib.h>
#include <string.h>

/* FNV-1a, 64-bit: keys are short (group ids, topic names). */
static uint64_t hash_bytes(const void *key, size_t len)
{
    const uint8_t *p = key;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

void sm_map_init(sm_map_t *m)
{
    memset(m, 0, sizeof(*m));
}

void sm_map_free(sm_map_t *m, void (*free_value)(void *))
{
    for (size_t i = 0; i < m->nbuckets; i++) {
        sm_map_entry_t *e = m->buckets[i];
        while (e) {
            sm_map_entry_t *next = e->next;
            if (free_value) free_value(e->value);
            free(e);
            e = next;
        }
    }
    free(m->buckets);
    memset(m, 0, sizeof(*m));
}

static sm_map_entry_t **find_link(const sm_map_t *m, const void *key, size_t len, uint64_t h)
{
    if (m->nbuckets == 0) return NULL;
    sm_map_entry_t **link = &m->buckets[h & (m->nbuckets - 1)];
    for (; *link; link = &(*link)->next) {
        sm_map_entry_t *e = *link;
        if (e->hash == h && e->key_len == len && memcmp(e->key, key, len) == 0) return link;
    }
    return link;
}

void *sm_map_get(const sm_map_t *m, const void *key, size_t len)
{
    sm_map_entry_t **link = find_link(m, key, len, hash_bytes(key, len));
    return link && *link ? (*link)->value : NULL;
}

static int grow(sm_map_t *m)
{
    size_t n = m->nbuckets ? m->nbuckets * 2 : 16;
    sm_map_entry_t **b = calloc(n, sizeof(*b));
    if (!b) return -1;
    for (size_t i = 0; i < m->nbuckets; i++) {
        sm_map_entry_t *e = m->buckets[i];
        while (e) {
            sm_map_entry_t *next = e->next;
            size_t j = e->hash & (n - 1);
            e->next = b[j];
            b[j] = e;
            e = next;
        }
    }
    free(m->buckets);
    m->buckets = b;
    m->nbuckets = n;
    return 0;
}

sm_map_entry_t *sm_map_upsert(sm_map_t *m, const void *key, size_t len, int *created)
{
    uint64_t h = hash_bytes(key, len);
    sm_map_entry_t **link = find_link(m, key, len, h);
    if (created) *created = 0;
    if (link && *link) return *link;
    if (m->count + 1 > m->nbuckets) { /* load factor <= 1 */
        if (grow(m)) return NULL;
        link = find_link(m, key, len, h);
    }
    sm_map_entry_t *e = malloc(sizeof(*e) + len + 1);
    if (!e) return NULL;
    e->next = NULL;
    e->hash = h;
    e->value = NULL;
    e->key_len = len;
    if (len) memcpy(e->key, key, len);
    e->key[len] = 0;
    *link = e;
    m->count++;
    if (created) *created = 1;
    return e;
}

void *sm_map_remove(sm_map_t *m, const void *key, size_t len)
{
    sm_map_entry_t **link = find_link(m, key, len, hash_bytes(key, len));
    if (!link || !*link) return NULL;
    sm_map_entry_t *e = *link;
    void *v = e->value;
    *link = e->next;
    free(e);
    m->count--;
    return v;
}

void sm_map_iter_init(sm_map_iter_t *it, sm_map_t *m)
{
    it->m = m;
    it->bucket = 0;
    it->link = m->nbuckets ? &m->buckets[0] : NULL;
    it->cur = NULL;
}

sm_map_entry_t *sm_map_iter_next(sm_map_iter_t *it)
{
    sm_map_t *m = it->m;
    if (it->cur) it->link = &it->cur->next; /* advance past the current entry */
    while (it->link) {
        if (*it->link) {
            it->cur = *it->link;
            return it->cur;
        }
        it->bucket++;
        it->link = it->bucket < m->nbuckets ? &m->buckets[it->bucket] : NULL;
    }
    it->cur = NULL;
    return NULL;
}

void *sm_map_iter_remove(sm_map_iter_t *it)
{
    sm_map_entry_t *e = it->cur;
    if (!e) return NULL;
    void *v = e->value;
    *it->link = e->next; /* link now points at the successor */
    free(e);
    it->m->count--;
    it->cur = NULL; /* next() continues from *link */
    return v;
}
