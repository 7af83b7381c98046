/* test-markdown.c — Markdown to HTML: the GFM features authors rely on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <time.h>

#include "billet-arena.h"
#include "billet-markdown.h"
#include "billet-test-utils.h"

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
  /* MDX: ESM blocks and components become placeholders labelled as
   * written, comments go, lower-case HTML and code stay as they are */
  {
    "mdx-esm-and-components",
    "import Figure from './Figure.astro';\nimport { Image } from 'astro:assets';\n\n"
    "Du texte avec <Badge text=\"neuf\" /> dedans.\n\n"
    "<Figure src=\"/a.jpg\" caption={\"a > b\"} />\n\n"
    "{/* un commentaire */}\n\n"
    "```jsx\n<Figure in=\"code\" />\nimport x from 'y';\n```\n\n"
    "export const meta = { a: 1 };\n",
    BILLET_MARKDOWN_MDX,
    { "<p><span class=\"shortcode mdx\" title=\"import Figure from &apos;./Figure.astro&apos;;\nimport { Image } from &apos;astro:assets&apos;;\">import</span></p>",
      "Du texte avec <span class=\"shortcode mdx\" title=\"&lt;Badge text=&quot;neuf&quot; /&gt;\">&lt;Badge /&gt;</span> dedans.",
      "title=\"&lt;Figure src=&quot;/a.jpg&quot; caption={&quot;a &gt; b&quot;} /&gt;\">&lt;Figure /&gt;</span>",
      "<code class=\"language-jsx\">&lt;Figure in=&quot;code&quot; /&gt;\nimport x from 'y';\n</code>" },
    { "commentaire", "<p>export", "<p>import" },
  },
  {
    "mdx-paired-component",
    "<Callout type=\"astuce\">\nUn fil *ciré*.\n</Callout>\n\nLa suite, import compris.\n",
    BILLET_MARKDOWN_MDX,
    { "&lt;Callout&gt;</span>\nUn fil <em>ciré</em>.\n<span class=\"shortcode mdx\" title=\"&lt;/Callout&gt;\">&lt;/Callout&gt;</span>",
      "<p>La suite, import compris.</p>" },
    { NULL },
  },
  /* The same text in a .md post: no MDX */
  {
    "mdx-not-in-markdown",
    "import Figure from './Figure.astro';\n\n<Figure src=\"/a.jpg\" />\n",
    BILLET_MARKDOWN_DEFAULT,
    { "<p>import Figure from './Figure.astro';</p>" },
    { "shortcode" },
  },
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
    /* Each task item has the class that takes its bullet away. */
    "tasklist",
    "- [x] written\n- [ ] proofread\n",
    BILLET_MARKDOWN_DEFAULT,
    { "<li class=\"task-list-item\"><input type=\"checkbox\" checked=\"\" disabled=\"\" /> written",
      "<li class=\"task-list-item\"><input type=\"checkbox\" disabled=\"\" /> proofread" },
    { "[x]", "[ ]", "<li><input" },
  },
  {
    /* Loose, nested, and beside ordinary items. */
    "tasklist-loose-nested",
    "- plain\n\n- [ ] loose\n\n  - [x] nested\n",
    BILLET_MARKDOWN_DEFAULT,
    { "<li>\n<p>plain</p>",
      "<li class=\"task-list-item\"><input type=\"checkbox\" disabled=\"\" /> \n<p>loose</p>",
      "<li class=\"task-list-item\"><input type=\"checkbox\" checked=\"\" disabled=\"\" /> nested</li>" },
    { "<li><input", "<li class=\"task-list-item\">\n<p>plain" },
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
    /* Hugo's typographer (CMARK_OPT_SMART), not in code */
    "typographer",
    "Il a dit \"oui\" -- puis --- l'été...\n\n`\"x\" -- y`\n",
    BILLET_MARKDOWN_TYPOGRAPHER,
    { "Il a dit “oui” – puis — l’été…", "<code>&quot;x&quot; -- y</code>" },
    { "&quot;oui", "l'été" },
  },
  {
    "no-typographer",
    "Il a dit \"oui\" -- l'été...\n",
    BILLET_MARKDOWN_DEFAULT,
    { "Il a dit &quot;oui&quot; -- l'été..." },
    { "“", "–", "…" },
  },
  {
    /* Hugo's hardWraps: a line break in a paragraph is a <br> */
    "hard-wraps",
    "Première ligne\nseconde ligne\n",
    BILLET_MARKDOWN_HARD_WRAPS,
    { "<p>Première ligne<br />\nseconde ligne</p>" },
  },
  {
    "soft-wraps",
    "Première ligne\nseconde ligne\n",
    BILLET_MARKDOWN_DEFAULT,
    { "<p>Première ligne\nseconde ligne</p>" },
    { "<br" },
  },
  {
    "sourcepos",
    "# Title\n\nA paragraph\non two lines.\n",
    BILLET_MARKDOWN_SOURCEPOS,
    { "<h1 id=\"title\" data-sourcepos=\"1:1-1:7\">", "<p data-sourcepos=\"3:1-4:13\">" },
  },
  {
    "no-sourcepos-by-default",
    "# Title\n",
    BILLET_MARKDOWN_DEFAULT,
    { "<h1 id=\"title\">Title</h1>" },
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

  html = billet_markdown_to_html (c->markdown, strlen (c->markdown), c->flags, NULL);
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
  html = billet_markdown_to_html (copy, len, BILLET_MARKDOWN_DEFAULT, NULL);

  g_assert_cmpstr (html, ==, "<p>Shown <em>here</em></p>\n");
}

