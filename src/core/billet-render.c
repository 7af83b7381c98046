/* billet-render.c — one post to one standalone HTML page (export and preview share it)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "billet-page-text.h"
#include "billet-render.h"


/* Longest language tag we pass through; BCP 47 tags seen in the wild stay
 * well below this, and it keeps a garbage value from bloating the page. */
#define MAX_LANG_LEN 35

/* One stylesheet, embedded so the page stands alone (export writes a
 * single file; the preview loads it from a string). Narrow screens first:
 * a readable measure, media that shrink, wide tables and code that scroll
 * inside themselves instead of widening the page. Dark mode through custom
 * properties; print drops backgrounds and prints link targets. */
#define LIGHT_PALETTE \
  "--fg:#1d1d20;--bg:#fff;--muted:#5e5e68;--accent:#1a5fb4;--code:#f2f2f4;--line:#d6d6dc"
#define DARK_PALETTE \
  "--fg:#e6e6e9;--bg:#1e1e21;--muted:#a3a3ad;--accent:#78aeed;--code:#2a2a2f;--line:#414148"

/* The billet-light/billet-dark classes on <html> pin a palette whatever the
 * reader's preference: the preview follows the editor's style, which WebKit
 * does not reliably report as prefers-color-scheme. They come after the
 * media query and are more specific, so they win. */
static const char page_css[] =
  ":root{" LIGHT_PALETTE "}\n"
  "@media (prefers-color-scheme:dark){:root{" DARK_PALETTE "}}\n"
  ":root.billet-light{" LIGHT_PALETTE ";color-scheme:light}\n"
  ":root.billet-dark{" DARK_PALETTE ";color-scheme:dark}\n"
  "*,*::before,*::after{box-sizing:border-box}\n"
  "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
  "body{margin:0;padding:1.25rem 1rem 3rem;background:var(--bg);color:var(--fg);"
  "font:1.0625rem/1.65 system-ui,-apple-system,\"Segoe UI\",Cantarell,\"Noto Sans\",sans-serif;"
  "overflow-wrap:break-word}\n"
  "main{max-width:42em;margin:0 auto}\n"
  ".post-list{list-style:none;padding:0;margin:0}\n"
  ".post-list>li{margin:0 0 1.8em}\n"
  ".post-list h2{margin:0 0 .2em;font-size:1.35em}\n"
  ".post-list p{margin:.2em 0 0}\n"
  ".post-tags a{text-decoration:none}\n"
  "h1,h2,h3,h4,h5,h6{line-height:1.25;margin:1.6em 0 .6em}\n"
  ".post-header{margin-bottom:2em}\n"
  /* A title breaks between words, or where the page's language hyphenates
   * one (hyphens follow <html lang>; WebKitGTK needs the system's hyphen-*
   * dictionaries), leaving at least three letters on each side; its size
   * shrinks with a narrow window so that common long words fit a line.
   * Only a word longer than the whole line is broken anyhow (the body's
   * overflow-wrap), rather than widening the page. */
  ".post-header h1{margin:0 0 .3em;font-size:clamp(1.5em,1em + 3vw,2.1em);"
  "-webkit-hyphens:auto;hyphens:auto;-webkit-hyphenate-limit-before:3;-webkit-hyphenate-limit-after:3;"
  "hyphenate-limit-chars:6 3 3;overflow-wrap:break-word}\n"
  ".post-meta{color:var(--muted);margin:0}\n"
  ".post-meta time{white-space:nowrap}\n"
  ".post-meta>*+*::before{content:\" · \"}\n"
  ".post-tags{list-style:none;display:flex;flex-wrap:wrap;gap:.4em;padding:0;margin:.6em 0 0}\n"
  ".post-tags li{font-size:.85em;padding:0 .6em;border:1px solid var(--line);border-radius:1em}\n"
  "a{color:var(--accent)}\n"
  "img,video,svg{max-width:100%;height:auto}\n"
  "code,kbd,pre{font-family:ui-monospace,\"DejaVu Sans Mono\",monospace;font-size:.9em}\n"
  "code{background:var(--code);padding:.1em .3em;border-radius:3px}\n"
  "pre{background:var(--code);padding:.8em 1em;overflow-x:auto;border-radius:6px;line-height:1.45}\n"
  "pre code{background:none;padding:0;font-size:inherit}\n"
  "table{display:block;max-width:100%;overflow-x:auto;border-collapse:collapse}\n"
  "th,td{border:1px solid var(--line);padding:.35em .7em}\n"
  "blockquote{margin:1em 0;padding:0 1em;border-left:.25em solid var(--line);color:var(--muted)}\n"
  "hr{border:0;border-top:1px solid var(--line);margin:2em 0}\n"
  /* A task's checkbox stands where the bullet would, beside the item's
   * first line (centred on it), the text in line with the other items'.
   * Floated, so that it also sits beside the first paragraph of a loose
   * item, which cmark writes after it; a form control's em is its own
   * small font's unless told. */
  ".task-list-item{list-style:none}\n"
  ".task-list-item>input[type=checkbox]{float:left;float:inline-start;font-size:inherit;"
  "width:1em;height:1em;margin:.325em 0 0;margin-inline:-1.5em 0}\n"
  ".shortcode{display:inline-block;font:.8em/1.4 ui-monospace,\"DejaVu Sans Mono\",monospace;"
  "color:var(--muted);border:1px dashed var(--line);border-radius:4px;padding:0 .4em}\n"
  ".shortcode::before{content:\"{{ \"}.shortcode::after{content:\" }}\"}\n"
  ".shortcode.mdx::before,.shortcode.mdx::after{content:none}\n"
  ".table-too-large{display:block;margin:.6em 0;padding:.4em .8em;border-left:.25em solid var(--accent);"
  "background:var(--code);color:var(--muted);font-size:.9em}\n"
  ".footnotes{margin-top:3em;border-top:1px solid var(--line);font-size:.9em}\n"
  "@media print{:root,:root[class]{--fg:#000;--bg:#fff;--muted:#333;--accent:#000;--code:transparent;--line:#999}"
  "body{padding:0;font-size:11pt}main{max-width:none}"
  "a[href^=\"http\"]::after{content:\" (\" attr(href) \")\";font-size:.85em;word-break:break-all}"
  "pre{white-space:pre-wrap;border:1px solid var(--line)}"
  "table{display:table}"
  "pre,blockquote,figure,table,img{break-inside:avoid}"
  "h1,h2,h3,h4,h5,h6{break-after:avoid}}\n";

