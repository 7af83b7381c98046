/* test-blocks.c — the body one top-level block at a time, and Hugo shortcodes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "billet-markdown.h"
#include "billet-post.h"
#include "billet-render.h"

static char *
join_blocks (GPtrArray *blocks)
{
  GString *html = g_string_new (NULL);

  for (guint i = 0; i < blocks->len; i++)
    {
      const BilletMarkdownBlock *block = g_ptr_array_index (blocks, i);

      g_assert_cmpuint (strlen (block->html), ==, block->len);
      g_string_append_len (html, block->html, block->len);
    }

  return g_string_free (html, FALSE);
}

static void
assert_same_as_whole (const char          *text,
                      gsize                len,
                      BilletMarkdownFlags  flags)
{
  g_autofree char *whole = billet_markdown_to_html (text, len, flags, NULL);
  g_autoptr(GPtrArray) blocks = billet_markdown_to_blocks (text, len, flags, NULL);
  g_autofree char *joined = join_blocks (blocks);

  g_assert_cmpstr (joined, ==, whole);
}

static const char sample[] =
  "# Title\n"                                  /* 1 */
  "\n"
  "A paragraph\n"                              /* 3 */
  "on two lines.[^n]\n"                        /* 4 */
  "\n"
  "- one\n"                                    /* 6 */
  "- two\n"                                    /* 7 */
  "\n"
  "[^n]: The note.\n"                          /* 9 */
  "\n"
  "| a | b |\n"                                /* 11 */
  "|---|---|\n"
  "| 1 | 2 |\n"                                /* 13 */
  "\n"
  "```c\n"                                     /* 15 */
  "int x;\n"
  "```\n"                                      /* 17 */
  "\n"
  "<div>raw</div>\n"                           /* 19 */
  "\n"
  "Last ![pic](pic.png).\n";                   /* 21 */

/* The blocks' HTML put together is the whole body's, byte for byte, with
 * and without raw HTML. */
static void
test_concatenation (void)
{
  static const char * const texts[] = {
    "",
    "\n\n\n",
    "Just text",
    sample,
    "> quote\n>\n> - list\n\n* * *\n\nA[^1] B[^2]\n\n[^2]: two\n\n[^1]: one\n",
    "Unused note.\n\n[^u]: never referenced\n",
    "1. a\n\n   b\n\n2. c\n\n    code\n\n<!-- comment -->\n",
    "{{< figure src=\"x.png\" >}}\n\nText {{% note %}}inside{{% /note %}}.\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      assert_same_as_whole (texts[i], strlen (texts[i]), BILLET_MARKDOWN_DEFAULT);
      assert_same_as_whole (texts[i], strlen (texts[i]), BILLET_MARKDOWN_UNSAFE);
    }
}

/* The same on every post of the corpora: Hugo's documentation is full of
 * shortcodes, Jekyll's posts of raw HTML. */
static void
test_concatenation_corpora (void)
{
  const char *corpora = g_getenv ("BILLET_CORPORA");
  const char * const dirs[] = { "jekyll-posts", "hugo-docs/content/en/content-management",
                                "hugo-docs/content/en/getting-started" };
  guint checked = 0;

  if (corpora == NULL || !g_file_test (corpora, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no corpora");
      return;
    }

  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autofree char *path = g_build_filename (corpora, dirs[d], NULL);
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *file = g_build_filename (path, name, NULL);
          g_autoptr(GError) error = NULL;
          BilletPost *post;
          const char *body;
          gsize len = 0;

          if (!g_str_has_suffix (name, ".md") && !g_str_has_suffix (name, ".markdown"))
            continue;
          post = billet_post_new_for_path (file, &error);
          g_assert_no_error (error);
          body = billet_post_get_body (post, &len);
          assert_same_as_whole (body != NULL ? body : "", len, BILLET_MARKDOWN_UNSAFE);
          billet_post_unref (post);
          checked++;
        }
    }

  g_assert_cmpuint (checked, >, 10);
}

