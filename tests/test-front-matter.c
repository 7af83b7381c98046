/* test-front-matter.c — parsing and splicing front matter
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
  BilletFrontMatter *fm = billet_front_matter_parse (text, strlen (text), 2, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (fm);
  return fm;
}

static void
test_kinds (void)
{
  static const struct { const char *yaml; const char *key; BilletNodeKind kind; const char *text; } cases[] = {
    { "title: Hello world\n", "title", BILLET_NODE_STRING, "Hello world" },
    { "title: 'It''s'\n", "title", BILLET_NODE_STRING, "It's" },
    { "title: \"Été\\n\"\n", "title", BILLET_NODE_STRING, "Été\n" },
    { "draft: true\n", "draft", BILLET_NODE_BOOLEAN, "true" },
    { "draft: False\n", "draft", BILLET_NODE_BOOLEAN, "False" },
    { "draft: yes\n", "draft", BILLET_NODE_STRING, "yes" },
    { "draft: 'true'\n", "draft", BILLET_NODE_STRING, "true" },
    { "weight: 10\n", "weight", BILLET_NODE_NUMBER, "10" },
    { "weight: -1.5e3\n", "weight", BILLET_NODE_NUMBER, "-1.5e3" },
    { "weight: 0x1F\n", "weight", BILLET_NODE_NUMBER, "0x1F" },
    { "weight: 1.2.3\n", "weight", BILLET_NODE_STRING, "1.2.3" },
    { "date: 2020-09-29\n", "date", BILLET_NODE_DATE, "2020-09-29" },
    { "date: 2020-09-29T10:00:00+02:00\n", "date", BILLET_NODE_DATETIME, "2020-09-29T10:00:00+02:00" },
    { "date: 2020-09-29 10:00:00 +0200\n", "date", BILLET_NODE_DATETIME, "2020-09-29 10:00:00 +0200" },
    { "date: 2020-09-29 10:00\n", "date", BILLET_NODE_STRING, "2020-09-29 10:00" },
    { "date: \"2020-09-29\"\n", "date", BILLET_NODE_STRING, "2020-09-29" },
    { "empty:\n", "empty", BILLET_NODE_NULL, "" },
    { "empty: ~\n", "empty", BILLET_NODE_NULL, "~" },
    { "tags: [a, b]\n", "tags", BILLET_NODE_LIST, NULL },
    { "tags:\n  - a\n  - b\n", "tags", BILLET_NODE_LIST, NULL },
    { "seo:\n  title: T\n", "seo", BILLET_NODE_MAP, NULL },
    { "seo:\n  title: T\n", "seo.title", BILLET_NODE_STRING, "T" },
    { "seo: {title: T}\n", "seo.title", BILLET_NODE_STRING, "T" },
    { "a: &x 1\nb: *x\n", "a", BILLET_NODE_OTHER, "1" },
    { "a: &x 1\nb: *x\n", "b", BILLET_NODE_OTHER, NULL },
    { "a: !!binary aGVsbG8=\n", "a", BILLET_NODE_OTHER, "aGVsbG8=" },
    { "a: !!str 12\n", "a", BILLET_NODE_STRING, "12" },
    { "a.b: dotted\n", "a.b", BILLET_NODE_STRING, "dotted" },
    { "description: |\n  Line one\n  Line two\n", "description", BILLET_NODE_STRING, "Line one\nLine two\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BilletFrontMatter) fm = parse_ok (cases[i].yaml);
      const BilletNode *node = billet_front_matter_lookup (fm, cases[i].key);

      g_test_message ("case %u: %s", i, cases[i].yaml);
      g_assert_nonnull (node);
      g_assert_cmpstr (billet_node_kind_to_string (billet_node_get_kind (node)), ==,
                       billet_node_kind_to_string (cases[i].kind));
      g_assert_cmpstr (billet_node_get_text (node), ==, cases[i].text);
    }
}

static void
test_order_and_spans (void)
{
  const char *text = "# comment\ntitle: Été\ntags: [un, deux]\nseo:\n  title: S\n";
  g_autoptr(BilletFrontMatter) fm = parse_ok (text);
  const BilletNode *root = billet_front_matter_get_root (fm);
  const BilletNode *title = billet_front_matter_lookup (fm, "title");
  const BilletNode *tags = billet_front_matter_lookup (fm, "tags");
  g_auto(GStrv) strv = billet_node_dup_strv (tags);

  g_assert_cmpuint (billet_node_get_n_children (root), ==, 3);
  g_assert_cmpstr (billet_node_get_key (billet_node_get_child (root, 0)), ==, "title");
  g_assert_cmpstr (billet_node_get_key (billet_node_get_child (root, 1)), ==, "tags");
  g_assert_cmpstr (billet_node_get_key (billet_node_get_child (root, 2)), ==, "seo");
  /* Byte spans, though libyaml counts characters. */
  g_assert_cmpuint (billet_node_get_start (title), ==, strlen ("# comment\ntitle: "));
  g_assert_cmpuint (billet_node_get_end (title), ==, strlen ("# comment\ntitle: Été"));
  g_assert_cmpstr (strv[0], ==, "un");
  g_assert_cmpstr (strv[1], ==, "deux");
  g_assert_null (strv[2]);
  g_assert_true (billet_node_is_string_list (tags));
  /* Lines are the file's: the text starts on line 2. */
  g_assert_cmpuint (billet_node_get_line (title), ==, 3);
  g_assert_cmpuint (billet_node_get_line (tags), ==, 4);
}

