/* test-post.c — loading, round-tripping and editing posts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "billet-post.h"

static BilletPost *
load (const char *data,
      gsize       len)
{
  return billet_post_new_from_data (data, len);
}

static void
assert_round_trip (const char *data,
                   gsize       len)
{
  g_autoptr(BilletPost) post = load (data, len);
  g_autoptr(GBytes) out = billet_post_serialize (post);

  g_assert_cmpmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out), data, len);
}

static void
test_split (void)
{
  static const struct {
    const char *data;
    BilletFrontMatterKind kind;
    BilletEncoding encoding;
    BilletNewline newline;
    const char *front_matter;
    const char *body;
    guint body_line;
  } cases[] = {
    { "---\ntitle: T\n---\nBody\n", BILLET_FRONT_MATTER_YAML, BILLET_ENCODING_UTF8,
      BILLET_NEWLINE_LF, "title: T\n", "Body\n", 4 },
    { "\xEF\xBB\xBF---\r\ntitle: T\r\n---\r\nBody", BILLET_FRONT_MATTER_YAML,
      BILLET_ENCODING_UTF8_BOM, BILLET_NEWLINE_CRLF, "title: T\r\n", "Body", 4 },
    { "+++\ntitle = \"T\"\n+++\nBody\n", BILLET_FRONT_MATTER_TOML, BILLET_ENCODING_UTF8,
      BILLET_NEWLINE_LF, "title = \"T\"\n", "Body\n", 4 },
    { "---\ntitle: T\n...\nBody\n", BILLET_FRONT_MATTER_YAML, BILLET_ENCODING_UTF8,
      BILLET_NEWLINE_LF, "title: T\n", "Body\n", 4 },
    { "---   \ntitle: T\n---\n", BILLET_FRONT_MATTER_YAML, BILLET_ENCODING_UTF8,
      BILLET_NEWLINE_LF, "title: T\n", "", 4 },
    { "---\n---\n", BILLET_FRONT_MATTER_YAML, BILLET_ENCODING_UTF8, BILLET_NEWLINE_LF, "", "", 3 },
    { "---\ntitle: T\n---", BILLET_FRONT_MATTER_YAML, BILLET_ENCODING_UTF8, BILLET_NEWLINE_LF,
      "title: T\n", "", 3 },
    { "---\ntitle: T\nno end\n", BILLET_FRONT_MATTER_UNTERMINATED, BILLET_ENCODING_UTF8,
      BILLET_NEWLINE_LF, NULL, "---\ntitle: T\nno end\n", 1 },
    { "# Title\n\n---\n\nText\n", BILLET_FRONT_MATTER_NONE, BILLET_ENCODING_UTF8,
      BILLET_NEWLINE_LF, NULL, "# Title\n\n---\n\nText\n", 1 },
    { "\n---\ntitle: T\n---\n", BILLET_FRONT_MATTER_NONE, BILLET_ENCODING_UTF8,
      BILLET_NEWLINE_LF, NULL, "\n---\ntitle: T\n---\n", 1 },
    { "----\nx\n----\n", BILLET_FRONT_MATTER_NONE, BILLET_ENCODING_UTF8, BILLET_NEWLINE_LF,
      NULL, "----\nx\n----\n", 1 },
    { "", BILLET_FRONT_MATTER_NONE, BILLET_ENCODING_UTF8, BILLET_NEWLINE_LF, NULL, "", 1 },
    { "---", BILLET_FRONT_MATTER_NONE, BILLET_ENCODING_UTF8, BILLET_NEWLINE_LF, NULL, "---", 1 },
    { "---\ntitle: caf\xE9\n---\n", BILLET_FRONT_MATTER_YAML, BILLET_ENCODING_UNKNOWN,
      BILLET_NEWLINE_LF, "title: caf\xE9\n", "", 4 },
    { "a\rb\r", BILLET_FRONT_MATTER_NONE, BILLET_ENCODING_UTF8, BILLET_NEWLINE_CR, NULL,
      "a\rb\r", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BilletPost) post = load (cases[i].data, strlen (cases[i].data));

      g_test_message ("case %u", i);
      g_assert_cmpint (billet_post_get_front_matter_kind (post), ==, cases[i].kind);
      g_assert_cmpint (billet_post_get_encoding (post), ==, cases[i].encoding);
      g_assert_cmpint (billet_post_get_newline (post), ==, cases[i].newline);
      g_assert_cmpstr (billet_post_get_front_matter_text (post, NULL), ==, cases[i].front_matter);
      g_assert_cmpstr (billet_post_get_body (post, NULL), ==, cases[i].body);
      g_assert_cmpuint (billet_post_get_body_line (post), ==, cases[i].body_line);
      assert_round_trip (cases[i].data, strlen (cases[i].data));
    }
}

static void
test_round_trip_binary (void)
{
  static const char binary[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\xff---\n";
  g_autoptr(BilletPost) post = load (binary, sizeof binary - 1);
  guint line = 0, column = 0;

  assert_round_trip (binary, sizeof binary - 1);
  g_assert_cmpint (billet_post_get_encoding (post), ==, BILLET_ENCODING_UNKNOWN);
  g_assert_true (billet_post_has_nul (post));
  g_assert_true (billet_post_get_invalid_utf8_position (post, &line, &column));
  g_assert_cmpuint (line, ==, 1);
  g_assert_cmpuint (column, ==, 1);
}

/* What the renderer may take as UTF-8 without checking it again: only a
 * body read as UTF-8 without NUL, and no longer once replaced. */