static void
test_lines (void)
{
  g_autoptr(GPtrArray) blocks = billet_markdown_to_blocks (sample, strlen (sample), BILLET_MARKDOWN_SOURCEPOS, NULL);
  static const struct { guint start, end; const char *prefix; } expected[] = {
    { 1, 1, "<h1 id=\"title\">" },
    { 3, 4, "<p>A paragraph" },
    { 6, 7, "<ul>" },
    { 11, 13, "<table>" },
    { 15, 17, "<pre>" },
    { 19, 19, "<!-- raw HTML omitted -->" },
    { 21, 21, "<p>Last" },
    /* The footnotes section, last, whatever its place in the source. */
    { 9, 9, "<section class=\"footnotes\"" },
  };

  g_assert_cmpuint (blocks->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < blocks->len; i++)
    {
      const BilletMarkdownBlock *block = g_ptr_array_index (blocks, i);

      g_assert_cmpuint (block->start_line, ==, expected[i].start);
      g_assert_cmpuint (block->end_line, ==, expected[i].end);
      g_assert_true (g_str_has_prefix (block->html, expected[i].prefix));
      /* Positions travel beside the HTML, never in it. */
      g_assert_null (strstr (block->html, "data-sourcepos"));
    }
}

static guint64
key_at (GPtrArray *blocks,
        guint      i)
{
  return ((BilletMarkdownBlock *) g_ptr_array_index (blocks, i))->key;
}

/* Keys follow content, not position: an edit changes the key of the
 * block it touches, and a line added above only shifts the others. */
static void
test_keys (void)
{
  const char *a = "Alpha.\n\nBeta.\n\nGamma.\n\nDelta.\n";
  const char *edited = "Alpha.\n\nBeta, edited.\n\nGamma.\n\nDelta.\n";
  const char *longer = "Alpha.\n\nBeta\non two lines.\n\nGamma.\n\nDelta.\n";
  const char *spaced = "Alpha.\n\nBeta.\n\n\n\nGamma.\n\nDelta.\n";
  g_autoptr(GPtrArray) ba = billet_markdown_to_blocks (a, strlen (a), 0, NULL);
  g_autoptr(GPtrArray) be = billet_markdown_to_blocks (edited, strlen (edited), 0, NULL);
  g_autoptr(GPtrArray) bl = billet_markdown_to_blocks (longer, strlen (longer), 0, NULL);
  g_autoptr(GPtrArray) bs = billet_markdown_to_blocks (spaced, strlen (spaced), 0, NULL);

  g_assert_cmpuint (ba->len, ==, 4);
  g_assert_cmpuint (be->len, ==, 4);
  g_assert_true (key_at (ba, 0) == key_at (be, 0));
  g_assert_true (key_at (ba, 1) != key_at (be, 1));
  g_assert_true (key_at (ba, 2) == key_at (be, 2));
  g_assert_true (key_at (ba, 3) == key_at (be, 3));

  /* Same paragraphs after a longer one: same keys, shifted by a line. */
  g_assert_true (key_at (ba, 2) == key_at (bl, 2));
  g_assert_true (key_at (ba, 3) == key_at (bl, 3));
  g_assert_cmpuint (((BilletMarkdownBlock *) g_ptr_array_index (bl, 3))->start_line, ==, 8);

  /* Blank lines added before a block change its key (its place relative
   * to the one before), not the blocks after it. */
  g_assert_true (key_at (ba, 2) != key_at (bs, 2));
  g_assert_true (key_at (ba, 3) == key_at (bs, 3));
}

/* billet_render_parts() with split_blocks gives the same page. */
static void
test_render_parts (void)
{
  g_autoptr(GString) text = g_string_new ("---\ntitle: T\n---\n");
  BilletRenderOptions options = { 0 };
  g_autoptr(BilletRenderParts) whole = NULL;
  g_autoptr(BilletRenderParts) split = NULL;
  BilletPost *post;

  g_string_append (text, sample);
  post = billet_post_new_from_data (text->str, text->len);
  whole = billet_render_parts (post, &options);
  g_assert_null (whole->blocks);
  options.split_blocks = TRUE;
  split = billet_render_parts (post, &options);
  g_assert_nonnull (split->blocks);
  g_assert_cmpuint (split->blocks->len, ==, 8);
  g_assert_cmpstr (split->body_html, ==, whole->body_html);
  g_assert_cmpstr (split->header_html, ==, whole->header_html);
  billet_post_unref (post);
}

