/* billet-prose-ranges.c — which bytes of a Markdown body are prose
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The typography fixer and the grammar checker change or judge prose only:
 * never code (fenced, indented, spans), raw HTML, URLs, link destinations
 * and reference definitions, footnote labels, Hugo shortcodes and Liquid
 * tags, entities, attribute lists ({#id}). Code and HTML blocks come from
 * cmark-gfm's own parse (its block positions are exact); the inline
 * constructs are found by a scan of what is left, as Markdown reads them.
 *
 * One mask per body: byte i is prose when mask[i] is 1. (The spelling
 * checker, developed beside this, has its own prose ranges; the two should
 * become one.)
 */

#include "config.h"

#include <string.h>

#include <cmark-gfm.h>

#include "billet-prose-ranges.h"

static void
mask_lines (guint8      *mask,
            const gsize *line_starts,
            guint        n_lines,
            gsize        len,
            int          first,
            int          last)
{
  gsize start, end;

  if (first < 1 || (guint) first > n_lines)
    return;
  if (last < first)
    last = first;
  start = line_starts[first - 1];
  end = (guint) last < n_lines ? line_starts[last] : len;
  memset (mask + start, 0, end - start);
}

/* Code and HTML blocks, as cmark-gfm finds them */
static void
mask_blocks (const char *body,
             gsize       len,
             guint8     *mask)
{
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  cmark_node *document;
  cmark_iter *iter;
  cmark_event_type event;
  gsize zero = 0;

  g_array_append_val (starts, zero);
  for (gsize i = 0; i < len; i++)
    if (body[i] == '\n' && i + 1 < len)
      {
        gsize next = i + 1;

        g_array_append_val (starts, next);
      }

  document = cmark_parse_document (body, len, CMARK_OPT_DEFAULT);
  iter = cmark_iter_new (document);
  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);
      cmark_node_type type;

      if (event != CMARK_EVENT_ENTER)
        continue;
      type = cmark_node_get_type (node);
      if (type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HTML_BLOCK)
        mask_lines (mask, (const gsize *) (gpointer) starts->data, starts->len, len,
                    cmark_node_get_start_line (node), cmark_node_get_end_line (node));
    }
  cmark_iter_free (iter);
  cmark_node_free (document);
}

static gboolean
at_line_start (const char *body,
               gsize       i)
{
  gsize spaces = 0;

  while (i > 0 && body[i - 1] == ' ' && spaces < 4)
    {
      i--;
      spaces++;
    }
  return spaces < 4 && (i == 0 || body[i - 1] == '\n');
}

static gsize
line_end (const char *body,
          gsize       len,
          gsize       i)
{
  const char *nl = memchr (body + i, '\n', len - i);

  return nl ? (gsize) (nl - body) : len;
}

/* The end of what starts at @i with @open and ends with @close, within the
 * paragraph (no blank line crossed), or 0 */
static gsize
find_close (const char *body,
            gsize       len,
            gsize       i,
            const char *close)
{
  gsize close_len = strlen (close);

  for (gsize j = i; j + close_len <= len; j++)
    {
      if (body[j] == '\n' && j + 1 < len && body[j + 1] == '\n')
        return 0;
      if (memcmp (body + j, close, close_len) == 0)
        return j + close_len;
    }
  return 0;
}

