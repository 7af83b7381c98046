/* billet-prose.c — which parts of a Markdown body are prose
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A spelling checker must see the words a reader reads, and nothing else:
 * not code (spans, fenced or indented blocks), raw HTML, link
 * destinations, image paths, footnote labels, autolinked URLs, Hugo's
 * shortcodes or Jekyll's Liquid. Rather than guess from patterns, the body
 * is read as the preview reads it: its shortcodes (or Liquid) are masked
 * as for rendering, remembering where each kept run of text went
 * (billet_shortcodes_mask_kept()), cmark-gfm parses the result, and the
 * prose is what its text nodes cover — the text of paragraphs, headings,
 * table cells, link labels and image descriptions — taken back to the
 * body's own offsets. What is not in a text node (a code span, a tag, a
 * destination, a marker standing for a shortcode) is not prose.
 *
 * Words are then cut from the prose: letters, with apostrophes (' and ’)
 * and hyphens inside them. A run of text with no space in it that looks
 * like an address, a path, an identifier or a file name (a "://", an "@",
 * a "/", an "_", "www.", a dot between letters) or a word touching a digit
 * ("2e", "h264") holds no word to check.
 */

#include "config.h"

#include <string.h>

#include <cmark-gfm.h>

#include "billet-liquid.h"
#include "billet-markdown.h"
#include "billet-prose.h"
#include "billet-shortcode.h"

/* Where each line of the masked text starts, to turn cmark's 1-based
 * line:column positions (in bytes) into offsets. */
typedef struct
{
  GArray     *line_starts;
  GArray     *kept;     /* BilletMaskKept, by masked offset */
  const char *source;   /* the masked text */
  gsize       masked_len;
  GArray     *blocks;   /* BilletProseRange, in the masked text */
  GArray     *excluded; /* likewise */
  GArray     *ranges;   /* BilletProseRange, in the text */
} Walk;

static gsize
offset_of (Walk *walk,
           int   line,
           int   column)
{
  gsize start;

  if (line < 1 || (guint) line > walk->line_starts->len)
    return G_MAXSIZE;
  start = g_array_index (walk->line_starts, gsize, line - 1);
  return MIN (start + (gsize) MAX (column, 1) - 1, walk->masked_len);
}

/* Adds masked[@from, @to) to the prose, as far as it is text of the body
 * kept as written. */
static void
add_masked (Walk  *walk,
            gsize  from,
            gsize  to)
{
  guint lo = 0;
  guint hi = walk->kept->len;

  /* The first kept run that ends after @from. */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      BilletMaskKept *k = &g_array_index (walk->kept, BilletMaskKept, mid);

      if (k->masked + k->len <= from)
        lo = mid + 1;
      else
        hi = mid;
    }

  for (guint i = lo; i < walk->kept->len; i++)
    {
      BilletMaskKept *k = &g_array_index (walk->kept, BilletMaskKept, i);
      gsize a = MAX (from, k->masked);
      gsize b = MIN (to, k->masked + k->len);
      BilletProseRange range;

      if (k->masked >= to)
        break;
      if (a >= b)
        continue;
      range.start = k->text + (a - k->masked);
      range.end = k->text + (b - k->masked);
      if (walk->ranges->len > 0)
        {
          BilletProseRange *last = &g_array_index (walk->ranges, BilletProseRange, walk->ranges->len - 1);

          if (last->end == range.start)
            {
              last->end = range.end;
              continue;
            }
        }
      g_array_append_val (walk->ranges, range);
    }
}

static gsize
start_of (Walk       *walk,
          cmark_node *node)
{
  return offset_of (walk, cmark_node_get_start_line (node), cmark_node_get_start_column (node));
}

static gsize
end_of (Walk       *walk,
        cmark_node *node)
{
  return offset_of (walk, cmark_node_get_end_line (node), cmark_node_get_end_column (node) + 1);
}

static void
exclude (Walk  *walk,
         gsize  from,
         gsize  to)
{
  BilletProseRange range = { from, to };

  if (from != G_MAXSIZE && to != G_MAXSIZE && to > from)
    g_array_append_val (walk->excluded, range);
}