static void
test_csp (void)
{
  BilletPost *post = billet_post_new_from_data ("Hi\n", 3);
  BilletRenderOptions options = { 0 };
  g_autofree char *plain = NULL;
  g_autofree char *locked = NULL;

  plain = billet_render_page (post, &options, NULL);
  g_assert_null (strstr (plain, "Content-Security-Policy"));

  options.content_security_policy = "default-src 'none'; img-src \"x\"";
  locked = billet_render_page (post, &options, NULL);
  g_assert_nonnull (strstr (locked, "<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" "
                                    "content=\"default-src &#39;none&#39;; img-src &quot;x&quot;\">"));
  billet_post_unref (post);
}

typedef struct
{
  const char *name;
  const char *markdown;
  const char *present[4];
  const char *absent[4];
} ShortcodeCase;

static const ShortcodeCase shortcode_cases[] = {
  {
    "inline",
    "Before {{< youtube id=\"abc\" >}} after.\n",
    { "<p>Before <span class=\"shortcode\" title=\"{{&lt; youtube id=&quot;abc&quot; &gt;}}\">youtube</span> after.</p>" },
    { ">{{&lt;" },
  },
  {
    "percent-and-closing",
    "{{% notice warning %}}\nCareful *here*.\n{{% /notice %}}\n",
    { ">notice</span>", "<em>here</em>", ">/notice</span>" },
    { "<p>{{%", "\n{{%" },
  },
  {
    "fenced-code-stays",
    "```go-html-template\n{{< figure src=\"a.png\" >}}\n```\n\n~~~\n{{% x %}}\n~~~\n",
    { "{{&lt; figure src=&quot;a.png&quot; &gt;}}", "{{% x %}}" },
    { "shortcode" },
  },
  {
    "code-span-stays",
    "Write `{{< ref \"post\" >}}` or ``{{% x %}}``, not {{< ref \"post\" >}}.\n",
    { "<code>{{&lt; ref &quot;post&quot; &gt;}}</code>", "<code>{{% x %}}</code>", ">ref</span>" },
  },
  {
    "comment-form",
    "Literal {{</* figure src=\"a\" */>}} here.\n",
    { "Literal {{&lt; figure src=&quot;a&quot; &gt;}} here." },
    { "shortcode", "/*" },
  },
  {
    /* In an address, the shortcode as written, percent-encoded: never
     * href="", which points at the page itself. */
    "link-target-and-alt",
    "[post]({{< ref \"other.md\" >}}) ![{{< x >}}]({{< resource >}}/a.png)\n",
    { "<a href=\"%7B%7B%3C%20ref%20%22other.md%22%20%3E%7D%7D\">post</a>", "alt=\"x\"",
      "src=\"%7B%7B%3C%20resource%20%3E%7D%7D/a.png\"" },
    { "%EE", "\xEE\x80\x80", "href=\"\"", "src=\"\"" },
  },
  {
    "unclosed",
    "Text {{< not closed\n\nNext paragraph >}}.\n",
    { "{{&lt; not closed", "Next paragraph &gt;}}." },
    { "shortcode" },
  },
  {
    "hostile-title",
    "{{< x \"\\\"><script>alert(1)</script>\" >}}\n",
    { "&lt;script&gt;" },
    { "<script>" },
  },
};

