/* test-render.c — a post as a standalone page: head, header, body, escaping
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libintl.h>

#include <glib/gstdio.h>

#include "billet-page-text.h"
#include "billet-render.h"
#include "billet-test-utils.h"

typedef struct
{
  const char          *name;
  const char          *post;
  /* Options are passed only when one of these is set, so the NULL-options
   * path is exercised by every other case. */
  const char          *fallback_lang;
  BilletMarkdownFlags  flags;
  const char          *present[8];
  const char          *absent[6];
} RenderCase;

static const RenderCase cases[] = {
  {
    "head-and-header",
    "---\n"
    "title: 'Café <b>&</b> \"q\"'\n"
    "description: Tips & \"tricks\" <x>\n"
    "lang: fr\n"
    "date: 2024-03-01\n"
    "author: Ada\n"
    "tags: [c, 'a&b']\n"
    "---\n"
    "Hello *world*.\n",
    NULL, 0,
    { "<!DOCTYPE html>\n<html lang=\"fr\">",
      "<meta charset=\"utf-8\">",
      "<title>Café &lt;b&gt;&amp;&lt;/b&gt; &quot;q&quot;</title>",
      "<meta name=\"description\" content=\"Tips &amp; &quot;tricks&quot; &lt;x&gt;\">",
      "<h1>Café &lt;b&gt;&amp;&lt;/b&gt; &quot;q&quot;</h1>",
      "<time datetime=\"2024-03-01\">1er mars 2024</time>",
      "<span class=\"post-authors\">Ada</span>",
      "<li>c</li><li>a&amp;b</li>" },
    { "<b>&", "<x>", "<hr", "title:", "Untitled" },
  },
  {
    "body-rendered",
    "---\ntitle: T\n---\nHello *world*.\n",
    NULL, 0,
    { "<p>Hello <em>world</em>.</p>" },
  },
  {
    /* The search-engine title goes in <title>, the post's own on the page. */
    "seo-title-and-description-win",
    "---\n"
    "title: On the page\n"
    "description: Plain description\n"
    "seo:\n"
    "  title: In the tab\n"
    "  description: SEO description\n"
    "---\n"
    "Body.\n",
    NULL, 0,
    { "<title>In the tab</title>",
      "<h1>On the page</h1>",
      "<meta name=\"description\" content=\"SEO description\">" },
    { "Plain description", "<title>On the page" },
  },
  {
    "seo-title-alone",
    "---\nseo:\n  title: Only SEO\n---\nBody.\n",
    NULL, 0,
    { "<title>Only SEO</title>", "<h1>Only SEO</h1>" },
  },
  {
    "language-key",
    "---\nlanguage: de\n---\nText.\n",
    NULL, 0,
    { "<html lang=\"de\">" },
  },
  {
    "lang-sanitized",
    "---\nlang: 'en\" onload=\"alert(1)'\n---\nText.\n",
    NULL, 0,
    { "<html lang=\"en\">" },
    { "onload", "alert" },
  },
  {
    "lang-underscore",
    "---\nlang: fr_FR\n---\nText.\n",
    NULL, 0,
    { "<html lang=\"fr-FR\">" },
  },
  {
    "lang-fallback-option",
    "---\ntitle: No language\n---\nText.\n",
    "pt-BR", 0,
    { "<html lang=\"pt-BR\">" },
  },
  {
    "lang-post-beats-option",
    "---\nlang: it\n---\nText.\n",
    "pt-BR", 0,
    { "<html lang=\"it\">" },
    { "pt-BR" },
  },
  {
    "lang-default-en",
    "Just text.\n",
    NULL, 0,
    { "<html lang=\"en\">" },
  },
  {
    "no-front-matter",
    "# A heading\n\nSome text.\n",
    NULL, 0,
    { "<title>Untitled</title>", "<h1 id=\"a-heading\">A heading</h1>", "<p>Some text.</p>" },
    { "<hr", "<meta name=\"description\"" },
  },
  {
    /* The delimiters must never reach cmark: "---" would become a rule and
     * "key: value\n---" a setext heading. */
    "front-matter-not-in-body",
    "---\ntitle: Kept out\nsecret: value\n---\n\nThe body.\n",
    NULL, 0,
    { "<h1>Kept out</h1>", "<p>The body.</p>" },
    { "<hr", "<h2", "secret", "title: Kept out" },
  },
  {
    "invalid-front-matter",
    "---\ntitle: [unclosed\n---\nStill shown.\n",
    NULL, 0,
    { "<title>Untitled</title>", "<p>Still shown.</p>", "</html>" },
    { "<hr", "unclosed", "<h1>" },
  },
  {
    "toml-front-matter",
    "+++\ntitle = \"TOML\"\n+++\nBody text.\n",
    NULL, 0,
    { "<p>Body text.</p>" },
    { "title = ", "+++" },
  },
  {
    "authors-merged",
    "---\n"
    "author: [Ada, Bob]\n"
    "coAuthors: [Bob, 'Cy & Co']\n"
    "co_authors: Dee\n"
    "authors:\n"
    "  - name: Eve\n"
    "    url: https://example.org\n"
    "---\n"
    "Text.\n",
    NULL, 0,
    { "<span class=\"post-authors\">Ada, Bob, Cy &amp; Co, Dee, Eve</span>" },
    { "Bob, Bob", "https://example.org" },
  },
  {
    "tag-single-string",
    "---\ntags: solo\n---\nText.\n",
    NULL, 0,
    { "<ul class=\"post-tags\" aria-label=\"Tags\"><li>solo</li></ul>" },
    /* No site around the post: its tags are not links. */
    { "<a " },
  },
  {
    "datetime-with-space",
    "---\ndate: 2024-03-01 10:00:00 +01:00\n---\nText.\n",
    NULL, 0,
    { "<time datetime=\"2024-03-01T10:00:00+01:00\">March 1, 2024</time>" },
  },
  /* Dates for people in the post's language, the value exactly as written
   * for machines. */
  {
    "date-french",
    "---\nlang: fr\ndate: 2024-06-18T07:45:00+02:00\n---\nTexte.\n",
    NULL, 0,
    { "<time datetime=\"2024-06-18T07:45:00+02:00\">18 juin 2024</time>",
      /* A date is not broken across lines. */
      ".post-meta time{white-space:nowrap}" },
    { ">2024-06-18", "June" },
  },
  {
    "date-english",
    "---\nlang: en\ndate: 2024-06-18T07:45:00+02:00\n---\nText.\n",
    NULL, 0,
    { "<time datetime=\"2024-06-18T07:45:00+02:00\">June 18, 2024</time>" },
  },
  {
    "date-quoted",
    "---\nlang: fr-FR\ndate: \"2024-06-18T07:45:00+02:00\"\n---\nTexte.\n",
    NULL, 0,
    { "<time datetime=\"2024-06-18T07:45:00+02:00\">18 juin 2024</time>" },
    { "&quot;" },
  },
  {
    "date-only",
    "---\ndate: 2024-06-18\n---\nText.\n",
    NULL, 0,
    { "<time datetime=\"2024-06-18\">June 18, 2024</time>" },
  },
  {
    /* The day written, in the offset written: late on the 18th in
     * California is not the 19th anywhere on the page. */
    "date-in-its-own-offset",
    "---\ndate: 2024-06-18T23:30:00.250-07:00\n---\nText.\n",
    NULL, 0,
    { "<time datetime=\"2024-06-18T23:30:00.250-07:00\">June 18, 2024</time>" },
  },
  {
    "date-first-of-the-month",
    "---\nlang: fr\ndate: 2024-05-01\n---\nTexte.\n",
    NULL, 0,
    { "<time datetime=\"2024-05-01\">1er mai 2024</time>" },
  },
  {
    "date-british",
    "---\nlang: en-GB\ndate: 2024-06-18\n---\nText.\n",
    NULL, 0,
    { "<time datetime=\"2024-06-18\">18 June 2024</time>" },
  },
  {
    /* A language we have no words for: the ISO date, which all can read. */
    "date-other-language",
    "---\nlang: de\ndate: 2024-06-18T07:45:00+02:00\n---\nText.\n",
    NULL, 0,
    { "<time datetime=\"2024-06-18T07:45:00+02:00\">2024-06-18</time>" },
  },
  {
    /* The page's language from the site (or the interface): the date too. */
    "date-fallback-lang",
    "---\ndate: 2024-08-15\n---\nTexte.\n",
    "fr", 0,
    { "<html lang=\"fr\">", "<time datetime=\"2024-08-15\">15 août 2024</time>" },
  },
  {
    /* Not a day of any calendar: shown as written, not claimed a date. */
    "date-not-a-day",
    "---\ndate: 2024-02-30\n---\nText.\n",
    NULL, 0,
    { "<span class=\"post-date\">2024-02-30</span>" },
    { "<time" },
  },
  {
    "date-with-words-after",
    "---\ndate: 2024-06-18 or so\n---\nText.\n",
    NULL, 0,
    { "<span class=\"post-date\">2024-06-18 or so</span>" },
    { "<time" },
  },
  /* The words the page writes itself are in the page's language, from
   * our catalogue, whatever the locale of the process (C, here). */
  {
    "page-text-french",
    "---\n"
    "title: Essai\n"
    "lang: fr\n"
    "tags: [voyage]\n"
    "---\n"
    "Un texte[^1].\n"
    "\n"
    "[^1]: Une note.\n",
    NULL, 0,
    { "<span class=\"reading-time\">1\u00a0min de lecture</span>",
      "<ul class=\"post-tags\" aria-label=\"Étiquettes\">",
      "class=\"footnote-backref\" data-footnote-backref aria-label=\"Retour au texte\">↩</a>" },
    { "min read", "Back to content", "\"Tags\"" },
  },
  {
    "page-text-french-untitled",
    "---\nlang: fr-CA\n---\nTexte.\n",
    NULL, 0,
    { "<title>Sans titre</title>" },
    { "Untitled" },
  },
  {
    /* A checkbox in place of the bullet, and no way to tick it. */
    "task-list",
    "---\ntitle: T\n---\n- [ ] to do\n- [x] done\n- plain\n",
    NULL, 0,
    { "<li class=\"task-list-item\"><input type=\"checkbox\" disabled=\"\" /> to do</li>",
      "<li class=\"task-list-item\"><input type=\"checkbox\" checked=\"\" disabled=\"\" /> done</li>",
      "<li>plain</li>",
      ".task-list-item{list-style:none}",
      ".task-list-item>input[type=checkbox]{" },
    { "<li><input" },
  },
  {
    "task-list-sourcepos",
    "---\ntitle: T\n---\n1. [x] done\n",
    NULL, BILLET_MARKDOWN_SOURCEPOS,
    { "<li class=\"task-list-item\" data-sourcepos=\"1:1-1:11\"><input type=\"checkbox\" checked=\"\" disabled=\"\" /> done</li>" },
  },
  {
    /* A title breaks between words or where its language hyphenates, and
     * shrinks in a narrow window. */
    "title-wraps-between-words",
    "---\ntitle: Développement\n---\nText.\n",
    NULL, 0,
    { ".post-header h1{margin:0 0 .3em;font-size:clamp(1.5em,1em + 3vw,2.1em);"
      "-webkit-hyphens:auto;hyphens:auto;-webkit-hyphenate-limit-before:3;-webkit-hyphenate-limit-after:3;"
      "hyphenate-limit-chars:6 3 3;overflow-wrap:break-word}" },
    { "overflow-wrap:anywhere" },
  },
  {
    "date-as-prose",
    "---\ndate: Spring 2024\n---\nText.\n",
    NULL, 0,
    { "<span class=\"post-date\">Spring 2024</span>" },
    { "<time" },
  },
  {
    "unsafe-flag-reaches-body",
    "---\ntitle: T\n---\nPress <kbd>Ctrl</kbd>.\n",
    NULL, BILLET_MARKDOWN_UNSAFE,
    { "<kbd>Ctrl</kbd>" },
    { "raw HTML omitted" },
  },
  {
    "raw-html-omitted-by-default",
    "---\ntitle: T\n---\nPress <kbd>Ctrl</kbd>.\n\n<script>alert(1)</script>\n",
    NULL, 0,
    { "raw HTML omitted" },
    { "<kbd>", "<script>", "alert(1)" },
  },
  {
    /* Lines counted in the body, so the preview can map them back. */
    "sourcepos-counts-body-lines",
    "---\ntitle: T\n---\n# Heading\n",
    NULL, BILLET_MARKDOWN_SOURCEPOS,
    { "<h1 id=\"heading\" data-sourcepos=\"1:1-1:9\">Heading</h1>" },
  },
  {
    "styles-for-phone-print-dark",
    "Text.\n",
    NULL, 0,
    { "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
      "max-width:42em",
      "img,video,svg{max-width:100%;height:auto}",
      "@media (prefers-color-scheme:dark)",
      "@media print",
      "overflow-x:auto" },
  },
};

