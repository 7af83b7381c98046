/* test-site.c — finding a site's root, kind and settings; the TOML reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "billet-test-utils.h"
#include "billet-site.h"

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

static void
make_dir (const char *dir,
          const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
}

static char *
canonical (const char *path)
{
  char real[PATH_MAX];

  g_assert_nonnull (realpath (path, real));
  return g_strdup (real);
}

typedef struct
{
  const char     *name;
  /* "path=contents" lines; a name ending in "/" is a folder */
  const char     *files[8];
  const char     *open;          /* relative to the site folder */
  BilletSiteKind  kind;
  const char     *root;          /* relative; "" = the site folder */
  const char     *content[4];    /* relative */
  const char     *static_dir;    /* relative, or NULL */
  gboolean        unsafe;
  const char     *language;
  const char     *title;
} DetectCase;

static const DetectCase detect_cases[] = {
  { "hugo-toml",
    { "hugo.toml=baseURL = \"https://x.example/\"\nlanguageCode = 'fr-FR' # the site\ntitle = \"Mon \\\"site\\\"\"\n"
      "[markup]\n  [markup.goldmark.renderer]\n    unsafe = true\n",
      "content/posts/a.md=---\ntitle: A\n---\n", "static/", NULL },
    "content/posts/a.md", BILLET_SITE_HUGO, "", { "content", NULL }, "static", TRUE, "fr-FR", "Mon \"site\"" },
  { "hugo-dotted-keys",
    { "hugo.toml=markup.goldmark.renderer.unsafe = false\ndefaultContentLanguage = \"de\"\n",
      "content/", NULL },
    "", BILLET_SITE_HUGO, "", { "content", NULL }, NULL, FALSE, "de", NULL },
  { "hugo-inline-table",
    { "hugo.toml=contentDir = \"posts\"\nmarkup = { goldmark = { renderer = { unsafe = true } } }\n",
      "posts/", NULL },
    "", BILLET_SITE_HUGO, "", { "posts", NULL }, NULL, TRUE, NULL, NULL },
  /* TOML as Hugo reads it: escapes, multi-line strings, arrays of tables,
   * a [params] title that is not the site's */
  { "hugo-toml-full",
    { "hugo.toml=title = \"\"\"Carnets \\\n    de \\u00E9t\u00e9\"\"\"\n"
      "languageCode = \"fr\" # = not the value\n"
      "[[menu.main]]\n  name = 'Accueil'\n  title = 'not the site'\n"
      "[params]\n  title = 'not the site either'\n"
      "[markup.goldmark.renderer]\n  'unsafe' = true\n",
      "content/", NULL },
    "", BILLET_SITE_HUGO, "", { "content", NULL }, NULL, TRUE, "fr", "Carnets de été" },
  /* Invalid TOML, which Hugo refuses: the defaults */
  { "hugo-toml-invalid",
    { "hugo.toml=title = \"Blog\"\nlanguageCode = fr\n", "content/", NULL },
    "", BILLET_SITE_HUGO, "", { "content", NULL }, NULL, FALSE, NULL, NULL },
  { "hugo-config-yaml",
    { "config.yaml=title: Blog\nlanguageCode: en-GB\nmarkup:\n  goldmark:\n    renderer:\n      unsafe: true\n",
      "content/", NULL },
    "", BILLET_SITE_HUGO, "", { "content", NULL }, NULL, TRUE, "en-GB", "Blog" },
  { "config-toml-without-content-is-plain",
    { "config.toml=title = \"not a site\"\n", "notes/a.md=# A\n", NULL },
    "", BILLET_SITE_PLAIN, "", { "", NULL }, "", FALSE, NULL, NULL },
  { "jekyll",
    { "_config.yml=title: Blog\nlang: fr\n", "_posts/2020-01-02-a.md=---\n---\n", "_drafts/", NULL },
    "_posts", BILLET_SITE_JEKYLL, "", { "_posts", "_drafts", NULL }, "", TRUE, "fr", "Blog" },
  { "astro",
    { "astro.config.mjs=export default {}\n", "src/content/blog/a.md=---\n---\n", "public/", NULL },
    "src/content/blog", BILLET_SITE_ASTRO, "", { "src/content", NULL }, "public", TRUE, NULL, NULL },
  { "plain",
    { "a.md=# A\n", "b/c.md=# C\n", NULL },
    "b", BILLET_SITE_PLAIN, "b", { "b", NULL }, "b", FALSE, NULL, NULL },
  { "plain-with-content-folder",
    { "LICENSE.md=text\n", "content/a.md=# A\n", NULL },
    "", BILLET_SITE_PLAIN, "", { "content", NULL }, "", FALSE, NULL, NULL },
  /* Hugo's configuration folder, merged as Hugo merges it; the
   * environments' folders are not read. */
  { "hugo-config-dir",
    { "config/_default/hugo.toml=title = \"Carnets\"\nContentDir = \"articles\"\n",
      "config/_default/markup.yaml=goldmark:\n  renderer:\n    unsafe: true\n",
      "config/_default/params.toml=title = \"not the site's\"\nlanguageCode = \"xx\"\n",
      "config/production/markup.toml=[goldmark.renderer]\nunsafe = false\n",
      "config/production/hugo.toml=title = \"Production\"\n", "articles/" },
    "articles", BILLET_SITE_HUGO, "", { "articles", NULL }, NULL, TRUE, NULL, "Carnets" },
  /* A key's file wins over the same key in hugo.toml */
  { "hugo-config-dir-key-file-wins",
    { "config/_default/config.yaml=title: Notes\nmarkup:\n  goldmark:\n    renderer:\n      unsafe: true\n",
      "config/_default/markup.toml=[goldmark.renderer]\nunsafe = false\n",
      "config/_default/languages.json={\"de\": {\"contentDir\": \"inhalt\"}, \"en\": {\"weight\": 2}}\n",
      "inhalt/", "content/", NULL },
    "", BILLET_SITE_HUGO, "", { "content", "inhalt", NULL }, NULL, FALSE, NULL, "Notes" },
  { "hugo-languages-content-dirs",
    { "hugo.toml=defaultContentLanguage = 'fr'\n[languages.en]\ncontentDir = 'content/en'\nweight = 1\n"
      "[languages.fr]\ncontentDir = 'content/fr'\nweight = 2\n",
      "content/en/", "content/fr/", NULL },
    "content/fr", BILLET_SITE_HUGO, "", { "content/fr", "content/en", NULL }, NULL, FALSE, "fr", NULL },
  { "zola",
    { "config.toml=base_url = \"https://jardin.example.org\"\ntitle = \"Jardin\"\ndefault_language = \"fr\"\n"
      "[markdown]\nsmart_punctuation = true\n",
      "content/blog/a.md=+++\ntitle = \"A\"\n+++\n", "static/", NULL },
    "content/blog", BILLET_SITE_ZOLA, "", { "content", NULL }, "static", TRUE, "fr", "Jardin" },
  { "jekyll-collections",
    { "_config.yml=collections_dir: col\ncollections:\n  recettes:\n    output: true\n  notes: {}\n",
      "col/_posts/", "col/_recettes/", "col/_drafts/", "_posts/", NULL },
    "", BILLET_SITE_JEKYLL, "", { "col/_posts", "col/_drafts", "col/_recettes", NULL }, "", TRUE, NULL, NULL },
  { "jekyll-collections-list",
    { "_config.yml=collections: [recettes]\n", "_posts/", "_recettes/", NULL },
    "", BILLET_SITE_JEKYLL, "", { "_posts", "_recettes", NULL }, "", TRUE, NULL, NULL },
  { "nested-file",
    { "hugo.yaml=title: Deep\n", "content/a/b/c/post.md=# P\n", NULL },
    "content/a/b/c/post.md", BILLET_SITE_HUGO, "", { "content", NULL }, NULL, FALSE, NULL, "Deep" },
};

