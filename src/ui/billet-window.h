/* billet-window.h — the editor window: form and source beside the preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "billet-application.h"
#include "billet-document.h"
#include "billet-post-list.h"

G_BEGIN_DECLS

#define BILLET_TYPE_WINDOW (billet_window_get_type ())

G_DECLARE_FINAL_TYPE (BilletWindow, billet_window, BILLET, WINDOW, AdwApplicationWindow)

BilletWindow   *billet_window_new          (BilletApplication *application);
void            billet_window_open_file    (BilletWindow      *self,
                                            GFile             *file);
void            billet_window_open_folder  (BilletWindow      *self,
                                            GFile             *folder);
BilletPostList *billet_window_get_post_list (BilletWindow     *self);
GMenuModel     *billet_window_get_translations (BilletWindow  *self);
GtkWidget      *billet_window_get_sidebar  (BilletWindow      *self);
gboolean        billet_window_is_empty     (BilletWindow      *self);
gboolean        billet_window_get_loading  (BilletWindow      *self);
GFile          *billet_window_get_loading_file     (BilletWindow *self);
BilletDocument *billet_window_get_loading_document (BilletWindow *self);
BilletDocument *billet_window_get_document (BilletWindow      *self);
struct _BilletGrammar *billet_window_get_grammar (BilletWindow      *self);
BilletDocument *billet_window_lookup_document (BilletWindow    *self,
                                              GFile           *file);
GtkWidget      *billet_window_get_preview  (BilletWindow      *self);
gboolean        billet_window_restore_draft (BilletWindow     *self,
                                             const BilletDraft *draft,
                                             GError          **error);

G_END_DECLS
