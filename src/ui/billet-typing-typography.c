/* billet-typing-typography.c — French typography as you type (a preference)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With "french-typography-as-you-type" on (off by default), typing in the
 * prose of a French post gives:
 *   "  → « and a no-break space at a word's start, a no-break space and »
 *        after a word;
 *   '  → ’ after a letter;
 *   ; ! ?  a narrow no-break space (U+202F) before, in place of a space
 *        typed before it, and : a no-break space (U+00A0).
 * Each is part of the key's own undo step. Never in code, URLs, HTML,
 * shortcodes or Liquid: the highlighting's no-spell-check classes and the
 * paragraph's prose mask (billet-prose.c) say where prose is.
 */

#include "config.h"

#include <string.h>

#include <gtksourceview/gtksource.h>

#include "billet-prose.h"
#include "billet-typing-typography.h"

#define KEY   "french-typography-as-you-type"
#define NBSP  "\xC2\xA0"
#define NNBSP "\xE2\x80\xAF"

typedef struct
{
  GtkTextView   *view;      /* weak */
  GSettings     *settings;
  BilletGrammar *grammar;   /* weak */
  GtkTextBuffer *buffer;
  gboolean       busy;
} Typing;

static gboolean
in_prose (GtkTextBuffer     *buffer,
          const GtkTextIter *location)
{
  GtkTextIter start = *location, end = *location, before = *location;
  g_autofree char *text = NULL;
  g_autofree char *head = NULL;
  g_autofree guint8 *mask = NULL;
  gsize len, at;

  if (gtk_text_iter_backward_char (&before) && GTK_SOURCE_IS_BUFFER (buffer) &&
      gtk_source_buffer_iter_has_context_class (GTK_SOURCE_BUFFER (buffer), &before, "no-spell-check"))
    return FALSE;

  /* The paragraph around */
  gtk_text_iter_set_line_offset (&start, 0);
  while (gtk_text_iter_get_line (&start) > 0)
    {
      GtkTextIter prev = start;

      gtk_text_iter_backward_line (&prev);
      if (gtk_text_iter_ends_line (&prev))
        break;
      start = prev;
    }
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  head = gtk_text_buffer_get_text (buffer, &start, location, TRUE);
  len = strlen (text);
  at = strlen (head);
  if (at == 0)
    return TRUE;
  /* A code span being typed is not closed yet: an odd count of backticks */
  {
    guint ticks = 0;

    for (const char *p = head; *p != '\0'; p++)
      ticks += *p == '`';
    if (ticks % 2 == 1)
      return FALSE;
  }
  mask = billet_prose_mask_new (text, len, BILLET_PROSE_DEFAULT);
  /* Neither the character before the cursor nor the one after, if any,
   * is verbatim (code, a URL…): prose, or a marker before it */
  return mask[at - 1] != BILLET_PROSE_MASK_VERBATIM && (at >= len || mask[at] != BILLET_PROSE_MASK_VERBATIM);
}

static void
on_insert_text_cb (GtkTextBuffer *buffer,
                   GtkTextIter   *location,
                   const char    *text,
                   int            len,
                   Typing        *typing)
{
  GtkTextIter before = *location;
  gunichar prev = 0;
  gboolean after_space = FALSE;
  const char *replacement = NULL;
  char c;

  if (typing->busy || len != 1 || typing->view == NULL || typing->grammar == NULL ||
      !gtk_widget_has_focus (GTK_WIDGET (typing->view)) ||
      !g_settings_get_boolean (typing->settings, KEY) || !billet_grammar_is_french (typing->grammar))
    return;
  c = text[0];
  if (strchr ("\"';:!?", c) == NULL)
    return;
  if (gtk_text_iter_backward_char (&before))
    prev = gtk_text_iter_get_char (&before);
  if (!in_prose (buffer, location))
    return;

  switch (c)
    {
    case '"':
      if (prev == 0 || g_unichar_isspace (prev) || prev == '(' || prev == '[' || prev == 0x2014 || prev == 0x2013)
        replacement = "\xC2\xAB" NBSP;
      else
        {
          after_space = prev == ' ';
          replacement = NBSP "\xC2\xBB";
        }
      break;
    case '\'':
      if (prev != 0 && g_unichar_isalpha (prev))
        replacement = "\xE2\x80\x99";
      break;
    case ':':
      /* Not in 14:30, nor at a line's start */
      if (prev != 0 && prev != '\n' && !g_unichar_isdigit (prev) && prev != 0x00A0 && prev != 0x202F)
        {
          after_space = prev == ' ';
          replacement = NBSP ":";
        }
      break;
    case ';':
    case '!':
    case '?':
    default:
      if (prev != 0 && prev != '\n' && prev != '!' && prev != '?' && prev != 0x00A0 && prev != 0x202F)
        {
          after_space = prev == ' ';
          replacement = c == ';' ? NNBSP ";" : c == '!' ? NNBSP "!" : NNBSP "?";
        }
      break;
    }
  if (replacement == NULL)
    return;

  g_signal_stop_emission_by_name (buffer, "insert-text");
  typing->busy = TRUE;
  if (after_space)
    gtk_text_buffer_delete (buffer, &before, location);
  gtk_text_buffer_insert (buffer, location, replacement, -1);
  typing->busy = FALSE;
}

static void
connect_buffer (Typing *typing)
{
  GtkTextBuffer *buffer = typing->view ? gtk_text_view_get_buffer (typing->view) : NULL;

  if (typing->buffer != NULL)
    {
      g_signal_handlers_disconnect_by_data (typing->buffer, typing);
      g_clear_object (&typing->buffer);
    }
  if (buffer != NULL)
    {
      typing->buffer = g_object_ref (buffer);
      g_signal_connect (buffer, "insert-text", G_CALLBACK (on_insert_text_cb), typing);
    }
}

static void
typing_free (gpointer data)
{
  Typing *typing = data;

  if (typing->buffer != NULL)
    g_signal_handlers_disconnect_by_data (typing->buffer, typing);
  g_clear_object (&typing->buffer);
  g_clear_object (&typing->settings);
  g_clear_weak_pointer (&typing->view);
  g_clear_weak_pointer (&typing->grammar);
  g_free (typing);
}

/**
 * billet_typing_typography_attach:
 * @view: the source view
 * @settings: Billet's settings
 * @grammar: what knows whether the post is French
 *
 * Lives as long as @view.
 */
void
billet_typing_typography_attach (GtkTextView   *view,
                                 GSettings     *settings,
                                 BilletGrammar *grammar)
{
  Typing *typing = g_new0 (Typing, 1);

  g_set_weak_pointer (&typing->view, view);
  g_set_weak_pointer (&typing->grammar, grammar);
  typing->settings = g_object_ref (settings);
  g_object_set_data_full (G_OBJECT (view), "billet-typing-typography", typing, typing_free);
  g_signal_connect_swapped (view, "notify::buffer", G_CALLBACK (connect_buffer), typing);
  connect_buffer (typing);
}
