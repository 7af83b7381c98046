/* billet-front-matter.c — a parsed, ordered view of YAML or TOML front matter, and splices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The front-matter text is the single source of truth. Parsing builds a tree
 * of nodes that remember the byte span of every key and value (libyaml's
 * marks count characters, so they are mapped back to bytes). TOML is parsed
 * by toml++ into the same tree (billet-front-matter-toml.cpp). An edit never
 * re-emits the document: it replaces the bytes of one value, or inserts or
 * removes the lines of one entry, then parses the result again and checks
 * that the data changed exactly as asked. A splice that would do anything
 * else is refused, so a file is never rewritten into something unexpected.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <yaml.h>

#include "billet-front-matter-private.h"
#include "billet-parse-messages.h"
#include "billet-utf8.h"

G_DEFINE_QUARK (billet-front-matter-error-quark, billet_front_matter_error)

void
billet_node_free (BilletNode *node)
{
  if (node == NULL)
    return;
  g_free (node->key);
  g_free (node->text);
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_free (node);
}

BilletNode *
billet_node_new (BilletNodeKind kind)
{
  BilletNode *node = g_new0 (BilletNode, 1);

  node->kind = kind;
  if (kind == BILLET_NODE_LIST || kind == BILLET_NODE_MAP)
    node->children = g_ptr_array_new_full (8, (GDestroyNotify) billet_node_free);
  return node;
}

/* Scalar resolution: YAML 1.2's core schema, which is what Hugo's YAML
 * library uses. "yes"/"no"/"on" stay strings: reading them as booleans
 * would make the form offer a switch that rewrites the author's word. */

