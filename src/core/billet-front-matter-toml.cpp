/* billet-front-matter-toml.cpp — TOML front matter into the front-matter node tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one C++ unit of Billet: Debian has no C TOML parser that keeps
 * positions, but it has toml++, whose nodes and keys carry their source
 * region. toml++ decides what is valid TOML and what each value is; this
 * unit maps its tree into the BilletNode tree the YAML parser builds, so
 * that the form, `billet get`, the index and the export read both alike,
 * and records what the TOML splicer needs on top (how each table is
 * written: a [header], dotted keys, inline, implied by a deeper header).
 *
 * toml++ counts columns in characters; they are mapped back to bytes as
 * the YAML parser maps libyaml's marks. Its tables are sorted by key:
 * entries are put back in file order by the position of their keys. The
 * text of numbers, dates and times is taken from the file as written.
 *
 * Nothing here throws: this unit is built without exceptions (toml++
 * reports errors as values), so running out of memory aborts, as GLib's
 * allocations do.
 */

#include "config.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

/* toml++ checks its own state with assert(), and one of its checks fails
 * on input it then reports as invalid (a lone “[”): with its checks off,
 * it reports the error. Without NDEBUG, which the build never defines,
 * those checks are never turned into compiler assumptions either. */
#undef NDEBUG
#define TOML_ASSERT(expr) static_assert (true)
#define TOML_HEADER_ONLY 1
#define TOML_EXCEPTIONS 0
#define TOML_ENABLE_FORMATTERS 0
#define TOML_ENABLE_UNRELEASED_FEATURES 0
#include <toml++/toml.h>

#include <glib/gi18n-lib.h>

#include "billet-front-matter-private.h"

namespace {

struct Builder
{
  const char *text;
  size_t len;
  size_t skip;                          /* a byte-order mark toml++ skipped */
  guint first_line;
  std::vector<size_t> line_starts;      /* byte offset of each line */
  std::vector<size_t> line_first_char;  /* character index of each line (non-ASCII text) */
  std::vector<guint32> char_to_byte;    /* empty when the text is ASCII */
  guint n_nodes = 0;
  GError *error = nullptr;
  guint error_line = 0;
  guint error_column = 0;

