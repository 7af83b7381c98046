/* billet-front-matter-simple.c — the front matter most posts have, read without libyaml
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nearly every front matter is a column of “key: value” lines: plain or
 * quoted one-line values, [flow, lists], “- item” lists and one level of
 * nested keys (seo:). libyaml spends about 140 instructions a byte on such
 * text, which made parsing 70 % of `billet list`'s work. This reader takes
 * exactly that shape, at a few instructions a byte, and builds the very
 * tree billet_front_matter_parse() builds with libyaml — same kinds,
 * styles, texts, byte spans, lines and columns —, so that the form, the
 * splices and the index cannot tell which one read a text.
 *
 * Anything else gives up at once (returns NULL) and libyaml reads the
 * text: tabs, carriage returns, anchors, tags, block scalars, multi-line
 * values, escapes beyond \" \\ \n \t, flow maps, nested lists, keys that
 * are not plain words, duplicate keys, characters YAML does not print, and
 * every error, so that messages and their positions stay libyaml's. With
 * BILLET_CHECK_PARSE set (the test suite sets it), every text this reader
 * takes is read by libyaml too, and any difference aborts.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <string.h>

#include "billet-front-matter-private.h"

typedef struct
{
  const char *text;
  gsize       len;
  guint       first_line;
  gboolean    ascii;
  guint       n_nodes;
  guint       depth;
} Reader;

/* Deeper maps are libyaml's (which refuses past BILLET_FRONT_MATTER_MAX_DEPTH). */
#define MAX_SIMPLE_DEPTH 8

/* A line of the text: [start, eol), the next one at @next. */
typedef struct
{
  gsize start;
  gsize eol;
  gsize next;
  guint number;   /* 0-based, in the text */
  gsize indent;
} Line;

static gboolean
line_at (const Reader *r,
         gsize         start,
         guint         number,
         Line         *line)
{
  const char *nl;

  if (start >= r->len)
    return FALSE;
  nl = memchr (r->text + start, '\n', r->len - start);
  line->start = start;
  line->eol = nl != NULL ? (gsize) (nl - r->text) : r->len;
  line->next = nl != NULL ? line->eol + 1 : r->len;
  line->number = number;
  line->indent = 0;
  while (start + line->indent < line->eol && r->text[start + line->indent] == ' ')
    line->indent++;
  return TRUE;
}

/* Blank, or a comment only. */
static gboolean
line_is_empty (const Reader *r,
               const Line   *line)
{
  gsize i = line->start + line->indent;

  return i == line->eol || r->text[i] == '#';
}

/* The next line at or after @line that holds something; FALSE at the end. */
static gboolean
next_content (const Reader *r,
              Line         *line)
{
  do
    {
      if (!line_at (r, line->next, line->number + 1, line))
        return FALSE;
    }
  while (line_is_empty (r, line));
  return TRUE;
}

/* The first line that holds something, from @start. */
static gboolean
first_content (const Reader *r,
               gsize         start,
               guint         number,
               Line         *line)
{
  if (!line_at (r, start, number, line))
    return FALSE;
  return !line_is_empty (r, line) || next_content (r, line);
}

static guint
column_of (const Reader *r,
           const Line   *line,
           gsize         pos)
{
  if (r->ascii)
    return (guint) (pos - line->start) + 1;
  return (guint) g_utf8_strlen (r->text + line->start, (gssize) (pos - line->start)) + 1;
}

static BilletNode *
node_new (Reader         *r,
          BilletNodeKind  kind,
          BilletNodeStyle style,
          const Line     *line,
          gsize           start)
{
  BilletNode *node;

  if (++r->n_nodes > BILLET_FRONT_MATTER_MAX_NODES)
    return NULL;
  node = billet_node_new (kind);
  node->style = style;
  node->start = start;
  node->line = r->first_line + line->number;
  node->column = column_of (r, line, start);
  return node;
}

/* After a value: blanks, then a comment (after a blank) or the end. */
static gboolean
rest_is_empty (const Reader *r,
               const Line   *line,
               gsize         pos)
{
  gsize i = pos;

  while (i < line->eol && r->text[i] == ' ')
    i++;
  return i == line->eol || (r->text[i] == '#' && r->text[i - 1] == ' ');
}

static gboolean
is_indicator (char c)
{
  return strchr ("-?:,[]{}#&*!|>'\"%@`", c) != NULL;
}

/* A plain scalar from @pos, in a block (up to the end of the line or a
 * comment) or in a flow list (up to “,” or “]”); sets @end after its last
 * character that is not a blank, and @stop where it stopped. */