/* Appends @text with the five characters that matter in HTML text and in
 * quoted attribute values escaped, so one helper serves both. Front-matter
 * text is author-controlled: nothing from it reaches the page unescaped. */
static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *valid = NULL;
  const char *run;

  g_assert (out != NULL);
  g_assert (text != NULL);

  /* The page declares UTF-8; never let a stray byte through. */
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  run = text;
  for (const char *p = text; *p != '\0'; p++)
    {
      const char *entity;

      switch (*p)
        {
        case '&': entity = "&amp;"; break;
        case '<': entity = "&lt;"; break;
        case '>': entity = "&gt;"; break;
        case '"': entity = "&quot;"; break;
        case '\'': entity = "&#39;"; break;
        default: continue;
        }

      g_string_append_len (out, run, p - run);
      g_string_append (out, entity);
      run = p + 1;
    }
  g_string_append (out, run);
}

/* The text of a scalar at @path, or NULL when it is missing, not a scalar,
 * null, or blank. */
static const char *
lookup_text (BilletFrontMatter *fm,
             const char        *path)
{
  const BilletNode *node;
  const char *text;

  if (fm == NULL)
    return NULL;

  node = billet_front_matter_lookup (fm, path);
  if (node == NULL || billet_node_get_kind (node) == BILLET_NODE_NULL)
    return NULL;

  text = billet_node_get_text (node);
  if (text == NULL)
    return NULL;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isspace (*p))
        return text;
    }

  return NULL;
}

static void
add_unique (GPtrArray  *names,
            const char *name)
{
  if (name == NULL || *name == '\0')
    return;

  for (guint i = 0; i < names->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (names, i), name) == 0)
        return;
    }

  g_ptr_array_add (names, g_strdup (name));
}

/* The name of a scalar, or of a map's "name" key: Jekyll and Astro themes
 * often write authors as {name: …, url: …}. */
static const char *
node_name (const BilletNode *node)
{
  switch (billet_node_get_kind (node))
    {
    case BILLET_NODE_MAP:
      node = billet_node_lookup (node, "name");
      return node != NULL ? billet_node_get_text (node) : NULL;

    case BILLET_NODE_NULL:
    case BILLET_NODE_LIST:
    case BILLET_NODE_OTHER:
      return NULL;

    case BILLET_NODE_STRING:
    case BILLET_NODE_BOOLEAN:
    case BILLET_NODE_NUMBER:
    case BILLET_NODE_DATE:
    case BILLET_NODE_DATETIME:
    default:
      return billet_node_get_text (node);
    }
}

