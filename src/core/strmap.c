/*
 * strmap.c: a string -> index hash map (open addressing, FNV-1a, linear probing) for name
 * lookups in the loaders, which would otherwise compare every name with every earlier one.
 * Keys are borrowed: they must outlive the map.
 */
#include "core_internal.h"

#include <stdint.h>
#include <string.h>

static size_t hash(const char *s)
{
    size_t h = (size_t)1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * (size_t)1099511628211ULL;
    return h;
}

static bool rehash(pl_i_strmap_t *m, size_t cap)
{
    const char **k = pl_calloc(cap, sizeof *k);
    size_t *v = pl_malloc(cap * sizeof *v);
    if (!k || !v) {
        pl_free(k);
        pl_free(v);
        return false;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->key[i]) continue;
        size_t j = hash(m->key[i]) & (cap - 1);
        while (k[j]) j = (j + 1) & (cap - 1);
        k[j] = m->key[i];
        v[j] = m->val[i];
    }
    pl_free(m->key);
    pl_free(m->val);
    m->key = k;
    m->val = v;
    m->cap = cap;
    return true;
}

size_t pl_i_strmap_get(const pl_i_strmap_t *m, const char *key)
{
    if (!m->cap || !key) return SIZE_MAX;
    for (size_t j = hash(key) & (m->cap - 1); m->key[j]; j = (j + 1) & (m->cap - 1))
        if (strcmp(m->key[j], key) == 0) return m->val[j];
    return SIZE_MAX;
}

bool pl_i_strmap_put(pl_i_strmap_t *m, const char *key, size_t val)
{
    /* load factor at most 1/2 keeps probe runs short */
    if (2 * (m->n + 1) > m->cap && !rehash(m, m->cap ? 2 * m->cap : 16)) return false;
    size_t j = hash(key) & (m->cap - 1);
    for (; m->key[j]; j = (j + 1) & (m->cap - 1))
        if (strcmp(m->key[j], key) == 0) {
            m->val[j] = val;
            return true;
        }
    m->key[j] = key;
    m->val[j] = val;
    m->n++;
    return true;
}

void pl_i_strmap_free(pl_i_strmap_t *m)
{
    pl_free(m->key);
    pl_free(m->val);
    memset(m, 0, sizeof *m);
}