static gboolean
scan_plain (const Reader *r,
            const Line   *line,
            gsize         pos,
            gboolean      in_flow,
            gsize        *end,
            gsize        *stop)
{
  const char *t = r->text;
  gsize i = pos;
  gsize last = pos;

  if (is_indicator (t[pos]) &&
      !(t[pos] == '-' && pos + 1 < line->eol && t[pos + 1] != ' ' && !in_flow))
    return FALSE;

  for (; i < line->eol; i++)
    {
      char c = t[i];

      if (c == ':' && (i + 1 == line->eol || t[i + 1] == ' ' || in_flow))
        return FALSE;   /* a key, or an error: libyaml says which */
      if (c == '#' && t[i - 1] == ' ')
        break;
      if (in_flow && (c == ',' || c == ']'))
        break;
      if (in_flow && (c == '[' || c == '{' || c == '}' || c == '#'))
        return FALSE;
      if (c != ' ')
        last = i + 1;
    }
  *end = last;
  *stop = i;
  return last > pos;
}

static BilletNode *
read_plain (Reader     *r,
            const Line *line,
            gsize       pos,
            gboolean    in_flow,
            gsize      *stop)
{
  BilletNode *node;
  gsize end;

  if (!scan_plain (r, line, pos, in_flow, &end, stop))
    return NULL;
  if (!(node = node_new (r, BILLET_NODE_STRING, BILLET_STYLE_PLAIN, line, pos)))
    return NULL;
  node->end = end;
  node->text = g_strndup (r->text + pos, end - pos);
  node->kind = billet_scalar_resolve (node->text);
  return node;
}

static BilletNode *
read_quoted (Reader     *r,
             const Line *line,
             gsize       pos)
{
  const char *t = r->text;
  char quote = t[pos];
  GString *text;
  BilletNode *node;
  gsize i = pos + 1;

  /* Most quoted values hold no escape: their text is their bytes. */
  while (i < line->eol && t[i] != quote && t[i] != '\\')
    i++;
  if (i < line->eol && t[i] == quote && (quote == '"' || i + 1 == line->eol || t[i + 1] != '\''))
    {
      if (!(node = node_new (r, BILLET_NODE_STRING,
                             quote == '"' ? BILLET_STYLE_DOUBLE_QUOTED : BILLET_STYLE_SINGLE_QUOTED,
                             line, pos)))
        return NULL;
      node->end = i + 1;
      node->text = g_strndup (t + pos + 1, i - pos - 1);
      return node;
    }
  text = g_string_new (NULL);
  i = pos + 1;

  for (;;)
    {
      gsize run = i;

      while (i < line->eol && t[i] != quote && !(quote == '"' && t[i] == '\\'))
        i++;
      g_string_append_len (text, t + run, (gssize) (i - run));
      if (i >= line->eol)
        goto give_up;   /* on several lines */
      if (quote == '\'')
        {
          if (i + 1 < line->eol && t[i + 1] == '\'')
            {
              g_string_append_c (text, '\'');
              i += 2;
              continue;
            }
          break;
        }
      if (t[i] == '"')
        break;
      switch (i + 1 < line->eol ? t[i + 1] : 0)
        {
        case '"': g_string_append_c (text, '"'); break;
        case '\\': g_string_append_c (text, '\\'); break;
        case 'n': g_string_append_c (text, '\n'); break;
        case 't': g_string_append_c (text, '\t'); break;
        default: goto give_up;
        }
      i += 2;
    }

  if (!(node = node_new (r, BILLET_NODE_STRING,
                         quote == '"' ? BILLET_STYLE_DOUBLE_QUOTED : BILLET_STYLE_SINGLE_QUOTED,
                         line, pos)))
    goto give_up;
  node->end = i + 1;
  node->text = g_string_free (text, FALSE);
  return node;

give_up:
  g_string_free (text, TRUE);
  return NULL;
}

/* A scalar at @pos; @stop is set after it. */
static BilletNode *
read_scalar (Reader     *r,
             const Line *line,
             gsize       pos,
             gboolean    in_flow,
             gsize      *stop)
{
  BilletNode *node;

  if (r->text[pos] != '"' && r->text[pos] != '\'')
    return read_plain (r, line, pos, in_flow, stop);
  if ((node = read_quoted (r, line, pos)))
    *stop = node->end;
  return node;
}

static void
add_child (BilletNode *parent,
           BilletNode *child)
{
  child->parent = parent;
  g_ptr_array_add (parent->children, child);
}

