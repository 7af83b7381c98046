/* test-outline.c — a post's headings as a tree, from the preview's blocks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "billet-markdown.h"
#include "billet-outline.h"

/* The outline of @body, made against @previous as a render makes it. */
static BilletOutline *
outline_made (const char          *body,
              BilletMarkdownFlags  flags,
              BilletOutline       *previous)
{
  g_autoptr(GPtrArray) blocks = billet_markdown_to_blocks (body, strlen (body), flags, NULL);

  return billet_outline_new_from_blocks (blocks, previous);
}

static BilletOutline *
outline_of (const char          *body,
            BilletMarkdownFlags  flags)
{
  return outline_made (body, flags, NULL);
}

/* "depth|text|line|id" per heading, one a line: what the outline shows. */
static char *
describe (const BilletOutline *outline)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < billet_outline_get_n_headings (outline); i++)
    {
      const BilletOutlineHeading *heading = billet_outline_get_heading (outline, i);

      g_string_append_printf (out, "%u|%s|%u|%s\n", heading->depth, heading->text,
                              heading->line, heading->id != NULL ? heading->id : "(none)");
    }
  return g_string_free (out, FALSE);
}

static const char BODY[] =
  "Intro paragraph.\n"                          /* 1 */
  "\n"
  "# Avant le *départ*\n"                       /* 3 */
  "\n"
  "Text.\n"
  "\n"
  "```sh\n"                                     /* 7 */
  "# not a heading: a shell comment\n"
  "```\n"
  "\n"
  "## Le matériel `tent` {#gear}\n"             /* 11 */
  "\n"
  "> # In a quote: part of the quote\n"         /* 13 */
  "\n"
  "#### Skipped a level\n"                      /* 15 */
  "\n"
  "### Then back\n"                             /* 17 */
  "\n"
  "Setext heading\n"                            /* 19 */
  "==============\n"
  "\n"
  "## Photos ![a tent](tent.jpg) {{< figure src=\"x.jpg\" >}}\n" /* 22 */
  "\n"
  "    # indented code, no heading\n";

static void
test_tree (void)
{
  g_autoptr(BilletOutline) outline = outline_of (BODY, BILLET_MARKDOWN_DEFAULT);
  g_autofree char *shown = describe (outline);

  g_assert_cmpstr (shown, ==,
                   "0|Avant le départ|3|avant-le-départ\n"
                   "1|Le matériel tent|11|gear\n"
                   "2|Skipped a level|15|skipped-a-level\n"
                   "2|Then back|17|then-back\n"
                   "0|Setext heading|19|setext-heading\n"
                   "1|Photos a tent|22|photos-a-tenttentjpg\n");
  g_assert_cmpint (billet_outline_get_heading (outline, 3)->parent, ==, 1);
  g_assert_cmpint (billet_outline_get_heading (outline, 4)->parent, ==, -1);
  g_assert_cmpint (billet_outline_get_heading (outline, 5)->parent, ==, 4);
}

static void
test_kramdown_ids (void)
{
  g_autoptr(BilletOutline) outline = outline_of ("# Déjà vu -- encore\n", BILLET_MARKDOWN_KRAMDOWN_IDS);

  g_assert_cmpuint (billet_outline_get_n_headings (outline), ==, 1);
  g_assert_cmpstr (billet_outline_get_heading (outline, 0)->text, ==, "Déjà vu -- encore");
  g_assert_cmpstr (billet_outline_get_heading (outline, 0)->id, ==, "déjà-vu--encore");
}

