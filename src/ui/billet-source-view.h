/* billet-source-view.h — the Markdown source, with the editing an author expects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

#define BILLET_TYPE_SOURCE_VIEW (billet_source_view_get_type ())

G_DECLARE_FINAL_TYPE (BilletSourceView, billet_source_view, BILLET, SOURCE_VIEW, GtkSourceView)

GtkWidget *billet_source_view_new            (void);
void       billet_source_view_wrap_selection (BilletSourceView *self,
                                              const char       *before,
                                              const char       *after);
void       billet_source_view_insert_link    (BilletSourceView *self);
void       billet_source_view_set_heading    (BilletSourceView *self,
                                              int               level);
void       billet_source_view_set_first_line (BilletSourceView *self,
                                              guint             first_line);
char      *billet_source_view_dup_line_number (BilletSourceView *self,
                                               guint             line);

G_END_DECLS
