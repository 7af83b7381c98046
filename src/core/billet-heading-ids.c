/* billet-heading-ids.c — heading ids as the site's generator makes them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An author links to a section of a post ("[see](#installation)") with the
 * id the generator gives its heading, so Billet gives the same one, in the
 * export and in the preview:
 *
 * - Hugo (Goldmark, autoHeadingIDType "github", its default) takes the
 *   heading's last source line as written, Markdown included, trims it,
 *   turns spaces and hyphens into hyphens, keeps letters, digits and “_”
 *   lowercased, and drops the rest: “## Un *bon* [lien](https://a.b)” is
 *   “un-bon-lienhttpsab”. An empty id is “heading”; a taken one gets “-1”,
 *   “-2”… (the first free).
 * - Jekyll (kramdown with its GFM input, Jekyll's default) takes the
 *   heading's text (markup left out, entities and code as their text,
 *   “--” and “---” as the dashes it prints), lowercases it, keeps word
 *   characters, hyphens, spaces and tabs, and turns spaces and tabs into
 *   hyphens. The n-th repeat of an id gets “-n”.
 *
 * - Zola (pulldown-cmark, slugify.anchors "on", its default) takes the
 *   heading's text and code (an image's alt text included, markup left
 *   out), transliterates it to ASCII (“é” is “e”, “œ” “oe”), keeps letters
 *   and digits lowercased, and turns every other run into one hyphen,
 *   none at either end: “L’été à Zürich !” is “l-ete-a-zurich”. A taken
 *   id gets “-1”, “-2”… (the first free); attribute lists as Goldmark's.
 *   With slugify.anchors "safe" or "off", the text is kept as written but
 *   for ASCII blanks, each a “_”.
 *
 * “{#custom-id}” at the end of a heading's line sets its id and is not
 * shown: Goldmark reads any attribute list there (“{#id .class}”, no
 * space needed before it), kramdown only “ {#id}” with an id that starts
 * with a letter. Ids are unique within the page: where the generator would
 * repeat one (an id written by hand that an automatic one meets), the
 * later one takes the next free number, which the generator's page cannot
 * link to anyway.
 *
 * The ids are given on the parsed tree, once for the whole body, so that a
 * body rendered one block at a time (the preview) gets the very ids of the
 * whole page. Each heading carries its id as user data, and renders through
 * a private cmark-gfm extension that writes <hN id="…">.
 */

#include "config.h"

#include <string.h>

#include <cmark-gfm-extension_api.h>
#include <cmark-gfm/node.h>
#include <cmark-gfm/render.h>

#include "billet-heading-ids.h"

struct _BilletHeadingIds
{
  BilletHeadingIdStyle  style;
  BilletHeadingIdFlags  flags;
  GHashTable           *used;      /* the page's ids */
  GHashTable           *counters;  /* kramdown: text → times seen */
};

/**
 * billet_heading_ids_new:
 * @style: whose ids to make
 *
 * The ids of one page, as they are made.
 */
BilletHeadingIds *
billet_heading_ids_new (BilletHeadingIdStyle style)
{
  BilletHeadingIds *self = g_new0 (BilletHeadingIds, 1);

  self->style = style;
  self->used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->counters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

void
billet_heading_ids_free (BilletHeadingIds *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->used);
  g_hash_table_unref (self->counters);
  g_free (self);
}

/**
 * billet_heading_ids_use:
 * @id: an id the page holds, written by hand
 *
 * Later automatic ids will not take @id.
 */
void
billet_heading_ids_use (BilletHeadingIds *self,
                        const char       *id)
{
  g_return_if_fail (self != NULL && id != NULL);

  if (!g_hash_table_contains (self->used, id))
    g_hash_table_add (self->used, g_strdup (id));
}

/* Go's unicode.IsLetter */
static gboolean
is_letter (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_LOWERCASE_LETTER || type == G_UNICODE_MODIFIER_LETTER ||
         type == G_UNICODE_OTHER_LETTER || type == G_UNICODE_TITLECASE_LETTER ||
         type == G_UNICODE_UPPERCASE_LETTER;
}