/* Jekyll's Liquid, on a Jekyll site (BILLET_MARKDOWN_LIQUID). */
static const ShortcodeCase liquid_cases[] = {
  {
    "output-and-tag",
    "Par {{ page.author | upcase }} : {% include note.html content=\"Attention\" %}.\n",
    { "<p>Par <span class=\"shortcode\" title=\"{{ page.author | upcase }}\">page.author</span> : "
      "<span class=\"shortcode\" title=\"{% include note.html content=&quot;Attention&quot; %}\">include</span>.</p>" },
    { "Par {{", ">{%" },
  },
  {
    "whitespace-control",
    "{%- if site.comments -%}\nOui\n{%- endif -%}\n",
    { ">if</span>", ">endif</span>", "Oui" },
    { "<p>{%-", "\n{%-" },
  },
  {
    "highlight",
    "{% highlight ruby linenos %}\ndef salut\n  puts \"<b>#{nom}</b>\"\nend\n{% endhighlight %}\n\nAprès.\n",
    { "<pre><code class=\"language-ruby\">def salut\n  puts &quot;&lt;b&gt;#{nom}&lt;/b&gt;&quot;\nend\n</code></pre>\n<p>Après.</p>" },
    { "highlight", "linenos", "shortcode" },
  },
  {
    /* Code holding a fence of its own, and Liquid, which Jekyll renders
     * inside highlight as anywhere. */
    "highlight-holding-fences",
    "{% highlight markdown %}\n```js\nx = \"{{ site.title }}\"\n```\n{% endhighlight %}\n",
    { "<pre><code class=\"language-markdown\">```js\nx = &quot;<span class=\"shortcode\" title=\"{{ site.title }}\">site.title</span>&quot;\n```\n</code></pre>" },
    { "<code class=\"language-js\">" },
  },
  {
    "raw",
    "{% raw %}Écrivez `{{ page.title }}` et {% if x %}.{% endraw %}\n",
    { "<p>Écrivez <code>{{ page.title }}</code> et {% if x %}.</p>" },
    { "shortcode", "raw" },
  },
  {
    /* Unlike Hugo's shortcodes, Liquid is Liquid in code too. */
    "in-code",
    "`{{ site.url }}`\n\n```\n{% include x.html %}\n```\n",
    { "<code><span class=\"shortcode\" title=\"{{ site.url }}\">site.url</span></code>",
      "<pre><code><span class=\"shortcode\" title=\"{% include x.html %}\">include</span>\n</code></pre>" },
  },
  {
    "comment",
    "Avant.\n\n{% comment %}\nNe pas publier : {{ secret }}\n{% endcomment %}\n\nAprès.\n",
    { "<p><span class=\"shortcode\" title=\"{% comment %}\nNe pas publier : {{ secret }}\n{% endcomment %}\">comment</span></p>",
      "<p>Après.</p>" },
    { ">secret<" },
  },
  {
    "link-destinations",
    "[Accueil]({{ site.baseurl }}/) et [billet]({% post_url 2010-07-21-nom %}) ![logo]({{ \"/logo.png\" | relative_url }})\n",
    { "<a href=\"%7B%7B%20site.baseurl%20%7D%7D/\">Accueil</a>",
      "<a href=\"%7B%25%20post_url%202010-07-21-nom%20%25%7D\">billet</a>",
      "<img src=\"%7B%7B%20%22/logo.png%22%20%7C%20relative_url%20%7D%7D\" alt=\"logo\" />" },
    { "href=\"\"", "src=\"\"", "%EE" },
  },
  {
    "unclosed",
    "Texte {{ jamais fermé\n\net {% pas plus\n",
    { "<p>Texte {{ jamais fermé</p>", "<p>et {% pas plus</p>" },
    { "shortcode" },
  },
  {
    /* Hugo's shortcodes are nothing special to Jekyll: Liquid output. */
    "hugo-shortcode",
    "{{< youtube abc >}}\n",
    { "<span class=\"shortcode\" title=\"{{&lt; youtube abc &gt;}}\">" },
  },
};

static void
run_shortcode_cases (const ShortcodeCase *cases,
                     guint                n,
                     BilletMarkdownFlags  flags)
{
  for (guint i = 0; i < n; i++)
    {
      const ShortcodeCase *c = &cases[i];
      g_autofree char *html = billet_markdown_to_html (c->markdown, strlen (c->markdown),
                                                       BILLET_MARKDOWN_UNSAFE | flags, NULL);

      g_test_message ("%s: %s", c->name, html);
      for (guint j = 0; j < G_N_ELEMENTS (c->present) && c->present[j] != NULL; j++)
        g_assert_nonnull (strstr (html, c->present[j]));
      for (guint j = 0; j < G_N_ELEMENTS (c->absent) && c->absent[j] != NULL; j++)
        g_assert_null (strstr (html, c->absent[j]));
    }
}

