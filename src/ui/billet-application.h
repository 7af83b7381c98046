/* billet-application.h — the application: windows, app-wide actions, settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BILLET_TYPE_APPLICATION (billet_application_get_type ())
#define BILLET_APPLICATION_DEFAULT (BILLET_APPLICATION (g_application_get_default ()))

G_DECLARE_FINAL_TYPE (BilletApplication, billet_application, BILLET, APPLICATION, AdwApplication)

BilletApplication *billet_application_new          (void);
GSettings         *billet_application_get_settings (BilletApplication *self);

G_END_DECLS
