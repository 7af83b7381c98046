/* billet-front-matter-toml-splice.c — the smallest edits of TOML front matter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The TOML side of billet-front-matter-splice.c, under the same contract:
 * a changed value replaces only its own bytes, a new key is one new line
 * (or one “, key = value” in an inline table), a removed key takes its own
 * lines. Strings keep their quotes — basic "…", literal '…', and the
 * multi-line """…""" and '''…''' — when those can hold the new value, and
 * are otherwise written as basic strings, with characters written as they
 * are (emoji too) and only what TOML forbids escaped. Arrays keep their
 * layout: one line, or one item a line with its comment, and the items
 * that stay keep their bytes.
 *
 * TOML puts a table's keys in more than one place: the lines after its
 * [header], dotted keys (seo.title = …) in an enclosing table's lines, or
 * between braces. A new key goes where its table's keys are: after the last
 * key line of the table's section, with the dotted prefix that leads from
 * that section to the table. Missing tables along a path become dotted
 * keys (“set seo.title” with no seo writes seo.title = …).
 *
 * billet-front-matter-splice.c parses every result again and checks that it
 * holds exactly the change; what these functions get wrong is refused there.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "billet-front-matter-private.h"

/* Lines */

static gsize
line_start (const char *text,
            gsize       offset)
{
  while (offset > 0 && text[offset - 1] != '\n')
    offset--;
  return offset;
}

/* After the line break of the line holding @offset (@offset itself when
 * it starts a line, past the end of the previous one). */
static gsize
next_line (const char *text,
           gsize       len,
           gsize       offset)
{
  if (offset > 0 && text[offset - 1] == '\n')
    return offset;
  while (offset < len && text[offset] != '\n')
    offset++;
  return offset < len ? offset + 1 : len;
}

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

/* Strings */