static void
test_shortcodes (void)
{
  run_shortcode_cases (shortcode_cases, G_N_ELEMENTS (shortcode_cases), BILLET_MARKDOWN_DEFAULT);
}

static void
test_liquid (void)
{
  const char *liquid = "{% raw %}{{ a }}{% endraw %} {{ b }}\n";
  g_autofree char *hugo = billet_markdown_to_html (liquid, strlen (liquid), BILLET_MARKDOWN_DEFAULT, NULL);

  run_shortcode_cases (liquid_cases, G_N_ELEMENTS (liquid_cases), BILLET_MARKDOWN_LIQUID);

  /* Elsewhere (Hugo, Astro, plain folders), Liquid is text, as those
   * generators show it. */
  g_assert_cmpstr (hugo, ==, "<p>{% raw %}{{ a }}{% endraw %} {{ b }}</p>\n");
}

/* Tags on lines of their own keep every later line's number, in the
 * blocks the preview shows. */
static void
test_liquid_lines (void)
{
  const char *text = "{% highlight sh %}\nmake\n{% endhighlight %}\n\n{% include\n  a.html %}\n\n"
                     "{% raw %}\n{{ x }}\n{% endraw %}\n\nAfter.\n";
  g_autoptr(GPtrArray) blocks = billet_markdown_to_blocks (text, strlen (text), BILLET_MARKDOWN_LIQUID, NULL);
  const BilletMarkdownBlock *first = g_ptr_array_index (blocks, 0);
  const BilletMarkdownBlock *last = g_ptr_array_index (blocks, blocks->len - 1);

  g_assert_cmpstr (first->html, ==, "<pre><code class=\"language-sh\">make\n</code></pre>\n");
  g_assert_cmpuint (first->start_line, ==, 1);
  g_assert_cmpuint (first->end_line, ==, 3);
  g_assert_cmpstr (last->html, ==, "<p>After.</p>\n");
  g_assert_cmpuint (last->start_line, ==, 12);
}

/* Jekyll replaces a tag with its output before kramdown reads the text:
 * a tag over several lines followed by text is one paragraph with it, in
 * a block quote too, and the lines keep their numbers. */
static void
test_liquid_multiline_tag (void)
{
  static const struct {
    const char *text;
    const char *first_html;
    guint first_end;
    guint last_start;
  } cases[] = {
    { "Avant {% include note.html\n   texte=\"x\" %} après.\n\nFin.\n",
      "<p>Avant <span class=\"shortcode\" title=\"{% include note.html\n   texte=&quot;x&quot; %}\">include</span>\n"
      " après.</p>\n", 2, 4 },
    { "{% include figure.html\n  src=\"a.png\" %}\nLégende.\n\nFin.\n",
      "<p><span class=\"shortcode\" title=\"{% include figure.html\n  src=&quot;a.png&quot; %}\">include</span>\n"
      "\nLégende.</p>\n", 3, 5 },
    { "> Cité {% include a.html\n> b=1 %} suite.\n\nFin.\n",
      "<blockquote>\n<p>Cité <span class=\"shortcode\" title=\"{% include a.html\n&gt; b=1 %}\">include</span>\n"
      " suite.</p>\n</blockquote>\n", 2, 4 },
    /* A comment shows nothing on the site: the text around it is one */
    { "Avant {% comment %}\nnote\n{% endcomment %} après.\n\nFin.\n",
      "<p>Avant <span class=\"shortcode\" title=\"{% comment %}\nnote\n{% endcomment %}\">comment</span>\n\n"
      " après.</p>\n", 3, 5 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) blocks = billet_markdown_to_blocks (cases[i].text, strlen (cases[i].text),
                                                               BILLET_MARKDOWN_LIQUID, NULL);
      const BilletMarkdownBlock *first = g_ptr_array_index (blocks, 0);
      const BilletMarkdownBlock *last = g_ptr_array_index (blocks, blocks->len - 1);

      g_test_message ("%s", cases[i].text);
      g_assert_cmpuint (blocks->len, ==, 2);
      g_assert_cmpstr (first->html, ==, cases[i].first_html);
      g_assert_cmpuint (first->start_line, ==, 1);
      g_assert_cmpuint (first->end_line, ==, cases[i].first_end);
      g_assert_cmpstr (last->html, ==, "<p>Fin.</p>\n");
      g_assert_cmpuint (last->start_line, ==, cases[i].last_start);
      assert_same_as_whole (cases[i].text, strlen (cases[i].text), BILLET_MARKDOWN_LIQUID);
    }
}

