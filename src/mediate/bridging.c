/*
 * bridging.c: the packages a mediator could table. One pass over the outcome space keeps
 * every package that passes all rules (each party accepts, delegations stay in their mandate,
 * participation conditions and ratification rules hold); they are then ranked by the Nash
 * product over thresholds, the smallest normalised gain (Kalai-Smorodinsky, ideals taken over
 * the passing set) and robustness (smallest slack of a veto player). When nothing passes, a
 * second pass finds the package that needs the least total threshold move.
 */
#include <math.h>
#include <string.h>

#include "mediate_internal.h"

void pl_mediate_bridging_init(pl_mediate_bridging_t *b)
{
    memset(b, 0, sizeof *b);
    pl_mediate_package_init(&b->closest);
}

void pl_mediate_bridging_destroy(pl_mediate_bridging_t *b)
{
    if (!b) return;
    for (int c = 0; c < PL_MEDIATE_NCRITERIA; c++) {
        for (size_t k = 0; k < b->nrank[c]; k++) pl_mediate_package_destroy(&b->rank[c][k]);
        pl_free(b->rank[c]);
    }
    pl_mediate_package_destroy(&b->closest);
    pl_free(b->ideal);
    pl_mediate_bridging_init(b);
}

typedef struct passing {
    uint64_t *idx;
    double *score;   /* per row: nash, robustness, party sum, then party utilities */
    size_t n, cap, width;
} passing;

static pl_status passing_add(passing *p, uint64_t idx, const double *row)
{
    if (p->n == p->cap) {
        size_t nc = p->cap ? p->cap * 2 : 1024;
        uint64_t *ni = pl_realloc(p->idx, nc * sizeof *ni);
        if (!ni) return PL_ENOMEM;
        p->idx = ni;
        double *ns = pl_realloc(p->score, nc * p->width * sizeof *ns);
        if (!ns) return PL_ENOMEM;
        p->score = ns;
        p->cap = nc;
    }
    p->idx[p->n] = idx;
    memcpy(p->score + p->n * p->width, row, p->width * sizeof *row);
    p->n++;
    return PL_OK;
}

/* is candidate x better than y for criterion c? (scores, then party sum, then lower index) */
static bool better(const double *kx, const double *ky, double sx, double sy, uint64_t ix,
                   uint64_t iy)
{
    if (*kx > *ky + PL_TOL) return true;
    if (*kx < *ky - PL_TOL) return false;
    if (sx > sy + PL_TOL) return true;
    if (sx < sy - PL_TOL) return false;
    return ix < iy;
}

