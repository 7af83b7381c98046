/* test-cli-site.c — `billet list`, `billet export FOLDER` and `billet check FOLDER`, run as a user runs them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case writes a small Hugo site into a fresh g_dir_make_tmp() folder and
 * spawns the built `billet` (BILLET_BINARY) with a 20 s alarm, as test-cli.c
 * does.
 */

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "billet-test-utils.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_free (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static void
child_setup (gpointer data)
{
  alarm (20);
}

static Run *
run_argv (const char         *dir,
          const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("BILLET_BINARY");
  Run *run = g_new0 (Run, 1);
  int wait_status = 0;

  if (binary == NULL)
    g_error ("BILLET_BINARY is not set; run this test through meson test");
  g_ptr_array_add (argv, (char *) binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  env = g_environ_unsetenv (env, "LANGUAGE");
  env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
  g_spawn_sync (dir, (char **) argv->pdata, env, G_SPAWN_DEFAULT, child_setup, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
  g_test_message ("billet %s → %d\nstdout: %.300s\nstderr: %s", args[0], run->status, run->out, run->err);
  return run;
}

#define RUN(dir, ...) run_argv ((dir), (const char * const []) { __VA_ARGS__, NULL })

static void
write_file (const char *dir,
            const char *name,
            const char *data)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_file_set_contents (path, data, -1, &error);
  g_assert_no_error (error);
}

static char *
read_text (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_file_get_contents (path, &data, NULL, &error);
  g_assert_no_error (error);
  return data;
}

static gboolean
exists (const char *dir,
        const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
workspace_free (char *dir)
{
  billet_test_remove_tree (dir);
  g_free (dir);
}

typedef char Workspace;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Workspace, workspace_free)

/* The fixture: a Hugo site with a bundle, images, tags, a draft, a future
 * post, an invalid post and titles that need escaping. */
static char *
make_site (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("billet-cli-site-XXXXXX", &error);

  g_assert_no_error (error);
  write_file (dir, "site/hugo.toml", "title = \"Le site\"\nlanguageCode = \"fr\"\n");
  write_file (dir, "site/static/images/logo.png", "LOGO");
  write_file (dir, "site/content/posts/a.md",
              "---\ntitle: Premier\ndate: 2024-03-02\ntags: [Été, code]\ndescription: Le premier billet\n---\n"
              "![pic](img/pic.png) ![logo](/images/logo.png) ![far](https://example.org/x.png)\n"
              "![out](../../../../etc/passwd)\n");
  write_file (dir, "site/content/posts/img/pic.png", "PIC");
  write_file (dir, "site/content/posts/b.md",
              "---\ntitle: \"Tab\\there \\\"quoted\\\" back\\\\slash\"\ndate: 2024-03-01\ntags: code\n---\nB\n");
  write_file (dir, "site/content/posts/bundle/index.md",
              "---\ntitle: Bundle\ndate: 2024-03-03\ndescription: Avec une photo\n---\n![p](photo.png)\n");
  write_file (dir, "site/content/posts/bundle/photo.png", "PHOTO");
  write_file (dir, "site/content/posts/bundle/files/doc.pdf", "PDF");
  write_file (dir, "site/content/posts/draft.md", "---\ntitle: Brouillon\ndraft: true\ndate: 2024-03-04\n---\n");
  write_file (dir, "site/content/posts/future.md", "---\ntitle: Futur\ndate: 2999-01-01\n---\n");
  write_file (dir, "site/content/posts/c.md", "# Sans date\n\nC\n");
  return dir;
}

static void
add_invalid (const char *dir)
{
  write_file (dir, "site/content/posts/bad.md", "---\ntitle: ok\ntags: [a, b\n---\nBody\n");
}

static void
test_list_tsv (void)
{
  g_autoptr(Workspace) dir = make_site ();
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) bad = NULL;
  g_auto(GStrv) lines = NULL;

  run = RUN (dir, "list", "site");
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
  lines = g_strsplit (run->out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 6 + 1);
  g_assert_cmpstr (lines[0], ==, "content/posts/future.md\t2999-01-01\tfalse\tFutur\t\tfr\t");
  g_assert_cmpstr (lines[1], ==, "content/posts/draft.md\t2024-03-04\ttrue\tBrouillon\t\tfr\t");
  g_assert_cmpstr (lines[2], ==, "content/posts/bundle/index.md\t2024-03-03\tfalse\tBundle\t\tfr\t");
  g_assert_cmpstr (lines[3], ==, "content/posts/a.md\t2024-03-02\tfalse\tPremier\tÉté, code\tfr\t");
  g_assert_cmpstr (lines[4], ==,
                   "content/posts/b.md\t2024-03-01\tfalse\tTab\\there \"quoted\" back\\\\slash\tcode\tfr\t");
  g_assert_cmpstr (lines[5], ==, "content/posts/c.md\t\tfalse\tSans date\t\tfr\t");
  g_assert_cmpstr (lines[6], ==, "");

  /* A content folder lists paths relative to itself. */
  {
    g_autoptr(Run) sub = RUN (dir, "list", "site/content/posts");

    g_assert_cmpint (sub->status, ==, 0);
    g_assert_true (g_str_has_prefix (sub->out, "future.md\t"));
  }

  add_invalid (dir);
  bad = RUN (dir, "list", "site");
  g_assert_cmpint (bad->status, ==, 1);
  g_assert_nonnull (strstr (bad->out, "content/posts/bad.md\t\tfalse\tbad\t\tfr\t\n"));
  g_assert_true (g_str_has_prefix (bad->err, "site/content/posts/bad.md:3:7: "));
}

static void
test_list_json (void)
{
  g_autoptr(Workspace) dir = make_site ();
  g_autoptr(Run) run = RUN (dir, "list", "site", "--format", "json");
  g_autoptr(GError) error = NULL;
  g_autofree char *json_path = g_build_filename (dir, "list.json", NULL);
  g_autofree char *check_out = NULL;
  g_autofree char *python = NULL;
  int wait_status = 0;
  const char *check[] = {
    "python3", "-c",
    "import json, sys\n"
    "posts = json.load(open(sys.argv[1], encoding='utf-8'))\n"
    "assert isinstance(posts, list) and len(posts) == 6, posts\n"
    "for p in posts: assert set(p) == {'path', 'date', 'draft', 'title', 'tags', 'lang', 'collection'}, p\n"
    "b = [p for p in posts if p['path'] == 'content/posts/b.md'][0]\n"
    "assert b['title'] == 'Tab\\there \"quoted\" back\\\\slash', b\n"
    "assert b['tags'] == ['code'] and b['draft'] is False and b['date'] == '2024-03-01'\n"
    "a = [p for p in posts if p['path'] == 'content/posts/a.md'][0]\n"
    "assert a['tags'] == ['Été', 'code'], a\n"
    "assert [p for p in posts if p['path'].endswith('c.md')][0]['date'] is None\n"
    "assert [p for p in posts if p['path'].endswith('draft.md')][0]['draft'] is True\n"
    "assert all(p['collection'] is None for p in posts), posts\n"
    "print('ok')\n",
    json_path, NULL
  };

  g_assert_cmpint (run->status, ==, 0);
  g_file_set_contents (json_path, run->out, -1, &error);
  g_assert_no_error (error);

  python = g_find_program_in_path ("python3");
  if (python == NULL)
    {
      g_test_skip ("python3 is missing: the JSON is not validated");
      return;
    }
  g_spawn_sync (NULL, (char **) check, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &check_out, NULL, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (check_out, ==, "ok\n");

  {
    g_autoptr(Run) empty = NULL;

    write_file (dir, "empty/readme.txt", "nothing");
    empty = RUN (dir, "list", "empty", "--format", "json");
    g_assert_cmpint (empty->status, ==, 0);
    g_assert_cmpstr (empty->out, ==, "[]\n");
  }
}

/* A list reads each post only as far as its front matter (and the first
 * heading, for a post without a title): a stray byte far in a body is
 * billet check's to report, not a reason for list to fail. */
static void
test_list_front_matter_only (void)
{
  g_autoptr(Workspace) dir = make_site ();
  g_autoptr(GString) post = g_string_new ("---\ntitle: Long\ndate: 2024-03-05\n---\n");
  g_autoptr(GString) untitled = g_string_new ("---\ndate: 2024-02-01\n---\n");
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) check = NULL;

  for (guint i = 0; i < 500; i++)
    g_string_append (post, "Une ligne du corps, en UTF-8 : déjà, été.\n");
  g_string_append (post, "caf\xe9\n");
  write_file (dir, "site/content/posts/long.md", post->str);
  for (guint i = 0; i < 500; i++)
    g_string_append (untitled, "Du texte avant le titre.\n");
  g_string_append (untitled, "# Le titre, loin\n");
  write_file (dir, "site/content/posts/untitled.md", untitled->str);

  run = RUN (dir, "list", "site");
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_nonnull (strstr (run->out, "content/posts/long.md\t2024-03-05\tfalse\tLong\t\tfr\t\n"));
  g_assert_nonnull (strstr (run->out, "content/posts/untitled.md\t2024-02-01\tfalse\tLe titre, loin\t\tfr\t\n"));

  check = RUN (dir, "check", "site/content/posts/long.md");
  g_assert_cmpint (check->status, ==, 1);
  g_assert_true (g_str_has_prefix (check->err, "site/content/posts/long.md:505:4: "));
}

static void
test_list_usage (void)
{
  g_autoptr(Workspace) dir = make_site ();
  g_autoptr(Run) format = RUN (dir, "list", "site", "--format", "xml");
  g_autoptr(Run) none = RUN (dir, "list");
  g_autoptr(Run) missing = RUN (dir, "list", "nowhere");

  g_assert_cmpint (format->status, ==, 2);
  g_assert_cmpint (none->status, ==, 2);
  g_assert_cmpint (missing->status, ==, 2);
  g_assert_cmpstr (missing->out, ==, "");
}

/* The index's links, in order. */
static GPtrArray *
index_links (const char *html)
{
  GPtrArray *links = g_ptr_array_new_with_free_func (g_free);
  const char *p = html;

  while ((p = strstr (p, "<h2><a href=\"")) != NULL)
    {
      const char *start = p + strlen ("<h2><a href=\"");
      const char *end = strchr (start, '"');

      g_ptr_array_add (links, g_strndup (start, end - start));
      p = end;
    }
  return links;
}

