/* billet-check.h — what a reader or the generator would trip over in a site
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "billet-front-matter.h"
#include "billet-site.h"

G_BEGIN_DECLS

/* What search results show, in characters: Google cuts a title at about
 * 600 pixels (50 to 60 characters) and a description at about 920 pixels
 * (155 to 160 characters) on a computer's screen; longer ones end in “…”.
 * The form's counters use the same numbers (billet-form-field.c). */
#define BILLET_CHECK_TITLE_LIMIT        60
#define BILLET_CHECK_DESCRIPTION_LIMIT 160

/* One finding. @id is one of the stable identifiers README.md lists
 * ("broken-link", "missing-image", …): scripts match on it, people read
 * @message, which is translated. */
typedef struct
{
  char       *path;     /* relative to the site's root, "/"-separated */
  guint       line;     /* 1-based, in the file; 0 when about the whole file */
  guint       column;   /* 1-based, in characters */
  const char *id;       /* static */
  char       *message;
  /* A safe fix, or NULL: in the list (or text) at the front-matter key
   * @fix_key, @fix_from becomes @fix_to (a tag merged into its most used
   * spelling). */
  char       *fix_key;
  char       *fix_from;
  char       *fix_to;
  /* Or the encoding's repair (billet_encoding_fix_file(): a legacy
   * encoding converted, mis-encoded text repaired). */
  gboolean    fix_encoding;
} BilletFinding;

typedef struct _BilletCheck BilletCheck;

/**
 * BilletCheckFunc:
 * @check: the check
 * @findings: (transfer full) (element-type BilletFinding): found since the
 *   last call, in no particular order
 * @done: the last call: nothing follows
 * @user_data: what billet_check_start() was given
 *
 * Called from a worker thread, never twice at once: a window hands the
 * findings to its main loop and returns. Each post's own findings (its
 * encoding, title, alt texts…) arrive as the post is read; those between
 * posts (links, duplicate URLs, tags, translations) once all are read.
 */
typedef void (*BilletCheckFunc) (BilletCheck *check,
                                 GPtrArray   *findings,
                                 gboolean     done,
                                 gpointer     user_data);

BilletCheck *billet_check_new           (const char      *path,
                                         GError         **error);
BilletCheck *billet_check_new_update    (BilletCheck        *previous,
                                         const char * const *paths);
void         billet_check_set_keep      (BilletCheck     *self,
                                         gboolean         keep);
BilletCheck *billet_check_ref           (BilletCheck     *self);
void         billet_check_unref         (BilletCheck     *self);
BilletSite  *billet_check_get_site      (BilletCheck     *self);
const char  *billet_check_get_root      (BilletCheck     *self);

void         billet_check_start         (BilletCheck     *self,
                                         BilletCheckFunc  func,
                                         gpointer         user_data,
                                         GDestroyNotify   destroy);
void         billet_check_cancel        (BilletCheck     *self);
void         billet_check_wait          (BilletCheck     *self);

void         billet_check_run           (BilletCheck     *self);
GPtrArray   *billet_check_get_findings  (BilletCheck     *self);

void         billet_finding_free        (BilletFinding   *finding);
BilletFinding *billet_finding_copy      (const BilletFinding *finding);
int          billet_finding_compare     (gconstpointer    a,
                                         gconstpointer    b);

/* A finding's safe fix, as the values its key then holds. */
char       **billet_finding_fixed_items (const BilletFinding *finding,
                                         const BilletNode    *node,
                                         gboolean            *is_list);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BilletCheck, billet_check_unref)

G_END_DECLS