static void
test_find_line (void)
{
  g_autoptr(BilletOutline) outline = outline_of (BODY, BILLET_MARKDOWN_DEFAULT);
  g_autoptr(BilletOutline) empty = outline_of ("Just text.\n", BILLET_MARKDOWN_DEFAULT);

  g_assert_cmpint (billet_outline_find_line (outline, 1), ==, -1);
  g_assert_cmpint (billet_outline_find_line (outline, 2), ==, -1);
  g_assert_cmpint (billet_outline_find_line (outline, 3), ==, 0);
  g_assert_cmpint (billet_outline_find_line (outline, 10), ==, 0);
  g_assert_cmpint (billet_outline_find_line (outline, 11), ==, 1);
  g_assert_cmpint (billet_outline_find_line (outline, 18), ==, 3);
  g_assert_cmpint (billet_outline_find_line (outline, 1000), ==, 5);
  g_assert_cmpuint (billet_outline_get_n_headings (empty), ==, 0);
  g_assert_cmpint (billet_outline_find_line (empty, 5), ==, -1);
}

static void
test_same_tree (void)
{
  g_autoptr(BilletOutline) before = outline_of ("# One\n\nText.\n\n## Two\n", BILLET_MARKDOWN_DEFAULT);
  g_autoptr(BilletOutline) typed = outline_of ("# One\n\nText, more text.\n\nAnd more.\n\n## Two\n", BILLET_MARKDOWN_DEFAULT);
  g_autoptr(BilletOutline) renamed = outline_of ("# One\n\nText.\n\n## Three\n", BILLET_MARKDOWN_DEFAULT);
  g_autoptr(BilletOutline) level = outline_of ("# One\n\nText.\n\n### Two\n", BILLET_MARKDOWN_DEFAULT);

  /* Lines moved: the same tree, its rows can stay. */
  g_assert_cmpuint (billet_outline_get_heading (typed, 1)->line, ==, 7);
  g_assert_true (billet_outline_same_tree (before, typed));
  g_assert_false (billet_outline_same_tree (before, renamed));
  g_assert_false (billet_outline_same_tree (before, level));
  g_assert_false (billet_outline_same_tree (before, NULL));
}

static BilletOutline *
outline_after (const char    *body,
               BilletOutline *previous)
{
  return outline_made (body, BILLET_MARKDOWN_DEFAULT, previous);
}

/* Made against the render before, as the preview makes it: the same
 * outline when nothing moved (the window then has nothing to do), the
 * same texts when only lines moved, a new one otherwise. */
static void
test_previous (void)
{
  g_autoptr(BilletOutline) before = outline_after ("# One\n\nText.\n\n## Two\n", NULL);
  g_autoptr(BilletOutline) typed = outline_after ("# One\n\nText, typed.\n\n## Two\n", before);
  g_autoptr(BilletOutline) moved = outline_after ("# One\n\nText.\n\nMore.\n\n## Two\n", before);
  g_autoptr(BilletOutline) renamed = outline_after ("# One\n\nText.\n\n## Twice\n", moved);
  g_autofree char *moved_text = NULL;

  g_assert_true (typed == before);
  g_assert_true (moved != before);
  g_assert_cmpuint (billet_outline_get_heading (moved, 1)->line, ==, 7);
  g_assert_cmpuint (billet_outline_get_heading (before, 1)->line, ==, 5);
  g_assert_true (billet_outline_same_tree (before, moved));
  moved_text = describe (moved);
  g_assert_cmpstr (moved_text, ==, "0|One|1|one\n1|Two|7|two\n");
  g_assert_false (billet_outline_same_tree (moved, renamed));
  g_assert_cmpstr (billet_outline_get_heading (renamed, 1)->text, ==, "Twice");

  /* The texts outlive the outline they were made for. */
  g_clear_pointer (&before, billet_outline_unref);
  g_clear_pointer (&typed, billet_outline_unref);
  g_assert_cmpstr (billet_outline_get_heading (moved, 0)->text, ==, "One");
  g_assert_cmpstr (billet_outline_get_heading (moved, 1)->id, ==, "two");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/billet/outline/tree", test_tree);
  g_test_add_func ("/billet/outline/kramdown-ids", test_kramdown_ids);
  g_test_add_func ("/billet/outline/find-line", test_find_line);
  g_test_add_func ("/billet/outline/same-tree", test_same_tree);
  g_test_add_func ("/billet/outline/previous", test_previous);

  return g_test_run ();
}
