/* billet-post-form.h — the front matter of a post as a form, or as raw YAML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "billet-document.h"

G_BEGIN_DECLS

#define BILLET_TYPE_POST_FORM (billet_post_form_get_type ())

G_DECLARE_FINAL_TYPE (BilletPostForm, billet_post_form, BILLET, POST_FORM, GtkWidget)

BilletPostForm *billet_post_form_new          (void);
BilletDocument *billet_post_form_get_document (BilletPostForm *self);
void            billet_post_form_set_spelling (BilletPostForm *self,
                                               const char     *language);
gboolean        billet_post_form_focus_first_field (BilletPostForm *self);
void            billet_post_form_set_document (BilletPostForm *self,
                                               BilletDocument *document);
gboolean        billet_post_form_get_show_raw (BilletPostForm *self);
void            billet_post_form_show_raw     (BilletPostForm *self,
                                               gboolean        raw);
void            billet_post_form_show_line    (BilletPostForm *self,
                                               guint           line,
                                               guint           column);
void            billet_post_form_set_suggestions (BilletPostForm     *self,
                                                  const char         *field,
                                                  const char * const *values,
                                                  const guint        *counts);

G_END_DECLS