/* The inlines of a leaf block that are not prose. Their positions are
 * exact, unlike those of the text nodes the autolink extension splits
 * (which may have none): the block's whole extent is taken, less these. */
static void
exclude_inlines (Walk       *walk,
                 cmark_node *node)
{
  for (cmark_node *child = cmark_node_first_child (node); child != NULL; child = cmark_node_next (child))
    {
      cmark_node_type type = cmark_node_get_type (child);
      gsize from = start_of (walk, child);
      gsize to = end_of (walk, child);

      switch ((int) type)
        {
        case CMARK_NODE_CODE:
          /* Its position is its content's: take its backticks too. */
          if (from != G_MAXSIZE && to != G_MAXSIZE)
            {
              while (from > 0 && walk->source[from - 1] == '`')
                from--;
              while (to < walk->masked_len && walk->source[to] == '`')
                to++;
            }
          exclude (walk, from, to);
          break;

        case CMARK_NODE_HTML_INLINE:
        case CMARK_NODE_FOOTNOTE_REFERENCE:
          exclude (walk, from, to);
          break;

        case CMARK_NODE_LINK:
        case CMARK_NODE_IMAGE:
          if (from != G_MAXSIZE && to != G_MAXSIZE && to > from)
            {
              cmark_node *last = cmark_node_last_child (child);
              gsize label_end = last != NULL ? end_of (walk, last) : G_MAXSIZE;
              gsize k;

              /* The label is prose; from the "](" or "][" after it to
               * the end, a destination, a title or a reference label. */
              if (label_end == G_MAXSIZE || label_end < from || label_end > to)
                label_end = from;
              for (k = label_end; k + 1 < to; k++)
                {
                  if (walk->source[k] == ']' && (walk->source[k + 1] == '(' || walk->source[k + 1] == '['))
                    break;
                }
              if (k + 1 < to)
                exclude (walk, k, to);
            }
          exclude_inlines (walk, child);
          break;

        default:
          exclude_inlines (walk, child);
          break;
        }
    }
}

static void
walk_node (Walk       *walk,
           cmark_node *node)
{
  for (cmark_node *child = cmark_node_first_child (node); child != NULL; child = cmark_node_next (child))
    {
      cmark_node_type type = cmark_node_get_type (child);
      const char *type_name = cmark_node_get_type_string (child);

      /* The leaf blocks that hold prose; code and HTML blocks hold none. */
      if (type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING ||
          (type_name != NULL && strcmp (type_name, "table_cell") == 0))
        {
          gsize from = start_of (walk, child);
          gsize to = end_of (walk, child);

          if (from != G_MAXSIZE && to != G_MAXSIZE && to > from)
            {
              BilletProseRange range = { from, to };

              g_array_append_val (walk->blocks, range);
            }
          exclude_inlines (walk, child);
          continue;
        }
      if (type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HTML_BLOCK)
        continue;
      walk_node (walk, child);
    }
}

static gint
compare_ranges (gconstpointer a,
                gconstpointer b)
{
  const BilletProseRange *ra = a;
  const BilletProseRange *rb = b;

  return ra->start < rb->start ? -1 : ra->start > rb->start;
}

/**
 * billet_prose_ranges:
 * @text: (array length=len): a Markdown body
 * @flags: its dialect
 *
 * Returns: (transfer full) (element-type BilletProseRange): the runs of
 *   @text that are prose, in order, not overlapping
 */