pl_status pl_mediate_bridging(const pl_model_t *m, const pl_mediate_options_t *opt,
                              pl_mediate_bridging_t *out, pl_error_t *err)
{
    pl_mediate_options_t dflt;
    if (!opt) {
        pl_mediate_options_init(&dflt);
        opt = &dflt;
    }
    pl_mediate_bridging_destroy(out);
    uint64_t space;
    PL_CHECK(pl_i_space(m, opt, &space, err));
    pl_i_eval_t ev;
    PL_CHECK(pl_i_eval_init(&ev, m, opt->without_linkages, err));
    size_t np = ev.nparties, na = ev.na;
    passing ps = {.width = 3 + np};
    size_t *o = pl_calloc(ev.ni, sizeof *o);
    double *row = pl_calloc(3 + np, sizeof(double));
    double *ks = NULL;
    size_t *sel = NULL;
    out->ideal = pl_calloc(na ? na : 1, sizeof(double));
    pl_status s = PL_OK;
    if (!o || !row || !out->ideal) {
        s = pl_error_set(err, PL_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t a = 0; a < na; a++) out->ideal[a] = NAN;
    out->space = space;
    uint64_t idx = 0;
    do {
        if (pl_i_eval_run(&ev, o)) {
            row[0] = 1;
            for (size_t k = 0; k < np; k++) {
                size_t p = ev.parties[k];
                double g = ev.u[p] - ev.thr[p];
                row[0] *= g > 0 ? g : 0;
                row[3 + k] = ev.u[p];
            }
            row[1] = pl_i_robustness(&ev, NULL);
            row[2] = pl_i_party_sum(&ev);
            for (size_t a = 0; a < na; a++)
                if (ev.has_pref[a] && !(ev.u[a] <= out->ideal[a])) out->ideal[a] = ev.u[a];
            if (passing_add(&ps, idx, row) != PL_OK) {
                s = pl_error_set(err, PL_ENOMEM, "out of memory");
                goto done;
            }
        }
        idx++;
    } while (pl_model_outcome_next(m, o));
    out->npassing = ps.n;
    size_t k = opt->top_k ? opt->top_k : 3;
    if (k > ps.n) k = ps.n;
    if (ps.n) {
        ks = pl_calloc(ps.n, sizeof(double));
        sel = pl_calloc(k, sizeof(size_t));
        if (!ks || !sel) {
            s = pl_error_set(err, PL_ENOMEM, "out of memory");
            goto done;
        }
        for (size_t r = 0; r < ps.n; r++) {
            const double *sc = ps.score + r * ps.width;
            double mn = INFINITY;
            for (size_t j = 0; j < np; j++) {
                size_t p = ev.parties[j];
                double span = out->ideal[p] - ev.thr[p], g = sc[3 + j] - ev.thr[p];
                double x = span > PL_TOL ? g / span : 1;
                if (x < mn) mn = x;
            }
            ks[r] = isinf(mn) ? 0 : mn;
        }
    }
    for (int c = 0; c < PL_MEDIATE_NCRITERIA && ps.n; c++) {
        /* k best by repeated selection (k is small) */
        size_t nsel = 0;
        for (size_t t = 0; t < k; t++) {
            size_t best = PL_UNSET;
            for (size_t r = 0; r < ps.n; r++) {
                bool taken = false;
                for (size_t q = 0; q < nsel && !taken; q++) taken = sel[q] == r;
                if (taken) continue;
                const double *sr = ps.score + r * ps.width;
                const double *kr = c == PL_MEDIATE_NASH ? &sr[0] : c == PL_MEDIATE_ROBUST ? &sr[1] : &ks[r];
                if (best == PL_UNSET) {
                    best = r;
                    continue;
                }
                const double *sb = ps.score + best * ps.width;
                const double *kb = c == PL_MEDIATE_NASH ? &sb[0] : c == PL_MEDIATE_ROBUST ? &sb[1] : &ks[best];
                if (better(kr, kb, sr[2], sb[2], ps.idx[r], ps.idx[best])) best = r;
            }
            sel[nsel++] = best;
        }
        out->rank[c] = pl_calloc(nsel, sizeof(pl_mediate_package_t));
        if (!out->rank[c]) {
            s = pl_error_set(err, PL_ENOMEM, "out of memory");
            goto done;
        }
        out->nrank[c] = nsel;
        for (size_t t = 0; t < nsel; t++) {
            pl_mediate_package_init(&out->rank[c][t]);
            pl_model_outcome_from_index(m, ps.idx[sel[t]], o);
            s = pl_i_package_fill(&ev, o, out->ideal, &out->rank[c][t], err);
            if (s != PL_OK) goto done;
        }
    }
    if (ps.n == 0) {
        /* nothing passes: the package that needs the least total threshold move */
        double best = INFINITY, best_sum = -INFINITY;
        uint64_t best_idx = 0;
        memset(o, 0, ev.ni * sizeof *o);
        idx = 0;
        do {
            double c = pl_i_cost_to_pass(&ev, o, ~(uint64_t)0, NULL, NULL);
            if (c < INFINITY) {
                memset(ev.forced, 0, na * sizeof *ev.forced);
                pl_i_eval_run(&ev, o);
                double sum = pl_i_party_sum(&ev);
                if (c < best - PL_TOL || (c < best + PL_TOL && sum > best_sum + PL_TOL)) {
                    best = c;
                    best_sum = sum;
                    best_idx = idx;
                }
            }
            idx++;
        } while (pl_model_outcome_next(m, o));
        if (best < INFINITY) {
            out->has_closest = true;
            pl_model_outcome_from_index(m, best_idx, o);
            s = pl_i_package_fill(&ev, o, NULL, &out->closest, err);
        }
    }
done:
    pl_free(o);
    pl_free(row);
    pl_free(ks);
    pl_free(sel);
    pl_free(ps.idx);
    pl_free(ps.score);
    pl_i_eval_destroy(&ev);
    if (s != PL_OK) pl_mediate_bridging_destroy(out);
    return s;
}
