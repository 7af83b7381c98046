/* billet-error-dialog.h — the one way Billet tells an error that needs an answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void billet_error_dialog_present (GtkWidget  *near,
                                  const char *heading,
                                  const char *body);

G_END_DECLS