static gboolean
all_digits (const char *s,
            gsize       n)
{
  if (n == 0)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

gboolean
billet_value_parse_boolean (const char *text,
                            gboolean   *value)
{
  static const char *yes[] = { "true", "True", "TRUE" };
  static const char *no[] = { "false", "False", "FALSE" };

  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    {
      if (strcmp (text, yes[i]) == 0)
        {
          if (value)
            *value = TRUE;
          return TRUE;
        }
      if (strcmp (text, no[i]) == 0)
        {
          if (value)
            *value = FALSE;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
is_null (const char *text)
{
  return text[0] == 0 || strcmp (text, "~") == 0 || strcmp (text, "null") == 0 ||
         strcmp (text, "Null") == 0 || strcmp (text, "NULL") == 0;
}

gboolean
billet_value_is_number (const char *text)
{
  const char *p = text;
  gsize n;

  g_return_val_if_fail (text != NULL, FALSE);

  if (g_str_has_prefix (p, "0x") || g_str_has_prefix (p, "0o"))
    {
      gboolean hex = p[1] == 'x';

      p += 2;
      if (*p == 0)
        return FALSE;
      for (; *p; p++)
        if (hex ? !g_ascii_isxdigit (*p) : (*p < '0' || *p > '7'))
          return FALSE;
      return TRUE;
    }

  if (*p == '-' || *p == '+')
    p++;
  if (strcmp (p, ".inf") == 0 || strcmp (p, ".Inf") == 0 || strcmp (p, ".INF") == 0)
    return TRUE;
  if (p == text && (strcmp (p, ".nan") == 0 || strcmp (p, ".NaN") == 0 || strcmp (p, ".NAN") == 0))
    return TRUE;

  /* [0-9]+ ( . [0-9]* )? | . [0-9]+, then an optional exponent */
  n = strspn (p, "0123456789");
  if (n > 0)
    {
      p += n;
      if (*p == '.')
        p += 1 + strspn (p + 1, "0123456789");
    }
  else if (*p == '.')
    {
      n = strspn (p + 1, "0123456789");
      if (n == 0)
        return FALSE;
      p += 1 + n;
    }
  else
    return FALSE;

  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '-' || *p == '+')
        p++;
      n = strspn (p, "0123456789");
      if (n == 0)
        return FALSE;
      p += n;
    }
  return *p == 0;
}

gboolean
billet_value_is_date (const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  return strlen (text) == 10 && all_digits (text, 4) && text[4] == '-' &&
         all_digits (text + 5, 2) && text[7] == '-' && all_digits (text + 8, 2);
}

/* YAML's timestamp: yyyy-m(m)-d(d)(T|t|spaces)h(h):mm:ss(.frac)?(spaces)?(Z|±h(h)(:mm)?)? */
gboolean
billet_value_is_datetime (const char *text)
{
  const char *p = text;
  gsize n;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!all_digits (p, 4) || p[4] != '-')
    return FALSE;
  p += 5;
  n = strspn (p, "0123456789");
  if (n < 1 || n > 2 || p[n] != '-')
    return FALSE;
  p += n + 1;
  n = strspn (p, "0123456789");
  if (n < 1 || n > 2)
    return FALSE;
  p += n;
  if (*p == 'T' || *p == 't')
    p++;
  else if (*p == ' ' || *p == '\t')
    p += strspn (p, " \t");
  else
    return FALSE;
  n = strspn (p, "0123456789");
  if (n < 1 || n > 2 || p[n] != ':')
    return FALSE;
  p += n + 1;
  if (!all_digits (p, 2) || p[2] != ':')
    return FALSE;
  p += 3;
  if (!all_digits (p, 2))
    return FALSE;
  p += 2;
  if (*p == '.')
    p += 1 + strspn (p + 1, "0123456789");
  p += strspn (p, " \t");
  if (*p == 'Z')
    p++;
  else if (*p == '+' || *p == '-')
    {
      p++;
      n = strspn (p, "0123456789");
      /* ±hhmm is not YAML's, but Jekyll posts write it and Ruby reads it */
      if (n < 1 || n > 4 || n == 3)
        return FALSE;
      p += n;
      if (*p == ':' && n <= 2)
        {
          if (!all_digits (p + 1, 2))
            return FALSE;
          p += 3;
        }
    }
  return *p == 0;
}

BilletNodeKind
billet_scalar_resolve (const char *plain_text)
{
  g_return_val_if_fail (plain_text != NULL, BILLET_NODE_STRING);

  if (is_null (plain_text))
    return BILLET_NODE_NULL;
  if (billet_value_parse_boolean (plain_text, NULL))
    return BILLET_NODE_BOOLEAN;
  if (billet_value_is_number (plain_text))
    return BILLET_NODE_NUMBER;
  if (billet_value_is_date (plain_text))
    return BILLET_NODE_DATE;
  if (billet_value_is_datetime (plain_text))
    return BILLET_NODE_DATETIME;
  return BILLET_NODE_STRING;
}

/* Parsing */

typedef struct
{
  yaml_parser_t  parser;
  const char    *text;
  gsize          len;
  gsize          n_chars;
  guint32       *char_to_byte;  /* NULL when the text is ASCII */
  guint          first_line;
  guint          depth;
  guint          n_nodes;
  GError        *error;
  guint          error_line;
  guint          error_column;
} Parser;

static gsize
mark_to_byte (Parser            *p,
              const yaml_mark_t *mark)
{
  gsize index = MIN (mark->index, p->n_chars);

  return p->char_to_byte ? p->char_to_byte[index] : index;
}

static void
parser_fail (Parser            *p,
             const yaml_mark_t *mark,
             int                code,
             const char        *format,
             ...) G_GNUC_PRINTF (4, 5);

static void
parser_fail (Parser            *p,
             const yaml_mark_t *mark,
             int                code,
             const char        *format,
             ...)
{
  va_list args;

  if (p->error != NULL)
    return;
  va_start (args, format);
  p->error = g_error_new_valist (BILLET_FRONT_MATTER_ERROR, code, format, args);
  va_end (args);
  p->error_line = p->first_line + (mark ? (guint) mark->line : 0);
  p->error_column = mark ? (guint) mark->column + 1 : 1;
}

static gboolean
parser_next (Parser       *p,
             yaml_event_t *event)
{
  const char *problem;
  const char *context;

  if (yaml_parser_parse (&p->parser, event))
    return TRUE;

  /* libyaml's English, in the user's language */
  problem = billet_yaml_problem_text (p->parser.problem);
  context = billet_yaml_context_text (p->parser.context);
  /* An unclosed bracket or quote is found at the end of the text; where it
   * was opened says more. */
  if (context != NULL && p->parser.problem_mark.index >= p->n_chars &&
      p->parser.context_mark.index < p->n_chars)
    parser_fail (p, &p->parser.context_mark, BILLET_FRONT_MATTER_ERROR_SYNTAX,
                 /* Translators: what the YAML parser found, then where it was:
                  * "found unexpected end of stream while scanning a quoted scalar" */
                 _("Invalid YAML: %s %s"), problem ? problem : "", context);
  else if (context != NULL)
    parser_fail (p, &p->parser.problem_mark, BILLET_FRONT_MATTER_ERROR_SYNTAX,
                 /* Translators: what the YAML parser found, then where it was:
                  * "found unexpected end of stream while scanning a quoted scalar" */
                 _("Invalid YAML: %s %s"), problem ? problem : "", context);
  else
    parser_fail (p, &p->parser.problem_mark, BILLET_FRONT_MATTER_ERROR_SYNTAX,
                 _("Invalid YAML: %s"), problem ? problem : _("unknown error"));
  return FALSE;
}

static void
set_span (Parser       *p,
          BilletNode   *node,
          yaml_event_t *event)
{
  node->start = mark_to_byte (p, &event->start_mark);
  node->end = mark_to_byte (p, &event->end_mark);
  node->line = p->first_line + (guint) event->start_mark.line;
  node->column = (guint) event->start_mark.column + 1;
}

static BilletNode *parse_node (Parser *p, yaml_event_t *event);

static BilletNode *
parse_scalar (Parser       *p,
              yaml_event_t *event)
{
  const char *value = (const char *) event->data.scalar.value;
  const char *tag = (const char *) event->data.scalar.tag;
  BilletNode *node = billet_node_new (BILLET_NODE_STRING);

  set_span (p, node, event);
  node->text = g_strndup (value, event->data.scalar.length);

  /* The event starts at its tag ("!!str 12"): the value's bytes come after
   * it, and an edit must keep the tag. */
  if (tag != NULL && node->start < p->len && p->text[node->start] == '!')
    {
      gsize i = node->start;

      while (i < node->end && p->text[i] != ' ' && p->text[i] != '\t' && p->text[i] != '\n')
        i++;
      while (i < node->end && (p->text[i] == ' ' || p->text[i] == '\t'))
        i++;
      node->start = i;
    }

  switch (event->data.scalar.style)
    {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE:
      node->style = BILLET_STYLE_SINGLE_QUOTED;
      break;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
      node->style = BILLET_STYLE_DOUBLE_QUOTED;
      break;
    case YAML_LITERAL_SCALAR_STYLE:
      node->style = BILLET_STYLE_LITERAL;
      break;
    case YAML_FOLDED_SCALAR_STYLE:
      node->style = BILLET_STYLE_FOLDED;
      break;
    case YAML_PLAIN_SCALAR_STYLE:
    case YAML_ANY_SCALAR_STYLE:
    default:
      node->style = BILLET_STYLE_PLAIN;
      break;
    }

  if (event->data.scalar.anchor != NULL)
    node->kind = BILLET_NODE_OTHER;
  else if (tag != NULL)
    node->kind = g_str_equal (tag, YAML_STR_TAG) ? BILLET_NODE_STRING : BILLET_NODE_OTHER;
  else if (node->style == BILLET_STYLE_PLAIN)
    node->kind = billet_scalar_resolve (node->text);

  /* A NUL inside a scalar ("\0" escape) cannot be edited as a C string. */
  if (strlen (node->text) != event->data.scalar.length)
    node->kind = BILLET_NODE_OTHER;

  return node;
}

static BilletNode *
parse_collection (Parser       *p,
                  yaml_event_t *start_event,
                  gboolean      is_map)
{
  g_autoptr(GHashTable) seen = NULL;
  BilletNode *node = billet_node_new (is_map ? BILLET_NODE_MAP : BILLET_NODE_LIST);
  gboolean flow;
  yaml_event_type_t end_type = is_map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT;
  yaml_char_t *anchor;
  yaml_char_t *tag;

  if (is_map)
    {
      flow = start_event->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
      anchor = start_event->data.mapping_start.anchor;
      tag = start_event->data.mapping_start.tag;
      seen = g_hash_table_new (g_str_hash, g_str_equal);
    }
  else
    {
      flow = start_event->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
      anchor = start_event->data.sequence_start.anchor;
      tag = start_event->data.sequence_start.tag;
    }
  node->style = flow ? BILLET_STYLE_FLOW : BILLET_STYLE_BLOCK;
  set_span (p, node, start_event);

  if (++p->depth > BILLET_FRONT_MATTER_MAX_DEPTH)
    {
      parser_fail (p, &start_event->start_mark, BILLET_FRONT_MATTER_ERROR_TOO_DEEP,
                   _("The front matter nests more than %d levels deep"),
                   BILLET_FRONT_MATTER_MAX_DEPTH);
      billet_node_free (node);
      return NULL;
    }

  for (;;)
    {
      yaml_event_t event;
      BilletNode *child;
      BilletNode *key_node = NULL;

      if (!parser_next (p, &event))
        goto failed;

      if (event.type == end_type)
        {
          if (flow || node->children->len == 0)
            node->end = mark_to_byte (p, &event.end_mark);
          else
            node->end = ((BilletNode *) g_ptr_array_index (node->children,
                                                           node->children->len - 1))->end;
          yaml_event_delete (&event);
          break;
        }

      if (is_map)
        {
          key_node = parse_node (p, &event);
          if (key_node == NULL)
            goto failed;
          if (!parser_next (p, &event))
            {
              billet_node_free (key_node);
              goto failed;
            }
        }

      child = parse_node (p, &event);
      if (child == NULL)
        {
          billet_node_free (key_node);
          goto failed;
        }

      if (key_node != NULL)
        {
          child->is_entry = TRUE;
          child->key_start = key_node->start;
          child->key_end = key_node->end;
          if (billet_node_is_scalar (key_node) && key_node->kind != BILLET_NODE_OTHER)
            {
              child->key = g_steal_pointer (&key_node->text);
              if (g_hash_table_contains (seen, child->key))
                {
                  yaml_mark_t mark = { 0, key_node->line - p->first_line, key_node->column - 1 };

                  parser_fail (p, &mark, BILLET_FRONT_MATTER_ERROR_DUPLICATE_KEY,
                               _("The key “%s” appears twice"), child->key);
                  billet_node_free (key_node);
                  billet_node_free (child);
                  goto failed;
                }
              g_hash_table_add (seen, child->key);
            }
          else
            {
              /* A complex key (a list or a map as key): shown raw. */
              child->kind = BILLET_NODE_OTHER;
            }
          billet_node_free (key_node);

          /* An empty value ("key:") is an empty plain scalar whose marks
           * libyaml may put after the line break; keep it at the colon. */
          if (child->kind == BILLET_NODE_NULL && child->start == child->end)
            {
              gsize colon = child->key_end;

              while (colon < p->len && p->text[colon] != ':')
                colon++;
              if (colon < p->len && colon < child->start)
                child->start = child->end = colon + 1;
            }
        }

      child->parent = node;
      g_ptr_array_add (node->children, child);
    }

  p->depth--;

  if (anchor != NULL || tag != NULL)
    node->kind = BILLET_NODE_OTHER;

  return node;

failed:
  billet_node_free (node);
  return NULL;
}

/* Takes ownership of @event. */
static BilletNode *
parse_node (Parser       *p,
            yaml_event_t *event)
{
  BilletNode *node = NULL;

  if (++p->n_nodes > BILLET_FRONT_MATTER_MAX_NODES)
    {
      parser_fail (p, &event->start_mark, BILLET_FRONT_MATTER_ERROR_TOO_LARGE,
                   _("The front matter has more than %d values"),
                   BILLET_FRONT_MATTER_MAX_NODES);
      yaml_event_delete (event);
      return NULL;
    }

  switch (event->type)
    {
    case YAML_SCALAR_EVENT:
      node = parse_scalar (p, event);
      break;

    case YAML_ALIAS_EVENT:
      /* Aliases are never expanded: that is what makes alias bombs harmless. */
      node = billet_node_new (BILLET_NODE_OTHER);
      set_span (p, node, event);
      break;

    case YAML_SEQUENCE_START_EVENT:
      node = parse_collection (p, event, FALSE);
      break;

    case YAML_MAPPING_START_EVENT:
      node = parse_collection (p, event, TRUE);
      break;

    case YAML_NO_EVENT:
    case YAML_STREAM_START_EVENT:
    case YAML_STREAM_END_EVENT:
    case YAML_DOCUMENT_START_EVENT:
    case YAML_DOCUMENT_END_EVENT:
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
    default:
      parser_fail (p, &event->start_mark, BILLET_FRONT_MATTER_ERROR_SYNTAX,
                   _("Invalid YAML: unexpected structure"));
      break;
    }

  yaml_event_delete (event);
  return node;
}

/* The text is valid UTF-8 (check_text()). */
static void
build_char_map (Parser *p)
{
  gsize n_chars = 0;
  gboolean ascii = TRUE;

  for (gsize i = 0; i < p->len; i++)
    if ((guchar) p->text[i] >= 0x80)
      {
        ascii = FALSE;
        break;
      }

  if (ascii)
    {
      p->n_chars = p->len;
      return;
    }

  p->char_to_byte = g_new (guint32, p->len + 1);
  for (gsize i = 0; i < p->len; i = g_utf8_next_char (p->text + i) - p->text)
    p->char_to_byte[n_chars++] = (guint32) i;
  p->char_to_byte[n_chars] = (guint32) p->len;
  p->n_chars = n_chars;
}

static BilletNode *
parse_document (Parser *p)
{
  yaml_event_t event;
  BilletNode *root = NULL;

  if (!parser_next (p, &event))
    return NULL;
  g_assert (event.type == YAML_STREAM_START_EVENT);
  yaml_event_delete (&event);

  if (!parser_next (p, &event))
    return NULL;

  if (event.type == YAML_STREAM_END_EVENT)
    {
      /* Nothing but blank lines or comments: an empty mapping. */
      yaml_event_delete (&event);
      root = billet_node_new (BILLET_NODE_MAP);
      root->start = root->end = p->len;
      root->line = p->first_line;
      root->column = 1;
      return root;
    }

  g_assert (event.type == YAML_DOCUMENT_START_EVENT);
  yaml_event_delete (&event);

  if (!parser_next (p, &event))
    return NULL;

  if (event.type == YAML_SCALAR_EVENT && event.data.scalar.length == 0 &&
      event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && event.data.scalar.tag == NULL)
    {
      /* An explicit but empty document. */
      root = billet_node_new (BILLET_NODE_MAP);
      root->start = root->end = p->len;
      root->line = p->first_line;
      root->column = 1;
      yaml_event_delete (&event);
    }
  else if (event.type != YAML_MAPPING_START_EVENT)
    {
      parser_fail (p, &event.start_mark, BILLET_FRONT_MATTER_ERROR_NOT_A_MAPPING,
                   _("The front matter must be a list of “key: value” lines"));
      yaml_event_delete (&event);
      return NULL;
    }
  else
    {
      root = parse_node (p, &event);
      if (root == NULL)
        return NULL;
      if (root->kind != BILLET_NODE_MAP)
        {
          yaml_mark_t mark = { 0, root->line - p->first_line, root->column - 1 };

          parser_fail (p, &mark, BILLET_FRONT_MATTER_ERROR_UNSUPPORTED,
                       _("The front matter as a whole has an anchor or a tag, which Billet cannot edit"));
          billet_node_free (root);
          return NULL;
        }
    }

  if (!parser_next (p, &event))
    goto failed;
  g_assert (event.type == YAML_DOCUMENT_END_EVENT);
  yaml_event_delete (&event);

  if (!parser_next (p, &event))
    goto failed;
  if (event.type != YAML_STREAM_END_EVENT)
    {
      parser_fail (p, &event.start_mark, BILLET_FRONT_MATTER_ERROR_SYNTAX,
                   _("The front matter holds more than one YAML document"));
      yaml_event_delete (&event);
      goto failed;
    }
  yaml_event_delete (&event);

  return root;

failed:
  billet_node_free (root);
  return NULL;
}

/* What both languages refuse before parsing: too large, a NUL byte, or
 * bytes that are not UTF-8. */
static gboolean
check_text (const char  *text,
            gsize        len,
            guint        first_line,
            guint       *error_line,
            guint       *error_column,
            GError     **error)
{
  const char *nul;

  if (len > BILLET_FRONT_MATTER_MAX_SIZE)
    {
      g_set_error (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_TOO_LARGE,
                   _("The front matter is larger than %d KiB"),
                   BILLET_FRONT_MATTER_MAX_SIZE / 1024);
      return FALSE;
    }

  if ((nul = memchr (text, 0, len)) != NULL)
    {
      guint line = first_line;
      const char *bol = text;

      for (const char *c = text; c < nul; c++)
        if (*c == '\n')
          {
            line++;
            bol = c + 1;
          }
      if (error_line)
        *error_line = line;
      if (error_column)
        *error_column = (guint) g_utf8_strlen (bol, nul - bol) + 1;
      g_set_error_literal (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_SYNTAX,
                           _("The front matter contains a NUL byte"));
      return FALSE;
    }

  if (!billet_utf8_validate (text, len, NULL))
    {
      g_set_error_literal (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_SYNTAX,
                           _("The front matter is not valid UTF-8"));
      return FALSE;
    }
  return TRUE;
}

static BilletFrontMatter *
front_matter_new (BilletSyntax  syntax,
                  const char   *text,
                  gsize         len,
                  guint         first_line,
                  BilletNode   *root)
{
  BilletFrontMatter *self = g_new0 (BilletFrontMatter, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->syntax = syntax;
  self->text = g_strndup (text, len);
  self->len = len;
  self->first_line = first_line;
  self->root = root;
  return self;
}

static BilletNode *
read_with_libyaml (Parser *p)
{
  BilletNode *root;

  build_char_map (p);

  yaml_parser_initialize (&p->parser);
  yaml_parser_set_input_string (&p->parser, (const guchar *) p->text, p->len);
  yaml_parser_set_encoding (&p->parser, YAML_UTF8_ENCODING);

  root = parse_document (p);

  yaml_parser_delete (&p->parser);
  g_clear_pointer (&p->char_to_byte, g_free);
  return root;
}

/* With BILLET_CHECK_PARSE in the environment (the test suite sets it),
 * every text the simple reader takes is read by libyaml too, and the
 * trees must be the same to the last byte span. */
static gboolean
checking_simple_reader (void)
{
  static gsize check = 0;

  if (g_once_init_enter (&check))
    g_once_init_leave (&check, g_getenv ("BILLET_CHECK_PARSE") != NULL ? 2 : 1);
  return check == 2;
}

static gboolean
same_tree (const BilletNode *a,
           const BilletNode *b,
           GString          *why)
{
  guint n_a = a->children ? a->children->len : 0;
  guint n_b = b->children ? b->children->len : 0;

  if (a->kind != b->kind || a->style != b->style || g_strcmp0 (a->key, b->key) != 0 ||
      g_strcmp0 (a->text, b->text) != 0 || a->key_start != b->key_start ||
      a->key_end != b->key_end || a->start != b->start || a->end != b->end ||
      a->line != b->line || a->column != b->column || a->is_entry != b->is_entry || n_a != n_b)
    {
      g_string_append_printf (why,
                              "simple: kind %d style %d key %s text %s key [%" G_GSIZE_FORMAT ", %" G_GSIZE_FORMAT ") "
                              "span [%" G_GSIZE_FORMAT ", %" G_GSIZE_FORMAT ") %u:%u entry %d children %u\n"
                              "libyaml: kind %d style %d key %s text %s key [%" G_GSIZE_FORMAT ", %" G_GSIZE_FORMAT ") "
                              "span [%" G_GSIZE_FORMAT ", %" G_GSIZE_FORMAT ") %u:%u entry %d children %u",
                              a->kind, a->style, a->key, a->text, a->key_start, a->key_end, a->start, a->end,
                              a->line, a->column, a->is_entry, n_a,
                              b->kind, b->style, b->key, b->text, b->key_start, b->key_end, b->start, b->end,
                              b->line, b->column, b->is_entry, n_b);
      return FALSE;
    }
  for (guint i = 0; i < n_a; i++)
    if (!same_tree (g_ptr_array_index (a->children, i), g_ptr_array_index (b->children, i), why))
      return FALSE;
  return TRUE;
}

static void
check_simple_reader (const Parser     *p,
                     const BilletNode *simple)
{
  Parser q = { 0 };
  g_autoptr(GString) why = g_string_new (NULL);
  BilletNode *full;

  q.text = p->text;
  q.len = p->len;
  q.first_line = p->first_line;
  full = read_with_libyaml (&q);
  if (full == NULL)
    g_error ("The simple front-matter reader took a text libyaml refuses (%s):\n%.*s",
             q.error->message, (int) p->len, p->text);
  if (!same_tree (simple, full, why))
    g_error ("The simple front-matter reader and libyaml differ:\n%s\nin:\n%.*s",
             why->str, (int) p->len, p->text);
  billet_node_free (full);
}

/**
 * billet_front_matter_parse:
 * @text: the front-matter text, between the delimiter lines
 * @len: its length in bytes
 * @first_line: the line of the file on which @text starts (1-based), so that
 *   positions are reported in the file
 * @error_line: (out) (optional): where the error is, in the file
 * @error_column: (out) (optional): its column, 1-based, in characters
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): the parsed front matter, or %NULL
 *   when @text is not a YAML mapping (or is too large or too deep).
 */
BilletFrontMatter *
billet_front_matter_parse (const char  *text,
                           gsize        len,
                           guint        first_line,
                           guint       *error_line,
                           guint       *error_column,
                           GError     **error)
{
  Parser p = { 0 };
  BilletNode *root;

  g_return_val_if_fail (text != NULL || len == 0, NULL);

  if (error_line)
    *error_line = first_line;
  if (error_column)
    *error_column = 1;

  p.text = text ? text : "";
  p.len = len;
  p.first_line = first_line;

  if (!check_text (p.text, len, first_line, error_line, error_column, error))
    return NULL;

  /* Most front matters are a column of simple keys, which
   * billet-front-matter-simple.c reads, as libyaml would, much faster. */
  root = _billet_front_matter_read_simple (p.text, len, first_line);
  if (root != NULL && G_UNLIKELY (checking_simple_reader ()))
    check_simple_reader (&p, root);
  if (root == NULL)
    root = read_with_libyaml (&p);

  if (root == NULL)
    {
      g_assert (p.error != NULL);
      if (error_line)
        *error_line = p.error_line;
      if (error_column)
        *error_column = p.error_column;
      g_propagate_error (error, p.error);
      return NULL;
    }

  return front_matter_new (BILLET_SYNTAX_YAML, p.text, len, first_line, root);
}

/**
 * billet_front_matter_parse_toml:
 *
 * billet_front_matter_parse() for TOML front matter (between “+++” lines):
 * the same tree, with the same limits, and errors at their place in the
 * file. Edits of the result are TOML edits.
 *
 * Returns: (transfer full) (nullable): the parsed front matter
 */
BilletFrontMatter *
billet_front_matter_parse_toml (const char  *text,
                                gsize        len,
                                guint        first_line,
                                guint       *error_line,
                                guint       *error_column,
                                GError     **error)
{
  guint line = first_line, column = 1;
  BilletNode *root;

  g_return_val_if_fail (text != NULL || len == 0, NULL);

  if (text == NULL)
    text = "";
  if (check_text (text, len, first_line, &line, &column, error))
    {
      root = billet_front_matter_toml_parse_tree (text, len, first_line, &line, &column, error);
      if (root != NULL)
        return front_matter_new (BILLET_SYNTAX_TOML, text, len, first_line, root);
    }
  if (error_line)
    *error_line = line;
  if (error_column)
    *error_column = column;
  return NULL;
}

BilletFrontMatter *
billet_front_matter_ref (BilletFrontMatter *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
billet_front_matter_unref (BilletFrontMatter *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      billet_node_free (self->root);
      g_free (self->text);
      g_free (self);
    }
}

BilletSyntax
billet_front_matter_get_syntax (BilletFrontMatter *self)
{
  g_return_val_if_fail (self != NULL, BILLET_SYNTAX_YAML);

  return self->syntax;
}

const char *
billet_front_matter_get_text (BilletFrontMatter *self,
                              gsize             *len)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (len)
    *len = self->len;
  return self->text;
}

const BilletNode *
billet_front_matter_get_root (BilletFrontMatter *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->root;
}

const BilletNode *
billet_front_matter_lookup (BilletFrontMatter *self,
                            const char        *path)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  return billet_node_lookup (self->root, path);
}