static void
test_detect (gconstpointer data)
{
  const DetectCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("billet-site-XXXXXX", &error);
  g_autofree char *dir = NULL;
  g_autofree char *open = NULL;
  g_autofree char *root = NULL;
  g_autoptr(BilletSite) site = NULL;
  const char * const *content;
  guint n = 0;

  g_assert_no_error (error);
  dir = canonical (tmp);
  for (guint i = 0; c->files[i] != NULL; i++)
    {
      const char *eq = strchr (c->files[i], '=');

      if (eq == NULL)
        make_dir (dir, c->files[i]);
      else
        {
          g_autofree char *name = g_strndup (c->files[i], eq - c->files[i]);

          write_file (dir, name, eq + 1);
        }
    }

  open = g_build_filename (dir, c->open, NULL);
  site = billet_site_new_for_path (open, &error);
  g_assert_no_error (error);
  g_assert_nonnull (site);

  g_assert_cmpstr (billet_site_kind_to_string (billet_site_get_kind (site)), ==,
                   billet_site_kind_to_string (c->kind));
  root = *c->root != '\0' ? g_build_filename (dir, c->root, NULL) : g_strdup (dir);
  g_assert_cmpstr (billet_site_get_root (site), ==, root);

  content = billet_site_get_content_dirs (site);
  for (; content[n] != NULL; n++)
    {
      g_autofree char *expected = *c->content[n] != '\0' ? g_build_filename (dir, c->content[n], NULL)
                                                         : g_strdup (dir);

      g_assert_nonnull (c->content[n]);
      g_assert_cmpstr (content[n], ==, expected);
    }
  g_assert_null (c->content[n]);

  if (c->static_dir == NULL)
    g_assert_null (billet_site_get_static_dir (site));
  else
    {
      g_autofree char *expected = *c->static_dir != '\0' ? g_build_filename (dir, c->static_dir, NULL)
                                                         : g_strdup (dir);

      g_assert_cmpstr (billet_site_get_static_dir (site), ==, expected);
    }
  g_assert_cmpint (billet_site_get_unsafe (site), ==, c->unsafe);
  g_assert_cmpstr (billet_site_get_language (site), ==, c->language);
  g_assert_cmpstr (billet_site_get_title (site), ==, c->title);

  g_assert_true (billet_site_is_inside (site, root));
  g_assert_false (billet_site_is_inside (site, "/"));
  {
    g_autofree char *sibling = g_strconcat (root, "x", NULL);

    g_assert_false (billet_site_is_inside (site, sibling));
  }

  billet_test_remove_tree (dir);
}