/* Ruby's \p{Word}: letters, marks, decimal digits, connectors (“_”) */
static gboolean
is_word (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_SPACING_MARK || type == G_UNICODE_ENCLOSING_MARK ||
         type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_DECIMAL_NUMBER ||
         type == G_UNICODE_CONNECT_PUNCTUATION || is_letter (c);
}

/* Goldmark's GitHub style (Hugo's sanitizeAnchorName); with @ascii_only,
 * its "github-ascii": accents taken off (decomposed, marks dropped), then
 * what is still outside ASCII left out. */
static GString *
github_base (const char *text,
             gsize       len,
             gboolean    ascii_only)
{
  g_autofree char *unaccented = NULL;
  GString *id = g_string_sized_new (len);
  const char *end;
  const char *p;

  if (ascii_only)
    {
      g_autofree char *decomposed = g_utf8_normalize (text, (gssize) len, G_NORMALIZE_NFD);
      GString *kept = g_string_sized_new (len);

      for (const char *q = decomposed != NULL ? decomposed : ""; *q != '\0'; q = g_utf8_next_char (q))
        {
          if ((guchar) *q < 0x80)
            g_string_append_c (kept, *q);
          else if (g_unichar_type (g_utf8_get_char (q)) != G_UNICODE_NON_SPACING_MARK)
            /* Left out below, but a space for the trimming, as Go sees it. */
            g_string_append_len (kept, q, g_utf8_next_char (q) - q);
        }
      len = kept->len;
      unaccented = g_string_free (kept, FALSE);
      text = unaccented;
    }
  end = text + len;
  p = text;

  /* Go's bytes.TrimSpace: Unicode white space at both ends. */
  while (p < end && g_unichar_isspace (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  while (end > p && g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (end))))
    end = g_utf8_prev_char (end);

  for (; p < end; p = g_utf8_next_char (p))
    {
      gunichar c;

      if (ascii_only && (guchar) *p >= 0x80)
        continue;
      /* Most of a heading is ASCII: no Unicode tables for it. */
      if ((guchar) *p < 0x80)
        {
          if (*p == '-' || *p == ' ')
            g_string_append_c (id, '-');
          else if (g_ascii_isalnum (*p) || *p == '_')
            g_string_append_c (id, g_ascii_tolower (*p));
          continue;
        }

      c = g_utf8_get_char (p);
      if (c == '-' || c == ' ')
        g_string_append_c (id, '-');
      else if (c == '_' || is_letter (c) || g_unichar_type (c) == G_UNICODE_DECIMAL_NUMBER)
        g_string_append_unichar (id, g_unichar_tolower (c));
    }
  if (id->len == 0)
    g_string_assign (id, "heading");
  return id;
}

/* Blackfriday's SanitizedAnchorName: letters and numbers lowercased, any
 * run of other characters one hyphen between them. */
static GString *
blackfriday_base (const char *text,
                  gsize       len)
{
  GString *id = g_string_sized_new (len);
  gboolean hyphen = FALSE;

  for (const char *p = text, *end = text + len; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (is_letter (c) || type == G_UNICODE_DECIMAL_NUMBER || type == G_UNICODE_LETTER_NUMBER ||
          type == G_UNICODE_OTHER_NUMBER)
        {
          if (hyphen && id->len > 0)
            g_string_append_c (id, '-');
          hyphen = FALSE;
          g_string_append_unichar (id, g_unichar_tolower (c));
        }
      else
        hyphen = TRUE;
    }
  if (id->len == 0)
    g_string_assign (id, "heading");
  return id;
}

/* Zola's slugify (the slug crate): ASCII by transliteration, letters and
 * digits lowercased, any run of anything else one hyphen between them. */
static GString *
zola_base (const char *text,
           gsize       len)
{
  /* Compatibility forms first: “ᵉ” is “e”, “ﬁ” “fi”, as deunicode has them */
  g_autofree char *compat = g_utf8_normalize (text, (gssize) len, G_NORMALIZE_ALL);
  g_autofree char *ascii = g_str_to_ascii (compat != NULL ? compat : "", "C");
  GString *id = g_string_sized_new (len);
  gboolean hyphen = FALSE;

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          if (hyphen && id->len > 0)
            g_string_append_c (id, '-');
          hyphen = FALSE;
          g_string_append_c (id, g_ascii_tolower (*p));
        }
      else
        hyphen = TRUE;
    }
  return id;
}

