/* billet-marker.c — markers put in Markdown and replaced in its HTML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shortcodes (billet-shortcode.c) and the notes of tables shown as text
 * (billet-table-limits.c) put a marker in the Markdown — characters of the
 * Private Use Area around an index, which no Markdown construct touches —
 * and replace it in the HTML cmark renders, differently in text and in an
 * attribute. These are the two steps they share.
 */

#include "config.h"

#include <string.h>

#include "billet-marker.h"

/**
 * billet_html_place_advance:
 * @place: where the walk was before @c
 * @c: the next byte of the HTML
 *
 * Moves @place over @c. cmark escapes "<" in text and quotes in attribute
 * values; raw HTML may quote a ">".
 */
void
billet_html_place_advance (BilletHtmlPlace *place,
                           char             c)
{
  if (place->in_tag)
    {
      if (place->quote != 0)
        {
          if (c == place->quote)
            place->quote = 0;
        }
      else if (c == '"' || c == '\'')
        place->quote = c;
      else if (c == '>')
        place->in_tag = FALSE;
    }
  else if (c == '<')
    {
      place->in_tag = TRUE;
      place->quote = 0;
    }
}

/**
 * billet_marker_parse:
 * @p: where a marker may start
 * @open: what opens it, @mark_len bytes
 * @close: what closes it, @mark_len bytes
 * @n: how many markers there are (indices are below)
 * @marker_len: (out): its length, when there is one
 *
 * Parses "OPEN digits CLOSE" at @p.
 *
 * Returns: the marker's index, or -1
 */
gint64
billet_marker_parse (const char *p,
                     const char *open,
                     const char *close,
                     gsize       mark_len,
                     guint       n,
                     gsize      *marker_len)
{
  const char *q = p + mark_len;
  guint64 index = 0;

  if (strncmp (p, open, mark_len) != 0 || !g_ascii_isdigit (*q))
    return -1;
  while (g_ascii_isdigit (*q) && index <= n)
    index = index * 10 + (guint64) (*q++ - '0');
  if (index >= n || strncmp (q, close, mark_len) != 0)
    return -1;

  *marker_len = (gsize) (q - p) + mark_len;
  return (gint64) index;
}
