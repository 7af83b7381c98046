/* billet-front-matter-splice.c — the smallest edits of front-matter text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every edit here builds the new text from three pieces: the bytes before
 * the span it changes, the new bytes, and the bytes after. The new bytes
 * for a value keep the old value's quoting style when that style can hold
 * the new value, and otherwise let libyaml's emitter choose the least
 * quoting that reads back as the same string. The result is parsed again
 * and compared with the old tree: every value but the edited one must be
 * unchanged, in the same order, and the edited one must hold exactly what
 * was asked. Anything else is refused.
 *
 * TOML front matter is edited by billet-front-matter-toml-splice.c, and
 * checked here the same way.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <yaml.h>

#include "billet-front-matter-private.h"

typedef BilletChange Change;

/* Emitting one scalar through libyaml, to learn which quoting it needs. */

static int
append_output (void          *data,
               unsigned char *buffer,
               size_t         size)
{
  g_string_append_len (data, (const char *) buffer, size);
  return 1;
}

static char *
emit_scalar_as_is (const char         *value,
                   gboolean            in_flow,
                   yaml_scalar_style_t style,
                   gboolean            plain_ok)
{
  yaml_emitter_t emitter;
  yaml_event_t event;
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean ok = TRUE;
  const char *begin;
  const char *end;

  yaml_emitter_initialize (&emitter);
  yaml_emitter_set_output (&emitter, append_output, out);
  yaml_emitter_set_unicode (&emitter, 1);
  yaml_emitter_set_width (&emitter, -1);

#define EMIT(init) G_STMT_START { if (ok) { init; ok = yaml_emitter_emit (&emitter, &event); } } G_STMT_END
  EMIT (yaml_stream_start_event_initialize (&event, YAML_UTF8_ENCODING));
  EMIT (yaml_document_start_event_initialize (&event, NULL, NULL, NULL, 1));
  if (in_flow)
    EMIT (yaml_sequence_start_event_initialize (&event, NULL, NULL, 1, YAML_FLOW_SEQUENCE_STYLE));
  else
    {
      EMIT (yaml_mapping_start_event_initialize (&event, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE));
      EMIT (yaml_scalar_event_initialize (&event, NULL, NULL, (yaml_char_t *) "k", 1, 1, 1,
                                          YAML_PLAIN_SCALAR_STYLE));
    }
  EMIT (yaml_scalar_event_initialize (&event, NULL, NULL, (yaml_char_t *) value,
                                      (int) strlen (value), plain_ok, 1, style));
  if (in_flow)
    EMIT (yaml_sequence_end_event_initialize (&event));
  else
    EMIT (yaml_mapping_end_event_initialize (&event));
  EMIT (yaml_document_end_event_initialize (&event, 1));
  EMIT (yaml_stream_end_event_initialize (&event));
#undef EMIT
  yaml_emitter_delete (&emitter);

  if (!ok)
    return NULL;

  /* Cut "k: " / "[" before and "\n" / "]\n" after. */
  begin = out->str;
  end = out->str + out->len;
  while (end > begin && end[-1] == '\n')
    end--;
  if (in_flow)
    {
      if (*begin != '[' || end[-1] != ']')
        return NULL;
      begin++;
      end--;
    }
  else
    {
      if (!g_str_has_prefix (begin, "k:"))
        return NULL;
      begin += 2;
      if (*begin == ' ')
        begin++;
    }
  if (memchr (begin, '\n', end - begin) != NULL)
    return NULL;
  return g_strndup (begin, end - begin);
}

/* A private-use character that @value does not hold, or 0. */
static gunichar
unused_private_use (const char *value)
{
  for (gunichar c = 0xE000; c <= 0xF8FF; c++)
    {
      char utf8[8] = { 0 };

      g_unichar_to_utf8 (c, utf8);
      if (strstr (value, utf8) == NULL)
        return c;
    }
  return 0;
}

/* libyaml's emitter (0.2.5) takes every character outside the Basic
 * Multilingual Plane for an unprintable one: it would write “Protège-Toit
 * 🏡” double-quoted, the emoji as "\U0001F3E1". YAML 1.1 and 1.2 both
 * allow such characters as they are, and so do their readers (PyYAML,
 * Psych, Go's yaml). So each goes through the emitter as a private-use
 * character that the value does not hold — printable, neither a space, a
 * break nor an indicator, like an emoji, so that the emitter chooses the
 * quoting the emoji needs — and is put back in what it wrote. */
static char *
emit_scalar (const char         *value,
             gboolean            in_flow,
             yaml_scalar_style_t style,
             gboolean            plain_ok)
{
  g_autoptr(GString) masked = NULL;
  g_autoptr(GString) out = NULL;
  g_autoptr(GArray) astral = NULL;
  g_autofree char *emitted = NULL;
  char stand_in[8] = { 0 };
  gsize stand_in_len;
  const char *p;
  const char *q;
  guint next = 0;
  gunichar c;

  /* Four-byte UTF-8 sequences, and only they, start with F0–F4. */
  for (p = value; *p != 0 && (guchar) *p < 0xF0; p++)
    ;
  if (*p == 0 || (c = unused_private_use (value)) == 0)
    return emit_scalar_as_is (value, in_flow, style, plain_ok);

  stand_in_len = g_unichar_to_utf8 (c, stand_in);
  masked = g_string_sized_new (strlen (value));
  astral = g_array_new (FALSE, FALSE, sizeof (gunichar));
  for (p = value; *p != 0; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (ch >= 0x10000)
        {
          g_array_append_val (astral, ch);
          g_string_append_len (masked, stand_in, (gssize) stand_in_len);
        }
      else
        g_string_append_len (masked, p, g_utf8_next_char (p) - p);
    }

  if (!(emitted = emit_scalar_as_is (masked->str, in_flow, style, plain_ok)))
    return NULL;

  out = g_string_sized_new (strlen (emitted) + 4 * astral->len);
  for (p = emitted; (q = strstr (p, stand_in)) != NULL && next < astral->len; p = q + stand_in_len)
    {
      g_string_append_len (out, p, q - p);
      g_string_append_unichar (out, g_array_index (astral, gunichar, next++));
    }
  /* Each stand-in written as it was, once: otherwise, the escapes. */
  if (next < astral->len || strstr (p, stand_in) != NULL)
    return emit_scalar_as_is (value, in_flow, style, plain_ok);
  g_string_append (out, p);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
fits_literal_block (const char *value)
{
  gsize len = strlen (value);

  if (len == 0 || value[0] == ' ' || value[0] == '\n')
    return FALSE;
  /* One final newline at most: more would need "|+", whose trailing blank
   * lines run into whatever follows. */
  if (len >= 2 && value[len - 1] == '\n' && value[len - 2] == '\n')
    return FALSE;
  for (const char *p = value; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\r' || c == 0xFEFF || c == 0x85 || c == 0x2028 || c == 0x2029 ||
          (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7F && c < 0xA0))
        return FALSE;
    }
  return TRUE;
}