/* kramdown's GFM parser (generate_gfm_header_id) */
static GString *
kramdown_base (const char *text,
               gsize       len)
{
  g_autofree char *lower = g_utf8_strdown (text, (gssize) len);
  GString *id = g_string_sized_new (len);

  for (const char *p = lower; *p != 0; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ' ' || c == '\t' || c == '-')
        g_string_append_c (id, '-');
      else if (is_word (c))
        g_string_append_unichar (id, c);
    }
  return id;
}

/**
 * billet_heading_ids_make:
 * @text: (array length=len): what the generator makes the id from: for
 *   %BILLET_HEADING_IDS_GITHUB, the heading's last source line, for
 *   %BILLET_HEADING_IDS_KRAMDOWN and %BILLET_HEADING_IDS_ZOLA its text;
 *   valid UTF-8
 * @len: its length, or -1 if NUL-terminated
 *
 * Returns: (transfer full): the next heading's id in the page, or %NULL
 *   for none (kramdown's empty id, which it writes as `id=""`)
 */
char *
billet_heading_ids_make (BilletHeadingIds *self,
                         const char       *text,
                         gssize            len)
{
  g_autoptr(GString) id = NULL;
  gsize base_len;

  g_return_val_if_fail (self != NULL && text != NULL, NULL);

  if (len < 0)
    len = (gssize) strlen (text);

  if (self->style == BILLET_HEADING_IDS_KRAMDOWN)
    {
      guint seen;

      id = kramdown_base (text, (gsize) len);
      base_len = id->len;
      seen = GPOINTER_TO_UINT (g_hash_table_lookup (self->counters, id->str));
      g_hash_table_replace (self->counters, g_strdup (id->str), GUINT_TO_POINTER (seen + 1));
      if (seen > 0)
        g_string_append_printf (id, "-%u", seen);
      if (id->len == 0)
        return NULL;
      /* Taken all the same (by an id written by hand): the next free. */
      for (guint n = seen + 1; g_hash_table_contains (self->used, id->str); n++)
        {
          g_string_truncate (id, base_len);
          g_string_append_printf (id, "-%u", n);
        }
    }
  else
    {
      if (self->style == BILLET_HEADING_IDS_BLACKFRIDAY)
        id = blackfriday_base (text, (gsize) len);
      else if (self->style == BILLET_HEADING_IDS_ZOLA || self->style == BILLET_HEADING_IDS_ZOLA_AS_WRITTEN)
        {
          if (self->style == BILLET_HEADING_IDS_ZOLA)
            id = zola_base (text, (gsize) len);
          else
            {
              id = g_string_new_len (text, len);
              for (gsize i = 0; i < id->len; i++)
                if (g_ascii_isspace (id->str[i]))
                  id->str[i] = '_';
            }
          /* Zola writes id="" then; a page has no use for it */
          if (id->len == 0)
            return NULL;
        }
      else
        id = github_base (text, (gsize) len, self->style == BILLET_HEADING_IDS_GITHUB_ASCII);
      base_len = id->len;
      for (guint n = 1; g_hash_table_contains (self->used, id->str); n++)
        {
          g_string_truncate (id, base_len);
          g_string_append_printf (id, "-%u", n);
        }
    }

  g_hash_table_add (self->used, g_strdup (id->str));
  return g_string_free (g_steal_pointer (&id), FALSE);
}

/* Attribute lists: “{#id}” */

static gboolean
is_space_or_tab (char c)
{
  return c == ' ' || c == '\t';
}

/* Goldmark's characters of an id: not a space, and no ASCII punctuation
 * but “_”, “-”, “:” and “.”. */
static gboolean
goldmark_id_char (char c)
{
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '}')
    return FALSE;
  if (g_ascii_ispunct (c))
    return c == '_' || c == '-' || c == ':' || c == '.';
  return TRUE;
}

/* Whether @attrs — what lies between “{” and “}” — is a Goldmark
 * attribute list; its last “#id” is returned in @id. */
