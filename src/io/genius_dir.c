/*
 * genius_dir.c: the GENIUS (ANAC) loader's entry points: a folder scan that finds the domain
 * and the profiles, files, or memory buffers, each pairing one domain with its profiles into
 * a pl_scenario_t (one party per profile, named after its file). Reading is in genius_xml.c
 * (parse, domain) and genius_profile.c (utilities); nothing is printed.
 */
#include "io/genius_load_internal.h"
#include "io/io_internal.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* File name without directory and without a trailing ".xml" (pl_malloc'ed). */
static char *stem(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t n = strlen(b);
    if (n > 4 && strcasecmp(b + n - 4, ".xml") == 0) n -= 4;
    char *s = pl_malloc(n + 1);
    if (!s) return NULL;
    memcpy(s, b, n);
    s[n] = '\0';
    return s;
}

/* ------------------------------------------------------------------------------------------ */
/* Assembly                                                                                   */

static pl_status build(const char *scenario_name, const char *file, const char *domain_label,
                       xmlDocPtr ddoc, const char *const *plabels, xmlDocPtr *pdocs, size_t n,
                       pl_scenario_t **out, pl_error_t *err)
{
    gctx g = {err, domain_label, PL_OK, false};
    gdomain dom = {NULL};
    pl_scenario_t *sc = pl_scenario_alloc();
    if (!sc) {
        pl_i_genius_oom(&g);
        goto done;
    }
    sc->name = scenario_name ? pl_strdup(scenario_name) : stem(domain_label);
    sc->file = pl_strdup(file ? file : domain_label);
    if (!sc->name || !sc->file) {
        pl_i_genius_oom(&g);
        goto done;
    }
    pl_i_genius_read_domain(&g, ddoc, sc, &dom);
    if (g.st != PL_OK) goto done;
    if (n == 0) {
        pl_i_genius_diag(&g, PL_EPARSE, NULL, "no profiles given for domain '%s'", sc->name);
        goto done;
    }
    sc->actors = pl_calloc(n, sizeof(pl_actor_t));
    if (!sc->actors) {
        pl_i_genius_oom(&g);
        goto done;
    }
    for (size_t k = 0; k < n && !g.nomem; k++) {
        pl_actor_t *a = &sc->actors[sc->nactors++];
        a->role = PL_ROLE_PARTY;
        a->clout = 1;
        a->reservation = 0;
        a->discount = 1;
        a->party = SIZE_MAX;
        a->at_table = true;
        a->participation = NAN;
        a->deadline = NAN;
        a->seats = NAN;
        a->name = stem(plabels[k]);
        if (!a->name) {
            pl_i_genius_oom(&g);
            break;
        }
        g.file = plabels[k];
        for (size_t j = 0; j < k; j++)
            if (strcmp(sc->actors[j].name, a->name) == 0)
                pl_i_genius_diag(&g, PL_EPARSE, NULL, "a second profile named '%s'", a->name);
        pl_i_genius_read_profile(&g, pdocs[k], a, sc, &dom, domain_label);
    }
done:
    pl_free(dom.index);
    if (g.st != PL_OK) {
        pl_scenario_free(sc);
        *out = NULL;
        return g.st;
    }
    *out = sc;
    return PL_OK;
}

pl_status pl_i_genius_load_buffers(const char *scenario_name, const char *domain_name,
                                   const char *domain, size_t domain_len,
                                   const char *const *profile_names,
                                   const char *const *profiles, const size_t *profile_lens,
                                   size_t n, pl_scenario_t **out, pl_error_t *err)
{
    if (!out) return pl_error_set(err, PL_EINVAL, "no output scenario given");
    *out = NULL;
    if (!domain_name || (n && (!profile_names || !profiles || !profile_lens)))
        return pl_error_set(err, PL_EINVAL, "missing domain or profile buffers");
    gctx g = {err, domain_name, PL_OK, false};
    xmlDocPtr ddoc = pl_i_genius_parse_xml(&g, domain, domain_len);
    xmlDocPtr *pdocs = pl_calloc(n ? n : 1, sizeof(xmlDocPtr));
    if (!pdocs) pl_i_genius_oom(&g);
    for (size_t k = 0; k < n && pdocs && !g.nomem; k++) {
        g.file = profile_names[k];
        pdocs[k] = pl_i_genius_parse_xml(&g, profiles[k], profile_lens[k]);
    }
    pl_status s = g.st;
    if (s == PL_OK)
        s = build(scenario_name, NULL, domain_name, ddoc, profile_names, pdocs, n, out, err);
    for (size_t k = 0; k < n && pdocs; k++)
        if (pdocs[k]) xmlFreeDoc(pdocs[k]);
    pl_free(pdocs);
    if (ddoc) xmlFreeDoc(ddoc);
    return s;
}

