/*
 * A small list of config key=value pairs (topic overrides, dynamic broker
 * configs) and the list-value edit that IncrementalAlterConfigs' APPEND and
 * SUBTRACT perform. Lists hold tens of entries: linear search is right.
 */
#ifndef SM_KVLIST_H
#define SM_KVLIST_H

#include <stdbool.h>

#include "config.h"

typedef struct sm_kvlist {
    sm_config_kv_t *v;
    int n;
} sm_kvlist_t;

void sm_kvlist_free(sm_kvlist_t *l);
int sm_kvlist_find(const sm_kvlist_t *l, const char *key);
const char *sm_kvlist_get(const sm_kvlist_t *l, const char *key);
void sm_kvlist_set(sm_kvlist_t *l, const char *key, const char *value);
void sm_kvlist_delete(sm_kvlist_t *l, const char *key);
void sm_kvlist_copy(sm_kvlist_t *dst, const sm_kvlist_t *src);

/* APPEND / SUBTRACT on a list value ("a,b"): the items of `cur` plus or
 * minus those of `arg`, without duplicates, in order. Caller frees. */
char *sm_config_list_edit(const char *cur, const char *arg, bool append);

#endif