static gboolean
parse_goldmark_attributes (const char  *attrs,
                           gsize        len,
                           char       **id)
{
  gsize i = 0;

  *id = NULL;
  while (i < len)
    {
      while (i < len && is_space_or_tab (attrs[i]))
        i++;
      if (i >= len)
        break;
      if (attrs[i] == '#' || attrs[i] == '.')
        {
          gboolean is_id = attrs[i] == '#';
          gsize start = ++i;

          while (i < len && goldmark_id_char (attrs[i]))
            i++;
          if (i == start || (i < len && !is_space_or_tab (attrs[i])))
            goto fail;
          if (is_id)
            {
              g_free (*id);
              *id = g_strndup (attrs + start, i - start);
            }
        }
      else if (g_ascii_isalpha (attrs[i]) || attrs[i] == '_' || attrs[i] == ':')
        {
          /* name=value, name="value" or name='value' */
          while (i < len && (g_ascii_isalnum (attrs[i]) || strchr ("_:.-", attrs[i]) != NULL))
            i++;
          while (i < len && is_space_or_tab (attrs[i]))
            i++;
          if (i >= len || attrs[i] != '=')
            goto fail;
          i++;
          while (i < len && is_space_or_tab (attrs[i]))
            i++;
          if (i < len && (attrs[i] == '"' || attrs[i] == '\''))
            {
              char quote = attrs[i++];

              while (i < len && attrs[i] != quote)
                i += attrs[i] == '\\' && i + 1 < len ? 2 : 1;
              if (i >= len)
                goto fail;
              i++;
            }
          else
            {
              gsize start = i;

              while (i < len && !is_space_or_tab (attrs[i]) && attrs[i] != '"' && attrs[i] != '\'' &&
                     attrs[i] != '=' && attrs[i] != '<' && attrs[i] != '>' && attrs[i] != '`')
                i++;
              if (i == start)
                goto fail;
            }
        }
      else
        goto fail;
    }
  return TRUE;

fail:
  g_clear_pointer (id, g_free);
  return FALSE;
}

/* kramdown's HEADER_ID: “ {#id}” at the very end, the id a letter and then
 * word characters, “:” or “-”. */
static gboolean
parse_kramdown_id (const char  *attrs,
                   gsize        len,
                   char       **id)
{
  *id = NULL;
  if (len < 2 || attrs[0] != '#' || !g_ascii_isalpha (attrs[1]))
    return FALSE;
  for (gsize i = 2; i < len; i++)
    {
      gunichar c;

      if (attrs[i] == ':' || attrs[i] == '-')
        continue;
      c = g_utf8_get_char_validated (attrs + i, (gssize) (len - i));
      if (c == (gunichar) -1 || c == (gunichar) -2 || !is_word (c))
        return FALSE;
      i = (gsize) (g_utf8_next_char (attrs + i) - attrs) - 1;
    }
  *id = g_strndup (attrs + 1, len - 1);
  return TRUE;
}

/* The attribute list at the end of @line (trailing blanks trimmed
 * already): where it starts (with the blanks before it), or @len. */
static gsize
find_attributes (const char            *line,
                 gsize                  len,
                 BilletHeadingIdStyle   style,
                 char                 **id)
{
  *id = NULL;
  if (len == 0 || line[len - 1] != '}')
    return len;

  /* The list's “{” is the last one that makes a valid list to the end. */
  for (gsize open = len - 1; open-- > 0; )
    {
      gsize start = open;
      gboolean ok;

      if (line[open] != '{' || (open > 0 && line[open - 1] == '\\'))
        continue;
      if (style == BILLET_HEADING_IDS_KRAMDOWN)
        ok = open > 0 && is_space_or_tab (line[open - 1]) &&
             parse_kramdown_id (line + open + 1, len - open - 2, id);
      else
        ok = parse_goldmark_attributes (line + open + 1, len - open - 2, id);
      if (!ok)
        {
          g_clear_pointer (id, g_free);
          continue;
        }
      while (start > 0 && is_space_or_tab (line[start - 1]))
        start--;
      return start;
    }
  return len;
}

/* The heading's last source line, between its markers */

