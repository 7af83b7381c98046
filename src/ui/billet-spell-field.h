/* billet-spell-field.h — spelling in the form's prose fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean billet_spell_field_is_prose      (const char *path,
                                           gboolean    long_text);
void     billet_spell_field_set_language  (GtkWidget  *editor,
                                           const char *language);

G_END_DECLS