static void
test_export (void)
{
  g_autoptr(Workspace) dir = make_site ();
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) drafts = NULL;
  g_autofree char *index = NULL;
  g_autofree char *tag = NULL;
  g_autofree char *page = NULL;
  g_autoptr(GPtrArray) links = NULL;

  add_invalid (dir);
  run = RUN (dir, "export", "site", "-o", "out");
  g_assert_cmpint (run->status, ==, 1);
  g_assert_true (g_str_has_prefix (run->err, "site/content/posts/bad.md:3:7: "));
  g_assert_null (strchr (strchr (run->err, '\n') + 1, '\n'));

  g_assert_true (exists (dir, "out/posts/a.html"));
  g_assert_true (exists (dir, "out/posts/b.html"));
  g_assert_true (exists (dir, "out/posts/c.html"));
  g_assert_true (exists (dir, "out/posts/bundle/index.html"));
  g_assert_true (exists (dir, "out/posts/bundle/photo.png"));
  g_assert_true (exists (dir, "out/posts/bundle/files/doc.pdf"));
  g_assert_true (exists (dir, "out/posts/img/pic.png"));
  g_assert_true (exists (dir, "out/images/logo.png"));
  g_assert_false (exists (dir, "out/posts/bad.html"));
  g_assert_false (exists (dir, "out/posts/draft.html"));
  g_assert_false (exists (dir, "out/posts/future.html"));
  g_assert_false (exists (dir, "out/etc"));
  g_assert_false (exists (dir, "etc"));

  page = read_text (dir, "out/posts/a.html");
  g_assert_nonnull (strstr (page, "<html lang=\"fr\""));
  g_assert_nonnull (strstr (page, "<title>Premier</title>"));

  index = read_text (dir, "out/index.html");
  g_assert_true (g_str_has_prefix (index, "<!DOCTYPE html>\n<html lang=\"fr\""));
  g_assert_nonnull (strstr (index, "<title>Le site</title>"));
  g_assert_nonnull (strstr (index, "Le premier billet"));
  g_assert_nonnull (strstr (index, "Avec une photo"));
  links = index_links (index);
  g_assert_cmpuint (links->len, ==, 4);
  g_assert_cmpstr (links->pdata[0], ==, "posts/bundle/index.html");
  g_assert_cmpstr (links->pdata[1], ==, "posts/a.html");
  g_assert_cmpstr (links->pdata[2], ==, "posts/b.html");
  g_assert_cmpstr (links->pdata[3], ==, "posts/c.html");
  g_assert_nonnull (strstr (index, "href=\"tags/ete/index.html\""));
  g_assert_nonnull (strstr (index, "href=\"tags/code/index.html\""));

  tag = read_text (dir, "out/tags/code/index.html");
  g_assert_nonnull (strstr (tag, "href=\"../../posts/a.html\""));
  g_assert_nonnull (strstr (tag, "href=\"../../posts/b.html\""));
  g_assert_null (strstr (tag, "posts/c.html"));
  g_assert_nonnull (strstr (tag, "href=\"../../index.html\""));
  g_assert_true (exists (dir, "out/tags/ete/index.html"));

  drafts = RUN (dir, "export", "site", "-o", "out-drafts", "--drafts");
  g_assert_cmpint (drafts->status, ==, 1);
  g_assert_true (exists (dir, "out-drafts/posts/draft.html"));
  g_assert_true (exists (dir, "out-drafts/posts/future.html"));
}

static void
list_tree (const char *root,
           const char *rel,
           GPtrArray  *out)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = *rel != '\0' ? g_build_filename (rel, name, NULL) : g_strdup (name);
      g_autofree char *child_path = g_build_filename (root, child, NULL);

      if (g_file_test (child_path, G_FILE_TEST_IS_DIR))
        list_tree (root, child, out);
      else
        g_ptr_array_add (out, g_steal_pointer (&child));
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Two exports give the same files with the same bytes; a second export
 * over the first changes nothing either. */
static void
test_export_deterministic (void)
{
  g_autoptr(Workspace) dir = make_site ();
  g_autoptr(GPtrArray) a = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) b = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out_a = g_build_filename (dir, "a", NULL);
  g_autofree char *out_b = g_build_filename (dir, "b", NULL);

  /* Enough posts for the workers to finish in varying orders. */
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *name = g_strdup_printf ("site/content/posts/gen-%02u.md", i);
      g_autofree char *text = g_strdup_printf ("---\ntitle: Gen %u\ndate: 2023-01-%02u\ntags: [t%u, all]\n---\n"
                                               "# Gen\n\nText *%u*.\n", i, i % 28 + 1, i % 5, i);

      write_file (dir, name, text);
    }
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(Run) ra = RUN (dir, "export", "site", "-o", "a");
      g_autoptr(Run) rb = RUN (dir, "export", "site", "-o", "b");

      g_assert_cmpint (ra->status, ==, 0);
      g_assert_cmpint (rb->status, ==, 0);
    }
  list_tree (out_a, "", a);
  list_tree (out_b, "", b);
  g_ptr_array_sort (a, compare_strings);
  g_ptr_array_sort (b, compare_strings);
  g_assert_cmpuint (a->len, ==, b->len);
  g_assert_cmpuint (a->len, >, 60);
  for (guint i = 0; i < a->len; i++)
    {
      g_autofree char *ta = read_text (out_a, a->pdata[i]);
      g_autofree char *tb = read_text (out_b, b->pdata[i]);

      g_assert_cmpstr (a->pdata[i], ==, b->pdata[i]);
      g_assert_cmpstr (ta, ==, tb);
      /* No temporary file left behind. */
      g_assert_null (strstr (a->pdata[i], ".html."));
    }
}

/* The fixture, with a section that has a tag of its own, tags that need a
 * slug, and enough posts for the export's workers to share them, exported
 * to out/ from an English session. */
static char *
export_larger_site (void)
{
  char *dir = make_site ();
  g_autoptr(Run) run = NULL;

  write_file (dir, "site/content/posts/_index.md", "---\ntitle: Articles\ntags: [rubrique]\n---\nLes articles.\n");
  write_file (dir, "site/content/posts/web.md",
              "---\ntitle: Web\ndate: 2024-05-01T09:00:00+02:00\ntags: [Développement web, code]\n---\nTexte.\n");
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *name = g_strdup_printf ("site/content/posts/gen/p%02u.md", i);
      g_autofree char *text = g_strdup_printf ("---\ntitle: Gen %u\ndate: 2023-01-%02u\ntags: [t%u]\n---\nTexte %u.\n",
                                               i, i % 28 + 1, i % 3, i);

      write_file (dir, name, text);
    }
  run = RUN (dir, "export", "site", "-o", "out");
  g_assert_cmpint (run->status, ==, 0);
  return dir;
}

/* The pages the export wrote, relative to out/. */
static GPtrArray *
list_pages (const char *out)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *pages = g_ptr_array_new_with_free_func (g_free);

  list_tree (out, "", files);
  for (guint i = 0; i < files->len; i++)
    if (g_str_has_suffix (files->pdata[i], ".html"))
      g_ptr_array_add (pages, g_strdup (files->pdata[i]));
  g_assert_cmpuint (pages->len, >, 40);
  return pages;
}

/* Every word the export writes, and every date, is in the site's language
 * (French here, from an English session), on each page the workers wrote
 * and on the index. */
static void
test_export_page_language (void)
{
  g_autoptr(Workspace) dir = export_larger_site ();
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autoptr(GPtrArray) pages = list_pages (out);
  g_autofree char *a = read_text (out, "posts/a.html");
  g_autofree char *index = read_text (out, "index.html");

  g_assert_nonnull (strstr (a, "<time datetime=\"2024-03-02\">2 mars 2024</time>"));
  g_assert_nonnull (strstr (a, "<ul class=\"post-tags\" aria-label=\"Étiquettes\">"));
  g_assert_nonnull (strstr (index, "<time datetime=\"2024-03-03\">3 mars 2024</time>"));
  g_assert_nonnull (strstr (index, "<time datetime=\"2024-05-01T09:00:00+02:00\">1er mai 2024</time>"));

  for (guint i = 0; i < pages->len; i++)
    {
      const char *page = pages->pdata[i];
      g_autofree char *html = read_text (out, page);

      g_assert_nonnull (strstr (html, "<html lang=\"fr\""));
      g_assert_null (strstr (html, "min read"));
      g_assert_null (strstr (html, "All posts"));
      if (g_str_has_prefix (page, "posts/gen/"))
        {
          g_assert_nonnull (strstr (html, "min de lecture"));
          g_assert_nonnull (strstr (html, " janvier 2023</time>"));
        }
    }
}

/* Every relative link of the page at @page (relative to @out) leads to a
 * file the export wrote; returns how many there are. */
static guint
check_links (const char *out,
             const char *page)
{
  g_autofree char *html = read_text (out, page);
  g_autofree char *page_dir = g_path_get_dirname (page);
  const char *p = html;
  guint n = 0;

  while ((p = strstr (p, "href=\"")) != NULL)
    {
      const char *start = p + strlen ("href=\"");
      const char *end = strchr (start, '"');
      g_autofree char *href = g_strndup (start, end - start);
      g_autofree char *path = NULL;
      g_autofree char *joined = NULL;
      g_autofree char *canonical = NULL;

      p = end;
      if (href[0] == '#' || strchr (href, ':') != NULL)
        continue;
      path = g_uri_unescape_string (href, NULL);
      g_assert_nonnull (path);
      joined = g_build_filename (out, page_dir, path, NULL);
      canonical = g_canonicalize_filename (joined, NULL);
      if (!g_file_test (canonical, G_FILE_TEST_IS_REGULAR))
        g_error ("%s links to %s, which the export did not write", page, href);
      n++;
    }
  return n;
}

/* A post's page leads back to the site: to the index, and to the page of
 * each of its tags, from however deep it is; every link of every page
 * leads to a page the export wrote. */
static void
test_export_site_links (void)
{
  g_autoptr(Workspace) dir = export_larger_site ();
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autoptr(GPtrArray) pages = list_pages (out);
  g_autofree char *a = read_text (out, "posts/a.html");
  g_autofree char *bundle = read_text (out, "posts/bundle/index.html");
  g_autofree char *section = read_text (out, "posts/index.html");

  g_assert_nonnull (strstr (a, "<header class=\"post-header\">\n"
                               "<p class=\"post-meta\"><a href=\"../index.html\">Tous les articles</a></p>\n"
                               "<h1>Premier</h1>\n"));
  g_assert_nonnull (strstr (a, "<ul class=\"post-tags\" aria-label=\"Étiquettes\">"
                               "<li><a href=\"../tags/ete/index.html\">Été</a></li>"
                               "<li><a href=\"../tags/code/index.html\">code</a></li></ul>"));
  g_assert_nonnull (strstr (bundle, "<a href=\"../../index.html\">Tous les articles</a>"));

  /* A section is not listed: its tag has no page, and no link. */
  g_assert_nonnull (strstr (section, "<a href=\"../index.html\">Tous les articles</a>"));
  g_assert_nonnull (strstr (section, "<li>rubrique</li>"));
  g_assert_false (exists (dir, "out/tags/rubrique/index.html"));

  for (guint i = 0; i < pages->len; i++)
    {
      const char *page = pages->pdata[i];

      if (g_str_has_prefix (page, "posts/gen/"))
        {
          g_autofree char *html = read_text (out, page);

          g_assert_nonnull (strstr (html, "<a href=\"../../index.html\">Tous les articles</a>"));
          g_assert_nonnull (strstr (html, "<li><a href=\"../../tags/t"));
        }
      g_assert_cmpuint (check_links (out, page), >, 0);
    }
}