static void
test_errors (void)
{
  static const struct { const char *yaml; int code; guint line; guint column; } cases[] = {
    { "title: [unclosed\n", BILLET_FRONT_MATTER_ERROR_SYNTAX, 2, 8 },
    { "a: 1\na: 2\n", BILLET_FRONT_MATTER_ERROR_DUPLICATE_KEY, 3, 1 },
    { "- a\n- b\n", BILLET_FRONT_MATTER_ERROR_NOT_A_MAPPING, 2, 1 },
    { "just text\n", BILLET_FRONT_MATTER_ERROR_NOT_A_MAPPING, 2, 1 },
    { "a: 1\n---\nb: 2\n", BILLET_FRONT_MATTER_ERROR_SYNTAX, 3, 1 },
    { "title: x\n\tbad: tab\n", BILLET_FRONT_MATTER_ERROR_SYNTAX, 3, 1 },
    { "a: b: c\n", BILLET_FRONT_MATTER_ERROR_SYNTAX, 2, 5 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      guint line = 0, column = 0;
      BilletFrontMatter *fm;

      g_test_message ("case %u: %s", i, cases[i].yaml);
      fm = billet_front_matter_parse (cases[i].yaml, strlen (cases[i].yaml), 2, &line, &column,
                                      &error);
      g_assert_null (fm);
      g_assert_error (error, BILLET_FRONT_MATTER_ERROR, cases[i].code);
      g_assert_cmpuint (line, ==, cases[i].line);
      g_assert_cmpuint (column, ==, cases[i].column);
    }
}

static void
test_hostile (void)
{
  GString *deep = g_string_new ("a: ");
  GString *bomb = g_string_new ("a: &a [x, x, x, x, x, x, x, x, x]\n");
  GString *big = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BilletFrontMatter) fm = NULL;
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  fm = billet_front_matter_parse (deep->str, deep->len, 2, NULL, NULL, &error);
  g_assert_null (fm);
  g_assert_error (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_TOO_DEEP);
  g_clear_error (&error);

  /* A billion laughs: aliases are never expanded, so it is just small. */
  for (char c = 'b'; c <= 'j'; c++)
    g_string_append_printf (bomb, "%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n",
                            c, c, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1);
  fm = billet_front_matter_parse (bomb->str, bomb->len, 2, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (billet_node_get_kind (billet_front_matter_lookup (fm, "j")), ==, BILLET_NODE_OTHER);
  g_clear_pointer (&fm, billet_front_matter_unref);

  while (big->len < 10 * 1024 * 1024)
    g_string_append (big, "key: value value value value value value value value\n");
  fm = billet_front_matter_parse (big->str, big->len, 2, NULL, NULL, &error);
  g_assert_null (fm);
  g_assert_error (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_TOO_LARGE);
  g_clear_error (&error);

  fm = billet_front_matter_parse ("a: b\0c\n", 7, 2, NULL, NULL, &error);
  g_assert_null (fm);
  g_assert_error (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_SYNTAX);

  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);

  g_string_free (deep, TRUE);
  g_string_free (bomb, TRUE);
  g_string_free (big, TRUE);
}

