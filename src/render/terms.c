/*
 * terms.c: the glossary of every term parley's outputs use, in one table: `parley help terms`
 * prints it and the report ends with it. Plain data; needs no cairo.
 */
#include <parley/pl_render.h>

/* alphabetical (case-insensitive) */
static const pl_render_term_t terms[] = {
    {"acceptance",
     "An actor accepts a package when its hard requirements hold and its utility is at least its "
     "threshold (within 1e-12). A party accepts through its delegation, which must also stay "
     "inside its mandate."},
    {"actor",
     "A party, delegation, faction, mediator or external actor with its details: seats (its "
     "weight in votes), a deadline (the last round it negotiates), 'joins at' (the utility an "
     "absent party needs to come to the table), a defection cost (what its party loses when it "
     "defects) and a mediator's instruments (the most it may pay or press, in utility units). "
     "'via' names the mediators an absent party talks through."},
    {"amendment", "A proposal written as changes to another; plots draw an arrow from the "
                  "proposal it amends."},
    {"Banzhaf index",
     "Of a voting body: how often a member's vote swings the result (a winning coalition that "
     "loses without it), over all coalitions. 'Raw' divides the swings by 2^(n-1); 'normalised' "
     "makes the members' indices sum to 1."},
    {"blocking set (minimal)",
     "A smallest group of veto players whose refusal alone keeps a package from passing: if all "
     "of them accepted, it would pass. Counted over the packages for which they are such a set."},
    {"bridging package",
     "A package that every party accepts, inside every mandate, that every ratification body "
     "passes; ranked by Nash product, worst normalised gain and smallest slack."},
    {"constraint",
     "A rule across issues that forbids some packages outright (never these values together, "
     "or if these values then those): nobody accepts a package it forbids."},
    {"decision rule",
     "How the table decides: unanimity (every party consents), sufficient consensus (at least a "
     "share of the weight, counted per party, by clout or by seats) or majority (more than half); "
     "a required party's no blocks whatever the share."},
    {"distance to the frontier",
     "Euclidean distance, in the parties' utility space (utility units, each party's utility on "
     "its own 0-1 scale), from an outcome to the nearest Pareto-optimal rational outcome; 0 on "
     "the frontier. Distance to Nash is the same measure to the Nash point."},
    {"egalitarian point",
     "The rational outcome whose smallest gain over the thresholds is largest (ties: the larger "
     "sum of utilities)."},
    {"feasible",
     "Accepted by every party, inside every delegation's mandate and passed by every "
     "ratification rule: a deal that could actually be signed and survive. Feasible outcomes are "
     "a subset of the rational ones."},
    {"issue",
     "A question a package settles and the values it can take: ordered or unordered options, or "
     "numbers from a range in steps (integer, real). A package gives every issue one value."},
    {"Kalai-Smorodinsky point",
     "The rational outcome on the Pareto frontier where every chosen actor gets the same share "
     "of its best possible gain (the largest smallest normalised gain)."},
    {"leverage",
     "The least use of a mediator's instruments (side payments, penalties; in utility units) "
     "that makes some package pass, alone or together."},
    {"linkage",
     "An outside actor's action tied to the talks (such as a retaliation), with a probability with "
     "and without a deal and an effect on each actor's utility; it shifts the thresholds."},
    {"Nash point", "The rational outcome that maximises the Nash product."},
    {"Nash product",
     "The product over the parties of (utility - threshold), 0 when any factor is negative: "
     "large when every party gains over no deal. The Nash point maximises it."},
    {"normalised gain",
     "A party's gain over its threshold divided by the most it could gain in any passing "
     "package: (u - threshold) / (best - threshold), from 0 (no better than no deal) to 1."},
    {"outcome space",
     "Every possible package, one value on each issue: its size is the product of the issues' "
     "numbers of values. Analysis enumerates it when it is small enough and works from the "
     "issues' tables when it is not."},
    {"Pareto frontier",
     "The rational outcomes that no other rational outcome beats for every chosen actor at once "
     "(better for one and no worse for any other). Exact: by enumeration or an additive merge."},
    {"pivotal",
     "A veto player is pivotal for a failing package when its acceptance alone would carry it. "
     "The pivotal count is the number of such packages; the share of the responsibility for the "
     "impasse is the Shapley value of the blocking game (it sums to 1)."},
    {"proposal",
     "A package on the table, full (a value on every issue) or partial (some issues left open); "
     "one that amends another lists the issues it changes."},
    {"ratification",
     "The vote a party's own bodies (a parliament, its factions, a referendum) must pass after "
     "the table agrees, as a rule such as a quota of seats or a veto of every faction. A package "
     "that fails it is not feasible."},
    {"rational",
     "An outcome every chosen actor accepts (requirements met, utility at least its threshold): "
     "individually rational. It may still fail a mandate or a ratification (see feasible)."},
    {"reservation",
     "The utility of no deal for an actor, as written in the scenario (its BATNA), before "
     "linkages."},
    {"Shapley-Shubik index",
     "Of a voting body: the share of the orderings of the members in which a member's vote is "
     "the one that first makes the coalition win. The indices sum to 1."},
    {"slack",
     "Utility minus threshold for an actor and a package, in utility units: positive accepts "
     "with that margin to spare, negative says how far short the package falls."},
    {"source note",
     "A note in the scenario saying where a value comes from (a report, an interview, an "
     "assumption), attached to that value; the report links every number to its note."},
    {"threshold",
     "The utility an actor must get to accept: its reservation plus the linkages' expected "
     "shift, raised to its participation level for an absent party."},
    {"threshold move",
     "How much an actor's threshold must come down (by pressure or side payments, in utility "
     "units) before it accepts a package; the total move is the least sum over the actors."},
    {"uncertain value",
     "A value written as a distribution instead of a number: deterministic commands use its "
     "point (the mode, else the mean) and 'parley explore' samples it."},
    {"utilitarian point", "The rational outcome with the largest sum of the chosen actors' utilities."},
    {"utility",
     "How much an actor values an outcome, on its own scale from 0 (worst) to 1 (best); "
     "utilities of different actors are not comparable in absolute terms."},
    {"variant",
     "A named change to the scenario (another mandate, threshold or walkout), chosen with "
     "--variant; 'valid' means the changed scenario loads and compiles."},
    {"zone of possible agreement",
     "The outcomes every party accepts; of those, the feasible ones also respect mandates and "
     "ratification. 'Who says no' counts, per actor, the outcomes it rejects or blocks."},
};

size_t pl_render_term_count(void)
{
    return sizeof terms / sizeof terms[0];
}

const pl_render_term_t *pl_render_term_at(size_t i)
{
    return i < pl_render_term_count() ? &terms[i] : NULL;
}
