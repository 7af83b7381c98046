/* billet-post-form-private.h — what the tests reach inside the form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

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
