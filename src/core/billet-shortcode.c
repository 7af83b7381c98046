/* billet-shortcode.c — Hugo shortcodes as labelled placeholders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hugo expands {{< name args >}} and {{% name args %}} when it builds the
 * site; Billet cannot run them, and left as they are they would show as
 * raw text (or, worse, "{{<" would start an HTML-looking run). Before
 * cmark sees the body, each shortcode is replaced by a marker that cmark
 * keeps as plain text — U+E000, its index in decimal, U+E001, characters
 * from the Private Use Area that no Markdown construct touches — and the
 * newlines the shortcode spanned, so that every later line keeps its
 * number (the preview's scroll sync depends on it). After rendering, each
 * marker in text becomes <span class="shortcode" title="…">name</span>;
 * in an attribute (an image's alt) the name alone; percent-encoded in a
 * URL ({{< ref >}} as a link's target) the shortcode as written, itself
 * percent-encoded.
 *
 * MDX (Astro's .mdx posts) has its own constructs a Markdown renderer
 * cannot run: ESM blocks (lines from "import …" or "export …" at the start
 * of a paragraph to the next blank line) and JSX components, tags whose
 * name starts with a capital (<Figure src="…" />, <Callout>…</Callout>).
 * With BILLET_SHORTCODES_MDX they become placeholders too, labelled as
 * written ("<Figure />", "</Callout>", "import"), and MDX comments (a
 * brace, a slash and a star, to a star, a slash and a brace) disappear,
 * as MDX drops them.
 *
 * Shortcodes in fenced code blocks and in code spans stay literal, and
 * Hugo's comment form — "{{</" "*", the name, "*" "/>}}" (spelt apart
 * here, as it would end this comment) — comes out as the literal
 * {{< name >}}, as Hugo documents it.
 */

#include "config.h"

#include <string.h>

#include "billet-marker.h"
#include "billet-shortcode.h"

#define MARK_OPEN "\xEE\x80\x80"   /* U+E000 */
#define MARK_CLOSE "\xEE\x80\x81"  /* U+E001 */
#define MARK_LEN 3
#define URL_MARK_OPEN "%EE%80%80"
#define URL_MARK_CLOSE "%EE%80%81"
#define URL_MARK_LEN 9

/* A shortcode longer than this is more likely an unclosed "{{<" followed
 * by the rest of the post. */
#define MAX_SHORTCODE_LEN 8192
/* What a title attribute shows of a long shortcode. */
#define MAX_TITLE_LEN 300

struct _BilletShortcodes
{
  GPtrArray *names;    /* "figure", "/details", "<Figure />" */
  GPtrArray *sources;  /* the whole shortcode as written */
  GPtrArray *classes;  /* (element-type utf8) the placeholder's class; NULL
                        * for a marker that shows nothing */
  GArray    *added_lines;  /* (element-type guint) lines of the masked text
                            * that the source does not have, ascending */
};

/**
 * billet_shortcodes_new:
 *
 * Returns: (transfer full): an empty set, for a masking pass of another
 *   syntax (billet-liquid.c) to fill with billet_shortcodes_append_marker()
 */
BilletShortcodes *
billet_shortcodes_new (void)
{
  BilletShortcodes *self = g_new0 (BilletShortcodes, 1);

  self->names = g_ptr_array_new_with_free_func (g_free);
  self->sources = g_ptr_array_new_with_free_func (g_free);
  self->added_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  self->classes = g_ptr_array_new ();
  return self;
}

/**
 * billet_shortcodes_append_marker:
 * @out: the masked text being written
 * @name: (array length=name_len): what the placeholder shows
 * @source: (array length=source_len): the whole of what it stands for, as
 *   written
 *
 * Appends a marker for @source to @out, and as many line breaks as @source
 * spans, so that the lines after it keep their numbers.
 */
void
billet_shortcodes_append_marker (BilletShortcodes *self,
                                 GString          *out,
                                 const char       *name,
                                 gsize             name_len,
                                 const char       *source,
                                 gsize             source_len)
{
  g_string_append_printf (out, MARK_OPEN "%u" MARK_CLOSE, self->names->len);
  g_ptr_array_add (self->names, g_strndup (name, name_len));
  g_ptr_array_add (self->sources, g_strndup (source, source_len));
  g_ptr_array_add (self->classes, (gpointer) "shortcode");
  for (const char *nl = source; (nl = memchr (nl, '\n', source_len - (gsize) (nl - source))) != NULL; nl++)
    g_string_append_c (out, '\n');
}