typedef struct
{
  const char     *before;
  const char     *path;
  BilletNodeKind  kind;     /* BILLET_NODE_LIST: value is comma-separated; OTHER: remove */
  const char     *value;
  const char     *after;    /* NULL: refused */
} SpliceCase;

static const SpliceCase splice_cases[] = {
  /* Plain stays plain, quoting kept, comments and other keys untouched. */
  { "title: Old  # keep\ndraft: true\n", "title", BILLET_NODE_STRING, "New title",
    "title: New title  # keep\ndraft: true\n" },
  { "title: 'Old'\n", "title", BILLET_NODE_STRING, "L'été", "title: 'L''été'\n" },
  { "title: \"Old\"\n", "title", BILLET_NODE_STRING, "Say \"hi\"", "title: \"Say \\\"hi\\\"\"\n" },
  { "title: Old\n", "title", BILLET_NODE_STRING, "a: b", "title: 'a: b'\n" },
  { "title: Old\n", "title", BILLET_NODE_STRING, "true", "title: 'true'\n" },
  { "title: Old\n", "title", BILLET_NODE_STRING, "#hash", "title: '#hash'\n" },
  { "title: Old\n", "title", BILLET_NODE_STRING, "", "title: ''\n" },
  { "title: Old\n", "title", BILLET_NODE_STRING, "two\nlines", "title: \"two\\nlines\"\n" },
  { "title: Old\n", "title", BILLET_NODE_STRING, "« Été » ’", "title: « Été » ’\n" },
  { "title:\nx: 1\n", "title", BILLET_NODE_STRING, "Filled", "title: Filled\nx: 1\n" },
  { "draft: true\n", "draft", BILLET_NODE_BOOLEAN, "false", "draft: false\n" },
  { "draft: True\n", "draft", BILLET_NODE_BOOLEAN, "false", "draft: False\n" },
  { "weight: 1\n", "weight", BILLET_NODE_NUMBER, "42", "weight: 42\n" },
  { "weight: 1\n", "weight", BILLET_NODE_NUMBER, "forty", NULL },
  { "date: 2020-01-01\n", "date", BILLET_NODE_DATE, "2021-02-03", "date: 2021-02-03\n" },
  { "date: 2020-01-01\n", "date", BILLET_NODE_DATE, "03/02/2021", NULL },
  /* Block scalars keep their style and indentation. */
  { "description: |\n    One\n    Two\nnext: 1\n", "description", BILLET_NODE_STRING, "Three\nFour\n",
    "description: |\n    Three\n    Four\nnext: 1\n" },
  { "description: >\n  Old text\n\nnext: 1\n", "description", BILLET_NODE_STRING, "New text",
    "description: >-\n  New text\n\nnext: 1\n" },
  { "description: |\n  Old\nnext: 1\n", "description", BILLET_NODE_STRING, " leading",
    "description: ' leading'\nnext: 1\n" },
  /* A line of blanks deeper than the block's indentation is content: it
   * goes with the old value (yaml-test-suite L24T). */
  { "foo: |\n  x\n   \nnext: 1\n", "foo", BILLET_NODE_STRING, "y", "foo: |-\n  y\nnext: 1\n" },
  { "foo: |\n  x\n  \nnext: 1\n", "foo", BILLET_NODE_STRING, "y", "foo: |-\n  y\n  \nnext: 1\n" },
  { "foo: |2\n    x\n  z\nnext: 1\n", "foo", BILLET_NODE_STRING, "y", "foo: |-\n    y\nnext: 1\n" },
  /* Nested maps, block and flow. */
  { "seo:\n  title: A\n  description: B\n", "seo.title", BILLET_NODE_STRING, "C",
    "seo:\n  title: C\n  description: B\n" },
  { "seo: {title: A, x: 1}\n", "seo.title", BILLET_NODE_STRING, "C, D",
    "seo: {title: 'C, D', x: 1}\n" },
  /* New keys go after the last key of their map, with its indent. */
  { "title: T\n# trailing comment\n", "author", BILLET_NODE_STRING, "Zoé",
    "title: T\nauthor: Zoé\n# trailing comment\n" },
  { "seo:\n    title: A\nz: 1\n", "seo.description", BILLET_NODE_STRING, "D",
    "seo:\n    title: A\n    description: D\nz: 1\n" },
  { "title: T\n", "seo.title", BILLET_NODE_STRING, "S", "title: T\nseo:\n  title: S\n" },
  { "seo: {title: A}\n", "seo.description", BILLET_NODE_STRING, "D",
    "seo: {title: A, description: D}\n" },
  { "", "title", BILLET_NODE_STRING, "First", "title: First\n" },
  { "title: T", "draft", BILLET_NODE_BOOLEAN, "true", "title: T\ndraft: true\n" },
  { "title: T\n", "num", BILLET_NODE_STRING, "12", "title: T\nnum: '12'\n" },
  /* Strings that YAML 1.1 readers (Jekyll) would take for booleans are quoted. */
  { "title: T\n", "answer", BILLET_NODE_STRING, "yes", "title: T\nanswer: 'yes'\n" },
  /* A tagged string keeps its tag. */
  { "a: !!str 1\n", "a", BILLET_NODE_STRING, "x", "a: !!str x\n" },
  { "title: T\n", "title.sub", BILLET_NODE_STRING, "x", NULL },
  /* Explicit keys ("? key"): new siblings take the map's column, not that
   * of the key's text after "? " (yaml-test-suite GH63, 7W2P, JTV5). */
  { "? a\n: 1\nb: 2\n", "c", BILLET_NODE_STRING, "x", "? a\n: 1\nb: 2\nc: x\n" },
  { "? a\n? b\nc:\n", "d", BILLET_NODE_STRING, "x", "? a\n? b\nc:\nd: x\n" },
  { "? a\n  b\n", "c", BILLET_NODE_STRING, "x", "? a\n  b\nc: x\n" },
  { "a:\n    ? b\n    : 1\n", "o.m", BILLET_NODE_STRING, "x",
    "a:\n    ? b\n    : 1\no:\n    m: x\n" },
  /* Lists keep their style; untouched items keep their bytes. */
  { "tags: [a, \"b\"]\n", "tags", BILLET_NODE_LIST, "a,b,c d", "tags: [a, \"b\", c d]\n" },
  { "tags: [ a ]\n", "tags", BILLET_NODE_LIST, "a,b", "tags: [ a, b ]\n" },
  { "tags:\n  - a\n  - 'b'\nnext: 1\n", "tags", BILLET_NODE_LIST, "b,c",
    "tags:\n  - 'b'\n  - c\nnext: 1\n" },
  { "tags:\n- a\nnext: 1\n", "tags", BILLET_NODE_LIST, "a,x: y",
    "tags:\n- a\n- 'x: y'\nnext: 1\n" },
  { "tags:\n  - a\nnext: 1\n", "tags", BILLET_NODE_LIST, "", "tags: []\nnext: 1\n" },
  /* Each item keeps its comments, on its line and above it, wherever it
   * goes; a removed item takes its own with it. */
  { "tags:\n  - one   # first\n  - two   # second\n  - three # third\nnext: 1\n", "tags",
    BILLET_NODE_LIST, "one,three", "tags:\n  - one   # first\n  - three # third\nnext: 1\n" },
  { "tags:\n  # about one\n  - one\n  # about two\n  - two\n  # about three\n  - three\n", "tags",
    BILLET_NODE_LIST, "three,one,new", "tags:\n  # about three\n  - three\n  # about one\n  - one\n  - new\n" },
  { "tags: # the tags\n- 'one' # 1\n- two\n", "tags", BILLET_NODE_LIST, "two,x y",
    "tags: # the tags\n- two\n- 'x y'\n" },
  { "tags:\r\n  - a # a\r\n  - b # b\r\n", "tags", BILLET_NODE_LIST, "b,c",
    "tags:\r\n  - b # b\r\n  - c\r\n" },
  /* An item edited in place (a tag merged into its usual spelling) keeps
   * its comments and its quotes. */
  { "tags:\n  # the bike\n  - velo  # note\n  - 'rando' # walk\n  - x\n", "tags", BILLET_NODE_LIST, "Vélo,Randonnée,x",
    "tags:\n  # the bike\n  - Vélo  # note\n  - 'Randonnée' # walk\n  - x\n" },
  { "tags: solo\n", "tags", BILLET_NODE_LIST, "a,b", "tags: [a, b]\n" },
  { "title: T\n", "tags", BILLET_NODE_LIST, "1,yes", "title: T\ntags: ['1', 'yes']\n" },
  /* Removing keys. */
  { "a: 1\nb: 2 # c\nc: 3\n", "b", BILLET_NODE_OTHER, NULL, "a: 1\nc: 3\n" },
  { "a: 1\nb: |\n  x\n  y\nc: 3\n", "b", BILLET_NODE_OTHER, NULL, "a: 1\nc: 3\n" },
  { "seo:\n  title: A\nz: 1\n", "seo.title", BILLET_NODE_OTHER, NULL, "seo: {}\nz: 1\n" },
  { "seo: {a: 1, b: 2}\n", "seo.a", BILLET_NODE_OTHER, NULL, "seo: {b: 2}\n" },
  { "seo: {a: 1, b: 2}\n", "seo.b", BILLET_NODE_OTHER, NULL, "seo: {a: 1}\n" },
  { "a: 1\n", "missing", BILLET_NODE_OTHER, NULL, NULL },
  /* Anchors and aliases are not edited through the form. */
  { "a: &x 1\nb: *x\n", "a", BILLET_NODE_STRING, "2", NULL },
  /* Values that end after their line break keep the break (found by fuzzing). */
  { "title:\n  ? a\nx: 1\n", "title", BILLET_NODE_STRING, "New", "title: New\nx: 1\n" },
  { "title:\r- |\nx: 1\n", "title", BILLET_NODE_STRING, "New", "title: New\nx: 1\n" },
  /* CRLF files get CRLF lines. */
  { "title: T\r\n", "draft", BILLET_NODE_BOOLEAN, "false", "title: T\r\ndraft: false\r\n" },
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

      g_test_message ("case %u: %s ← %s", i, c->path, c->value ? c->value : "(remove)");
      if (c->kind == BILLET_NODE_OTHER)
        after = billet_front_matter_splice_remove (fm, c->path, newline, NULL, &error);
      else if (c->kind == BILLET_NODE_LIST)
        {
          g_auto(GStrv) items = c->value[0] ? g_strsplit (c->value, ",", -1) : g_new0 (char *, 1);

          after = billet_front_matter_splice_set_list (fm, c->path, (const char * const *) items,
                                                       newline, NULL, &error);
        }
      else
        after = billet_front_matter_splice_set (fm, c->path, c->value, c->kind, newline, NULL,
                                                &error);

      if (c->after == NULL)
        {
          g_assert_null (after);
          g_assert_nonnull (error);
        }
      else
        {
          g_assert_no_error (error);
          g_assert_cmpstr (after, ==, c->after);
        }
    }
}

