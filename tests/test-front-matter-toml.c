/* test-front-matter-toml.c — parsing and splicing TOML front matter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "billet-front-matter.h"

static BilletFrontMatter *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  BilletFrontMatter *fm = billet_front_matter_parse_toml (text, strlen (text), 2, NULL, NULL,
                                                          &error);

  g_assert_no_error (error);
  g_assert_nonnull (fm);
  g_assert_cmpint (billet_front_matter_get_syntax (fm), ==, BILLET_SYNTAX_TOML);
  return fm;
}

static void
test_kinds (void)
{
  static const struct
  {
    const char      *toml;
    const char      *key;
    BilletNodeKind   kind;
    BilletNodeStyle  style;
    const char      *text;
  } cases[] = {
    { "title = \"Hello world\"\n", "title", BILLET_NODE_STRING, BILLET_STYLE_DOUBLE_QUOTED, "Hello world" },
    { "title = \"Été \\\"cité\\\" \\u00e9\\n\"\n", "title", BILLET_NODE_STRING, BILLET_STYLE_DOUBLE_QUOTED, "Été \"cité\" é\n" },
    { "path = 'C:\\Users'\n", "path", BILLET_NODE_STRING, BILLET_STYLE_SINGLE_QUOTED, "C:\\Users" },
    { "d = \"\"\"\nLine one\nLine two\"\"\"\n", "d", BILLET_NODE_STRING, BILLET_STYLE_MULTILINE_DOUBLE_QUOTED, "Line one\nLine two" },
    { "d = \"\"\"a \\\n   b\"\"\"\n", "d", BILLET_NODE_STRING, BILLET_STYLE_MULTILINE_DOUBLE_QUOTED, "a b" },
    { "d = '''\nraw \\n'''\n", "d", BILLET_NODE_STRING, BILLET_STYLE_MULTILINE_SINGLE_QUOTED, "raw \\n" },
    { "draft = true\n", "draft", BILLET_NODE_BOOLEAN, BILLET_STYLE_PLAIN, "true" },
    { "draft = false\n", "draft", BILLET_NODE_BOOLEAN, BILLET_STYLE_PLAIN, "false" },
    { "weight = 1_000\n", "weight", BILLET_NODE_NUMBER, BILLET_STYLE_PLAIN, "1_000" },
    { "weight = 0xDEAD_beef\n", "weight", BILLET_NODE_NUMBER, BILLET_STYLE_PLAIN, "0xDEAD_beef" },
    { "weight = -1.5e3\n", "weight", BILLET_NODE_NUMBER, BILLET_STYLE_PLAIN, "-1.5e3" },
    { "weight = +inf\n", "weight", BILLET_NODE_NUMBER, BILLET_STYLE_PLAIN, "+inf" },
    { "date = 2024-03-01\n", "date", BILLET_NODE_DATE, BILLET_STYLE_PLAIN, "2024-03-01" },
    { "date = 2024-03-01T10:00:00+01:00\n", "date", BILLET_NODE_DATETIME, BILLET_STYLE_PLAIN, "2024-03-01T10:00:00+01:00" },
    { "date = 2024-03-01 10:00:00Z # UTC\n", "date", BILLET_NODE_DATETIME, BILLET_STYLE_PLAIN, "2024-03-01 10:00:00Z" },
    { "date = 2024-03-01T10:00:00.5\n", "date", BILLET_NODE_DATETIME, BILLET_STYLE_PLAIN, "2024-03-01T10:00:00.5" },
    { "at = 07:32:00\n", "at", BILLET_NODE_OTHER, BILLET_STYLE_PLAIN, "07:32:00" },
    { "tags = [\"a\", 'b']\n", "tags", BILLET_NODE_LIST, BILLET_STYLE_FLOW, NULL },
    { "seo = { title = \"T\" }\n", "seo", BILLET_NODE_MAP, BILLET_STYLE_FLOW, NULL },
    { "seo = { title = \"T\" }\n", "seo.title", BILLET_NODE_STRING, BILLET_STYLE_DOUBLE_QUOTED, "T" },
    { "[params]\nauthor = \"A\"\n", "params", BILLET_NODE_MAP, BILLET_STYLE_BLOCK, NULL },
    { "[params]\nauthor = \"A\"\n", "params.author", BILLET_NODE_STRING, BILLET_STYLE_DOUBLE_QUOTED, "A" },
    { "a.b.c = 1\n", "a.b.c", BILLET_NODE_NUMBER, BILLET_STYLE_PLAIN, "1" },
    { "\"a.b\" = 1\n", "a.b", BILLET_NODE_NUMBER, BILLET_STYLE_PLAIN, "1" },
    { "[[menu]]\nname = \"x\"\n[[menu]]\nname = \"y\"\n", "menu", BILLET_NODE_LIST, BILLET_STYLE_BLOCK, NULL },
    { "nul = \"a\\u0000b\"\n", "nul", BILLET_NODE_OTHER, BILLET_STYLE_DOUBLE_QUOTED, "a" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BilletFrontMatter) fm = parse_ok (cases[i].toml);
      const BilletNode *node = billet_front_matter_lookup (fm, cases[i].key);

      g_test_message ("case %u: %s", i, cases[i].toml);
      g_assert_nonnull (node);
      g_assert_cmpstr (billet_node_kind_to_string (billet_node_get_kind (node)), ==,
                       billet_node_kind_to_string (cases[i].kind));
      g_assert_cmpint (billet_node_get_style (node), ==, cases[i].style);
      g_assert_cmpstr (billet_node_get_text (node), ==, cases[i].text);
    }
}

/* Keys in the order of the file, whatever toml++ sorts them by; values
 * and keys at their bytes, and at their line and column in the file. */
