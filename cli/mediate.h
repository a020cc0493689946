/*
 * mediate.h: what `parley mediate` shares between computing (cmd_mediate.c: options, running
 * the library on a scenario and its variants) and rendering (mediate_text.c, mediate_json.c).
 * The renderers read the model only through its accessors and the scenario for names and notes.
 */
#ifndef PL_CLI_MEDIATE_H
#define PL_CLI_MEDIATE_H

#include "cli.h"

#include <jansson.h>

#define MEDIATE_MAX_INSTRUMENTS 64

/* the briefing's sections (--sections), in order; the bits of mediate_report.sections */
typedef enum mediate_section {
    MEDIATE_BRIDGING,
    MEDIATE_TAKES,
    MEDIATE_LEVERAGE,
    MEDIATE_IMPASSE,
    MEDIATE_POWER,
    MEDIATE_FAIR,
    MEDIATE_VARIANTS,
    MEDIATE_NSECTIONS
} mediate_section;
/** The --sections names: "bridging", "what-it-takes", ... (index: mediate_section). */
extern const char *const mediate_section_names[MEDIATE_NSECTIONS];
#define MEDIATE_ALL ((1u << MEDIATE_NSECTIONS) - 1)
#define MEDIATE_HAS(r, s) (((r)->sections >> (s)) & 1u)

/* all the answers for one scenario */
typedef struct mediate_report {
    const pl_model_t *m;
    pl_mediate_options_t opt;
    pl_mediate_bridging_t br;
    size_t nwit;
    pl_mediate_what_it_takes_t *wit;
    pl_mediate_blame_t *pblame;   /* per proposal analysed: blame for its failure */
    pl_mediate_leverage_t lev;
    pl_mediate_blame_t blame;
    pl_mediate_power_t pw;
    pl_mediate_fair_division_t fd;
    /* where each instrument of lev comes from: the mediator that has it in the scenario
     * (PL_UNSET: given with --instrument; with `overridden` when it replaced a scenario
     * instrument's maximum), and its note path; whether they are the default set */
    size_t ins_by[MEDIATE_MAX_INSTRUMENTS];
    bool ins_overridden[MEDIATE_MAX_INSTRUMENTS];
    char ins_path[MEDIATE_MAX_INSTRUMENTS][200];
    bool ins_default;
    size_t ndropped;              /* scenario instruments on actors with no say, left out */
    char dropped[4][200];
    unsigned sections;            /* the sections asked for (bits of mediate_section) */
    char failed[MEDIATE_NSECTIONS][1024]; /* per section: why it could not be computed, or "" */
} mediate_report;

/* source notes, numbered by first use in the text */
typedef struct mediate_cites {
    const pl_scenario_t *sc;
    const char *path[128];
    const char *text[128];
    size_t n;
} mediate_cites;

static inline const char *mediate_actor_name(const pl_model_t *m, size_t a)
{
    return a < pl_model_nactors(m) ? pl_model_actor_name(m, a) : "nobody";
}

static inline const char *mediate_value_label(const pl_model_t *m, size_t i, size_t v)
{
    return v < pl_model_nvalues(m, i) ? pl_model_value_label(m, i, v) : "(open)";
}

/* ---- text (mediate_text.c) ---- */

/** The briefing's heading and its six sections. */
void mediate_text_report(const mediate_report *r, const char *file, const char *variant,
                         mediate_cites *c, FILE *f);
/** The variants table: begin (header row from the base scenario), one row per variant,
 *  then print and destroy. */
void mediate_text_variants_begin(cli_table_t *t, const pl_scenario_t *base);
void mediate_text_variants_row(cli_table_t *t, const char *variant, const mediate_report *r);
/** The row of a variant that could not be loaded or computed. */
void mediate_text_variants_failed(cli_table_t *t, const char *variant);
void mediate_text_variants_end(cli_table_t *t, FILE *f);
/** The numbered source notes cited so far. */
void mediate_text_sources(const mediate_cites *c, FILE *f);

/* ---- JSON (mediate_json.c) ---- */

/** The six answers as one JSON object (new reference). */
json_t *mediate_json_report(const mediate_report *r);
/** One variant's summary for the "variants" array (new reference). */
json_t *mediate_json_variant(const char *variant, const mediate_report *r);

#endif