/* YAML 1.1 readers: Jekyll reads front matter with Ruby's Psych, many tools
 * with PyYAML. A string Billet writes must read as that string in both, a
 * number as that number. */

typedef struct
{
  const char     *value;
  BilletNodeKind  kind;      /* STRING or NUMBER */
  const char     *written;   /* what follows “k: ” */
  const char     *number;    /* for a NUMBER: its value, as Python prints it */
} Yaml11Case;

static const Yaml11Case yaml11_cases[] = {
  /* base 60 */
  { "12:30", BILLET_NODE_STRING, "'12:30'" },
  { "0:30", BILLET_NODE_STRING, "'0:30'" },
  { "1:20:30.5", BILLET_NODE_STRING, "'1:20:30.5'" },
  /* digits with separators */
  { "1_000", BILLET_NODE_STRING, "'1_000'" },
  { "10_", BILLET_NODE_STRING, "'10_'" },
  { "1,000", BILLET_NODE_STRING, "'1,000'" },
  { "3,14", BILLET_NODE_STRING, "'3,14'" },
  { "1,000.5", BILLET_NODE_STRING, "'1,000.5'" },
  /* other bases */
  { "0b101", BILLET_NODE_STRING, "'0b101'" },
  { "017", BILLET_NODE_STRING, "'017'" },
  { "0o17", BILLET_NODE_STRING, "'0o17'" },
  { "0x1F", BILLET_NODE_STRING, "'0x1F'" },
  /* floats and their special values */
  { "-.5", BILLET_NODE_STRING, "'-.5'" },
  { "1.e+3", BILLET_NODE_STRING, "'1.e+3'" },
  { ".iNf", BILLET_NODE_STRING, "'.iNf'" },
  { "+.inf", BILLET_NODE_STRING, "'+.inf'" },
  { ".NaN", BILLET_NODE_STRING, "'.NaN'" },
  /* booleans and null, in any case; y and n */
  { "yes", BILLET_NODE_STRING, "'yes'" },
  { "Off", BILLET_NODE_STRING, "'Off'" },
  { "tRUe", BILLET_NODE_STRING, "'tRUe'" },
  { "y", BILLET_NODE_STRING, "'y'" },
  { "N", BILLET_NODE_STRING, "'N'" },
  { "nUll", BILLET_NODE_STRING, "'nUll'" },
  /* dates and timestamps */
  { "2024-3-1", BILLET_NODE_STRING, "'2024-3-1'" },
  { "2024-03-01 10:00:00", BILLET_NODE_STRING, "'2024-03-01 10:00:00'" },
  { "-2024-03-01 10:00:00", BILLET_NODE_STRING, "'-2024-03-01 10:00:00'" },
  /* the merge and value keys, Psych's symbols */
  { "<<", BILLET_NODE_STRING, "'<<'" },
  { "=", BILLET_NODE_STRING, "'='" },
  { ":tag", BILLET_NODE_STRING, "':tag'" },
  /* …but not what reads as a string everywhere */
  { "3.4.5", BILLET_NODE_STRING, "3.4.5" },
  { "1-2", BILLET_NODE_STRING, "1-2" },
  { "-.nan", BILLET_NODE_STRING, "-.nan" },
  { "1,", BILLET_NODE_STRING, "1," },
  { "yesterday", BILLET_NODE_STRING, "yesterday" },
  { "Jekyll: 12:30", BILLET_NODE_STRING, "'Jekyll: 12:30'" },
  { "at 12:30", BILLET_NODE_STRING, "at 12:30" },
  /* characters outside the Basic Multilingual Plane, as they are */
  { "Protège-Toit 🏡", BILLET_NODE_STRING, "Protège-Toit 🏡" },
  { "🏡", BILLET_NODE_STRING, "🏡" },
  { "🏡: à vendre", BILLET_NODE_STRING, "'🏡: à vendre'" },
  { "l'abri 𝔸 🏡🌱", BILLET_NODE_STRING, "l'abri 𝔸 🏡🌱" },
  { "\xEE\x80\x80 \xEE\x80\x81 🏡", BILLET_NODE_STRING, "\xEE\x80\x80 \xEE\x80\x81 🏡" },
  /* numbers, in a form both versions read as the same number */
  { "42", BILLET_NODE_NUMBER, "42", "42" },
  { "+12", BILLET_NODE_NUMBER, "+12", "12" },
  { "017", BILLET_NODE_NUMBER, "17", "17" },
  { "08", BILLET_NODE_NUMBER, "8", "8" },
  { "-007", BILLET_NODE_NUMBER, "-7", "-7" },
  { "0o17", BILLET_NODE_NUMBER, "15", "15" },
  { "0x1F", BILLET_NODE_NUMBER, "0x1F", "31" },
  { "1e3", BILLET_NODE_NUMBER, "1.0e+3", "1000.0" },
  { "1.5e3", BILLET_NODE_NUMBER, "1.5e+3", "1500.0" },
  { "2.E-2", BILLET_NODE_NUMBER, "2.0E-2", "0.02" },
  { "-.5", BILLET_NODE_NUMBER, "-0.5", "-0.5" },
  { ".5", BILLET_NODE_NUMBER, ".5", "0.5" },
  { "1.", BILLET_NODE_NUMBER, "1.", "1.0" },
  { "-.inf", BILLET_NODE_NUMBER, "-.inf", "-inf" },
};

