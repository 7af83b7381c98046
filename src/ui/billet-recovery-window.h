/* billet-recovery-window.h — drafts left by a crash, offered back at start-up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "billet-draft-store.h"

G_BEGIN_DECLS

#define BILLET_TYPE_RECOVERY_WINDOW (billet_recovery_window_get_type ())

G_DECLARE_FINAL_TYPE (BilletRecoveryWindow, billet_recovery_window, BILLET, RECOVERY_WINDOW, AdwWindow)

/* Opens @draft's post with the draft's text; returns whether it did. */
typedef gboolean (*BilletRestoreFunc) (const BilletDraft *draft,
                                       gpointer           user_data);

BilletRecoveryWindow *billet_recovery_window_new       (GtkWindow            *parent,
                                                        GPtrArray            *drafts,
                                                        BilletRestoreFunc     restore,
                                                        gpointer              user_data);
BilletRecoveryWindow *billet_recovery_window_offer     (GtkWindow            *parent,
                                                        BilletRestoreFunc     restore,
                                                        gpointer              user_data);
guint                 billet_recovery_window_get_n_drafts (BilletRecoveryWindow *self);
void                  billet_recovery_window_respond   (BilletRecoveryWindow *self,
                                                        const char           *draft_id,
                                                        const char           *response);

G_END_DECLS
