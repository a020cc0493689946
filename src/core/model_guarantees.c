/*
 * model_guarantees.c: a guarantor's or verifier's commitments compiled into the model: a
 * guaranteed linkage takes the guarantee's probabilities (the linkage terms of every actor are
 * recomputed from them) and a guarantee to an actor shifts its acceptance threshold.
 */
#include "model_internal.h"

#include <math.h>

void pl_i_model_apply_guarantees(pl_model_t *m)
{
    const pl_scenario_t *sc = m->sc;
    bool any = false;
    for (size_t a = 0; a < sc->nactors; a++) any = any || sc->actors[a].nguarantees > 0;
    if (!any) return; /* bit for bit the model compiled without them */
    for (size_t a = 0; a < sc->nactors; a++)
        for (size_t g = 0; g < sc->actors[a].nguarantees; g++) {
            const pl_guarantee_t *gu = &sc->actors[a].guarantees[g];
            if (gu->linkage == PL_UNSET || gu->linkage >= m->nlinkages) continue;
            if (!isnan(gu->p_deal)) m->p_deal[gu->linkage] = gu->p_deal;
            if (!isnan(gu->p_no_deal)) m->p_no_deal[gu->linkage] = gu->p_no_deal;
        }
    /* the linkage terms as model.c computes them, from the (guaranteed) probabilities */
    size_t na = m->nactors;
    for (size_t a = 0; a < na; a++) {
        double shift = 0, no_deal = 0, bonus = 0;
        for (size_t l = 0; l < m->nlinkages; l++) {
            double e = m->effect[l * na + a];
            shift += (m->p_no_deal[l] - m->p_deal[l]) * e;
            no_deal += m->p_no_deal[l] * e;
            bonus += m->p_deal[l] * e;
        }
        m->linkage_shift[a] = shift;
        m->expected_no_deal[a] = no_deal + m->reservation[a];
        m->deal_bonus[a] = bonus;
        m->threshold[a] = m->reservation[a] + shift;
    }
    for (size_t a = 0; a < sc->nactors; a++)
        for (size_t g = 0; g < sc->actors[a].nguarantees; g++) {
            const pl_guarantee_t *gu = &sc->actors[a].guarantees[g];
            if (gu->actor != PL_UNSET && gu->actor < na) m->threshold[gu->actor] += gu->threshold;
        }
}
