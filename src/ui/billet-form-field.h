/* billet-form-field.h — one field of the front-matter form: its row, its editor, its value
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to the form (billet-post-form.c, billet-post-form-actions.c) and its tests.
 */

#pragma once

#include "billet-completion.h"
#include "billet-post-form-private.h"

G_BEGIN_DECLS

typedef struct _BilletFormField BilletFormField;

struct _BilletFormField
{
  BilletPostForm  *form;      /* unowned; %NULL once the rows are torn down */
  char            *path;
  char            *key;
  BilletFieldType  type;
  GtkWidget       *row;       /* unowned: the field belongs to its row */
  GtkWidget       *editor;
  GtkWidget       *counter;
  BilletCompletion *completion; /* the site's authors, for an author text row */
  guint            limit;
  guint            commit_id;
  char            *session_text; /* the front matter after this field's last write
                                  * while the author goes on typing in it, or NULL */
  char            *undo_base;    /* the editor's text when its own undo history began */
  guint            row_undos;    /* steps the editor undid that it can redo */
  /* An image field (image, cover…): its thumbnail, and the copy of an
   * image dropped on it, both in workers cancelled with the row. */
  GtkWidget       *thumbnail;
  char            *thumbnail_link;
  GCancellable    *thumbnail_cancellable;  /* the latest thumbnail's load */
  GtkWidget       *picker_button;          /* the site's images, to choose one */
  GCancellable    *cancellable;
};


GtkWidget   *billet_form_field_create_row          (BilletPostForm    *form,
                                                    BilletFrontMatter *fm,
                                                    const BilletNode  *node,
                                                    const char        *path,
                                                    BilletFieldType    type);
void         billet_form_field_free                (gpointer           field);
void         billet_form_field_update              (BilletFormField   *field,
                                                    BilletFrontMatter *fm,
                                                    const BilletNode  *node);
void         billet_form_field_update_decorations  (BilletFormField   *field);
char        *billet_form_field_dup_text            (BilletFormField   *field);
void         billet_form_field_set_spelling        (BilletFormField   *field,
                                                    const char        *language);
void         billet_form_field_focus               (BilletFormField   *field);
gboolean     billet_form_field_can_undo            (BilletFormField   *field,
                                                    gboolean           redo);
void         billet_form_field_took_undo           (BilletFormField   *field,
                                                    gboolean           redo);
void         billet_form_field_apply_suggestions   (BilletFormField   *field);
const char  *billet_form_field_suggestions_for_key (const char        *key);
char        *billet_form_field_dup_raw_text        (BilletFrontMatter *fm,
                                                    const BilletNode  *node);

/* What fields ask of their form (billet-post-form.c). */
const char  *_billet_post_form_get_spelling        (BilletPostForm    *form);
gboolean     _billet_post_form_get_updating        (BilletPostForm    *form);
void         _billet_post_form_set_updating        (BilletPostForm    *form,
                                                    gboolean           updating);
void         _billet_post_form_commit_field        (BilletFormField   *field);
void         _billet_post_form_get_suggestions     (BilletPostForm     *form,
                                                    const char         *which,
                                                    const char * const **values,
                                                    const guint        **counts);

G_END_DECLS