/* Read a list of files into memory. */
static pl_status read_all(const char *const *paths, size_t n, char **bufs, size_t *lens,
                          pl_error_t *err)
{
    pl_status first = PL_OK;
    for (size_t k = 0; k < n; k++) {
        pl_status s = pl_i_io_read_file(paths[k], &bufs[k], &lens[k], err);
        if (s == PL_ENOMEM) return s;
        if (s != PL_OK && first == PL_OK) first = s;
    }
    return first;
}

pl_status pl_genius_load_files(const char *domain, const char *const *profiles, size_t n,
                               pl_scenario_t **out, pl_error_t *err)
{
    if (!out) return pl_error_set(err, PL_EINVAL, "no output scenario given");
    *out = NULL;
    if (!domain || (n && !profiles)) return pl_error_set(err, PL_EINVAL, "no domain file given");
    char *dbuf = NULL;
    size_t dlen = 0;
    char **bufs = pl_calloc(n ? n : 1, sizeof(char *));
    size_t *lens = pl_calloc(n ? n : 1, sizeof(size_t));
    pl_status s;
    if (!bufs || !lens) {
        s = pl_error_set(err, PL_ENOMEM, "out of memory");
        goto done;
    }
    s = pl_i_io_read_file(domain, &dbuf, &dlen, err);
    if (s == PL_ENOMEM) goto done;
    pl_status s2 = read_all(profiles, n, bufs, lens, err);
    if (s == PL_OK) s = s2;
    if (s != PL_OK) goto done;
    s = pl_i_genius_load_buffers(NULL, domain, dbuf, dlen, profiles, (const char *const *)bufs,
                                 lens, n, out, err);
done:
    for (size_t k = 0; k < n && bufs; k++) pl_free(bufs[k]);
    pl_free(bufs);
    pl_free(lens);
    pl_free(dbuf);
    return s;
}

/* ------------------------------------------------------------------------------------------ */
/* Folders                                                                                    */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* What a `.xml` file of the folder holds, judged from its bytes. */
typedef enum { FK_XML, FK_EMPTY, FK_BINARY, FK_TEXT } file_kind;

/* XML (first non-blank character '<' after a UTF-8 BOM, or a UTF-16 BOM: libxml2 decodes it),
 * empty (nothing but blanks), binary (a NUL or another control byte) or other text. */
static file_kind classify(const char *b, size_t n)
{
    const unsigned char *u = (const unsigned char *)b;
    if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) return FK_XML;
    size_t i = 0;
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) i = 3;
    for (size_t k = i; k < n; k++)
        if ((u[k] < 0x20 && u[k] != '\t' && u[k] != '\n' && u[k] != '\r' && u[k] != '\f') ||
            u[k] == 0x7F)
            return FK_BINARY;
    while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r' || b[i] == '\f')) i++;
    if (i == n) return FK_EMPTY;
    return b[i] == '<' ? FK_XML : FK_TEXT;
}

/* The folder's base name, trailing slashes ignored (pl_malloc'ed). */
static char *dir_name(const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') n--;
    size_t s = n;
    while (s > 0 && dir[s - 1] != '/') s--;
    char *r = pl_malloc(n - s + 1);
    if (!r) return NULL;
    memcpy(r, dir + s, n - s);
    r[n - s] = '\0';
    return r;
}

/*
 * Folders: every `*.xml` file in the folder is read. A file whose root is `negotiation_template`
 * is the domain, `utility_space` a profile; other XML roots are ignored. A `.xml` file that is
 * empty (or only blanks) or holds binary data (NUL or other control bytes) is an error
 * "FILE: ...", so a truncated or corrupt profile never silently drops a party. Plain text that
 * is not XML is ignored only in a file named `pareto.xml` (any case): GENIUS writes its Pareto
 * frontier there as comma-separated numbers; any other `.xml` file of plain text is an error.
 */