/* A site whose posts have TOML front matter, as Hugo's and Zola's often
 * do: listed and exported with their titles, dates, drafts, tags and
 * descriptions, as YAML posts are. An invalid one is named with its line. */
static void
test_export_toml (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("billet-cli-site-XXXXXX", &error);
  g_autoptr(Workspace) dir = tmp;
  g_autoptr(Run) list = NULL;
  g_autoptr(Run) run = NULL;
  g_autofree char *index = NULL;
  g_autofree char *page = NULL;
  g_autofree char *tag = NULL;
  g_autoptr(GPtrArray) links = NULL;

  g_steal_pointer (&tmp);
  g_assert_no_error (error);
  write_file (dir, "site/hugo.toml", "title = \"Carnets\"\nlanguageCode = \"fr\"\n");
  write_file (dir, "site/content/posts/marche.md",
              "+++\ntitle = \"Le marché d'Apt\"\ndate = 2024-06-01T08:00:00+02:00\n"
              "tags = [\"voyage\", \"Cuisine\"]\nauthors = ['Camille Roux']\n"
              "description = \"\"\"\nLes melons, les cagettes, les platanes.\"\"\"\n"
              "[params]\n  toc = true\n+++\nLe samedi matin.\n");
  write_file (dir, "site/content/posts/giono.md",
              "+++\ntitle = 'Relire Giono'\ndate = 2024-05-01\n[taxonomies]\ntags = [\"lecture\"]\n"
              "+++\nTrente ans après.\n");
  write_file (dir, "site/content/posts/brouillon.md",
              "+++\ntitle = \"Pas encore\"\ndraft = true\ndate = 2024-06-05\n+++\n");
  write_file (dir, "site/content/posts/casse.md",
              "+++\ntitle = \"Cassé\"\ndate = 2024-06-03\ntags = [\"a\"\n+++\nBody\n");

  list = RUN (dir, "list", "site");
  g_assert_cmpint (list->status, ==, 1);
  g_assert_true (g_str_has_prefix (list->err, "site/content/posts/casse.md:4:"));
  g_assert_nonnull (strstr (list->out, "content/posts/brouillon.md\t2024-06-05\ttrue\tPas encore\t\tfr\t\n"));
  g_assert_nonnull (strstr (list->out, "content/posts/marche.md\t2024-06-01T08:00:00+02:00\tfalse\t"
                                       "Le marché d'Apt\tvoyage, Cuisine\tfr\t\n"));
  g_assert_nonnull (strstr (list->out, "content/posts/giono.md\t2024-05-01\tfalse\tRelire Giono\tlecture\tfr\t\n"));

  run = RUN (dir, "export", "site", "-o", "out");
  g_assert_cmpint (run->status, ==, 1);
  g_assert_true (g_str_has_prefix (run->err, "site/content/posts/casse.md:4:"));
  g_assert_false (exists (dir, "out/posts/casse.html"));
  g_assert_false (exists (dir, "out/posts/brouillon.html"));

  page = read_text (dir, "out/posts/marche.html");
  g_assert_nonnull (strstr (page, "<title>Le marché d&#39;Apt</title>"));
  g_assert_nonnull (strstr (page, "<time datetime=\"2024-06-01T08:00:00+02:00\">"));
  g_assert_nonnull (strstr (page, "Camille Roux"));
  g_assert_null (strstr (page, "+++"));
  g_assert_null (strstr (page, "toc = true"));

  index = read_text (dir, "out/index.html");
  g_assert_nonnull (strstr (index, "Les melons, les cagettes, les platanes."));
  links = index_links (index);
  g_assert_cmpuint (links->len, ==, 2);
  g_assert_cmpstr (links->pdata[0], ==, "posts/marche.html");
  g_assert_cmpstr (links->pdata[1], ==, "posts/giono.html");
  g_assert_nonnull (strstr (index, "href=\"tags/cuisine/index.html\""));

  tag = read_text (dir, "out/tags/lecture/index.html");
  g_assert_nonnull (strstr (tag, "href=\"../../posts/giono.html\""));
  g_assert_null (strstr (tag, "marche.html"));
}

/* One post of a site, exported alone: the page takes the site's language
 * when the post names none, and the post's own when it does. */
static void
test_export_post_of_site (void)
{
  g_autoptr(Workspace) dir = make_site ();
  g_autoptr(Run) site_lang = NULL;
  g_autoptr(Run) own_lang = NULL;

  write_file (dir, "site/content/posts/en.md", "---\ntitle: In English\nlang: en-GB\n---\nHello\n");
  site_lang = RUN (dir, "export", "site/content/posts/b.md", "-o", "-");
  own_lang = RUN (dir, "export", "site/content/posts/en.md", "-o", "-");

  g_assert_cmpint (site_lang->status, ==, 0);
  g_assert_nonnull (strstr (site_lang->out, "<html lang=\"fr\""));
  g_assert_cmpint (own_lang->status, ==, 0);
  g_assert_nonnull (strstr (own_lang->out, "<html lang=\"en-GB\""));
}

/* Sites of each generator's layout (tests/fixtures/sites/), with our own
 * writing in French and English. */

/* The `lang` of a page's <html>, or NULL. */
static char *
page_lang (const char *dir,
           const char *name)
{
  g_autofree char *html = read_text (dir, name);
  const char *start = strstr (html, "<html lang=\"");
  const char *end;

  if (start == NULL)
    return NULL;
  start += strlen ("<html lang=\"");
  end = strchr (start, '"');
  return g_strndup (start, end - start);
}

/* Runs a Python @script on @json (as sys.argv[1]): it prints "ok". */
static void
check_json (const char *dir,
            const char *json,
            const char *script)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json_path = g_build_filename (dir, "list.json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *python = g_find_program_in_path ("python3");
  const char *argv[] = { "python3", "-c", script, json_path, NULL };
  int wait_status = 0;

  if (python == NULL)
    {
      g_test_message ("python3 is missing: the JSON is not validated");
      return;
    }
  g_file_set_contents (json_path, json, -1, &error);
  g_assert_no_error (error);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &wait_status, &error);
  g_assert_no_error (error);
  g_test_message ("python: %s", err);
  g_assert_cmpstr (out, ==, "ok\n");
}

/* Hugo's configuration folder: config/_default/{hugo.toml, languages.toml,
 * markup.yaml, params.toml, menus.fr.toml}, config/production/ over it
 * only in the production environment (an export's, as `hugo` builds; not
 * a list's, as `hugo server` shows), and one content folder per language,
 * each with its languageCode and title. */
static void
test_hugo_config_dir (void)
{
  g_autoptr(Workspace) dir = billet_test_copy_fixture ("sites/hugo-config-dir");
  g_autoptr(Run) list = RUN (dir, "list", "hugo-config-dir");
  g_autoptr(Run) json = RUN (dir, "list", "hugo-config-dir", "--format", "json");
  g_autoptr(Run) export = NULL;
  g_autofree char *index = NULL;
  g_autofree char *index_en = NULL;
  g_autofree char *page = NULL;
  g_autofree char *lang = NULL;

  g_assert_cmpint (list->status, ==, 0);
  g_assert_cmpstr (list->out, ==,
                   "content/en/posts/galibier-by-bike.md\t2024-07-15\tfalse\tCycling up the Galibier\tcycling\ten\t\n"
                   "content/fr/posts/col-du-galibier.md\t2024-07-14\tfalse\tLe col du Galibier à vélo\tvélo, montagne\tfr\t\n"
                   "content/en/_index.md\t\tfalse\tTravel notes\t\ten\t\n"
                   "content/fr/_index.md\t\tfalse\tCarnets de route\t\tfr\t\n");
  /* What was left out, in one line */
  g_assert_cmpstr (list->err, ==,
                   "hugo-config-dir: 2 .adoc files, 1 .org file skipped: "
                   "hugo-config-dir/content/en/posts/packing-list.adoc, "
                   "hugo-config-dir/content/en/posts/route-notes.adoc, "
                   "hugo-config-dir/content/fr/posts/carnet.org\n");

  g_assert_cmpint (json->status, ==, 0);
  check_json (dir, json->out,
              "import json, sys\n"
              "posts = json.load(open(sys.argv[1], encoding='utf-8'))\n"
              "langs = {p['path']: p['lang'] for p in posts}\n"
              "assert langs == {'content/en/posts/galibier-by-bike.md': 'en',\n"
              "                 'content/fr/posts/col-du-galibier.md': 'fr',\n"
              "                 'content/en/_index.md': 'en', 'content/fr/_index.md': 'fr'}, langs\n"
              "print('ok')\n");

  export = RUN (dir, "export", "hugo-config-dir", "-o", "out", "--environment", "development");
  g_assert_cmpint (export->status, ==, 0);
  /* The default language (fr) at the top, English under en/ */
  g_assert_true (exists (dir, "out/posts/col-du-galibier.html"));
  g_assert_true (exists (dir, "out/en/posts/galibier-by-bike.html"));
  g_assert_false (exists (dir, "out/fr"));
  g_assert_true (exists (dir, "out/en/tags/cycling/index.html"));
  g_assert_true (exists (dir, "out/tags/velo/index.html"));
  g_assert_false (exists (dir, "out/tags/cycling"));
  /* Each page says its language as the site names it: languageCode */
  lang = page_lang (dir, "out/posts/col-du-galibier.html");
  g_assert_cmpstr (lang, ==, "fr-FR");
  g_free (lang);
  lang = page_lang (dir, "out/en/posts/galibier-by-bike.html");
  g_assert_cmpstr (lang, ==, "en-GB");
  g_free (lang);
  lang = page_lang (dir, "out/en/index.html");
  g_assert_cmpstr (lang, ==, "en-GB");
  g_free (lang);
  lang = page_lang (dir, "out/index.html");
  g_assert_cmpstr (lang, ==, "fr-FR");

  /* markup.yaml keeps raw HTML; config/production/ does not count in
   * development */
  page = read_text (dir, "out/posts/col-du-galibier.html");
  g_assert_nonnull (strstr (page, "<kbd>Un</kbd>"));
  /* The French page speaks French: fr-FR is French */
  g_assert_nonnull (strstr (page, "min de lecture"));
  index = read_text (dir, "out/index.html");
  g_assert_nonnull (strstr (index, "<title>Carnets de route</title>"));
  g_assert_nonnull (strstr (index, "<h2><a href=\"posts/col-du-galibier.html\""));
  g_assert_null (strstr (index, "galibier-by-bike"));
  g_assert_null (strstr (index, "Production only"));
  /* English has its own title */
  index_en = read_text (dir, "out/en/index.html");
  g_assert_nonnull (strstr (index_en, "<title>Travel notes</title>"));
  g_assert_nonnull (strstr (index_en, "<h2><a href=\"posts/galibier-by-bike.html\""));
  g_assert_nonnull (strstr (index_en, "Mountain walks and country roads."));
  g_assert_null (strstr (index_en, "col-du-galibier"));
  /* A page's links lead to its own language's index and tags */
  g_free (page);
  page = read_text (dir, "out/en/posts/galibier-by-bike.html");
  g_assert_nonnull (strstr (page, "href=\"../../en/index.html\""));
  g_assert_nonnull (strstr (page, "href=\"../../en/tags/cycling/index.html\""));

  /* An export is in production by default, as `hugo` builds: production's
   * title and its markup (no raw HTML) over _default's */
  {
    g_autoptr(Run) production = RUN (dir, "export", "hugo-config-dir", "-o", "prod");
    g_autoptr(Run) single = RUN (dir, "export", "hugo-config-dir/content/fr/posts/col-du-galibier.md", "-o", "-");
    g_autoptr(Run) single_dev = RUN (dir, "export", "hugo-config-dir/content/fr/posts/col-du-galibier.md",
                                     "-o", "-", "--environment", "development");
    g_autoptr(Run) bad = RUN (dir, "export", "hugo-config-dir", "-o", "bad", "--environment", "../x");
    g_autoptr(Run) bad_list = RUN (dir, "list", "hugo-config-dir", "--environment", "");
    g_autofree char *prod_index = NULL;
    g_autofree char *prod_en = NULL;
    g_autofree char *prod_page = NULL;

    g_assert_cmpint (production->status, ==, 0);
    prod_index = read_text (dir, "prod/index.html");
    g_assert_nonnull (strstr (prod_index, "<title>Production only</title>"));
    prod_en = read_text (dir, "prod/en/index.html");
    g_assert_nonnull (strstr (prod_en, "<title>Travel notes</title>"));
    prod_page = read_text (dir, "prod/posts/col-du-galibier.html");
    g_assert_null (strstr (prod_page, "<kbd>Un</kbd>"));
    g_assert_cmpint (single->status, ==, 0);
    g_assert_null (strstr (single->out, "<kbd>Un</kbd>"));
    g_assert_nonnull (strstr (single->out, "<html lang=\"fr-FR\""));
    g_assert_cmpint (single_dev->status, ==, 0);
    g_assert_nonnull (strstr (single_dev->out, "<kbd>Un</kbd>"));
    /* An environment is a folder's name, nothing else */
    g_assert_cmpint (bad->status, ==, 2);
    g_assert_nonnull (strstr (bad->err, "such as production"));
    g_assert_false (exists (dir, "bad"));
    g_assert_cmpint (bad_list->status, ==, 2);
  }

  /* A language's content folder listed on its own keeps its language */
  {
    g_autoptr(Run) en = RUN (dir, "list", "hugo-config-dir/content/en");

    g_assert_cmpstr (en->out, ==,
                     "posts/galibier-by-bike.md\t2024-07-15\tfalse\tCycling up the Galibier\tcycling\ten\t\n"
                     "_index.md\t\tfalse\tTravel notes\t\ten\t\n");
  }
}

