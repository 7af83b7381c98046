/* test-check.c — the site check's engine: its link scanner, and findings
 * delivered progressively as a window's view would take them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "billet-check.h"
#include "billet-link-scan.h"
#include "billet-test-utils.h"

/* Scanner */

typedef struct
{
  const char     *name;
  const char     *text;
  const char     *expected;  /* "KIND target LINE:COL[ no-alt]" per link, "|"-separated */
} ScanCase;

static const ScanCase scan_cases[] = {
  { "inline", "A [link](a.md) and ![alt](i.png \"t\").\n",
    "link a.md 1:3|image i.png 1:20" },
  { "empty-alt", "![](x.png) ![ ](y.png)\n", "image x.png 1:1 no-alt|image y.png 1:12 no-alt" },
  { "angle-and-parens", "[a](<a b.md>) [p](f(1).md)\n", "link a b.md 1:1|link f(1).md 1:15" },
  { "image-in-link", "[![Logo](logo.png)](https://e.org)\n", "image logo.png 1:2|link https://e.org 1:1" },
  { "code-span", "`[no](no.md)` and ``a ` [no](no.md)`` [yes](y.md)\n", "link y.md 1:39" },
  { "fenced", "```\n[no](no.md)\n```\n~~~md\n![no](n.png)\n~~~\n[yes](y.md)\n", "link y.md 7:1" },
  { "indented", "Para\n\n    [no](no.md)\n# Title\n    [no](no2.md)\n\n[yes](y.md)\n", "link y.md 7:1" },
  { "list-continuation", "- item\n\n    [yes](y.md)\n", "link y.md 3:5" },
  { "comment", "<!-- [no](no.md)\n[no](no2.md) --> [yes](y.md)\n", "link y.md 2:18" },
  { "escaped", "\\[no](no.md) \\![a](y.png)\n", "link y.png 1:16" },
  { "definition", "[ref]: /posts/a/ \"Title\"\n[^1]: a note\n", "link /posts/a/ 1:1" },
  { "html", "<img src=\"a.png\"> <img alt=\"\" src='b.png'> <a href=\"c.md\">c</a>\n",
    "image a.png 1:1 no-alt|image b.png 1:19|link c.md 1:44" },
  { "accents-count-as-characters", "Été [a](a.md)\n", "link a.md 1:5" },
  { "hugo", "{{< ref \"a.md\" >}} {{% relref path=\"b#x\" lang=\"fr\" %}} {{</* ref \"no.md\" */>}}\n"
            "{{< figure src=\"f.png\" alt=\"F\" >}} {{< youtube id >}}\n",
    "ref a.md 1:1|ref b#x 1:20|image f.png 2:1" },
  { "liquid", "{% post_url 2024-01-01-a %} {% link _posts/b.md %} {% link {{ page.x }} %}\n"
              "{% raw %}{% post_url 1999-01-01-no %}{% endraw %}\n",
    "post_url 2024-01-01-a 1:1|link_tag _posts/b.md 1:29" },
};

static const char *
kind_name (BilletLinkKind kind)
{
  switch (kind)
    {
    case BILLET_LINK_MARKDOWN: return "link";
    case BILLET_LINK_IMAGE: return "image";
    case BILLET_LINK_HUGO_REF: return "ref";
    case BILLET_LINK_JEKYLL_POST_URL: return "post_url";
    case BILLET_LINK_JEKYLL_LINK: return "link_tag";
    default: return "?";
    }
}

static void
test_scan (gconstpointer data)
{
  const ScanCase *c = data;
  BilletLinkScanFlags flags = BILLET_LINK_SCAN_DEFAULT;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GString) got = g_string_new (NULL);

  if (g_str_equal (c->name, "hugo"))
    flags |= BILLET_LINK_SCAN_HUGO;
  if (g_str_equal (c->name, "liquid"))
    flags |= BILLET_LINK_SCAN_LIQUID;
  links = billet_link_scan (c->text, strlen (c->text), flags, NULL);
  for (guint i = 0; i < links->len; i++)
    {
      BilletLink *link = g_ptr_array_index (links, i);

      g_string_append_printf (got, "%s%s %s %u:%u%s", i > 0 ? "|" : "", kind_name (link->kind),
                              link->target, link->line, link->column, link->no_alt ? " no-alt" : "");
    }
  g_assert_cmpstr (got->str, ==, c->expected);
}