typedef struct
{
  const char *source;
  gsize       len;
  /* A line the last lookup found: headings come in order, so the next one
   * is found from there, with no index of every line of the body. */
  int         cursor_line;
  gsize       cursor_start;
} Source;

static gboolean
source_line (Source      *src,
             int          number,
             const char **line,
             gsize       *line_len)
{
  const char *text = src->source;
  const char *nl;
  gsize start, end;

  if (number < 1)
    return FALSE;

  /* Back (a setext heading's text above its underline, a footnote's
   * heading after the body): from line break to line break. */
  while (src->cursor_line > number)
    {
      start = src->cursor_start - 1;   /* the break that ends the line before */
      while (start > 0 && text[start - 1] != '\n')
        start--;
      src->cursor_start = start;
      src->cursor_line--;
    }
  while (src->cursor_line < number)
    {
      nl = memchr (text + src->cursor_start, '\n', src->len - src->cursor_start);
      if (nl == NULL)
        return FALSE;
      src->cursor_start = (gsize) (nl - text) + 1;
      src->cursor_line++;
    }

  start = src->cursor_start;
  nl = memchr (text + start, '\n', src->len - start);
  end = nl != NULL ? (gsize) (nl - text) : src->len;
  while (end > start && (text[end - 1] == '\n' || text[end - 1] == '\r'))
    end--;
  *line = text + start;
  *line_len = end - start;
  return TRUE;
}

static gsize
trim_end (const char *text,
          gsize       len)
{
  while (len > 0 && is_space_or_tab (text[len - 1]))
    len--;
  return len;
}

/* An ATX heading's closing “###”: at the end, after a blank or alone. */
static gsize
strip_closing_hashes (const char *text,
                      gsize       len)
{
  gsize end = len;

  while (end > 0 && text[end - 1] == '#')
    end--;
  if (end == len)
    return len;
  if (end == 0)
    return 0;
  if (!is_space_or_tab (text[end - 1]))
    return len;
  return trim_end (text, end);
}

static gboolean
is_underline (Source *src,
              int     number)
{
  const char *line;
  gsize len;
  gsize i = 0;
  char c;

  if (!source_line (src, number, &line, &len))
    return FALSE;
  while (i < len && (is_space_or_tab (line[i]) || line[i] == '>'))
    i++;
  if (i >= len || (line[i] != '=' && line[i] != '-'))
    return FALSE;
  for (c = line[i]; i < len && line[i] == c; i++)
    ;
  return trim_end (line + i, len - i) == 0;
}

/* The heading's last line without its markers: @title_len bytes of
 * @content are the title as written, the @content_len - @title_len after
 * them the attribute list and closing hashes that cmark left as text. */
static gboolean
heading_content (Source      *src,
                 cmark_node  *heading,
                 const char **content,
                 gsize       *content_len)
{
  int first = cmark_node_get_start_line (heading);
  int last = cmark_node_get_end_line (heading);
  const char *line;
  gsize len;
  gsize i = 0;

  /* An ATX heading is one line. */
  if (cmark_node_get_start_column (heading) >= 1 && source_line (src, first, &line, &len) &&
      (gsize) cmark_node_get_start_column (heading) <= len &&
      line[cmark_node_get_start_column (heading) - 1] == '#')
    {
      for (i = (gsize) cmark_node_get_start_column (heading) - 1; i < len && line[i] == '#'; i++)
        ;
    }
  else
    {
      /* A setext heading: its text is the lines before its underline
       * (cmark-gfm 0.29.0.gfm.6 gives as end line the one after it). */
      int under;

      for (under = first + 1; under <= MAX (last, first + 1); under++)
        if (is_underline (src, under))
          break;
      if (under > MAX (last, first + 1) || !source_line (src, under - 1, &line, &len))
        return FALSE;
      if (under - 1 == first)
        i = MIN ((gsize) cmark_node_get_start_column (heading) - 1, len);
      else
        /* A later line: past its container's markers. */
        while (i < len && (is_space_or_tab (line[i]) || line[i] == '>'))
          i++;
    }

  while (i < len && is_space_or_tab (line[i]))
    i++;
  *content = line + i;
  *content_len = trim_end (line + i, len - i);
  return TRUE;
}

