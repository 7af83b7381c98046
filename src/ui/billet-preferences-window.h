/* billet-preferences-window.h — the editor's, the style's and the preview's settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BILLET_TYPE_PREFERENCES_WINDOW (billet_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (BilletPreferencesWindow, billet_preferences_window, BILLET, PREFERENCES_WINDOW, AdwPreferencesWindow)

BilletPreferencesWindow *billet_preferences_window_new (GtkWindow *parent);

G_END_DECLS