/* The ids raw HTML gives, which anchors reach. */
static void
test_scan_html_ids (void)
{
  const char *text = "<a name=\"top\"></a>\n<div id='box'>x</div> <span data-id=\"no\">\n";
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) links = billet_link_scan (text, strlen (text), BILLET_LINK_SCAN_DEFAULT, ids);

  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "top");
  g_assert_cmpstr (g_ptr_array_index (ids, 1), ==, "box");
}

/* Progressive delivery */

typedef struct
{
  GMutex     lock;
  GThread   *caller;
  guint      calls;
  guint      done_calls;
  gboolean   after_done;      /* a call came after the one with done */
  gboolean   on_caller;       /* a call came on the caller's thread */
  guint      early_alt;       /* missing-alt findings before the last call */
  guint      early_links;     /* broken-link findings before the last call */
  guint      last_links;
  gboolean   destroyed;
} Progress;

static void
on_findings (BilletCheck *check,
             GPtrArray   *findings,
             gboolean     done,
             gpointer     user_data)
{
  Progress *progress = user_data;

  g_mutex_lock (&progress->lock);
  progress->calls++;
  if (progress->done_calls > 0)
    progress->after_done = TRUE;
  if (g_thread_self () == progress->caller)
    progress->on_caller = TRUE;
  for (guint i = 0; i < findings->len; i++)
    {
      BilletFinding *finding = g_ptr_array_index (findings, i);

      if (g_str_equal (finding->id, "missing-alt") && !done)
        progress->early_alt++;
      if (g_str_equal (finding->id, "broken-link"))
        {
          if (done)
            progress->last_links++;
          else
            progress->early_links++;
        }
    }
  if (done)
    progress->done_calls++;
  g_mutex_unlock (&progress->lock);
  g_ptr_array_unref (findings);
}

static void
on_destroy (gpointer user_data)
{
  Progress *progress = user_data;

  g_mutex_lock (&progress->lock);
  progress->destroyed = TRUE;
  g_mutex_unlock (&progress->lock);
}

static char *
make_site (guint n_posts)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("billet-check-XXXXXX", &error);

  g_assert_no_error (error);
  billet_test_write_file (dir, "hugo.toml", "title = \"T\"\n");
  for (guint i = 0; i < n_posts; i++)
    {
      g_autofree char *name = g_strdup_printf ("content/posts/p%03u.md", i);
      g_autofree char *text = g_strdup_printf ("---\ntitle: P%u\ndescription: D\n---\n"
                                               "![](/nowhere-alt.png) [n](n%u.md)\n", i, i);

      billet_test_write_file (dir, name, text);
    }
  return dir;
}

/* What concerns one post arrives as it is read, on worker threads; what
 * is between posts in the last call; nothing after it. */
static void
test_progressive (void)
{
  g_autofree char *dir = make_site (200);
  g_autoptr(GError) error = NULL;
  g_autoptr(BilletCheck) check = billet_check_new (dir, &error);
  Progress progress = { 0 };

  g_assert_no_error (error);
  g_mutex_init (&progress.lock);
  progress.caller = g_thread_self ();
  billet_check_start (check, on_findings, &progress, on_destroy);
  billet_check_wait (check);

  g_assert_false (progress.on_caller);
  g_assert_cmpuint (progress.done_calls, ==, 1);
  g_assert_false (progress.after_done);
  g_assert_true (progress.destroyed);
  /* 200 posts, 32 a task: several calls before the last. */
  g_assert_cmpuint (progress.calls, >, 2);
  g_assert_cmpuint (progress.early_alt, ==, 200);
  g_assert_cmpuint (progress.early_links, ==, 0);
  g_assert_cmpuint (progress.last_links, ==, 200);
  g_mutex_clear (&progress.lock);
  billet_test_remove_tree (dir);
}

/* Cancelled at once: the last call still comes, once. */
static void
test_cancel (void)
{
  g_autofree char *dir = make_site (100);
  g_autoptr(GError) error = NULL;
  g_autoptr(BilletCheck) check = billet_check_new (dir, &error);
  Progress progress = { 0 };

  g_assert_no_error (error);
  g_mutex_init (&progress.lock);
  billet_check_start (check, on_findings, &progress, on_destroy);
  billet_check_cancel (check);
  billet_check_wait (check);
  g_assert_cmpuint (progress.done_calls, ==, 1);
  g_assert_false (progress.after_done);
  g_assert_true (progress.destroyed);
  g_mutex_clear (&progress.lock);
  billet_test_remove_tree (dir);
}

