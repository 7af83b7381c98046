/* billet-source-typography.c — Fix Typography in a Markdown body buffer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The French typography fixer of the core (billet-typography.c) applied to
 * the source: to the selection when there is one, else to the whole body,
 * as one undoable step. The whole body is read even for a selection, so
 * that a selection inside a code block is known to be code.
 */

#include "config.h"

#include "billet-source-typography.h"
#include "billet-typography.h"

/**
 * billet_source_fix_typography:
 * @buffer: a Markdown body
 *
 * Returns: how many fixes were made
 */
guint
billet_source_fix_typography (GtkTextBuffer *buffer)
{
  GtkTextIter start, end, sel_start, sel_end;
  g_autofree char *text = NULL;
  g_autoptr(GArray) fixes = NULL;
  g_autoptr(GArray) offsets = NULL;
  gboolean selection;
  int from = 0, to = G_MAXINT;
  const char *at;
  int char_offset = 0;
  guint n = 0;

  g_return_val_if_fail (GTK_IS_TEXT_BUFFER (buffer), 0);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  fixes = billet_typography_check (text, strlen (text));
  selection = gtk_text_buffer_get_selection_bounds (buffer, &sel_start, &sel_end);
  if (selection)
    {
      from = gtk_text_iter_get_offset (&sel_start);
      to = gtk_text_iter_get_offset (&sel_end);
    }

  /* Byte offsets to character offsets, in one pass */
  offsets = g_array_sized_new (FALSE, FALSE, sizeof (int) * 2, fixes->len);
  at = text;
  for (guint k = 0; k < fixes->len; k++)
    {
      const BilletTypographyFix *fix = &g_array_index (fixes, BilletTypographyFix, k);
      int pair[2];

      char_offset += (int) g_utf8_pointer_to_offset (at, text + fix->start);
      at = text + fix->start;
      pair[0] = char_offset;
      pair[1] = char_offset + (int) g_utf8_pointer_to_offset (at, text + fix->end);
      g_array_append_vals (offsets, pair, 1);
    }

  gtk_text_buffer_begin_user_action (buffer);
  /* From the end, so that the offsets before stay right */
  for (guint k = fixes->len; k-- > 0;)
    {
      const BilletTypographyFix *fix = &g_array_index (fixes, BilletTypographyFix, k);
      const int *pair = (const int *) (gpointer) (offsets->data + k * sizeof (int) * 2);
      GtkTextIter fix_start, fix_end;

      if (pair[0] < from || pair[1] > to || (selection && pair[0] == to))
        continue;
      gtk_text_buffer_get_iter_at_offset (buffer, &fix_start, pair[0]);
      gtk_text_buffer_get_iter_at_offset (buffer, &fix_end, pair[1]);
      if (pair[1] > pair[0])
        gtk_text_buffer_delete (buffer, &fix_start, &fix_end);
      gtk_text_buffer_insert (buffer, &fix_start, fix->replacement, -1);
      n++;
    }
  gtk_text_buffer_end_user_action (buffer);
  return n;
}
