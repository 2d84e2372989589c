/*
 * A hash map from byte-string keys to pointers, with chaining and doubling.
 * The map copies keys; values are the caller's. Not thread-safe: the owner
 * locks around it. Iteration order is unspecified; iterating while inserting
 * is not allowed (removing the current entry with sm_map_iter_remove is).
 */
#ifndef SM_MAP_H
#define SM_MAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct sm_map_entry {
    struct sm_map_entry *next;
    uint64_t hash;
    void *value;
    size_t key_len;
    uint8_t key[]; /* key_len bytes, then a NUL so string keys can be used as C strings */
} sm_map_entry_t;

typedef struct sm_map {
    sm_map_entry_t **buckets;
    size_t nbuckets; /* 0 or a power of two */
    size_t count;
} sm_map_t;

void sm_map_init(sm_map_t *m);
/* Frees the entries (not the values: call free_value for each, if given). */
void sm_map_free(sm_map_t *m, void (*free_value)(void *));

void *sm_map_get(const sm_map_t *m, const void *key, size_t len);
/* The entry for key, creating it with value NULL if absent (*created set). NULL
 * only when out of memory. */
sm_map_entry_t *sm_map_upsert(sm_map_t *m, const void *key, size_t len, int *created);
/* Removes key; returns its value (NULL if absent). */
void *sm_map_remove(sm_map_t *m, const void *key, size_t len);

typedef struct sm_map_iter {
    sm_map_t *m;
    size_t bucket;
    sm_map_entry_t **link; /* link to the current entry */
    sm_map_entry_t *cur;
} sm_map_iter_t;

void sm_map_iter_init(sm_map_iter_t *it, sm_map_t *m);
/* Next entry or NULL at the end. */
sm_map_entry_t *sm_map_iter_next(sm_map_iter_t *it);
/* Removes the entry last returned by sm_map_iter_next (returns its value). */
void *sm_map_iter_remove(sm_map_iter_t *it);

#endif
