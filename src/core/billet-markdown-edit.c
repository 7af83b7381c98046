/* billet-markdown-edit.c — what Markdown editing needs to know of a line: lists and quotes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The source view continues a list when the author presses Enter in one,
 * and indents items with Tab. What a line's markers are is Markdown
 * knowledge, kept here beside the rest of it, without GTK, so that it is
 * tested line by line. The rules are CommonMark's: a bullet is -, * or +
 * followed by a space (or the end of the line); an ordered marker is one
 * to nine digits and . or ); block quotes are > with an optional space; a
 * line of three or more -, * or _ alone is a thematic break, not a list.
 */

#include "config.h"

#include <string.h>

#include "billet-markdown-edit.h"

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

/* "***", "- - -", "___": a thematic break, which looks like a bullet. */
static gboolean
is_thematic_break (const char *line,
                   gsize       len)
{
  char mark = 0;
  guint n = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (is_blank (line[i]))
        continue;
      if (line[i] != '-' && line[i] != '*' && line[i] != '_')
        return FALSE;
      if (mark != 0 && line[i] != mark)
        return FALSE;
      mark = line[i];
      n++;
    }
  return n >= 3;
}

/**
 * billet_markdown_parse_list_line:
 * @line: (array length=len): one line, without its line break
 * @out: (out caller-allocates): filled in when the line is a list item or
 *   a block quote line; free with billet_list_line_clear()
 *
 * Returns: whether @line is a list item or a block quote line
 */
gboolean
billet_markdown_parse_list_line (const char     *line,
                                 gsize           len,
                                 BilletListLine *out)
{
  GString *next;
  gsize i = 0, quote_end, marker_start, marker_end;
  gboolean ordered = FALSE, task = FALSE;
  guint64 number = 0;

  g_return_val_if_fail (line != NULL || len == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (is_thematic_break (line, len))
    return FALSE;

  while (i < len && is_blank (line[i]))
    i++;
  out->indent = i;

  /* Block quote markers, nested or not: "> ", ">> ", "> > ". */
  while (i < len && line[i] == '>')
    {
      i++;
      if (i < len && line[i] == ' ')
        i++;
      while (i < len && line[i] == ' ' && i + 1 < len && line[i + 1] == '>')
        i++;
    }
  quote_end = i;

  /* A list marker, then at least one space or the end of the line. */
  marker_start = i;
  if (i < len && (line[i] == '-' || line[i] == '*' || line[i] == '+'))
    i++;
  else
    {
      gsize digits = 0;

      while (i < len && g_ascii_isdigit (line[i]) && digits < 10)
        {
          number = number * 10 + (guint64) (line[i] - '0');
          i++;
          digits++;
        }
      if (digits >= 1 && digits <= 9 && i < len && (line[i] == '.' || line[i] == ')'))
        {
          i++;
          ordered = TRUE;
        }
      else
        i = marker_start;
    }
  if (i > marker_start && i < len && !is_blank (line[i]))
    i = marker_start;   /* "-word", "1.5": text, not a marker */
  if (i > marker_start)
    {
      while (i < len && is_blank (line[i]))
        i++;
      marker_end = i;
      out->marker_width = marker_end - marker_start;
      /* A task box: "[ ] ", "[x] ". */
      if (i + 2 < len && line[i] == '[' && (line[i + 1] == ' ' || line[i + 1] == 'x' || line[i + 1] == 'X') &&
          line[i + 2] == ']' && (i + 3 == len || is_blank (line[i + 3])))
        {
          task = TRUE;
          i += 3;
          while (i < len && is_blank (line[i]))
            i++;
        }
    }
  else
    marker_end = i;

  if (quote_end == out->indent && marker_end == marker_start)
    return FALSE;   /* neither a quote nor a list item */

  out->prefix_end = i;
  out->empty = TRUE;
  for (gsize j = i; j < len; j++)
    if (!is_blank (line[j]))
      out->empty = FALSE;

  next = g_string_new_len (line, (gssize) marker_start);
  if (ordered)
    {
      /* The same spacing after the marker, the next number. */
      gsize spacing = marker_end - marker_start;
      gsize old_width = 0;

      while (marker_start + old_width < len && g_ascii_isdigit (line[marker_start + old_width]))
        old_width++;
      g_string_append_printf (next, "%" G_GUINT64_FORMAT "%c", number + 1, line[marker_start + old_width]);
      spacing -= old_width + 1;
      for (gsize k = 0; k < MAX (spacing, 1); k++)
        g_string_append_c (next, ' ');
    }
  else if (marker_end > marker_start)
    {
      g_string_append_len (next, line + marker_start, (gssize) (marker_end - marker_start));
      if (marker_end - marker_start == 1)
        g_string_append_c (next, ' ');
    }
  if (task)
    g_string_append (next, "[ ] ");
  out->continuation = g_string_free (next, FALSE);
  return TRUE;
}

void
billet_list_line_clear (BilletListLine *line)
{
  g_clear_pointer (&line->continuation, g_free);
}

/**
 * billet_markdown_is_fence_line:
 *
 * Returns: whether @line opens or closes a fenced code block (``` or ~~~,
 *   indented by at most three spaces)
 */
gboolean
billet_markdown_is_fence_line (const char *line,
                               gsize       len)
{
  gsize i = 0, n = 0;
  char c;

  while (i < len && i < 3 && line[i] == ' ')
    i++;
  if (i >= len || (line[i] != '`' && line[i] != '~'))
    return FALSE;
  c = line[i];
  while (i < len && line[i] == c)
    i++, n++;
  return n >= 3;
}