/* Translations by file name: post.fr.md beside post.md, index.fr.md in a
 * bundle. */
static void
test_hugo_translations (void)
{
  g_autoptr(Workspace) dir = billet_test_copy_fixture ("sites/hugo-translations");
  g_autoptr(Run) list = RUN (dir, "list", "hugo-translations");
  g_autoptr(Run) export = NULL;
  g_autofree char *index_fr = NULL;
  g_autofree char *lang = NULL;

  g_assert_cmpint (list->status, ==, 0);
  g_assert_cmpstr (list->err, ==, "");
  g_assert_cmpstr (list->out, ==,
                   "content/posts/marche-en-foret/index.fr.md\t2024-03-01\tfalse\tUne marche en forêt\t\tfr\t\n"
                   "content/posts/marche-en-foret/index.md\t2024-03-01\tfalse\tA walk in the forest\t\ten\t\n"
                   "content/posts/bread.fr.md\t2024-02-10\tfalse\tFaire son pain à la maison\tcuisine\tfr\t\n"
                   "content/posts/bread.md\t2024-02-10\tfalse\tBaking bread at home\tcuisine\ten\t\n"
                   "content/posts/release.v2.md\t2024-01-05\tfalse\tRelease v2\t\ten\t\n");

  export = RUN (dir, "export", "hugo-translations", "-o", "out");
  g_assert_cmpint (export->status, ==, 0);
  g_assert_cmpstr (export->err, ==, "");
  g_assert_true (exists (dir, "out/posts/bread.html"));
  g_assert_true (exists (dir, "out/fr/posts/bread.html"));
  g_assert_false (exists (dir, "out/posts/bread.fr.html"));
  g_assert_true (exists (dir, "out/posts/release.v2.html"));
  g_assert_true (exists (dir, "out/fr/posts/marche-en-foret/index.html"));
  g_assert_true (exists (dir, "out/fr/posts/marche-en-foret/hetres.jpg"));
  g_assert_true (exists (dir, "out/posts/marche-en-foret/hetres.jpg"));
  lang = page_lang (dir, "out/fr/posts/bread.html");
  g_assert_cmpstr (lang, ==, "fr");
  g_free (lang);
  lang = page_lang (dir, "out/posts/bread.html");
  g_assert_cmpstr (lang, ==, "en");
  g_free (lang);
  lang = page_lang (dir, "out/fr/index.html");
  g_assert_cmpstr (lang, ==, "fr");
  index_fr = read_text (dir, "out/fr/index.html");
  g_assert_nonnull (strstr (index_fr, "<h2><a href=\"posts/marche-en-foret/index.html\""));
  g_assert_nonnull (strstr (index_fr, "<h2><a href=\"posts/bread.html\""));
  g_assert_null (strstr (index_fr, "release"));
}

/* Zola: config.toml with base_url, TOML posts, translations by name. */
static void
test_zola (void)
{
  g_autoptr(Workspace) dir = billet_test_copy_fixture ("sites/zola");
  g_autoptr(Run) list = RUN (dir, "list", "zola");
  g_autoptr(Run) export = NULL;
  g_autofree char *lang = NULL;

  g_assert_cmpint (list->status, ==, 0);
  g_assert_cmpstr (list->err, ==, "");
  g_assert_cmpstr (list->out, ==,
                   "content/blog/tailler-les-rosiers.en.md\t2024-02-12\tfalse\tPruning roses in February\tgarden, roses\ten\t\n"
                   "content/blog/tailler-les-rosiers.md\t2024-02-12\tfalse\tTailler les rosiers en février\tjardin, rosiers\tfr\t\n"
                   "content/blog/outils-du-jardinier.md\t2024-01-20\tfalse\tLes outils du jardinier\tjardin\tfr\t\n"
                   "content/_index.md\t\tfalse\tLe jardin d’hiver\t\tfr\t\n"
                   "content/blog/_index.md\t\tfalse\tCarnet\t\tfr\t\n");
  export = RUN (dir, "export", "zola", "-o", "out");
  g_assert_cmpint (export->status, ==, 0);
  lang = page_lang (dir, "out/en/blog/tailler-les-rosiers.html");
  g_assert_cmpstr (lang, ==, "en");
  g_free (lang);
  lang = page_lang (dir, "out/blog/tailler-les-rosiers.html");
  g_assert_cmpstr (lang, ==, "fr");
  g_assert_true (exists (dir, "out/en/index.html"));

  /* Zola's Markdown: its heading ids (transliterated to ASCII), its
   * smart_punctuation, its external_links_* on links to other sites */
  {
    g_autofree char *page = read_text (dir, "out/blog/outils-du-jardinier.html");
    g_autoptr(Run) single = RUN (dir, "export", "zola/content/blog/outils-du-jardinier.md", "-o", "-");

    g_assert_nonnull (strstr (page, "<p>Un sécateur “bien affûté” – et c’est tout… ou presque.</p>"));
    g_assert_nonnull (strstr (page, "<h2 id=\"l-ete-a-l-ombre-des-oeillets\">L’été à l’ombre des œillets !</h2>"));
    g_assert_nonnull (strstr (page, "<h2 id=\"le-secateur-et-la-scie-egoine\">"));
    g_assert_nonnull (strstr (page, "<h2 id=\"l-ete-a-l-ombre-des-oeillets-1\">"));
    g_assert_nonnull (strstr (page, "<h2 id=\"outils\">Outils</h2>"));
    g_assert_nonnull (strstr (page, "<a rel=\"noopener nofollow\" target=\"_blank\" title=\"Fiche\" "
                                    "href=\"https://horticulture.example.org/fiches/secateur\">"));
    /* Links within the site are left as they are */
    g_assert_nonnull (strstr (page, "<a href=\"#outils\">le sommaire</a>"));
    g_assert_nonnull (strstr (page, "<a href=\"@/blog/tailler-les-rosiers.md\">nos notes</a>"));
    /* A post exported alone is rendered the same */
    g_assert_cmpint (single->status, ==, 0);
    g_assert_nonnull (strstr (single->out, "<h2 id=\"l-ete-a-l-ombre-des-oeillets-1\">"));
    g_assert_nonnull (strstr (single->out, "target=\"_blank\""));
  }

  /* [slugify] anchors = "safe": ids as written, blanks made “_” */
  {
    g_autoptr(Run) safe = NULL;

    write_file (dir, "zola-safe/config.toml", "base_url = \"https://a.example\"\n\n[slugify]\nanchors = \"safe\"\n");
    write_file (dir, "zola-safe/content/note.md", "+++\ntitle = \"Note\"\n+++\n## Les semis d'été\n");
    safe = RUN (dir, "export", "zola-safe/content/note.md", "-o", "-");
    g_assert_cmpint (safe->status, ==, 0);
    g_assert_nonnull (strstr (safe->out, "<h2 id=\"Les_semis_d&apos;été\">"));
  }
}

/* Jekyll: collections_dir with _posts, _drafts and a collection of its
 * own; an HTML post is named as skipped. */
