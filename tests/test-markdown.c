/* test-markdown.c — Markdown to HTML: the GFM features authors rely on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "billet-markdown.h"

typedef struct
{
  const char          *name;
  const char          *markdown;
  BilletMarkdownFlags  flags;
  /* Up to four fragments that must appear in the HTML, and up to four that
   * must not. */
  const char          *present[4];
  const char          *absent[4];
} MarkdownCase;

static const MarkdownCase cases[] = {
  {
    "table",
    "| Name | Size |\n|:-----|-----:|\n| a | 1 |\n",
    BILLET_MARKDOWN_DEFAULT,
    { "<table>", "<th align=\"left\">Name</th>", "<td align=\"right\">1</td>" },
    { "| Name" },
  },
  {
    "strikethrough",
    "This is ~~gone~~ now.\n",
    BILLET_MARKDOWN_DEFAULT,
    { "<del>gone</del>" },
    { "~~" },
  },
  {
    "autolink",
    "See www.example.com and https://example.org/a?b=c today.\n",
    BILLET_MARKDOWN_DEFAULT,
    { "<a href=\"http://www.example.com\">www.example.com</a>",
      "<a href=\"https://example.org/a?b=c\">" },
  },
  {
    "tasklist",
    "- [x] written\n- [ ] proofread\n",
    BILLET_MARKDOWN_DEFAULT,
    { "<input type=\"checkbox\" checked=\"\" disabled=\"\" /> written",
      "<input type=\"checkbox\" disabled=\"\" /> proofread" },
    { "[x]", "[ ]" },
  },
  {
    "footnotes",
    "A claim.[^src]\n\n[^src]: The source.\n",
    BILLET_MARKDOWN_DEFAULT,
    { "<sup class=\"footnote-ref\"><a href=\"#fn-src\"", "<section class=\"footnotes\"",
      "<li id=\"fn-src\">", "The source." },
    { "[^src]" },
  },
  {
    "fenced-code-language",
    "```python\nprint(\"<hi>\")\n```\n",
    BILLET_MARKDOWN_DEFAULT,
    { "<pre><code class=\"language-python\">", "print(&quot;&lt;hi&gt;&quot;)" },
  },
  {
    /* Authors type their own typography: no curly quotes or dashes added. */
    "no-smart-punctuation",
    "\"Quoted\" -- it's fine...\n",
    BILLET_MARKDOWN_DEFAULT,
    { "&quot;Quoted&quot; -- it's fine..." },
    { "\xe2\x80\x9c", "\xe2\x80\x93", "\xe2\x80\x99", "\xe2\x80\xa6" },
  },
  {
    "raw-html-omitted-by-default",
    "<script>alert(1)</script>\n\nText with <kbd>Ctrl</kbd>.\n",
    BILLET_MARKDOWN_DEFAULT,
    { "<!-- raw HTML omitted -->", "Ctrl" },
    { "<script", "alert(1)", "<kbd>" },
  },
  {
    /* Unsafe keeps the author's HTML, but the GFM tag filter still
     * disarms the tags that could run or restyle things. */
    "raw-html-kept-when-unsafe",
    "<div class=\"note\">Hi</div>\n\nText with <kbd>Ctrl</kbd>.\n\n<script>alert(1)</script>\n",
    BILLET_MARKDOWN_UNSAFE,
    { "<div class=\"note\">Hi</div>", "<kbd>Ctrl</kbd>", "&lt;script>alert(1)&lt;/script>" },
    { "raw HTML omitted", "<script" },
  },
  {
    "javascript-link-dropped",
    "[click](javascript:alert(1))\n",
    BILLET_MARKDOWN_DEFAULT,
    { "<a href=\"\">click</a>" },
    { "javascript:" },
  },
  {
    "sourcepos",
    "# Title\n\nA paragraph\non two lines.\n",
    BILLET_MARKDOWN_SOURCEPOS,
    { "<h1 data-sourcepos=\"1:1-1:7\">", "<p data-sourcepos=\"3:1-4:13\">" },
  },
  {
    "no-sourcepos-by-default",
    "# Title\n",
    BILLET_MARKDOWN_DEFAULT,
    { "<h1>Title</h1>" },
    { "data-sourcepos" },
  },
  {
    "invalid-utf8-replaced",
    "caf\xe9 cr\xc3\xa8me\n",
    BILLET_MARKDOWN_DEFAULT,
    { "caf\xef\xbf\xbd cr\xc3\xa8me" },
    { "\xe9 " },
  },
  {
    "empty",
    "",
    BILLET_MARKDOWN_DEFAULT,
    { NULL },
    { "<p>" },
  },
};