/* Nodes */

BilletNodeKind
billet_node_get_kind (const BilletNode *node)
{
  g_return_val_if_fail (node != NULL, BILLET_NODE_OTHER);
  return node->kind;
}

/**
 * billet_node_get_syntax:
 *
 * Returns: the language of the front matter @node was read from
 */
BilletSyntax
billet_node_get_syntax (const BilletNode *node)
{
  g_return_val_if_fail (node != NULL, BILLET_SYNTAX_YAML);
  return node->syntax;
}

BilletNodeStyle
billet_node_get_style (const BilletNode *node)
{
  g_return_val_if_fail (node != NULL, BILLET_STYLE_PLAIN);
  return node->style;
}

const char *
billet_node_get_key (const BilletNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);
  return node->key;
}

const char *
billet_node_get_text (const BilletNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);
  return node->text;
}

gboolean
billet_node_get_boolean (const BilletNode *node)
{
  gboolean value = FALSE;

  g_return_val_if_fail (node != NULL, FALSE);

  if (node->kind == BILLET_NODE_BOOLEAN)
    billet_value_parse_boolean (node->text, &value);
  return value;
}

guint
billet_node_get_n_children (const BilletNode *node)
{
  g_return_val_if_fail (node != NULL, 0);
  return node->children ? node->children->len : 0;
}