/* Appends to @names the names at @path, which may hold one name or a list
 * of them; duplicates are skipped, so an author repeated in coAuthors shows
 * once. */
static void
collect_names (BilletFrontMatter *fm,
               const char        *path,
               GPtrArray         *names)
{
  const BilletNode *node;

  if (fm == NULL || (node = billet_front_matter_lookup (fm, path)) == NULL)
    return;

  if (billet_node_get_kind (node) == BILLET_NODE_LIST)
    {
      guint n = billet_node_get_n_children (node);

      for (guint i = 0; i < n; i++)
        add_unique (names, node_name (billet_node_get_child (node, i)));
    }
  else
    {
      add_unique (names, node_name (node));
    }
}

/* A language tag safe to put in an attribute and meaningful to a browser:
 * ASCII letters, digits and hyphens (an underscore, as in Hugo's "fr_FR",
 * becomes a hyphen). Anything else ends the tag, so "en\" onload=…" gives
 * "en". Returns NULL when nothing usable is left. */
/* How many blocks, at the start and at the end, @parts has of @previous's,
 * by key: what a page showing @previous keeps of it. Here, in the render's
 * thread, rather than between two keys on the main thread: a walk of the
 * whole post's blocks. */
static void
compare_blocks (BilletRenderParts          *parts,
                const BilletRenderPrevious *previous)
{
  guint prefix = 0;
  guint suffix = 0;

  billet_markdown_blocks_common (previous->blocks, parts->blocks, &prefix, &suffix);
  parts->base_serial = previous->serial;
  parts->base_prefix = prefix;
  parts->base_suffix = suffix;
}

static char *
sanitize_lang (const char *lang)
{
  GString *tag;

  if (lang == NULL)
    return NULL;

  while (g_ascii_isspace (*lang))
    lang++;

  tag = g_string_new (NULL);
  for (const char *p = lang; *p != '\0' && tag->len < MAX_LANG_LEN; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (tag, *p);
      else if (*p == '-' || *p == '_')
        g_string_append_c (tag, '-');
      else
        break;
    }

  while (tag->len > 0 && tag->str[tag->len - 1] == '-')
    g_string_truncate (tag, tag->len - 1);

  if (tag->len == 0 || tag->str[0] == '-')
    {
      g_string_free (tag, TRUE);
      return NULL;
    }

  return g_string_free (tag, FALSE);
}

/* A relative URL: each byte that is not allowed in a path percent-encoded
 * (UTF-8 letters included, so the page works whatever the server does). */
static void
append_href (GString    *out,
             const char *href)
{
  g_autofree char *escaped = g_uri_escape_string (href, "/", FALSE);

  append_escaped (out, escaped);
}

/* A date for people in the page's language, in a <time> that keeps the
 * value as written for machines (see billet_page_date()). "Spring 2024"
 * is a fine thing to write, but not a machine date: it shows as written,
 * without claiming to be one. */
static void
append_date (GString    *out,
             const char *lang,
             const char *date)
{
  g_autofree char *datetime = NULL;
  g_autofree char *label = NULL;

  if (billet_page_date (lang, date, &datetime, &label))
    {
      g_string_append (out, "<time datetime=\"");
      append_escaped (out, datetime);
      g_string_append (out, "\">");
      append_escaped (out, label);
      g_string_append (out, "</time>");
    }
  else
    {
      g_string_append (out, "<span class=\"post-date\">");
      append_escaped (out, date);
      g_string_append (out, "</span>");
    }
}

/* The post's header: a link back to the site's index (in a site export),
 * title, date, authors, reading time and tags, with every word we write
 * in @lang, the page's language. */
