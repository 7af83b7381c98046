/* billet-spell-menu.h — suggestions and the language in a text view's menu
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void        billet_spell_menu_attach      (GtkTextView       *view);
void        billet_spell_menu_update      (GtkTextView       *view,
                                           const GtkTextIter *iter);
void        billet_spell_menu_sync        (GtkTextView       *view);
GActionGroup *billet_spell_menu_get_actions (GtkTextView     *view);
GMenuModel *billet_spell_language_menu_new (void);

G_END_DECLS
