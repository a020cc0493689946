/*
 * yaml_load.c: the scenario language loader (docs/scenario-format.md). Parses the file into a
 * node tree (yaml_tree.c), applies the selected variant as a deep-merge overlay, collects every
 * `source` note, then builds and validates a pl_scenario_t, reporting every problem it finds
 * as "FILE:LINE:COL: message" before failing with PL_EPARSE. The sections are read by
 * yaml_issues.c, yaml_actors.c, yaml_deals.c and yaml_variants.c (yaml_load_internal.h).
 */
#include "io_internal.h"
#include "yaml_load_internal.h"

#include <parley/pl_io.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- notes: every `source` key anywhere, with its dotted path ---- */

static bool add_note(ld *L, const char *path, const char *text)
{
    pl_scenario_t *sc = L->sc;
    pl_note_t *nn = pl_realloc(sc->notes, (sc->nnotes + 1) * sizeof *nn);
    if (!nn) return !(L->oom = true);
    sc->notes = nn;
    nn[sc->nnotes].path = pl_i_ystrdup(L, path);
    nn[sc->nnotes].source = pl_i_ystrdup(L, text);
    sc->nnotes++;
    return !L->oom;
}

static void collect_notes(ld *L, const pl_i_ynode *n, char *path, size_t plen, size_t cap)
{
    if (!n || L->oom) return;
    if (n->kind == PL_I_YSCALAR) return;
    for (size_t i = 0; i < n->n; i++) {
        char seg[32];
        const char *k;
        if (n->kind == PL_I_YMAP) {
            k = n->keys[i]->text;
            if (strcmp(k, "source") == 0) {
                const pl_i_ynode *v = n->items[i];
                if (v->kind != PL_I_YSCALAR)
                    pl_i_yerr(L, v, "'source' must be text, not %s", pl_i_ykind_name(v));
                else if (!pl_i_ynode_is_null(v))
                    add_note(L, path, v->text);
                continue;
            }
        } else {
            snprintf(seg, sizeof seg, "%zu", i);
            k = seg;
        }
        size_t kl = strlen(k), np = plen + (plen ? 1 : 0) + kl;
        if (np + 1 > cap) continue; /* absurdly long path: notes below it are dropped */
        if (plen) path[plen] = '.';
        memcpy(path + plen + (plen ? 1 : 0), k, kl + 1);
        collect_notes(L, n->items[i], path, np, cap);
        path[plen] = '\0';
    }
}

/* Top level `round: {days: D}` or `{hours: H}`: the calendar time one round stands for. */
static void load_round(ld *L)
{
    const pl_i_ynode *n = pl_i_ymap_get(L->root, "round");
    if (pl_i_yabsent(n)) return;
    static const char *const hint = "a round is {days: N} or {hours: N}";
    if (n->kind != PL_I_YMAP) {
        pl_i_yerr(L, n, "'round' must be a mapping (%s), not %s", hint, pl_i_ykind_name(n));
        return;
    }
    static const char *const units[] = {"days", "hours"};
    double x;
    int u = pl_i_yload_units(L, n, units, 2, "'round'", hint, &x);
    if (u < 0) return;
    double d = u == 0 ? x : x / 24;
    if (!(d > 0) || !isfinite(d))
        pl_i_yerr(L, n, "'round' of %g %s is too short", x, units[u]);
    else
        L->sc->round_days = d;
}

/* Top level `start: YYYY-MM-DD`: the calendar date of day 1 (deadlines may then be dates). */
static void load_start(ld *L)
{
    const pl_i_ynode *n = pl_i_yunwrap(L, pl_i_ymap_get(L->root, "start"), "'start'");
    const char *t;
    if (!pl_i_yget_text(L, n, "'start'", &t)) return;
    if (!pl_date_parse(t, NULL))
        pl_i_yerr(L, n, "'start' %.*s is not a date (write YYYY-MM-DD, e.g. 2024-08-15)", NM(t));
    else
        L->sc->start = pl_i_ystrdup(L, t);
}

/* ---- the document ---- */

static const char *const top_keys[] = {"parley", "name", "description", "round", "start", "issues",
                                       "actors", "ratification", "linkages", "proposals",
                                       "variants", "decision", "constraints"};