static void
test_jekyll (void)
{
  g_autoptr(Workspace) dir = billet_test_copy_fixture ("sites/jekyll");
  g_autoptr(Run) list = RUN (dir, "list", "jekyll");
  g_autoptr(Run) export = NULL;

  /* A date Jekyll would not read: the file name's, first, with a warning
   * at the date's line and column */
  g_assert_cmpint (list->status, ==, 1);
  g_assert_true (g_str_has_prefix (list->out, "collections/_posts/2024-05-10-fraises.md\t2024-05-10\tfalse\t"
                                              "Les fraises de mai\t\tfr\tposts\n"));
  g_assert_true (g_str_has_prefix (list->err, "jekyll/collections/_posts/2024-05-10-fraises.md:3:7: "
                                              "“le 10 mai” is no date Jekyll reads: it uses the file name's, "
                                              "2024-05-10\n"));
  g_assert_nonnull (strstr (list->out, "collections/_posts/2024-04-02-asperges.md\t2024-04-02\tfalse\t"
                                       "Les premières asperges\tprintemps, légumes\tfr\tposts\n"));
  g_assert_nonnull (strstr (list->out, "collections/_drafts/confitures.md\t\ttrue\tConfitures d’été\t\tfr\tposts\n"));
  g_assert_nonnull (strstr (list->out, "collections/_recettes/tarte-rhubarbe.md\t\tfalse\tTarte à la rhubarbe\t\tfr\trecettes\n"));
  g_assert_nonnull (strstr (list->err, "jekyll: 1 .html file skipped: jekyll/collections/_posts/2023-12-24-menu.html\n"));

  /* Exported all the same, by the file name's date */
  export = RUN (dir, "export", "jekyll", "-o", "out");
  g_assert_cmpint (export->status, ==, 0);
  g_assert_true (exists (dir, "out/2024-05-10-fraises.html"));
  g_assert_false (exists (dir, "out/confitures.html"));
  /* A collection's documents go where Jekyll writes them: its permalink
   * (/:collection/:name/), else /:collection/:path:output_ext */
  g_assert_true (exists (dir, "out/recettes/tarte-rhubarbe/index.html"));
  g_assert_false (exists (dir, "out/tarte-rhubarbe.html"));
  g_assert_true (exists (dir, "out/ateliers/printemps/semis.html"));
  g_assert_false (exists (dir, "out/printemps/semis.html"));
  {
    g_autofree char *page = read_text (dir, "out/recettes/tarte-rhubarbe/index.html");
    g_autofree char *index = read_text (dir, "out/index.html");

    /* Its links lead back from where it is */
    g_assert_nonnull (strstr (page, "href=\"../../index.html\""));
    g_assert_nonnull (strstr (index, "href=\"recettes/tarte-rhubarbe/index.html\""));
    g_assert_nonnull (strstr (index, "href=\"ateliers/printemps/semis.html\""));
  }

  /* The list says each post's collection, in TSV and JSON */
  g_assert_nonnull (strstr (list->out, "collections/_ateliers/printemps/semis.md\t2024-03-20\tfalse\t"
                                       "Semer au printemps\t\tfr\tateliers\n"));
  {
    g_autoptr(Run) json = RUN (dir, "list", "jekyll", "--format", "json");
    g_autoptr(Run) one = RUN (dir, "list", "jekyll/collections/_recettes");

    check_json (dir, json->out,
                "import json, sys\n"
                "posts = json.load(open(sys.argv[1], encoding='utf-8'))\n"
                "c = {p['path']: p['collection'] for p in posts}\n"
                "assert c == {'collections/_posts/2024-05-10-fraises.md': 'posts',\n"
                "             'collections/_posts/2024-04-02-asperges.md': 'posts',\n"
                "             'collections/_drafts/confitures.md': 'posts',\n"
                "             'collections/_recettes/tarte-rhubarbe.md': 'recettes',\n"
                "             'collections/_ateliers/printemps/semis.md': 'ateliers'}, c\n"
                "print('ok')\n");
    /* A collection's folder listed on its own is still that collection */
    g_assert_cmpstr (one->out, ==, "tarte-rhubarbe.md\t\tfalse\tTarte à la rhubarbe\t\tfr\trecettes\n");
  }
}

/* Astro: .mdx posts in content collections, dates as JavaScript reads
 * them, components and imports as placeholders in the export. */
static void
test_astro (void)
{
  g_autoptr(Workspace) dir = billet_test_copy_fixture ("sites/astro");
  g_autoptr(Run) list = RUN (dir, "list", "astro");
  g_autoptr(Run) export = NULL;
  g_autoptr(Run) single = NULL;
  g_autofree char *page = NULL;
  g_autofree char *index = NULL;
  g_autoptr(GPtrArray) links = NULL;

  g_assert_cmpint (list->status, ==, 0);
  g_assert_cmpstr (list->err, ==, "");
  /* Newest first: July 8, 2023; 2022-07-08T10:00; Jul 08 2022 (midnight) */
  g_assert_cmpstr (list->out, ==,
                   "src/content/blog/papier-japonais.mdx\tJuly 8, 2023\tfalse\tLe papier japonais\t\t\tblog\n"
                   "src/content/blog/colle-d-amidon.md\t2022-07-08T10:00\tfalse\tLa colle d’amidon\t\t\tblog\n"
                   "src/content/blog/premier-atelier.mdx\tJul 08 2022\tfalse\tPremier atelier de reliure\treliure, atelier\t\tblog\n"
                   "src/content/notes/outils.md\t2021-11-03\tfalse\tLes outils de base\t\t\tnotes\n");

  export = RUN (dir, "export", "astro", "-o", "out");
  g_assert_cmpint (export->status, ==, 0);
  g_assert_true (exists (dir, "out/blog/premier-atelier.html"));
  g_assert_true (exists (dir, "out/blog/papier-japonais.html"));
  g_assert_true (exists (dir, "out/tags/reliure/index.html"));
  page = read_text (dir, "out/blog/premier-atelier.html");
  g_assert_nonnull (strstr (page, "<time datetime=\"2022-07-08\">"));
  g_assert_nonnull (strstr (page, "<span class=\"shortcode mdx\" title=\"&lt;Figure src=&quot;/cahiers.jpg&quot; "
                                  "caption=&quot;Trois cahiers cousus&quot; /&gt;\">&lt;Figure /&gt;</span>"));
  g_assert_nonnull (strstr (page, "&lt;Callout&gt;</span>"));
  g_assert_nonnull (strstr (page, "<p>Nous avons cousu nos premiers cahiers à la main.</p>"));
  g_assert_null (strstr (page, "<p>import"));
  index = read_text (dir, "out/index.html");
  links = index_links (index);
  g_assert_cmpuint (links->len, ==, 4);
  g_assert_cmpstr (links->pdata[0], ==, "blog/papier-japonais.html");
  g_assert_cmpstr (links->pdata[2], ==, "blog/premier-atelier.html");

  /* Alone, the same */
  single = RUN (dir, "export", "astro/src/content/blog/papier-japonais.mdx", "-o", "-");
  g_assert_cmpint (single->status, ==, 0);
  g_assert_nonnull (strstr (single->out, ">export</span>"));
  g_assert_nonnull (strstr (single->out, "<time datetime=\"2023-07-08\">July 8, 2023</time>"));
}

/* Astro 5: a collection where its glob() loader's base says, src/data/
 * as Astro's documentation has it, read from src/content.config.ts as
 * text; a file() loader's JSON is data, not posts. */
static void
test_astro_data (void)
{
  g_autoptr(Workspace) dir = billet_test_copy_fixture ("sites/astro-data");
  g_autoptr(Run) list = RUN (dir, "list", "astro-data");
  g_autoptr(Run) json = RUN (dir, "list", "astro-data", "--format", "json");
  g_autoptr(Run) export = NULL;

  g_assert_cmpint (list->status, ==, 0);
  g_assert_cmpstr (list->err, ==, "");
  g_assert_cmpstr (list->out, ==,
                   "src/data/blog/2024/paillage.md\tJune 2, 2024\tfalse\tPailler avant l’été\t\t\tblog\n"
                   "src/data/blog/semis-de-mars.md\tMar 12 2024\tfalse\tLes semis de mars\t\t\tblog\n");
  check_json (dir, json->out,
              "import json, sys\n"
              "posts = json.load(open(sys.argv[1], encoding='utf-8'))\n"
              "assert [p['collection'] for p in posts] == ['blog', 'blog'], posts\n"
              "print('ok')\n");

  export = RUN (dir, "export", "astro-data", "-o", "out");
  g_assert_cmpint (export->status, ==, 0);
  g_assert_true (exists (dir, "out/blog/semis-de-mars.html"));
  g_assert_true (exists (dir, "out/blog/2024/paillage.html"));
}

/* Headings get the ids of the site's generator — Hugo's Goldmark on a
 * Hugo site or a post of no site, Jekyll's kramdown on a Jekyll site — in
 * a post exported alone and in a site's export, so that a link to a
 * section works as on the site. */
#define HEADINGS_POST \
  "---\ntitle: Sections\n---\n" \
  "Voir [l'installation](#installation).\n\n" \
  "## Installation\n\n## Installation\n\n## Un *bon* [lien](https://a.b)\n\n## Fin {#la-fin}\n"

static void
test_export_heading_ids (void)
{
  g_autoptr(Workspace) dir = make_site ();
  g_autoptr(Run) hugo = NULL;
  g_autoptr(Run) jekyll = NULL;
  g_autoptr(Run) plain = NULL;
  g_autoptr(Run) site = NULL;
  g_autofree char *page = NULL;

  write_file (dir, "site/content/posts/sections.md", HEADINGS_POST);
  write_file (dir, "blog/_config.yml", "title: Le blog\n");
  write_file (dir, "blog/_posts/2024-05-01-sections.md", HEADINGS_POST);
  write_file (dir, "seul/sections.md", HEADINGS_POST);

  hugo = RUN (dir, "export", "site/content/posts/sections.md", "-o", "-");
  g_assert_cmpint (hugo->status, ==, 0);
  /* Hugo's typographer (on by default) curls the apostrophe. */
  g_assert_nonnull (strstr (hugo->out, "<p>Voir <a href=\"#installation\">l’installation</a>.</p>\n"
                                       "<h2 id=\"installation\">Installation</h2>\n"
                                       "<h2 id=\"installation-1\">Installation</h2>\n"
                                       "<h2 id=\"un-bon-lienhttpsab\">Un <em>bon</em> <a href=\"https://a.b\">lien</a></h2>\n"
                                       "<h2 id=\"la-fin\">Fin</h2>\n"));

  jekyll = RUN (dir, "export", "blog/_posts/2024-05-01-sections.md", "-o", "-");
  g_assert_cmpint (jekyll->status, ==, 0);
  g_assert_nonnull (strstr (jekyll->out, "<h2 id=\"installation\">Installation</h2>\n"
                                         "<h2 id=\"installation-1\">Installation</h2>\n"
                                         "<h2 id=\"un-bon-lien\">Un <em>bon</em> <a href=\"https://a.b\">lien</a></h2>\n"
                                         "<h2 id=\"la-fin\">Fin</h2>\n"));

  plain = RUN (dir, "export", "seul/sections.md", "-o", "-");
  g_assert_cmpint (plain->status, ==, 0);
  g_assert_nonnull (strstr (plain->out, "<h2 id=\"un-bon-lienhttpsab\">"));

  site = RUN (dir, "export", "blog", "-o", "out");
  g_assert_cmpint (site->status, ==, 0);
  page = read_text (dir, "out/2024-05-01-sections.html");
  g_assert_nonnull (strstr (page, "<h2 id=\"un-bon-lien\">"));
  g_assert_nonnull (strstr (page, "<h2 id=\"la-fin\">Fin</h2>"));
}

/* Jekyll's Liquid on a Jekyll site, in a post exported alone and in the
 * site's export: placeholders (in link addresses too), highlight blocks as
 * code, raw text as written. On a Hugo site and in a plain folder the same
 * text is text, as their generators show it. */
#define LIQUID_POST \
  "---\ntitle: Liquide\n---\n" \
  "Voir [l'accueil]({{ site.baseurl }}/) ou {% include note.html %}.\n\n" \
  "{% highlight ruby linenos %}\nputs 1\n{% endhighlight %}\n\n" \
  "{% raw %}{{ page.title }}{% endraw %}\n"