/* Sorted by path and line, whichever worker finished first. */
static void
test_run_sorted (void)
{
  g_autofree char *dir = make_site (70);
  g_autoptr(GError) error = NULL;
  g_autoptr(BilletCheck) check = billet_check_new (dir, &error);
  GPtrArray *findings;

  g_assert_no_error (error);
  billet_check_run (check);
  findings = billet_check_get_findings (check);
  /* Each post: an image without alt text, not there either, and a broken link. */
  g_assert_cmpuint (findings->len, ==, 210);
  for (guint i = 1; i < findings->len; i++)
    g_assert_cmpint (billet_finding_compare (&findings->pdata[i - 1], &findings->pdata[i]), <, 0);
  g_assert_cmpstr (((BilletFinding *) findings->pdata[0])->path, ==, "content/posts/p000.md");
  billet_test_remove_tree (dir);
}

static char *
format_findings (GPtrArray *findings)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < findings->len; i++)
    {
      BilletFinding *finding = g_ptr_array_index (findings, i);

      g_string_append_printf (out, "%s:%u:%u %s %s\n", finding->path, finding->line, finding->column,
                              finding->id, finding->message);
    }
  return g_string_free (out, FALSE);
}

/* A check again after saves reads only the posts saved, and finds what a
 * whole check finds: their own findings and those between posts. */
static void
test_update (void)
{
  g_autofree char *dir = make_site (40);
  g_autofree char *p005 = g_build_filename (dir, "content/posts/p005.md", NULL);
  g_autofree char *p007 = g_build_filename (dir, "content/posts/p007.md", NULL);
  g_autofree char *p008 = g_build_filename (dir, "content/posts/p008.md", NULL);
  g_autofree char *fresh_path = g_build_filename (dir, "content/posts/fresh.md", NULL);
  g_autofree char *before = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *whole = NULL;
  const char *changed[] = { p005, p007, p008, NULL };
  const char *unknown[] = { p005, fresh_path, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(BilletCheck) check = billet_check_new (dir, &error);
  g_autoptr(BilletCheck) update = NULL;
  g_autoptr(BilletCheck) again = NULL;
  g_autoptr(BilletCheck) full = NULL;

  g_assert_no_error (error);
  billet_check_set_keep (check, TRUE);
  billet_check_run (check);
  before = format_findings (billet_check_get_findings (check));

  /* p005 mended; p007 and p008 now share a URL (between posts). */
  billet_test_write_file (dir, "content/posts/p005.md", "---\ntitle: P5\ndescription: D\n---\nMended.\n");
  billet_test_write_file (dir, "content/posts/p007.md", "---\ntitle: P7\ndescription: D\nurl: /same/\n---\nA.\n");
  billet_test_write_file (dir, "content/posts/p008.md", "---\ntitle: P8\ndescription: D\nurl: /same/\n---\nB.\n");

  update = billet_check_new_update (check, changed);
  g_assert_nonnull (update);
  /* Its posts are the update's now. */
  g_assert_null (billet_check_new_update (check, changed));
  billet_check_run (update);
  updated = format_findings (billet_check_get_findings (update));

  full = billet_check_new (dir, &error);
  g_assert_no_error (error);
  billet_check_run (full);
  whole = format_findings (billet_check_get_findings (full));
  g_assert_cmpstr (updated, ==, whole);
  g_assert_cmpstr (updated, !=, before);
  g_assert_nonnull (strstr (updated, "duplicate-url"));
  g_assert_null (strstr (updated, "content/posts/p005.md:"));

  /* A post it does not know (a new one): a whole check only. */
  billet_test_write_file (dir, "content/posts/fresh.md", "---\ntitle: F\ndescription: D\n---\nF.\n");
  g_assert_null (billet_check_new_update (update, unknown));
  /* It can be updated again. */
  again = billet_check_new_update (update, changed);
  g_assert_nonnull (again);
  billet_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (scan_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/billet/check/scan/%s", scan_cases[i].name);

      g_test_add_data_func (path, &scan_cases[i], test_scan);
    }
  g_test_add_func ("/billet/check/scan/html-ids", test_scan_html_ids);
  g_test_add_func ("/billet/check/progressive", test_progressive);
  g_test_add_func ("/billet/check/cancel", test_cancel);
  g_test_add_func ("/billet/check/run-sorted", test_run_sorted);
  g_test_add_func ("/billet/check/update", test_update);
  return g_test_run ();
}
