/* billet-spell-menu.c — suggestions and the language in a text's context menu
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A text view's own context menu, or a one-line editor's (its GtkText's),
 * with an extra part (gtk_text_view_set_extra_menu(),
 * gtk_text_set_extra_menu()) rebuilt just before it opens, for the word
 * it opens on: the click's position for a right click (the text moves its
 * cursor there only afterwards, if at all), the cursor for the Menu key
 * and Shift+F10. An underlined word there gets its suggestions — asked of
 * the dictionary then, never while checking —, "Add to Dictionary" and
 * "Ignore"; every menu has the language. The actions ("spell.…") live on
 * the view or the editor's text. A view's act on its buffer's checker
 * (billet-spell-checker.c); an editor's words are checked in the language
 * billet-spell-field.c gives it (BILLET_SPELL_LANGUAGE_KEY), and its
 * Language item is the window's action for the post.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "billet-prose.h"
#include "billet-spell-checker.h"
#include "billet-spell-menu.h"

typedef struct
{
  GtkWidget   *widget;      /* (unowned) the text view, or the editor */
  GtkText     *text;        /* (unowned) (nullable) the editor's text */
  GMenu       *menu;        /* the extra menu */
  GMenu       *suggestions;
  GMenu       *word;
  char        *word_text;   /* the underlined word the menu is for */
  char        *language;    /* the dictionary it was checked with */
  /* A view's: the word's extent, in the buffer the marks belong to */
  GtkTextMark *start;       /* (nullable) */
  GtkTextMark *end;
  /* An editor's: its text when the menu opened, the word's characters */
  char        *value;
  int          start_pos;
  int          end_pos;
  BilletSpellReplaceFunc replace;
  gpointer     replace_data;
  GSimpleActionGroup *actions;
} Menu;

static GtkTextView *
menu_view (Menu *menu)
{
  return GTK_IS_TEXT_VIEW (menu->widget) ? GTK_TEXT_VIEW (menu->widget) : NULL;
}

static void
menu_clear_word (Menu *menu)
{
  if (menu->start != NULL && gtk_text_mark_get_buffer (menu->start) != NULL)
    gtk_text_buffer_delete_mark (gtk_text_mark_get_buffer (menu->start), menu->start);
  if (menu->end != NULL && gtk_text_mark_get_buffer (menu->end) != NULL)
    gtk_text_buffer_delete_mark (gtk_text_mark_get_buffer (menu->end), menu->end);
  g_clear_object (&menu->start);
  g_clear_object (&menu->end);
  g_clear_pointer (&menu->word_text, g_free);
  g_clear_pointer (&menu->language, g_free);
  g_clear_pointer (&menu->value, g_free);
}

static void
menu_free (Menu *menu)
{
  menu_clear_word (menu);
  g_clear_object (&menu->menu);
  g_clear_object (&menu->suggestions);
  g_clear_object (&menu->word);
  g_clear_object (&menu->actions);
  g_free (menu);
}

static BilletSpellChecker *
menu_checker (Menu *menu)
{
  return menu_view (menu) != NULL ? billet_spell_checker_lookup (gtk_text_view_get_buffer (menu_view (menu))) : NULL;
}

static void
correct_cb (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  Menu *menu = user_data;
  const char *word = g_variant_get_string (parameter, NULL);
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  if (menu->text != NULL)
    {
      /* Only in the text the word was found in. */
      if (menu->value == NULL || g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (menu->widget)), menu->value) != 0)
        return;
      if (menu->replace != NULL)
        menu->replace (menu->widget, menu->start_pos, menu->end_pos, word, menu->replace_data);
      else
        {
          int pos = menu->start_pos;

          gtk_editable_delete_text (GTK_EDITABLE (menu->widget), menu->start_pos, menu->end_pos);
          gtk_editable_insert_text (GTK_EDITABLE (menu->widget), word, -1, &pos);
          gtk_editable_set_position (GTK_EDITABLE (menu->widget), pos);
        }
      return;
    }

  if (menu->start == NULL || (buffer = gtk_text_mark_get_buffer (menu->start)) == NULL ||
      buffer != gtk_text_view_get_buffer (menu_view (menu)))
    return;
  gtk_text_buffer_get_iter_at_mark (buffer, &start, menu->start);
  gtk_text_buffer_get_iter_at_mark (buffer, &end, menu->end);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert (buffer, &start, word, -1);
  gtk_text_buffer_end_user_action (buffer);
}