/**
 * billet_shortcodes_append_inline_marker:
 * @indent: (array length=indent_len): what begins the line the source
 *   starts on (blanks, block-quote markers), for its other lines
 *
 * As billet_shortcodes_append_marker(), for a source that the generator
 * replaces in the middle of a paragraph: the lines it spans are kept, but
 * none is blank — each holds @indent and a marker that shows nothing — so
 * that the text after it goes on in the paragraph, as the generator's
 * output does, rather than starting another.
 */
void
billet_shortcodes_append_inline_marker (BilletShortcodes *self,
                                        GString          *out,
                                        const char       *name,
                                        gsize             name_len,
                                        const char       *source,
                                        gsize             source_len,
                                        const char       *indent,
                                        gsize             indent_len)
{
  guint empty = 0;

  g_string_append_printf (out, MARK_OPEN "%u" MARK_CLOSE, self->names->len);
  g_ptr_array_add (self->names, g_strndup (name, name_len));
  g_ptr_array_add (self->sources, g_strndup (source, source_len));
  g_ptr_array_add (self->classes, (gpointer) "shortcode");
  for (const char *nl = source; (nl = memchr (nl, '\n', source_len - (gsize) (nl - source))) != NULL; nl++)
    {
      if (empty == 0)
        {
          empty = self->names->len;
          g_ptr_array_add (self->names, g_strdup (""));
          g_ptr_array_add (self->sources, g_strdup (""));
          g_ptr_array_add (self->classes, NULL);
        }
      g_string_append_c (out, '\n');
      g_string_append_len (out, indent, (gssize) indent_len);
      g_string_append_printf (out, MARK_OPEN "%u" MARK_CLOSE, empty);
    }
}

/**
 * billet_shortcodes_add_line:
 * @line: a line of the masked text (1-based) that the source does not
 *   have: a line break the masking pass had to add, after which the
 *   source's line goes on
 *
 * Lines are added in ascending order. See billet_shortcodes_source_line().
 */
void
billet_shortcodes_add_line (BilletShortcodes *self,
                            guint             line)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->added_lines->len == 0 ||
                    g_array_index (self->added_lines, guint, self->added_lines->len - 1) < line);

  g_array_append_val (self->added_lines, line);
}

/**
 * billet_shortcodes_source_line:
 * @self: (nullable): the shortcodes of a text, or %NULL
 * @masked_line: a line of the masked text, 1-based
 *
 * Returns: the line of the source it comes from: the same, less the lines
 *   the masking added before it (an added line is the source's line it
 *   splits)
 */
guint
billet_shortcodes_source_line (BilletShortcodes *self,
                               guint             masked_line)
{
  guint lo = 0, hi;

  if (self == NULL || self->added_lines->len == 0)
    return masked_line;
  /* How many added lines are at or before it */
  hi = self->added_lines->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->added_lines, guint, mid) <= masked_line)
        lo = mid + 1;
      else
        hi = mid;
    }
  return masked_line > lo ? masked_line - lo : 1;
}

/* An MDX placeholder for text[@start, @end), labelled @name: its title
 * without the trailing line breaks, which stay in the masked text. */
static void
add_placeholder (BilletShortcodes **self,
                 GString           *out,
                 const char        *text,
                 gsize              start,
                 gsize              end,
                 const char        *name,
                 const char        *class_name)
{
  gsize trimmed = end;

  while (trimmed > start && g_ascii_isspace (text[trimmed - 1]))
    trimmed--;
  if (*self == NULL)
    *self = billet_shortcodes_new ();
  billet_shortcodes_append_marker (*self, out, name, strlen (name), text + start, trimmed - start);
  (*self)->classes->pdata[(*self)->classes->len - 1] = (gpointer) class_name;
  for (gsize k = trimmed; k < end; k++)
    {
      if (text[k] == '\n')
        g_string_append_c (out, '\n');
    }
}

static gsize
find_eol (const char *text,
          gsize       len,
          gsize       from)
{
  const char *nl = memchr (text + from, '\n', len - from);

  return nl != NULL ? (gsize) (nl - text) + 1 : len;
}