static void
test_export_liquid (void)
{
  g_autoptr(Workspace) dir = make_site ();
  g_autoptr(Run) jekyll = NULL;
  g_autoptr(Run) hugo = NULL;
  g_autoptr(Run) plain = NULL;
  g_autoptr(Run) site = NULL;
  g_autofree char *page = NULL;
  static const char *jekyll_html =
    "<p>Voir <a href=\"%7B%7B%20site.baseurl%20%7D%7D/\">l'accueil</a> ou "
    "<span class=\"shortcode\" title=\"{% include note.html %}\">include</span>.</p>\n"
    "<pre><code class=\"language-ruby\">puts 1\n</code></pre>\n"
    "<p>{{ page.title }}</p>\n";

  write_file (dir, "blog/_config.yml", "title: Le blog\n");
  write_file (dir, "blog/_posts/2024-05-01-liquide.md", LIQUID_POST);
  write_file (dir, "site/content/posts/liquide.md", LIQUID_POST);
  write_file (dir, "seul/liquide.md", LIQUID_POST);

  jekyll = RUN (dir, "export", "blog/_posts/2024-05-01-liquide.md", "-o", "-");
  g_assert_cmpint (jekyll->status, ==, 0);
  g_assert_nonnull (strstr (jekyll->out, jekyll_html));

  site = RUN (dir, "export", "blog", "-o", "out");
  g_assert_cmpint (site->status, ==, 0);
  page = read_text (dir, "out/2024-05-01-liquide.html");
  g_assert_nonnull (strstr (page, jekyll_html));

  hugo = RUN (dir, "export", "site/content/posts/liquide.md", "-o", "-");
  plain = RUN (dir, "export", "seul/liquide.md", "-o", "-");
  g_assert_cmpint (hugo->status, ==, 0);
  g_assert_cmpint (plain->status, ==, 0);
  g_assert_nonnull (strstr (hugo->out, "{% include note.html %}"));
  g_assert_nonnull (strstr (hugo->out, "<p>{% highlight ruby linenos %}\nputs 1\n{% endhighlight %}</p>"));
  g_assert_nonnull (strstr (plain->out, "<p>{% raw %}{{ page.title }}{% endraw %}</p>"));
  g_assert_null (strstr (plain->out, "shortcode\""));
}

/* Hugo's Goldmark settings that change the HTML, read from the site's
 * configuration (TOML or YAML, either name): one small site per setting,
 * the same post in each, exported alone. */
#define GOLDMARK_POST \
  "---\ntitle: Réglages\n---\n" \
  "L'été -- \"enfin\"\nà la ligne\n\n" \
  "## Été {#ete}\n\n" \
  "## Déjà -- vu !\n"

typedef struct
{
  const char *config_name;
  const char *config;
  const char *present[3];
} GoldmarkCase;

static const GoldmarkCase goldmark_cases[] = {
  /* Hugo's defaults: typographer on, no hard wraps, attributes and
   * GitHub ids. */
  { "hugo.toml", "title = \"Défauts\"\n",
    { "<p>L’été – “enfin”\nà la ligne</p>\n", "<h2 id=\"ete\">Été</h2>\n",
      "<h2 id=\"déjà----vu-\">Déjà – vu !</h2>\n" } },
  { "hugo.toml", "[markup.goldmark.extensions]\ntypographer = false\n",
    { "<p>L'été -- &quot;enfin&quot;\nà la ligne</p>\n", "<h2 id=\"déjà----vu-\">Déjà -- vu !</h2>\n" } },
  { "hugo.yaml", "markup:\n  goldmark:\n    extensions:\n      typographer:\n        disable: true\n",
    { "<p>L'été -- &quot;enfin&quot;\nà la ligne</p>\n" } },
  { "config.toml", "[markup.goldmark.renderer]\nhardWraps = true\n",
    { "<p>L’été – “enfin”<br />\nà la ligne</p>\n" } },
  { "hugo.toml", "[markup.goldmark.parser.attribute]\ntitle = false\n",
    { "<h2 id=\"été-ete\">Été {#ete}</h2>\n" } },
  { "hugo.toml", "[markup.goldmark.parser]\nautoHeadingIDType = \"github-ascii\"\n",
    { "<h2 id=\"ete\">Été</h2>\n", "<h2 id=\"deja----vu-\">Déjà – vu !</h2>\n" } },
  { "hugo.yaml", "markup:\n  goldmark:\n    parser:\n      autoHeadingIDType: blackfriday\n",
    { "<h2 id=\"déjà-vu\">Déjà – vu !</h2>\n" } },
};

static void
test_export_goldmark (void)
{
  g_autoptr(Workspace) dir = make_site ();

  for (guint i = 0; i < G_N_ELEMENTS (goldmark_cases); i++)
    {
      const GoldmarkCase *c = &goldmark_cases[i];
      g_autofree char *config = g_strdup_printf ("g%u/%s", i, c->config_name);
      g_autofree char *post = g_strdup_printf ("g%u/content/posts/reglages.md", i);
      g_autoptr(Run) run = NULL;

      write_file (dir, config, c->config);
      write_file (dir, post, GOLDMARK_POST);
      run = RUN (dir, "export", post, "-o", "-");
      g_assert_cmpint (run->status, ==, 0);
      for (guint j = 0; j < G_N_ELEMENTS (c->present) && c->present[j] != NULL; j++)
        {
          g_test_message ("case %u: %s", i, c->present[j]);
          g_assert_nonnull (strstr (run->out, c->present[j]));
        }
    }
}

/* Check */

/* Whether @err has the finding “FILE:LINE:… [ID]” (any column). */
static gboolean
has_finding (const char *err,
             const char *file,
             guint       line,
             const char *id)
{
  g_auto(GStrv) lines = g_strsplit (err, "\n", -1);
  g_autofree char *prefix = g_strdup_printf ("%s:%u:", file, line);
  g_autofree char *suffix = g_strdup_printf (" [%s]", id);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix) && g_str_has_suffix (lines[i], suffix))
      return TRUE;
  return FALSE;
}

static guint
count_findings (const char *err,
                const char *id)
{
  g_auto(GStrv) lines = g_strsplit (err, "\n", -1);
  g_autofree char *suffix = g_strdup_printf (" [%s]", id);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_suffix (lines[i], suffix))
      n++;
  return n;
}

#define ASSERT_FINDING(err, file, line, id) \
  G_STMT_START { \
    if (!has_finding ((err), (file), (line), (id))) \
      g_error ("no %s at %s:%u in:\n%s", (id), (file), (guint) (line), (err)); \
  } G_STMT_END

/* Every post complete (title, description), so that each case shows only
 * what it is about. */
#define POST(title, extra, body) \
  "---\ntitle: " title "\ndescription: Un billet\ndate: 2024-01-01\n" extra "---\n" body

static char *
make_check_site (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("billet-check-XXXXXX", &error);

  g_assert_no_error (error);
  write_file (dir, "site/hugo.toml",
              "title = \"T\"\ndefaultContentLanguage = \"en\"\n"
              "[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n");
  write_file (dir, "site/static/images/logo.png", "LOGO");
  return dir;
}

/* Links to pages, images and files that are not there, anchors no heading
 * has, drafts linked from published posts. Lines: the front matter takes
 * 1 to 5, the body starts at 6. */