static char *
render_block_scalar (const char *value,
                     gboolean    folded,
                     const char *indent,
                     const char *newline)
{
  GString *out = g_string_new (folded ? ">" : "|");
  gsize len = strlen (value);
  g_auto(GStrv) lines = NULL;

  if (len == 0 || value[len - 1] != '\n')
    g_string_append_c (out, '-');
  else
    len--;

  {
    g_autofree char *body = g_strndup (value, len);

    lines = g_strsplit (body, "\n", -1);
  }
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_string_append (out, newline);
      if (lines[i][0] != 0)
        {
          g_string_append (out, indent);
          g_string_append (out, lines[i]);
        }
    }
  g_string_append (out, newline);
  return g_string_free (out, FALSE);
}

/* Plain scalars that a YAML 1.1 reader takes for something other than the
 * string Billet reads (YAML 1.2's core schema): Jekyll reads front matter
 * with Ruby's Psych, many tools with PyYAML, older Hugo with Go's yaml.v2.
 * The union of what they resolve — PyYAML's resolver, Psych's
 * ScalarScanner, the 1.1 type repository —, checked against both:
 *
 * - booleans in any case (Psych: tRUe), and y/n (the 1.1 types, yaml.v2);
 *   null in any case (Psych: nUll);
 * - integers in binary, octal (017 is 15), with “_” (1_000) or, for Psych,
 *   “,” between digits (3,14 is 314), hexadecimal, and base 60 (12:30 is
 *   750 for PyYAML, 45000 for Psych);
 * - floats: 1.5, .5, -.5, 1_0.5, 1:20:30.5, .inf in any case, .nan;
 * - dates with one-digit months or days (Psych: 2024-3-1), timestamps with
 *   a space or a leading “-”;
 * - “<<” and “=”, the merge and value keys, which PyYAML refuses;
 * - “:name”, a symbol for Psych, which its safe_load() refuses.
 *
 * Such a value is written quoted. Values that 1.2 already reads otherwise
 * (true, 12, 2024-03-01, null…) are left to billet_scalar_resolve(). */
static const char yaml11_pattern[] =
  "^(?:"
  "(?i:y|n|yes|no|true|false|on|off)"
  "|~|(?i:null)"
  "|[-+]?0b[0-1_,]+"
  "|[-+]?0[0-7_,]+"
  "|[-+]?(?:0|[1-9](?:[0-9_]|,[0-9])*)"
  "|[-+]?0x[0-9a-fA-F_,]+"
  "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?"
  "|[-+]?[0-9][0-9_,]*\\.[0-9_]*(?:[eE][-+][0-9]+)?"
  "|[-+]?\\.[0-9_]+(?:[eE][-+][0-9]+)?"
  "|[-+]?\\.(?i:inf)|\\.(?i:nan)"
  "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
  "|-?[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \\t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]*)?"
  "(?:[ \\t]*(?:Z|[-+][0-9]{1,2}(?::?[0-9]{2})?))?"
  "|<<|="
  "|:.+"
  ")$";

static gboolean
reads_otherwise_in_yaml11 (const char *value)
{
  static gsize regex = 0;

  /* Compiled once, kept for the process's lifetime (splices run in the
   * editor's workers too). */
  if (g_once_init_enter (&regex))
    g_once_init_leave (&regex, (gsize) g_regex_new (yaml11_pattern,
                                                    G_REGEX_OPTIMIZE | G_REGEX_DOLLAR_ENDONLY,
                                                    0, NULL));
  return g_regex_match ((GRegex *) regex, value, 0, NULL);
}

/* A number as the author typed it, in a form that YAML 1.1 and 1.2
 * readers read as the same number (@text passed billet_value_is_number(),
 * which follows 1.2):
 *
 * - 017 is 17 in 1.2 but 15 in 1.1, 08 a string there: written 17, 8;
 * - 0o17 is a string in 1.1: written 15;
 * - 1e3 and 1.5e3 are strings in 1.1, which wants a “.” and a signed
 *   exponent: written 1.0e+3, 1.5e+3;
 * - -.5 is a string for PyYAML: written -0.5.
 *
 * 0x1F, +12, 1.5, .5, 1., .inf and .nan read alike and stay as they are. */