GArray *
billet_prose_ranges (const char       *text,
                     gsize             len,
                     BilletProseFlags  flags)
{
  g_autoptr(GArray) kept = g_array_new (FALSE, FALSE, sizeof (BilletMaskKept));
  g_autoptr(GArray) line_starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(BilletShortcodes) shortcodes = NULL;
  g_autofree char *masked = NULL;
  gsize masked_len = 0;
  const char *source = text;
  gsize source_len = len;
  cmark_node *document;
  Walk walk;
  gsize zero = 0;

  g_return_val_if_fail (text != NULL || len == 0, NULL);

  if (flags & BILLET_PROSE_LIQUID)
    shortcodes = billet_liquid_mask_kept (text, len, &masked, &masked_len, kept);
  else
    shortcodes = billet_shortcodes_mask_kept (text, len,
                                              (flags & BILLET_PROSE_MDX) ? BILLET_SHORTCODES_MDX
                                                                         : BILLET_SHORTCODES_DEFAULT,
                                              &masked, &masked_len, kept);
  if (masked != NULL)
    {
      source = masked;
      source_len = masked_len;
    }
  else
    {
      BilletMaskKept all = { 0, 0, len };

      g_array_set_size (kept, 0);
      g_array_append_val (kept, all);
    }

  g_array_append_val (line_starts, zero);
  for (const char *p = source; (p = memchr (p, '\n', source_len - (gsize) (p - source))) != NULL; p++)
    {
      gsize start = (gsize) (p - source) + 1;

      g_array_append_val (line_starts, start);
    }

  walk.line_starts = line_starts;
  walk.kept = kept;
  walk.masked_len = source_len;
  walk.source = source;
  walk.blocks = g_array_new (FALSE, FALSE, sizeof (BilletProseRange));
  walk.excluded = g_array_new (FALSE, FALSE, sizeof (BilletProseRange));
  walk.ranges = g_array_new (FALSE, FALSE, sizeof (BilletProseRange));

  document = billet_markdown_parse_tree (source, source_len);
  walk_node (&walk, document);
  cmark_node_free (document);

  /* Footnote definitions come last in the tree, wherever they are in the
   * text: put the blocks back in order, then take each less what is
   * excluded in it. */
  g_array_sort (walk.blocks, compare_ranges);
  g_array_sort (walk.excluded, compare_ranges);
  for (guint i = 0, e = 0; i < walk.blocks->len; i++)
    {
      BilletProseRange *block = &g_array_index (walk.blocks, BilletProseRange, i);
      gsize at = block->start;

      while (e < walk.excluded->len && g_array_index (walk.excluded, BilletProseRange, e).end <= at)
        e++;
      for (guint j = e; j < walk.excluded->len && at < block->end; j++)
        {
          BilletProseRange *x = &g_array_index (walk.excluded, BilletProseRange, j);

          if (x->start >= block->end)
            break;
          if (x->start > at)
            add_masked (&walk, at, x->start);
          at = MAX (at, x->end);
        }
      if (at < block->end)
        add_masked (&walk, at, block->end);
    }
  g_array_unref (walk.blocks);
  g_array_unref (walk.excluded);

  /* Runs that touch or overlap become one. */
  if (walk.ranges->len > 1)
    {
      guint out = 0;

      for (guint i = 1; i < walk.ranges->len; i++)
        {
          BilletProseRange *last = &g_array_index (walk.ranges, BilletProseRange, out);
          BilletProseRange *r = &g_array_index (walk.ranges, BilletProseRange, i);

          if (r->start <= last->end)
            last->end = MAX (last->end, r->end);
          else
            g_array_index (walk.ranges, BilletProseRange, ++out) = *r;
        }
      g_array_set_size (walk.ranges, out + 1);
    }

  return walk.ranges;
}

static gboolean
is_space (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x00A0 || c == 0x202F || c == 0x2009 || c == 0x2007;
}

static gboolean
is_letter (gunichar c)
{
  return g_unichar_isalpha (c) || g_unichar_ismark (c);
}

static gboolean
is_joiner (gunichar c)
{
  return c == '\'' || c == 0x2019 || c == '-' || c == 0x2010;
}

/* A run of text with no space that holds no word: an address, a path, an
 * identifier. */
static gboolean
chunk_is_verbatim (const char *chunk,
                   gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      char c = chunk[i];

      if (c == '/' || c == '\\' || c == '@' || c == '_' || c == '=' || c == '<' || c == '>' || c == '{' || c == '}' ||
          c == '|' || c == '~' || c == '$' || c == '#' || c == '%' || c == '+')
        return TRUE;
      if (c == ':' && i + 2 < len && chunk[i + 1] == '/' && chunk[i + 2] == '/')
        return TRUE;
      /* "www.", "index.md", "e.g": a dot between letters */
      if (c == '.' && i > 0 && i + 1 < len && g_ascii_isalnum (chunk[i - 1]) && g_ascii_isalnum (chunk[i + 1]))
        return TRUE;
    }

  return FALSE;
}

