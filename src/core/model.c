/*
 * model.c: compile a scenario into dense per-issue utility tables (the additive
 * fast path every engine uses) and linkage terms, and evaluate outcomes on the compiled model:
 * utility with GENIUS hyper-rectangles and faction defection costs, requirements, mandates,
 * ratification (the rules themselves are compiled in model_rules.c).
 * The semantics are documented in docs/scenario-format.md ("Utility semantics").
 */
#include "model_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>



static double clamp01(double x) { return x < 0 ? 0 : (x > 1 ? 1 : x); }

/* Fill tab[i][v] = weight_i * e_i(v) for an actor in table or position form. */
static pl_status compile_tables(const pl_scenario_t *sc, const pl_actor_t *a, double **tab,
                                pl_error_t *err)
{
    size_t ni = sc->nissues;
    double wsum = 0;
    for (size_t i = 0; i < ni; i++) {
        const pl_stance_t *st = &a->stances[i];
        if (a->utility == PL_UTILITY_TABLE) {
            if (st->eval || st->has_linear) wsum += st->weight;
        } else if (st->has_position) {
            wsum += st->salience;
        }
    }
    if (!(wsum > 0))
        return pl_error_at(err, PL_EINVAL, sc->file, a->pos.line, a->pos.col,
                           "weights of actor '%s' sum to zero", a->name);
    if (!isfinite(wsum)) /* every weight / inf would be 0: utilities silently all zero */
        return pl_error_at(err, PL_EINVAL, sc->file, a->pos.line, a->pos.col,
                           "weights of actor '%s' sum to more than the largest number", a->name);
    for (size_t i = 0; i < ni; i++) {
        const pl_stance_t *st = &a->stances[i];
        const pl_issue_t *is = &sc->issues[i];
        size_t nv = is->nvalues;
        if (a->utility == PL_UTILITY_TABLE) {
            double w = st->weight / wsum;
            if (st->has_linear) {
                for (size_t v = 0; v < nv; v++)
                    tab[i][v] = w * clamp01(st->slope * (is->numeric[v] - is->lo) + st->offset);
            } else if (st->eval) {
                double mx = 0;
                for (size_t v = 0; v < nv; v++)
                    if (st->eval[v] > mx) mx = st->eval[v];
                for (size_t v = 0; v < nv; v++) tab[i][v] = mx > 0 ? w * (st->eval[v] / mx) : 0;
            }
        } else if (st->has_position) {
            double w = st->salience / wsum;
            for (size_t v = 0; v < nv; v++) {
                double e;
                if (is->kind == PL_ISSUE_CATEGORICAL && !is->ordered) {
                    e = (double)v == st->position ? 1.0 : 0.0;
                } else if (is->kind == PL_ISSUE_CATEGORICAL) {
                    e = nv > 1 ? 1.0 - fabs((double)v - st->position) / (double)(nv - 1) : 1.0;
                } else {
                    double span = is->hi - is->lo;
                    e = span > 0 ? 1.0 - fabs(is->numeric[v] - st->position) / span : 1.0;
                }
                tab[i][v] = w * clamp01(e);
            }
        }
    }
    return PL_OK;
}

void pl_model_free(pl_model_t *m)
{
    if (!m) return;
    if (m->table) {
        for (size_t a = 0; a < m->nactors; a++) {
            if (!m->table[a]) continue;
            for (size_t i = 0; i < m->nissues; i++) pl_free(m->table[a][i]);
            pl_free(m->table[a]);
        }
        pl_free(m->table);
    }
    pl_free(m->nvalues);
    pl_free(m->additive);
    pl_free(m->reservation);
    pl_free(m->linkage_shift);
    pl_free(m->threshold);
    pl_free(m->expected_no_deal);
    pl_free(m->deal_bonus);
    pl_free(m->parties);
    pl_i_model_free_accept(m);
    pl_i_model_free_rules(m);
    pl_free(m);
}