static void
test_missing (void)
{
  g_autoptr(GError) error = NULL;
  BilletSite *site = billet_site_new_for_path ("/nonexistent/billet/folder", &error);

  g_assert_null (site);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

/* A content folder named by the configuration never leads out of the site. */
static void
test_content_dir_outside (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("billet-site-XXXXXX", &error);
  g_autofree char *dir = canonical (tmp);
  g_autoptr(BilletSite) site = NULL;

  write_file (dir, "site/hugo.toml", "contentDir = \"../elsewhere\"\n");
  make_dir (dir, "elsewhere");
  {
    g_autofree char *path = g_build_filename (dir, "site", NULL);
    g_autofree char *root = g_strdup (path);

    site = billet_site_new_for_path (path, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (billet_site_get_content_dirs (site)[0], ==, root);
    g_assert_null (billet_site_get_content_dirs (site)[1]);
  }
  billet_test_remove_tree (dir);
}

/* A multilingual site's languages: the default first, each one's
 * content folder and output folder. */
static void
test_languages (void)
{
  g_autofree char *tmp = billet_test_copy_fixture ("sites/hugo-config-dir");
  g_autofree char *dir = canonical (tmp);
  g_autofree char *root = g_build_filename (dir, "hugo-config-dir", NULL);
  g_autofree char *fr = g_build_filename (root, "content", "fr", NULL);
  g_autofree char *en = g_build_filename (root, "content", "en", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BilletSite) site = billet_site_new_for_path (fr, &error);
  const char * const *languages;

  g_assert_no_error (error);
  g_assert_cmpint (billet_site_get_kind (site), ==, BILLET_SITE_HUGO);
  g_assert_cmpstr (billet_site_get_root (site), ==, root);
  g_assert_cmpstr (billet_site_get_title (site), ==, "Carnets de route");
  g_assert_true (billet_site_get_unsafe (site));
  languages = billet_site_get_languages (site);
  g_assert_cmpstr (languages[0], ==, "fr");
  g_assert_cmpstr (languages[1], ==, "en");
  g_assert_null (languages[2]);
  g_assert_cmpstr (billet_site_get_default_language (site), ==, "fr");
  g_assert_cmpstr (billet_site_get_dir_language (site, fr), ==, "fr");
  g_assert_cmpstr (billet_site_get_dir_language (site, en), ==, "en");
  g_assert_null (billet_site_get_dir_language (site, root));
  g_assert_null (billet_site_get_language_subdir (site, "fr"));
  g_assert_cmpstr (billet_site_get_language_subdir (site, "en"), ==, "en");
  g_assert_null (billet_site_get_language_subdir (site, "de"));
  g_assert_cmpstr (billet_site_get_content_dirs (site)[0], ==, fr);
  g_assert_cmpstr (billet_site_get_content_dirs (site)[1], ==, en);
  g_assert_null (billet_site_get_content_dirs (site)[2]);

  billet_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (detect_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/billet/site/detect/%s", detect_cases[i].name);

      g_test_add_data_func (path, &detect_cases[i], test_detect);
    }
  g_test_add_func ("/billet/site/missing", test_missing);
  g_test_add_func ("/billet/site/content-dir-outside", test_content_dir_outside);
  g_test_add_func ("/billet/site/languages", test_languages);

  return g_test_run ();
}