static pl_status load_tree(ld *L, pl_i_ynode *root, pl_scenario_t **out)
{
    pl_scenario_t *sc = L->sc;
    pl_i_ynode fake = {.line = 1, .col = 1};
    if (!root || pl_i_ynode_is_null(root)) {
        pl_i_yerr(L, &fake, "the document is empty (a scenario starts with 'parley: 1')");
        return PL_EPARSE;
    }
    if (root->kind != PL_I_YMAP) {
        pl_i_yerr(L, root, "the document must be a mapping (parley, name, issues, actors, ...), not %s",
                  pl_i_ykind_name(root));
        return PL_EPARSE;
    }
    /* variant: check names, apply the overlay */
    const pl_i_ynode *vs = pl_i_ymap_get(root, "variants");
    if (L->variant) {
        const pl_i_ynode *ov = vs && vs->kind == PL_I_YMAP ? pl_i_ymap_get(vs, L->variant) : NULL;
        if (!ov || strcmp(L->variant, "source") == 0) {
            char known[600] = "";
            size_t len = 0;
            for (size_t i = 0; vs && vs->kind == PL_I_YMAP && i < vs->n && len < sizeof known; i++) {
                if (strcmp(vs->keys[i]->text, "source") == 0) continue;
                len += (size_t)snprintf(known + len, sizeof known - len, "%s'%.80s'",
                                        len ? ", " : "", vs->keys[i]->text);
            }
            const char *v = L->variant;
            L->variant = NULL;
            if (len)
                pl_i_yerr(L, NULL, "unknown variant '%.*s' (known: %s)", NM(v), known);
            else
                pl_i_yerr(L, NULL, "unknown variant '%.*s' (the scenario defines no variants)", NM(v));
            L->err->code = PL_ENOTFOUND;
            return PL_ENOTFOUND;
        }
    }
    /* keep a copy of the base document for the variants' name checks */
    pl_i_ynode *base = pl_i_ynode_copy(root);
    if (!base) {
        L->oom = true;
        goto done;
    }
    if (L->variant) {
        if (!pl_i_yapply_overlay(L, root, pl_i_ymap_get(vs, L->variant))) goto done;
        if (!(sc->variant = pl_i_ystrdup(L, L->variant))) goto done;
    }
    L->root = root;
    pl_i_ycheck_keys(L, root, top_keys, sizeof top_keys / sizeof *top_keys, "the scenario");
    /* version */
    const pl_i_ynode *vn = pl_i_yunwrap(L, pl_i_ymap_get(root, "parley"), "'parley'");
    if (pl_i_yabsent(vn)) {
        pl_i_yerr(L, root, "the scenario has no 'parley' version key (write 'parley: 1' first)");
    } else if (vn->kind != PL_I_YSCALAR || strcmp(vn->text, "1") != 0) {
        pl_i_yerr(L, vn, "unknown format version 'parley: %.*s' (this version of parley reads 1)",
                  NM(vn->kind == PL_I_YSCALAR ? vn->text : pl_i_ykind_name(vn)));
    }
    pl_i_yset_text(L, &sc->name, pl_i_ymap_get(root, "name"), "'name'");
    pl_i_yset_text(L, &sc->description, pl_i_ymap_get(root, "description"), "'description'");
    sc->source = pl_i_ystrdup(L, pl_i_ysource_of(L, root));
    {
        char path[2048] = "";
        collect_notes(L, root, path, 0, sizeof path);
    }
    if (!L->oom) pl_i_yuncertain_prepare(L, root);
    if (!L->oom) pl_i_yload_issues(L);
    /* safety net: an issue that failed must have said why */
    for (size_t i = 0; !L->oom && L->ndiags == 0 && i < sc->nissues; i++)
        if (sc->issues[i].nvalues == 0 || !L->issue_ok[i]) {
            pl_i_ynode at = {.line = sc->issues[i].pos.line, .col = sc->issues[i].pos.col};
            pl_i_yerr(L, &at, "issue '%.*s' has no values", NM(sc->issues[i].name ? sc->issues[i].name : "?"));
        }
    load_round(L); /* before the actors: deadlines in days need the round length */
    load_start(L); /* and deadlines as dates the start date */
    if (!L->oom) pl_i_yload_actors(L);
    if (!L->oom) pl_i_yload_ratification(L);
    if (!L->oom) pl_i_yload_decision(L);
    if (!L->oom) pl_i_yload_constraints(L);
    if (!L->oom) pl_i_yload_linkages(L);
    if (!L->oom) pl_i_yload_guarantees(L);
    if (!L->oom) pl_i_yload_proposals(L);
    if (!L->oom) pl_i_yload_variants(L, base);
    if (!L->oom) pl_i_yuncertain_resolve(L);
done:
    pl_i_ynode_free(base);
    if (L->oom) return pl_error_set(L->err, PL_ENOMEM, "out of memory");
    if (L->ndiags) return PL_EPARSE;
    *out = sc;
    return PL_OK;
}

