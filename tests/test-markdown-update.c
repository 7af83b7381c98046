/* test-markdown-update.c — a body's blocks updated after an edit equal a whole parse
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * billet_markdown_update_blocks() parses again only the blocks around an
 * edit. Whatever it returns must be exactly what billet_markdown_to_blocks()
 * gives for the new text: the HTML, the lines and keys, the headings. Each
 * case makes thousands of random edits (characters, lines, fences, list and
 * quote markers, HTML comments, headings, deletions) to real Markdown and
 * compares, each update building on the previous one; and it checks that
 * the update was possible often enough to matter.
 */

#include "config.h"

#include <string.h>

#include "billet-markdown.h"
#include "billet-test-utils.h"

typedef struct
{
  guint edits;
  guint updated;
} Tally;

static const char *snippets[] = {
  "a", "word ", " ", "\n", "\n\n", "```", "```\n", "~~~\n", "# ", "## ", "- ", "* ", "> ", "1. ",
  "<!--", "-->", "<div>\n", "</div>\n", "|a|b|\n|-|-|\n", "    ", "\t", "*", "**", "`", "_",
  "===\n", "---\n", "[x]", "[x](y)", "é", "’", "<b>", "  \n", "+ ", "2) ", "\n- a\n", "\n> q\n", "`code`",
  /* A site's own syntax: only in the site's post */
  "{{< note >}}", "{{< /note >}}", "{% raw %}", "{% endraw %}", "}}",
};

static void
assert_same_blocks (GPtrArray  *got,
                    GPtrArray  *want,
                    const char *text)
{
  if (got->len != want->len)
    g_error ("%u blocks updated, %u parsed, for:\n%s", got->len, want->len, text);
  for (guint i = 0; i < want->len; i++)
    {
      const BilletMarkdownBlock *a = g_ptr_array_index (got, i);
      const BilletMarkdownBlock *b = g_ptr_array_index (want, i);

      if (a->len != b->len || strcmp (a->html, b->html) != 0 || a->start_line != b->start_line ||
          a->end_line != b->end_line || a->key != b->key || a->heading_level != b->heading_level ||
          g_strcmp0 (a->heading_text, b->heading_text) != 0 || g_strcmp0 (a->heading_id, b->heading_id) != 0)
        g_error ("block %u differs: updated lines %u-%u «%s» (id %s), parsed lines %u-%u «%s» (id %s), in:\n%s",
                 i, a->start_line, a->end_line, a->html, a->heading_id, b->start_line, b->end_line, b->html,
                 b->heading_id, text);
    }
}

/* The snippets that are not a site's syntax */
#define N_PLAIN_SNIPPETS (G_N_ELEMENTS (snippets) - 5)

/* A random edit of @text at a character boundary. */
static void
edit (GString  *text,
      GRand    *rand,
      gboolean  site)
{
  gsize at = text->len > 0 ? (gsize) g_rand_int_range (rand, 0, (int) text->len + 1) : 0;

  /* At a line's start, half the time: where Markdown's structure is. */
  if (g_rand_boolean (rand))
    while (at > 0 && text->str[at - 1] != '\n')
      at--;
  while (at > 0 && at < text->len && (text->str[at] & 0xC0) == 0x80)
    at--;

  if (text->len > 0 && g_rand_int_range (rand, 0, 3) == 0)
    {
      gsize span = (gsize) g_rand_int_range (rand, 1, 24);
      gsize end = MIN (text->len, at + span);

      while (end < text->len && (text->str[end] & 0xC0) == 0x80)
        end++;
      g_string_erase (text, (gssize) at, (gssize) (end - at));
    }
  else
    g_string_insert (text, (gssize) at,
                     snippets[g_rand_int_range (rand, 0, site ? G_N_ELEMENTS (snippets) : N_PLAIN_SNIPPETS)]);
}

static void
run_edits (const char          *source,
           guint                n_edits,
           BilletMarkdownFlags  flags,
           guint32              seed,
           Tally               *tally)
{
  /* Another series of edits: BILLET_TEST_SEED=N. */
  const char *base = g_getenv ("BILLET_TEST_SEED");
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed + (base != NULL ? (guint32) g_ascii_strtoull (base, NULL, 10) * 1000 : 0));
  g_autoptr(GString) text = g_string_new (source);
  g_autoptr(GPtrArray) blocks = billet_markdown_to_blocks (text->str, text->len, flags, "en");

  for (guint i = 0; i < n_edits; i++)
    {
      g_autofree char *before = g_strndup (text->str, text->len);
      gsize before_len = text->len;
      g_autoptr(GPtrArray) updated = NULL;
      g_autoptr(GPtrArray) parsed = NULL;

      edit (text, rand, (flags & BILLET_MARKDOWN_LIQUID) != 0 || strstr (source, "{{<") != NULL);
      updated = billet_markdown_update_blocks (before, before_len, blocks, text->str, text->len, flags, "en");
      parsed = billet_markdown_to_blocks (text->str, text->len, flags, "en");
      tally->edits++;
      if (updated != NULL)
        {
          tally->updated++;
          /* BILLET_TEST_DUMP=DIR: the texts before and after each edit, to
           * look at the one that failed. */
          if (g_getenv ("BILLET_TEST_DUMP") != NULL)
            {
              g_autofree char *a = g_build_filename (g_getenv ("BILLET_TEST_DUMP"), "before.md", NULL);
              g_autofree char *b = g_build_filename (g_getenv ("BILLET_TEST_DUMP"), "after.md", NULL);

              g_file_set_contents (a, before, (gssize) before_len, NULL);
              g_file_set_contents (b, text->str, (gssize) text->len, NULL);
            }
          assert_same_blocks (updated, parsed, text->str);
        }
      g_clear_pointer (&blocks, g_ptr_array_unref);
      /* The next edit builds on the update, as the preview does. */
      blocks = updated != NULL ? g_steal_pointer (&updated) : g_steal_pointer (&parsed);
    }
}