static void
append_header (GString                   *out,
               BilletFrontMatter         *fm,
               const char                *heading,
               gsize                      words,
               const char                *lang,
               const BilletRenderOptions *options)
{
  g_autoptr(GPtrArray) authors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);
  const char *date;
  gsize header_start = out->len;
  gsize meta_start;

  date = lookup_text (fm, "date");
  if (date == NULL)
    date = lookup_text (fm, "pubDate");     /* Astro */
  if (date == NULL)
    date = lookup_text (fm, "publishDate"); /* Hugo */

  /* The main author first, then co-authors, whichever key the theme uses. */
  collect_names (fm, "author", authors);
  collect_names (fm, "coAuthors", authors);
  collect_names (fm, "co_authors", authors);
  collect_names (fm, "authors", authors);
  collect_names (fm, "tags", tags);
  /* Zola keeps them under [taxonomies] */
  if (authors->len == 0)
    collect_names (fm, "taxonomies.authors", authors);
  if (tags->len == 0)
    collect_names (fm, "taxonomies.tags", tags);

  g_string_append (out, "<header class=\"post-header\">\n");

  /* As the tag pages do, above the title. */
  if (options->home_href != NULL)
    {
      g_string_append (out, "<p class=\"post-meta\"><a href=\"");
      append_href (out, options->home_href);
      g_string_append (out, "\">");
      append_escaped (out, billet_page_text (lang, "All posts"));
      g_string_append (out, "</a></p>\n");
    }

  if (heading != NULL)
    {
      g_string_append (out, "<h1>");
      append_escaped (out, heading);
      g_string_append (out, "</h1>\n");
    }

  meta_start = out->len;
  g_string_append (out, "<p class=\"post-meta\">");

  if (date != NULL)
    append_date (out, lang, date);

  if (authors->len > 0)
    {
      g_string_append (out, "<span class=\"post-authors\">");
      for (guint i = 0; i < authors->len; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          append_escaped (out, g_ptr_array_index (authors, i));
        }
      g_string_append (out, "</span>");
    }

  if (words > 0)
    {
      /* Rounded up: a 30-second read is "1 min", never "0 min". */
      int minutes = (int) MIN (billet_markdown_reading_minutes (words), G_MAXINT);

      g_string_append (out, "<span class=\"reading-time\">");
      g_string_append_printf (out,
                              billet_page_ntext (lang, "%d min read", "%d min read", (gulong) minutes),
                              minutes);
      g_string_append (out, "</span>");
    }

  /* An empty meta line would still take a line of space. */
  if (out->len == meta_start + strlen ("<p class=\"post-meta\">"))
    g_string_truncate (out, meta_start);
  else
    g_string_append (out, "</p>\n");

  if (tags->len > 0)
    {
      g_string_append (out, "<ul class=\"post-tags\" aria-label=\"");
      append_escaped (out, billet_page_text (lang, "Tags"));
      g_string_append (out, "\">");
      for (guint i = 0; i < tags->len; i++)
        {
          const char *tag = g_ptr_array_index (tags, i);
          g_autofree char *href = options->tag_href != NULL
                                  ? options->tag_href (tag, options->tag_href_data) : NULL;

          g_string_append (out, "<li>");
          if (href != NULL)
            {
              g_string_append (out, "<a href=\"");
              append_href (out, href);
              g_string_append (out, "\">");
              append_escaped (out, tag);
              g_string_append (out, "</a>");
            }
          else
            append_escaped (out, tag);
          g_string_append (out, "</li>");
        }
      g_string_append (out, "</ul>\n");
    }

  if (out->len == header_start + strlen ("<header class=\"post-header\">\n"))
    g_string_truncate (out, header_start);
  else
    g_string_append (out, "</header>\n");
}

static const BilletRenderOptions default_options = { NULL, BILLET_MARKDOWN_DEFAULT, BILLET_RENDER_SCHEME_AUTO };

/**
 * billet_render_parts:
 * @post: a #BilletPost
 * @options: (nullable): rendering options, or %NULL for the defaults
 *
 * Renders the parts of @post's page that depend on the post: language,
 * titles, header and body. billet_render_parts_to_page() assembles them;
 * the preview also uses them alone to patch a page it has already loaded.
 *
 * The front matter itself is never rendered as Markdown, and a post whose
 * front matter does not parse still gives parts, with a fallback title.
 * The result depends only on @post and @options. Safe to call from any
 * thread on a post no other thread is changing.
 *
 * Returns: (transfer full): the parts; free with billet_render_parts_free()
 */