/* [a, "b", c] on one line. */
static BilletNode *
read_flow_list (Reader     *r,
                const Line *line,
                gsize       pos,
                gsize      *stop)
{
  const char *t = r->text;
  BilletNode *list = node_new (r, BILLET_NODE_LIST, BILLET_STYLE_FLOW, line, pos);
  gsize i = pos + 1;

  if (list == NULL)
    return NULL;
  while (i < line->eol && t[i] == ' ')
    i++;
  while (i < line->eol && t[i] != ']')
    {
      BilletNode *item = read_scalar (r, line, i, TRUE, &i);

      if (item == NULL)
        goto give_up;
      add_child (list, item);
      while (i < line->eol && t[i] == ' ')
        i++;
      if (i < line->eol && t[i] == ',')
        {
          i++;
          while (i < line->eol && t[i] == ' ')
            i++;
          if (i < line->eol && t[i] == ']')
            goto give_up;   /* [a, ] */
        }
      else if (i >= line->eol || t[i] != ']')
        goto give_up;
    }
  if (i >= line->eol)
    goto give_up;
  list->end = i + 1;
  *stop = i + 1;
  return list;

give_up:
  billet_node_free (list);
  return NULL;
}

static BilletNode *read_map (Reader *r, Line *line, gsize indent);

/* A “- item” list whose first item is at @line, at @indent; @indentless
 * when that is its key's indent (“tags:” above “- a”), so that the next
 * key may follow it at that indent. */
static BilletNode *
read_block_list (Reader   *r,
                 Line     *line,
                 gsize     indent,
                 gboolean  indentless)
{
  const char *t = r->text;
  BilletNode *list = node_new (r, BILLET_NODE_LIST, BILLET_STYLE_BLOCK, line, line->start + indent);
  gboolean more = TRUE;

  if (list == NULL)
    return NULL;
  while (more && line->indent == indent &&
         line->start + indent + 1 < line->eol && t[line->start + indent] == '-' &&
         t[line->start + indent + 1] == ' ')
    {
      gsize i = line->start + indent + 2;
      BilletNode *item;

      while (i < line->eol && t[i] == ' ')
        i++;
      if (i == line->eol || t[i] == '[' || t[i] == '#' ||
          !(item = read_scalar (r, line, i, FALSE, &i)))
        goto give_up;
      add_child (list, item);
      if (!rest_is_empty (r, line, i))
        goto give_up;
      more = next_content (r, line);
      if (more && line->indent > indent)
        goto give_up;   /* a value on several lines, or nested */
    }
  if (list->children->len == 0 || (more && line->indent == indent && !indentless))
    goto give_up;
  list->end = ((BilletNode *) g_ptr_array_index (list->children, list->children->len - 1))->end;
  if (!more)
    line->start = G_MAXSIZE;   /* no line left */
  return list;

give_up:
  billet_node_free (list);
  return NULL;
}

static gboolean
is_key_char (char c,
             gboolean first)
{
  return g_ascii_isalnum (c) || c == '_' || (!first && (c == '-' || c == '.' || c == '/'));
}

/* The entries of a block map at @indent, from @line; leaves @line on the
 * first line after the map (line->start == G_MAXSIZE at the end). */