static void
add_cb (GSimpleAction *action,
        GVariant      *parameter,
        gpointer       user_data)
{
  Menu *menu = user_data;

  if (menu->word_text != NULL && menu->language != NULL)
    billet_spell_add_word (menu->language, menu->word_text);
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
 * @action: the detailed name of a language action ("spell.language")
 *
 * Returns: (transfer full): one radio item a dictionary, for @action
 */
GMenuModel *
billet_spell_language_menu_new (const char *action)
{
  g_auto(GStrv) languages = billet_spell_list_languages ();
  GMenu *menu = g_menu_new ();

  for (guint i = 0; languages[i] != NULL; i++)
    {
      g_autofree char *name = billet_spell_language_name (languages[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (name, NULL);

      g_menu_item_set_action_and_target_value (item, action, g_variant_new_string (languages[i]));
      g_menu_append_item (menu, item);
    }

  return G_MENU_MODEL (menu);
}

/* The word's items, for menu->word_text in menu->language. */
static void
fill_word_items (Menu *menu)
{
  g_auto(GStrv) suggestions = billet_spell_suggest (menu->language, menu->word_text);

  for (guint i = 0; suggestions[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (suggestions[i], NULL);

      g_menu_item_set_action_and_target_value (item, "spell.correct", g_variant_new_string (suggestions[i]));
      g_menu_append_item (menu->suggestions, item);
    }
  if (suggestions[0] == NULL)
    g_menu_append (menu->suggestions, _("No Suggestions"), "spell.none");
  g_menu_append (menu->word, _("_Add to Dictionary"), "spell.add");
  g_menu_append (menu->word, _("_Ignore"), "spell.ignore");
}

static void
menu_reset (Menu *menu)
{
  g_menu_remove_all (menu->suggestions);
  g_menu_remove_all (menu->word);
  menu_clear_word (menu);
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

  menu_reset (menu);
  billet_spell_menu_sync (view);

  if (checker == NULL || !billet_spell_checker_get_enabled (checker) ||
      !billet_spell_checker_misspelled_at (checker, iter, &start, &end))
    return;

  menu->word_text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  menu->language = g_strdup (billet_spell_checker_get_language (checker));
  menu->start = g_object_ref (gtk_text_buffer_create_mark (buffer, NULL, &start, TRUE));
  menu->end = g_object_ref (gtk_text_buffer_create_mark (buffer, NULL, &end, FALSE));
  fill_word_items (menu);
}

/**
 * billet_spell_menu_update_editable:
 * @editor: an editor given the spelling menu by
 *   billet_spell_menu_attach_editable()
 * @index: where the menu opens, a byte of its text
 *
 * Fills the editor's extra menu for the word at @index.
 */
void
billet_spell_menu_update_editable (GtkWidget *editor,
                                   gsize      index)
{
  Menu *menu = g_object_get_data (G_OBJECT (editor), "billet-spell-menu");
  const char *language = g_object_get_data (G_OBJECT (editor), BILLET_SPELL_LANGUAGE_KEY);
  const char *value;
  g_autoptr(GArray) words = NULL;
  gsize len;

  g_return_if_fail (menu != NULL);

  menu_reset (menu);
  if (language == NULL)
    return;

  value = gtk_editable_get_text (GTK_EDITABLE (editor));
  len = strlen (value);
  words = billet_prose_plain_words (value, len);
  for (guint i = 0; i < words->len; i++)
    {
      BilletProseRange *w = &g_array_index (words, BilletProseRange, i);

      if (index < w->start || index > w->end)
        continue;
      if (billet_spell_check_word (language, value + w->start, (gssize) (w->end - w->start)))
        return;
      menu->value = g_strdup (value);
      menu->language = g_strdup (language);
      menu->word_text = g_strndup (value + w->start, w->end - w->start);
      menu->start_pos = (int) g_utf8_pointer_to_offset (value, value + w->start);
      menu->end_pos = (int) g_utf8_pointer_to_offset (value, value + w->end);
      fill_word_items (menu);
      return;
    }
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

/* Where, in its text, a point of a one-line text is: GtkText keeps its
 * layout to itself, so one is made alike (the same text, the same font)
 * and lined up with it by the cursor, whose place both know. */
static gsize
text_index_at (GtkText *text,
               double   x)
{
  const char *value = gtk_editable_get_text (GTK_EDITABLE (text));
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (text), value);
  int position = gtk_editable_get_position (GTK_EDITABLE (text));
  graphene_rect_t strong;
  PangoRectangle cursor;
  int index = 0, trailing = 0;
  double offset;

  gtk_text_compute_cursor_extents (text, (gsize) position, &strong, NULL);
  pango_layout_get_cursor_pos (layout, (int) (g_utf8_offset_to_pointer (value, position) - value), &cursor, NULL);
  offset = strong.origin.x - (double) cursor.x / PANGO_SCALE;
  pango_layout_xy_to_index (layout, (int) ((x - offset) * PANGO_SCALE), cursor.y + cursor.height / 2,
                            &index, &trailing);
  return (gsize) index;
}

static void
menu_update_at_cursor (Menu *menu)
{
  if (menu->text != NULL)
    {
      const char *value = gtk_editable_get_text (GTK_EDITABLE (menu->widget));
      int position = gtk_editable_get_position (GTK_EDITABLE (menu->widget));

      billet_spell_menu_update_editable (menu->widget, (gsize) (g_utf8_offset_to_pointer (value, position) - value));
    }
  else
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (menu_view (menu));
      GtkTextIter iter;

      gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
      billet_spell_menu_update (menu_view (menu), &iter);
    }
}

static void
click_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  Menu            *menu)
{
  if (menu->text != NULL)
    billet_spell_menu_update_editable (menu->widget, text_index_at (menu->text, x));
  else
    {
      GtkTextIter iter;
      int bx, by;

      gtk_text_view_window_to_buffer_coords (menu_view (menu), GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y, &bx, &by);
      gtk_text_view_get_iter_at_location (menu_view (menu), &iter, bx, by);
      billet_spell_menu_update (menu_view (menu), &iter);
    }
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                Menu                  *menu)
{
  if (keyval == GDK_KEY_Menu || (keyval == GDK_KEY_F10 && (state & GDK_SHIFT_MASK)))
    menu_update_at_cursor (menu);

  /* The text opens its menu. */
  return GDK_EVENT_PROPAGATE;
}

/* The menu of @widget, its actions and what opens it on @target (the
 * widget the events go to, and the menu's parent). */
static Menu *
menu_new (GtkWidget  *widget,
          GtkWidget  *target,
          const char *language_action)
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

  menu = g_new0 (Menu, 1);
  menu->widget = widget;
  menu->menu = g_menu_new ();
  menu->suggestions = g_menu_new ();
  menu->word = g_menu_new ();
  g_menu_append_section (menu->menu, NULL, G_MENU_MODEL (menu->suggestions));
  g_menu_append_section (menu->menu, NULL, G_MENU_MODEL (menu->word));
  languages = billet_spell_language_menu_new (language_action != NULL ? language_action : "spell.language");
  language_section = g_menu_new ();
  g_menu_append_submenu (language_section, _("_Language"), languages);
  g_menu_append_section (menu->menu, NULL, G_MENU_MODEL (language_section));

  menu->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (menu->actions), entries, G_N_ELEMENTS (entries), menu);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (menu->actions), "none")),
                               FALSE);
  /* On the text itself: a group inserted on an ancestor after the text
   * had actions of its own is not found from it (GTK 4.8's muxers). */
  gtk_widget_insert_action_group (target, "spell", G_ACTION_GROUP (menu->actions));
  g_object_set_data_full (G_OBJECT (widget), "billet-spell-menu", menu, (GDestroyNotify) menu_free);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (click_pressed_cb), menu);
  gtk_widget_add_controller (target, GTK_EVENT_CONTROLLER (click));

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), menu);
  gtk_widget_add_controller (target, keys);

  return menu;
}

