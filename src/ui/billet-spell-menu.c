/* billet-spell-menu.c — suggestions and the language in a text view's menu
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The text view's own context menu, with an extra part
 * (gtk_text_view_set_extra_menu()) rebuilt just before it opens, for the
 * word it opens on: the click's position for a right click (the view moves
 * its cursor there only afterwards), the cursor for the Menu key and
 * Shift+F10. An underlined word there gets its suggestions — asked of the
 * dictionary then, never while checking —, "Add to Dictionary" and
 * "Ignore"; every menu has the language. The actions ("spell.…") live on
 * the view and act on its buffer's checker (billet-spell-checker.c).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "billet-spell-checker.h"
#include "billet-spell-menu.h"

typedef struct
{
  GtkTextView *view;        /* (unowned) */
  GMenu       *menu;        /* the extra menu */
  GMenu       *suggestions;
  GMenu       *word;
  char        *word_text;   /* the underlined word the menu is for */
  GtkTextMark *start;       /* (nullable) its extent, in the buffer the marks belong to */
  GtkTextMark *end;
  GSimpleActionGroup *actions;
} Menu;

static void
menu_clear_marks (Menu *menu)
{
  if (menu->start != NULL && gtk_text_mark_get_buffer (menu->start) != NULL)
    gtk_text_buffer_delete_mark (gtk_text_mark_get_buffer (menu->start), menu->start);
  if (menu->end != NULL && gtk_text_mark_get_buffer (menu->end) != NULL)
    gtk_text_buffer_delete_mark (gtk_text_mark_get_buffer (menu->end), menu->end);
  g_clear_object (&menu->start);
  g_clear_object (&menu->end);
}

static void
menu_free (Menu *menu)
{
  menu_clear_marks (menu);
  g_clear_object (&menu->menu);
  g_clear_object (&menu->suggestions);
  g_clear_object (&menu->word);
  g_clear_object (&menu->actions);
  g_free (menu->word_text);
  g_free (menu);
}

static BilletSpellChecker *
menu_checker (Menu *menu)
{
  return billet_spell_checker_lookup (gtk_text_view_get_buffer (menu->view));
}

static void
correct_cb (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  Menu *menu = user_data;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  if (menu->start == NULL || (buffer = gtk_text_mark_get_buffer (menu->start)) == NULL ||
      buffer != gtk_text_view_get_buffer (menu->view))
    return;
  gtk_text_buffer_get_iter_at_mark (buffer, &start, menu->start);
  gtk_text_buffer_get_iter_at_mark (buffer, &end, menu->end);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert (buffer, &start, g_variant_get_string (parameter, NULL), -1);
  gtk_text_buffer_end_user_action (buffer);
}

static void
add_cb (GSimpleAction *action,
        GVariant      *parameter,
        gpointer       user_data)
{
  Menu *menu = user_data;
  BilletSpellChecker *checker = menu_checker (menu);

  if (checker != NULL && menu->word_text != NULL && billet_spell_checker_get_language (checker) != NULL)
    billet_spell_add_word (billet_spell_checker_get_language (checker), menu->word_text);
}

static void
ignore_cb (GSimpleAction *action,
           GVariant      *parameter,
           gpointer       user_data)
{
  Menu *menu = user_data;

  if (menu->word_text != NULL)
    billet_spell_ignore_word (menu->word_text);
}

static void
language_cb (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  Menu *menu = user_data;
  BilletSpellChecker *checker = menu_checker (menu);

  g_simple_action_set_state (action, parameter);
  if (checker != NULL)
    billet_spell_checker_choose_language (checker, g_variant_get_string (parameter, NULL));
}

/**
 * billet_spell_language_menu_new:
 *
 * Returns: (transfer full): one radio item a dictionary, for the
 *   "spell.language" action
 */