BilletRenderParts *
billet_render_parts (BilletPost                *post,
                     const BilletRenderOptions *options)
{
  g_autoptr(GString) header = NULL;
  BilletRenderParts *parts;
  BilletFrontMatter *fm;
  BilletMarkdownFlags flags;
  const char *body;
  const char *heading;
  const char *title;
  const char *description;
  gsize body_len = 0;

  g_return_val_if_fail (post != NULL, NULL);

  if (options == NULL)
    options = &default_options;

  parts = g_new0 (BilletRenderParts, 1);
  {
    static gsize serials;

    parts->serial = (guint64) g_atomic_pointer_add (&serials, 1) + 1;
  }

  /* Borrowed; NULL when there is no front matter or when it does not
   * parse (YAML or TOML alike). Every lookup below copes with NULL. */
  fm = billet_post_get_front_matter (post, NULL);

  /* First: whatever the page says in words of its own, it says in the
   * page's language. */
  parts->lang = sanitize_lang (lookup_text (fm, "lang"));
  if (parts->lang == NULL)
    parts->lang = sanitize_lang (lookup_text (fm, "language"));
  if (parts->lang == NULL)
    parts->lang = sanitize_lang (options->fallback_lang);
  if (parts->lang == NULL)
    parts->lang = g_strdup ("en");

  /* Only the body: handing the whole file to cmark would turn the closing
   * "---" into a setext heading or a rule. */
  body = billet_post_get_body (post, &body_len);
  flags = options->markdown_flags & ~BILLET_MARKDOWN_TEXT_IS_UTF8;
  if (billet_post_body_is_utf8 (post))
    flags |= BILLET_MARKDOWN_TEXT_IS_UTF8;
  parts->flags = flags;
  if (options->split_blocks)
    {
      GString *html = g_string_sized_new (body_len + body_len / 4 + 1);

      const BilletRenderPrevious *previous = options->previous;

      /* After an edit, only the blocks around it are parsed again. */
      if (previous != NULL && previous->blocks != NULL && previous->flags == flags &&
          g_strcmp0 (previous->lang, parts->lang) == 0)
        parts->blocks = billet_markdown_update_blocks (previous->body, previous->body_len, previous->blocks,
                                                       body != NULL ? body : "", body != NULL ? body_len : 0,
                                                       flags, parts->lang);
      if (parts->blocks == NULL)
        parts->blocks = billet_markdown_to_blocks (body != NULL ? body : "", body != NULL ? body_len : 0,
                                                   flags, parts->lang);
      if (previous != NULL && previous->blocks != NULL)
        compare_blocks (parts, previous);
      for (guint i = 0; i < parts->blocks->len; i++)
        {
          const BilletMarkdownBlock *block = g_ptr_array_index (parts->blocks, i);

          g_string_append_len (html, block->html, block->len);
        }
      parts->body_html = g_string_free (html, FALSE);
    }
  else
    parts->body_html = billet_markdown_to_html (body != NULL ? body : "", body != NULL ? body_len : 0,
                                                flags, parts->lang);

  heading = lookup_text (fm, "title");
  if (heading == NULL)
    heading = lookup_text (fm, "seo.title");

  /* The tab title is what search engines show: the SEO title wins there,
   * while the page heading stays the post's own title. */
  title = lookup_text (fm, "seo.title");
  if (title == NULL)
    title = heading;
  if (title == NULL)
    title = billet_page_text (parts->lang, "Untitled");
  parts->title = g_utf8_make_valid (title, -1);

  description = lookup_text (fm, "seo.description");
  if (description == NULL)
    description = lookup_text (fm, "description");
  if (description != NULL)
    parts->description = g_utf8_make_valid (description, -1);

  header = g_string_new (NULL);
  append_header (header, fm, heading,
                 billet_markdown_count_words (body != NULL ? body : "", body != NULL ? body_len : 0),
                 parts->lang, options);
  parts->header_html = g_string_free (g_steal_pointer (&header), FALSE);

  return parts;
}

/**
 * billet_render_parts_to_page:
 * @parts: parts from billet_render_parts()
 * @options: (nullable): rendering options, or %NULL for the defaults; only
 *   the colour scheme matters here
 * @len: (out) (optional): where to store the length of the page in bytes
 *
 * Assembles one standalone HTML5 page from @parts: the only place that
 * writes a page's structure, which the preview's patches rely on
 * (<html>, <title>, <article>'s header and <div class="post-body">).
 *
 * Returns: (transfer full): the page, NUL-terminated; free with g_free()
 */