static void
test_nul_byte (void)
{
  const char text[] = "a\0b\n";
  g_autofree char *html = NULL;

  html = billet_markdown_to_html (text, sizeof text - 1, BILLET_MARKDOWN_DEFAULT, NULL);

  g_assert_cmpstr (html, ==, "<p>a\xef\xbf\xbd" "b</p>\n");
}

static void
test_null_empty (void)
{
  g_autofree char *html = billet_markdown_to_html (NULL, 0, BILLET_MARKDOWN_DEFAULT, NULL);

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
                                                       BILLET_MARKDOWN_DEFAULT, NULL);

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

  expected = billet_markdown_to_html (markdown->str, markdown->len, BILLET_MARKDOWN_DEFAULT, NULL);
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

  /* Long texts: the counts kept per byte are added up every 255 words of
   * eight bytes, so a text of thousands of words crosses that many times.
   * Compared with a count one byte at a time, on words of every length and
   * blanks of every kind. */
  {
    static const char pieces[] = "a \tbc\nd\xC3\xA9" "f  ghij\r\nklmno pq";
    g_autoptr(GString) text = g_string_new (NULL);
    gsize expected = 0;
    gboolean in_word = FALSE;

    for (guint i = 0; text->len < 20000; i++)
      g_string_append_len (text, pieces + i % 7, 1 + (i * 7) % (sizeof pieces - 1 - i % 7));
    for (gsize i = 0; i < text->len; i++)
      {
        gboolean text_byte = (guchar) text->str[i] > 0x20;

        expected += text_byte && !in_word;
        in_word = text_byte;
      }
    g_assert_cmpuint (expected, >, 3000);
    g_assert_cmpuint (billet_markdown_count_words (text->str, text->len), ==, expected);

    /* The most words eight bytes can begin (four), all along. */
    g_string_truncate (text, 0);
    for (guint i = 0; i < 5000; i++)
      g_string_append (text, "a ");
    g_assert_cmpuint (billet_markdown_count_words (text->str, text->len), ==, 5000);
  }

  g_assert_cmpuint (billet_markdown_reading_minutes (0), ==, 0);
  g_assert_cmpuint (billet_markdown_reading_minutes (1), ==, 1);
  g_assert_cmpuint (billet_markdown_reading_minutes (220), ==, 1);
  g_assert_cmpuint (billet_markdown_reading_minutes (221), ==, 2);
}

/* The parse tree's allocator: zeroed memory, a growing buffer keeps its
 * bytes (in place or moved), a block bigger than a chunk, chunks mapped on
 * their own (a long post's), and an arena inside another. Then a render
 * of each size, its HTML compared with what the text says. */
