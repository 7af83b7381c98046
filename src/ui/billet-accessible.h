/* billet-accessible.h — names for the parts of composite widgets that come without one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void billet_accessible_name_parts        (GtkWidget *root);
void billet_accessible_name_parts_on_map (GtkWidget *root);
void billet_accessible_name_parts_except (GtkWidget *root,
                                          GtkWidget *except);

G_END_DECLS