static char *
render (const char          *text,
        const char          *fallback_lang,
        BilletMarkdownFlags  flags,
        gsize               *len)
{
  g_autoptr(BilletPost) post = billet_post_new_from_data (text, strlen (text));
  BilletRenderOptions options = { fallback_lang, flags };

  g_assert_nonnull (post);

  if (fallback_lang == NULL && flags == BILLET_MARKDOWN_DEFAULT)
    return billet_render_page (post, NULL, len);
  else
    return billet_render_page (post, &options, len);
}

static void
test_case (gconstpointer data)
{
  const RenderCase *c = data;
  g_autofree char *page = NULL;
  gsize len = 0;

  page = render (c->post, c->fallback_lang, c->flags, &len);
  g_assert_nonnull (page);
  g_assert_cmpuint (len, ==, strlen (page));
  g_assert_true (g_utf8_validate (page, -1, NULL));
  g_assert_true (g_str_has_suffix (page, "</html>\n"));

  for (guint i = 0; i < G_N_ELEMENTS (c->present) && c->present[i] != NULL; i++)
    {
      if (strstr (page, c->present[i]) == NULL)
        g_error ("%s: expected “%s” in:\n%s", c->name, c->present[i], page);
    }

  for (guint i = 0; i < G_N_ELEMENTS (c->absent) && c->absent[i] != NULL; i++)
    {
      if (strstr (page, c->absent[i]) != NULL)
        g_error ("%s: unexpected “%s” in:\n%s", c->name, c->absent[i], page);
    }
}