const BilletNode *
billet_node_get_child (const BilletNode *node,
                       guint             index)
{
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (node->children != NULL && index < node->children->len, NULL);
  return g_ptr_array_index (node->children, index);
}

const BilletNode *
billet_node_get_parent (const BilletNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);
  return node->parent;
}

gsize
billet_node_get_start (const BilletNode *node)
{
  g_return_val_if_fail (node != NULL, 0);
  return node->start;
}

gsize
billet_node_get_end (const BilletNode *node)
{
  g_return_val_if_fail (node != NULL, 0);
  return node->end;
}

guint
billet_node_get_line (const BilletNode *node)
{
  g_return_val_if_fail (node != NULL, 0);
  return node->line;
}

guint
billet_node_get_column (const BilletNode *node)
{
  g_return_val_if_fail (node != NULL, 0);
  return node->column;
}

gboolean
billet_node_is_scalar (const BilletNode *node)
{
  g_return_val_if_fail (node != NULL, FALSE);
  return node->children == NULL && node->text != NULL;
}

gboolean
billet_node_is_string_list (const BilletNode *node)
{
  g_return_val_if_fail (node != NULL, FALSE);

  if (node->kind != BILLET_NODE_LIST)
    return FALSE;
  for (guint i = 0; i < node->children->len; i++)
    {
      const BilletNode *child = g_ptr_array_index (node->children, i);

      if (!billet_node_is_scalar (child) || child->kind == BILLET_NODE_OTHER ||
          child->kind == BILLET_NODE_NULL)
        return FALSE;
    }
  return TRUE;
}

