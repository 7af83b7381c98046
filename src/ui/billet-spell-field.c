/* billet-spell-field.c — spelling in the form's prose fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The form's prose — a title, a description, their search-engine
 * versions, a summary, any long text — is checked in the post's language;
 * other values (a slug, an author, an image's path) are not. A long text
 * row is a text view: it gets a checker and the spelling menu as the
 * source does (plain text, not Markdown). A one-line row is short: its
 * words are checked on the main loop a moment after typing pauses, and
 * shown as error underlines in its text's attributes; its context menu
 * has the same spelling part (billet-spell-menu.c). Both menus' Language
 * is the window's "spelling.language": the post's language.
 */

#include "config.h"

#include <string.h>

#include "billet-prose.h"
#include "billet-spell-checker.h"
#include "billet-spell-field.h"
#include "billet-spell-menu.h"

/* Longer one-line values are not checked on the main loop. */
#define MAX_ENTRY_BYTES 4096
#define PAUSE_MS 150

/**
 * billet_spell_field_is_prose:
 * @path: the field's dotted key path ("title", "seo.description")
 * @long_text: whether it is a long text row
 *
 * Returns: whether the field's value is prose, to be checked
 */
gboolean
billet_spell_field_is_prose (const char *path,
                             gboolean    long_text)
{
  static const char * const keys[] = {
    "title", "description", "summary", "subtitle", "excerpt", "abstract", "lead", "caption",
    "linktitle", "seotitle", "seodescription", "meta_description", "og_title", "og_description",
  };
  const char *key;

  if (long_text)
    return TRUE;
  if (path == NULL)
    return FALSE;
  key = strrchr (path, '.');
  key = key != NULL ? key + 1 : path;
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      if (g_ascii_strcasecmp (key, keys[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

#define LANGUAGE_ACTION "spelling.language"

static GtkText *
text_of (GtkWidget *editor)
{
  GtkEditable *delegate = GTK_EDITABLE (editor);

  while (!GTK_IS_TEXT (delegate) && gtk_editable_get_delegate (delegate) != NULL)
    delegate = gtk_editable_get_delegate (delegate);
  return GTK_IS_TEXT (delegate) ? GTK_TEXT (delegate) : NULL;
}

static void
check_entry (GtkWidget *editor)
{
  const char *language = g_object_get_data (G_OBJECT (editor), BILLET_SPELL_LANGUAGE_KEY);
  GtkText *text = text_of (editor);
  const char *value = gtk_editable_get_text (GTK_EDITABLE (editor));
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  gsize len = strlen (value);

  if (text == NULL)
    return;
  if (language != NULL && len <= MAX_ENTRY_BYTES)
    {
      g_autoptr(GArray) words = billet_prose_plain_words (value, len);

      for (guint i = 0; i < words->len; i++)
        {
          BilletProseRange *w = &g_array_index (words, BilletProseRange, i);
          PangoAttribute *underline;

          if (billet_spell_check_word (language, value + w->start, (gssize) (w->end - w->start)))
            continue;
          underline = pango_attr_underline_new (PANGO_UNDERLINE_ERROR);
          underline->start_index = (guint) w->start;
          underline->end_index = (guint) w->end;
          pango_attr_list_insert (attrs, underline);
        }
    }
  gtk_text_set_attributes (text, attrs);
}

static gboolean
check_entry_cb (gpointer user_data)
{
  GtkWidget *editor = user_data;

  g_object_steal_data (G_OBJECT (editor), "billet-spell-source");
  check_entry (editor);
  return G_SOURCE_REMOVE;
}

static void
remove_source (gpointer data)
{
  g_source_remove (GPOINTER_TO_UINT (data));
}

static void
unwatch_words (gpointer data)
{
  billet_spell_unwatch_words (GPOINTER_TO_SIZE (data));
}

static void
on_entry_changed_cb (GtkWidget *editor)
{
  guint id;

  /* Underlines of the old text would be misplaced: off until checked. */
  if (text_of (editor) != NULL && gtk_text_get_attributes (text_of (editor)) != NULL)
    gtk_text_set_attributes (text_of (editor), NULL);
  id = g_timeout_add (PAUSE_MS, check_entry_cb, editor);
  g_object_set_data_full (G_OBJECT (editor), "billet-spell-source", GUINT_TO_POINTER (id), remove_source);
}

/**
 * billet_spell_field_set_language:
 * @editor: a prose field's editor (a text view, or an editable)
 * @language: (nullable): the dictionary, or %NULL not to check
 */
void
billet_spell_field_set_language (GtkWidget  *editor,
                                 const char *language)
{
  g_return_if_fail (GTK_IS_WIDGET (editor));

  if (GTK_IS_TEXT_VIEW (editor))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor));
      gboolean first = billet_spell_checker_lookup (buffer) == NULL;
      BilletSpellChecker *checker = billet_spell_checker_get_for_buffer (buffer, BILLET_SPELL_PLAIN);

      if (first)
        billet_spell_menu_attach (GTK_TEXT_VIEW (editor), LANGUAGE_ACTION);
      billet_spell_checker_set_language (checker, language);
      billet_spell_checker_set_enabled (checker, language != NULL);
      return;
    }

  g_return_if_fail (GTK_IS_EDITABLE (editor));

  if (g_object_get_data (G_OBJECT (editor), "billet-spell-attached") == NULL)
    {
      gulong id = billet_spell_watch_words ((GHookFunc) check_entry, editor);

      /* Until the editor goes: a word added or ignored loses its underline. */
      g_object_set_data_full (G_OBJECT (editor), "billet-spell-attached", GSIZE_TO_POINTER (id), unwatch_words);
      g_signal_connect (editor, "changed", G_CALLBACK (on_entry_changed_cb), NULL);
      billet_spell_menu_attach_editable (editor, LANGUAGE_ACTION);
    }
  g_object_set_data_full (G_OBJECT (editor), BILLET_SPELL_LANGUAGE_KEY, g_strdup (language), g_free);
  check_entry (editor);
}