pl_status pl_genius_load_dir(const char *dir, pl_scenario_t **out, pl_error_t *err)
{
    if (!out) return pl_error_set(err, PL_EINVAL, "no output scenario given");
    *out = NULL;
    if (!dir) return pl_error_set(err, PL_EINVAL, "no folder given");
    DIR *d = opendir(dir);
    if (!d) return pl_error_at(err, PL_EIO, dir, 0, 0, "cannot open folder: %s", pl_i_io_reason(errno, (char[128]){0}, 128));
    gctx g = {err, dir, PL_OK, false};
    char **names = NULL, **paths = NULL, *name = NULL, *dlabel = NULL;
    size_t nn = 0, cap = 0, np = 0, dpos = PL_UNSET;
    xmlDocPtr *docs = NULL;
    const char **plabels = NULL;
    xmlDocPtr *pdocs = NULL;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t l = strlen(e->d_name);
        if (e->d_name[0] == '.' || l < 5 || strcasecmp(e->d_name + l - 4, ".xml") != 0) continue;
        if (nn == cap) {
            size_t nc = cap ? cap * 2 : 16;
            char **nb = pl_realloc(names, nc * sizeof(char *));
            if (!nb) {
                pl_i_genius_oom(&g);
                break;
            }
            names = nb;
            cap = nc;
        }
        names[nn] = pl_strdup(e->d_name);
        if (!names[nn]) {
            pl_i_genius_oom(&g);
            break;
        }
        nn++;
    }
    closedir(d);
    if (g.nomem) goto done;
    if (nn) qsort(names, nn, sizeof(char *), cmp_str);
    paths = pl_calloc(nn ? nn : 1, sizeof(char *));
    docs = pl_calloc(nn ? nn : 1, sizeof(xmlDocPtr));
    plabels = pl_calloc(nn ? nn : 1, sizeof(char *));
    pdocs = pl_calloc(nn ? nn : 1, sizeof(xmlDocPtr));
    if (!paths || !docs || !plabels || !pdocs) {
        pl_i_genius_oom(&g);
        goto done;
    }
    size_t dl = strlen(dir);
    bool slash = dl > 0 && dir[dl - 1] == '/';
    for (size_t k = 0; k < nn && !g.nomem; k++) {
        size_t len = dl + strlen(names[k]) + 2;
        paths[k] = pl_malloc(len);
        if (!paths[k]) {
            pl_i_genius_oom(&g);
            break;
        }
        snprintf(paths[k], len, "%s%s%s", dir, slash ? "" : "/", names[k]);
        char *buf = NULL;
        size_t blen = 0;
        pl_status s = pl_i_io_read_file(paths[k], &buf, &blen, err);
        if (s == PL_ENOMEM) {
            g.nomem = true;
            g.st = s;
            break;
        }
        if (s != PL_OK) {
            if (g.st == PL_OK) g.st = s;
            continue;
        }
        g.file = paths[k];
        switch (classify(buf, blen)) {
        case FK_XML:
            docs[k] = pl_i_genius_parse_xml(&g, buf, blen);
            break;
        case FK_EMPTY:
            pl_i_genius_diag(&g, PL_EPARSE, NULL,
                             "file is empty (a GENIUS domain or profile must be XML)");
            break;
        case FK_BINARY:
            pl_i_genius_diag(
                &g, PL_EPARSE, NULL,
                "not a text file (binary data; a GENIUS domain or profile must be XML)");
            break;
        case FK_TEXT:
            if (strcasecmp(names[k], "pareto.xml") != 0)
                pl_i_genius_diag(
                    &g, PL_EPARSE, NULL,
                    "not an XML file (only GENIUS's frontier file 'pareto.xml' may be plain text)");
            break; /* pareto.xml: the frontier GENIUS computed, not needed */
        }
        pl_free(buf);
        if (!docs[k]) continue;
        xmlNodePtr root = xmlDocGetRootElement(docs[k]);
        if (pl_i_genius_is_el(root, "negotiation_template")) {
            if (dpos != PL_UNSET) {
                g.file = paths[k];
                pl_i_genius_diag(&g, PL_EPARSE, root,
                                 "a second domain file in the folder (the first is %s)",
                                 names[dpos]);
            } else {
                dpos = k;
            }
        } else if (pl_i_genius_is_el(root, "utility_space")) {
            plabels[np] = paths[k];
            pdocs[np] = docs[k];
            np++;
        }
    }
    if (g.st != PL_OK) goto done;
    g.file = dir;
    if (dpos == PL_UNSET) {
        pl_i_genius_diag(&g, PL_EPARSE, NULL,
                         "no domain file (root element 'negotiation_template') in folder");
        goto done;
    }
    if (np == 0) {
        pl_i_genius_diag(&g, PL_EPARSE, NULL,
                         "no profile (root element 'utility_space') in folder");
        goto done;
    }
    name = dir_name(dir);
    if (!name) {
        pl_i_genius_oom(&g);
        goto done;
    }
    dlabel = paths[dpos];
    g.st = build(name, dir, dlabel, docs[dpos], plabels, pdocs, np, out, err);
done:
    for (size_t k = 0; k < nn; k++) {
        if (docs && docs[k]) xmlFreeDoc(docs[k]);
        if (paths) pl_free(paths[k]);
        pl_free(names[k]);
    }
    pl_free(names);
    pl_free(paths);
    pl_free(docs);
    pl_free(plabels);
    pl_free(pdocs);
    pl_free(name);
    return g.st;
}