static char *
normalize_number (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = text;
  const char *dot;
  const char *exponent;

  if (g_str_has_prefix (p, "0o"))
    return g_strdup_printf ("%" G_GUINT64_FORMAT, g_ascii_strtoull (p + 2, NULL, 8));
  if (g_str_has_prefix (p, "0x") || strchr (p, 'n') != NULL || strchr (p, 'N') != NULL)
    return g_strdup (text);   /* hexadecimal, .inf, .nan */

  if (*p == '-' || *p == '+')
    g_string_append_c (out, *p++);
  dot = strchr (p, '.');
  exponent = strpbrk (p, "eE");

  if (dot == NULL && exponent == NULL)
    {
      /* An integer: no leading zeros. */
      while (p[0] == '0' && p[1] != 0)
        p++;
      g_string_append (out, p);
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  if (*p == '.' && out->len > 0)
    g_string_append_c (out, '0');   /* after a sign */
  if (exponent == NULL)
    {
      g_string_append (out, p);
      return g_string_free (g_steal_pointer (&out), FALSE);
    }
  g_string_append_len (out, p, exponent - p);
  if (dot == NULL)
    g_string_append (out, ".0");
  else if (dot + 1 == exponent)
    g_string_append_c (out, '0');
  g_string_append_c (out, *exponent++);
  if (*exponent != '-' && *exponent != '+')
    g_string_append_c (out, '+');
  g_string_append (out, exponent);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The text of a string value, in a style that fits where it goes. */
static char *
render_string (const char      *value,
               BilletNodeStyle  old_style,
               gboolean         in_flow,
               const char      *block_indent,
               const char      *newline)
{
  gboolean plain_ok = billet_scalar_resolve (value) == BILLET_NODE_STRING &&
                      !reads_otherwise_in_yaml11 (value);

  if (!in_flow && block_indent != NULL && fits_literal_block (value))
    {
      if (old_style == BILLET_STYLE_LITERAL)
        return render_block_scalar (value, FALSE, block_indent, newline);
      if (old_style == BILLET_STYLE_FOLDED && strchr (value, '\n') == NULL)
        return render_block_scalar (value, TRUE, block_indent, newline);
    }

  if (strchr (value, '\n') != NULL)
    return emit_scalar (value, in_flow, YAML_DOUBLE_QUOTED_SCALAR_STYLE, FALSE);

  if (value[0] == 0)
    return g_strdup (old_style == BILLET_STYLE_DOUBLE_QUOTED ? "\"\"" : "''");

  switch (old_style)
    {
    case BILLET_STYLE_SINGLE_QUOTED:
      return emit_scalar (value, in_flow, YAML_SINGLE_QUOTED_SCALAR_STYLE, FALSE);
    case BILLET_STYLE_DOUBLE_QUOTED:
      return emit_scalar (value, in_flow, YAML_DOUBLE_QUOTED_SCALAR_STYLE, FALSE);
    case BILLET_STYLE_PLAIN:
    case BILLET_STYLE_LITERAL:
    case BILLET_STYLE_FOLDED:
    case BILLET_STYLE_BLOCK:
    case BILLET_STYLE_FLOW:
    case BILLET_STYLE_MULTILINE_DOUBLE_QUOTED:  /* TOML's */
    case BILLET_STYLE_MULTILINE_SINGLE_QUOTED:
    default:
      return emit_scalar (value, in_flow, YAML_ANY_SCALAR_STYLE, plain_ok);
    }
}

static gboolean
is_upper_word (const char *s)
{
  return s[0] != 0 && g_ascii_isupper (s[0]) && (s[1] == 0 || g_ascii_isupper (s[1]));
}

static char *
render_scalar (const Change      *change,
               const BilletNode  *old,
               gboolean           in_flow,
               const char        *block_indent,
               const char        *newline,
               GError           **error)
{
  const char *value = change->value;
  char *text = NULL;

  switch (change->kind)
    {
    case BILLET_NODE_STRING:
      text = render_string (value, old && old->text ? old->style : BILLET_STYLE_PLAIN,
                            in_flow, block_indent, newline);
      break;

    case BILLET_NODE_BOOLEAN:
      {
        gboolean b;

        if (!billet_value_parse_boolean (value, &b))
          break;
        /* Keep the author's spelling: True stays capitalised, TRUE shouts. */
        if (old != NULL && old->kind == BILLET_NODE_BOOLEAN && is_upper_word (old->text))
          text = g_strdup (b ? "TRUE" : "FALSE");
        else if (old != NULL && old->kind == BILLET_NODE_BOOLEAN && g_ascii_isupper (old->text[0]))
          text = g_strdup (b ? "True" : "False");
        else
          text = g_strdup (b ? "true" : "false");
      }
      break;

    case BILLET_NODE_NUMBER:
      if (billet_value_is_number (value))
        text = g_strdup (value);
      break;

    case BILLET_NODE_DATE:
      if (billet_value_is_date (value))
        text = g_strdup (value);
      break;

    case BILLET_NODE_DATETIME:
      if (billet_value_is_datetime (value) && strchr (value, '\t') == NULL)
        text = g_strdup (value);
      break;

    case BILLET_NODE_NULL:
      text = g_strdup (old != NULL && old->kind == BILLET_NODE_NULL && old->start == old->end
                       ? "" : "null");
      break;

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

/* The raw text of an old list item with this value, not used yet. */
static const BilletNode *
take_old_item (const BilletNode *old_list,
               const char       *value,
               gboolean         *used)
{
  if (old_list == NULL || old_list->kind != BILLET_NODE_LIST)
    return NULL;
  for (guint i = 0; i < old_list->children->len; i++)
    {
      const BilletNode *item = g_ptr_array_index (old_list->children, i);

      if (!used[i] && item->kind == BILLET_NODE_STRING && g_strcmp0 (item->text, value) == 0 &&
          item->style != BILLET_STYLE_LITERAL && item->style != BILLET_STYLE_FOLDED)
        {
          used[i] = TRUE;
          return item;
        }
    }
  return NULL;
}

static char *
render_item (const char       *text,
             const BilletNode *old_list,
             gboolean         *used,
             gboolean          in_flow,
             const char       *newline)
{
  const BilletNode *old_item = take_old_item (old_list, text, used);
  BilletNodeStyle style = BILLET_STYLE_PLAIN;

  if (old_item != NULL)
    return NULL; /* the caller copies the old bytes */

  /* New items take the quoting of the list's first item, if any. */
  if (old_list != NULL && old_list->kind == BILLET_NODE_LIST && old_list->children->len > 0)
    {
      const BilletNode *first = g_ptr_array_index (old_list->children, 0);

      if (first->style == BILLET_STYLE_SINGLE_QUOTED || first->style == BILLET_STYLE_DOUBLE_QUOTED)
        style = first->style;
    }
  return render_string (text, style, in_flow, NULL, newline);
}

static char *
render_flow_list (const char        *src,
                  const char * const *items,
                  const BilletNode  *old,
                  const char        *newline)
{
  GString *out = g_string_new ("[");
  const char *sep = ", ";
  gboolean pad = FALSE;
  g_autofree gboolean *used = NULL;

  if (old != NULL && old->kind == BILLET_NODE_LIST && old->style == BILLET_STYLE_FLOW)
    {
      pad = old->end - old->start > 2 && src[old->start + 1] == ' ';
      if (old->children->len >= 2)
        {
          const BilletNode *a = g_ptr_array_index (old->children, 0);
          const BilletNode *b = g_ptr_array_index (old->children, 1);

          if (b->start == a->end + 1)
            sep = ",";
        }
    }
  used = g_new0 (gboolean, old && old->children ? old->children->len + 1 : 1);

  if (pad && items[0] != NULL)
    g_string_append_c (out, ' ');
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_autofree char *text = render_item (items[i], old, used, TRUE, newline);

      if (i > 0)
        g_string_append (out, sep);
      if (text == NULL)
        {
          const BilletNode *item = NULL;

          /* render_item marked the reused one; find it again */
          for (guint j = 0; j < old->children->len; j++)
            {
              const BilletNode *c = g_ptr_array_index (old->children, j);

              if (used[j] && g_strcmp0 (c->text, items[i]) == 0)
                item = c;
            }
          g_assert (item != NULL);
          g_string_append_len (out, src + item->start, item->end - item->start);
        }
      else
        g_string_append (out, text);
    }
  if (pad && items[0] != NULL)
    g_string_append_c (out, ' ');
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

/* Bytes from the start of @offset's line up to @offset. */
static gsize
line_start (const char *text,
            gsize       offset)
{
  while (offset > 0 && text[offset - 1] != '\n' && text[offset - 1] != '\r')
    offset--;
  return offset;
}

static char *
spaces (gsize n)
{
  char *s = g_malloc (n + 1);

  memset (s, ' ', n);
  s[n] = 0;
  return s;
}

/* After the end of the line holding @offset (or @offset if at a line start). */
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
find_colon (const char       *text,
            const BilletNode *entry,
            gsize            *colon)
{
  gsize i = entry->key_end;

  while (i < entry->start && (text[i] == ' ' || text[i] == '\t'))
    i++;
  if (i >= entry->start || text[i] != ':')
    return FALSE;
  *colon = i;
  return TRUE;
}

/* For a block scalar, libyaml's span runs over the blank lines after it;
 * stop after its last content line instead. A line of blanks is content
 * when it is longer than the block's indentation (the leading spaces of its
 * first non-blank line): "  x\n   \n" holds "x\n \n", and cutting at the
 * "x" would leave a " " line behind the new value. (With an explicit
 * indentation indicator, "|2", the guess may be too deep for lines of
 * blanks; the check after the splice then refuses the edit.) */
static gsize
trimmed_end (const char       *text,
             gsize             len,
             const BilletNode *node)
{
  gsize end = node->end;
  gsize indent = G_MAXSIZE;
  gsize last = 0;

  if (node->style != BILLET_STYLE_LITERAL && node->style != BILLET_STYLE_FOLDED)
    return end;

  for (gsize line = next_line (text, len, node->start + 1); line < end;)
    {
      gsize stop = line;
      gsize blanks;
      gsize next;

      while (stop < end && text[stop] != '\n')
        stop++;
      next = stop < end ? stop + 1 : end;
      if (stop > line && text[stop - 1] == '\r')
        stop--;
      blanks = strspn (text + line, " ");
      if (indent == G_MAXSIZE && line + blanks < stop)
        indent = blanks;
      if (line + blanks < stop || stop - line > indent)
        last = next;
      line = next;
    }
  if (last == 0)
    return next_line (text, len, node->start + 1);
  return next_line (text, len, last);
}

/* Splitting a dotted path into keys, preferring keys that exist (a key may
 * hold a dot itself). */
static GPtrArray *
resolve_path (const BilletNode *map,
              const char       *path)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  const char *rest = path;

  while (map != NULL && map->kind == BILLET_NODE_MAP && *rest)
    {
      const BilletNode *found = NULL;
      gsize len = strlen (rest);
      gsize cut;

      for (cut = len; cut > 0; cut--)
        {
          if (cut != len && rest[cut] != '.')
            continue;
          for (guint i = 0; i < map->children->len && !found; i++)
            {
              const BilletNode *c = g_ptr_array_index (map->children, i);

              if (c->key && strlen (c->key) == cut && memcmp (c->key, rest, cut) == 0)
                found = c;
            }
          if (found)
            break;
        }
      if (found == NULL)
        break;
      g_ptr_array_add (parts, g_strndup (rest, cut));
      rest += cut;
      if (*rest == '.')
        rest++;
      map = found;
    }

  if (*rest)
    {
      g_auto(GStrv) more = g_strsplit (rest, ".", -1);

      for (guint i = 0; more[i]; i++)
        g_ptr_array_add (parts, g_strdup (more[i]));
    }
  return parts;
}

static const BilletNode *
child_by_key (const BilletNode *map,
              const char       *key)
{
  if (map == NULL || map->kind != BILLET_NODE_MAP)
    return NULL;
  for (guint i = 0; i < map->children->len; i++)
    {
      const BilletNode *c = g_ptr_array_index (map->children, i);

      if (g_strcmp0 (c->key, key) == 0)
        return c;
    }
  return NULL;
}

static gboolean
value_matches (const BilletNode *node,
               const Change     *change)
{
  if (change->kind == BILLET_NODE_LIST)
    {
      guint n = change->items ? g_strv_length ((char **) change->items) : 0;

      if (node->kind != BILLET_NODE_LIST || node->children->len != n)
        return FALSE;
      for (guint i = 0; i < n; i++)
        {
          const BilletNode *item = g_ptr_array_index (node->children, i);

          if (item->kind != BILLET_NODE_STRING || g_strcmp0 (item->text, change->items[i]) != 0)
            return FALSE;
        }
      return TRUE;
    }

  if (node->kind != change->kind)
    return FALSE;
  if (change->kind == BILLET_NODE_BOOLEAN)
    {
      gboolean want = FALSE;

      billet_value_parse_boolean (change->value, &want);
      return billet_node_get_boolean (node) == want;
    }
  if (change->kind == BILLET_NODE_NULL)
    return TRUE;
  return g_strcmp0 (node->text, change->value) == 0;
}

/* A new value created under a missing key (path parts from @depth on). */
static gboolean
new_value_matches (const BilletNode *node,
                   GPtrArray        *parts,
                   guint             depth,
                   const Change     *change)
{
  if (depth == parts->len)
    return value_matches (node, change);
  if (node->kind != BILLET_NODE_MAP || node->children->len != 1)
    return FALSE;
  node = g_ptr_array_index (node->children, 0);
  if (g_strcmp0 (node->key, g_ptr_array_index (parts, depth)) != 0)
    return FALSE;
  return new_value_matches (node, parts, depth + 1, change);
}

/* Whether @new_map is @old_map with exactly @change at parts[depth…]. */
static gboolean
verify_map (const char       *old_text,
            const BilletNode *old_map,
            const char       *new_text,
            const BilletNode *new_map,
            GPtrArray        *parts,
            guint             depth,
            const Change     *change)
{
  const char *key = g_ptr_array_index (parts, depth);
  const BilletNode *old_target = child_by_key (old_map, key);
  const BilletNode *new_target = child_by_key (new_map, key);
  guint i = 0, j = 0;

  if (new_map->kind != BILLET_NODE_MAP)
    return FALSE;

  /* Every other entry unchanged and in order. */
  for (;;)
    {
      while (i < old_map->children->len && g_ptr_array_index (old_map->children, i) == old_target)
        i++;
      while (j < new_map->children->len && g_ptr_array_index (new_map->children, j) == new_target)
        j++;
      if (i == old_map->children->len || j == new_map->children->len)
        break;
      if (!billet_node_equal_text (old_text, g_ptr_array_index (old_map->children, i),
                            new_text, g_ptr_array_index (new_map->children, j)))
        return FALSE;
      i++;
      j++;
    }
  if (i != old_map->children->len || j != new_map->children->len)
    return FALSE;

  if (change->remove && depth + 1 == parts->len)
    return old_target != NULL && new_target == NULL;
  if (new_target == NULL)
    return FALSE;
  if (old_target == NULL)
    return new_value_matches (new_target, parts, depth + 1, change);
  if (depth + 1 == parts->len)
    return value_matches (new_target, change);
  return verify_map (old_text, old_target, new_text, new_target, parts, depth + 1, change);
}

/* The text that goes after "key:" for a new entry (with its leading space or
 * line break), nesting maps for the keys from parts[depth + 1] on. */
static char *
render_new_value (const char        *src,
                  GPtrArray         *parts,
                  guint              depth,
                  const Change      *change,
                  gboolean           in_flow,
                  const char        *indent,
                  const char        *unit,
                  const char        *newline,
                  GError           **error);

static char *
render_key (const char *key,
            gboolean    in_flow)
{
  return render_string (key, BILLET_STYLE_PLAIN, in_flow, NULL, "\n");
}

static char *
render_new_value (const char        *src,
                  GPtrArray         *parts,
                  guint              depth,
                  const Change      *change,
                  gboolean           in_flow,
                  const char        *indent,
                  const char        *unit,
                  const char        *newline,
                  GError           **error)
{
  g_autofree char *inner = NULL;
  g_autofree char *key = NULL;
  g_autofree char *inner_indent = NULL;
  char *value;

  if (depth + 1 == parts->len)
    {
      if (change->kind == BILLET_NODE_LIST)
        value = render_flow_list (src, change->items, NULL, newline);
      else
        value = render_scalar (change, NULL, in_flow, NULL, newline, error);
      if (value == NULL)
        return NULL;
      if (value[0] == 0)
        return value;
      {
        char *spaced = g_strconcat (" ", value, NULL);

        g_free (value);
        return spaced;
      }
    }

  key = render_key (g_ptr_array_index (parts, depth + 1), in_flow);
  if (key == NULL)
    goto bad_key;
  inner_indent = g_strconcat (indent, unit, NULL);
  inner = render_new_value (src, parts, depth + 1, change, in_flow, inner_indent, unit, newline,
                            error);
  if (inner == NULL)
    return NULL;
  if (in_flow)
    return g_strdup_printf (" {%s:%s}", key, inner);
  return g_strdup_printf ("%s%s%s:%s", newline, inner_indent, key, inner);

bad_key:
  g_set_error (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_INVALID_VALUE,
               _("“%s” cannot be used as a key"), (const char *) g_ptr_array_index (parts, depth + 1));
  return NULL;
}

/* The indentation step the document uses for nested maps (2 by default). */
static char *
detect_unit (const char       *src,
             const BilletNode *map)
{
  for (guint i = 0; map->children && i < map->children->len; i++)
    {
      const BilletNode *c = g_ptr_array_index (map->children, i);

      if (c->is_entry && c->kind == BILLET_NODE_MAP && c->style == BILLET_STYLE_BLOCK &&
          c->children->len > 0)
        {
          /* The maps' own columns, not their first keys': a key may be
           * explicit ("? key"), whose bytes start after the "? ". */
          gsize outer = map->start - line_start (src, map->start);
          gsize inner = c->start - line_start (src, c->start);

          if (inner > outer && inner - outer <= 8)
            return spaces (inner - outer);
        }
      else
        {
          g_autofree char *found = detect_unit (src, c);

          if (found != NULL)
            return g_steal_pointer (&found);
        }
    }
  return NULL;
}

static gboolean
splice_add (BilletFrontMatter  *self,
            const BilletNode   *map,
            GPtrArray          *parts,
            guint               depth,
            const Change       *change,
            const char         *newline,
            GString            *out,
            GError            **error)
{
  const char *src = self->text;
  g_autofree char *key = NULL;
  g_autofree char *value = NULL;
  gboolean flow = map->style == BILLET_STYLE_FLOW;

  key = render_key (g_ptr_array_index (parts, depth), flow);
  if (key == NULL)
    {
      g_set_error (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_INVALID_VALUE,
                   _("“%s” cannot be used as a key"), (const char *) g_ptr_array_index (parts, depth));
      return FALSE;
    }

  if (flow)
    {
      gsize at;

      value = render_new_value (src, parts, depth, change, TRUE, "", "", newline, error);
      if (value == NULL)
        return FALSE;
      if (map->children->len == 0)
        {
          at = map->start + 1;
          g_string_append_len (out, src, at);
          g_string_append_printf (out, "%s:%s", key, value);
        }
      else
        {
          const BilletNode *last = g_ptr_array_index (map->children, map->children->len - 1);

          at = last->end;
          g_string_append_len (out, src, at);
          g_string_append_printf (out, ", %s:%s", key, value);
        }
      g_string_append_len (out, src + at, self->len - at);
    }
  else
    {
      g_autofree char *indent = NULL;
      g_autofree char *unit = detect_unit (src, self->root);
      gsize at;

      if (map->children->len == 0)
        {
          /* Only the root can be an empty block map (no text at all). */
          indent = g_strdup ("");
          at = self->len;
        }
      else
        {
          const BilletNode *last = g_ptr_array_index (map->children, map->children->len - 1);

          /* The siblings' indent is the map's column: its first key may be
           * explicit ("? key"), whose bytes start two columns further. */
          indent = spaces (map->start - line_start (src, map->start));
          at = next_line (src, self->len, MAX (last->end, trimmed_end (src, self->len, last)));
        }

      value = render_new_value (src, parts, depth, change, FALSE, indent, unit ? unit : "  ",
                                newline, error);
      if (value == NULL)
        return FALSE;

      g_string_append_len (out, src, at);
      if (at > 0 && src[at - 1] != '\n')
        g_string_append (out, newline);
      g_string_append_printf (out, "%s%s:%s%s", indent, key, value, newline);
      g_string_append_len (out, src + at, self->len - at);
    }
  return TRUE;
}

static void
replace (GString    *out,
         const char *src,
         gsize       len,
         gsize       from,
         gsize       to,
         const char *with)
{
  g_string_append_len (out, src, from);
  g_string_append (out, with);
  g_string_append_len (out, src + to, len - to);
}

/* Where one item of a block list sits: its comment lines above it (from
 * @lead to the start of its own line), and its own line(s), indentation
 * included, from @line to @end (the end of its last line, before the line
 * break: a comment after the value belongs to it). */
typedef struct
{
  gsize lead;
  gsize line;
  gsize end;
} ItemSpan;

/* Sets a block list to @items item by item: an item that stays keeps its
 * bytes, its trailing comment and the comment lines above it, wherever it
 * ends up; a new item at the position of an item that goes is that item
 * edited (a rename): it keeps its comments and quoting, only its value's
 * bytes change; a removed item takes its own comments with it; another new
 * item gets the indentation of the list and the quoting of its first item. Returns
 * FALSE, writing nothing, for a layout it does not know ("- - a", a dash
 * after other text on its line): the caller then rewrites the list whole. */
static gboolean
splice_block_list (BilletFrontMatter  *self,
                   const BilletNode   *node,
                   gsize               colon,
                   const char * const *items,
                   guint               n,
                   const char         *newline,
                   GString            *out)
{
  const char *src = self->text;
  guint m = node->children->len;
  g_autofree ItemSpan *spans = g_new0 (ItemSpan, m);
  g_autofree gboolean *used = g_new0 (gboolean, m);
  g_autofree guint *match = g_new0 (guint, n + 1);
  g_autofree gboolean *replaced = g_new0 (gboolean, n + 1);
  g_autofree char *indent = NULL;
  BilletNodeStyle style = BILLET_STYLE_PLAIN;
  GString *block;
  gsize from;

  if (m == 0)
    return FALSE;
  for (guint j = 0; j < m; j++)
    {
      const BilletNode *item = g_ptr_array_index (node->children, j);
      gsize dash = item->start;
      gsize line, end;

      while (dash > 0 && (src[dash - 1] == ' ' || src[dash - 1] == '\t'))
        dash--;
      if (dash == 0 || src[dash - 1] != '-')
        return FALSE;
      dash--;
      line = line_start (src, dash);
      for (gsize i = line; i < dash; i++)
        if (src[i] != ' ')
          return FALSE;
      end = MAX (item->end, dash + 1);
      if (end > 0 && (src[end - 1] == '\n' || src[end - 1] == '\r'))
        return FALSE;   /* a value that took its line break: not a plain item */
      while (end < self->len && src[end] != '\n' && src[end] != '\r')
        end++;
      spans[j].line = line;
      spans[j].end = end;
      spans[j].lead = j == 0 ? next_line (src, self->len, colon) : next_line (src, self->len, spans[j - 1].end);
      if (spans[j].lead > line)
        return FALSE;
    }
  {
    gsize i = spans[0].line;

    while (src[i] == ' ')
      i++;
    indent = spaces (i - spans[0].line);
  }
  {
    const BilletNode *first = g_ptr_array_index (node->children, 0);

    if (first->style == BILLET_STYLE_SINGLE_QUOTED || first->style == BILLET_STYLE_DOUBLE_QUOTED)
      style = first->style;
  }

  /* The items that stay, then each new one at the place of an item that
   * goes at the same position (an item edited in place: "velo" renamed
   * "Vélo"), so that it keeps that item's comments, above and after it,
   * and its quoting. */
  for (guint k = 0; k < n; k++)
    {
      guint j;

      match[k] = G_MAXUINT;
      for (j = 0; j < m; j++)
        {
          const BilletNode *item = g_ptr_array_index (node->children, j);

          if (!used[j] && item->kind == BILLET_NODE_STRING && g_strcmp0 (item->text, items[k]) == 0 &&
              item->style != BILLET_STYLE_LITERAL && item->style != BILLET_STYLE_FOLDED)
            break;
        }
      if (j < m)
        {
          used[j] = TRUE;
          match[k] = j;
        }
    }
  for (guint k = 0; k < n; k++)
    {
      const BilletNode *item = k < m ? g_ptr_array_index (node->children, k) : NULL;

      if (match[k] != G_MAXUINT)
        continue;
      if (item != NULL && !used[k] && item->kind == BILLET_NODE_STRING &&
          item->style != BILLET_STYLE_LITERAL && item->style != BILLET_STYLE_FOLDED &&
          !g_strv_contains (items, item->text))
        {
          used[k] = TRUE;
          match[k] = k;
          replaced[k] = TRUE;
        }
    }

  block = g_string_new (NULL);
  for (guint k = 0; k < n; k++)
    {
      guint j = match[k];

      if (k > 0)
        g_string_append (block, newline);
      if (j != G_MAXUINT && replaced[k])
        {
          const BilletNode *item = g_ptr_array_index (node->children, j);
          BilletNodeStyle item_style = item->style == BILLET_STYLE_SINGLE_QUOTED ||
                                       item->style == BILLET_STYLE_DOUBLE_QUOTED ? item->style : style;
          g_autofree char *text = render_string (items[k], item_style, FALSE, NULL, newline);

          g_string_append_len (block, src + spans[j].lead, item->start - spans[j].lead);
          g_string_append (block, text);
          g_string_append_len (block, src + item->end, spans[j].end - item->end);
        }
      else if (j != G_MAXUINT)
        g_string_append_len (block, src + spans[j].lead, spans[j].end - spans[j].lead);
      else
        {
          g_autofree char *text = render_string (items[k], style, FALSE, NULL, newline);

          g_string_append_printf (block, "%s- %s", indent, text);
        }
    }

  from = spans[0].lead;
  replace (out, src, self->len, from, spans[m - 1].end, block->str);
  g_string_free (block, TRUE);
  return TRUE;
}

static gboolean
splice_existing (BilletFrontMatter  *self,
                 const BilletNode   *node,
                 const Change       *change,
                 const char         *newline,
                 GString            *out,
                 GError            **error)
{
  const char *src = self->text;
  gsize colon = 0;
  g_autofree char *text = NULL;

  if (node->kind == BILLET_NODE_OTHER)
    {
      g_set_error (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_UNSUPPORTED,
                   _("“%s” uses an anchor, an alias, a tag or a complex key; edit it as raw YAML"),
                   node->key ? node->key : "");
      return FALSE;
    }

  if (!node->is_entry || !find_colon (src, node, &colon))
    {
      g_set_error (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_UNSUPPORTED,
                   _("“%s” is written in a way Billet cannot edit; edit it as raw YAML"),
                   node->key ? node->key : "");
      return FALSE;
    }

  if (change->remove)
    {
      const BilletNode *map = node->parent;
      guint index = 0;

      while (g_ptr_array_index (map->children, index) != node)
        index++;

      if (map->style == BILLET_STYLE_FLOW)
        {
          if (map->children->len == 1)
            replace (out, src, self->len, node->key_start, node->end, "");
          else if (index + 1 < map->children->len)
            replace (out, src, self->len, node->key_start,
                     ((BilletNode *) g_ptr_array_index (map->children, index + 1))->key_start, "");
          else
            replace (out, src, self->len,
                     ((BilletNode *) g_ptr_array_index (map->children, index - 1))->end,
                     node->end, "");
          return TRUE;
        }

      if (map->children->len == 1 && map->parent != NULL)
        {
          /* The last key of a nested map: the map stays, empty. */
          gsize parent_colon;

          if (map->is_entry && find_colon (src, map, &parent_colon))
            replace (out, src, self->len, parent_colon + 1, map->end, " {}");
          else
            replace (out, src, self->len, map->start, map->end, "{}");
          return TRUE;
        }

      {
        gsize from = line_start (src, node->key_start);
        gsize to = next_line (src, self->len, MAX (node->end, trimmed_end (src, self->len, node)));
        gboolean alone = TRUE;

        for (gsize i = from; i < node->key_start; i++)
          if (src[i] != ' ' && src[i] != '\t')
            alone = FALSE;

        if (!alone)
          {
            /* The first key of a map inside a list item ("- key: value"):
             * the next key moves up to its place. */
            if (index + 1 >= map->children->len)
              {
                g_set_error (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_UNSUPPORTED,
                             _("“%s” is written in a way Billet cannot edit; edit it as raw YAML"),
                             node->key ? node->key : "");
                return FALSE;
              }
            from = node->key_start;
            to = ((BilletNode *) g_ptr_array_index (map->children, index + 1))->key_start;
          }
        replace (out, src, self->len, from, to, "");
      }
      return TRUE;
    }

  if (change->kind == BILLET_NODE_LIST)
    {
      guint n = change->items ? g_strv_length ((char **) change->items) : 0;

      if (node->kind == BILLET_NODE_LIST && node->style == BILLET_STYLE_BLOCK && n > 0 &&
          splice_block_list (self, node, colon, change->items, n, newline, out))
        return TRUE;

      if (node->kind == BILLET_NODE_LIST && node->style == BILLET_STYLE_BLOCK && n > 0)
        {
          g_autofree gboolean *used = g_new0 (gboolean, node->children->len + 1);
          g_autofree char *indent = spaces (node->start - line_start (src, node->start));
          GString *block = g_string_new (NULL);

          for (guint i = 0; i < n; i++)
            {
              g_autofree char *item = render_item (change->items[i], node, used, FALSE, newline);

              if (i > 0)
                {
                  g_string_append (block, newline);
                  g_string_append (block, indent);
                }
              g_string_append (block, "- ");
              if (item == NULL)
                {
                  for (guint j = 0; j < node->children->len; j++)
                    {
                      const BilletNode *c = g_ptr_array_index (node->children, j);

                      if (used[j] && g_strcmp0 (c->text, change->items[i]) == 0)
                        {
                          g_string_append_len (block, src + c->start, c->end - c->start);
                          break;
                        }
                    }
                }
              else
                g_string_append (block, item);
            }
          text = g_string_free (block, FALSE);
          replace (out, src, self->len, node->start, node->end, text);
          return TRUE;
        }

      if (node->kind == BILLET_NODE_LIST && node->style == BILLET_STYLE_FLOW)
        {
          text = render_flow_list (src, change->items, node, newline);
          replace (out, src, self->len, node->start, node->end, text);
          return TRUE;
        }

      text = render_flow_list (src, change->items, NULL, newline);
    }
  else
    {
      gboolean in_flow = node->parent->style == BILLET_STYLE_FLOW;
      g_autofree char *indent = NULL;

      if (!in_flow && (node->style == BILLET_STYLE_LITERAL || node->style == BILLET_STYLE_FOLDED))
        {
          /* Keep the block's own indentation. */
          gsize header_end = next_line (src, self->len, node->start + 1);
          gsize i = header_end;

          while (i < self->len && src[i] == ' ')
            i++;
          indent = spaces (i > header_end && i < node->end ? i - header_end
                           : node->key_start - line_start (src, node->key_start) + 2);
        }

      text = render_scalar (change, node, in_flow, indent, newline, error);
      if (text == NULL)
        return FALSE;

      if (node->children == NULL)
        {
          gsize from = node->start;
          gsize to = trimmed_end (src, self->len, node);
          g_autofree char *with = NULL;

          gboolean old_block = node->style == BILLET_STYLE_LITERAL ||
                               node->style == BILLET_STYLE_FOLDED;
          gboolean new_block = text[0] == '|' || text[0] == '>';
          gboolean at_line_start = to > 0 && src[to - 1] == '\n';

          /* "key:" with nothing after it: the value goes after a space. */
          if (from == to && from == colon + 1 && text[0] != 0)
            with = g_strconcat (" ", text, NULL);
          else
            with = g_strdup (text);

          /* The old block scalar's span took its final line break with it. */
          if (old_block && !new_block && at_line_start)
            {
              char *t = g_strconcat (with, newline, NULL);

              g_free (with);
              with = t;
            }
          else if (new_block && !at_line_start)
            with[strlen (with) - strlen (newline)] = 0;

          replace (out, src, self->len, from, to, with);
          return TRUE;
        }
    }

  {
    /* A collection turned into a scalar, or a scalar into a list: the whole
     * value after the colon goes. */
    g_autofree char *with = g_strconcat (text[0] ? " " : "", text, NULL);
    gsize to = node->end;

    /* A value may end after its last line break (an empty value under a
     * complex key, a block scalar): the break belongs to the next line. */
    while (to > colon + 1 && (src[to - 1] == '\n' || src[to - 1] == '\r' ||
                              src[to - 1] == ' ' || src[to - 1] == '\t'))
      to--;
    replace (out, src, self->len, colon + 1, to, with);
  }
  return TRUE;
}

/* Whether @node holds what @change would write: a value of the same kind,
 * the same strings in a list. */
static gboolean
holds (const BilletNode *node,
       const Change     *change)
{
  if (change->remove)
    return FALSE;

  if (change->kind == BILLET_NODE_LIST)
    {
      guint n = g_strv_length ((char **) change->items);

      if (node->kind != BILLET_NODE_LIST || node->children->len != n)
        return FALSE;
      for (guint i = 0; i < n; i++)
        {
          const BilletNode *item = g_ptr_array_index (node->children, i);

          if (item->kind != BILLET_NODE_STRING || g_strcmp0 (item->text, change->items[i]) != 0)
            return FALSE;
        }
      return TRUE;
    }

  if (node->kind != change->kind || node->children != NULL)
    return FALSE;
  if (change->kind == BILLET_NODE_NULL)
    return TRUE;
  if (node->text == NULL)
    return FALSE;
  switch (change->kind)
    {
    case BILLET_NODE_BOOLEAN:
      {
        gboolean a, b;

        return billet_value_parse_boolean (node->text, &a) &&
               billet_value_parse_boolean (change->value, &b) && a == b;
      }
    case BILLET_NODE_NUMBER:
      if (change->typed != NULL && g_str_equal (node->text, change->typed))
        return TRUE;
      G_GNUC_FALLTHROUGH;
    case BILLET_NODE_STRING:
    case BILLET_NODE_DATE:
    case BILLET_NODE_DATETIME:
    case BILLET_NODE_NULL:
    case BILLET_NODE_LIST:
    case BILLET_NODE_MAP:
    case BILLET_NODE_OTHER:
    default:
      return g_strcmp0 (node->text, change->value) == 0;
    }
}

static char *
splice (BilletFrontMatter  *self,
        const char         *path,
        const Change       *change,
        const char         *newline,
        gsize              *new_len,
        GError            **error)
{
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GString) out = NULL;
  g_autoptr(BilletFrontMatter) check = NULL;
  g_autoptr(GError) local_error = NULL;
  const BilletNode *map = self->root;
  const BilletNode *node = NULL;
  guint depth;

  if (newline == NULL)
    newline = "\n";

  parts = resolve_path (self->root, path);
  if (parts->len == 0)
    {
      g_set_error (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_INVALID_VALUE,
                   _("“%s” is not a valid key"), path);
      return NULL;
    }
  for (guint i = 0; i < parts->len; i++)
    if (((char *) g_ptr_array_index (parts, i))[0] == 0)
      {
        g_set_error (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_INVALID_VALUE,
                     _("“%s” is not a valid key"), path);
        return NULL;
      }

  /* Walk down to the deepest existing map along the path. */
  for (depth = 0; depth < parts->len; depth++)
    {
      node = child_by_key (map, g_ptr_array_index (parts, depth));
      if (node == NULL)
        break;
      if (depth + 1 < parts->len)
        {
          if (node->kind != BILLET_NODE_MAP)
            {
              g_set_error (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_INVALID_VALUE,
                           _("“%s” is not a group of keys"), node->key);
              return NULL;
            }
          map = node;
        }
    }

  /* The value it holds already: the text stays byte for byte, even where
   * Billet would write the value otherwise (an emoji as "\U0001F3E1",
   * 'quotes' a plain scalar would not need, 017). */
  if (node != NULL && holds (node, change))
    {
      if (new_len)
        *new_len = self->len;
      return g_strndup (self->text, self->len);
    }

  out = g_string_sized_new (self->len + 64);

  if (node == NULL && change->remove)
    {
      g_set_error (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_NOT_FOUND,
                   _("There is no key “%s”"), path);
      return NULL;
    }
  if (self->syntax == BILLET_SYNTAX_TOML)
    {
      if (node == NULL
          ? !billet_toml_splice_add (self, map, parts, depth, change, newline, out, error)
          : !billet_toml_splice_existing (self, node, change, newline, out, error))
        return NULL;
      check = billet_front_matter_parse_toml (out->str, out->len, self->first_line, NULL, NULL,
                                              &local_error);
    }
  else
    {
      if (node == NULL
          ? !splice_add (self, map, parts, depth, change, newline, out, error)
          : !splice_existing (self, node, change, newline, out, error))
        return NULL;
      check = billet_front_matter_parse (out->str, out->len, self->first_line, NULL, NULL,
                                         &local_error);
    }

  if (check == NULL ||
      !verify_map (self->text, self->root, check->text, check->root, parts, 0, change))
    {
      g_debug ("Refused splice of %s: %s", path,
               local_error ? local_error->message : "data differs");
      if (self->syntax == BILLET_SYNTAX_TOML)
        g_set_error (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_UNSUPPORTED,
                     _("Billet cannot change “%s” here without touching other values; edit it as raw TOML"),
                     path);
      else
        g_set_error (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_UNSUPPORTED,
                     _("Billet cannot change “%s” here without touching other values; edit it as raw YAML"),
                     path);
      return NULL;
    }

  if (new_len)
    *new_len = out->len;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * billet_front_matter_splice_set:
 * @self: the parsed front matter
 * @path: a key, or a dotted path (`seo.title`); missing maps are created
 * @value: the new value as text
 * @kind: what @value is: %BILLET_NODE_STRING, %BILLET_NODE_BOOLEAN
 *   ("true"/"false"), %BILLET_NODE_NUMBER, %BILLET_NODE_DATE,
 *   %BILLET_NODE_DATETIME or %BILLET_NODE_NULL (not in TOML, which has no
 *   null)
 * @newline: the line break for added lines
 * @new_len: (out) (optional): the length of the result
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): the new front-matter text
 */
char *
billet_front_matter_splice_set (BilletFrontMatter  *self,
                                const char         *path,
                                const char         *value,
                                BilletNodeKind      kind,
                                const char         *newline,
                                gsize              *new_len,
                                GError            **error)
{
  Change change = { kind, value, NULL, FALSE, value };
  g_autofree char *written = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (value != NULL || kind == BILLET_NODE_NULL, NULL);

  if (kind == BILLET_NODE_LIST || kind == BILLET_NODE_MAP || kind == BILLET_NODE_OTHER)
    {
      g_set_error (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_INVALID_VALUE,
                   _("A %s cannot be set from text"), billet_node_kind_to_string (kind));
      return NULL;
    }
  if (value != NULL && !g_utf8_validate (value, -1, NULL))
    {
      g_set_error_literal (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_INVALID_VALUE,
                           _("The new value is not valid UTF-8"));
      return NULL;
    }
  if (value == NULL)
    change.value = "";
  /* The value checked after the splice is the one written: a number (and
   * in TOML a date and time) in the form the language reads. */
  if (self->syntax == BILLET_SYNTAX_TOML)
    {
      if (!billet_toml_check_value (&change, error))
        return NULL;
      if ((written = billet_toml_normalize (kind, change.value)) != NULL)
        change.value = written;
    }
  else if (kind == BILLET_NODE_NUMBER && billet_value_is_number (change.value))
    change.value = written = normalize_number (change.value);
  return splice (self, path, &change, newline, new_len, error);
}

/**
 * billet_front_matter_splice_set_list:
 * @items: (array zero-terminated=1): the strings of the list
 *
 * Sets @path to a list of strings. A flow list (`[a, b]`) stays a flow
 * list, a block list stays a block list, and items that were already there
 * keep their bytes.
 */
char *
billet_front_matter_splice_set_list (BilletFrontMatter  *self,
                                     const char         *path,
                                     const char * const *items,
                                     const char         *newline,
                                     gsize              *new_len,
                                     GError            **error)
{
  static const char * const empty[] = { NULL };
  Change change = { BILLET_NODE_LIST, NULL, items ? items : empty, FALSE, NULL };

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  for (guint i = 0; change.items[i]; i++)
    if (!g_utf8_validate (change.items[i], -1, NULL))
      {
        g_set_error_literal (error, BILLET_FRONT_MATTER_ERROR,
                             BILLET_FRONT_MATTER_ERROR_INVALID_VALUE,
                             _("The new value is not valid UTF-8"));
        return NULL;
      }
  return splice (self, path, &change, newline, new_len, error);
}

/**
 * billet_front_matter_splice_remove:
 *
 * Removes the entry at @path: its lines in a block map, its text and one
 * comma in a flow map. Comments on other lines stay.
 */
char *
billet_front_matter_splice_remove (BilletFrontMatter  *self,
                                   const char         *path,
                                   const char         *newline,
                                   gsize              *new_len,
                                   GError            **error)
{
  Change change = { BILLET_NODE_NULL, NULL, NULL, TRUE, NULL };

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  return splice (self, path, &change, newline, new_len, error);
}