/* The text of a heading as kramdown's raw_text has it: text, code and
 * entities as their characters, markup left out; its “--” and “---” are
 * dashes, which the id drops. Shortcode markers (U+E000 n U+E001) are left
 * out too. */
static void
append_plain_text (GString    *out,
                   cmark_node *node)
{
  for (cmark_node *child = cmark_node_first_child (node); child != NULL;
       child = cmark_node_next (child))
    {
      cmark_node_type type = cmark_node_get_type (child);
      const char *literal;

      if (type == CMARK_NODE_TEXT)
        {
          literal = cmark_node_get_literal (child);
          for (const char *p = literal; p != NULL && *p != 0; )
            {
              if (p[0] == '-' && p[1] == '-')
                p += p[2] == '-' ? 3 : 2;
              else if (g_str_has_prefix (p, "\xEE\x80\x80"))
                {
                  const char *close = strstr (p, "\xEE\x80\x81");

                  p = close != NULL ? close + 3 : p + 3;
                }
              else
                g_string_append_c (out, *p++);
            }
        }
      else if (type == CMARK_NODE_CODE)
        g_string_append (out, cmark_node_get_literal (child));
      else if (type == CMARK_NODE_SOFTBREAK)
        g_string_append_c (out, '\n');
      /* No text in kramdown: a line break, an image (its alt is an
       * attribute), a footnote's call, a tag. */
      else if (type != CMARK_NODE_LINEBREAK && type != CMARK_NODE_IMAGE &&
               type != CMARK_NODE_FOOTNOTE_REFERENCE && type != CMARK_NODE_HTML_INLINE)
        append_plain_text (out, child);
    }
}

/* The text Zola makes a heading's id from (pulldown-cmark's text and
 * code events): an image's alt text in, line breaks, raw HTML and
 * footnote calls out, shortcode markers out. */
static void
append_zola_text (GString    *out,
                  cmark_node *node)
{
  for (cmark_node *child = cmark_node_first_child (node); child != NULL;
       child = cmark_node_next (child))
    {
      cmark_node_type type = cmark_node_get_type (child);

      if (type == CMARK_NODE_TEXT)
        {
          const char *literal = cmark_node_get_literal (child);

          for (const char *p = literal; p != NULL && *p != 0; )
            {
              if (g_str_has_prefix (p, "\xEE\x80\x80"))
                {
                  const char *close = strstr (p, "\xEE\x80\x81");

                  p = close != NULL ? close + 3 : p + 3;
                }
              else
                g_string_append_c (out, *p++);
            }
        }
      else if (type == CMARK_NODE_CODE)
        g_string_append (out, cmark_node_get_literal (child));
      else if (type != CMARK_NODE_LINEBREAK && type != CMARK_NODE_SOFTBREAK &&
               type != CMARK_NODE_FOOTNOTE_REFERENCE && type != CMARK_NODE_HTML_INLINE)
        append_zola_text (out, child);
    }
}

/* How many bytes at the end of @text are @suffix (@n bytes) as cmark
 * made its text, or -1: with the typographer (CMARK_OPT_SMART), the
 * straight quotes of an attribute list (title="…") are curly in the text,
 * where Goldmark never turns them. */
static gssize
matched_suffix (const char *text,
                gsize       len,
                const char *suffix,
                gsize       n)
{
  gsize t = len;

  for (gsize k = n; k-- > 0; )
    {
      char c = suffix[k];

      if (t > 0 && text[t - 1] == c)
        t--;
      else if ((c == '"' || c == '\'') && t >= 3 && memcmp (text + t - 3, "\xE2\x80", 2) == 0 &&
               (c == '"' ? (guchar) text[t - 1] == 0x9C || (guchar) text[t - 1] == 0x9D
                         : (guchar) text[t - 1] == 0x98 || (guchar) text[t - 1] == 0x99))
        t -= 3;
      else
        return -1;
    }
  return (gssize) (len - t);
}

/* Takes @n bytes off the end of the heading's text, which its last text
 * nodes must hold as written: the attribute list and what cmark left
 * after the title. */