/* A highlight tag sharing its line with text puts its fence on a line of
 * its own: the blocks' lines are still the source's, so that the preview
 * scrolls with the source. */
static void
test_liquid_highlight_lines (void)
{
  const char *text = "Texte {% highlight ruby %}\nputs 1\n{% endhighlight %} suite\n\n"
                     "{% highlight sh %}make\n{% endhighlight %}\n\nAprès.\n";
  g_autoptr(GPtrArray) blocks = billet_markdown_to_blocks (text, strlen (text), BILLET_MARKDOWN_LIQUID, NULL);
  static const struct { guint start, end; const char *html; } expected[] = {
    { 1, 1, "<p>Texte</p>\n" },
    { 1, 3, "<pre><code class=\"language-ruby\">puts 1\n</code></pre>\n" },
    { 3, 3, "<p>suite</p>\n" },
    { 5, 6, "<pre><code class=\"language-sh\">make\n</code></pre>\n" },
    { 8, 8, "<p>Après.</p>\n" },
  };

  g_assert_cmpuint (blocks->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < blocks->len; i++)
    {
      const BilletMarkdownBlock *block = g_ptr_array_index (blocks, i);

      g_assert_cmpstr (block->html, ==, expected[i].html);
      g_assert_cmpuint (block->start_line, ==, expected[i].start);
      g_assert_cmpuint (block->end_line, ==, expected[i].end);
    }
}

/* A shortcode over several lines keeps the lines after it where they
 * were: the blocks' line numbers are the source's. */
static void
test_shortcode_lines (void)
{
  const char *text = "{{< figure\n  src=\"a.png\"\n  title=\"A\" >}}\n\nAfter.\n";
  g_autoptr(GPtrArray) blocks = billet_markdown_to_blocks (text, strlen (text), 0, NULL);
  const BilletMarkdownBlock *last;

  g_assert_cmpuint (blocks->len, >=, 2);
  g_assert_nonnull (strstr (((BilletMarkdownBlock *) g_ptr_array_index (blocks, 0))->html, ">figure</span>"));
  last = g_ptr_array_index (blocks, blocks->len - 1);
  g_assert_cmpstr (last->html, ==, "<p>After.</p>\n");
  g_assert_cmpuint (last->start_line, ==, 5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/billet/blocks/concatenation", test_concatenation);
  g_test_add_func ("/billet/blocks/concatenation-corpora", test_concatenation_corpora);
  g_test_add_func ("/billet/blocks/lines", test_lines);
  g_test_add_func ("/billet/blocks/keys", test_keys);
  g_test_add_func ("/billet/blocks/render-parts", test_render_parts);
  g_test_add_func ("/billet/blocks/csp", test_csp);
  g_test_add_func ("/billet/blocks/shortcodes", test_shortcodes);
  g_test_add_func ("/billet/blocks/shortcode-lines", test_shortcode_lines);
  g_test_add_func ("/billet/blocks/liquid", test_liquid);
  g_test_add_func ("/billet/blocks/liquid-lines", test_liquid_lines);
  g_test_add_func ("/billet/blocks/liquid-multiline-tag", test_liquid_multiline_tag);
  g_test_add_func ("/billet/blocks/liquid-highlight-lines", test_liquid_highlight_lines);

  return g_test_run ();
}