static gboolean
is_bare_key (const char *key)
{
  if (key[0] == 0)
    return FALSE;
  for (const char *p = key; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

/* Characters a TOML string cannot hold as they are: controls but tab, and
 * DEL. (A line break is allowed in multi-line strings only.) */
static gboolean
is_control (gunichar c)
{
  return (c < 0x20 && c != '\t') || c == 0x7F;
}

static void
append_escaped (GString    *out,
                const char *value,
                gboolean    multiline,
                const char *newline)
{
  guint quotes = 0;

  for (const char *p = value; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* In """…""", three quotes in a row would close the string, and a
       * quote at the very end would merge with the closing ones. */
      if (c == '"' && multiline && (++quotes == 3 || p[1] == 0))
        {
          g_string_append (out, "\\\"");
          quotes = 0;
          continue;
        }
      if (c != '"')
        quotes = 0;

      switch (c)
        {
        case '"':
          if (multiline)
            g_string_append_c (out, '"');
          else
            g_string_append (out, "\\\"");
          break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\n':
          if (multiline)
            g_string_append (out, newline);
          else
            g_string_append (out, "\\n");
          break;
        default:
          if (is_control (c))
            g_string_append_printf (out, "\\u%04X", c);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
          break;
        }
    }
}

static gboolean
fits_literal (const char *value,
              gboolean    multiline)
{
  gsize len = strlen (value);

  if (multiline && (strstr (value, "'''") != NULL || (len > 0 && value[len - 1] == '\'')))
    return FALSE;
  for (const char *p = value; *p; p++)
    {
      if (*p == '\n' && multiline)
        continue;
      if ((*p == '\'' && !multiline) || is_control ((guchar) *p))
        return FALSE;
    }
  return TRUE;
}

/* A string in @style, or as a basic string when @style cannot hold it.
 * @open_newline: the multi-line string opened with a line break (kept). */
static char *
render_string (const char      *value,
               BilletNodeStyle  style,
               gboolean         open_newline,
               gboolean         close_newline,
               const char      *newline)
{
  GString *out = g_string_new (NULL);

  if (style == BILLET_STYLE_MULTILINE_SINGLE_QUOTED && fits_literal (value, TRUE))
    {
      g_string_append (out, "'''");
      /* A line break right after the quotes is not part of the string. */
      if (open_newline || value[0] == '\n')
        g_string_append (out, newline);
      for (const char *p = value; *p; p++)
        if (*p == '\n')
          g_string_append (out, newline);
        else
          g_string_append_c (out, *p);
      g_string_append (out, "'''");
    }
  else if (style == BILLET_STYLE_MULTILINE_DOUBLE_QUOTED ||
           style == BILLET_STYLE_MULTILINE_SINGLE_QUOTED)
    {
      gsize len = strlen (value);

      g_string_append (out, "\"\"\"");
      if (open_newline || value[0] == '\n')
        g_string_append (out, newline);
      append_escaped (out, value, TRUE, newline);
      /* Closing quotes on a line of their own, as they were: a backslash
       * at the end of a line drops the line break from the string. */
      if (close_newline && (len == 0 || value[len - 1] != '\n'))
        {
          g_string_append_c (out, '\\');
          g_string_append (out, newline);
        }
      g_string_append (out, "\"\"\"");
    }
  else if (style == BILLET_STYLE_SINGLE_QUOTED && fits_literal (value, FALSE))
    g_string_append_printf (out, "'%s'", value);
  else
    {
      g_string_append_c (out, '"');
      append_escaped (out, value, FALSE, newline);
      g_string_append_c (out, '"');
    }
  return g_string_free (out, FALSE);
}

static char *
render_key (const char *key)
{
  if (is_bare_key (key))
    return g_strdup (key);
  return render_string (key, BILLET_STYLE_DOUBLE_QUOTED, FALSE, FALSE, "\n");
}

/* parts[from…] as a dotted key */
static char *
render_path (GPtrArray *parts,
             guint      from)
{
  GString *out = g_string_new (NULL);

  for (guint i = from; i < parts->len; i++)
    {
      g_autofree char *key = render_key (g_ptr_array_index (parts, i));

      if (i > from)
        g_string_append_c (out, '.');
      g_string_append (out, key);
    }
  return g_string_free (out, FALSE);
}

/* The quotes new strings get: the document's, where its first string uses
 * single quotes; double quotes otherwise, as TOML's own examples do. */
static const BilletNode *
first_string (const BilletNode *node)
{
  if (node->kind == BILLET_NODE_STRING && (node->style == BILLET_STYLE_SINGLE_QUOTED ||
                                           node->style == BILLET_STYLE_DOUBLE_QUOTED))
    return node;
  for (guint i = 0; node->children && i < node->children->len; i++)
    {
      const BilletNode *found = first_string (g_ptr_array_index (node->children, i));

      if (found != NULL)
        return found;
    }
  return NULL;
}

static BilletNodeStyle
new_string_style (BilletFrontMatter *self)
{
  const BilletNode *first = first_string (self->root);

  return first != NULL ? first->style : BILLET_STYLE_DOUBLE_QUOTED;
}

/* Values */

static gboolean
all_digits (const char *s,
            gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return n > 0;
}

/* TOML's offset date-time or local date-time, as RFC 3339 with a space or
 * “T” (either case) between date and time, and seconds. */
static gboolean
is_toml_datetime (const char *text)
{
  const char *p = text;

  if (strlen (text) < 19 || !all_digits (p, 4) || p[4] != '-' || !all_digits (p + 5, 2) ||
      p[7] != '-' || !all_digits (p + 8, 2) || strchr ("Tt ", p[10]) == NULL ||
      !all_digits (p + 11, 2) || p[13] != ':' || !all_digits (p + 14, 2) || p[16] != ':' ||
      !all_digits (p + 17, 2))
    return FALSE;
  p += 19;
  if (*p == '.')
    {
      gsize n = strspn (p + 1, "0123456789");

      if (n == 0)
        return FALSE;
      p += 1 + n;
    }
  if (*p == 'Z' || *p == 'z')
    p++;
  else if (*p == '+' || *p == '-')
    {
      if (!all_digits (p + 1, 2) || p[3] != ':' || !all_digits (p + 4, 2))
        return FALSE;
      p += 6;
    }
  return *p == 0;
}

/**
 * billet_toml_normalize:
 * @value: a value billet_value_is_number() or billet_value_is_datetime()
 *   accepts (YAML's forms)
 *
 * The same number or date in TOML's form: no leading zeros, digits on both
 * sides of a decimal point, inf and nan without YAML's dot; a two-digit
 * month, day and hour, and an offset as ±hh:mm right after the time.
 *
 * Returns: (transfer full) (nullable): the TOML text, or %NULL when @value
 *   needs no change or is not a number or date-time
 */
char *
billet_toml_normalize (BilletNodeKind  kind,
                       const char     *value)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = value;

  if (kind == BILLET_NODE_NUMBER && billet_value_is_number (value))
    {
      gsize n;

      if (g_str_has_prefix (p, "0x") || g_str_has_prefix (p, "0o"))
        return NULL;
      if (*p == '-' || *p == '+')
        g_string_append_c (out, *p++);
      if (*p == '.' && g_ascii_isalpha (p[1]))
        {
          /* .inf, .Inf, .nan… */
          g_string_append (out, g_ascii_tolower (p[1]) == 'i' ? "inf" : "nan");
          return g_string_free (g_steal_pointer (&out), FALSE);
        }
      n = strspn (p, "0123456789");
      while (n > 1 && *p == '0')
        {
          p++;
          n--;
        }
      if (n == 0)
        g_string_append_c (out, '0');
      g_string_append_len (out, p, n);
      p += n;
      if (*p == '.')
        {
          n = strspn (p + 1, "0123456789");
          g_string_append_c (out, '.');
          if (n == 0)
            g_string_append_c (out, '0');
          g_string_append_len (out, p + 1, n);
          p += 1 + n;
        }
      g_string_append (out, p);   /* the exponent */
      if (g_str_equal (out->str, value))
        return NULL;
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  if (kind == BILLET_NODE_DATETIME && billet_value_is_datetime (value) &&
      !is_toml_datetime (value))
    {
      guint parts[3];
      gsize n;

      /* The date: yyyy-m(m)-d(d) */
      for (guint i = 0; i < 3; i++)
        {
          parts[i] = (guint) g_ascii_strtoull (p, (char **) &p, 10);
          if (*p == '-')
            p++;
        }
      g_string_append_printf (out, "%04u-%02u-%02u", parts[0], parts[1], parts[2]);
      /* T, t, or blanks, which TOML writes as one space */
      if (*p == 'T' || *p == 't')
        g_string_append_c (out, *p++);
      else
        {
          g_string_append_c (out, ' ');
          p += strspn (p, " \t");
        }
      /* h(h):mm:ss(.frac) */
      g_string_append_printf (out, "%02u", (guint) g_ascii_strtoull (p, (char **) &p, 10));
      g_string_append_len (out, p, 6);
      p += 6;
      if (*p == '.')
        {
          n = strspn (p + 1, "0123456789");
          if (n > 0)
            g_string_append_len (out, p, n + 1);
          p += 1 + n;
        }
      p += strspn (p, " \t");
      if (*p == 'Z')
        g_string_append_c (out, 'Z');
      else if (*p == '+' || *p == '-')
        {
          char sign = *p++;

          n = strspn (p, "0123456789");
          /* ±h, ±hh, ±hhmm, ±hh:mm */
          if (n <= 2)
            {
              g_string_append_printf (out, "%c%02u:", sign, (guint) g_ascii_strtoull (p, NULL, 10));
              p += n;
              g_string_append (out, *p == ':' ? p + 1 : "00");
            }
          else
            g_string_append_printf (out, "%c%.2s:%.2s", sign, p, p + 2);
        }
      if (!is_toml_datetime (out->str))
        return NULL;
      return g_string_free (g_steal_pointer (&out), FALSE);
    }
  return NULL;
}

/**
 * billet_toml_check_value:
 *
 * Refuses what TOML cannot hold: a null.
 */
gboolean
billet_toml_check_value (const BilletChange  *change,
                         GError             **error)
{
  if (change->kind == BILLET_NODE_NULL)
    {
      g_set_error_literal (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_INVALID_VALUE,
                           _("TOML has no empty value: remove the key instead"));
      return FALSE;
    }
  return TRUE;
}

/* Whether a multi-line string starts its text on the next line, and ends
 * it with a line break before its closing quotes. */
static void
multiline_layout (const char       *src,
                  const BilletNode *old,
                  gboolean         *open_newline,
                  gboolean         *close_newline)
{
  *open_newline = FALSE;
  *close_newline = FALSE;
  if (old == NULL || (old->style != BILLET_STYLE_MULTILINE_DOUBLE_QUOTED &&
                      old->style != BILLET_STYLE_MULTILINE_SINGLE_QUOTED) ||
      old->end - old->start < 6)
    return;
  *open_newline = src[old->start + 3] == '\n' ||
                  (src[old->start + 3] == '\r' && src[old->start + 4] == '\n');
  *close_newline = src[old->end - 4] == '\n';
}

static char *
render_scalar (BilletFrontMatter   *self,
               const BilletChange  *change,
               const BilletNode    *old,
               const char          *newline,
               GError             **error)
{
  const char *value = change->value;
  char *text = NULL;

  switch (change->kind)
    {
    case BILLET_NODE_STRING:
      {
        gboolean open_newline, close_newline;

        multiline_layout (self->text, old, &open_newline, &close_newline);
        text = render_string (value, old != NULL && old->kind == BILLET_NODE_STRING
                                     ? old->style : new_string_style (self),
                              open_newline, close_newline, newline);
      }
      break;

    case BILLET_NODE_BOOLEAN:
      {
        gboolean b;

        if (billet_value_parse_boolean (value, &b))
          text = g_strdup (b ? "true" : "false");
      }
      break;

    case BILLET_NODE_NUMBER:
      if (billet_value_is_number (value) || g_str_equal (value, "inf") ||
          g_str_equal (value, "+inf") || g_str_equal (value, "-inf") || g_str_equal (value, "nan"))
        text = g_strdup (value);
      break;

    case BILLET_NODE_DATE:
      if (billet_value_is_date (value))
        text = g_strdup (value);
      break;

    case BILLET_NODE_DATETIME:
      if (is_toml_datetime (value))
        text = g_strdup (value);
      break;

    case BILLET_NODE_NULL:
    case BILLET_NODE_LIST:
    case BILLET_NODE_MAP:
    case BILLET_NODE_OTHER:
    default:
      break;
    }

  if (text == NULL)
    g_set_error (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_INVALID_VALUE,
                 _("“%s” is not a valid %s"), value ? value : "",
                 billet_node_kind_to_string (change->kind));
  return text;
}

/* Arrays */

/* An item of @old with this text, not taken yet. */
static const BilletNode *
take_old_item (const BilletNode *old,
               const char       *value,
               gboolean         *used)
{
  for (guint i = 0; old != NULL && i < old->children->len; i++)
    {
      const BilletNode *item = g_ptr_array_index (old->children, i);

      if (!used[i] && item->kind == BILLET_NODE_STRING && g_strcmp0 (item->text, value) == 0)
        {
          used[i] = TRUE;
          return item;
        }
    }
  return NULL;
}

/* The text of item @value: the old bytes of an equal item, or a new string
 * in the quotes of the first item. */
static char *
render_item (BilletFrontMatter *self,
             const char        *value,
             const BilletNode  *old,
             gboolean          *used,
             const char        *newline)
{
  const BilletNode *same = take_old_item (old, value, used);
  BilletNodeStyle style = new_string_style (self);

  if (same != NULL)
    return g_strndup (self->text + same->start, same->end - same->start);
  if (old != NULL && old->children->len > 0)
    {
      const BilletNode *first = g_ptr_array_index (old->children, 0);

      if (first->kind == BILLET_NODE_STRING &&
          (first->style == BILLET_STYLE_SINGLE_QUOTED || first->style == BILLET_STYLE_DOUBLE_QUOTED))
        style = first->style;
    }
  return render_string (value, style, FALSE, FALSE, newline);
}

/* Whether the bytes of @array outside its items hold a comment. */
static gboolean
array_has_comment (const char       *src,
                   const BilletNode *array)
{
  gsize at = array->start;

  for (guint i = 0; i <= array->children->len; i++)
    {
      gsize stop = i < array->children->len
                   ? ((BilletNode *) g_ptr_array_index (array->children, i))->start : array->end;

      if (memchr (src + at, '#', stop - at) != NULL)
        return TRUE;
      if (i < array->children->len)
        at = ((BilletNode *) g_ptr_array_index (array->children, i))->end;
    }
  return FALSE;
}

/* [a, b] on one line: the same brackets, padding and separator. */
static char *
render_inline_array (BilletFrontMatter  *self,
                     const char * const *items,
                     const BilletNode   *old,
                     const char         *newline)
{
  const char *src = self->text;
  GString *out = g_string_new ("[");
  g_autofree gboolean *used = g_new0 (gboolean, old != NULL ? old->children->len + 1 : 1);
  const char *sep = ", ";
  gboolean pad = FALSE;
  gboolean trailing = FALSE;

  if (old != NULL && old->kind == BILLET_NODE_LIST && old->children->len > 0)
    {
      const BilletNode *first = g_ptr_array_index (old->children, 0);
      const BilletNode *last = g_ptr_array_index (old->children, old->children->len - 1);
      gsize i = last->end;

      pad = first->start > old->start + 1 && src[old->start + 1] == ' ';
      if (old->children->len >= 2)
        {
          const BilletNode *second = g_ptr_array_index (old->children, 1);

          if (second->start == first->end + 1)
            sep = ",";
        }
      while (i < old->end && is_blank (src[i]))
        i++;
      trailing = src[i] == ',';
    }
  else
    old = NULL;

  if (pad && items[0] != NULL)
    g_string_append_c (out, ' ');
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_autofree char *text = render_item (self, items[i], old, used, newline);

      if (i > 0)
        g_string_append (out, sep);
      g_string_append (out, text);
    }
  if (trailing && items[0] != NULL)
    g_string_append_c (out, ',');
  if (pad && items[0] != NULL)
    g_string_append_c (out, ' ');
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

/* Where one item of an array written one item a line sits: the comment
 * lines above it (from @lead), its line (from @line: indentation, the
 * item, a comma, a comment) up to @end, before the line break. @rest is
 * where what follows the item's comma starts (blanks and a comment). */
typedef struct
{
  gsize lead;
  gsize line;
  gsize rest;
  gsize end;
  gsize next;   /* after the line break */
} ItemLine;

/* An array one item a line: each item that stays keeps its line and the
 * comments above it, new items get the first item's indentation, every
 * item but the last a comma (and the last one if it had one). Returns
 * %NULL for another layout. */
static char *
render_array_lines (BilletFrontMatter  *self,
                    const BilletNode   *old,
                    const char * const *items,
                    const char         *newline)
{
  const char *src = self->text;
  guint m = old->children->len;
  guint n = g_strv_length ((char **) items);
  g_autofree ItemLine *lines = NULL;
  g_autofree gboolean *used = NULL;
  g_autofree char *indent = NULL;
  gboolean trailing;
  GString *out;

  if (m == 0 || n == 0)
    return NULL;
  lines = g_new0 (ItemLine, m);
  used = g_new0 (gboolean, m);
  for (guint j = 0; j < m; j++)
    {
      const BilletNode *item = g_ptr_array_index (old->children, j);
      gsize i = item->end;

      lines[j].line = line_start (src, item->start);
      lines[j].lead = j == 0 ? next_line (src, self->len, old->start) : lines[j - 1].next;
      if (lines[j].line <= old->start || lines[j].lead > lines[j].line)
        return NULL;
      for (gsize k = lines[j].line; k < item->start; k++)
        if (!is_blank (src[k]))
          return NULL;
      while (i < old->end && is_blank (src[i]))
        i++;
      if (src[i] == ',')
        i++;
      lines[j].rest = i;
      while (i < old->end && is_blank (src[i]))
        i++;
      if (src[i] == '#')
        while (i < old->end && src[i] != '\n')
          i++;
      if (src[i] == '\r' && src[i + 1] == '\n')
        i++;
      if (src[i] != '\n')
        return NULL;   /* another item, or the bracket, on the same line */
      lines[j].next = i + 1;
      lines[j].end = i > lines[j].rest && src[i - 1] == '\r' ? i - 1 : i;
    }
  {
    const BilletNode *last = g_ptr_array_index (old->children, m - 1);

    trailing = lines[m - 1].rest > last->end && src[lines[m - 1].rest - 1] == ',';
  }
  {
    const BilletNode *first = g_ptr_array_index (old->children, 0);

    indent = g_strndup (src + lines[0].line, first->start - lines[0].line);
  }

  out = g_string_new (NULL);
  g_string_append_len (out, src + old->start, lines[0].lead - old->start);
  for (guint k = 0; k < n; k++)
    {
      gboolean comma = k + 1 < n || trailing;
      guint j;

      if (k > 0)
        g_string_append (out, newline);
      for (j = 0; j < m; j++)
        {
          const BilletNode *item = g_ptr_array_index (old->children, j);

          if (!used[j] && item->kind == BILLET_NODE_STRING && g_strcmp0 (item->text, items[k]) == 0)
            break;
        }
      if (j < m)
        {
          const BilletNode *item = g_ptr_array_index (old->children, j);

          used[j] = TRUE;
          g_string_append_len (out, src + lines[j].lead, item->end - lines[j].lead);
          if (comma)
            g_string_append_c (out, ',');
          g_string_append_len (out, src + lines[j].rest, lines[j].end - lines[j].rest);
        }
      else
        {
          g_autofree char *text = render_item (self, items[k], old, used, newline);

          g_string_append_printf (out, "%s%s%s", indent, text, comma ? "," : "");
        }
    }
  g_string_append_len (out, src + lines[m - 1].end, old->end - lines[m - 1].end);
  return g_string_free (out, FALSE);
}

static char *
render_array (BilletFrontMatter   *self,
              const BilletNode    *old,
              const char * const  *items,
              const char          *newline,
              GError             **error)
{
  char *text;

  if (old == NULL || old->kind != BILLET_NODE_LIST)
    return render_inline_array (self, items, NULL, newline);

  if (memchr (self->text + old->start, '\n', old->end - old->start) == NULL)
    return render_inline_array (self, items, old, newline);
  if ((text = render_array_lines (self, old, items, newline)) != NULL)
    return text;
  /* Another layout: on one line, unless that would drop a comment. */
  if (!array_has_comment (self->text, old))
    return render_inline_array (self, items, old, newline);
  g_set_error (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_UNSUPPORTED,
               _("“%s” is written in a way Billet cannot edit; edit it as raw TOML"),
               old->key ? old->key : "");
  return NULL;
}

/* The document's layout: where its [headers] are, and its key = value
 * lines (pairs), for sections and insertion points. */

typedef struct
{
  GArray *headers;   /* gsize: the start of each header line, sorted */
  GArray *pairs;     /* const BilletNode*: every key = value of a table written in lines */
} Layout;

static gboolean
is_table (const BilletNode *node)
{
  return node->toml_table != BILLET_TOML_NOT_A_TABLE && node->toml_table != BILLET_TOML_INLINE;
}

static void
layout_walk (const char       *src,
             const BilletNode *node,
             Layout           *layout)
{
  if (node->toml_table == BILLET_TOML_HEADER)
    {
      gsize at = line_start (src, node->header_start);

      g_array_append_val (layout->headers, at);
    }
  for (guint i = 0; node->children && is_table (node) && i < node->children->len; i++)
    {
      const BilletNode *child = g_ptr_array_index (node->children, i);

      if (is_table (child))
        layout_walk (src, child, layout);
      else if (node->kind == BILLET_NODE_MAP)
        g_array_append_val (layout->pairs, child);
    }
}

static int
compare_offsets (gconstpointer a,
                 gconstpointer b)
{
  gsize x = *(const gsize *) a;
  gsize y = *(const gsize *) b;

  return x < y ? -1 : x > y;
}

static void
layout_init (Layout            *layout,
             BilletFrontMatter *self)
{
  layout->headers = g_array_new (FALSE, FALSE, sizeof (gsize));
  layout->pairs = g_array_new (FALSE, FALSE, sizeof (const BilletNode *));
  layout_walk (self->text, self->root, layout);
  g_array_sort (layout->headers, compare_offsets);
}

static void
layout_clear (Layout *layout)
{
  g_array_unref (layout->headers);
  g_array_unref (layout->pairs);
}

/* The section of a table written in lines: [from, to) from the line after
 * its header (the start, for the root) to the next header line. */
static void
section_of (BilletFrontMatter *self,
            const BilletNode  *table,
            Layout            *layout,
            gsize             *from,
            gsize             *to)
{
  *from = table->toml_table == BILLET_TOML_ROOT ? 0
          : next_line (self->text, self->len, table->header_end);
  *to = self->len;
  for (guint i = 0; i < layout->headers->len; i++)
    {
      gsize at = g_array_index (layout->headers, gsize, i);

      if (at >= *from)
        {
          *to = at;
          break;
        }
    }
}

static gboolean
is_within (const BilletNode *node,
           const BilletNode *ancestor)
{
  for (; node != NULL; node = node->parent)
    if (node == ancestor)
      return TRUE;
  return FALSE;
}

/* The last pair of the section [from, to) (under @under, if not NULL). */
static const BilletNode *
last_pair (Layout           *layout,
           gsize             from,
           gsize             to,
           const BilletNode *under)
{
  const BilletNode *last = NULL;

  for (guint i = 0; i < layout->pairs->len; i++)
    {
      const BilletNode *pair = g_array_index (layout->pairs, const BilletNode *, i);

      if (pair->key_start >= from && pair->key_start < to &&
          (under == NULL || is_within (pair, under)) && (last == NULL || pair->end > last->end))
        last = pair;
    }
  return last;
}

/* After the last line of a section's content (its last pair); right after
 * the header when it has none. */
static gsize
content_end (BilletFrontMatter *self,
             const BilletNode  *table,
             Layout            *layout)
{
  gsize from, to;
  const BilletNode *last;

  section_of (self, table, layout, &from, &to);
  last = last_pair (layout, from, to, NULL);
  if (last != NULL)
    return next_line (self->text, self->len, last->end);
  return from;
}

/* Removals */

typedef struct
{
  gsize from;
  gsize to;
} Range;

static void
add_range (GArray *ranges,
           gsize   from,
           gsize   to)
{
  Range range = { from, to };

  g_array_append_val (ranges, range);
}

/* The lines of a pair: from its line's start to after its value's last
 * line, a comment after the value included. */
static void
pair_lines (BilletFrontMatter *self,
            const BilletNode  *pair,
            GArray            *ranges)
{
  add_range (ranges, line_start (self->text, pair->key_start),
             next_line (self->text, self->len, pair->end));
}

/* Everything that writes @node, a value of a table written in lines. */
static void
collect_removal (BilletFrontMatter *self,
                 const BilletNode  *node,
                 Layout            *layout,
                 GArray            *ranges)
{
  switch (node->toml_table)
    {
    case BILLET_TOML_HEADER:
      add_range (ranges, line_start (self->text, node->header_start),
                 content_end (self, node, layout));
      for (guint i = 0; i < node->children->len; i++)
        {
          const BilletNode *child = g_ptr_array_index (node->children, i);

          /* Its pairs and dotted tables are in the section. */
          if (child->toml_table == BILLET_TOML_HEADER || child->toml_table == BILLET_TOML_IMPLICIT ||
              child->toml_table == BILLET_TOML_ARRAY_OF_TABLES)
            collect_removal (self, child, layout, ranges);
        }
      break;

    case BILLET_TOML_DOTTED:
    case BILLET_TOML_IMPLICIT:
    case BILLET_TOML_ARRAY_OF_TABLES:
      for (guint i = 0; i < node->children->len; i++)
        collect_removal (self, g_ptr_array_index (node->children, i), layout, ranges);
      break;

    case BILLET_TOML_NOT_A_TABLE:
    case BILLET_TOML_INLINE:
    case BILLET_TOML_ROOT:
    default:
      pair_lines (self, node, ranges);
      break;
    }
}

static int
compare_ranges (gconstpointer a,
                gconstpointer b)
{
  const Range *x = a;
  const Range *y = b;

  return x->from < y->from ? -1 : x->from > y->from;
}

static void
remove_ranges (BilletFrontMatter *self,
               GArray            *ranges,
               GString           *out)
{
  gsize at = 0;

  g_array_sort (ranges, compare_ranges);
  for (guint i = 0; i < ranges->len; i++)
    {
      Range *range = &g_array_index (ranges, Range, i);

      if (range->from > at)
        g_string_append_len (out, self->text + at, range->from - at);
      at = MAX (at, range->to);
    }
  g_string_append_len (out, self->text + at, self->len - at);
}

/* Where the dotted key of a pair between braces starts (“a.b” for b). */
static gsize
pair_start (const char *src,
            gsize       key_start)
{
  gsize at = key_start;

  for (;;)
    {
      gsize i = at;

      while (i > 0 && is_blank (src[i - 1]))
        i--;
      if (i == 0 || src[i - 1] != '.')
        return at;
      i--;
      while (i > 0 && is_blank (src[i - 1]))
        i--;
      if (i > 0 && (src[i - 1] == '"' || src[i - 1] == '\''))
        {
          char quote = src[i - 1];

          i--;
          while (i > 0 && !(src[i - 1] == quote &&
                            (quote == '\'' || i < 2 || src[i - 2] != '\\')))
            i--;
          if (i > 0)
            i--;
        }
      else
        while (i > 0 && (g_ascii_isalnum (src[i - 1]) || src[i - 1] == '_' || src[i - 1] == '-'))
          i--;
      at = i;
    }
}

static void
remove_inline (BilletFrontMatter *self,
               const BilletNode  *node,
               GString           *out)
{
  const char *src = self->text;
  gsize from = pair_start (src, node->key_start);
  gsize to = node->end;
  gsize i = to;

  while (i < self->len && is_blank (src[i]))
    i++;
  if (i < self->len && src[i] == ',')
    {
      /* Up to the next pair. */
      to = i + 1;
      while (to < self->len && is_blank (src[to]))
        to++;
    }
  else
    {
      /* The last pair: with the comma before it. */
      i = from;
      while (i > 0 && is_blank (src[i - 1]))
        i--;
      if (i > 0 && src[i - 1] == ',')
        from = i - 1;
    }
  g_string_append_len (out, src, from);
  g_string_append_len (out, src + to, self->len - to);
}

static const BilletNode *
enclosing_inline (const BilletNode *node)
{
  for (const BilletNode *p = node->parent; p != NULL; p = p->parent)
    if (p->toml_table == BILLET_TOML_INLINE || (p->kind == BILLET_NODE_LIST &&
                                                p->toml_table != BILLET_TOML_ARRAY_OF_TABLES))
      return p;
  return NULL;
}

static gboolean
cannot_edit (const BilletNode  *node,
             GError           **error)
{
  g_set_error (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_UNSUPPORTED,
               _("“%s” is written in a way Billet cannot edit; edit it as raw TOML"),
               node->key ? node->key : "");
  return FALSE;
}

/**
 * billet_toml_splice_existing:
 *
 * Sets or removes the value of an existing key.
 */
gboolean
billet_toml_splice_existing (BilletFrontMatter   *self,
                             const BilletNode    *node,
                             const BilletChange  *change,
                             const char          *newline,
                             GString             *out,
                             GError             **error)
{
  g_autofree char *text = NULL;

  if (!node->is_entry || node->key == NULL)
    return cannot_edit (node, error);

  if (change->remove)
    {
      if (enclosing_inline (node) != NULL)
        remove_inline (self, node, out);
      else
        {
          g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (Range));
          Layout layout;

          layout_init (&layout, self);
          collect_removal (self, node, &layout, ranges);
          layout_clear (&layout);
          remove_ranges (self, ranges, out);
        }
      return TRUE;
    }

  /* A table written in lines, or a time of day: not one value's bytes. */
  if (is_table (node) || node->kind == BILLET_NODE_OTHER)
    return cannot_edit (node, error);

  /* A value it already holds never gets here: the caller keeps the text
   * as it is (billet-front-matter-splice.c, holds()). */

  if (change->kind == BILLET_NODE_LIST)
    text = render_array (self, node, change->items, newline, error);
  else
    text = render_scalar (self, change, node, newline, error);
  if (text == NULL)
    return FALSE;

  g_string_append_len (out, self->text, node->start);
  g_string_append (out, text);
  g_string_append_len (out, self->text + node->end, self->len - node->end);
  return TRUE;
}

/* The separator between key and value of @pair (“ = ”), when it is one. */
static char *
pair_separator (const char       *src,
                const BilletNode *pair)
{
  gsize i = pair->key_end;

  /* Past the closing quote of a quoted key. */
  while (i < pair->start && src[i] != '=' && !is_blank (src[i]))
    i++;
  for (gsize k = i; k < pair->start; k++)
    if (src[k] != '=' && !is_blank (src[k]))
      return g_strdup (" = ");
  return i < pair->start ? g_strndup (src + i, pair->start - i) : g_strdup (" = ");
}

/**
 * billet_toml_splice_add:
 * @map: the deepest map along the path that exists
 * @depth: the part of the path that is missing from @map
 *
 * Adds parts[depth…] = value to @map, as a dotted key where several
 * tables are missing.
 */
gboolean
billet_toml_splice_add (BilletFrontMatter   *self,
                        const BilletNode    *map,
                        GPtrArray           *parts,
                        guint                depth,
                        const BilletChange  *change,
                        const char          *newline,
                        GString             *out,
                        GError             **error)
{
  const char *src = self->text;
  g_autofree char *key = render_path (parts, depth);
  g_autofree char *value = NULL;

  if (change->kind == BILLET_NODE_LIST)
    value = render_array (self, NULL, change->items, newline, error);
  else
    value = render_scalar (self, change, NULL, newline, error);
  if (value == NULL)
    return FALSE;

  if (map->toml_table == BILLET_TOML_INLINE)
    {
      /* Before the closing brace, after the last pair and its blanks. */
      gsize at = map->end - 1;

      while (at > map->start + 1 && is_blank (src[at - 1]))
        at--;
      g_string_append_len (out, src, at);
      g_string_append_printf (out, "%s%s = %s", map->children->len > 0 ? ", " : "", key, value);
      g_string_append_len (out, src + at, self->len - at);
      return TRUE;
    }

  if (!is_table (map) || map->kind != BILLET_NODE_MAP)
    return cannot_edit (map, error);

  {
    const BilletNode *section = map;
    const BilletNode *last;
    g_autoptr(GString) prefix = g_string_new (NULL);
    g_autofree char *indent = NULL;
    g_autofree char *separator = NULL;
    Layout layout;
    gsize from, to, at;

    /* A table made by dotted keys or implied by a header has its keys in
     * the section of the nearest table that has a header (or the root's),
     * after the dotted prefix that leads from there. */
    while (section->toml_table == BILLET_TOML_DOTTED || section->toml_table == BILLET_TOML_IMPLICIT)
      {
        g_autofree char *k = render_key (section->key);

        g_string_prepend_c (prefix, '.');
        g_string_prepend (prefix, k);
        section = section->parent;
      }
    if (section->toml_table != BILLET_TOML_HEADER && section->toml_table != BILLET_TOML_ROOT)
      return cannot_edit (map, error);

    layout_init (&layout, self);
    section_of (self, section, &layout, &from, &to);
    /* After the table's own last key in that section, else the section's. */
    last = map != section ? last_pair (&layout, from, to, map) : NULL;
    if (last == NULL)
      last = last_pair (&layout, from, to, NULL);
    layout_clear (&layout);

    if (last != NULL)
      {
        gsize bol = line_start (src, last->key_start);
        gsize i = bol;

        while (i < last->key_start && is_blank (src[i]))
          i++;
        indent = g_strndup (src + bol, i - bol);
        separator = pair_separator (src, last);
        at = next_line (src, self->len, last->end);
      }
    else
      {
        indent = g_strdup ("");
        separator = g_strdup (" = ");
        at = from;
      }

    g_string_append_len (out, src, at);
    if (at > 0 && src[at - 1] != '\n')
      g_string_append (out, newline);
    g_string_append_printf (out, "%s%s%s%s%s%s", indent, prefix->str, key, separator, value,
                            newline);
    g_string_append_len (out, src + at, self->len - at);
  }
  return TRUE;
}
