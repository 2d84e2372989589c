#include "kvlist.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

void sm_kvlist_free(sm_kvlist_t *l)
{
    for (int i = 0; i < l->n; i++) {
        free(l->v[i].key);
        free(l->v[i].value);
    }
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

int sm_kvlist_find(const sm_kvlist_t *l, const char *key)
{
    for (int i = 0; i < l->n; i++)
        if (!strcmp(l->v[i].key, key)) return i;
    return -1;
}

void sm_kvlist_set(sm_kvlist_t *l, const char *key, const char *value)
{
    int i = sm_kvlist_find(l, key);
    if (i >= 0) {
        free(l->v[i].value);
        l->v[i].value = strdup(value);
        return;
    }
    l->v = realloc(l->v, (size_t)(l->n + 1) * sizeof(*l->v));
    l->v[l->n].key = strdup(key);
    l->v[l->n].value = strdup(value);
    l->n++;
}

void sm_kvlist_delete(sm_kvlist_t *l, const char *key)
{
    int i = sm_kvlist_find(l, key);
    if (i < 0) return;
    free(l->v[i].key);
    free(l->v[i].value);
    l->v[i] = l->v[--l->n];
}

char *sm_config_list_edit(const char *cur, const char *arg, bool append)
{
    sm_buf_t out;
    sm_buf_init(&out);
    char *c = strdup(cur ? cur : ""), *a = strdup(arg), *save = NULL, *save2 = NULL;
    int items = 0;
    for (char *tok = strtok_r(c, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ') tok++;
        if (!*tok) continue;
        bool in_arg = false;
        char *a2 = strdup(arg);
        for (char *x = strtok_r(a2, ",", &save2); x; x = strtok_r(NULL, ",", &save2)) {
            while (*x == ' ') x++;
            if (!strcmp(x, tok)) in_arg = true;
        }
        free(a2);
        if (!append && in_arg) continue;
        if (items++) sm_buf_append(&out, ",", 1);
        sm_buf_append(&out, tok, strlen(tok));
    }
    if (append) {
        for (char *x = strtok_r(a, ",", &save); x; x = strtok_r(NULL, ",", &save)) {
            while (*x == ' ') x++;
            if (!*x) continue;
            /* skip items already present */
            bool dup = false;
            size_t xl = strlen(x);
            for (size_t p = 0; p + xl <= out.len; p++)
                if (!memcmp(out.data + p, x, xl) && (p == 0 || out.data[p - 1] == ',') &&
                    (p + xl == out.len || out.data[p + xl] == ','))
                    dup = true;
            if (dup) continue;
            if (items++) sm_buf_append(&out, ",", 1);
            sm_buf_append(&out, x, xl);
        }
    }
    sm_buf_append(&out, "", 1);
    free(c);
    free(a);
    char *r = strdup((char *)out.data);
    sm_buf_free(&out);
    return r;
}


const char *sm_kvlist_get(const sm_kvlist_t *l, const char *key)
{
    int i = sm_kvlist_find(l, key);
    return i >= 0 ? l->v[i].value : NULL;
}

void sm_kvlist_copy(sm_kvlist_t *dst, const sm_kvlist_t *src)
{
    for (int i = 0; i < src->n; i++) sm_kvlist_set(dst, src->v[i].key, src->v[i].value);
}
