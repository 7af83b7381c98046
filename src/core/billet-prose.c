/* billet-prose.c — which parts of a Markdown body are prose
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Spelling, the typography fixer and the grammar checker must see the
 * words a reader reads, and nothing else: not code (spans, fenced or
 * indented blocks), raw HTML, link destinations and reference definitions,
 * image paths, footnote labels, URLs, Hugo's shortcodes, Jekyll's Liquid,
 * entities or attribute lists ({#id}). This is the one place that decides.
 *
 * The blocks are read as the preview reads them: the body's shortcodes (or
 * Liquid) are masked as for rendering, remembering where each kept run of
 * text went (billet_shortcodes_mask_kept()), cmark-gfm parses the result,
 * and the blocks that hold prose — paragraphs, headings, table cells — are
 * taken back to the body's own offsets; code and HTML blocks hold none.
 * The inlines that are not prose are then found by a scan of those blocks,
 * as Markdown reads them: code spans, tags and autolinks, link
 * destinations and reference labels (defined or not), footnote labels,
 * reference definitions, backslash escapes, entities, bare URLs, the other
 * generator's template syntax and attribute lists. (The parse's own inline
 * positions are not used: cmark-gfm 0.29 puts an autolink or a code span a
 * few bytes off after some constructs, and a word cut in two is a false
 * misspelling; a bare URL gets none at all.)
 *
 * Each byte is then one of three kinds (BilletProseMask): prose; verbatim,
 * text that is not prose (code, a URL, a tag…); or markup, Markdown's own
 * structure around the prose blocks (list and quote markers, indentation,
 * table rules, blank lines). The typography fixer changes prose only; the
 * grammar checker hides verbatim text and blanks markup; typing's French
 * typography stays out of verbatim text.
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
  gsize       masked_len;
  guint8     *mask;     /* BilletProseMask, one a byte of the text */
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

/* Marks what masked[@from, @to) keeps of the text as @kind: prose only
 * where it is markup so far (prose never hides what is verbatim), verbatim
 * wherever. */