static BilletNode *
read_map (Reader *r,
          Line   *line,
          gsize   indent)
{
  const char *t = r->text;
  BilletNode *map;

  if (r->depth >= MAX_SIMPLE_DEPTH ||
      !(map = node_new (r, BILLET_NODE_MAP, BILLET_STYLE_BLOCK, line, line->start + indent)))
    return NULL;
  r->depth++;
  while (line->start != G_MAXSIZE && line->indent == indent)
    {
      gsize key_start = line->start + indent;
      gsize i = key_start;
      gsize colon;
      BilletNode *value = NULL;
      Line here = *line;
      Line after;

      if (!is_key_char (t[i], TRUE))
        goto give_up;
      while (i < line->eol && is_key_char (t[i], FALSE))
        i++;
      if (i >= line->eol || t[i] != ':' || (i + 1 < line->eol && t[i + 1] != ' '))
        goto give_up;
      colon = i;
      /* Twice the same key: an error, which libyaml reports. */
      for (guint k = 0; k < map->children->len; k++)
        {
          const BilletNode *sibling = g_ptr_array_index (map->children, k);

          if (strlen (sibling->key) == colon - key_start &&
              memcmp (sibling->key, t + key_start, colon - key_start) == 0)
            goto give_up;
        }
      if (map->children->len > 256)
        goto give_up;

      i = colon + 1;
      while (i < line->eol && t[i] == ' ')
        i++;
      if (i < line->eol && t[i] != '#')
        {
          /* key: value */
          value = t[i] == '[' ? read_flow_list (r, line, i, &i) : read_scalar (r, line, i, FALSE, &i);
          if (value == NULL || !rest_is_empty (r, line, i))
            goto give_up_value;
          if (!next_content (r, line))
            line->start = G_MAXSIZE;
          else if (line->indent > indent)
            goto give_up_value;   /* a value on several lines */
        }
      else
        {
          /* key: then a list or keys below it, or nothing */
          after = *line;
          if (next_content (r, &after) && after.indent >= indent &&
              (after.indent > indent ||
               (after.start + indent + 1 < after.eol && t[after.start + indent] == '-' &&
                t[after.start + indent + 1] == ' ')))
            {
              *line = after;
              if (t[line->start + line->indent] == '-')
                value = read_block_list (r, line, line->indent, line->indent == indent);
              else if (line->indent > indent)
                value = read_map (r, line, line->indent);
              if (value == NULL)
                goto give_up;
            }
          else
            {
              /* Nothing: null, at the colon (as libyaml marks it). */
              if (!(value = node_new (r, BILLET_NODE_NULL, BILLET_STYLE_PLAIN, &here, colon + 1)))
                goto give_up;
              value->end = colon + 1;
              value->text = g_strdup ("");
              if (!next_content (r, line))
                line->start = G_MAXSIZE;
            }
        }

      value->is_entry = TRUE;
      value->key_start = key_start;
      value->key_end = colon;
      value->key = g_strndup (t + key_start, colon - key_start);
      add_child (map, value);
      if (line->start != G_MAXSIZE && line->indent > indent)
        goto give_up;
      continue;

give_up_value:
      billet_node_free (value);
      goto give_up;
    }
  if (map->children->len == 0)
    goto give_up;
  map->end = ((BilletNode *) g_ptr_array_index (map->children, map->children->len - 1))->end;
  r->depth--;
  return map;

give_up:
  billet_node_free (map);
  return NULL;
}

/* Characters that end a line or that YAML does not print (tab, CR, other
 * controls, NEL, line and paragraph separators, BOM, U+FFFE/F): libyaml's
 * to read, or to refuse. The text is valid UTF-8 (check_text() in
 * billet-front-matter.c). */
static gboolean
has_odd_characters (const char *text,
                    gsize       len,
                    gboolean   *ascii)
{
  const guchar *p = (const guchar *) text;
  const guchar *end = p + len;

  *ascii = TRUE;
  for (; p < end; p++)
    {
      /* Eight printable ASCII characters at a time: no byte under 0x20 or
       * from 0x7F up. */
      while (end - p >= 8)
        {
          guint64 word;

          memcpy (&word, p, 8);
          if (((word - G_GUINT64_CONSTANT (0x2020202020202020)) |
               (word + G_GUINT64_CONSTANT (0x0101010101010101)) | word) &
              G_GUINT64_CONSTANT (0x8080808080808080))
            break;
          p += 8;
        }
      if (p >= end)
        break;
      if (*p < 0x20)
        {
          if (*p != '\n')
            return TRUE;
        }
      else if (*p == 0x7F)
        return TRUE;
      else if (*p >= 0x80)
        {
          *ascii = FALSE;
          if ((p[0] == 0xC2 && p + 1 < end && p[1] < 0xA0) ||
              (p[0] == 0xE2 && p + 2 < end && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) ||
              (p[0] == 0xEF && p + 2 < end && p[1] == 0xBB && p[2] == 0xBF) ||
              (p[0] == 0xEF && p + 2 < end && p[1] == 0xBF && p[2] >= 0xBE))
            return TRUE;
        }
    }
  return FALSE;
}

/**
 * _billet_front_matter_read_simple:
 *
 * Returns: (transfer full) (nullable): the tree of @text when it has the
 *   simple shape above, else %NULL (libyaml reads it)
 */
BilletNode *
_billet_front_matter_read_simple (const char *text,
                                  gsize       len,
                                  guint       first_line)
{
  Reader r = { text, len, first_line, TRUE, 0, 0 };
  Line line;
  BilletNode *root;

  if (has_odd_characters (text, len, &r.ascii))
    return NULL;
  if (!first_content (&r, 0, 0, &line))
    return NULL;   /* empty: libyaml's (cheap) */
  /* Document markers (---, ...) and directives (%) are no keys: the
   * map gives up on them. */
  root = read_map (&r, &line, line.indent);
  if (root != NULL && line.start != G_MAXSIZE)
    g_clear_pointer (&root, billet_node_free);   /* something after the map */
  return root;
}
