/* billet-spell-menu.h — suggestions and the language in a text's context menu
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The dictionary a one-line editor's words are checked with: a string
 * set on it (g_object_set_data_full()), or none. */
#define BILLET_SPELL_LANGUAGE_KEY "billet-spell-language"

/**
 * BilletSpellReplaceFunc:
 * @editor: the one-line editor
 * @start: the misspelled word's first character
 * @end: the character after it
 * @word: the suggestion the author chose
 *
 * Replaces the word with @word.
 */
typedef void (*BilletSpellReplaceFunc) (GtkWidget  *editor,
                                        int         start,
                                        int         end,
                                        const char *word,
                                        gpointer    user_data);

void          billet_spell_menu_attach           (GtkTextView            *view,
                                                  const char             *language_action);
void          billet_spell_menu_update           (GtkTextView            *view,
                                                  const GtkTextIter      *iter);
void          billet_spell_menu_sync             (GtkTextView            *view);
GActionGroup *billet_spell_menu_get_actions      (GtkTextView            *view);
void          billet_spell_menu_attach_editable  (GtkWidget              *editor,
                                                  const char             *language_action);
void          billet_spell_menu_update_editable  (GtkWidget              *editor,
                                                  gsize                   index);
void          billet_spell_menu_set_replace_func (GtkWidget              *editor,
                                                  BilletSpellReplaceFunc  replace,
                                                  gpointer                user_data);
GMenuModel   *billet_spell_language_menu_new     (const char             *action);

G_END_DECLS