static void
mark_masked (Walk            *walk,
             gsize            from,
             gsize            to,
             BilletProseMask  kind)
{
  guint lo = 0;
  guint hi = walk->kept->len;

  if (from == G_MAXSIZE || to == G_MAXSIZE || to <= from)
    return;

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
      guint8 *p, *end;

      if (k->masked >= to)
        break;
      if (a >= b)
        continue;
      p = walk->mask + k->text + (a - k->masked);
      end = walk->mask + k->text + (b - k->masked);
      if (kind == BILLET_PROSE_MASK_VERBATIM)
        memset (p, kind, (gsize) (end - p));
      else
        for (; p < end; p++)
          {
            if (*p == BILLET_PROSE_MASK_MARKUP)
              *p = kind;
          }
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
walk_node (Walk       *walk,
           cmark_node *node)
{
  for (cmark_node *child = cmark_node_first_child (node); child != NULL; child = cmark_node_next (child))
    {
      cmark_node_type type = cmark_node_get_type (child);
      const char *type_name = cmark_node_get_type_string (child);

      /* The leaf blocks that hold prose. */
      if (type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING ||
          (type_name != NULL && strcmp (type_name, "table_cell") == 0))
        {
          mark_masked (walk, start_of (walk, child), end_of (walk, child), BILLET_PROSE_MASK_PROSE);
          continue;
        }
      /* Code and HTML blocks hold none: their whole lines are verbatim. */
      if (type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HTML_BLOCK)
        {
          int first = cmark_node_get_start_line (child);
          int last = MAX (cmark_node_get_end_line (child), first);
          guint n_lines = walk->line_starts->len;

          if (first >= 1 && (guint) first <= n_lines)
            mark_masked (walk, g_array_index (walk->line_starts, gsize, first - 1),
                         (guint) last < n_lines ? g_array_index (walk->line_starts, gsize, last) : walk->masked_len,
                         BILLET_PROSE_MASK_VERBATIM);
          continue;
        }
      walk_node (walk, child);
    }
}

/* ---- What the parse cannot tell ---- */

static gboolean
at_line_start (const char *text,
               gsize       i)
{
  gsize spaces = 0;

  while (i > 0 && text[i - 1] == ' ' && spaces < 4)
    {
      i--;
      spaces++;
    }
  return spaces < 4 && (i == 0 || text[i - 1] == '\n');
}

/* The end of what starts at @i and ends with @close, within the paragraph
 * (no blank line crossed), or 0 */
static gsize
find_close (const char *text,
            gsize       len,
            gsize       i,
            const char *close)
{
  gsize close_len = strlen (close);

  for (gsize j = i; j + close_len <= len; j++)
    {
      if (text[j] == '\n' && j + 1 < len && text[j + 1] == '\n')
        return 0;
      if (memcmp (text + j, close, close_len) == 0)
        return j + close_len;
    }
  return 0;
}

static gboolean
is_url_start (const char *text,
              gsize       len,
              gsize       i)
{
  static const char *const schemes[] = { "https://", "http://", "ftp://", "mailto:", "www." };

  if (i > 0 && (g_ascii_isalnum (text[i - 1]) || text[i - 1] == '/'))
    return FALSE;
  for (guint k = 0; k < G_N_ELEMENTS (schemes); k++)
    {
      gsize n = strlen (schemes[k]);

      if (i + n <= len && g_ascii_strncasecmp (text + i, schemes[k], n) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Where what starts at @i and is not prose ends (at @i when nothing does);
 * *@from is where it starts (after a "]" that ends a label). */
static gsize
verbatim_at (const char *text,
             gsize       len,
             gsize       i,
             gsize      *from)
{
  char c = text[i];
  char next = i + 1 < len ? text[i + 1] : '\0';

  *from = i;
  switch (c)
    {
    case '\\':
      return g_ascii_ispunct (next) ? i + 2 : i;

    case '`':
      {
        gsize run = 0;

        /* A code span: to the closing run of the same length, within the
         * paragraph; a run that none closes is not prose either */
        while (i + run < len && text[i + run] == '`')
          run++;
        for (gsize j = i + run; j < len; j++)
          {
            gsize other = 0;

            if (text[j] == '\n' && j + 1 < len && text[j + 1] == '\n')
              break;
            if (text[j] != '`')
              continue;
            while (j + other < len && text[j + other] == '`')
              other++;
            if (other == run)
              return j + other;
            j += other - 1;
          }
        return i + run;
      }

    case '<':
      /* A tag, a comment, an autolink */
      if (g_ascii_isalpha (next) || next == '/' || next == '!' || next == '?')
        return MAX (find_close (text, len, i, ">"), i);
      return i;

    case '&':
      /* &amp; &nbsp; &#233; */
      if (g_ascii_isalpha (next) || next == '#')
        {
          gsize j = i + 1;

          while (j < len && j - i < 32 && (g_ascii_isalnum (text[j]) || text[j] == '#'))
            j++;
          if (j < len && text[j] == ';')
            return j + 1;
        }
      return i;

    case '{':
      /* Hugo's {{< >}}, {{% %}} or Liquid's {{ }}, {% %}, whichever the
       * masking did not take; {#id} and {.class} attribute lists */
      if (next == '{')
        return MAX (find_close (text, len, i + 2, "}}"), i);
      if (next == '%')
        return MAX (find_close (text, len, i + 2, "%}"), i);
      if (next == '#' || next == '.')
        return MAX (find_close (text, len, i + 1, "}"), i);
      return i;

    case ']':
      /* A destination (and title), parentheses nested, or a reference
       * label, resolved or not: the "]" ends the label, and stays. */
      *from = i + 1;
      if (next == '(')
        {
          int depth = 0;

          for (gsize j = i + 1; j < len && text[j] != '\n'; j++)
            {
              if (text[j] == '\\')
                {
                  j++;
                  continue;
                }
              if (text[j] == '(')
                depth++;
              else if (text[j] == ')' && --depth == 0)
                return j + 1;
            }
        }
      else if (next == '[')
        return MAX (find_close (text, len, i + 2, "]"), i);
      return i;

    case '[':
      /* A footnote's label, defined or not */
      if (next == '^')
        return MAX (find_close (text, len, i, "]"), i);
      /* A reference definition: [label]: destination "title" */
      if (at_line_start (text, i))
        {
          gsize close = find_close (text, len, i, "]");

          if (close != 0 && close < len && text[close] == ':')
            {
              const char *nl = memchr (text + close, '\n', len - close);

              return nl != NULL ? (gsize) (nl - text) : len;
            }
        }
      return i;

    default:
      if (is_url_start (text, len, i))
        {
          gsize j = i;

          while (j < len && !g_ascii_isspace (text[j]) && text[j] != '<' && text[j] != '>')
            j++;
          /* Trailing punctuation is the sentence's, as GFM's autolinks read it */
          while (j > i && strchr (".,:;!?)\"'*_", text[j - 1]) != NULL)
            j--;
          return j;
        }
      return i;
    }
}

static void
mark_lexical (const char *text,
              gsize       len,
              guint8     *mask)
{
  /* The bytes that may start something: a table rather than strchr(), as
   * this looks at every byte of the body */
  static const guint8 starts[256] = {
    ['\\'] = 1, ['`'] = 1, ['<'] = 1, ['&'] = 1, ['{'] = 1, [']'] = 1, ['['] = 1,
    /* https://, http://, ftp://, mailto:, www. */
    ['f'] = 1, ['h'] = 1, ['m'] = 1, ['w'] = 1, ['F'] = 1, ['H'] = 1, ['M'] = 1, ['W'] = 1,
  };
  gsize i = 0;

  while (i < len)
    {
      gsize from, end;

      /* Only what is not verbatim yet starts something. */
      if (!starts[(guchar) text[i]] || mask[i] == BILLET_PROSE_MASK_VERBATIM)
        {
          i++;
          continue;
        }
      end = verbatim_at (text, len, i, &from);
      if (end > from)
        {
          memset (mask + from, BILLET_PROSE_MASK_VERBATIM, end - from);
          i = end;
        }
      else
        i++;
    }
}

/**
 * billet_prose_mask_new:
 * @text: (array length=len): a Markdown body
 * @flags: its dialect
 *
 * Returns: (transfer full) (array length=len): what each byte of @text
 *   is, a #BilletProseMask, and one more byte, verbatim; free with g_free()
 */
guint8 *
billet_prose_mask_new (const char       *text,
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
  guint8 *mask;
  cmark_node *document;
  Walk walk;
  gsize zero = 0;

  g_return_val_if_fail (text != NULL || len == 0, NULL);

  mask = g_malloc (len + 1);
  mask[len] = BILLET_PROSE_MASK_VERBATIM;
  if (flags & BILLET_PROSE_LIQUID)
    shortcodes = billet_liquid_mask_kept (text, len, &masked, &masked_len, kept);
  else
    shortcodes = billet_shortcodes_mask_kept (text, len,
                                              (flags & BILLET_PROSE_MDX) ? BILLET_SHORTCODES_MDX
                                                                         : BILLET_SHORTCODES_DEFAULT,
                                              &masked, &masked_len, kept);
  if (masked != NULL)
    {
      /* What the masking replaced (a shortcode, a Liquid tag) is kept by
       * no run: verbatim. */
      source = masked;
      source_len = masked_len;
      memset (mask, BILLET_PROSE_MASK_VERBATIM, len);
      for (guint i = 0; i < kept->len; i++)
        {
          BilletMaskKept *k = &g_array_index (kept, BilletMaskKept, i);

          memset (mask + k->text, BILLET_PROSE_MASK_MARKUP, k->len);
        }
    }
  else
    {
      BilletMaskKept all = { 0, 0, len };

      g_array_set_size (kept, 0);
      g_array_append_val (kept, all);
      memset (mask, BILLET_PROSE_MASK_MARKUP, len);
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
  walk.mask = mask;

  document = billet_markdown_parse_tree (source, source_len);
  walk_node (&walk, document);
  cmark_node_free (document);

  mark_lexical (text, len, mask);
  return mask;
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
  g_autofree guint8 *mask = billet_prose_mask_new (text, len, flags);
  GArray *ranges = g_array_new (FALSE, FALSE, sizeof (BilletProseRange));
  gsize i = 0;

  while (mask != NULL && i < len)
    {
      const guint8 *start = memchr (mask + i, BILLET_PROSE_MASK_PROSE, len - i);
      BilletProseRange range;

      if (start == NULL)
        break;
      range.start = (gsize) (start - mask);
      for (i = range.start; i < len && mask[i] == BILLET_PROSE_MASK_PROSE; i++)
        ;
      range.end = i;
      g_array_append_val (ranges, range);
    }

  return ranges;
}

static gboolean
is_space (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x00A0 || c == 0x202F || c == 0x2009 || c == 0x2007;
}

/* is_space() of the character at @text: ASCII without decoding it, as
 * this looks at every byte of the prose */
static gboolean
space_at (const char *text)
{
  if ((guchar) *text < 0x80)
    return g_ascii_isspace (*text);
  return is_space (g_utf8_get_char (text));
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
      while (pos < end && space_at (text + pos))
        pos = (gsize) (g_utf8_next_char (text + pos) - text);
      chunk_start = pos;
      while (pos < end && !space_at (text + pos))
        pos = (gsize) (g_utf8_next_char (text + pos) - text);
      chunk_end = MIN (pos, end);
      /* A backslash that ends a line is a hard line break, not a path */
      if (chunk_end > chunk_start && text[chunk_end - 1] == '\\' && chunk_end < end &&
          (text[chunk_end] == '\n' || text[chunk_end] == '\r'))
        chunk_end--;
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
      BilletProseRange r = g_array_index (ranges, BilletProseRange, i);

      /* A backslash escape is not prose (the typography fixer must not
       * change it), but it is no space either: "snake\_case" and
       * "index\.md" are one run of text, which holds no word. */
      while (i + 1 < ranges->len && text[r.end] == '\\' &&
             g_array_index (ranges, BilletProseRange, i + 1).start == r.end + 2)
        r.end = g_array_index (ranges, BilletProseRange, ++i).end;
      add_words (text, r.start, r.end, words);
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