  Builder (const char *t, size_t l, guint first)
    : text (t), len (l), skip (0), first_line (first)
  {
    bool ascii = true;

    if (len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
      skip = 3;
    line_starts.push_back (skip);
    for (size_t i = skip; i < len; i++)
      {
        if (text[i] == '\n')
          line_starts.push_back (i + 1);
        else if (static_cast<unsigned char> (text[i]) >= 0x80)
          ascii = false;
      }
    if (ascii)
      return;

    /* Characters to bytes, as toml++ counts them: from after the mark. */
    char_to_byte.reserve (len - skip + 1);
    line_first_char.push_back (0);
    for (size_t i = skip; i < len; i = g_utf8_next_char (text + i) - text)
      {
        char_to_byte.push_back (static_cast<guint32> (i));
        if (text[i] == '\n')
          line_first_char.push_back (char_to_byte.size ());
      }
    char_to_byte.push_back (static_cast<guint32> (len));
  }

  size_t
  byte_of (const toml::source_position &pos) const
  {
    size_t line, column;

    if (pos.line == 0 || pos.column == 0)
      return skip;
    line = pos.line - 1;
    column = pos.column - 1;
    if (line >= line_starts.size ())
      return len;
    if (char_to_byte.empty ())
      return std::min (line_starts[line] + column, len);
    return char_to_byte[std::min (line_first_char[line] + column, char_to_byte.size () - 1)];
  }

  void
  fail (const toml::source_position &pos,
        int                          code,
        char                        *message)
  {
    if (error == nullptr)
      {
        error = g_error_new_literal (BILLET_FRONT_MATTER_ERROR, code, message);
        error_line = first_line + (pos.line > 0 ? pos.line - 1 : 0);
        error_column = pos.column > 0 ? pos.column : 1;
      }
    g_free (message);
  }

  void
  set_position (BilletNode                 *node,
                const toml::source_region  &region)
  {
    node->start = byte_of (region.begin);
    node->end = std::max (node->start, byte_of (region.end));
    node->line = first_line + (region.begin.line > 0 ? region.begin.line - 1 : 0);
    node->column = region.begin.column > 0 ? region.begin.column : 1;
  }

  /* How many keys a [header] or [[header]] at @at names. The text is valid
   * TOML: keys are bare or quoted, separated by dots and blanks. */
  guint
  header_depth (size_t at) const
  {
    size_t i = at;
    guint n = 0;

    while (i < len && (text[i] == '[' || text[i] == ' ' || text[i] == '\t'))
      i++;
    while (i < len && text[i] != ']')
      {
        if (text[i] == '"')
          {
            for (i++; i < len && text[i] != '"'; i++)
              if (text[i] == '\\')
                i++;
            i++;
            n++;
          }
        else if (text[i] == '\'')
          {
            for (i++; i < len && text[i] != '\''; i++)
              ;
            i++;
            n++;
          }
        else if (text[i] == '.' || text[i] == ' ' || text[i] == '\t')
          i++;
        else
          {
            while (i < len && (g_ascii_isalnum (text[i]) || text[i] == '_' || text[i] == '-'))
              i++;
            n++;
          }
      }
    return n;
  }

  BilletNode *build (const toml::node &value, guint depth, guint table_depth, bool in_inline);
  BilletNode *build_table (const toml::table &table, guint depth, guint table_depth,
                           bool in_inline);
  BilletNode *build_scalar (const toml::node &value);
};

static BilletNode *
toml_node_new (BilletNodeKind kind)
{
  BilletNode *node = billet_node_new (kind);

  node->syntax = BILLET_SYNTAX_TOML;
  return node;
}

/* The bytes of a value, as written. */
static char *
written (const char       *text,
         const BilletNode *node)
{
  return g_strndup (text + node->start, node->end - node->start);
}

BilletNode *
Builder::build_scalar (const toml::node &value)
{
  BilletNode *node = toml_node_new (BILLET_NODE_STRING);

  set_position (node, value.source ());
  node->style = BILLET_STYLE_PLAIN;

  switch (value.type ())
    {
    case toml::node_type::string:
      {
        const std::string &s = value.as_string ()->get ();
        const char *at = text + node->start;
        size_t n = node->end - node->start;

        node->text = g_strndup (s.data (), s.size ());
        if (n >= 3 && memcmp (at, "\"\"\"", 3) == 0)
          node->style = BILLET_STYLE_MULTILINE_DOUBLE_QUOTED;
        else if (n >= 3 && memcmp (at, "'''", 3) == 0)
          node->style = BILLET_STYLE_MULTILINE_SINGLE_QUOTED;
        else if (n >= 1 && at[0] == '\'')
          node->style = BILLET_STYLE_SINGLE_QUOTED;
        else
          node->style = BILLET_STYLE_DOUBLE_QUOTED;
        /* A NUL ("\u0000") cannot be edited as a C string. */
        if (memchr (s.data (), 0, s.size ()) != nullptr)
          node->kind = BILLET_NODE_OTHER;
      }
      break;

    case toml::node_type::boolean:
      node->kind = BILLET_NODE_BOOLEAN;
      node->text = g_strdup (value.as_boolean ()->get () ? "true" : "false");
      break;

    case toml::node_type::integer:
    case toml::node_type::floating_point:
      node->kind = BILLET_NODE_NUMBER;
      node->text = written (text, node);
      break;

    case toml::node_type::date:
      node->kind = BILLET_NODE_DATE;
      node->text = written (text, node);
      break;

    case toml::node_type::date_time:
      node->kind = BILLET_NODE_DATETIME;
      node->text = written (text, node);
      break;

    case toml::node_type::time:
    case toml::node_type::none:
    case toml::node_type::table:
    case toml::node_type::array:
    default:
      /* A time of day: no kind of the form's, shown as written. */
      node->kind = BILLET_NODE_OTHER;
      node->text = written (text, node);
      break;
    }
  return node;
}

static void
extend_end (BilletNode       *node,
            const BilletNode *child)
{
  node->end = std::max (node->end, child->end);
}

BilletNode *
Builder::build (const toml::node &value,
                guint             depth,
                guint             table_depth,
                bool              in_inline)
{
  if (error != nullptr)
    return nullptr;
  if (++n_nodes > BILLET_FRONT_MATTER_MAX_NODES)
    {
      fail (value.source ().begin, BILLET_FRONT_MATTER_ERROR_TOO_LARGE,
            g_strdup_printf (_("The front matter has more than %d values"),
                             BILLET_FRONT_MATTER_MAX_NODES));
      return nullptr;
    }
  if (depth > BILLET_FRONT_MATTER_MAX_DEPTH)
    {
      fail (value.source ().begin, BILLET_FRONT_MATTER_ERROR_TOO_DEEP,
            g_strdup_printf (_("The front matter nests more than %d levels deep"),
                             BILLET_FRONT_MATTER_MAX_DEPTH));
      return nullptr;
    }

  if (const toml::table *table = value.as_table ())
    return build_table (*table, depth, table_depth, in_inline || table->is_inline ());

  if (const toml::array *array = value.as_array ())
    {
      BilletNode *node = toml_node_new (BILLET_NODE_LIST);
      /* [[header]] tables, as opposed to an array of inline tables */
      bool of_tables = !in_inline && !array->empty () && array->is_array_of_tables () &&
                       !array->front ().as_table ()->is_inline ();

      set_position (node, value.source ());
      node->style = of_tables ? BILLET_STYLE_BLOCK : BILLET_STYLE_FLOW;
      node->toml_table = of_tables ? BILLET_TOML_ARRAY_OF_TABLES : BILLET_TOML_NOT_A_TABLE;
      for (const toml::node &item : *array)
        {
          /* The tables of a [[header]] are as deep as the array. */
          BilletNode *child = build (item, depth + 1, table_depth, in_inline || !of_tables);

          if (child == nullptr)
            {
              billet_node_free (node);
              return nullptr;
            }
          child->parent = node;
          g_ptr_array_add (node->children, child);
          if (of_tables)
            extend_end (node, child);
        }
      if (of_tables)
        {
          const BilletNode *first = static_cast<BilletNode *> (g_ptr_array_index (node->children, 0));

          node->start = first->start;
          node->line = first->line;
          node->column = first->column;
        }
      return node;
    }

  return build_scalar (value);
}

BilletNode *
Builder::build_table (const toml::table &table,
                      guint              depth,
                      guint              table_depth,
                      bool               in_inline)
{
  BilletNode *node = toml_node_new (BILLET_NODE_MAP);
  std::vector<BilletNode *> children;

  set_position (node, table.source ());
  if (depth == 0)
    {
      node->style = BILLET_STYLE_BLOCK;
      node->toml_table = BILLET_TOML_ROOT;
      node->start = skip;
      node->end = len;
      node->line = first_line;
      node->column = 1;
    }
  else if (in_inline)
    {
      node->style = BILLET_STYLE_FLOW;
      node->toml_table = BILLET_TOML_INLINE;
    }
  else
    {
      node->style = BILLET_STYLE_BLOCK;
      /* A table whose region is a header is that header's table when the
       * header names as many keys as the table is deep; otherwise the
       * header is a deeper one's, and this table is only implied. A table
       * whose region is a key was made by dotted keys. */
      if (node->start < len && text[node->start] == '[')
        {
          if (header_depth (node->start) == table_depth)
            {
              node->toml_table = BILLET_TOML_HEADER;
              node->header_start = node->start;
              node->header_end = node->end;
            }
          else
            node->toml_table = BILLET_TOML_IMPLICIT;
        }
      else
        node->toml_table = BILLET_TOML_DOTTED;
    }

  for (auto &&entry : table)
    {
      const toml::key &key = entry.first;
      BilletNode *child = build (entry.second, depth + 1, table_depth + 1, in_inline);

      if (child == nullptr)
        {
          for (BilletNode *c : children)
            billet_node_free (c);
          billet_node_free (node);
          return nullptr;
        }
      child->is_entry = TRUE;
      child->key_start = byte_of (key.source ().begin);
      child->key_end = std::max (child->key_start, byte_of (key.source ().end));
      if (memchr (key.str ().data (), 0, key.str ().size ()) != nullptr)
        child->kind = BILLET_NODE_OTHER;   /* a NUL in a key */
      else
        child->key = g_strndup (key.str ().data (), key.str ().size ());
      /* A table made by dotted keys or implied by a header has no bytes of
       * its own: its span starts at its key. */
      if (child->toml_table == BILLET_TOML_DOTTED || child->toml_table == BILLET_TOML_IMPLICIT)
        {
          child->start = child->key_start;
          child->end = std::max (child->end, child->key_end);
        }
      child->parent = node;
      children.push_back (child);
    }

  /* File order: by where each key first appears. */
  std::stable_sort (children.begin (), children.end (),
                    [] (const BilletNode *a, const BilletNode *b) {
                      return a->key_start < b->key_start;
                    });
  for (BilletNode *child : children)
    {
      g_ptr_array_add (node->children, child);
      /* (A table made by dotted keys between braces has its key's region.) */
      if (node->toml_table != BILLET_TOML_ROOT)
        extend_end (node, child);
    }
  if (node->toml_table == BILLET_TOML_DOTTED || node->toml_table == BILLET_TOML_IMPLICIT)
    node->end = std::max (node->end, node->start);
  return node;
}

} /* namespace */

/**
 * billet_front_matter_toml_parse_tree:
 * @text: (array length=len): valid UTF-8 without NUL bytes
 * @first_line: the line of the file @text starts on
 *
 * Returns: (transfer full) (nullable): the root map, or %NULL with @error
 *   and its position set
 */
BilletNode *
billet_front_matter_toml_parse_tree (const char  *text,
                                     gsize        len,
                                     guint        first_line,
                                     guint       *error_line,
                                     guint       *error_column,
                                     GError     **error)
{
  Builder builder (text, len, first_line);
  toml::parse_result result = toml::parse (std::string_view (text, len));
  BilletNode *root = nullptr;

  if (!result)
    {
      const toml::parse_error &problem = result.error ();
      std::string what (problem.description ());

      builder.fail (problem.source ().begin, BILLET_FRONT_MATTER_ERROR_SYNTAX,
                    /* Translators: the part after the colon comes from the TOML parser, in English */
                    g_strdup_printf (_("Invalid TOML: %s"), what.c_str ()));
    }
  else
    root = builder.build (result.table (), 0, 0, false);

  if (builder.error != nullptr)
    {
      g_propagate_error (error, builder.error);
      *error_line = builder.error_line;
      *error_column = builder.error_column;
      return nullptr;
    }
  return root;
}
