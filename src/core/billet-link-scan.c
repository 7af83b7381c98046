/* billet-link-scan.c — the links, images and ids a post's body holds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The site check needs every link of ten thousand posts, and cmark-gfm
 * parses a few megabytes a second under a process-wide lock
 * (billet-markdown.c): a whole site through it costs ten times a list.
 * This is one pass over the bytes instead, line by line, that knows what
 * hides a link in Markdown — fenced and indented code, code spans, HTML
 * comments, backslash escapes — and finds inline links and images
 * ([text](dest "title"), ![alt](<dest>)), reference definitions
 * ([label]: dest), raw <a href> and <img src>, and the ids raw HTML sets
 * (id="…", name="…"). Links that span lines are not seen: they are rare,
 * and missing one only means not checking it.
 *
 * Shortcodes and Liquid are read over the whole text, code included: Hugo
 * and Jekyll expand them before Markdown is parsed. Hugo's commented form
 * (a slash and a star after “{{<”, how documentation shows one) and Liquid's
 * {% raw %} … {% endraw %} are left alone, as they are by the generators.
 */

#include "config.h"

#include <string.h>

#include "billet-link-scan.h"

void
billet_link_free (BilletLink *link)
{
  if (link == NULL)
    return;
  g_free (link->target);
  g_free (link);
}

typedef struct
{
  const char *text;
  BilletLinkScanFlags flags;
  GPtrArray  *links;
  GPtrArray  *html_ids;
  guint       line;        /* of @line_start */
  const char *line_start;
} Scan;

static guint
column_of (Scan       *scan,
           const char *p)
{
  guint column = 1;

  for (const char *q = scan->line_start; q < p; q++)
    if (((guchar) *q & 0xC0) != 0x80)
      column++;
  return column;
}