static gboolean
hide_suffix (cmark_node *heading,
             const char *suffix,
             gsize       n)
{
  g_autoptr(GString) tail = g_string_new (NULL);
  cmark_node *first = NULL;
  gssize matched;

  /* The run of text nodes at the end, which must end with @suffix (a
   * curly quote takes three bytes for a straight one's one). */
  for (cmark_node *node = cmark_node_last_child (heading);
       node != NULL && cmark_node_get_type (node) == CMARK_NODE_TEXT && tail->len < 3 * n;
       node = cmark_node_previous (node))
    {
      g_string_prepend (tail, cmark_node_get_literal (node));
      first = node;
    }
  if (first == NULL || tail->len < n ||
      (matched = matched_suffix (tail->str, tail->len, suffix, n)) < 0)
    return FALSE;

  /* Emptied nodes go; the first keeps what comes before the suffix. */
  g_string_truncate (tail, tail->len - (gsize) matched);
  while (cmark_node_last_child (heading) != first)
    cmark_node_free (cmark_node_last_child (heading));
  /* Blanks before it, which Goldmark and kramdown trim too. */
  g_string_truncate (tail, trim_end (tail->str, tail->len));
  if (tail->len > 0)
    cmark_node_set_literal (first, tail->str);
  else
    cmark_node_free (first);
  return TRUE;
}

/* Rendering: <hN id="…"> */

static void
free_id (cmark_mem *mem,
         void      *id)
{
  mem->free (id);
}

static void
put_cr (cmark_strbuf *html)
{
  if (html->size > 0 && html->ptr[html->size - 1] != '\n')
    cmark_strbuf_putc (html, '\n');
}

static void
render_heading (cmark_syntax_extension      *extension,
                struct cmark_html_renderer  *renderer,
                cmark_node                  *node,
                cmark_event_type             ev_type,
                int                          options)
{
  cmark_strbuf *html = renderer->html;
  char level = (char) ('0' + CLAMP (cmark_node_get_heading_level (node), 1, 6));

  if (ev_type == CMARK_EVENT_ENTER)
    {
      const char *id = cmark_node_get_user_data (node);
      g_autofree char *escaped = id != NULL ? g_markup_escape_text (id, -1) : NULL;

      put_cr (html);
      cmark_strbuf_puts (html, "<h");
      cmark_strbuf_putc (html, level);
      if (escaped != NULL)
        {
          cmark_strbuf_puts (html, " id=\"");
          cmark_strbuf_puts (html, escaped);
          cmark_strbuf_putc (html, '"');
        }
      if (options & CMARK_OPT_SOURCEPOS)
        {
          char pos[80];

          g_snprintf (pos, sizeof pos, " data-sourcepos=\"%d:%d-%d:%d\"",
                      cmark_node_get_start_line (node), cmark_node_get_start_column (node),
                      cmark_node_get_end_line (node), cmark_node_get_end_column (node));
          cmark_strbuf_puts (html, pos);
        }
      cmark_strbuf_putc (html, '>');
    }
  else
    {
      cmark_strbuf_puts (html, "</h");
      cmark_strbuf_putc (html, level);
      cmark_strbuf_puts (html, ">\n");
    }
}

static gpointer
make_extension (gpointer data)
{
  /* Never registered nor attached to a parser: only the headings that
   * carry it render through it. */
  cmark_syntax_extension *extension = cmark_syntax_extension_new ("billet-heading-id");

  cmark_syntax_extension_set_html_render_func (extension, render_heading);
  return extension;
}