/**
 * billet_node_dup_strv:
 * @node: a list of scalars, or a scalar
 *
 * Returns: (transfer full): the texts of the list's scalar items (other
 *   items are skipped), or a one-element array for a non-empty scalar.
 */
char **
billet_node_dup_strv (const BilletNode *node)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (node != NULL, NULL);

  if (node->kind == BILLET_NODE_LIST)
    {
      for (guint i = 0; i < node->children->len; i++)
        {
          const BilletNode *child = g_ptr_array_index (node->children, i);

          if (billet_node_is_scalar (child) && child->kind != BILLET_NODE_NULL)
            g_strv_builder_add (builder, child->text);
        }
    }
  else if (billet_node_is_scalar (node) && node->kind != BILLET_NODE_NULL)
    g_strv_builder_add (builder, node->text);

  return g_strv_builder_end (builder);
}

static const BilletNode *
find_child (const BilletNode *map,
            const char       *key,
            gsize             key_len)
{
  if (map->kind != BILLET_NODE_MAP)
    return NULL;

  for (guint i = 0; i < map->children->len; i++)
    {
      const BilletNode *child = g_ptr_array_index (map->children, i);

      if (child->key != NULL && strlen (child->key) == key_len &&
          memcmp (child->key, key, key_len) == 0)
        return child;
    }
  return NULL;
}

