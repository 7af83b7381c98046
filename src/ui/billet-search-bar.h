/* billet-search-bar.h — find and replace in a GtkSourceView
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

#define BILLET_TYPE_SEARCH_BAR (billet_search_bar_get_type ())

G_DECLARE_FINAL_TYPE (BilletSearchBar, billet_search_bar, BILLET, SEARCH_BAR, GtkWidget)

BilletSearchBar *billet_search_bar_new                     (void);
GtkSourceView   *billet_search_bar_get_view                (BilletSearchBar *self);
void             billet_search_bar_set_view                (BilletSearchBar *self,
                                                            GtkSourceView   *view);
void             billet_search_bar_begin                   (BilletSearchBar *self,
                                                            gboolean         replace);
void             billet_search_bar_end                     (BilletSearchBar *self);
gboolean         billet_search_bar_get_search_mode_enabled (BilletSearchBar *self);

G_END_DECLS