static void
test_arena (void)
{
  cmark_mem *mem = billet_arena_get_mem ();
  BilletArena *outer = billet_arena_push (0);
  char *grown = NULL;
  char *other;
  guchar *zeroed;
  gsize size = 0;

  for (guint round = 0; round < 20; round++)
    {
      gsize new_size = size + size / 2 + 24;

      /* Something else between two growths: the buffer is not the last. */
      other = mem->calloc (3, 5);
      memset (other, 'x', 15);
      grown = mem->realloc (grown, new_size);
      for (gsize i = size; i < new_size; i++)
        grown[i] = (char) ('a' + i % 26);
      size = new_size;
    }
  for (gsize i = 0; i < size; i++)
    g_assert_cmpint (grown[i], ==, (char) ('a' + i % 26));
  /* A chunk's worth and more at once, then mapped chunks (2 MiB and up). */
  for (gsize big = 100000; big <= 12 * 1024 * 1024; big *= 5)
    {
      BilletArena *inner = billet_arena_push (big);

      zeroed = mem->calloc (big, 1);
      for (gsize i = 0; i < big; i += 4093)
        g_assert_cmpuint (zeroed[i], ==, 0);
      g_assert_cmpuint (zeroed[big - 1], ==, 0);
      memset (zeroed, 0xAB, big);
      zeroed = mem->calloc (1, 64);
      for (gsize i = 0; i < 64; i++)
        g_assert_cmpuint (zeroed[i], ==, 0);
      mem->free (zeroed);
      billet_arena_pop (inner);
    }
  /* The outer arena is the current one again, its memory untouched. */
  other = mem->calloc (1, 8);
  g_assert_cmpint (other[0], ==, 0);
  for (gsize i = 0; i < size; i++)
    g_assert_cmpint (grown[i], ==, (char) ('a' + i % 26));
  billet_arena_pop (outer);

  for (guint paragraphs = 1; paragraphs <= 10000; paragraphs *= 100)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *html = NULL;
      const char *p;
      guint found = 0;

      for (guint i = 0; i < paragraphs; i++)
        g_string_append_printf (text, "## Titre %u\n\nUn *paragraphe* numéro %u.\n\n", i, i);
      html = billet_markdown_to_html (text->str, text->len, BILLET_MARKDOWN_TEXT_IS_UTF8, "fr");
      for (p = html; (p = strstr (p, "<p>Un <em>paragraphe</em> numéro ")) != NULL; p++)
        found++;
      g_assert_cmpuint (found, ==, paragraphs);
      g_assert_nonnull (strstr (html, "<h2 id=\"titre-0\">Titre 0</h2>"));
    }
}

/* Tables that Debian's cmark-gfm (0.29.0.gfm.6) would pad or parse out of
 * all proportion to their size come out as text, after a note; ordinary
 * tables, wide ones included, come out as tables. The work is CPU time of
 * this thread, not the wall clock, which measures the neighbours too. */

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  g_assert_cmpint (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts), ==, 0);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = haystack; (p = strstr (p, needle)) != NULL; p += strlen (needle))
    n++;
  return n;
}

/* Renders @markdown, checking that it took little CPU: a quarter of a
 * second is a hundred times what these take, and a fraction of what they
 * took unbounded (seconds to minutes). */
static char *
render_bounded (const char *markdown,
                gsize       len)
{
  gint64 start = thread_cpu_us ();
  char *html = billet_markdown_to_html (markdown, len, BILLET_MARKDOWN_DEFAULT, NULL);
  gint64 spent = thread_cpu_us () - start;

  g_test_message ("%" G_GSIZE_FORMAT " bytes of Markdown: %" G_GSIZE_FORMAT " bytes of HTML "
                  "in %" G_GINT64_FORMAT " µs of CPU", len, strlen (html), spent);
  g_assert_cmpint (spent, <, 250000 * (gint64) billet_test_slowdown ());
  return html;
}

/* A header of @columns cells, its delimiter row and @rows rows of one
 * cell: each line after @first (the header's) or @prefix, ending in @eol. */
static GString *
padded_table (const char *first,
              const char *prefix,
              guint       columns,
              guint       rows,
              const char *eol)
{
  GString *s = g_string_new (first);

  g_string_append_c (s, '|');
  for (guint i = 0; i < columns; i++)
    g_string_append (s, "a|");
  g_string_append_printf (s, "%s%s|", eol, prefix);
  for (guint i = 0; i < columns; i++)
    g_string_append (s, "-|");
  g_string_append (s, eol);
  for (guint i = 0; i < rows; i++)
    g_string_append_printf (s, "%sx%s", prefix, eol);

  return s;
}

/* The issue's 12 KB post: 2000 columns, 2000 rows, which cmark-gfm turns
 * into four million cells (40 MB of HTML, a gigabyte of memory). Also in
 * a block quote, in list items, after a paragraph, with other line ends,
 * and after a small table that a heading ends. */