/**
 * billet_spell_menu_attach:
 * @language_action: (nullable): the action the Language items choose
 *   with, or %NULL for the view's own ("spell.language": its checker's)
 *
 * Gives @view's context menu the spelling part.
 */
void
billet_spell_menu_attach (GtkTextView *view,
                          const char  *language_action)
{
  Menu *menu;
  GMenuModel *extra;

  g_return_if_fail (GTK_IS_TEXT_VIEW (view));

  menu = menu_new (GTK_WIDGET (view), GTK_WIDGET (view), language_action);
  /* First in the view's menu, before the sections others put there (the
   * grammar checker's). */
  extra = gtk_text_view_get_extra_menu (view);
  if (G_IS_MENU (extra))
    g_menu_prepend_section (G_MENU (extra), NULL, G_MENU_MODEL (menu->menu));
  else
    gtk_text_view_set_extra_menu (view, G_MENU_MODEL (menu->menu));
}

static GtkText *
text_of (GtkWidget *editor)
{
  GtkEditable *delegate = GTK_EDITABLE (editor);

  while (!GTK_IS_TEXT (delegate) && gtk_editable_get_delegate (delegate) != NULL)
    delegate = gtk_editable_get_delegate (delegate);
  return GTK_IS_TEXT (delegate) ? GTK_TEXT (delegate) : NULL;
}