/* A post of our own with every kind of block, many times over. */
static char *
make_post (gboolean shortcodes)
{
  static const char *parts[] = {
    "Un paragraphe d’ouverture, avec *de l’emphase*, du `code` et [un lien](https://exemple.fr).\n\n",
    "## Une section\n\nLe texte qui suit le titre,\nsur deux lignes.\n\n",
    "- un\n- deux\n  - trois\n\n",
    "1. premier\n2. second\n\n",
    "> Une citation\n> sur deux lignes.\n\n",
    "```c\nint main (void)\n{\n\n  return 0;\n}\n```\n\n",
    "<div class=\"note\">\nDu HTML brut.\n</div>\n\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n",
    "Un titre souligné\n=================\n\n",
    "***\n\n",
    "    du code indenté\n    encore\n\n",
    "<!-- un commentaire\n\nsur plusieurs lignes -->\n\n",
    "Paragraph in English, followed directly by a list:\n- item\n- item\n\n",
    "### Une section\n\nLe même titre une deuxième fois : son id change.\n\n",
  };
  static const char *site_parts[] = {
    "{{< figure src=\"a.png\" >}}\n\nUn paragraphe avec `{{< pas un shortcode >}}` dans du code.\n\n",
    "{% raw %}{{ page.title }}{% endraw %} et {% highlight ruby %}\nputs 1\n\nputs 2\n{% endhighlight %}\n\n",
  };
  GString *post = g_string_new (NULL);

  for (guint i = 0; i < 6; i++)
    {
      for (guint j = 0; j < G_N_ELEMENTS (parts); j++)
        g_string_append (post, parts[(i * 5 + j) % G_N_ELEMENTS (parts)]);
      /* Hugo's shortcodes, Jekyll's Liquid */
      if (shortcodes)
        g_string_append (post, site_parts[i % G_N_ELEMENTS (site_parts)]);
    }
  return g_string_free (post, FALSE);
}

static void
test_own_post (void)
{
  g_autofree char *post = make_post (FALSE);
  g_autofree char *site_post = make_post (TRUE);
  Tally tally = { 0, };
  Tally site = { 0, };

  run_edits (post, 1500, 0, 1, &tally);
  run_edits (post, 1500, BILLET_MARKDOWN_UNSAFE, 2, &tally);
  g_test_message ("%u of %u edits updated without a whole parse", tally.updated, tally.edits);
  /* The update is what a typing author gets most of the time. */
  g_assert_cmpuint (tally.updated * 2, >, tally.edits);

  /* Where shortcodes or Liquid are masked, less often. */
  run_edits (site_post, 1000, 0, 3, &site);
  run_edits (site_post, 1000, BILLET_MARKDOWN_LIQUID, 4, &site);
  g_test_message ("with shortcodes and Liquid: %u of %u", site.updated, site.edits);
  g_assert_cmpuint (site.updated, >, 0);
}

/* Hugo's documentation and Jekyll's posts, where they are. */
static void
test_corpora (void)
{
  const char *root = g_getenv ("BILLET_CORPORA");
  const char *subs[] = { "hugo-docs", "jekyll-posts" };
  const char *suffixes[] = { ".md", ".markdown", NULL };
  Tally tally = { 0, };
  guint files = 0;

  if (root == NULL)
    {
      g_test_skip ("BILLET_CORPORA is not set");
      return;
    }
  for (guint s = 0; s < G_N_ELEMENTS (subs); s++)
    {
      g_autofree char *dir = g_build_filename (root, subs[s], NULL);
      g_autoptr(GPtrArray) paths = billet_test_collect_files (dir, suffixes);

      /* Every seventh file: about a hundred and fifty. */
      for (guint i = 0; i < paths->len; i += 7)
        {
          g_autofree char *contents = NULL;
          gsize len;

          if (!g_file_get_contents (g_ptr_array_index (paths, i), &contents, &len, NULL) ||
              !g_utf8_validate (contents, (gssize) len, NULL))
            continue;
          run_edits (contents, 40, BILLET_MARKDOWN_UNSAFE, i + 10, &tally);
          files++;
        }
    }
  if (files == 0)
    {
      g_test_skip ("no corpora found");
      return;
    }
  g_test_message ("%u files, %u of %u edits updated without a whole parse", files, tally.updated, tally.edits);
  g_assert_cmpuint (tally.updated, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/billet/markdown-update/own-post", test_own_post);
  g_test_add_func ("/billet/markdown-update/corpora", test_corpora);

  return g_test_run ();
}
