#ifndef VG_MSG_H
#define VG_MSG_H
/*
 * vg_msg: every sentence vigie writes about a service — findings, code-flow
 * steps, notices, evidence labels — in English and in French, by id.
 *
 * Emitters never write a sentence: they name a catalogue id and give its
 * arguments (vg_findings_addm, vg_findings_noticem in vg_finding.h). The
 * writers pick the language: SARIF carries the id, the arguments, the text
 * in the run's language and the templates of both (rules' messageStrings
 * and runs[].translations), so one log renders in either language.
 *
 * Templates use SARIF's placeholders: {0}..{9} are arguments, "{{" and
 * "}}" literal braces. Two more are filled when a message is built, not
 * when it is rendered: {cat} and {Cat} (capitalised), the label of a
 * category of personal information. A message built with a category gets
 * the id "ID.CATEGORY" (DSC004.hardcoded.nam), whose templates have the
 * label written in, so readers of the log need no ruleset.
 *
 * Arguments are language-neutral: code names, masked values, file names,
 * numbers. A code-flow step description ("field u.nam") used as an
 * argument is recognised and rendered in the reader's language by
 * vg_msg_render_args.
 *
 * Ownership: the catalogue is static; a vg_msgref owns its arguments and
 * shares its templates (see vg_msgref).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum vg_lang { VG_LANG_EN, VG_LANG_FR } vg_lang;

typedef struct vg_text {
    const char *en, *fr;
} vg_text;

const char *vg_text_get(const vg_text *t, vg_lang lang);

/* "en" / "fr-CA": the SARIF language tags of a run and its translation. */
const char *vg_lang_tag(vg_lang lang);
/* "fr", "fr-CA", "fr_CA.UTF-8" -> French; anything else English. */
vg_lang vg_lang_from_tag(const char *tag);
/* From LC_ALL, LC_MESSAGES, LANG (the first one set): French when it
 * starts with "fr", English otherwise. */
vg_lang vg_lang_from_env(void);

/* The separator of arguments in vg_findings_addm's argument format. */
#define VG_ARG "\x1f"

typedef struct vg_msg_def {
    const char *id;
    const char *en, *fr;
} vg_msg_def;

/* Every entry, in catalogue order. */
const vg_msg_def *vg_msg_catalogue(size_t *n);
/* The entry for id (without a ".CATEGORY" suffix), or NULL. */
const vg_msg_def *vg_msg_get(const char *id);

/* A message as built: its SARIF id, its two templates ({cat} already
 * filled), its arguments. Read-only: the strings are the ref's own or
 * shared (the catalogue's, or its filled templates, kept for the life of
 * the process); only vg_msgref_free releases them, and a ref may be moved
 * by assignment (f->msg = ref), never copied that way. */
typedef struct vg_msgref {
    const char *id;
    const char *tmpl[2];    /* [VG_LANG_EN], [VG_LANG_FR] */
    char **args;            /* NULL-terminated */
    size_t nargs;
} vg_msgref;

/* Build ref from catalogue id, an optional category (term_id "nam" and
 * its label; NULL when the template has no {cat}) and arguments given as
 * a printf format whose output VG_ARG separates ("%s" VG_ARG "%d").
 * Returns 0, or -1 (unknown id, out of memory) with ref left empty. */
int vg_msgref_build(vg_msgref *ref, const char *id, const char *term_id,
                    const vg_text *term, const char *argfmt, va_list ap);
/* The same from templates given by the caller (a ruleset's own message). */
int vg_msgref_set(vg_msgref *ref, const char *id, const char *en, const char *fr,
                  const char *const *args, size_t nargs);
int vg_msgref_copy(vg_msgref *dst, const vg_msgref *src);
void vg_msgref_free(vg_msgref *ref);

/* A message whose text is put together from pieces in each language (a
 * list of labels, a sentence per fault): en and fr are final texts, kept
 * as argument-free templates (braces escaped) under "ID.HASH", HASH the
 * FNV-1a of en, so equal texts share an id. */
int vg_msgref_compose(vg_msgref *ref, const char *id, const char *en, const char *fr);
/* One catalogue entry rendered in lang (no {cat}); malloc'd, NULL on an
 * unknown id or out of memory. For composing. */
char *vg_msg_textf(vg_lang lang, const char *id, const char *argfmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Fill a template's {N} with args. Malloc'd, NULL on out of memory. */
char *vg_msg_format(const char *tmpl, const char *const *args, size_t nargs);
/* The same, rendering in `lang` any argument that is a code-flow step
 * description (see vg_msg_recognise). */
char *vg_msg_render_args(const char *tmpl, const char *const *args, size_t nargs,
                         vg_lang lang, const vg_text *terms, size_t nterms);
/* ref in lang. Malloc'd. */
char *vg_msgref_render(const vg_msgref *ref, vg_lang lang, const vg_text *terms,
                       size_t nterms);

/* Recognise text written from an English "step.*" template (code-flow
 * steps are described in the analyzer's IR as text). terms are the
 * category labels {cat} may stand for; term_ids their ids. Returns 0 and
 * fills ref, or -1 when no step template matches. */
int vg_msg_recognise(const char *text, const vg_text *terms, const char *const *term_ids,
                     size_t nterms, vg_msgref *ref);

/* Labels (evidence fields, report headings): "label.KEY" in the catalogue,
 * in lang; NULL when the catalogue has none. */
const char *vg_msg_label(const char *key, vg_lang lang);

#endif
