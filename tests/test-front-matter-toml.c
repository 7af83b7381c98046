/* test-front-matter-toml.c — parsing and splicing TOML front matter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/billet/front-matter-toml/kinds", test_kinds);
  g_test_add_func ("/billet/front-matter-toml/order-and-spans", test_order_and_spans);
  g_test_add_func ("/billet/front-matter-toml/errors", test_errors);
  g_test_add_func ("/billet/front-matter-toml/hostile", test_hostile);

  return g_test_run ();
}