static gboolean
is_url_start (const char *body,
              gsize       len,
              gsize       i)
{
  static const char *const schemes[] = { "https://", "http://", "ftp://", "mailto:", "www." };

  if (i > 0 && (g_ascii_isalnum (body[i - 1]) || body[i - 1] == '/'))
    return FALSE;
  for (guint k = 0; k < G_N_ELEMENTS (schemes); k++)
    {
      gsize n = strlen (schemes[k]);

      if (i + n <= len && g_ascii_strncasecmp (body + i, schemes[k], n) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
mask_inlines (const char *body,
              gsize       len,
              guint8     *mask)
{
  gsize i = 0;

  while (i < len)
    {
      gsize end = 0;
      char c = body[i];

      if (!mask[i])
        {
          i++;
          continue;
        }

      if (c == '\\' && i + 1 < len && g_ascii_ispunct (body[i + 1]))
        end = i + 2;
      else if (c == '`')
        {
          gsize run = 0, j;

          while (i + run < len && body[i + run] == '`')
            run++;
          /* The closing run of the same length */
          for (j = i + run; j < len; j++)
            {
              gsize other = 0;

              if (body[j] == '\n' && j + 1 < len && body[j + 1] == '\n')
                break;
              if (body[j] != '`')
                continue;
              while (j + other < len && body[j + other] == '`')
                other++;
              if (other == run)
                {
                  end = j + other;
                  break;
                }
              j += other - 1;
            }
          if (end == 0)
            end = i + run;
        }
      else if (c == '<' && i + 1 < len &&
               (g_ascii_isalpha (body[i + 1]) || body[i + 1] == '/' || body[i + 1] == '!' ||
                body[i + 1] == '?'))
        end = find_close (body, len, i, ">");
      else if (c == '{' && i + 1 < len && body[i + 1] == '{')
        end = find_close (body, len, i + 2, "}}");
      else if (c == '{' && i + 1 < len && body[i + 1] == '%')
        end = find_close (body, len, i + 2, "%}");
      else if (c == '{' && i + 1 < len && (body[i + 1] == '#' || body[i + 1] == '.'))
        end = find_close (body, len, i + 1, "}");
      else if (c == ']' && i + 1 < len && body[i + 1] == '(')
        {
          /* A link destination (and title), parentheses nested */
          int depth = 0;

          for (gsize j = i + 1; j < len && body[j] != '\n'; j++)
            {
              if (body[j] == '\\')
                {
                  j++;
                  continue;
                }
              if (body[j] == '(')
                depth++;
              else if (body[j] == ')' && --depth == 0)
                {
                  end = j + 1;
                  break;
                }
            }
          /* The ] itself stays prose: it ends the link's text */
          if (end != 0)
            {
              memset (mask + i + 1, 0, end - i - 1);
              i = end;
              continue;
            }
        }
      else if (c == ']' && i + 1 < len && body[i + 1] == '[')
        {
          end = find_close (body, len, i + 2, "]");
          if (end != 0)
            {
              memset (mask + i + 1, 0, end - i - 1);
              i = end;
              continue;
            }
        }
      else if (c == '[' && i + 1 < len && body[i + 1] == '^')
        end = find_close (body, len, i, "]");
      else if (c == '[' && at_line_start (body, i))
        {
          /* A reference definition: [label]: destination "title" */
          gsize close = find_close (body, len, i, "]");

          if (close != 0 && close < len && body[close] == ':')
            end = line_end (body, len, close);
        }
      else if (c == '&' && i + 1 < len && (g_ascii_isalpha (body[i + 1]) || body[i + 1] == '#'))
        {
          gsize j = i + 1;

          while (j < len && j - i < 32 && (g_ascii_isalnum (body[j]) || body[j] == '#'))
            j++;
          if (j < len && body[j] == ';')
            end = j + 1;
        }
      else if (is_url_start (body, len, i))
        {
          gsize j = i;

          while (j < len && !g_ascii_isspace (body[j]) && body[j] != '<' && body[j] != '>')
            j++;
          /* Trailing punctuation is the sentence's, as GFM's autolinks read it */
          while (j > i && strchr (".,:;!?)\"'*_", body[j - 1]) != NULL)
            j--;
          end = j;
        }

      if (end > i)
        {
          memset (mask + i, 0, end - i);
          i = end;
        }
      else
        i++;
    }
}

/**
 * billet_prose_mask_new:
 * @body: (array length=len): a Markdown body
 * @len: its length
 *
 * Returns: (transfer full) (array length=len): 1 for each byte of prose, 0
 *   for the others; free with g_free()
 */
guint8 *
billet_prose_mask_new (const char *body,
                       gsize       len)
{
  guint8 *mask = g_malloc (len + 1);

  memset (mask, 1, len + 1);
  mask[len] = 0;
  mask_blocks (body, len, mask);
  mask_inlines (body, len, mask);
  return mask;
}