static void
test_table_padded (void)
{
  static const struct
  {
    const char *name;
    const char *before;
    const char *first;
    const char *prefix;
    const char *eol;
    guint       cells;  /* of the tables in @before */
  } shapes[] = {
    { "top level", "", "", "", "\n", 0 },
    { "block quote", "", "> ", "> ", "\n", 0 },
    { "list item", "", "- ", "  ", "\n", 0 },
    { "ordered list item", "", "12. ", "    ", "\n", 0 },
    { "nested", "", "> - > ", ">   > ", "\n", 0 },
    { "after a paragraph", "Some text\nand more text\n", "", "", "\n", 0 },
    { "after a table", "| a | b |\n|---|---|\n| 1 | 2 |\n# Heading\n", "", "", "\n", 2 },
    { "CR", "", "", "", "\r", 0 },
    { "CRLF", "", "", "", "\r\n", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      g_autoptr(GString) table = padded_table (shapes[i].first, shapes[i].prefix, 2000, 2000, shapes[i].eol);
      g_autofree char *markdown = g_strconcat (shapes[i].before, table->str, NULL);
      g_autofree char *html = NULL;

      g_test_message ("%s", shapes[i].name);
      html = render_bounded (markdown, strlen (markdown));

      /* In proportion to the input, and every row on its own line. */
      g_assert_cmpuint (strlen (html), <, 4 * strlen (markdown));
      g_assert_cmpuint (count (html, "<td"), ==, shapes[i].cells);
      g_assert_cmpuint (count (html, "<br />"), >=, 2000);
      g_assert_cmpuint (count (html, "<span class=\"table-too-large\" role=\"note\">"), ==, 1);
      g_assert_nonnull (strstr (html, "This table is too large to show (2000 columns × 2000 rows); "
                                      "it is shown as text.</span>|a|a|a|"));
      /* The delimiter row shows as written. */
      g_assert_nonnull (strstr (html, "|-|-|-|"));
      g_assert_null (strstr (html, "\\-"));
    }
}

/* The lines stay where they were: the preview's blocks carry them. */
static void
test_table_padded_blocks (void)
{
  g_autoptr(GString) markdown = padded_table ("", "", 2000, 2000, "\n");
  g_autoptr(GPtrArray) blocks = NULL;
  g_autofree char *html = NULL;
  const BilletMarkdownBlock *block;

  g_string_prepend (markdown, "# Title\n\n");
  g_string_append (markdown, "\nAfter.\n");
  html = render_bounded (markdown->str, markdown->len);
  blocks = billet_markdown_to_blocks (markdown->str, markdown->len, BILLET_MARKDOWN_DEFAULT, NULL);

  g_assert_cmpuint (blocks->len, ==, 3);
  block = g_ptr_array_index (blocks, 1);
  g_assert_cmpuint (block->start_line, ==, 3);
  g_assert_cmpuint (block->end_line, ==, 3 + 2 + 2000 - 1);
  g_assert_nonnull (strstr (block->html, "table-too-large"));
  block = g_ptr_array_index (blocks, 2);
  g_assert_cmpuint (block->start_line, ==, 3 + 2 + 2000 + 1);
  g_assert_cmpstr (block->html, ==, "<p>After.</p>\n");
}

/* Ordinary tables, wide ones and ragged ones, are tables. */
static void
test_table_ordinary (void)
{
  g_autoptr(GString) ragged = padded_table ("", "", 300, 100, "\n");
  g_autoptr(GString) wide = g_string_new (NULL);
  g_autofree char *html = NULL;

  /* 300 columns, each of 100 rows padded with 299 empty cells. */
  html = billet_markdown_to_html (ragged->str, ragged->len, BILLET_MARKDOWN_DEFAULT, NULL);
  g_assert_cmpuint (count (html, "<table>"), ==, 1);
  g_assert_cmpuint (count (html, "<th>a</th>"), ==, 300);
  g_assert_cmpuint (count (html, "<td>x</td>"), ==, 100);
  g_assert_cmpuint (count (html, "<td></td>"), ==, 100 * 299);
  g_assert_null (strstr (html, "table-too-large"));
  g_clear_pointer (&html, g_free);

  /* 64 columns, 1000 full rows: large, in proportion to its text. */
  for (guint row = 0; row < 1002; row++)
    {
      for (guint i = 0; i < 64; i++)
        g_string_append (wide, row == 1 ? "|--" : "| x");
      g_string_append (wide, "|\n");
    }
  html = billet_markdown_to_html (wide->str, wide->len, BILLET_MARKDOWN_DEFAULT, NULL);
  g_assert_cmpuint (count (html, "<table>"), ==, 1);
  g_assert_cmpuint (count (html, "<td>x</td>"), ==, 64 * 1000);
  g_assert_null (strstr (html, "table-too-large"));
}

/* Many tables, each under what one table may add, cannot add up to the
 * flood: the empty cells are counted for the whole text. */
static void
test_table_budget_shared (void)
{
  g_autoptr(GString) markdown = g_string_new (NULL);
  g_autofree char *html = NULL;

  /* 181 columns, 362 rows: 65,160 empty cells each, 16 times. */
  for (guint i = 0; i < 16; i++)
    {
      g_autoptr(GString) table = padded_table ("", "", 181, 362, "\n");

      g_string_append_len (markdown, table->str, table->len);
      g_string_append_c (markdown, '\n');
    }

  html = render_bounded (markdown->str, markdown->len);
  g_assert_cmpuint (count (html, "<table>"), ==, 1);
  g_assert_cmpuint (count (html, "<td></td>"), ==, 362 * 180);
  g_assert_cmpuint (count (html, "This table is too large to show (181 columns × 362 rows)"), ==, 15);
}

/* One row of 30,000 cells: each is appended to a list walked from its
 * head, 2 s of it. */
static void
test_table_long_row (void)
{
  g_autoptr(GString) markdown = g_string_new ("| a | b |\n| - | - |\n");
  g_autofree char *html = NULL;

  while (markdown->len < 30000)
    g_string_append_c (markdown, '|');
  g_string_append_c (markdown, '\n');

  html = render_bounded (markdown->str, markdown->len);
  g_assert_cmpuint (count (html, "<td"), ==, 0);
  g_assert_cmpuint (count (html, "table-too-large"), ==, 1);
}

/* Delimiter-like lines that match no header, in one paragraph: each made
 * 0.29.0.gfm.6 parse the paragraph again (40 KB: 17 s). It is a paragraph,
 * and renders as exactly that. */
static void
test_table_header_rescans (void)
{
  g_autoptr(GString) markdown = g_string_new ("a|b|c\n");
  g_autoptr(GString) expected = NULL;
  g_autofree char *html = NULL;

  for (guint i = 0; i < 4000; i++)
    g_string_append (markdown, "-|-\n-|-|-\n");
  expected = g_string_new ("<p>");
  g_string_append_len (expected, markdown->str, markdown->len - 1);
  g_string_append (expected, "</p>\n");

  html = render_bounded (markdown->str, markdown->len);
  g_assert_cmpstr (html, ==, expected->str);
}

/* What the HTML says in words of its own — footnotes' back-links, the
 * note on a table too large — is in the page's language, from our
 * catalogue, whatever the locale of the process (C, here): the same in
 * the whole body and in the preview's blocks. */
static void
test_page_language (void)
{
  static const char notes[] = "Une affirmation[^1] et une autre[^1].\n\n[^1]: La source.\n";
  g_autofree char *french = billet_markdown_to_html (notes, strlen (notes), BILLET_MARKDOWN_DEFAULT, "fr");
  g_autofree char *english = billet_markdown_to_html (notes, strlen (notes), BILLET_MARKDOWN_DEFAULT, NULL);
  g_autoptr(GPtrArray) blocks = billet_markdown_to_blocks (notes, strlen (notes), BILLET_MARKDOWN_DEFAULT, "fr");
  g_autoptr(GString) table = padded_table ("", "", 2000, 2000, "\n");
  g_autofree char *note = NULL;
  const BilletMarkdownBlock *last;

  g_assert_cmpuint (count (french, "data-footnote-backref aria-label=\"Retour au texte\""), ==, 2);
  g_assert_null (strstr (french, "Back to content"));
  g_assert_cmpuint (count (english, "data-footnote-backref aria-label=\"Back to content\""), ==, 2);

  last = g_ptr_array_index (blocks, blocks->len - 1);
  g_assert_cmpuint (count (last->html, "aria-label=\"Retour au texte\""), ==, 2);

  note = billet_markdown_to_html (table->str, table->len, BILLET_MARKDOWN_DEFAULT, "fr");
  g_assert_nonnull (strstr (note, "<span class=\"table-too-large\" role=\"note\">Ce tableau est trop grand "
                                  "pour être affiché (2000 colonnes × 2000 lignes)"));
}

/* Heading ids as the generators make them, whole bodies compared. */
typedef struct
{
  const char          *name;
  BilletMarkdownFlags  flags;
  const char          *markdown;
  const char          *html;
} HeadingIdCase;

#define FRENCH_HEADINGS \
  "## Installation\n\n" \
  "## Installation\n\n" \
  "## L'été -- déjà `code` !\n\n" \
  "## Un *bon* [lien](https://a.b)\n\n" \
  "## 2024 : _bilan_ ##\n\n" \
  "Au XXIᵉ siècle\n---\n\n" \
  "## Titre{#serre}\n\n" \
  "## Fin {#fin}\n\n" \
  "## Fin\n\n" \
  "> ### Cité\n\n" \
  "Voir [l'installation](#installation).\n"

static const HeadingIdCase heading_id_cases[] = {
  {
    /* Hugo's Goldmark, GitHub style: the line as written, Markdown and
     * link targets included; Goldmark's attribute lists need no blank
     * before them */
    "hugo", BILLET_MARKDOWN_DEFAULT, FRENCH_HEADINGS,
    "<h2 id=\"installation\">Installation</h2>\n"
    "<h2 id=\"installation-1\">Installation</h2>\n"
    "<h2 id=\"lété----déjà-code-\">L'été -- déjà <code>code</code> !</h2>\n"
    "<h2 id=\"un-bon-lienhttpsab\">Un <em>bon</em> <a href=\"https://a.b\">lien</a></h2>\n"
    "<h2 id=\"2024--_bilan_\">2024 : <em>bilan</em></h2>\n"
    "<h2 id=\"au-xxiᵉ-siècle\">Au XXIᵉ siècle</h2>\n"
    "<h2 id=\"serre\">Titre</h2>\n"
    "<h2 id=\"fin\">Fin</h2>\n"
    "<h2 id=\"fin-1\">Fin</h2>\n"
    "<blockquote>\n<h3 id=\"cité\">Cité</h3>\n</blockquote>\n"
    "<p>Voir <a href=\"#installation\">l'installation</a>.</p>\n",
  },
  {
    /* Jekyll's kramdown (GFM input): the text, its dashes dropped;
     * “{#id}” only after a blank */
    "jekyll", BILLET_MARKDOWN_KRAMDOWN_IDS, FRENCH_HEADINGS,
    "<h2 id=\"installation\">Installation</h2>\n"
    "<h2 id=\"installation-1\">Installation</h2>\n"
    "<h2 id=\"lété--déjà-code-\">L'été -- déjà <code>code</code> !</h2>\n"
    "<h2 id=\"un-bon-lien\">Un <em>bon</em> <a href=\"https://a.b\">lien</a></h2>\n"
    "<h2 id=\"2024--bilan\">2024 : <em>bilan</em></h2>\n"
    "<h2 id=\"au-xxiᵉ-siècle\">Au XXIᵉ siècle</h2>\n"
    "<h2 id=\"titreserre\">Titre{#serre}</h2>\n"
    "<h2 id=\"fin\">Fin</h2>\n"
    "<h2 id=\"fin-1\">Fin</h2>\n"
    "<blockquote>\n<h3 id=\"cité\">Cité</h3>\n</blockquote>\n"
    "<p>Voir <a href=\"#installation\">l'installation</a>.</p>\n",
  },
  {
    /* Unique in the page: a hand-written id that an automatic one meets
     * makes the automatic one move on */
    "hugo-unique", BILLET_MARKDOWN_DEFAULT,
    "## A {#b}\n\n## B\n\n## B\n\n## {#heading}\n\n##\n",
    "<h2 id=\"b\">A</h2>\n<h2 id=\"b-1\">B</h2>\n<h2 id=\"b-2\">B</h2>\n"
    "<h2 id=\"heading\"></h2>\n<h2 id=\"heading-1\"></h2>\n",
  },
  {
    "jekyll-unique", BILLET_MARKDOWN_KRAMDOWN_IDS,
    "## A {#b}\n\n## B\n\n## B\n\n## B-1\n",
    "<h2 id=\"b\">A</h2>\n<h2 id=\"b-1\">B</h2>\n<h2 id=\"b-2\">B</h2>\n<h2 id=\"b-1-1\">B-1</h2>\n",
  },
  {
    /* Goldmark's other attributes and closing hashes go with the list;
     * a list that cmark splits (an escape) is shown, with no id of it */
    "hugo-attributes", BILLET_MARKDOWN_DEFAULT,
    "## Titre ## {#t .grand data-x=\"1\"}\n\n## Sans {.classe}\n\n## Échappé \\{#non}\n",
    "<h2 id=\"t\">Titre</h2>\n<h2 id=\"sans\">Sans</h2>\n"
    "<h2 id=\"échappé-non\">Échappé {#non}</h2>\n",
  },
  {
    /* Goldmark's autoHeadingIDType "github-ascii": accents off, the rest
     * of what is not ASCII (ᵉ, a modifier letter) left out */
    "hugo-github-ascii", BILLET_MARKDOWN_IDS_GITHUB_ASCII, FRENCH_HEADINGS,
    "<h2 id=\"installation\">Installation</h2>\n"
    "<h2 id=\"installation-1\">Installation</h2>\n"
    "<h2 id=\"lete----deja-code-\">L'été -- déjà <code>code</code> !</h2>\n"
    "<h2 id=\"un-bon-lienhttpsab\">Un <em>bon</em> <a href=\"https://a.b\">lien</a></h2>\n"
    "<h2 id=\"2024--_bilan_\">2024 : <em>bilan</em></h2>\n"
    "<h2 id=\"au-xxi-siecle\">Au XXIᵉ siècle</h2>\n"
    "<h2 id=\"serre\">Titre</h2>\n"
    "<h2 id=\"fin\">Fin</h2>\n"
    "<h2 id=\"fin-1\">Fin</h2>\n"
    "<blockquote>\n<h3 id=\"cite\">Cité</h3>\n</blockquote>\n"
    "<p>Voir <a href=\"#installation\">l'installation</a>.</p>\n",
  },
  {
    /* "blackfriday": letters and numbers, one hyphen for each run of
     * anything else between them */
    "hugo-blackfriday", BILLET_MARKDOWN_IDS_BLACKFRIDAY, FRENCH_HEADINGS,
    "<h2 id=\"installation\">Installation</h2>\n"
    "<h2 id=\"installation-1\">Installation</h2>\n"
    "<h2 id=\"l-été-déjà-code\">L'été -- déjà <code>code</code> !</h2>\n"
    "<h2 id=\"un-bon-lien-https-a-b\">Un <em>bon</em> <a href=\"https://a.b\">lien</a></h2>\n"
    "<h2 id=\"2024-bilan\">2024 : <em>bilan</em></h2>\n"
    "<h2 id=\"au-xxiᵉ-siècle\">Au XXIᵉ siècle</h2>\n"
    "<h2 id=\"serre\">Titre</h2>\n"
    "<h2 id=\"fin\">Fin</h2>\n"
    "<h2 id=\"fin-1\">Fin</h2>\n"
    "<blockquote>\n<h3 id=\"cité\">Cité</h3>\n</blockquote>\n"
    "<p>Voir <a href=\"#installation\">l'installation</a>.</p>\n",
  },
  {
    /* Zola: the text and code, transliterated to ASCII (compatibility
     * forms first: ᵉ is e), one hyphen for each run of anything else;
     * attribute lists as Goldmark's */
    "zola", BILLET_MARKDOWN_ZOLA_IDS, FRENCH_HEADINGS,
    "<h2 id=\"installation\">Installation</h2>\n"
    "<h2 id=\"installation-1\">Installation</h2>\n"
    "<h2 id=\"l-ete-deja-code\">L'été -- déjà <code>code</code> !</h2>\n"
    "<h2 id=\"un-bon-lien\">Un <em>bon</em> <a href=\"https://a.b\">lien</a></h2>\n"
    "<h2 id=\"2024-bilan\">2024 : <em>bilan</em></h2>\n"
    "<h2 id=\"au-xxie-siecle\">Au XXIᵉ siècle</h2>\n"
    "<h2 id=\"serre\">Titre</h2>\n"
    "<h2 id=\"fin\">Fin</h2>\n"
    "<h2 id=\"fin-1\">Fin</h2>\n"
    "<blockquote>\n<h3 id=\"cite\">Cité</h3>\n</blockquote>\n"
    "<p>Voir <a href=\"#installation\">l'installation</a>.</p>\n",
  },
  {
    /* Zola: ligatures and an image's alt text; nothing left, no id */
    "zola-text", BILLET_MARKDOWN_ZOLA_IDS,
    "## Œuvres ![ﬁn](f.png)\n\n## !!!\n",
    "<h2 id=\"oeuvres-fin\">Œuvres <img src=\"f.png\" alt=\"ﬁn\" /></h2>\n<h2>!!!</h2>\n",
  },
  {
    /* Zola's slugify.anchors "safe" or "off": as written, ASCII blanks
     * made “_” */
    "zola-as-written", BILLET_MARKDOWN_ZOLA_IDS | BILLET_MARKDOWN_IDS_AS_WRITTEN,
    "## L'été (déjà) `x`\n\n## L'été (déjà) `x`\n",
    "<h2 id=\"L&apos;été_(déjà)_x\">L'été (déjà) <code>x</code></h2>\n"
    "<h2 id=\"L&apos;été_(déjà)_x-1\">L'été (déjà) <code>x</code></h2>\n",
  },
  {
    /* Zola's external_links_*: links to http(s) addresses only, the
     * attributes in Zola's order */
    "zola-external-links",
    BILLET_MARKDOWN_EXTERNAL_BLANK | BILLET_MARKDOWN_EXTERNAL_NOFOLLOW | BILLET_MARKDOWN_EXTERNAL_NOREFERRER,
    "[a](<https://a.b/c d> \"T&\") [m](mailto:x@y.z) [r](/rel) [h](#h) <http://auto.link>\n",
    "<p><a rel=\"noopener nofollow noreferrer\" target=\"_blank\" title=\"T&amp;\" href=\"https://a.b/c%20d\">a</a> "
    "<a href=\"mailto:x@y.z\">m</a> <a href=\"/rel\">r</a> <a href=\"#h\">h</a> "
    "<a rel=\"noopener nofollow noreferrer\" target=\"_blank\" href=\"http://auto.link\">http://auto.link</a></p>\n",
  },
  {
    /* parser.attribute.title off: the list is text, and part of the id */
    "hugo-no-attributes", BILLET_MARKDOWN_NO_HEADING_ATTRIBUTES,
    "## Titre{#serre}\n\n## Fin {#fin .c}\n",
    "<h2 id=\"titreserre\">Titre{#serre}</h2>\n<h2 id=\"fin-fin-c\">Fin {#fin .c}</h2>\n",
  },
  {
    /* parser.autoHeadingID off: only the ids written by hand */
    "hugo-no-auto-ids", BILLET_MARKDOWN_NO_AUTO_HEADING_IDS,
    "## Titre\n\n## Fin {#fin}\n",
    "<h2>Titre</h2>\n<h2 id=\"fin\">Fin</h2>\n",
  },
  {
    /* The typographer curls what cmark reads as text, the quotes of an
     * attribute list included, which Goldmark never touches: the list
     * still goes */
    "hugo-typographer-attributes", BILLET_MARKDOWN_TYPOGRAPHER,
    "## L'été {#ete title=\"Été\" data-x='1'}\n",
    "<h2 id=\"ete\">L’été</h2>\n",
  },
  {
    /* Shortcodes in a heading: their marker is no part of the id */
    "hugo-shortcode", BILLET_MARKDOWN_DEFAULT,
    "## Voir {{< ref \"a.md\" >}} ici\n",
    "<h2 id=\"voir--ici\">Voir <span class=\"shortcode\"",
  },
};

static void
test_heading_ids (gconstpointer data)
{
  const HeadingIdCase *c = data;
  g_autofree char *html = billet_markdown_to_html (c->markdown, strlen (c->markdown), c->flags, NULL);
  g_autoptr(GPtrArray) blocks = billet_markdown_to_blocks (c->markdown, strlen (c->markdown), c->flags, NULL);
  g_autoptr(GString) joined = g_string_new (NULL);

  if (g_str_has_suffix (c->html, "\n"))
    g_assert_cmpstr (html, ==, c->html);
  else
    g_assert_true (g_str_has_prefix (html, c->html));

  /* Block by block (the preview): the same ids, the second
   * “Installation” included. */
  for (guint i = 0; i < blocks->len; i++)
    g_string_append (joined, ((BilletMarkdownBlock *) g_ptr_array_index (blocks, i))->html);
  g_assert_cmpstr (joined->str, ==, html);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  billet_test_bind_catalogue ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/billet/markdown/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_case);
    }

  for (guint i = 0; i < G_N_ELEMENTS (heading_id_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/billet/markdown/heading-ids/%s", heading_id_cases[i].name);

      g_test_add_data_func (path, &heading_id_cases[i], test_heading_ids);
    }
  g_test_add_func ("/billet/markdown/not-nul-terminated", test_not_nul_terminated);
  g_test_add_func ("/billet/markdown/nul-byte", test_nul_byte);
  g_test_add_func ("/billet/markdown/null-empty", test_null_empty);
  g_test_add_func ("/billet/markdown/threads", test_threads);
  g_test_add_func ("/billet/markdown/count-words", test_count_words);
  g_test_add_func ("/billet/markdown/arena", test_arena);
  g_test_add_func ("/billet/markdown/page-language", test_page_language);
  g_test_add_func ("/billet/markdown/table-limits/padded", test_table_padded);
  g_test_add_func ("/billet/markdown/table-limits/padded-blocks", test_table_padded_blocks);
  g_test_add_func ("/billet/markdown/table-limits/ordinary", test_table_ordinary);
  g_test_add_func ("/billet/markdown/table-limits/budget-shared", test_table_budget_shared);
  g_test_add_func ("/billet/markdown/table-limits/long-row", test_table_long_row);
  g_test_add_func ("/billet/markdown/table-limits/header-rescans", test_table_header_rescans);

  return g_test_run ();
}