pl_status pl_model_compile(const pl_scenario_t *sc, pl_model_t **out, pl_error_t *err)
{
    *out = NULL;
    if (!sc) return pl_error_set(err, PL_EINVAL, "no scenario");
    if (sc->nissues == 0)
        return pl_error_at(err, PL_EINVAL, sc->file, 0, 0, "the outcome space is empty: no issues");
    pl_model_t *m = pl_calloc(1, sizeof *m);
    if (!m) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_status s = PL_OK;
    m->sc = sc;
    m->nissues = sc->nissues;
    m->nactors = sc->nactors;
    size_t na = sc->nactors ? sc->nactors : 1;
    m->nvalues = pl_calloc(sc->nissues, sizeof *m->nvalues);
    m->table = pl_calloc(na, sizeof *m->table);
    m->additive = pl_calloc(na, sizeof *m->additive);
    m->reservation = pl_calloc(na, sizeof(double));
    m->linkage_shift = pl_calloc(na, sizeof(double));
    m->threshold = pl_calloc(na, sizeof(double));
    m->expected_no_deal = pl_calloc(na, sizeof(double));
    m->deal_bonus = pl_calloc(na, sizeof(double));
    m->parties = pl_calloc(na, sizeof *m->parties);
    if (!m->nvalues || !m->table || !m->additive || !m->reservation || !m->linkage_shift ||
        !m->threshold || !m->expected_no_deal || !m->deal_bonus || !m->parties) {
        s = pl_error_set(err, PL_ENOMEM, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < sc->nissues; i++) {
        m->nvalues[i] = sc->issues[i].nvalues;
        if (m->nvalues[i] == 0) {
            s = pl_error_at(err, PL_EINVAL, sc->file, sc->issues[i].pos.line, sc->issues[i].pos.col,
                            "the outcome space is empty: issue '%s' has no values",
                            sc->issues[i].name);
            goto fail;
        }
    }
    s = pl_i_model_compile_rules(m, err);
    if (s != PL_OK) goto fail;
    for (size_t a = 0; a < sc->nactors; a++) {
        const pl_actor_t *ac = &sc->actors[a];
        if (ac->role == PL_ROLE_PARTY) m->parties[m->nparties++] = a;
        m->reservation[a] = ac->reservation;
        bool tabled = (ac->utility == PL_UTILITY_TABLE || ac->utility == PL_UTILITY_POSITION) &&
                      ac->stances;
        /* a faction that can defect makes its party's utility depend on the faction's vote */
        m->additive[a] = tabled && m->actor[a].ndefectors == 0;
        if (ac->utility == PL_UTILITY_HYPER) m->additive[a] = false;
        if (!tabled) continue;
        m->table[a] = pl_calloc(sc->nissues, sizeof(double *));
        if (!m->table[a]) {
            s = pl_error_set(err, PL_ENOMEM, "out of memory");
            goto fail;
        }
        for (size_t i = 0; i < sc->nissues; i++) {
            m->table[a][i] = pl_calloc(m->nvalues[i], sizeof(double));
            if (!m->table[a][i]) {
                s = pl_error_set(err, PL_ENOMEM, "out of memory");
                goto fail;
            }
        }
        s = compile_tables(sc, ac, m->table[a], err);
        if (s != PL_OK) goto fail;
    }
    for (size_t l = 0; l < sc->nlinkages; l++) {
        const pl_linkage_t *lk = &sc->linkages[l];
        if (!lk->effect) continue;
        for (size_t a = 0; a < sc->nactors; a++) {
            m->linkage_shift[a] += (lk->p_no_deal - lk->p_deal) * lk->effect[a];
            m->expected_no_deal[a] += lk->p_no_deal * lk->effect[a];
            m->deal_bonus[a] += lk->p_deal * lk->effect[a];
        }
    }
    for (size_t a = 0; a < sc->nactors; a++) {
        m->threshold[a] = m->reservation[a] + m->linkage_shift[a];
        m->expected_no_deal[a] += m->reservation[a];
    }
    pl_i_model_apply_guarantees(m);
    s = pl_i_model_compile_accept(m, err);
    if (s != PL_OK) goto fail;
    *out = m;
    return PL_OK;
fail:
    pl_model_free(m);
    return s;
}

double pl_model_utility_additive(const pl_model_t *m, size_t a, const size_t *o)
{
    double *const *t = m->table[a];
    if (!t) return 0;
    double u = 0;
    for (size_t i = 0; i < m->nissues; i++) u += t[i][o[i]];
    return u;
}

static double hyper_utility(const pl_i_actor_t *ac, const size_t *o)
{
    double sum = 0;
    for (size_t r = 0; r < ac->nrects; r++) {
        const pl_i_rect_t *h = &ac->rects[r];
        bool in = true;
        for (size_t b = 0; b < h->nbounds && in; b++) {
            size_t v = o[h->issue[b]];
            in = v >= h->min[b] && v <= h->max[b];
        }
        if (in) sum += h->utility;
    }
    if (ac->rect_max > 0) sum /= ac->rect_max;
    return sum > 1 ? 1 : sum;
}

/* Utility before faction defection costs (the faction's own accept test needs it too). */
static double base_utility(const pl_model_t *m, size_t a, const size_t *o)
{
    double u = pl_model_utility_additive(m, a, o);
    if (m->actor[a].hyper) u += hyper_utility(&m->actor[a], o);
    return u;
}

bool pl_model_requirements_met(const pl_model_t *m, size_t a, const size_t *o)
{
    return pl_i_allow_all(m->actor[a].require, m->actor[a].nrequire, o);
}

static bool accepts_base(const pl_model_t *m, size_t a, const size_t *o)
{
    return pl_model_requirements_met(m, a, o) &&
           base_utility(m, a, o) >= m->threshold[a] - PL_TOL;
}

double pl_model_utility(const pl_model_t *m, size_t a, const size_t *o)
{
    double u = base_utility(m, a, o);
    const pl_i_actor_t *ac = &m->actor[a];
    if (m->additive[a] || ac->role != PL_ROLE_PARTY) return u;
    /* a party loses each defecting faction's cost: factions never have factions themselves,
     * so this recursion stops after one level */
    for (size_t k = 0; k < ac->ndefectors; k++) {
        size_t f = ac->defectors[k];
        if (!accepts_base(m, f, o)) u -= m->actor[f].defection_cost;
    }
    return u;
}

bool pl_model_accepts(const pl_model_t *m, size_t a, const size_t *o)
{
    /* an outcome a constraint forbids is no package at all: nobody accepts it */
    return pl_i_allowed(m, o) && pl_model_requirements_met(m, a, o) &&
           pl_model_utility(m, a, o) >= m->threshold[a] - PL_TOL;
}

bool pl_model_within_mandate(const pl_model_t *m, size_t d, const size_t *o)
{
    return pl_i_allow_all(m->actor[d].mandate, m->actor[d].nmandate, o);
}

bool pl_model_space_size(const pl_model_t *m, uint64_t *n)
{
    uint64_t total = 1;
    for (size_t i = 0; i < m->nissues; i++) {
        if (m->nvalues[i] != 0 && total > UINT64_MAX / m->nvalues[i]) {
            *n = UINT64_MAX;
            return false;
        }
        total *= m->nvalues[i];
    }
    *n = total;
    return true;
}

const char *pl_model_space_size_str(const pl_model_t *m, char *buf, size_t size)
{
    /* decimal digits, least significant first; 1 digit per 3.32 bits is plenty */
    unsigned char dig[1024];
    size_t nd = 1;
    bool over = false;
    double lg = 0;
    dig[0] = 1;
    for (size_t i = 0; i < m->nissues; i++) {
        uint64_t carry = 0, f = m->nvalues[i];
        if (f) lg += log10((double)f);
        for (size_t k = 0; k < nd; k++) {
            uint64_t x = (uint64_t)dig[k] * f + carry;
            dig[k] = (unsigned char)(x % 10);
            carry = x / 10;
        }
        while (carry && nd < sizeof dig) {
            dig[nd++] = (unsigned char)(carry % 10);
            carry /= 10;
        }
        if (carry) over = true;
    }
    if (over || nd + 1 > size) {
        /* too long to write out here: "about 1.15e+78" rather than a number cut short */
        int e = (int)floor(lg);
        double mant = pow(10, lg - e);
        if (mant >= 9.995) mant /= 10, e++;
        if (size) snprintf(buf, size, "about %.2fe+%d", mant, e);
        return buf;
    }
    size_t j = 0;
    for (size_t k = nd; k-- > 0;) buf[j++] = (char)('0' + dig[k]);
    buf[j] = '\0';
    return buf;
}

uint64_t pl_model_outcome_index(const pl_model_t *m, const size_t *o)
{
    uint64_t idx = 0;
    for (size_t i = 0; i < m->nissues; i++) idx = idx * m->nvalues[i] + o[i];
    return idx;
}

bool pl_model_outcome_next(const pl_model_t *m, size_t *o)
{
    for (size_t i = m->nissues; i-- > 0;) {
        if (++o[i] < m->nvalues[i]) return true;
        o[i] = 0;
    }
    return false;
}

void pl_model_outcome_from_index(const pl_model_t *m, uint64_t index, size_t *o)
{
    for (size_t i = m->nissues; i-- > 0;) {
        o[i] = (size_t)(index % m->nvalues[i]);
        index /= m->nvalues[i];
    }
}