static void
test_check_links (void)
{
  g_autoptr(Workspace) dir = make_check_site ();
  g_autoptr(Run) run = NULL;
  const char *a = "site/content/posts/a.md";

  write_file (dir, a, POST ("A", "",
                            "[b](b.md) [missing](nope.md) [ref]({{< ref \"b.md\" >}})\n"         /* 6 */
                            "{{< relref \"gone.md\" >}} {{< ref \"/posts/b\" >}}\n"              /* 7 */
                            "![pic](pic.png) ![logo](/images/logo.png) ![far](https://e.org/x.png)\n" /* 8 */
                            "[in](#intro) [out](#nowhere) [c](b.md#second) [cb](b.md#none)\n"  /* 9 */
                            "[pdf](/files/doc.pdf) [page](/posts/nowhere/) [d](d.md)\n"        /* 10 */
                            "## Intro\n"                                                       /* 11 */
                            "```\n[x](nothing.md) ![y](nothing.png)\n```\n"                    /* 12-14 */
                            "Code `[x](inline.md)` and <!-- [z](comment.md) -->\n"             /* 15 */
                            "[up](../posts/b/) [about](/about/) [site](/)\n"                   /* 16 */
                            "{{</* ref \"commented.md\" */>}}\n"));                           /* 17 */
  write_file (dir, "site/content/posts/b.md", POST ("B", "", "## Second\n"));
  write_file (dir, "site/content/posts/d.md", POST ("D", "draft: true\n", "Brouillon\n"));
  /* A draft may link to a draft. */
  write_file (dir, "site/content/posts/e.md", POST ("E", "draft: true\n", "[d](d.md)\n"));

  run = RUN (dir, "check", "site");
  g_assert_cmpint (run->status, ==, 1);
  ASSERT_FINDING (run->err, "site/content/posts/a.md", 6, "broken-link");
  ASSERT_FINDING (run->err, "site/content/posts/a.md", 7, "broken-link");
  ASSERT_FINDING (run->err, "site/content/posts/a.md", 8, "missing-image");
  ASSERT_FINDING (run->err, "site/content/posts/a.md", 9, "missing-anchor");
  ASSERT_FINDING (run->err, "site/content/posts/a.md", 10, "missing-file");
  ASSERT_FINDING (run->err, "site/content/posts/a.md", 10, "broken-link");
  ASSERT_FINDING (run->err, "site/content/posts/a.md", 10, "draft-linked");
  g_assert_true (g_str_has_prefix (run->err, "site/content/posts/a.md:6:11: "));
  /* Exactly those: nothing in code, comments, external links, existing
   * targets, or from a draft. */
  g_assert_cmpuint (count_findings (run->err, "broken-link"), ==, 3);
  g_assert_cmpuint (count_findings (run->err, "missing-image"), ==, 1);
  g_assert_cmpuint (count_findings (run->err, "missing-anchor"), ==, 2);
  g_assert_cmpuint (count_findings (run->err, "missing-file"), ==, 1);
  g_assert_cmpuint (count_findings (run->err, "draft-linked"), ==, 1);
  g_assert_nonnull (strstr (run->err, "No heading of this post has the id “nowhere”"));
  {
    g_auto(GStrv) lines = g_strsplit (run->err, "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 8 + 1);
  }
}

/* Two pages at one URL: a slug, a url, an alias, a name that slugifies
 * the same. */
static void
test_check_duplicate_urls (void)
{
  g_autoptr(Workspace) dir = make_check_site ();
  g_autoptr(Run) run = NULL;

  write_file (dir, "site/content/posts/b.md", POST ("B", "", "B\n"));
  write_file (dir, "site/content/posts/c.md", POST ("C", "slug: b\n", "C\n"));
  write_file (dir, "site/content/posts/f.md", POST ("F", "url: /posts/b/\n", "F\n"));
  write_file (dir, "site/content/posts/g.md", POST ("G", "aliases: [/posts/b/, /old/g/]\n", "G\n"));
  write_file (dir, "site/content/posts/Hello World.md", POST ("H", "", "H\n"));
  write_file (dir, "site/content/posts/hello-world.md", POST ("H2", "", "H\n"));
  write_file (dir, "site/content/posts/k.fr.md", POST ("K", "", "K\n"));
  write_file (dir, "site/content/posts/k.md", POST ("K", "", "K\n"));

  run = RUN (dir, "check", "site");
  g_assert_cmpint (run->status, ==, 1);
  ASSERT_FINDING (run->err, "site/content/posts/c.md", 5, "duplicate-url");
  ASSERT_FINDING (run->err, "site/content/posts/f.md", 5, "duplicate-url");
  ASSERT_FINDING (run->err, "site/content/posts/g.md", 5, "duplicate-url");
  ASSERT_FINDING (run->err, "site/content/posts/hello-world.md", 1, "duplicate-url");
  /* A translation has its own URL (/fr/posts/k/). */
  g_assert_cmpuint (count_findings (run->err, "duplicate-url"), ==, 4);
}

/* « Vélo », « velo », « V élo »: one tag, spelt three ways. */
static void
test_check_tags (void)
{
  g_autoptr(Workspace) dir = make_check_site ();
  g_autoptr(Run) run = NULL;

  write_file (dir, "site/content/posts/a.md", POST ("A", "tags: [Vélo, code]\n", "A\n"));
  write_file (dir, "site/content/posts/b.md", POST ("B", "tags:\n  - code\n  - velo\n", "B\n"));
  write_file (dir, "site/content/posts/c.md", POST ("C", "tags: [Vélo]\ncategories: [Sport, sport]\n", "C\n"));

  run = RUN (dir, "check", "site");
  g_assert_cmpint (run->status, ==, 1);
  ASSERT_FINDING (run->err, "site/content/posts/b.md", 7, "tag-near-duplicate");
  g_assert_nonnull (strstr (run->err, "“velo” (1 post)"));
  g_assert_nonnull (strstr (run->err, "“Vélo” (2 posts)"));
  /* The category spelt two ways in one post. */
  ASSERT_FINDING (run->err, "site/content/posts/c.md", 6, "tag-near-duplicate");
  g_assert_cmpuint (count_findings (run->err, "tag-near-duplicate"), ==, 2);
}

/* What search results show: a title, a description, not too long; and
 * images that say what they show. */
static void
test_check_search_snippets (void)
{
  g_autoptr(Workspace) dir = make_check_site ();
  g_autoptr(Run) run = NULL;
  g_autofree char *long_title = g_strnfill (61, 'e');
  g_autofree char *long_description = g_strnfill (161, 'e');
  g_autofree char *fine_title = g_strnfill (60, 'e');
  g_autofree char *i = g_strdup_printf ("---\ntitle: %s\ndescription: %s\n---\nI\n", long_title, long_description);
  g_autofree char *j = g_strdup_printf ("---\ntitle: %s\ndescription: Court\n---\nJ\n", fine_title);

  write_file (dir, "site/content/posts/h.md", "---\ndate: 2024-01-01\n---\n# Heading\n");
  write_file (dir, "site/content/posts/i.md", i);
  write_file (dir, "site/content/posts/j.md", j);
  write_file (dir, "site/content/posts/k.md", POST ("K", "", "![](/images/logo.png) <img src=\"/images/logo.png\">\n"
                                                             "![Logo](/images/logo.png)\n"));

  run = RUN (dir, "check", "site");
  g_assert_cmpint (run->status, ==, 1);
  ASSERT_FINDING (run->err, "site/content/posts/h.md", 1, "missing-title");
  ASSERT_FINDING (run->err, "site/content/posts/h.md", 1, "missing-description");
  ASSERT_FINDING (run->err, "site/content/posts/i.md", 2, "title-too-long");
  ASSERT_FINDING (run->err, "site/content/posts/i.md", 3, "description-too-long");
  ASSERT_FINDING (run->err, "site/content/posts/k.md", 6, "missing-alt");
  g_assert_cmpuint (count_findings (run->err, "missing-alt"), ==, 2);
  g_assert_cmpuint (count_findings (run->err, "title-too-long"), ==, 1);
  g_assert_cmpuint (count_findings (run->err, "missing-title"), ==, 1);
}

/* Dates, drafts and translations. */
static void
test_check_schedule_translations (void)
{
  g_autoptr(Workspace) dir = make_check_site ();
  g_autoptr(Run) run = NULL;

  write_file (dir, "site/content/posts/future.md",
              "---\ntitle: F\ndescription: D\ndate: 2999-01-01\n---\nF\n");
  write_file (dir, "site/content/posts/future-draft.md",
              "---\ntitle: F\ndescription: D\ndate: 2999-01-01\ndraft: true\n---\nF\n");
  write_file (dir, "site/content/posts/alone.fr.md", POST ("Seul", "", "Seul\n"));
  write_file (dir, "site/content/posts/both.fr.md", POST ("Les deux", "", "Fr\n"));
  write_file (dir, "site/content/posts/both.md", POST ("Both", "", "En\n"));

  run = RUN (dir, "check", "site");
  g_assert_cmpint (run->status, ==, 1);
  ASSERT_FINDING (run->err, "site/content/posts/future.md", 4, "scheduled-not-draft");
  ASSERT_FINDING (run->err, "site/content/posts/alone.fr.md", 1, "translation-missing-original");
  g_assert_cmpuint (count_findings (run->err, "scheduled-not-draft"), ==, 1);
  g_assert_cmpuint (count_findings (run->err, "translation-missing-original"), ==, 1);
}

/* Per-language content folders: content/fr/ without content/en/'s page. */
static void
test_check_translation_dirs (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Workspace) dir = g_dir_make_tmp ("billet-check-XXXXXX", &error);
  g_autoptr(Run) run = NULL;

  write_file (dir, "site/hugo.toml",
              "defaultContentLanguage = \"en\"\n"
              "[languages.en]\ncontentDir = \"content/en\"\n[languages.fr]\ncontentDir = \"content/fr\"\n");
  write_file (dir, "site/content/en/posts/a.md", POST ("A", "", "A\n"));
  write_file (dir, "site/content/fr/posts/a.md", POST ("A", "", "A\n"));
  write_file (dir, "site/content/fr/posts/b.md", POST ("B", "", "B\n"));

  run = RUN (dir, "check", "site");
  g_assert_cmpint (run->status, ==, 1);
  ASSERT_FINDING (run->err, "site/content/fr/posts/b.md", 1, "translation-missing-original");
  g_assert_cmpuint (count_findings (run->err, "translation-missing-original"), ==, 1);
  g_assert_cmpuint (count_findings (run->err, "duplicate-url"), ==, 0);
}

/* Jekyll's post_url and link, its permalinks; the encoding problems check
 * finds in any post. */
static void
test_check_jekyll (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Workspace) dir = g_dir_make_tmp ("billet-check-XXXXXX", &error);
  g_autoptr(Run) run = NULL;

  write_file (dir, "site/_config.yml", "title: J\n");
  write_file (dir, "site/about.md", "---\ntitle: About\n---\n");
  write_file (dir, "site/_posts/2024-01-01-a.md",
              "---\ntitle: A\ndescription: D\n---\n"
              "[b]({% post_url 2024-01-02-b %}) [gone]({% post_url 2023-01-01-gone %})\n"   /* 5 */
              "[l]({% link _posts/2024-01-02-b.md %}) [no]({% link _posts/nope.md %})\n"    /* 6 */
              "[a]({% link about.md %}) {% raw %}{% post_url 1999-01-01-x %}{% endraw %}\n" /* 7 */);
  write_file (dir, "site/_posts/2024-01-02-b.md",
              "---\ntitle: B\ndescription: D\n---\nCafÃ© crÃ¨me\n");
  write_file (dir, "site/_posts/2024-01-03-c.md",
              "---\ntitle: C\ndescription: D\npermalink: /2024/01/02/b.html\n---\nC\n");
  write_file (dir, "site/_posts/2024-01-04-d.md",
              "---\ntitle: D\ndescription: caf\xE9\n---\nD\n");

  run = RUN (dir, "check", "site");
  g_assert_cmpint (run->status, ==, 1);
  ASSERT_FINDING (run->err, "site/_posts/2024-01-01-a.md", 5, "broken-link");
  ASSERT_FINDING (run->err, "site/_posts/2024-01-01-a.md", 6, "broken-link");
  g_assert_cmpuint (count_findings (run->err, "broken-link"), ==, 2);
  ASSERT_FINDING (run->err, "site/_posts/2024-01-03-c.md", 4, "duplicate-url");
  ASSERT_FINDING (run->err, "site/_posts/2024-01-02-b.md", 5, "mis-encoded-text");
  ASSERT_FINDING (run->err, "site/_posts/2024-01-04-d.md", 3, "legacy-encoding");
}

/* Zola: internal links (@/…), a date taken off a file's name for its
 * URL, path and slug. */
static void
test_check_zola (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Workspace) dir = g_dir_make_tmp ("billet-check-XXXXXX", &error);
  g_autoptr(Run) run = NULL;

  write_file (dir, "site/config.toml", "base_url = \"https://e.org\"\ntitle = \"Z\"\n");
  write_file (dir, "site/static/img/a.png", "A");
  write_file (dir, "site/content/blog/2024-01-01-a.md",
              "+++\ntitle = \"A\"\ndescription = \"D\"\n+++\n"
              "[b](@/blog/b.md) [gone](@/blog/gone.md) [u](/blog/a/) ![i](/img/a.png)\n");  /* 5 */
  write_file (dir, "site/content/blog/b.md", "+++\ntitle = \"B\"\ndescription = \"D\"\n+++\nB\n");
  write_file (dir, "site/content/blog/c.md",
              "+++\ntitle = \"C\"\ndescription = \"D\"\npath = \"blog/a\"\n+++\nC\n");

  run = RUN (dir, "check", "site");
  g_assert_cmpint (run->status, ==, 1);
  g_assert_true (g_str_has_prefix (run->err, "site/content/blog/2024-01-01-a.md:5:18: The link “@/blog/gone.md”"));
  ASSERT_FINDING (run->err, "site/content/blog/c.md", 4, "duplicate-url");
  g_assert_cmpuint (count_findings (run->err, "broken-link"), ==, 1);
  g_assert_cmpuint (count_findings (run->err, "duplicate-url"), ==, 1);
}

/* --format json: every finding as an object, on stdout; a clean site
 * exits 0 with nothing to say. */