static char *
words (guint n)
{
  GString *s = g_string_new ("---\ntitle: T\n---\n");

  for (guint i = 0; i < n; i++)
    g_string_append (s, i % 12 == 11 ? "word\n" : "word ");

  return g_string_free (s, FALSE);
}

/* ~220 words a minute, rounded up; no line at all for an empty body. */
static void
test_reading_time (void)
{
  static const struct {
    guint       words;
    const char *expected;
  } rows[] = {
    { 0, NULL },
    { 1, "1 min read" },
    { 220, "1 min read" },
    { 221, "2 min read" },
    { 1100, "5 min read" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *text = words (rows[i].words);
      g_autofree char *page = render (text, NULL, 0, NULL);
      const char *line = strstr (page, "<span class=\"reading-time\">");

      if (rows[i].expected == NULL)
        {
          g_assert_null (line);
        }
      else
        {
          g_assert_nonnull (line);
          g_assert_true (g_str_has_prefix (line + strlen ("<span class=\"reading-time\">"),
                                           rows[i].expected));
        }
    }
}

/* Markup does not count as words: 200 links are 200 words (one minute),
 * though their tags hold as many "href=…" tokens again (which would make
 * two minutes). */
static void
test_reading_time_ignores_markup (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *page = NULL;

  for (guint i = 0; i < 200; i++)
    g_string_append (text, "[w](https://example.org/a) ");
  page = render (text->str, NULL, 0, NULL);

  g_assert_nonnull (strstr (page, "<span class=\"reading-time\">1 min read</span>"));
}

/* Export of a folder re-renders every post; an unchanged post must give
 * an unchanged page (no timestamps, no hash-order output). */
static void
test_deterministic (void)
{
  const char *text = cases[0].post;
  g_autofree char *first = render (text, NULL, 0, NULL);
  g_autofree char *second = render (text, NULL, 0, NULL);

  g_assert_cmpstr (first, ==, second);
}

/* The preview loads billet_render_parts_to_page() once and then patches
 * the header and the body with the parts alone: the parts must be exactly
 * what the page holds, and the page exactly what billet_render_page()
 * gives. */
static void
test_parts (void)
{
  const char *text = cases[0].post;
  g_autoptr(BilletPost) post = billet_post_new_from_data (text, strlen (text));
  g_autoptr(BilletRenderParts) parts = billet_render_parts (post, NULL);
  g_autofree char *page = billet_render_page (post, NULL, NULL);
  g_autofree char *assembled = billet_render_parts_to_page (parts, NULL, NULL);
  g_autofree char *body = NULL;
  const char *header;

  g_assert_cmpstr (assembled, ==, page);
  g_assert_cmpstr (parts->lang, ==, "fr");
  g_assert_cmpstr (parts->title, ==, "Café <b>&</b> \"q\"");
  g_assert_cmpstr (parts->description, ==, "Tips & \"tricks\" <x>");
  g_assert_cmpstr (parts->body_html, ==, "<p>Hello <em>world</em>.</p>\n");

  g_assert_true (g_str_has_prefix (parts->header_html, "<header class=\"post-header\">\n<h1>Café &lt;b&gt;"));
  g_assert_true (g_str_has_suffix (parts->header_html, "</header>\n"));
  header = strstr (page, "<article>\n");
  g_assert_nonnull (header);
  g_assert_true (g_str_has_prefix (header + strlen ("<article>\n"), parts->header_html));

  body = g_strconcat ("<div class=\"post-body\">\n", parts->body_html, "</div>\n</article>", NULL);
  g_assert_nonnull (strstr (page, body));
}

/* No title, date, author, tag or word: no header at all, so the preview
 * removes the one it shows. */
static void
test_parts_no_header (void)
{
  g_autoptr(BilletPost) post = billet_post_new_from_data ("", 0);
  g_autoptr(BilletRenderParts) parts = billet_render_parts (post, NULL);

  g_assert_cmpstr (parts->header_html, ==, "");
  g_assert_cmpstr (parts->body_html, ==, "");
  g_assert_cmpstr (parts->title, ==, "Untitled");
  g_assert_null (parts->description);
}

/* Exported pages follow the reader's preference (no class); the preview
 * pins the editor's style with a class that the stylesheet honours. */
static void
test_scheme (void)
{
  static const struct {
    BilletRenderScheme  scheme;
    const char         *html;
  } rows[] = {
    { BILLET_RENDER_SCHEME_AUTO, "<html lang=\"en\">\n" },
    { BILLET_RENDER_SCHEME_LIGHT, "<html lang=\"en\" class=\"billet-light\">\n" },
    { BILLET_RENDER_SCHEME_DARK, "<html lang=\"en\" class=\"billet-dark\">\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(BilletPost) post = billet_post_new_from_data ("Text.\n", 6);
      BilletRenderOptions options = { .scheme = rows[i].scheme };
      g_autofree char *page = billet_render_page (post, &options, NULL);

      g_assert_nonnull (strstr (page, rows[i].html));
      g_assert_nonnull (strstr (page, ":root.billet-dark{--fg:#e6e6e9;--bg:#1e1e21;"));
      g_assert_nonnull (strstr (page, ":root.billet-light{--fg:#1d1d20;--bg:#fff;"));
      g_assert_cmpint (strstr (page, "@media (prefers-color-scheme:dark)") - page, <,
                       strstr (page, ":root.billet-dark") - page);
    }
}

static char *
tag_href_for_test (const char *tag,
                   gpointer    user_data)
{
  /* "autre" has no page; "été" has one, whose URL needs escaping. */
  if (g_str_equal (tag, "autre"))
    return NULL;
  return g_strconcat (user_data, "tags/", tag, "/index.html", NULL);
}

/* A site export's post page links to the index and to its tags' pages,
 * the link text in the page's language. */
static void
test_site_links (void)
{
  static const char text[] = "---\ntitle: Essai\nlang: fr\ntags: [voyage, autre, été]\n---\nTexte.\n";
  g_autoptr(BilletPost) post = billet_post_new_from_data (text, strlen (text));
  BilletRenderOptions options = { 0 };
  g_autofree char *page = NULL;
  g_autofree char *alone = NULL;
  const char *home;

  options.home_href = "../../index.html";
  options.tag_href = tag_href_for_test;
  options.tag_href_data = (gpointer) "../../";
  page = billet_render_page (post, &options, NULL);

  home = strstr (page, "<header class=\"post-header\">\n"
                       "<p class=\"post-meta\"><a href=\"../../index.html\">Tous les articles</a></p>\n"
                       "<h1>Essai</h1>\n");
  g_assert_nonnull (home);
  g_assert_nonnull (strstr (page, "<ul class=\"post-tags\" aria-label=\"Étiquettes\">"
                                  "<li><a href=\"../../tags/voyage/index.html\">voyage</a></li>"
                                  "<li>autre</li>"
                                  "<li><a href=\"../../tags/%C3%A9t%C3%A9/index.html\">été</a></li></ul>"));

  /* Without them (a post exported alone, the preview): no links. */
  alone = billet_render_page (post, NULL, NULL);
  g_assert_null (strstr (alone, "<a href"));
  g_assert_nonnull (strstr (alone, "<li>voyage</li><li>autre</li><li>été</li>"));
}

/* A list page (index, tag page) dates its posts for people too, and
 * speaks its language. */
static void
test_list_page_language (void)
{
  const BilletRenderListItem items[] = {
    { "Premier", "posts/a.html", "2024-06-18T07:45:00+02:00", NULL },
    { "Printemps", "posts/b.html", "Printemps 2024", NULL },
  };
  BilletRenderList list = { 0 };
  g_autofree char *page = NULL;
  g_autofree char *empty = NULL;

  list.lang = "fr";
  list.title = "Le site";
  list.home_href = "../../index.html";
  list.items = items;
  list.n_items = G_N_ELEMENTS (items);
  page = billet_render_list_page (&list, NULL);
  g_assert_nonnull (strstr (page, "<time datetime=\"2024-06-18T07:45:00+02:00\">18 juin 2024</time>"));
  g_assert_nonnull (strstr (page, "<span class=\"post-date\">Printemps 2024</span>"));
  g_assert_nonnull (strstr (page, ">Tous les articles</a>"));

  list.n_items = 0;
  empty = billet_render_list_page (&list, NULL);
  g_assert_nonnull (strstr (empty, "<p>Aucun article pour l’instant.</p>"));
}

/* The words of a page come from our catalogue for the page's language:
 * its plural forms, a region's tag falling back to its language's, and
 * English where we have no catalogue. */
static void
test_page_text (void)
{
  g_assert_cmpstr (billet_page_ntext ("fr", "%u column", "%u columns", 0), ==, "%u colonne");
  g_assert_cmpstr (billet_page_ntext ("fr", "%u column", "%u columns", 1), ==, "%u colonne");
  g_assert_cmpstr (billet_page_ntext ("fr", "%u column", "%u columns", 2), ==, "%u colonnes");
  g_assert_cmpstr (billet_page_ntext ("en", "%u column", "%u columns", 0), ==, "%u columns");
  g_assert_cmpstr (billet_page_ntext (NULL, "%u column", "%u columns", 1), ==, "%u column");
  g_assert_cmpstr (billet_page_text ("fr-CA", "Tags"), ==, "Étiquettes");
  g_assert_cmpstr (billet_page_text ("FR_be", "Tags"), ==, "Étiquettes");
  g_assert_cmpstr (billet_page_text ("de", "Tags"), ==, "Tags");
  g_assert_cmpstr (billet_page_text ("fr", "Not a message of ours"), ==, "Not a message of ours");
  g_assert_cmpstr (billet_page_text ("../fr", "Tags"), ==, "Tags");
}

static void
write_catalogue (const char *dir,
                 const char *lang,
                 const char *data,
                 gsize       len)
{
  g_autofree char *folder = g_build_filename (dir, lang, "LC_MESSAGES", NULL);
  g_autofree char *path = g_build_filename (folder, GETTEXT_PACKAGE ".mo", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

/* Another language's plural rules, from its catalogue's own Plural-Forms
 * (Polish: three forms), and catalogues that are not what they claim to
 * be, which give English rather than anything else. */
static void
test_page_text_catalogues (void)
{
  static const char po[] =
    "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
    "\"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n\"\n\n"
    "msgid \"%u row\"\nmsgid_plural \"%u rows\"\n"
    "msgstr[0] \"%u wiersz\"\nmsgstr[1] \"%u wiersze\"\nmsgstr[2] \"%u wierszy\"\n";
  static const guint32 bad_tables[] = { 0x950412de, 0, 1000, 28, 36, 0, 0, 4, 4000000, 4, 60 };
  static const guint32 bad_strings[] = { 0x950412de, 0, 1, 28, 36, 0, 0, 4, 44, 40, 48, 'T' | 'a' << 8 | 'g' << 16 | 's' << 24 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("billet-page-text-XXXXXX", &error);
  g_autofree char *bound = g_strdup (bindtextdomain (GETTEXT_PACKAGE, NULL));
  g_autofree char *po_path = NULL;
  g_autofree char *mo_folder = NULL;
  g_autofree char *mo_path = NULL;
  const char *argv[] = { "msgfmt", "-o", NULL, NULL, NULL };
  int status = 0;

  g_assert_no_error (error);
  po_path = g_build_filename (dir, "pl.po", NULL);
  mo_folder = g_build_filename (dir, "pl", "LC_MESSAGES", NULL);
  mo_path = g_build_filename (mo_folder, GETTEXT_PACKAGE ".mo", NULL);
  g_assert_cmpint (g_mkdir_with_parents (mo_folder, 0700), ==, 0);
  g_file_set_contents (po_path, po, -1, &error);
  g_assert_no_error (error);
  argv[2] = mo_path;
  argv[3] = po_path;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  write_catalogue (dir, "xa", (const char *) bad_tables, sizeof bad_tables);
  write_catalogue (dir, "xb", (const char *) bad_strings, sizeof bad_strings);
  write_catalogue (dir, "xc", "not a catalogue", 15);

  bindtextdomain (GETTEXT_PACKAGE, dir);
  g_assert_cmpstr (billet_page_ntext ("pl", "%u row", "%u rows", 1), ==, "%u wiersz");
  g_assert_cmpstr (billet_page_ntext ("pl", "%u row", "%u rows", 3), ==, "%u wiersze");
  g_assert_cmpstr (billet_page_ntext ("pl", "%u row", "%u rows", 5), ==, "%u wierszy");
  g_assert_cmpstr (billet_page_ntext ("pl", "%u row", "%u rows", 22), ==, "%u wiersze");
  g_assert_cmpstr (billet_page_ntext ("pl", "%u row", "%u rows", 112), ==, "%u wierszy");
  g_assert_cmpstr (billet_page_text ("xa", "Tags"), ==, "Tags");
  g_assert_cmpstr (billet_page_text ("xb", "Tags"), ==, "Tags");
  g_assert_cmpstr (billet_page_text ("xc", "Tags"), ==, "Tags");
  bindtextdomain (GETTEXT_PACKAGE, bound);

  billet_test_remove_tree (dir);
}

/* A render made from the one before knows what it keeps of it (by key),
 * so that the preview does not walk every block between two keys. */
static void
test_parts_base (void)
{
  const char *before = "---\ntitle: T\n---\nOne.\n\nTwo.\n\nThree.\n\nFour.\n\nFive.\n";
  const char *after = "---\ntitle: T\n---\nOne.\n\nTwo.\n\nThree, and more.\n\nA new one.\n\nFour.\n\nFive.\n";
  g_autoptr(BilletPost) post_before = billet_post_new_from_data (before, strlen (before));
  g_autoptr(BilletPost) post_after = billet_post_new_from_data (after, strlen (after));
  g_autoptr(BilletRenderParts) first = NULL;
  g_autoptr(BilletRenderParts) second = NULL;
  g_autoptr(BilletRenderParts) third = NULL;
  BilletRenderOptions options = { 0 };
  BilletRenderPrevious previous = { 0 };
  guint prefix, suffix;

  options.split_blocks = TRUE;
  first = billet_render_parts (post_before, &options);
  g_assert_cmpuint (first->serial, !=, 0);
  g_assert_cmpuint (first->base_serial, ==, 0);
  g_assert_cmpuint (first->blocks->len, ==, 5);

  previous.body = billet_post_get_body (post_before, &previous.body_len);
  previous.blocks = first->blocks;
  previous.flags = first->flags;
  previous.lang = first->lang;
  previous.serial = first->serial;
  options.previous = &previous;
  second = billet_render_parts (post_after, &options);
  g_assert_cmpuint (second->serial, >, first->serial);
  g_assert_cmpuint (second->base_serial, ==, first->serial);
  g_assert_cmpuint (second->blocks->len, ==, 6);
  /* "One.", "Two." kept; "Four.", "Five." kept; the middle replaced. */
  g_assert_cmpuint (second->base_prefix, ==, 2);
  g_assert_cmpuint (second->base_suffix, ==, 2);
  billet_markdown_blocks_common (first->blocks, second->blocks, &prefix, &suffix);
  g_assert_cmpuint (prefix, ==, second->base_prefix);
  g_assert_cmpuint (suffix, ==, second->base_suffix);

  /* Without a previous render: no base. */
  options.previous = NULL;
  third = billet_render_parts (post_after, &options);
  g_assert_cmpuint (third->base_serial, ==, 0);
  g_assert_cmpuint (third->serial, >, second->serial);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  billet_test_bind_catalogue ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/billet/render/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_case);
    }

  g_test_add_func ("/billet/render/reading-time", test_reading_time);
  g_test_add_func ("/billet/render/reading-time-ignores-markup", test_reading_time_ignores_markup);
  g_test_add_func ("/billet/render/deterministic", test_deterministic);
  g_test_add_func ("/billet/render/parts", test_parts);
  g_test_add_func ("/billet/render/parts-no-header", test_parts_no_header);
  g_test_add_func ("/billet/render/scheme", test_scheme);
  g_test_add_func ("/billet/render/site-links", test_site_links);
  g_test_add_func ("/billet/render/parts-base", test_parts_base);
  g_test_add_func ("/billet/render/page-text", test_page_text);
  g_test_add_func ("/billet/render/page-text-catalogues", test_page_text_catalogues);
  g_test_add_func ("/billet/render/list-page-language", test_list_page_language);

  return g_test_run ();
}
