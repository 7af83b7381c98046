/* billet-compare-window.h — a unified diff, read-only, in a window of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "billet-document.h"

G_BEGIN_DECLS

GtkWindow *billet_compare_window_present (GtkWindow  *parent,
                                          const char *title,
                                          const char *diff);
void       billet_compare_window_present_disk_changes (GtkWindow      *parent,
                                                       BilletDocument *document);

G_END_DECLS