static void
test_check_json_and_clean (void)
{
  g_autoptr(Workspace) dir = make_check_site ();
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) clean = NULL;
  g_autoptr(Run) usage = NULL;
  g_autoptr(Run) sub = NULL;

  write_file (dir, "site/content/posts/bundle/index.md",
              POST ("Bundle", "tags: [Vélo]\n",
                    "![Photo](photo.png) [b](../b/) [b2](/posts/b/) [b3](../b.md#second)\n"
                    "[top](#a-heading) [ext](https://example.org/nope.md) [mail](mailto:a@b.c)\n"
                    "## A heading\n"
                    "    [indented](code.md)\n"
                    "{{< figure src=\"photo.png\" alt=\"Photo\" >}}\n"
                    "[logo](/images/logo.png) [term](g)\n"));
  write_file (dir, "site/content/posts/bundle/photo.png", "PHOTO");
  write_file (dir, "site/content/posts/b.md", POST ("B", "tags: [Vélo]\n", "## Second\n"));
  write_file (dir, "site/content/_index.md", "---\n---\nHome\n");
  write_file (dir, "site/content/_common/_index.md", "---\ncascade:\n  build:\n    render: never\n---\n");
  write_file (dir, "site/content/_common/snippet.md", "---\n---\n[x](#included-page-heading)\n");

  clean = RUN (dir, "check", "site");
  g_assert_cmpstr (clean->err, ==, "");
  g_assert_cmpint (clean->status, ==, 0);

  write_file (dir, "site/content/posts/c.md", POST ("C \\\"q\\\"", "", "[x](nope.md)\n"));
  run = RUN (dir, "check", "--format", "json", "site");
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpstr (run->out, ==,
                   "[\n  {\"file\": \"site/content/posts/c.md\", \"line\": 6, \"column\": 1, "
                   "\"id\": \"broken-link\", \"message\": \"The link “nope.md” leads to no page of the site\"}\n]\n");

  /* A folder inside the site: the site's check, that folder's findings. */
  sub = RUN (dir, "check", "site/content/posts/bundle");
  g_assert_cmpint (sub->status, ==, 0);
  g_assert_cmpstr (sub->err, ==, "");

  usage = RUN (dir, "check", "--format", "xml", "site");
  g_assert_cmpint (usage->status, ==, 2);
}

/* --fix: each near-duplicate tag becomes the most used spelling, through
 * set's splices: comments (the changed item's own too), quoting and every
 * other byte stay. */
static void
test_check_fix_tags (void)
{
  g_autoptr(Workspace) dir = make_check_site ();
  g_autoptr(Run) fix = NULL;
  g_autoptr(Run) again = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *e = NULL;
  const char *a_text = POST ("A", "tags: [Vélo, code]\n", "A\n");

  write_file (dir, "site/content/posts/a.md", a_text);
  write_file (dir, "site/content/posts/b.md",
              "---\ntitle: B   # a comment\ndescription: D\ntags:\n  - code   # why\n  - velo  # note\n"
              "  - \"VELO\"\ncategories: Sport\n---\nB\n");
  write_file (dir, "site/content/posts/c.md",
              "---\ntitle: C\ndescription: D\ntags: ['Vélo']\ncategories: [sport, Sport]\n---\nC\n");
  write_file (dir, "site/content/posts/e.md",
              "+++\ntitle = \"E\"\ndescription = \"D\"\ntags = [\"velo\"]  # toml\n+++\nE\n");

  /* Scripts see the fix. */
  {
    g_autoptr(Run) json = RUN (dir, "check", "--format", "json", "site");

    g_assert_nonnull (strstr (json->out, "\"id\": \"tag-near-duplicate\", \"message\": \"The tag “velo” (2 posts) "
                                         "differs only by case, accents or spaces from “Vélo” (2 posts), “VELO” (1 post)\", "
                                         "\"fix\": {\"key\": \"tags\", \"from\": \"velo\", \"to\": \"Vélo\"}}"));
  }
  fix = RUN (dir, "check", "--fix", "site");
  g_assert_cmpint (fix->status, ==, 0);
  g_assert_cmpstr (fix->err, ==, "");
  g_assert_nonnull (strstr (fix->out, "site/content/posts/b.md: merged “velo” into “Vélo”\n"));
  g_assert_nonnull (strstr (fix->out, "site/content/posts/c.md: merged “sport” into “Sport”\n"));

  a = read_text (dir, "site/content/posts/a.md");
  b = read_text (dir, "site/content/posts/b.md");
  c = read_text (dir, "site/content/posts/c.md");
  e = read_text (dir, "site/content/posts/e.md");
  g_assert_cmpstr (a, ==, a_text);
  g_assert_cmpstr (b, ==, "---\ntitle: B   # a comment\ndescription: D\ntags:\n  - code   # why\n  - Vélo  # note\n"
                          "categories: Sport\n---\nB\n");
  g_assert_cmpstr (c, ==, "---\ntitle: C\ndescription: D\ntags: ['Vélo']\ncategories: [Sport]\n---\nC\n");
  g_assert_cmpstr (e, ==, "+++\ntitle = \"E\"\ndescription = \"D\"\ntags = [\"Vélo\"]  # toml\n+++\nE\n");

  again = RUN (dir, "check", "site");
  g_assert_cmpint (again->status, ==, 0);
  g_assert_cmpstr (again->err, ==, "");
}

/* Real sites: Hugo's documentation and Jekyll's posts. What they hold that
 * is really wrong is listed; the rest of what they link to (images, Jekyll's
 * other pages) is not in the corpora, which keep only posts. */
static void
test_check_corpora (void)
{
  const char *corpora = g_getenv ("BILLET_CORPORA");
  g_autofree char *hugo_docs = NULL;
  g_autofree char *jekyll_posts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Workspace) dir = g_dir_make_tmp ("billet-check-XXXXXX", &error);
  g_autoptr(Run) hugo = NULL;
  g_autoptr(Run) jekyll = NULL;
  g_autofree char *hugo_site = NULL;
  g_autofree char *jekyll_site = NULL;

  if (corpora == NULL || !g_file_test ((hugo_docs = g_build_filename (corpora, "hugo-docs", "content", NULL)),
                                       G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no corpora (BILLET_CORPORA)");
      return;
    }
  jekyll_posts = g_build_filename (corpora, "jekyll-posts", NULL);
  hugo_site = g_build_filename (dir, "hugo", "content", NULL);
  jekyll_site = g_build_filename (dir, "jekyll", "_posts", NULL);
  billet_test_copy_tree (hugo_docs, hugo_site);
  billet_test_copy_tree (jekyll_posts, jekyll_site);
  /* Hugo's own configuration, as far as content goes. */
  write_file (dir, "hugo/hugo.toml",
              "defaultContentLanguage = \"en\"\n[languages.en]\ncontentDir = \"content/en\"\n");
  write_file (dir, "jekyll/_config.yml", "title: Jekyll\n");

  hugo = RUN (dir, "check", "hugo");
  g_assert_cmpint (hugo->status, ==, 1);
  /* No link that leads nowhere, no anchor that no heading has. */
  g_assert_cmpuint (count_findings (hugo->err, "broken-link"), ==, 0);
  g_assert_cmpuint (count_findings (hugo->err, "missing-anchor"), ==, 0);
  g_assert_cmpuint (count_findings (hugo->err, "missing-title"), ==, 0);
  /* Two aliases that other pages' URLs take (real: Hugo publishes the page). */
  g_assert_cmpuint (count_findings (hugo->err, "duplicate-url"), ==, 2);
  ASSERT_FINDING (hugo->err, "hugo/content/en/functions/time/AsTime.md", 11, "duplicate-url");
  ASSERT_FINDING (hugo->err, "hugo/content/en/content-management/sections.md", 7, "duplicate-url");

  jekyll = RUN (dir, "check", "jekyll");
  /* Only {% link _docs/history.md %}, Jekyll's documentation collection,
   * which the corpus does not hold; post_url and link to posts all lead. */
  g_assert_cmpuint (count_findings (jekyll->err, "broken-link"), ==, 3);
  ASSERT_FINDING (jekyll->err, "jekyll/_posts/2023-01-29-jekyll-3-9-3-released.markdown", 13, "broken-link");
  g_assert_nonnull (strstr (jekyll->err, "“_docs/history.md”"));
  /* Real: titles of 65 and 76 characters. */
  g_assert_cmpuint (count_findings (jekyll->err, "title-too-long"), ==, 2);
  g_assert_cmpuint (count_findings (jekyll->err, "missing-anchor"), ==, 0);
  g_assert_cmpuint (count_findings (jekyll->err, "duplicate-url"), ==, 0);
  g_assert_cmpuint (count_findings (jekyll->err, "tag-near-duplicate"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/billet/cli-site/list/tsv", test_list_tsv);
  g_test_add_func ("/billet/cli-site/list/json", test_list_json);
  g_test_add_func ("/billet/cli-site/list/usage", test_list_usage);
  g_test_add_func ("/billet/cli-site/list/front-matter-only", test_list_front_matter_only);
  g_test_add_func ("/billet/cli-site/export", test_export);
  g_test_add_func ("/billet/cli-site/export/post-of-site", test_export_post_of_site);
  g_test_add_func ("/billet/cli-site/export/deterministic", test_export_deterministic);
  g_test_add_func ("/billet/cli-site/export/page-language", test_export_page_language);
  g_test_add_func ("/billet/cli-site/export/site-links", test_export_site_links);
  g_test_add_func ("/billet/cli-site/export/toml", test_export_toml);
  g_test_add_func ("/billet/cli-site/sites/hugo-config-dir", test_hugo_config_dir);
  g_test_add_func ("/billet/cli-site/sites/hugo-translations", test_hugo_translations);
  g_test_add_func ("/billet/cli-site/sites/zola", test_zola);
  g_test_add_func ("/billet/cli-site/sites/jekyll", test_jekyll);
  g_test_add_func ("/billet/cli-site/sites/astro", test_astro);
  g_test_add_func ("/billet/cli-site/sites/astro-data", test_astro_data);
  g_test_add_func ("/billet/cli-site/export/heading-ids", test_export_heading_ids);
  g_test_add_func ("/billet/cli-site/export/liquid", test_export_liquid);
  g_test_add_func ("/billet/cli-site/export/goldmark", test_export_goldmark);
  g_test_add_func ("/billet/cli-site/check/links", test_check_links);
  g_test_add_func ("/billet/cli-site/check/duplicate-urls", test_check_duplicate_urls);
  g_test_add_func ("/billet/cli-site/check/tags", test_check_tags);
  g_test_add_func ("/billet/cli-site/check/search-snippets", test_check_search_snippets);
  g_test_add_func ("/billet/cli-site/check/schedule-translations", test_check_schedule_translations);
  g_test_add_func ("/billet/cli-site/check/translation-dirs", test_check_translation_dirs);
  g_test_add_func ("/billet/cli-site/check/jekyll", test_check_jekyll);
  g_test_add_func ("/billet/cli-site/check/zola", test_check_zola);
  g_test_add_func ("/billet/cli-site/check/json-and-clean", test_check_json_and_clean);
  g_test_add_func ("/billet/cli-site/check/fix-tags", test_check_fix_tags);
  g_test_add_func ("/billet/cli-site/check/corpora", test_check_corpora);

  return g_test_run ();
}