static void
add_link (Scan           *scan,
          BilletLinkKind  kind,
          const char     *at,
          const char     *target,
          gsize           target_len,
          gboolean        no_alt)
{
  BilletLink *link;

  if ((scan->flags & BILLET_LINK_SCAN_LOCAL) && !(kind == BILLET_LINK_IMAGE && no_alt) &&
      target_len > 0 && g_ascii_isalpha (*target))
    {
      const char *p = target;
      const char *end = target + target_len;

      while (p < end && (g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.'))
        p++;
      if (p < end && *p == ':')
        return;
    }
  link = g_new0 (BilletLink, 1);
  link->kind = kind;
  link->target = g_strndup (target, target_len);
  link->line = scan->line;
  link->column = column_of (scan, at);
  link->no_alt = no_alt;
  g_ptr_array_add (scan->links, link);
}

/* Lines and columns of a position found by a search over the whole text. */
static void
locate (Scan       *scan,
        const char *p)
{
  for (const char *q = scan->line_start; q < p; q++)
    if (*q == '\n')
      {
        scan->line++;
        scan->line_start = q + 1;
      }
}

/* Shortcodes */

static const char *
skip_spaces (const char *p,
             const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
    p++;
  return p;
}

/* A quoted (“"…"”, “`…`”) or bare argument; returns where it ends. */
static const char *
read_argument (const char  *p,
               const char  *end,
               const char **value,
               gsize       *value_len)
{
  if (p < end && (*p == '"' || *p == '`' || *p == '\''))
    {
      const char *close = memchr (p + 1, *p, end - p - 1);

      if (close == NULL)
        return NULL;
      *value = p + 1;
      *value_len = close - p - 1;
      return close + 1;
    }
  *value = p;
  while (p < end && !g_ascii_isspace (*p) && *p != '>' && *p != '%' && *p != '}')
    p++;
  *value_len = p - *value;
  return p;
}

/* {{< ref "path" >}}, {{% relref path="path" lang="fr" %}}, and the
 * figure shortcode's src="…". */
static void
scan_hugo (Scan       *scan,
           const char *text,
           gsize       len)
{
  const char *end = text + len;

  for (const char *p = text; p < end && (p = memchr (p, '{', end - p)) != NULL; p++)
    {
      const char *q, *name;
      const char *close;
      gsize name_len;
      gboolean figure;

      if (end - p < 4 || p[1] != '{' || (p[2] != '<' && p[2] != '%'))
        continue;
      q = skip_spaces (p + 3, end);
      if (q < end && *q == '/')
        continue;  /* commented out, or a closing {{< /name >}} */
      name = q;
      while (q < end && (g_ascii_isalnum (*q) || *q == '_' || *q == '-'))
        q++;
      name_len = q - name;
      figure = name_len == 6 && memcmp (name, "figure", 6) == 0;
      if (!((name_len == 3 && memcmp (name, "ref", 3) == 0) ||
            (name_len == 6 && memcmp (name, "relref", 6) == 0) || figure))
        continue;
      close = g_strstr_len (q, end - q, "}}");
      if (close == NULL)
        continue;

      /* Arguments: the first positional one, or path= (src= for figure). */
      for (q = skip_spaces (q, close); q < close; q = skip_spaces (q, close))
        {
          const char *value = NULL;
          gsize value_len = 0;
          const char *key = q;
          gsize key_len = 0;

          while (q < close && (g_ascii_isalnum (*q) || *q == '_'))
            q++;
          if (q < close && *q == '=' && q > key)
            {
              key_len = q - key;
              q++;
            }
          else
            q = key;
          if (q >= close || *q == '>' || *q == '%')
            break;
          if (!(q = read_argument (q, close, &value, &value_len)))
            break;
          if ((figure && key_len == 3 && memcmp (key, "src", 3) == 0) ||
              (!figure && (key_len == 0 || (key_len == 4 && memcmp (key, "path", 4) == 0))))
            {
              locate (scan, p);
              add_link (scan, figure ? BILLET_LINK_IMAGE : BILLET_LINK_HUGO_REF, p,
                        value, value_len, FALSE);
              break;
            }
          if (!figure && key_len == 0)
            break;
        }
      p = close;
    }
}

/* {% post_url name %} and {% link path %}, outside {% raw %}. */
static void
scan_liquid (Scan       *scan,
             const char *text,
             gsize       len)
{
  const char *end = text + len;

  for (const char *p = text; p < end && (p = memchr (p, '{', end - p)) != NULL; p++)
    {
      const char *q, *name, *close;
      gsize name_len;
      const char *value;
      gsize value_len;

      if (end - p < 3 || p[1] != '%')
        continue;
      q = p + 2;
      if (q < end && *q == '-')
        q++;
      q = skip_spaces (q, end);
      name = q;
      while (q < end && (g_ascii_isalnum (*q) || *q == '_'))
        q++;
      name_len = q - name;
      close = g_strstr_len (q, end - q, "%}");
      if (close == NULL)
        break;
      if (name_len == 3 && memcmp (name, "raw", 3) == 0)
        {
          const char *endraw = g_strstr_len (close, end - close, "endraw");

          if (endraw == NULL)
            break;
          p = endraw;
          continue;
        }
      if (!((name_len == 8 && memcmp (name, "post_url", 8) == 0) ||
            (name_len == 4 && memcmp (name, "link", 4) == 0)))
        continue;
      q = skip_spaces (q, close);
      if (!read_argument (q, close, &value, &value_len) || value_len == 0 ||
          g_strstr_len (value, value_len, "{{") != NULL)
        continue;  /* a variable: nothing to check */
      locate (scan, p);
      add_link (scan, name_len == 4 ? BILLET_LINK_JEKYLL_LINK : BILLET_LINK_JEKYLL_POST_URL,
                p, value, value_len, FALSE);
      p = close;
    }
}

/* Markdown */

/* The destination after "(": <dest> or dest with balanced parentheses.
 * Returns FALSE when it is no link destination. */
static gboolean
read_destination (const char  *p,
                  const char  *end,
                  const char **dest,
                  gsize       *dest_len)
{
  int depth = 0;

  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  if (p < end && *p == '<')
    {
      const char *close = memchr (p + 1, '>', end - p - 1);

      if (close == NULL)
        return FALSE;
      *dest = p + 1;
      *dest_len = close - p - 1;
      return TRUE;
    }
  *dest = p;
  for (; p < end; p++)
    {
      if (*p == '\\' && p + 1 < end)
        p++;
      else if (*p == '(')
        depth++;
      else if (*p == ')')
        {
          if (depth == 0)
            break;
          depth--;
        }
      else if (*p == ' ' || *p == '\t')
        break;
    }
  if (p >= end)
    return FALSE;
  *dest_len = p - *dest;
  return TRUE;
}

/* The value of attribute @name in the tag from @p to @end, or FALSE. */
static gboolean
tag_attribute (const char  *p,
               const char  *end,
               const char  *name,
               const char **value,
               gsize       *value_len)
{
  gsize name_len = strlen (name);

  for (; p + name_len < end; p++)
    {
      const char *q;

      if (g_ascii_strncasecmp (p, name, name_len) != 0 || !g_ascii_isspace (p[-1]))
        continue;
      q = p + name_len;
      while (q < end && *q == ' ')
        q++;
      if (q >= end || *q != '=')
        continue;
      q++;
      while (q < end && *q == ' ')
        q++;
      if (q < end && (*q == '"' || *q == '\''))
        {
          const char *close = memchr (q + 1, *q, end - q - 1);

          if (close == NULL)
            return FALSE;
          *value = q + 1;
          *value_len = close - q - 1;
          return TRUE;
        }
      *value = q;
      while (q < end && !g_ascii_isspace (*q) && *q != '>')
        q++;
      *value_len = q - *value;
      return TRUE;
    }
  return FALSE;
}

static void
scan_html_tag (Scan       *scan,
               const char *p,
               const char *end)
{
  const char *close = memchr (p, '>', end - p);
  const char *value;
  gsize value_len;

  if (close == NULL)
    close = end;
  if (scan->html_ids != NULL &&
      (tag_attribute (p, close, "id", &value, &value_len) ||
       tag_attribute (p, close, "name", &value, &value_len)))
    g_ptr_array_add (scan->html_ids, g_strndup (value, value_len));
  if (g_ascii_strncasecmp (p, "<img", 4) == 0 && g_ascii_isspace (p[4]))
    {
      if (tag_attribute (p, close, "src", &value, &value_len))
        {
          const char *alt;
          gsize alt_len;

          add_link (scan, BILLET_LINK_IMAGE, p, value, value_len,
                    !tag_attribute (p, close, "alt", &alt, &alt_len));
        }
    }
  else if (g_ascii_strncasecmp (p, "<a", 2) == 0 && g_ascii_isspace (p[2]) &&
           tag_attribute (p, close, "href", &value, &value_len))
    add_link (scan, BILLET_LINK_MARKDOWN, p, value, value_len, FALSE);
}

/* Whether the text between @open (a "[") and @close (its "]") is only
 * blanks. */
static gboolean
is_blank (const char *a,
          const char *b)
{
  for (; a < b; a++)
    if (!g_ascii_isspace (*a))
      return FALSE;
  return TRUE;
}

/* The bytes scan_inline() stops at. */
static const guchar special[256] = {
  ['['] = 1, [']'] = 1, ['<'] = 1, ['`'] = 1, ['\\'] = 1,
};

/* The inlines of one line, outside code. @in_comment carries an HTML
 * comment over lines. */
static void
scan_inline (Scan       *scan,
             const char *line,
             const char *end,
             gboolean   *in_comment)
{
  const char *opens[16];
  guint n_open = 0;

  for (const char *p = line; p < end; p++)
    {
      /* Most bytes are text: skipped at once. */
      if (!*in_comment)
        {
          while (p < end && !special[(guchar) *p])
            p++;
          if (p >= end)
            return;
        }
      if (*in_comment)
        {
          const char *close = g_strstr_len (p, end - p, "-->");

          if (close == NULL)
            return;
          *in_comment = FALSE;
          p = close + 2;
          continue;
        }
      switch (*p)
        {
        case '\\':
          p++;
          break;

        case '`':
          {
            gsize run = 1;
            const char *q;

            while (p + run < end && p[run] == '`')
              run++;
            /* The closing run of the same length, else literal backticks. */
            for (q = p + run; q < end; q++)
              if (*q == '`')
                {
                  gsize other = 1;

                  while (q + other < end && q[other] == '`')
                    other++;
                  if (other == run)
                    break;
                  q += other - 1;
                }
            p = q < end ? q + run - 1 : p + run - 1;
          }
          break;

        case '<':
          if (end - p >= 4 && memcmp (p, "<!--", 4) == 0)
            {
              *in_comment = TRUE;
              p += 3;
            }
          else if (p + 1 < end && g_ascii_isalpha (p[1]))
            scan_html_tag (scan, p, end);
          break;

        case '[':
          if (n_open < G_N_ELEMENTS (opens))
            opens[n_open++] = p;
          break;

        case ']':
          if (n_open > 0)
            {
              const char *open = opens[--n_open];
              const char *dest;
              gsize dest_len;
              gboolean image = open > line && open[-1] == '!' && (open - 1 == line || open[-2] != '\\');

              if (p + 1 < end && p[1] == '(' && read_destination (p + 2, end, &dest, &dest_len))
                {
                  add_link (scan, image ? BILLET_LINK_IMAGE : BILLET_LINK_MARKDOWN,
                            image ? open - 1 : open, dest, dest_len, image && is_blank (open + 1, p));
                  /* An image inside a link's text is its own: the outer
                   * brackets are still open. */
                  if (!image)
                    n_open = 0;
                }
            }
          break;

        default:
          break;
        }
    }
}

/* "[label]: destination" at the start of a line (not a footnote's "[^1]:"). */
static gboolean
scan_definition (Scan       *scan,
                 const char *p,
                 const char *end)
{
  const char *close;
  const char *dest;
  gsize dest_len;

  if (p >= end || *p != '[' || (p + 1 < end && p[1] == '^'))
    return FALSE;
  close = memchr (p, ']', end - p);
  if (close == NULL || close + 1 >= end || close[1] != ':' || close == p + 1)
    return FALSE;
  dest = skip_spaces (close + 2, end);
  if (dest >= end)
    return FALSE;
  if (*dest == '<')
    {
      const char *gt = memchr (dest, '>', end - dest);

      if (gt == NULL)
        return FALSE;
      dest_len = gt - dest - 1;
      dest++;
    }
  else
    {
      const char *q = dest;

      while (q < end && !g_ascii_isspace (*q))
        q++;
      dest_len = q - dest;
    }
  add_link (scan, BILLET_LINK_MARKDOWN, p, dest, dest_len, FALSE);
  return TRUE;
}

static gboolean
is_list_item (const char *p,
              const char *end)
{
  if (p < end && (*p == '-' || *p == '*' || *p == '+'))
    return p + 1 == end || p[1] == ' ' || p[1] == '\t';
  while (p < end && g_ascii_isdigit (*p))
    p++;
  return p < end && (*p == '.' || *p == ')') && (p + 1 == end || p[1] == ' ');
}

/**
 * billet_link_scan:
 * @text: (array length=len): a post's body
 * @len: its length
 * @flags: the generator's own link syntaxes to read too
 * @html_ids: (nullable) (element-type utf8): where to add the ids raw HTML
 *   gives (id="…", name="…"), which anchors can reach
 *
 * Returns: (transfer full) (element-type BilletLink): the links and images
 *   of @text, in order of their kind, then of position
 */
GPtrArray *
billet_link_scan (const char          *text,
                  gsize                len,
                  BilletLinkScanFlags  flags,
                  GPtrArray           *html_ids)
{
  GPtrArray *links = g_ptr_array_new_with_free_func ((GDestroyNotify) billet_link_free);
  Scan scan = { text, flags, links, html_ids, 1, text };
  const char *end = text + len;
  const char *line = text;
  char fence = 0;
  gsize fence_len = 0;
  gboolean prev_blank = TRUE;
  gboolean prev_paragraph = FALSE;  /* which an indented line continues */
  gboolean in_list = FALSE;
  gboolean in_indented_code = FALSE;
  gboolean in_comment = FALSE;

  g_return_val_if_fail (text != NULL || len == 0, links);

  for (guint number = 1; line < end; number++)
    {
      const char *nl = memchr (line, '\n', end - line);
      const char *stop = nl != NULL ? nl : end;
      const char *p = line;
      guint indent = 0;
      gboolean blank;

      scan.line = number;
      scan.line_start = line;
      while (p < stop && (*p == ' ' || *p == '\t'))
        {
          indent += *p == '\t' ? 4 : 1;
          p++;
        }
      blank = p == stop || (p + 1 == stop && *p == '\r');

      if (fence != 0)
        {
          gsize run = 0;

          while (p + run < stop && p[run] == fence)
            run++;
          if (run >= fence_len && is_blank (p + run, stop))
            fence = 0;
        }
      else if (!in_comment && p < stop && (*p == '`' || *p == '~') &&
               (indent < 4 || in_list))
        {
          gsize run = 0;

          while (p + run < stop && p[run] == *p)
            run++;
          if (run >= 3 && !(*p == '`' && memchr (p + run, '`', stop - p - run) != NULL))
            {
              fence = *p;
              fence_len = run;
            }
          else
            scan_inline (&scan, p, stop, &in_comment);
        }
      else if (!in_comment && !blank && indent >= 4 && !in_list && (!prev_paragraph || in_indented_code))
        in_indented_code = TRUE;
      else if (!blank)
        {
          in_indented_code = FALSE;
          if (indent < 4 && !in_comment && scan_definition (&scan, p, stop))
            ;
          else
            scan_inline (&scan, p, stop, &in_comment);
          if (indent == 0 && !in_comment)
            in_list = is_list_item (p, stop) || (in_list && !prev_blank);
          else if (is_list_item (p, stop))
            in_list = TRUE;
        }
      prev_blank = blank;
      prev_paragraph = !blank && fence == 0 && !in_indented_code && !(indent < 4 && p < stop && *p == '#');
      line = nl != NULL ? nl + 1 : end;
    }

  scan.line = 1;
  scan.line_start = text;
  if (flags & BILLET_LINK_SCAN_HUGO)
    scan_hugo (&scan, text, len);
  scan.line = 1;
  scan.line_start = text;
  if (flags & BILLET_LINK_SCAN_LIQUID)
    scan_liquid (&scan, text, len);
  return links;
}
