/* billet-post-form-private.h — the form's insides: what its two files
 * (billet-post-form.c, the rows; billet-post-form-actions.c, what the
 * author does to them) share, and what the tests reach
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "billet-completion.h"
#include "billet-post-form.h"

G_BEGIN_DECLS

/* How a value is edited. The first five are also the choices of the
 * "Add Field" popover, in that order. */
typedef enum
{
  BILLET_FIELD_TEXT,
  BILLET_FIELD_LONG_TEXT,
  BILLET_FIELD_BOOLEAN,
  BILLET_FIELD_DATE,
  BILLET_FIELD_TAGS,
  BILLET_FIELD_NUMBER,
  BILLET_FIELD_MAP,
  BILLET_FIELD_RAW,
  BILLET_FIELD_NONE = -1,
} BilletFieldType;

struct _BilletPostForm
{
  GtkWidget         parent_instance;

  char             *spell_language;  /* the prose fields', or NULL: not checked */

  BilletDocument   *document;

  GtkToggleButton  *form_button;
  GtkToggleButton  *raw_button;
  GtkRevealer      *banner_revealer;
  GtkLabel         *banner_label;
  GtkRevealer      *error_revealer;
  GtkLabel         *error_label;
  GtkStack         *stack;
  GtkScrolledWindow *rows_scroller;
  GtkListBox       *list_box;
  GtkWidget        *empty_label;
  GtkWidget        *add_button;
  GtkPopover       *add_popover;
  GtkEditable      *key_entry;
  GtkDropDown      *type_dropdown;
  GtkWidget        *add_confirm_button;
  GtkSourceView    *source_view;
  GtkButton        *banner_button;

  GHashTable       *fields;     /* path → BilletFormField*, borrowed from the rows */
  GHashTable       *types;      /* path → BilletFieldType the rows were built for */
  char             *structure;  /* what the rows were built for */
  guint             generation; /* bumped at each rebuild */
  struct _BilletFormField *committing; /* the field writing to the document */
  guint             refresh_id;
  char             *focus_path; /* the field to focus once the rows show the new text */
  AdwToast         *removal_toast; /* while shown: see show_removal_toast() */
  guint             scroll_tries; /* frames left to restore a post's scroll position */
  GStrv             tag_values;     /* the site's tags, most used first */
  guint            *tag_counts;
  GStrv             author_values;  /* the site's authors, most used first */
  guint            *author_counts;

  guint             writing : 1;
  guint             updating : 1;
  guint             show_raw : 1;
  guint             toml : 1;     /* the raw view's words are TOML's */
};

/* Shared by billet-post-form.c and billet-post-form-actions.c. */
void             _billet_post_form_show_edit_error (BilletPostForm *self,
                                                    const char     *message);
void             _billet_post_form_hide_edit_error (BilletPostForm *self);
char            *_billet_post_form_dup_front_matter_text (BilletDocument *document);
char            *_billet_post_form_child_path      (const char       *prefix,
                                                    const BilletNode *child);
void             _billet_post_form_class_init_actions (GtkWidgetClass *widget_class);
void             _billet_post_form_init_actions    (BilletPostForm *self);

/* For the tests. */

GtkWidget       *_billet_post_form_get_row        (BilletPostForm  *self,
                                                   const char      *path);
GtkWidget       *_billet_post_form_get_editor     (BilletPostForm  *self,
                                                   const char      *path);
GtkWidget       *_billet_post_form_get_counter    (BilletPostForm  *self,
                                                   const char      *path);
BilletCompletion *_billet_post_form_get_completion (BilletPostForm *self,
                                                    const char     *path);
BilletFieldType  _billet_post_form_get_field_type (BilletPostForm  *self,
                                                   const char      *path);
guint            _billet_post_form_get_n_fields   (BilletPostForm  *self);
void             _billet_post_form_flush          (BilletPostForm  *self);
gboolean         _billet_post_form_add_field      (BilletPostForm  *self,
                                                   const char      *path,
                                                   BilletFieldType  type,
                                                   GError         **error);
const char      *_billet_post_form_get_banner     (BilletPostForm  *self);
const char      *_billet_post_form_get_edit_error (BilletPostForm  *self);
gboolean         _billet_post_form_get_editable   (BilletPostForm  *self);
GtkWidget       *_billet_post_form_get_raw_button (BilletPostForm  *self);

G_END_DECLS