static void
test_case (gconstpointer data)
{
  const MarkdownCase *c = data;
  g_autofree char *html = NULL;

  html = billet_markdown_to_html (c->markdown, strlen (c->markdown), c->flags);
  g_assert_nonnull (html);
  g_assert_true (g_utf8_validate (html, -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (c->present) && c->present[i] != NULL; i++)
    {
      if (strstr (html, c->present[i]) == NULL)
        g_error ("%s: expected “%s” in:\n%s", c->name, c->present[i], html);
    }

  for (guint i = 0; i < G_N_ELEMENTS (c->absent) && c->absent[i] != NULL; i++)
    {
      if (strstr (html, c->absent[i]) != NULL)
        g_error ("%s: unexpected “%s” in:\n%s", c->name, c->absent[i], html);
    }
}

/* The body handed over by BilletPost is a slice of the file: the bytes
 * after @len must not be read. */
static void
test_not_nul_terminated (void)
{
  const char buffer[] = "Shown *here*\n\nNOT-PART-OF-THE-BODY";
  gsize len = strlen ("Shown *here*\n");
  g_autofree char *copy = g_malloc (len);
  g_autofree char *html = NULL;

  /* An exact-size heap copy, so a read past the end shows up under
   * valgrind or ASan rather than finding a convenient NUL. */
  memcpy (copy, buffer, len);
  html = billet_markdown_to_html (copy, len, BILLET_MARKDOWN_DEFAULT);

  g_assert_cmpstr (html, ==, "<p>Shown <em>here</em></p>\n");
}

static void
test_nul_byte (void)
{
  const char text[] = "a\0b\n";
  g_autofree char *html = NULL;

  html = billet_markdown_to_html (text, sizeof text - 1, BILLET_MARKDOWN_DEFAULT);

  g_assert_cmpstr (html, ==, "<p>a\xef\xbf\xbd" "b</p>\n");
}

static void
test_null_empty (void)
{
  g_autofree char *html = billet_markdown_to_html (NULL, 0, BILLET_MARKDOWN_DEFAULT);

  g_assert_cmpstr (html, ==, "");
}

typedef struct
{
  const char *markdown;
  const char *expected;
} ThreadData;

static gpointer
render_repeatedly (gpointer data)
{
  const ThreadData *td = data;
  guint mismatches = 0;

  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *html = billet_markdown_to_html (td->markdown, strlen (td->markdown),
                                                       BILLET_MARKDOWN_DEFAULT);

      if (g_strcmp0 (html, td->expected) != 0)
        mismatches++;
    }

  return GUINT_TO_POINTER (mismatches);
}

/* Preview and export render from worker threads. cmark-gfm 0.29 keeps
 * parser state in globals that tables and strikethrough flip while
 * parsing; without serialisation, a thread parsing a table makes another
 * miss its ~~strikethrough~~ or autolinks. Every render must match the
 * single-threaded one. */
static void
test_threads (void)
{
  g_autoptr(GString) markdown = g_string_new (NULL);
  g_autofree char *expected = NULL;
  GThread *threads[6];
  ThreadData td;
  guint mismatches = 0;

  for (guint i = 0; i < 40; i++)
    g_string_append_printf (markdown,
                            "| a | ~~b~~ | www.example%u.org |\n|---|---|---|\n"
                            "| ~~c~~ | d | e@example.org |\n\n"
                            "Some ~~struck~~ text and www.example.com/%u here.\n\n",
                            i, i);

  expected = billet_markdown_to_html (markdown->str, markdown->len, BILLET_MARKDOWN_DEFAULT);
  g_assert_nonnull (strstr (expected, "<del>struck</del>"));

  td.markdown = markdown->str;
  td.expected = expected;

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("render", render_repeatedly, &td);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    mismatches += GPOINTER_TO_UINT (g_thread_join (threads[i]));

  g_assert_cmpuint (mismatches, ==, 0);
}

/* The word count reads eight bytes at a time: words across those
 * boundaries, at the very start and end, and every kind of space. */
static void
test_count_words (void)
{
  static const struct { const char *text; gsize words; } rows[] = {
    { "", 0 },
    { "   \n\t ", 0 },
    { "a", 1 },
    { "Été", 1 },
    { "un deux", 2 },
    { "abcdefg hijklmn", 2 },
    { "abcdefgh ijklmnop", 2 },
    { "abcdefghijklmnopqrstuvwxyz", 1 },
    { "       a", 1 },
    { "        a", 1 },
    { "a\tb\nc\r\nd e", 5 },
    /* Guillemets with plain spaces and "##" count as words of their own. */
    { "« Pendant » des années, j’ai cru\n\n## Ce qui a changé\n", 12 },
    { "[un lien](https://example.org/a/b) et *du gras*", 5 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_test_message ("row %u: %s", i, rows[i].text);
      g_assert_cmpuint (billet_markdown_count_words (rows[i].text, strlen (rows[i].text)), ==,
                        rows[i].words);
    }

  g_assert_cmpuint (billet_markdown_reading_minutes (0), ==, 0);
  g_assert_cmpuint (billet_markdown_reading_minutes (1), ==, 1);
  g_assert_cmpuint (billet_markdown_reading_minutes (220), ==, 1);
  g_assert_cmpuint (billet_markdown_reading_minutes (221), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/billet/markdown/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_case);
    }

  g_test_add_func ("/billet/markdown/not-nul-terminated", test_not_nul_terminated);
  g_test_add_func ("/billet/markdown/nul-byte", test_nul_byte);
  g_test_add_func ("/billet/markdown/null-empty", test_null_empty);
  g_test_add_func ("/billet/markdown/threads", test_threads);
  g_test_add_func ("/billet/markdown/count-words", test_count_words);

  return g_test_run ();
}