/* "XIV", "XXIe", "IIIᵉ": a number in Roman numerals, or its ordinal. */
static gboolean
is_roman (const char *word,
          gsize       len)
{
  static const char * const suffixes[] = { "", "e", "er", "re", "ère", "ème", "es", "\xe1\xb5\x89", "\xe1\xb5\x89\xca\xb3" };
  gsize n = 0;

  while (n < len && strchr ("IVXLCDM", word[n]) != NULL && word[n] != '\0')
    n++;
  /* "Le", "De", "Ce", "Me" are words; "Xe" and "Ve" are not. */
  if (n == 0 || (n == 1 && strchr ("IVX", word[0]) == NULL))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      if (strlen (suffixes[i]) == len - n && memcmp (word + n, suffixes[i], len - n) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Appends the words of text[@start, @end) to @words. */
static void
add_words (const char *text,
           gsize       start,
           gsize       end,
           GArray     *words)
{
  gsize pos = start;

  while (pos < end)
    {
      gsize chunk_start, chunk_end;

      /* Skip spaces, then take the chunk up to the next one. */
      while (pos < end)
        {
          const char *next = g_utf8_next_char (text + pos);

          if (!is_space (g_utf8_get_char (text + pos)))
            break;
          pos = (gsize) (next - text);
        }
      chunk_start = pos;
      while (pos < end && !is_space (g_utf8_get_char (text + pos)))
        pos = (gsize) (g_utf8_next_char (text + pos) - text);
      chunk_end = MIN (pos, end);
      if (chunk_end <= chunk_start || chunk_is_verbatim (text + chunk_start, chunk_end - chunk_start))
        continue;

      for (gsize i = chunk_start; i < chunk_end; )
        {
          gunichar c = g_utf8_get_char (text + i);
          gsize word_start, word_end;
          gboolean touches_digit;

          if (!is_letter (c))
            {
              i = (gsize) (g_utf8_next_char (text + i) - text);
              continue;
            }
          word_start = i;
          touches_digit = i > chunk_start && g_ascii_isdigit (text[i - 1]);
          while (i < chunk_end)
            {
              gunichar d = g_utf8_get_char (text + i);
              gsize next = (gsize) (g_utf8_next_char (text + i) - text);

              if (is_letter (d))
                i = next;
              else if (is_joiner (d) && next < chunk_end && is_letter (g_utf8_get_char (text + next)))
                i = next;
              else
                break;
            }
          word_end = i;
          if (i < chunk_end && g_ascii_isdigit (text[i]))
            touches_digit = TRUE;
          if (!touches_digit && !is_roman (text + word_start, word_end - word_start))
            {
              BilletProseRange word = { word_start, word_end };

              g_array_append_val (words, word);
            }
          /* The rest of a word that touches a digit ("h264b") too. */
          while (touches_digit && i < chunk_end && (g_ascii_isalnum (text[i]) || (guchar) text[i] >= 0x80))
            i = (gsize) (g_utf8_next_char (text + i) - text);
        }
    }
}

/**
 * billet_prose_words:
 * @text: (array length=len): a Markdown body
 *
 * Returns: (transfer full) (element-type BilletProseRange): the words of
 *   @text's prose, in order
 */
GArray *
billet_prose_words (const char       *text,
                    gsize             len,
                    BilletProseFlags  flags)
{
  g_autoptr(GArray) ranges = billet_prose_ranges (text, len, flags);
  GArray *words = g_array_new (FALSE, FALSE, sizeof (BilletProseRange));

  for (guint i = 0; i < ranges->len; i++)
    {
      BilletProseRange *r = &g_array_index (ranges, BilletProseRange, i);

      add_words (text, r->start, r->end, words);
    }

  return words;
}

/**
 * billet_prose_plain_words:
 * @text: (array length=len): plain text (a title, a description)
 *
 * Returns: (transfer full) (element-type BilletProseRange): its words, in
 *   order, addresses and identifiers left out
 */
GArray *
billet_prose_plain_words (const char *text,
                          gsize       len)
{
  GArray *words = g_array_new (FALSE, FALSE, sizeof (BilletProseRange));

  g_return_val_if_fail (text != NULL || len == 0, words);

  if (len > 0)
    add_words (text, 0, len, words);
  return words;
}