/* "{{<" or "{{%" anywhere: a shortcode needs one. */
static gboolean
has_shortcode_open (const char *text,
                    gsize       len)
{
  const char *end = text + len;

  for (const char *p = text; end - p >= 3; p++)
    {
      p = memchr (p, '{', (gsize) (end - p) - 2);
      if (p == NULL)
        return FALSE;
      if (p[1] == '{' && (p[2] == '<' || p[2] == '%'))
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '-' || c == '.' || c == '/';
}

/* Parses the shortcode that starts at @start ("{{<" or "{{%"). On success
 * sets *@end after its closing delimiter, *@comment for the comment
 * form (see the top of this file), and *@name_start / *@name_len. */
static gboolean
parse_shortcode (const char *text,
                 gsize       len,
                 gsize       start,
                 gsize      *end,
                 gboolean   *comment,
                 gsize      *name_start,
                 gsize      *name_len)
{
  /* "{{<" closes with ">}}", "{{%" with "%}}". */
  char delim = text[start + 2] == '<' ? '>' : '%';
  gsize limit = MIN (len, start + MAX_SHORTCODE_LEN);
  gsize j = start + 3;
  gsize n;

  *comment = j + 1 < len && text[j] == '/' && text[j + 1] == '*';
  if (*comment)
    j += 2;

  while (j < limit && (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r'))
    j++;
  n = j;
  if (n < limit && text[n] == '/')
    n++;
  while (n < limit && is_name_char (text[n]))
    n++;
  if (n == j || (n == j + 1 && text[j] == '/'))
    return FALSE;
  *name_start = j;
  *name_len = n - j;

  for (gsize k = n; k + 2 < limit; k++)
    {
      /* A blank line ends the paragraph the shortcode would be in: this
       * "{{<" was never closed. */
      if (text[k] == '\n')
        {
          gsize b = k + 1;

          while (b < limit && (text[b] == ' ' || text[b] == '\t' || text[b] == '\r'))
            b++;
          if (b < limit && text[b] == '\n')
            return FALSE;
        }

      if (*comment)
        {
          if (text[k] == '*' && k + 4 < limit && text[k + 1] == '/' && text[k + 2] == delim &&
              text[k + 3] == '}' && text[k + 4] == '}')
            {
              *end = k + 5;
              return TRUE;
            }
        }
      else if (text[k] == delim && text[k + 1] == '}' && text[k + 2] == '}')
        {
          *end = k + 3;
          return TRUE;
        }
    }

  return FALSE;
}

/* The fence that opens or closes fenced code on the line at @pos, after
 * blockquote markers and indentation: its character and length, or 0. */
static gsize
fence_at (const char *text,
          gsize       eol,
          gsize       pos,
          char       *fence_char,
          gsize      *after)
{
  gsize n = 0;

  while (pos < eol && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '>'))
    pos++;
  if (pos >= eol || (text[pos] != '`' && text[pos] != '~'))
    return 0;

  *fence_char = text[pos];
  while (pos + n < eol && text[pos + n] == *fence_char)
    n++;
  *after = pos + n;

  return n >= 3 ? n : 0;
}

static gboolean
is_blank (const char *text,
          gsize       from,
          gsize       to)
{
  for (gsize i = from; i < to; i++)
    {
      if (!g_ascii_isspace (text[i]))
        return FALSE;
    }

  return TRUE;
}

/* MDX */

/* An ESM block at @pos, the start of a paragraph: "import" or "export"
 * and a space, "{" or "*"; it runs to the next blank line. */
static gboolean
parse_esm (const char *text,
           gsize       len,
           gsize       pos,
           gsize      *end,
           gsize      *keyword_len)
{
  gsize k;

  if (len - pos > 7 && (strncmp (text + pos, "import", 6) == 0 || strncmp (text + pos, "export", 6) == 0) &&
      (text[pos + 6] == ' ' || text[pos + 6] == '{' || text[pos + 6] == '*'))
    *keyword_len = 6;
  else
    return FALSE;

  for (k = pos; k < len; )
    {
      gsize eol = find_eol (text, len, k);

      if (k > pos && is_blank (text, k, eol))
        break;
      k = eol;
    }
  *end = k;
  return TRUE;
}

/* A JSX tag at @start ("<Name", "</Name"): to its ">", past quoted
 * attribute values and {expressions}; not across a blank line. */
static gboolean
parse_jsx_tag (const char *text,
               gsize       len,
               gsize       start,
               gsize      *end,
               gsize      *name_start,
               gsize      *name_len,
               gboolean   *self_closing)
{
  gsize limit = MIN (len, start + MAX_SHORTCODE_LEN);
  gsize j = start + 1;
  gsize n;
  char quote = 0;
  guint depth = 0;

  if (j < limit && text[j] == '/')
    j++;
  if (j >= limit || !g_ascii_isupper (text[j]))
    return FALSE;
  for (n = j; n < limit && (g_ascii_isalnum (text[n]) || text[n] == '_' || text[n] == '.'); n++)
    ;
  if (n >= limit || !(text[n] == ' ' || text[n] == '\t' || text[n] == '\n' || text[n] == '\r' ||
                      text[n] == '/' || text[n] == '>'))
    return FALSE;
  *name_start = j;
  *name_len = n - j;

  for (gsize k = n; k < limit; k++)
    {
      char c = text[k];

      if (c == '\n')
        {
          gsize b = k + 1;

          while (b < limit && (text[b] == ' ' || text[b] == '\t' || text[b] == '\r'))
            b++;
          if (b < limit && text[b] == '\n')
            return FALSE;
        }
      if (quote != 0)
        {
          if (c == quote)
            quote = 0;
        }
      else if (c == '"' || c == '\'')
        quote = c;
      else if (c == '{')
        depth++;
      else if (c == '}' && depth > 0)
        depth--;
      else if (c == '<' && depth == 0)
        /* Another tag begins: this one never closed. Stopping here
         * keeps a run of unclosed tags linear. */
        return FALSE;
      else if (c == '>' && depth == 0)
        {
          *end = k + 1;
          *self_closing = k > n && text[k - 1] == '/';
          return TRUE;
        }
    }
  return FALSE;
}

/* An MDX comment at @start: see the top of this file. */
static gboolean
parse_mdx_comment (const char *text,
                   gsize       len,
                   gsize       start,
                   gsize      *end)
{
  gsize limit = MIN (len, start + MAX_SHORTCODE_LEN);

  if (start + 2 >= len || text[start + 1] != '/' || text[start + 2] != '*')
    return FALSE;
  for (gsize k = start + 3; k + 2 < limit; k++)
    if (text[k] == '*' && text[k + 1] == '/' && text[k + 2] == '}')
      {
        *end = k + 3;
        return TRUE;
      }
  return FALSE;
}

/**
 * billet_shortcodes_mask:
 * @text: (array length=len): Markdown
 * @len: its length in bytes
 * @flags: %BILLET_SHORTCODES_MDX for an MDX post
 * @masked: (out): where to store the text with each shortcode replaced by
 *   a marker, or %NULL when there is nothing to replace
 * @masked_len: (out): its length
 *
 * Returns: (transfer full) (nullable): the shortcodes found, for
 *   billet_shortcodes_expand(), or %NULL when @text has none (then
 *   *@masked is %NULL and @text is to be rendered as it is)
 */
BilletShortcodes *
billet_shortcodes_mask (const char            *text,
                        gsize                  len,
                        BilletShortcodesFlags  flags,
                        char                 **masked,
                        gsize                 *masked_len)
{
  return billet_shortcodes_mask_kept (text, len, flags, masked, masked_len, NULL);
}

/**
 * billet_shortcodes_keep:
 * @out: the masked text being written
 * @kept: (nullable) (element-type BilletMaskKept): where to record it
 *
 * Appends text[@from, @to) to @out as it is, and records where it went,
 * so that a position in the masked text can be taken back to the text.
 */
void
billet_shortcodes_keep (GString    *out,
                        GArray     *kept,
                        const char *text,
                        gsize       from,
                        gsize       to)
{
  if (kept != NULL && to > from)
    {
      BilletMaskKept k = { out->len, from, to - from };

      g_array_append_val (kept, k);
    }
  g_string_append_len (out, text + from, to - from);
}

/**
 * billet_shortcodes_mask_kept:
 * @kept: (nullable) (element-type BilletMaskKept): filled, when the text
 *   has shortcodes, with the runs of @text the masked text keeps as
 *   written, in order; what lies between them was replaced
 *
 * billet_shortcodes_mask(), telling where the text it kept went.
 */
BilletShortcodes *
billet_shortcodes_mask_kept (const char            *text,
                             gsize                  len,
                             BilletShortcodesFlags  flags,
                             char                 **masked,
                             gsize                 *masked_len,
                             GArray                *kept)
{
  gboolean mdx = (flags & BILLET_SHORTCODES_MDX) != 0;
  gboolean paragraph_start = TRUE;
  BilletShortcodes *self = NULL;
  GString *out = NULL;
  gboolean in_fence = FALSE;
  char open_char = 0;
  gsize open_len = 0;
  gsize copied = 0;
  gsize pos = 0;

  g_return_val_if_fail (masked != NULL && masked_len != NULL, NULL);

  *masked = NULL;
  *masked_len = 0;

  /* The common case, and the cheap test: no "{{<" nor "{{%" at all. */
  if (text == NULL || len < 4 || (!mdx && !has_shortcode_open (text, len)))
    return NULL;

  while (pos < len)
    {
      gsize eol = find_eol (text, len, pos);
      gsize i = pos;
      char fence_char;
      gsize after;
      gsize fence = fence_at (text, eol, pos, &fence_char, &after);

      if (in_fence)
        {
          if (fence > 0 && fence_char == open_char && fence >= open_len && is_blank (text, after, eol))
            in_fence = FALSE;
          pos = eol;
          paragraph_start = TRUE;
          continue;
        }
      if (mdx && paragraph_start)
        {
          gsize end, keyword_len;

          if (parse_esm (text, len, pos, &end, &keyword_len))
            {
              g_autofree char *keyword = g_strndup (text + pos, keyword_len);

              if (out == NULL)
                out = g_string_sized_new (len + 64);
              billet_shortcodes_keep (out, kept, text, copied, pos);
              add_placeholder (&self, out, text, pos, end, keyword, "shortcode mdx");
              pos = copied = end;
              continue;
            }
        }
      paragraph_start = is_blank (text, pos, eol);
      if (fence > 0 && (fence_char == '~' || memchr (text + after, '`', eol - after) == NULL))
        {
          in_fence = TRUE;
          open_char = fence_char;
          open_len = fence;
          pos = eol;
          continue;
        }
      /* Most lines hold no brace (nor, in MDX, no tag): nothing to look
       * at there. */
      if (memchr (text + pos, '{', eol - pos) == NULL && !(mdx && memchr (text + pos, '<', eol - pos) != NULL))
        {
          pos = eol;
          continue;
        }

      while (i < eol)
        {
          gsize end, name_start, name_len;
          gboolean comment;

          if (text[i] == '`')
            {
              gsize n = 0;
              gsize j;

              /* A code span: the next run of exactly as many backticks
               * on this line closes it; everything between is literal. */
              while (i + n < eol && text[i + n] == '`')
                n++;
              for (j = i + n; j < eol; )
                {
                  gsize m = 0;

                  while (j + m < eol && text[j + m] == '`')
                    m++;
                  if (m == n)
                    break;
                  j += m > 0 ? m : 1;
                }
              i = j < eol ? j + n : i + n;
              continue;
            }

          if (text[i] == '{' && i + 3 < len && text[i + 1] == '{' &&
              (text[i + 2] == '<' || text[i + 2] == '%') &&
              parse_shortcode (text, len, i, &end, &comment, &name_start, &name_len))
            {
              /* The text is copied lazily, up to each change. */
              if (out == NULL)
                out = g_string_sized_new (len + 64);
              billet_shortcodes_keep (out, kept, text, copied, i);

              if (comment)
                {
                  /* The comment form gives "{{<", what was between the
                   * comment marks, ">}}". */
                  g_string_append_len (out, text + i, 3);
                  g_string_append_len (out, text + i + 5, (end - 5) - (i + 5));
                  g_string_append_len (out, text + end - 3, 3);
                }
              else
                {
                  if (self == NULL)
                    self = billet_shortcodes_new ();
                  billet_shortcodes_append_marker (self, out, text + name_start, name_len,
                                                   text + i, end - i);
                }

              i = copied = end;
              if (end > eol)
                eol = find_eol (text, len, end);
              continue;
            }

          if (mdx && text[i] == '<')
            {
              gboolean self_closing = FALSE;

              if (parse_jsx_tag (text, len, i, &end, &name_start, &name_len, &self_closing))
                {
                  gboolean closing = text[i + 1] == '/';
                  g_autofree char *label = g_strdup_printf ("<%s%.*s%s>", closing ? "/" : "", (int) name_len,
                                                            text + name_start, self_closing ? " /" : "");

                  if (out == NULL)
                    out = g_string_sized_new (len + 64);
                  billet_shortcodes_keep (out, kept, text, copied, i);
                  add_placeholder (&self, out, text, i, end, label, "shortcode mdx");
                  i = copied = end;
                  if (end > eol)
                    eol = find_eol (text, len, end);
                  continue;
                }
            }

          if (mdx && text[i] == '{' && parse_mdx_comment (text, len, i, &end))
            {
              if (out == NULL)
                out = g_string_sized_new (len + 64);
              billet_shortcodes_keep (out, kept, text, copied, i);
              for (gsize k = i; k < end; k++)
                {
                  if (text[k] == '\n')
                    g_string_append_c (out, '\n');
                }
              i = copied = end;
              if (end > eol)
                eol = find_eol (text, len, end);
              continue;
            }

          i++;
        }

      pos = eol;
    }

  if (out == NULL)
    return NULL;
  billet_shortcodes_keep (out, kept, text, copied, len);

  if (self == NULL)
    {
      /* Only comment forms: the text changed, no marker to expand. */
      self = billet_shortcodes_new ();
    }

  *masked_len = out->len;
  *masked = g_string_free (out, FALSE);
  return self;
}

static void
append_escaped (GString    *out,
                const char *text,
                glong       max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autofree char *escaped = NULL;

  if (g_utf8_strlen (valid, -1) > max_chars)
    {
      char *cut = g_utf8_substring (valid, 0, max_chars);

      g_free (valid);
      valid = g_strconcat (cut, "…", NULL);
      g_free (cut);
    }

  escaped = g_markup_escape_text (valid, -1);
  g_string_append (out, escaped);
}

/* A shortcode in a link's or an image's address stays there as written,
 * percent-encoded as cmark encodes the rest of an address: the link keeps
 * pointing somewhere that says what it is made of, not at the page itself
 * (href=""). */
static void
append_url_encoded (GString    *out,
                    const char *source)
{
  for (const char *p = source; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || strchr ("-._~/:", *p) != NULL)
        g_string_append_c (out, *p);
      else
        g_string_append_printf (out, "%%%02X", (guchar) *p);
    }
}

/**
 * billet_shortcodes_expand:
 * @self: (nullable): shortcodes from billet_shortcodes_mask()
 * @html: (transfer full): HTML rendered from the masked text
 *
 * Returns: (transfer full): @html with each marker replaced by its
 *   placeholder (@html itself when there is nothing to do)
 */
char *
billet_shortcodes_expand (BilletShortcodes *self,
                          char             *html)
{
  BilletHtmlPlace place = { FALSE, 0 };
  GString *out;
  const char *run;
  const char *p;

  if (self == NULL || self->names->len == 0 || html == NULL ||
      (strstr (html, MARK_OPEN) == NULL && strstr (html, URL_MARK_OPEN) == NULL))
    return html;

  out = g_string_sized_new (strlen (html) + 64 * self->names->len);
  run = p = html;

  while (*p != '\0')
    {
      gsize marker_len = 0;
      gint64 index;

      /* Where are we: text, or inside a tag (attributes)? */
      billet_html_place_advance (&place, *p);

      if ((guchar) *p == 0xEE &&
          (index = billet_marker_parse (p, MARK_OPEN, MARK_CLOSE, MARK_LEN, self->names->len, &marker_len)) >= 0)
        {
          const char *name = g_ptr_array_index (self->names, index);

          g_string_append_len (out, run, p - run);
          if (g_ptr_array_index (self->classes, index) == NULL)
            ;  /* a line of a placeholder above: nothing */
          else if (place.in_tag)
            {
              append_escaped (out, name, MAX_TITLE_LEN);
            }
          else
            {
              g_string_append_printf (out, "<span class=\"%s\" title=\"",
                                      (const char *) g_ptr_array_index (self->classes, index));
              append_escaped (out, g_ptr_array_index (self->sources, index), MAX_TITLE_LEN);
              g_string_append (out, "\">");
              append_escaped (out, name, MAX_TITLE_LEN);
              g_string_append (out, "</span>");
            }
          p += marker_len;
          run = p;
          continue;
        }

      if (*p == '%' && place.in_tag &&
          (index = billet_marker_parse (p, URL_MARK_OPEN, URL_MARK_CLOSE, URL_MARK_LEN, self->names->len,
                                        &marker_len)) >= 0)
        {
          g_string_append_len (out, run, p - run);
          append_url_encoded (out, g_ptr_array_index (self->sources, index));
          p += marker_len;
          run = p;
          continue;
        }

      p++;
    }

  g_string_append (out, run);
  g_free (html);

  return g_string_free (out, FALSE);
}

guint
billet_shortcodes_get_n (BilletShortcodes *self)
{
  return self != NULL ? self->names->len : 0;
}

void
billet_shortcodes_free (BilletShortcodes *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->names);
  g_ptr_array_unref (self->sources);
  g_ptr_array_unref (self->classes);
  g_array_unref (self->added_lines);
  g_free (self);
}
