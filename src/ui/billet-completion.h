/* billet-completion.h — values of the site offered under an entry, with counts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BILLET_TYPE_COMPLETION (billet_completion_get_type ())

G_DECLARE_FINAL_TYPE (BilletCompletion, billet_completion, BILLET, COMPLETION, GObject)

BilletCompletion *billet_completion_new             (GtkEditable        *editable);
GtkEditable      *billet_completion_get_editable    (BilletCompletion   *self);
void              billet_completion_set_suggestions (BilletCompletion   *self,
                                                     const char * const *values,
                                                     const guint        *counts);
void              billet_completion_set_excluded    (BilletCompletion   *self,
                                                     const char * const *values);
const char       *billet_completion_find_variant    (BilletCompletion   *self,
                                                     const char         *text,
                                                     guint              *count);
gboolean          billet_completion_activate        (BilletCompletion   *self);
void              billet_completion_popdown         (BilletCompletion   *self);
GtkPopover       *billet_completion_get_popover     (BilletCompletion   *self);
GtkListBox       *billet_completion_get_list        (BilletCompletion   *self);

G_END_DECLS