char *
billet_render_parts_to_page (const BilletRenderParts   *parts,
                             const BilletRenderOptions *options,
                             gsize                     *len)
{
  gsize body_html_len;
  GString *out;

  g_return_val_if_fail (parts != NULL, NULL);

  if (options == NULL)
    options = &default_options;

  body_html_len = strlen (parts->body_html);

  /* One allocation in the common case: the body dominates the page. */
  out = g_string_sized_new (body_html_len + strlen (parts->header_html) + sizeof page_css + 1024);

  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"");
  g_string_append (out, parts->lang);
  g_string_append_c (out, '"');
  switch (options->scheme)
    {
    case BILLET_RENDER_SCHEME_LIGHT:
      g_string_append (out, " class=\"billet-light\"");
      break;
    case BILLET_RENDER_SCHEME_DARK:
      g_string_append (out, " class=\"billet-dark\"");
      break;
    case BILLET_RENDER_SCHEME_AUTO:
    default:
      break;
    }
  g_string_append (out,
                   ">\n"
                   "<head>\n"
                   "<meta charset=\"utf-8\">\n");
  if (options->content_security_policy != NULL)
    {
      g_string_append (out, "<meta http-equiv=\"Content-Security-Policy\" content=\"");
      append_escaped (out, options->content_security_policy);
      g_string_append (out, "\">\n");
    }
  g_string_append (out,
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<meta name=\"color-scheme\" content=\"light dark\">\n"
                   "<title>");
  append_escaped (out, parts->title);
  g_string_append (out, "</title>\n");

  if (parts->description != NULL)
    {
      g_string_append (out, "<meta name=\"description\" content=\"");
      append_escaped (out, parts->description);
      g_string_append (out, "\">\n");
    }

  g_string_append (out, "<style>\n");
  g_string_append_len (out, page_css, sizeof page_css - 1);
  g_string_append (out, "</style>\n</head>\n<body>\n<main>\n<article>\n");
  g_string_append (out, parts->header_html);
  g_string_append (out, "<div class=\"post-body\">\n");
  g_string_append_len (out, parts->body_html, body_html_len);
  g_string_append (out, "</div>\n</article>\n</main>\n</body>\n</html>\n");

  if (len != NULL)
    *len = out->len;

  return g_string_free (out, FALSE);
}

/* Parts of BILLET_RENDER_LARGE_PARTS blocks or more freed on the thread
 * that runs the default main context: tens of thousands of frees that
 * the window's thread should never spend between two keys. */
static guint large_frees_on_main_loop;

void
billet_render_parts_free (BilletRenderParts *parts)
{
  if (parts == NULL)
    return;

  if (parts->blocks != NULL && parts->blocks->len >= BILLET_RENDER_LARGE_PARTS &&
      g_main_context_is_owner (g_main_context_default ()))
    g_atomic_int_inc (&large_frees_on_main_loop);

  g_free (parts->lang);
  g_free (parts->title);
  g_free (parts->description);
  g_free (parts->header_html);
  g_free (parts->body_html);
  g_clear_pointer (&parts->blocks, g_ptr_array_unref);
  g_free (parts);
}

/* For tests: how many large parts were freed on the main loop's thread. */
guint
_billet_render_get_large_frees_on_main_loop (void)
{
  return (guint) g_atomic_int_get (&large_frees_on_main_loop);
}

/**
 * billet_render_page:
 * @post: a #BilletPost
 * @options: (nullable): rendering options, or %NULL for the defaults
 * @len: (out) (optional): where to store the length of the page in bytes
 *
 * Renders @post as one standalone HTML5 page: the front matter gives the
 * language, the title, the description and a header (title, date,
 * authors, reading time, tags); the body is rendered from Markdown. See
 * billet_render_parts().
 *
 * The output depends only on @post and @options, so two renders of the
 * same post are byte-identical.
 *
 * Returns: (transfer full): the page, NUL-terminated; free with g_free()
 */
char *
billet_render_page (BilletPost                *post,
                    const BilletRenderOptions *options,
                    gsize                     *len)
{
  g_autoptr(BilletRenderParts) parts = NULL;

  g_return_val_if_fail (post != NULL, NULL);

  parts = billet_render_parts (post, options);
  return billet_render_parts_to_page (parts, options, len);
}

/**
 * billet_render_dup_interface_language:
 *
 * The language of the interface (from the environment, as gettext chooses
 * it), for pages whose post and site name none.
 *
 * Returns: (transfer full): a language code such as "fr", "en" by default
 */