static void
test_body_is_utf8 (void)
{
  static const char nul[] = "---\ntitle: a\n---\nun\0deux\n";
  static const char bom[] = "\xEF\xBB\xBF---\ntitle: Été\n---\nCorps 🏡\n";
  static const char latin1_text[] = "---\ntitle: a\n---\nCaf\xE9\n";
  g_autoptr(BilletPost) utf8 = load (bom, sizeof bom - 1);
  g_autoptr(BilletPost) latin1 = load (latin1_text, sizeof latin1_text - 1);
  g_autoptr(BilletPost) with_nul = load (nul, sizeof nul - 1);

  g_assert_true (billet_post_body_is_utf8 (utf8));
  g_assert_false (billet_post_body_is_utf8 (latin1));
  g_assert_false (billet_post_body_is_utf8 (with_nul));
  billet_post_set_body (utf8, "Autre corps\n", -1);
  g_assert_false (billet_post_body_is_utf8 (utf8));
}

static void
test_invalid_utf8_position (void)
{
  const char *data = "---\ntitle: ok\n---\nPremière ligne\nCaf\xE9 cr\xE8me\n";
  g_autoptr(BilletPost) post = load (data, strlen (data));
  guint line = 0, column = 0;

  g_assert_true (billet_post_get_invalid_utf8_position (post, &line, &column));
  g_assert_cmpuint (line, ==, 5);
  g_assert_cmpuint (column, ==, 4);
}

static void
test_error_position (void)
{
  const char *data = "---\ntitle: ok\ntags: [a, b\n---\nBody\n";
  g_autoptr(BilletPost) post = load (data, strlen (data));
  g_autoptr(GError) error = NULL;
  guint line = 0, column = 0;

  g_assert_null (billet_post_get_front_matter (post, &error));
  g_assert_error (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_SYNTAX);
  billet_post_get_error_position (post, &line, &column);
  /* In the file (the block starts on line 2): the unclosed bracket. */
  g_assert_cmpuint (line, ==, 3);
  g_assert_cmpuint (column, ==, 7);
}

static void
test_edit (void)
{
  const char *data = "\xEF\xBB\xBF---\r\n# Notes\r\ntitle: \"Old\"\r\ntags: [a]\r\n---\r\nBody\r\n";
  g_autoptr(BilletPost) post = load (data, strlen (data));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = NULL;
  const char *items[] = { "a", "b", NULL };
  const char *expected =
    "\xEF\xBB\xBF---\r\n# Notes\r\ntitle: \"New\"\r\ntags: [a, b]\r\ndraft: true\r\n---\r\nBody\r\n";
  g_autofree char *title = NULL;

  g_assert_true (billet_post_set_value (post, "title", "New", BILLET_NODE_STRING, &error));
  g_assert_no_error (error);
  g_assert_true (billet_post_set_list (post, "tags", items, &error));
  g_assert_no_error (error);
  g_assert_true (billet_post_set_value (post, "draft", "true", BILLET_NODE_BOOLEAN, &error));
  g_assert_no_error (error);

  out = billet_post_serialize (post);
  g_assert_cmpmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out), expected, strlen (expected));
  title = billet_post_dup_string (post, "title");
  g_assert_cmpstr (title, ==, "New");
}

static void
test_edit_without_front_matter (void)
{
  const char *data = "# Just Markdown\n";
  g_autoptr(BilletPost) post = load (data, strlen (data));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = NULL;
  const char *expected = "---\ntitle: Hello\n---\n# Just Markdown\n";

  g_assert_true (billet_post_set_value (post, "title", "Hello", BILLET_NODE_STRING, &error));
  g_assert_no_error (error);
  out = billet_post_serialize (post);
  g_assert_cmpmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out), expected, strlen (expected));
}

static void
test_edit_refused (void)
{
  static const char *refused[] = {
    "+++\ntitle = \"T\"\ntitle = \"U\"\n+++\n",
    "---\ntitle: T\n",
    "---\ntitle: T\ntitle: U\n---\n",
    "---\ntitle: [\n---\n",
    "---\ntitle: caf\xE9\n---\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(BilletPost) post = load (refused[i], strlen (refused[i]));
      g_autoptr(GError) error = NULL;

      g_test_message ("case %u", i);
      g_assert_false (billet_post_set_value (post, "title", "X", BILLET_NODE_STRING, &error));
      g_assert_nonnull (error);
      assert_round_trip (refused[i], strlen (refused[i]));
      {
        g_autoptr(GBytes) out = billet_post_serialize (post);

        g_assert_cmpmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out),
                         refused[i], strlen (refused[i]));
      }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/billet/post/split", test_split);
  g_test_add_func ("/billet/post/round-trip-binary", test_round_trip_binary);
  g_test_add_func ("/billet/post/invalid-utf8-position", test_invalid_utf8_position);
  g_test_add_func ("/billet/post/body-is-utf8", test_body_is_utf8);
  g_test_add_func ("/billet/post/error-position", test_error_position);
  g_test_add_func ("/billet/post/edit", test_edit);
  g_test_add_func ("/billet/post/edit-without-front-matter", test_edit_without_front_matter);
  g_test_add_func ("/billet/post/edit-refused", test_edit_refused);

  return g_test_run ();
}