/**
 * billet_node_lookup:
 * @map: a map node
 * @path: a key, or a dotted path to a key of a nested map (`seo.title`)
 *
 * A key that itself contains dots is found too: the longest key that
 * matches a prefix of @path wins.
 *
 * Returns: (nullable): the value node
 */
const BilletNode *
billet_node_lookup (const BilletNode *map,
                    const char       *path)
{
  gsize len;

  g_return_val_if_fail (map != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  len = strlen (path);
  if (map->kind != BILLET_NODE_MAP || len == 0)
    return NULL;

  /* Try the whole path as one key, then shorter prefixes ending before a dot. */
  for (gssize cut = (gssize) len; cut > 0; cut--)
    {
      const BilletNode *child;

      if ((gsize) cut != len && path[cut] != '.')
        continue;
      child = find_child (map, path, (gsize) cut);
      if (child == NULL)
        continue;
      if ((gsize) cut == len)
        return child;
      child = billet_node_lookup (child, path + cut + 1);
      if (child != NULL)
        return child;
    }
  return NULL;
}

gboolean
billet_node_equal_text (const char       *text_a,
            const BilletNode *a,
            const char       *text_b,
            const BilletNode *b)
{
  if (a->kind != b->kind || g_strcmp0 (a->key, b->key) != 0)
    return FALSE;

  if (a->kind == BILLET_NODE_OTHER)
    {
      /* Compare what is written: an untouched raw node keeps its bytes. */
      if (text_a == NULL || text_b == NULL)
        return text_a == text_b;
      if (a->is_entry != b->is_entry)
        return FALSE;
      if (a->is_entry)
        {
          gsize la = a->end - a->key_start;
          gsize lb = b->end - b->key_start;

          return la == lb && memcmp (text_a + a->key_start, text_b + b->key_start, la) == 0;
        }
      return a->end - a->start == b->end - b->start &&
             memcmp (text_a + a->start, text_b + b->start, a->end - a->start) == 0;
    }

  if (a->children == NULL)
    return g_strcmp0 (a->text, b->text) == 0;

  if (a->children->len != b->children->len)
    return FALSE;
  for (guint i = 0; i < a->children->len; i++)
    if (!billet_node_equal_text (text_a, g_ptr_array_index (a->children, i),
                     text_b, g_ptr_array_index (b->children, i)))
      return FALSE;
  return TRUE;
}

/**
 * billet_node_equal:
 *
 * Whether two nodes hold the same data: same kinds, keys in the same order,
 * same texts. Raw ("other") nodes are compared by kind only here; the
 * splice checks compare their bytes.
 */
gboolean
billet_node_equal (const BilletNode *a,
                   const BilletNode *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  return billet_node_equal_text (NULL, a, NULL, b);
}

const char *
billet_node_kind_to_string (BilletNodeKind kind)
{
  switch (kind)
    {
    case BILLET_NODE_NULL: return "null";
    case BILLET_NODE_STRING: return "string";
    case BILLET_NODE_BOOLEAN: return "boolean";
    case BILLET_NODE_NUMBER: return "number";
    case BILLET_NODE_DATE: return "date";
    case BILLET_NODE_DATETIME: return "datetime";
    case BILLET_NODE_LIST: return "list";
    case BILLET_NODE_MAP: return "map";
    case BILLET_NODE_OTHER: return "other";
    default: return "other";
    }
}