char *
billet_render_dup_interface_language (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (names[i], "C") || g_str_has_prefix (names[i], "C.") ||
          g_str_equal (names[i], "POSIX"))
        continue;
      return g_strndup (names[i], strcspn (names[i], "_.@"));
    }
  return g_strdup ("en");
}

/**
 * billet_render_list_page:
 * @list: what the page lists
 * @len: (out) (optional): the length of the page in bytes
 *
 * Renders a standalone HTML5 page that lists posts, in the order given,
 * with their dates and descriptions, then links to tag pages: the index of
 * an exported site, and its page for each tag. It uses the posts' own
 * stylesheet. The output depends only on @list.
 *
 * Returns: (transfer full): the page; free with g_free()
 */
char *
billet_render_list_page (const BilletRenderList *list,
                         gsize                  *len)
{
  g_autofree char *lang = NULL;
  GString *out;

  g_return_val_if_fail (list != NULL, NULL);
  g_return_val_if_fail (list->title != NULL, NULL);
  g_return_val_if_fail (list->items != NULL || list->n_items == 0, NULL);
  g_return_val_if_fail (list->tags != NULL || list->n_tags == 0, NULL);

  lang = sanitize_lang (list->lang);
  if (lang == NULL)
    lang = g_strdup ("en");
  out = g_string_sized_new (sizeof page_css + 256 * (list->n_items + 8));

  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"");
  g_string_append (out, lang);
  g_string_append (out,
                   "\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<meta name=\"color-scheme\" content=\"light dark\">\n<title>");
  append_escaped (out, list->title);
  g_string_append (out, "</title>\n<style>\n");
  g_string_append_len (out, page_css, sizeof page_css - 1);
  g_string_append (out, "</style>\n</head>\n<body>\n<main>\n<header class=\"post-header\">\n");
  if (list->home_href != NULL)
    {
      g_string_append (out, "<p class=\"post-meta\"><a href=\"");
      append_href (out, list->home_href);
      g_string_append (out, "\">");
      append_escaped (out, billet_page_text (lang, "All posts"));
      g_string_append (out, "</a></p>\n");
    }
  g_string_append (out, "<h1>");
  append_escaped (out, list->title);
  g_string_append (out, "</h1>\n</header>\n");

  if (list->intro_html != NULL && *list->intro_html != '\0')
    {
      g_string_append (out, "<div class=\"post-body\">\n");
      g_string_append (out, list->intro_html);
      g_string_append (out, "</div>\n");
    }

  if (list->n_items > 0)
    {
      g_string_append (out, "<ol class=\"post-list\">\n");
      for (gsize i = 0; i < list->n_items; i++)
        {
          const BilletRenderListItem *item = &list->items[i];

          g_string_append (out, "<li><article>\n<h2><a href=\"");
          append_href (out, item->href);
          g_string_append (out, "\">");
          append_escaped (out, item->title);
          g_string_append (out, "</a></h2>\n");
          if (item->date != NULL)
            {
              g_string_append (out, "<p class=\"post-meta\">");
              append_date (out, lang, item->date);
              g_string_append (out, "</p>\n");
            }
          if (item->description != NULL)
            {
              g_string_append (out, "<p>");
              append_escaped (out, item->description);
              g_string_append (out, "</p>\n");
            }
          g_string_append (out, "</article></li>\n");
        }
      g_string_append (out, "</ol>\n");
    }
  else
    {
      g_string_append (out, "<p>");
      append_escaped (out, billet_page_text (lang, "No posts yet."));
      g_string_append (out, "</p>\n");
    }

  if (list->n_tags > 0)
    {
      g_string_append (out, "<nav aria-labelledby=\"billet-tags\">\n<h2 id=\"billet-tags\">");
      append_escaped (out, billet_page_text (lang, "Tags"));
      g_string_append (out, "</h2>\n<ul class=\"post-tags\">");
      for (gsize i = 0; i < list->n_tags; i++)
        {
          g_string_append (out, "<li><a href=\"");
          append_href (out, list->tags[i].href);
          g_string_append (out, "\">");
          append_escaped (out, list->tags[i].title);
          g_string_append (out, "</a></li>");
        }
      g_string_append (out, "</ul>\n</nav>\n");
    }

  g_string_append (out, "</main>\n</body>\n</html>\n");

  if (len != NULL)
    *len = out->len;
  return g_string_free (out, FALSE);
}