/* Runs @script (Python or Ruby, per @interpreter) on @file; the script
 * prints one line per value that reads otherwise than @expected says and
 * exits 77 when the interpreter lacks its YAML library. */
static void
check_yaml11_reader (const char *interpreter,
                     const char *script,
                     const char *file,
                     const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *program = g_find_program_in_path (interpreter);
  const char *argv[] = { interpreter, "-e", script, file, expected, NULL };
  int status = 0;

  if (program == NULL)
    {
      g_test_message ("no %s here: not checked with it", interpreter);
      return;
    }
  if (g_str_equal (interpreter, "python3"))
    argv[1] = "-c";
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 77)
    {
      g_test_message ("%s has no YAML library here: not checked with it", interpreter);
      return;
    }
  if (!g_spawn_check_wait_status (status, NULL) || out[0] != 0)
    g_error ("%s read the front matter otherwise:\n%s%s", interpreter, out, err);
}

static void
test_yaml11 (void)
{
  /* Each line of the expected file: key, type, value (tab-separated). */
  static const char python[] =
    "import sys\n"
    "try:\n"
    "    import yaml\n"
    "except ImportError:\n"
    "    sys.exit(77)\n"
    "data = yaml.safe_load(open(sys.argv[1], encoding='utf-8'))\n"
    "for line in open(sys.argv[2], encoding='utf-8').read().splitlines():\n"
    "    key, kind, want = line.split('\\t')\n"
    "    got = data[key]\n"
    "    ok = got == want if kind == 'string' else (not isinstance(got, (str, bool)) and repr(float(got)) == repr(float(want)))\n"
    "    if not ok:\n"
    "        print('%s: %r' % (key, got))\n";
  static const char ruby[] =
    "begin\n"
    "  require 'yaml'\n"
    "  require 'date'\n"
    "rescue LoadError\n"
    "  exit 77\n"
    "end\n"
    "data = YAML.safe_load(File.read(ARGV[0]), permitted_classes: [Date, Time])\n"
    "File.read(ARGV[1]).each_line do |line|\n"
    "  key, kind, want = line.chomp.split(\"\\t\")\n"
    "  got = data[key]\n"
    "  number = want.end_with?('inf') ? (want.start_with?('-') ? -Float::INFINITY : Float::INFINITY) : Float(want) rescue nil\n"
    "  ok = kind == 'string' ? got == want : (got.is_a?(Numeric) && got.to_f == number)\n"
    "  puts \"#{key}: #{got.inspect}\" unless ok\n"
    "end\n";
  g_autoptr(GString) text = g_string_new ("title: Old\n");
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("billet-yaml11-XXXXXX", &error);
  g_autofree char *file = NULL;
  g_autofree char *expected_file = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (yaml11_cases); i++)
    {
      const Yaml11Case *c = &yaml11_cases[i];
      g_autoptr(BilletFrontMatter) fm = parse_ok ("k: old\n");
      g_autoptr(BilletFrontMatter) back = NULL;
      g_autofree char *after = NULL;
      g_autofree char *want = g_strdup_printf ("k: %s\n", c->written);
      g_autofree char *key = g_strdup_printf ("k%u", i);
      g_autofree char *added = NULL;
      g_autoptr(BilletFrontMatter) all = NULL;

      g_test_message ("case %u: %s %s", i, billet_node_kind_to_string (c->kind), c->value);
      after = billet_front_matter_splice_set (fm, "k", c->value, c->kind, "\n", NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (after, ==, want);

      /* libyaml (and Billet, YAML 1.2) read it back as asked. */
      back = parse_ok (after);
      if (c->kind == BILLET_NODE_STRING)
        {
          g_assert_cmpstr (billet_node_get_text (billet_front_matter_lookup (back, "k")), ==, c->value);
          g_assert_cmpint (billet_node_get_kind (billet_front_matter_lookup (back, "k")), ==,
                           BILLET_NODE_STRING);
        }
      else
        g_assert_cmpint (billet_node_get_kind (billet_front_matter_lookup (back, "k")), ==,
                         BILLET_NODE_NUMBER);

      /* The same value as a new key, for the 1.1 readers below. */
      all = parse_ok (text->str);
      added = billet_front_matter_splice_set (all, key, c->value, c->kind, "\n", NULL, &error);
      g_assert_no_error (error);
      g_string_assign (text, added);
      g_string_append_printf (expected, "%s\t%s\t%s\n", key,
                              c->kind == BILLET_NODE_STRING ? "string" : "number",
                              c->kind == BILLET_NODE_STRING ? c->value : c->number);
    }

  /* Keys and list items go through the same rule. */
  {
    g_autoptr(BilletFrontMatter) fm = parse_ok ("title: T\n");
    g_autofree char *after = billet_front_matter_splice_set (fm, "on", "x", BILLET_NODE_STRING,
                                                             "\n", NULL, &error);
    const char * const items[] = { "12:30", "1_000", "plain", NULL };
    g_autoptr(BilletFrontMatter) list = parse_ok ("tags: [a]\n");
    g_autofree char *list_after = billet_front_matter_splice_set_list (list, "tags", items, "\n",
                                                                       NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (after, ==, "title: T\n'on': x\n");
    g_assert_cmpstr (list_after, ==, "tags: ['12:30', '1_000', plain]\n");
  }

  file = g_build_filename (dir, "front-matter.yaml", NULL);
  expected_file = g_build_filename (dir, "expected.tsv", NULL);
  g_file_set_contents (file, text->str, (gssize) text->len, &error);
  g_assert_no_error (error);
  g_file_set_contents (expected_file, expected->str, (gssize) expected->len, &error);
  g_assert_no_error (error);

  check_yaml11_reader ("python3", python, file, expected_file);
  check_yaml11_reader ("ruby", ruby, file, expected_file);

  g_unlink (file);
  g_unlink (expected_file);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/billet/front-matter/kinds", test_kinds);
  g_test_add_func ("/billet/front-matter/order-and-spans", test_order_and_spans);
  g_test_add_func ("/billet/front-matter/errors", test_errors);
  g_test_add_func ("/billet/front-matter/hostile", test_hostile);
  g_test_add_func ("/billet/front-matter/splice", test_splice);
  g_test_add_func ("/billet/front-matter/yaml11", test_yaml11);

  return g_test_run ();
}