GMenuModel *
billet_spell_language_menu_new (void)
{
  g_auto(GStrv) languages = billet_spell_list_languages ();
  GMenu *menu = g_menu_new ();

  for (guint i = 0; languages[i] != NULL; i++)
    {
      g_autofree char *name = billet_spell_language_name (languages[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (name, NULL);

      g_menu_item_set_action_and_target_value (item, "spell.language", g_variant_new_string (languages[i]));
      g_menu_append_item (menu, item);
    }

  return G_MENU_MODEL (menu);
}

/**
 * billet_spell_menu_update:
 * @iter: where the menu opens
 *
 * Fills the view's extra menu for the word at @iter.
 */
void
billet_spell_menu_update (GtkTextView       *view,
                          const GtkTextIter *iter)
{
  Menu *menu = g_object_get_data (G_OBJECT (view), "billet-spell-menu");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  BilletSpellChecker *checker = billet_spell_checker_lookup (buffer);
  GtkTextIter start, end;

  g_return_if_fail (menu != NULL);

  g_menu_remove_all (menu->suggestions);
  g_menu_remove_all (menu->word);
  menu_clear_marks (menu);
  g_clear_pointer (&menu->word_text, g_free);
  billet_spell_menu_sync (view);

  if (checker == NULL || !billet_spell_checker_get_enabled (checker) ||
      !billet_spell_checker_misspelled_at (checker, iter, &start, &end))
    return;

  menu->word_text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  menu->start = g_object_ref (gtk_text_buffer_create_mark (buffer, NULL, &start, TRUE));
  menu->end = g_object_ref (gtk_text_buffer_create_mark (buffer, NULL, &end, FALSE));

  {
    g_auto(GStrv) suggestions = billet_spell_suggest (billet_spell_checker_get_language (checker), menu->word_text);

    for (guint i = 0; suggestions[i] != NULL; i++)
      {
        g_autoptr(GMenuItem) item = g_menu_item_new (suggestions[i], NULL);

        g_menu_item_set_action_and_target_value (item, "spell.correct", g_variant_new_string (suggestions[i]));
        g_menu_append_item (menu->suggestions, item);
      }
    if (suggestions[0] == NULL)
      g_menu_append (menu->suggestions, _("No Suggestions"), "spell.none");
  }
  g_menu_append (menu->word, _("_Add to Dictionary"), "spell.add");
  g_menu_append (menu->word, _("_Ignore"), "spell.ignore");
}

/**
 * billet_spell_menu_sync:
 *
 * Shows the language of @view's checker as the chosen one.
 */
void
billet_spell_menu_sync (GtkTextView *view)
{
  Menu *menu = g_object_get_data (G_OBJECT (view), "billet-spell-menu");
  BilletSpellChecker *checker = billet_spell_checker_lookup (gtk_text_view_get_buffer (view));
  GAction *language;

  g_return_if_fail (menu != NULL);

  language = g_action_map_lookup_action (G_ACTION_MAP (menu->actions), "language");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (language),
                               checker != NULL && billet_spell_checker_get_enabled (checker));
  if (checker != NULL && billet_spell_checker_get_language (checker) != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (language),
                               g_variant_new_string (billet_spell_checker_get_language (checker)));
}

/**
 * billet_spell_menu_get_actions:
 *
 * Returns: (transfer none): the "spell" actions of @view
 */
GActionGroup *
billet_spell_menu_get_actions (GtkTextView *view)
{
  Menu *menu = g_object_get_data (G_OBJECT (view), "billet-spell-menu");

  g_return_val_if_fail (menu != NULL, NULL);

  return G_ACTION_GROUP (menu->actions);
}

static void
click_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  GtkTextView     *view)
{
  GtkTextIter iter;
  int bx, by;

  gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y, &bx, &by);
  gtk_text_view_get_iter_at_location (view, &iter, bx, by);
  billet_spell_menu_update (view, &iter);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkTextView           *view)
{
  if (keyval == GDK_KEY_Menu || (keyval == GDK_KEY_F10 && (state & GDK_SHIFT_MASK)))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
      GtkTextIter iter;

      gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
      billet_spell_menu_update (view, &iter);
    }

  /* The view opens its menu. */
  return GDK_EVENT_PROPAGATE;
}

/**
 * billet_spell_menu_attach:
 *
 * Gives @view's context menu the spelling part.
 */
void
billet_spell_menu_attach (GtkTextView *view)
{
  static const GActionEntry entries[] = {
    { "correct", correct_cb, "s" },
    { "add", add_cb },
    { "ignore", ignore_cb },
    { "language", language_cb, "s", "''" },
    /* "No Suggestions": shown, never enabled */
    { "none", NULL },
  };
  Menu *menu;
  GtkGesture *click;
  GtkEventController *keys;
  g_autoptr(GMenuModel) languages = NULL;
  g_autoptr(GMenu) language_section = NULL;

  g_return_if_fail (GTK_IS_TEXT_VIEW (view));

  menu = g_new0 (Menu, 1);
  menu->view = view;
  menu->menu = g_menu_new ();
  menu->suggestions = g_menu_new ();
  menu->word = g_menu_new ();
  g_menu_append_section (menu->menu, NULL, G_MENU_MODEL (menu->suggestions));
  g_menu_append_section (menu->menu, NULL, G_MENU_MODEL (menu->word));
  languages = billet_spell_language_menu_new ();
  language_section = g_menu_new ();
  g_menu_append_submenu (language_section, _("_Language"), languages);
  g_menu_append_section (menu->menu, NULL, G_MENU_MODEL (language_section));

  menu->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (menu->actions), entries, G_N_ELEMENTS (entries), menu);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (menu->actions), "none")),
                               FALSE);
  gtk_widget_insert_action_group (GTK_WIDGET (view), "spell", G_ACTION_GROUP (menu->actions));
  g_object_set_data_full (G_OBJECT (view), "billet-spell-menu", menu, (GDestroyNotify) menu_free);
  /* First in the view's menu, before the sections others put there (the
   * grammar checker's). */
  {
    GMenuModel *extra = gtk_text_view_get_extra_menu (view);

    if (G_IS_MENU (extra))
      g_menu_prepend_section (G_MENU (extra), NULL, G_MENU_MODEL (menu->menu));
    else
      gtk_text_view_set_extra_menu (view, G_MENU_MODEL (menu->menu));
  }

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (click_pressed_cb), view);
  gtk_widget_add_controller (GTK_WIDGET (view), GTK_EVENT_CONTROLLER (click));

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), view);
  gtk_widget_add_controller (GTK_WIDGET (view), keys);
}
