/* billet-tag-editor.h — a list of strings edited as removable chips
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BILLET_TYPE_TAG_EDITOR (billet_tag_editor_get_type ())

G_DECLARE_FINAL_TYPE (BilletTagEditor, billet_tag_editor, BILLET, TAG_EDITOR, GtkWidget)

GtkWidget          *billet_tag_editor_new        (void);
const char * const *billet_tag_editor_get_tags   (BilletTagEditor    *self);
void                billet_tag_editor_set_tags   (BilletTagEditor    *self,
                                                  const char * const *tags);
gboolean            billet_tag_editor_add_tag    (BilletTagEditor    *self,
                                                  const char         *tag);
gboolean            billet_tag_editor_add_tags   (BilletTagEditor    *self,
                                                  const char * const *tags);
void                billet_tag_editor_remove_tag (BilletTagEditor    *self,
                                                  guint               index);
GtkEditable        *billet_tag_editor_get_entry  (BilletTagEditor    *self);
void                billet_tag_editor_set_suggestions (BilletTagEditor    *self,
                                                       const char * const *values,
                                                       const guint        *counts);
GtkPopover         *billet_tag_editor_get_popover     (BilletTagEditor    *self);
GtkListBox         *billet_tag_editor_get_suggestion_list (BilletTagEditor *self);
GtkLabel           *billet_tag_editor_get_warning_label   (BilletTagEditor *self);

G_END_DECLS
