/* billet-check-view.h — a site's check in the window: its findings, as found
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "billet-check.h"

G_BEGIN_DECLS

#define BILLET_TYPE_CHECK_VIEW (billet_check_view_get_type ())

G_DECLARE_FINAL_TYPE (BilletCheckView, billet_check_view, BILLET, CHECK_VIEW, GtkWidget)

/*
 * Properties: "running" (a check under way).
 * Signals: "finding-activated" (const BilletFinding *, the absolute path
 * of its file): a row chosen; "fix" (the same): its Fix button clicked;
 * "back": its back button.
 */
GtkWidget  *billet_check_view_new            (void);
void        billet_check_view_start          (BilletCheckView *self,
                                              const char      *folder);
void        billet_check_view_stop           (BilletCheckView *self);
void        billet_check_view_queue_recheck  (BilletCheckView *self);
void        billet_check_view_queue_recheck_paths (BilletCheckView    *self,
                                                   const char * const *paths);
gboolean    billet_check_view_get_running    (BilletCheckView *self);
const char *billet_check_view_get_folder     (BilletCheckView *self);
GListModel *billet_check_view_get_model      (BilletCheckView *self);
const BilletFinding *billet_check_view_get_finding (BilletCheckView *self,
                                              guint            position);
void        billet_check_view_set_kind       (BilletCheckView *self,
                                              const char      *id);
void        billet_check_view_focus          (BilletCheckView *self);

G_END_DECLS