static void
test_order_and_spans (void)
{
  const char *text =
    "# Hugo\n"
    "title = \"Été\"\n"
    "zeta = 1\n"
    "alpha.beta = 'x'\n"
    "tags = [\"un\", \"deux\"]\n"
    "\n"
    "[params]\n"
    "  author = \"Anne\"\n"
    "[[menu.main]]\n"
    "  name = \"Accueil\"\n";
  g_autoptr(BilletFrontMatter) fm = parse_ok (text);
  const BilletNode *root = billet_front_matter_get_root (fm);
  const char * const keys[] = { "title", "zeta", "alpha", "tags", "params", "menu" };
  const BilletNode *title = billet_front_matter_lookup (fm, "title");
  const BilletNode *tags = billet_front_matter_lookup (fm, "tags");
  const BilletNode *author = billet_front_matter_lookup (fm, "params.author");
  const BilletNode *params = billet_front_matter_lookup (fm, "params");
  const BilletNode *menu = billet_front_matter_lookup (fm, "menu.main");

  g_assert_cmpuint (billet_node_get_n_children (root), ==, G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_cmpstr (billet_node_get_key (billet_node_get_child (root, i)), ==, keys[i]);

  g_assert_cmpuint (billet_node_get_start (title), ==, strlen ("# Hugo\ntitle = "));
  g_assert_cmpuint (billet_node_get_end (title), ==, strlen ("# Hugo\ntitle = \"Été\""));
  g_assert_cmpuint (billet_node_get_line (title), ==, 3);
  g_assert_cmpuint (billet_node_get_column (title), ==, 9);

  g_assert_true (billet_node_is_string_list (tags));
  g_assert_cmpuint (billet_node_get_n_children (tags), ==, 2);
  g_assert_cmpstr (billet_node_get_text (billet_node_get_child (tags, 1)), ==, "deux");
  g_assert_cmpuint (billet_node_get_line (billet_node_get_child (tags, 1)), ==, 6);
  g_assert_cmpuint (billet_node_get_column (billet_node_get_child (tags, 1)), ==, 15);

  g_assert_cmpuint (billet_node_get_line (author), ==, 9);
  g_assert_cmpuint (billet_node_get_column (author), ==, 12);
  g_assert_true (billet_node_get_parent (author) == params);
  g_assert_cmpuint (billet_node_get_start (params), ==, strstr (text, "[params]") - text);

  /* [[menu.main]]: menu is implied, main a list of tables */
  g_assert_nonnull (menu);
  g_assert_cmpint (billet_node_get_kind (menu), ==, BILLET_NODE_LIST);
  g_assert_cmpstr (billet_node_get_text (billet_node_lookup (billet_node_get_child (menu, 0), "name")),
                   ==, "Accueil");
}

static void
test_errors (void)
{
  static const struct
  {
    const char *toml;
    guint       line;
    guint       column;
  } cases[] = {
    { "title = \n", 2, 9 },
    { "title = \"T\"\ntitle = \"U\"\n", 3, 9 },
    { "a = 1\n[t]\nb = 2\n[t]\n", 5, 1 },
    { "é = 1\n", 2, 1 },
    { "[\n", 2, 2 },
    { "title = \"Été\" x\n", 2, 15 },
    { "date = 2024-13-01\n", 2, 15 },
    /* toml++'s own test for blanks was undefined behaviour on these */
    { "title = été\n", 2, 9 },
    { "d = \"\"\"a\\ é\"\"\"\n", 2, 11 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      guint line = 0, column = 0;
      BilletFrontMatter *fm = billet_front_matter_parse_toml (cases[i].toml, strlen (cases[i].toml),
                                                              2, &line, &column, &error);

      g_test_message ("case %u: %s → %u:%u %s", i, cases[i].toml, line, column, error ? error->message : "accepted");
      g_assert_null (fm);
      g_assert_error (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_SYNTAX);
      g_assert_true (g_str_has_prefix (error->message, "Invalid TOML: "));
      g_assert_cmpuint (line, ==, cases[i].line);
      g_assert_cmpuint (column, ==, cases[i].column);
    }
}

static void
test_hostile (void)
{
  g_autoptr(GString) deep = g_string_new ("a = ");
  g_autoptr(GString) wide = g_string_new ("");
  g_autoptr(GError) error = NULL;
  BilletFrontMatter *fm;

  /* Nesting deeper than the front matter's limit */
  for (guint i = 0; i < 100; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 100; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '\n');
  fm = billet_front_matter_parse_toml (deep->str, deep->len, 2, NULL, NULL, &error);
  g_assert_null (fm);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* One long line of values, fast (positions are not found by scanning
   * the line again for each value) */
  g_string_append (wide, "a = [");
  for (guint i = 0; i < 50000; i++)
    g_string_append (wide, "\"é\",");
  g_string_append (wide, "]\n");
  fm = billet_front_matter_parse_toml (wide->str, wide->len, 2, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (billet_node_get_column (billet_node_get_child (billet_front_matter_lookup (fm, "a"),
                                                                     49999)), ==, 6 + 49999 * 4);
  billet_front_matter_unref (fm);

  /* A NUL, and bytes that are not UTF-8 */
  fm = billet_front_matter_parse_toml ("a = 1\nb = \"\0\"\n", 13, 2, NULL, NULL, &error);
  g_assert_null (fm);
  g_assert_error (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_SYNTAX);
  g_clear_error (&error);
  fm = billet_front_matter_parse_toml ("a = \"caf\xE9\"\n", 11, 2, NULL, NULL, &error);
  g_assert_null (fm);
  g_assert_error (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_SYNTAX);
}

typedef enum
{
  SET,
  LIST,
  REMOVE,
} Op;

typedef struct
{
  const char     *before;
  Op              op;
  const char     *path;
  BilletNodeKind  kind;
  const char     *value;   /* LIST: items separated by “|” */
  const char     *after;   /* NULL: refused */
} SpliceCase;

static const SpliceCase splice_cases[] = {
  /* Strings keep their quotes, their comment, everything around them */
  { "title = \"Old\" # the title\ndraft = true\n", SET, "title", BILLET_NODE_STRING, "New",
    "title = \"New\" # the title\ndraft = true\n" },
  { "title = 'Old'\n", SET, "title", BILLET_NODE_STRING, "C:\\New",
    "title = 'C:\\New'\n" },
  { "title = 'Old'\n", SET, "title", BILLET_NODE_STRING, "It's",
    "title = \"It's\"\n" },
  { "title=\"Old\"\n", SET, "title", BILLET_NODE_STRING, "a \"b\" \\ c\td",
    "title=\"a \\\"b\\\" \\\\ c\td\"\n" },
  { "title = \"Old\"\n", SET, "title", BILLET_NODE_STRING, "Protège-Toit 🏡",
    "title = \"Protège-Toit 🏡\"\n" },
  { "title = \"Old\"\n", SET, "title", BILLET_NODE_STRING, "two\nlines\x7f\x01",
    "title = \"two\\nlines\\u007F\\u0001\"\n" },
  /* Multi-line strings stay multi-line, laid out as they were */
  { "d = \"\"\"\nLine one\nLine two\n\"\"\"\nx = 1\n", SET, "d", BILLET_NODE_STRING, "New one\nNew \"\"\" two\n",
    "d = \"\"\"\nNew one\nNew \"\"\\\" two\n\"\"\"\nx = 1\n" },
  { "d = \"\"\"\nLine one\n\"\"\"\n", SET, "d", BILLET_NODE_STRING, "No break at the end \\",
    "d = \"\"\"\nNo break at the end \\\\\\\n\"\"\"\n" },
  { "d = '''\nraw\n'''\n", SET, "d", BILLET_NODE_STRING, "C:\\raw\nstill",
    "d = '''\nC:\\raw\nstill'''\n" },
  { "d = '''raw'''\n", SET, "d", BILLET_NODE_STRING, "has ''' in it\"",
    "d = \"\"\"has ''' in it\\\"\"\"\"\n" },
  { "title = \"caf\\u00e9\" # escaped\n", SET, "title", BILLET_NODE_STRING, "café",
    "title = \"caf\\u00e9\" # escaped\n" },
  { "tags = [ \"a\" ,\"b\" ]\n", LIST, "tags", 0, "a|b", "tags = [ \"a\" ,\"b\" ]\n" },
  /* Other kinds, TOML's way */
  { "draft = false\n", SET, "draft", BILLET_NODE_BOOLEAN, "true", "draft = true\n" },
  { "weight = 10\n", SET, "weight", BILLET_NODE_NUMBER, "017", "weight = 17\n" },
  { "weight = 10\n", SET, "weight", BILLET_NODE_NUMBER, "-.5", "weight = -0.5\n" },
  { "weight = 10\n", SET, "weight", BILLET_NODE_NUMBER, "1.e3", "weight = 1.0e3\n" },
  { "weight = 10\n", SET, "weight", BILLET_NODE_NUMBER, "-.inf", "weight = -inf\n" },
  { "weight = 10\n", SET, "weight", BILLET_NODE_NUMBER, "0x1F", "weight = 0x1F\n" },
  { "date = 2024-03-01\n", SET, "date", BILLET_NODE_DATE, "2024-04-02", "date = 2024-04-02\n" },
  { "date = 2024-03-01T10:00:00+01:00\n", SET, "date", BILLET_NODE_DATETIME, "2024-04-02T11:30:00+02:00",
    "date = 2024-04-02T11:30:00+02:00\n" },
  { "date = 2024-03-01\n", SET, "date", BILLET_NODE_DATETIME, "2024-4-2 9:30:00 +0200",
    "date = 2024-04-02 09:30:00+02:00\n" },
  { "date = 2024-03-01\n", SET, "date", BILLET_NODE_NULL, NULL, NULL },
  { "at = 07:32:00\n", SET, "at", BILLET_NODE_STRING, "x", NULL },
  { "[params]\na = 1\n", SET, "params", BILLET_NODE_STRING, "x", NULL },
  /* Tables of every kind */
  { "title = \"T\"\n\n[params]\n  author = \"A\" # who\n\n[other]\n", SET, "params.author",
    BILLET_NODE_STRING, "Bé", "title = \"T\"\n\n[params]\n  author = \"Bé\" # who\n\n[other]\n" },
  { "seo = { title = \"S\", n = 1 }\n", SET, "seo.title", BILLET_NODE_STRING, "S2",
    "seo = { title = \"S2\", n = 1 }\n" },
  { "seo.title = \"S\"\n", SET, "seo.title", BILLET_NODE_STRING, "S2", "seo.title = \"S2\"\n" },
  /* New keys: before the first table, in a table's section, dotted, inline */
  { "title = \"T\"\n\n[params]\nx = 1\n", SET, "draft", BILLET_NODE_BOOLEAN, "true",
    "title = \"T\"\ndraft = true\n\n[params]\nx = 1\n" },
  { "# Post\n[params]\nx = 1\n", SET, "title", BILLET_NODE_STRING, "T",
    "title = \"T\"\n# Post\n[params]\nx = 1\n" },
  { "", SET, "title", BILLET_NODE_STRING, "T", "title = \"T\"\n" },
  { "title = \"T\"\n\n[params]\n  x = 1\n\n[other]\ny = 2\n", SET, "params.author", BILLET_NODE_STRING,
    "A", "title = \"T\"\n\n[params]\n  x = 1\n  author = \"A\"\n\n[other]\ny = 2\n" },
  { "[params]\n[other]\n", SET, "params.author", BILLET_NODE_STRING, "A",
    "[params]\nauthor = \"A\"\n[other]\n" },
  { "title = \"T\"\n[params]\n", SET, "seo.title", BILLET_NODE_STRING, "S",
    "title = \"T\"\nseo.title = \"S\"\n[params]\n" },
  { "[params]\nx = 1\n", SET, "params.seo.title", BILLET_NODE_STRING, "S",
    "[params]\nx = 1\nseo.title = \"S\"\n" },
  { "seo.title = \"S\"\nother = 1\n", SET, "seo.description", BILLET_NODE_STRING, "D",
    "seo.title = \"S\"\nseo.description = \"D\"\nother = 1\n" },
  { "[a.b]\nx = 1\n", SET, "a.y", BILLET_NODE_NUMBER, "2", "a.y = 2\n[a.b]\nx = 1\n" },
  { "seo = { title = \"S\" }\n", SET, "seo.description", BILLET_NODE_STRING, "D",
    "seo = { title = \"S\", description = \"D\" }\n" },
  { "seo = {}\n", SET, "seo.description", BILLET_NODE_STRING, "D", "seo = {description = \"D\"}\n" },
  { "title='T'\n", SET, "my key", BILLET_NODE_STRING, "v", "title='T'\n\"my key\"='v'\n" },
  { "title = \"T\"\r\n[p]\r\n", SET, "draft", BILLET_NODE_BOOLEAN, "false",
    "title = \"T\"\r\ndraft = false\r\n[p]\r\n" },
  { "title = \"T\"", SET, "draft", BILLET_NODE_BOOLEAN, "false", "title = \"T\"\ndraft = false\n" },
  { "[[menu]]\nname = \"a\"\n", SET, "menu.x", BILLET_NODE_STRING, "v", NULL },
  /* Removals */
  { "title = \"T\"\ndraft = true # not yet\nweight = 1\n", REMOVE, "draft", 0, NULL,
    "title = \"T\"\nweight = 1\n" },
  { "d = \"\"\"\na\nb\n\"\"\"\nx = 1\n", REMOVE, "d", 0, NULL, "x = 1\n" },
  { "seo = { a = 1, b = 2 }\n", REMOVE, "seo.a", 0, NULL, "seo = { b = 2 }\n" },
  { "seo = { a = 1, b = 2 }\n", REMOVE, "seo.b", 0, NULL, "seo = { a = 1 }\n" },
  { "seo = { a.x = 1, b = 2 }\n", REMOVE, "seo.a", 0, NULL, "seo = { b = 2 }\n" },
  { "title = \"T\"\n\n# Params\n[params]\nx = 1\n\n[params.deep]\ny = 2\n\n[other]\nz = 3\n", REMOVE,
    "params", 0, NULL, "title = \"T\"\n\n# Params\n\n\n[other]\nz = 3\n" },
  { "a.b = 1\na.c = 2\nd = 3\n", REMOVE, "a", 0, NULL, "d = 3\n" },
  { "[[menu]]\nname = \"a\"\n[[menu]]\nname = \"b\"\n", REMOVE, "menu", 0, NULL, "" },
  { "a.b = 1\nd = 3\n", REMOVE, "a.b", 0, NULL, NULL },
  /* Lists keep their layout, and items that stay their bytes */
  { "tags = [\"a\", \"b\"]\n", LIST, "tags", 0, "b|c", "tags = [\"b\", \"c\"]\n" },
  { "tags = [ 'a','b' ] # t\n", LIST, "tags", 0, "a|c", "tags = [ 'a','c' ] # t\n" },
  { "tags = [\"a\",]\n", LIST, "tags", 0, "a|b", "tags = [\"a\", \"b\",]\n" },
  { "tags = []\n", LIST, "tags", 0, "x|y", "tags = [\"x\", \"y\"]\n" },
  { "tags = \"one\"\n", LIST, "tags", 0, "x", "tags = [\"x\"]\n" },
  { "title = 'T'\n", LIST, "tags", 0, "x|it's", "title = 'T'\ntags = ['x', \"it's\"]\n" },
  { "tags = [\n  \"a\", # first\n  # about b\n  \"b\"\n]\n", LIST, "tags", 0, "b|c|a",
    "tags = [\n  # about b\n  \"b\",\n  \"c\",\n  \"a\" # first\n]\n" },
  { "tags = [\r\n  \"a\",\r\n  \"b\",\r\n]\r\n", LIST, "tags", 0, "b",
    "tags = [\r\n  \"b\",\r\n]\r\n" },
  { "tags = [ \"a\", # first\n  \"b\" ]\n", LIST, "tags", 0, "b", NULL },
  { "tags = [ \"a\",\n  \"b\" ]\n", LIST, "tags", 0, "b|c", "tags = [ \"b\", \"c\" ]\n" },
};

static void
test_splice (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (splice_cases); i++)
    {
      const SpliceCase *c = &splice_cases[i];
      g_autoptr(BilletFrontMatter) fm = parse_ok (c->before);
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;
      const char *newline = strstr (c->before, "\r\n") ? "\r\n" : "\n";

      g_test_message ("case %u: %s", i, c->before);
      if (c->op == SET)
        after = billet_front_matter_splice_set (fm, c->path, c->value, c->kind, newline, NULL, &error);
      else if (c->op == REMOVE)
        after = billet_front_matter_splice_remove (fm, c->path, newline, NULL, &error);
      else
        {
          g_auto(GStrv) items = g_strsplit (c->value, "|", -1);

          after = billet_front_matter_splice_set_list (fm, c->path, (const char * const *) items,
                                                       newline, NULL, &error);
        }
      if (c->after == NULL)
        {
          g_test_message ("refused: %s", error ? error->message : "(no error)");
          g_assert_null (after);
          g_assert_nonnull (error);
          continue;
        }
      g_assert_no_error (error);
      g_assert_cmpstr (after, ==, c->after);
      /* TOML again */
      billet_front_matter_unref (parse_ok (after));
    }
}

/* What Billet writes, read by another TOML reader: Python's tomllib. */
static void
test_other_reader (void)
{
  static const char * const values[] = {
    "plain", "It's", "\"quoted\"", "back\\slash", "tab\there", "two\nlines", "cr\rlf\r\n",
    "del\x7f", "bell\x07", "Protège-Toit 🏡", "\"\"\"", "'''", "ends with \"", "ends with '",
    "#not a comment", "", " lead and trail ", "\\u0041", "x = 1",
  };
  static const BilletNodeStyle styles[] = {
    BILLET_STYLE_DOUBLE_QUOTED, BILLET_STYLE_SINGLE_QUOTED,
    BILLET_STYLE_MULTILINE_DOUBLE_QUOTED, BILLET_STYLE_MULTILINE_SINGLE_QUOTED,
  };
  static const char * const olds[] = { "\"o\"", "'o'", "\"\"\"\no\n\"\"\"", "'''o'''" };
  static const char script[] =
    "import json, sys\n"
    "try:\n"
    "    import tomllib\n"
    "except ImportError:\n"
    "    sys.exit(77)\n"
    "data = tomllib.load(open(sys.argv[1], 'rb'))\n"
    "want = json.load(open(sys.argv[2], encoding='utf-8'))\n"
    "for key, value in want.items():\n"
    "    if data.get(key) != value:\n"
    "        print('%s: %r, not %r' % (key, data.get(key), value))\n";
  g_autoptr(GString) text = g_string_new ("");
  g_autoptr(GString) json = g_string_new ("{");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("billet-toml-XXXXXX", &error);
  g_autofree char *file = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *python = g_find_program_in_path ("python3");
  int status = 0;

  g_assert_no_error (error);
  for (guint s = 0; s < G_N_ELEMENTS (styles); s++)
    for (guint v = 0; v < G_N_ELEMENTS (values); v++)
      {
        g_autofree char *key = g_strdup_printf ("k%u_%u", s, v);
        g_autofree char *line = g_strdup_printf ("%s = %s\n", key, olds[s]);
        g_autofree char *after = NULL;
        g_autoptr(BilletFrontMatter) fm = NULL;
        g_autoptr(BilletFrontMatter) back = NULL;

        g_string_append (text, line);
        fm = parse_ok (text->str);
        g_assert_cmpint (billet_node_get_style (billet_front_matter_lookup (fm, key)), ==, styles[s]);
        after = billet_front_matter_splice_set (fm, key, values[v], BILLET_NODE_STRING, "\n", NULL,
                                                &error);
        g_assert_no_error (error);
        back = parse_ok (after);
        g_assert_cmpstr (billet_node_get_text (billet_front_matter_lookup (back, key)), ==, values[v]);
        g_string_assign (text, after);

        g_string_append_printf (json, "%s\"%s\": \"", json->len > 1 ? ", " : "", key);
        for (const char *p = values[v]; *p; p++)
          if (*p == '"' || *p == '\\')
            g_string_append_printf (json, "\\%c", *p);
          else if ((guchar) *p < 0x20 || *p == 0x7f)
            g_string_append_printf (json, "\\u%04x", (guchar) *p);
          else
            g_string_append_c (json, *p);
        g_string_append_c (json, '"');
      }
  g_string_append (json, "}\n");

  if (python == NULL)
    {
      g_test_skip ("no python3 here");
      return;
    }
  file = g_build_filename (dir, "front-matter.toml", NULL);
  expected = g_build_filename (dir, "expected.json", NULL);
  g_file_set_contents (file, text->str, (gssize) text->len, &error);
  g_assert_no_error (error);
  g_file_set_contents (expected, json->str, (gssize) json->len, &error);
  g_assert_no_error (error);
  {
    const char *argv[] = { "python3", "-c", script, file, expected, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                  &status, &error);
  }
  g_assert_no_error (error);
  g_unlink (file);
  g_unlink (expected);
  g_rmdir (dir);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 77)
    {
      g_test_skip ("python3 has no tomllib here (3.11 has)");
      return;
    }
  if (!g_spawn_check_wait_status (status, NULL) || out[0] != 0)
    g_error ("tomllib read the front matter otherwise:\n%s%s\n%s", out, err, text->str);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/billet/front-matter-toml/kinds", test_kinds);
  g_test_add_func ("/billet/front-matter-toml/order-and-spans", test_order_and_spans);
  g_test_add_func ("/billet/front-matter-toml/errors", test_errors);
  g_test_add_func ("/billet/front-matter-toml/hostile", test_hostile);
  g_test_add_func ("/billet/front-matter-toml/splice", test_splice);
  g_test_add_func ("/billet/front-matter-toml/other-reader", test_other_reader);

  return g_test_run ();
}