static void
assign_one (BilletHeadingIds       *ids,
            Source                 *src,
            cmark_node             *heading,
            cmark_syntax_extension *extension)
{
  g_autofree char *custom = NULL;
  char *id = NULL;
  cmark_mem *mem;
  char *copy;
  gsize id_len;
  const char *content = NULL;
  gsize content_len = 0;
  gsize title_len;
  gsize attrs_at;

  if (!heading_content (src, heading, &content, &content_len))
    content_len = 0;

  attrs_at = ids->flags & BILLET_HEADING_IDS_NO_ATTRIBUTES ? content_len
                                                           : find_attributes (content, content_len, ids->style, &custom);
  title_len = content_len;
  if (attrs_at < content_len)
    {
      /* Closing hashes before the list (“## Title ## {#id}”) go too. */
      title_len = strip_closing_hashes (content, trim_end (content, attrs_at));
      if (!hide_suffix (heading, content + title_len, content_len - title_len))
        {
          /* Not the text cmark made of it (an escape, a code span…):
           * shown as written, and no id of the author's. */
          g_clear_pointer (&custom, g_free);
          title_len = content_len;
        }
    }
  else if (cmark_node_get_start_line (heading) == cmark_node_get_end_line (heading))
    title_len = strip_closing_hashes (content, content_len);

  if (custom != NULL)
    {
      billet_heading_ids_use (ids, custom);
      id = g_steal_pointer (&custom);
    }
  else if (ids->flags & BILLET_HEADING_IDS_NO_AUTO)
    return;
  else if (ids->style == BILLET_HEADING_IDS_ZOLA || ids->style == BILLET_HEADING_IDS_ZOLA_AS_WRITTEN)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      append_zola_text (text, heading);
      id = billet_heading_ids_make (ids, text->str, (gssize) text->len);
    }
  else if (ids->style == BILLET_HEADING_IDS_KRAMDOWN)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      append_plain_text (text, heading);
      id = billet_heading_ids_make (ids, text->str, (gssize) text->len);
    }
  else
    {
      g_autoptr(GString) line = g_string_new_len (content, (gssize) title_len);
      const char *mark;

      /* Shortcode markers (U+E000 n U+E001): Hugo's id has the
       * shortcode's name, which the marker's number is not. */
      while ((mark = strstr (line->str, "\xEE\x80\x80")) != NULL)
        {
          const char *close = strstr (mark, "\xEE\x80\x81");
          gsize from = (gsize) (mark - line->str);

          g_string_erase (line, (gssize) from, close != NULL ? (gssize) (close + 3 - mark) : 3);
        }
      id = billet_heading_ids_make (ids, line->str, (gssize) line->len);
    }

  if (id == NULL)
    return;
  /* With the tree's memory: an arena's tree is never freed node by node. */
  mem = cmark_node_mem (heading);
  id_len = strlen (id) + 1;
  copy = mem->calloc (1, id_len);
  memcpy (copy, id, id_len);
  g_free (id);
  cmark_node_set_user_data (heading, copy);
  cmark_node_set_user_data_free_func (heading, free_id);
  cmark_node_set_syntax_extension (heading, extension);
}

/* Headings are blocks: only containers of blocks are walked, never the
 * inlines of paragraphs. */
static void
assign_in (BilletHeadingIds       *ids,
           Source                 *src,
           cmark_node             *container,
           cmark_syntax_extension *extension)
{
  for (cmark_node *node = cmark_node_first_child (container); node != NULL;
       node = cmark_node_next (node))
    {
      cmark_node_type type = cmark_node_get_type (node);

      if (type == CMARK_NODE_HEADING)
        assign_one (ids, src, node, extension);
      else if (type == CMARK_NODE_BLOCK_QUOTE || type == CMARK_NODE_LIST ||
               type == CMARK_NODE_ITEM || type == CMARK_NODE_FOOTNOTE_DEFINITION)
        assign_in (ids, src, node, extension);
    }
}

/**
 * billet_heading_ids_assign:
 * @document: a parsed body
 * @source: (array length=source_len): the text it was parsed from
 * @source_len: its length
 * @style: whose ids
 * @flags: what the generator is set to do with them
 *
 * Gives every heading of @document its id, unique in the page, and takes
 * the attribute lists that set one out of its text; the HTML renderer then
 * writes <hN id="…">.
 */
void
billet_heading_ids_assign (cmark_node           *document,
                           const char           *source,
                           gsize                 source_len,
                           BilletHeadingIdStyle  style,
                           BilletHeadingIdFlags  flags)
{
  static GOnce extension_once = G_ONCE_INIT;
  g_autoptr(BilletHeadingIds) ids = NULL;
  Source src = { source, source_len, 1, 0 };

  g_return_if_fail (document != NULL);

  g_once (&extension_once, make_extension, NULL);
  ids = billet_heading_ids_new (style);
  ids->flags = flags;
  assign_in (ids, &src, document, extension_once.retval);
}