/**
 * billet_spell_menu_attach_editable:
 * @editor: a one-line editor (a GtkText, or a row or an entry around one)
 * @language_action: the action the Language items choose with
 *
 * Gives @editor's context menu the spelling part, for its words in the
 * language set on it as BILLET_SPELL_LANGUAGE_KEY.
 */
void
billet_spell_menu_attach_editable (GtkWidget  *editor,
                                   const char *language_action)
{
  GtkText *text;
  Menu *menu;
  GMenuModel *extra;

  g_return_if_fail (GTK_IS_EDITABLE (editor));
  g_return_if_fail (language_action != NULL);

  if ((text = text_of (editor)) == NULL)
    return;
  menu = menu_new (editor, GTK_WIDGET (text), language_action);
  menu->text = text;
  extra = gtk_text_get_extra_menu (text);
  if (G_IS_MENU (extra))
    g_menu_prepend_section (G_MENU (extra), NULL, G_MENU_MODEL (menu->menu));
  else
    gtk_text_set_extra_menu (text, G_MENU_MODEL (menu->menu));
}

/**
 * billet_spell_menu_set_replace_func:
 * @replace: (nullable): how the editor's word is replaced by a
 *   suggestion; %NULL: as if typed
 *
 * For an editor given the menu by billet_spell_menu_attach_editable().
 */
void
billet_spell_menu_set_replace_func (GtkWidget              *editor,
                                    BilletSpellReplaceFunc  replace,
                                    gpointer                user_data)
{
  Menu *menu = g_object_get_data (G_OBJECT (editor), "billet-spell-menu");

  g_return_if_fail (menu != NULL && menu->text != NULL);

  menu->replace = replace;
  menu->replace_data = user_data;
}