/* Report in file order: stable insertion sort of the diagnostics added by this load. */
static void sort_diags(pl_error_t *err, size_t from)
{
    for (size_t i = from + 1; i < err->ndiags; i++) {
        pl_diag_t d = err->diags[i];
        size_t j = i;
        while (j > from && (err->diags[j - 1].line > d.line ||
                            (err->diags[j - 1].line == d.line && err->diags[j - 1].col > d.col))) {
            err->diags[j] = err->diags[j - 1];
            j--;
        }
        err->diags[j] = d;
    }
    if (from == 0 && err->ndiags > 0) pl_error_format(err, 0, err->message, sizeof err->message);
}

static pl_status load_text(const char *text, size_t len, const char *name,
                           const pl_load_opts_t *opts, bool set_file, pl_scenario_t **out,
                           pl_error_t *err)
{
    pl_error_t local;
    pl_error_init(&local);
    if (!err) err = &local;
    *out = NULL;
    ld L;
    memset(&L, 0, sizeof L);
    L.file = name ? name : "<string>";
    L.variant = opts ? opts->variant : NULL;
    L.sets = opts ? opts->sets : NULL;
    L.nsets = opts ? opts->nsets : 0;
    L.err = err;
    pl_i_ynode *root = NULL;
    size_t before = err->ndiags;
    pl_status s = pl_i_yaml_parse(text, len, L.file, &root, err);
    bool parse_failed = s == PL_EPARSE && root;
    if (parse_failed) {
        /* duplicate keys or aliases: go on and report the other problems too */
        L.ndiags = err->ndiags - before;
        s = PL_OK;
    }
    if (s == PL_OK) {
        L.sc = pl_scenario_alloc();
        if (!L.sc) {
            s = pl_error_set(err, PL_ENOMEM, "out of memory");
        } else {
            if (set_file && !(L.sc->file = pl_strdup(name))) L.oom = true;
            s = L.oom ? pl_error_set(err, PL_ENOMEM, "out of memory") : load_tree(&L, root, out);
            if (s == PL_OK && parse_failed) {
                *out = NULL;
                s = PL_EPARSE;
            }
            if (s != PL_OK) pl_scenario_free(L.sc);
        }
    } else if (s == PL_EPARSE && err->ndiags == before) {
        s = pl_error_at(err, PL_EPARSE, L.file, 0, 0, "malformed YAML");
    }
    sort_diags(err, before);
    pl_free(L.issue_ok);
    pl_i_strmap_free(&L.actor_ix);
    pl_i_strmap_free(&L.issue_ix);
    pl_i_ynode_free(root);
    if (s != PL_OK && err->code == PL_OK) err->code = s;
    pl_error_destroy(&local);
    return s;
}

pl_status pl_i_yaml_load_text(const char *text, size_t len, const char *name,
                              const pl_load_opts_t *opts, pl_scenario_t **out, pl_error_t *err)
{
    return load_text(text, len, name, opts, true, out, err);
}

pl_status pl_scenario_load_yaml_string(const char *text, size_t len, const char *name,
                                       const char *variant, pl_scenario_t **out, pl_error_t *err)
{
    if (!out) return pl_error_set(err, PL_EINVAL, "no output scenario given");
    *out = NULL;
    if (!text && len) return pl_error_set(err, PL_EINVAL, "no text given");
    pl_load_opts_t o = {.variant = variant};
    return load_text(text ? text : "", len, name, &o, false, out, err);
}

pl_status pl_scenario_load_yaml(const char *path, const char *variant, pl_scenario_t **out,
                                pl_error_t *err)
{
    pl_load_opts_t o = {.variant = variant};
    return pl_scenario_load_yaml_opts(path, &o, out, err);
}

pl_status pl_scenario_load_yaml_opts(const char *path, const pl_load_opts_t *opts,
                                     pl_scenario_t **out, pl_error_t *err)
{
    if (!out) return pl_error_set(err, PL_EINVAL, "no output scenario given");
    *out = NULL;
    if (!path) return pl_error_set(err, PL_EINVAL, "no file name given");
    char *buf = NULL;
    size_t len = 0;
    PL_CHECK(pl_i_io_read_file(path, &buf, &len, err));
    /* standard input ("-") is named as the messages name it */
    pl_status s = load_text(buf, len, strcmp(path, "-") == 0 ? PL_I_IO_STDIN : path, opts, true,
                            out, err);
    pl_free(buf);
    return s;
}
