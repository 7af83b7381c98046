/* test-preview-images.c — which local files the preview's page may load, without a web view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The preview's page loads its images through our billet-image: scheme;
 * billet_preview_image_lookup() decides, for the site of the page, what a
 * request may read. A post is hostile input: its images may name any path,
 * with "..", escapes, symbolic links planted in the site, another host or
 * scheme. Each case builds a small tree in a temporary folder and asks the
 * lookup what the page would get: the file, or a refusal — nothing outside
 * the site (or the post's folder, for a post in no site), nothing that is
 * not an image.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "billet-preview-images.h"
#include "billet-test-utils.h"

typedef struct
{
  char *dir;   /* real path of the temporary folder */
} Fixture;

static void
write_file (Fixture    *f,
            const char *relative,
            const char *contents)
{
  g_autofree char *path = g_build_filename (f->dir, relative, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

static void
make_link (Fixture    *f,
           const char *relative,
           const char *target)
{
  g_autofree char *path = g_build_filename (f->dir, relative, NULL);
  g_autofree char *to = g_path_is_absolute (target) ? g_strdup (target) : g_build_filename (f->dir, target, NULL);

  g_assert_cmpint (symlink (to, path), ==, 0);
}

/* A Hugo site, a post in a folder of its own in it, and things around. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("billet-preview-images-XXXXXX", &error);
  g_autofree char *dir_png = NULL;
  char *real;

  g_assert_no_error (error);
  /* /tmp may itself be a link: every answer is a real path. */
  real = realpath (tmp, NULL);
  g_assert_nonnull (real);
  f->dir = g_strdup (real);
  free (real);

  write_file (f, "site/hugo.toml", "title = 'Site'\n");
  write_file (f, "site/content/posts/p/index.md", "---\ntitle: P\n---\n![a](pic.png)\n");
  write_file (f, "site/content/posts/p/pic.png", "png");
  write_file (f, "site/content/posts/p/sub/deep.jpg", "jpg");
  write_file (f, "site/content/posts/p/notes.txt", "notes");
  write_file (f, "site/content/other/x.png", "png");
  write_file (f, "site/static/images/logo.png", "png");
  write_file (f, "site/static/vector.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
  write_file (f, "outside/secret.png", "secret");
  write_file (f, "site-evil/x.png", "png");
  dir_png = g_build_filename (f->dir, "site", "content", "posts", "p", "dir.png", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir_png, 0700), ==, 0);
  /* Links planted in the site: out of it, and within it. */
  make_link (f, "site/content/posts/p/sneaky.png", "outside/secret.png");
  make_link (f, "site/content/posts/p/alias.png", "site/content/posts/p/pic.png");
  make_link (f, "site/static/images/escape.png", "outside/secret.png");
  make_link (f, "site/content/posts/p/up", "outside");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  billet_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* "%R" in @pattern is the fixture's folder. */
static char *
expand (Fixture    *f,
        const char *pattern)
{
  g_autoptr(GString) out = g_string_new (pattern);

  g_string_replace (out, "%R", f->dir, 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static BilletPreviewSite *
site_for (Fixture    *f,
          const char *relative)
{
  g_autofree char *dir = g_build_filename (f->dir, relative, NULL);

  return billet_preview_site_new (dir);
}

static void
assert_allowed (BilletPreviewSite *site,
                const char        *uri,
                const char        *file,
                const char        *mime_type)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *type = NULL;
  g_autofree char *found = billet_preview_image_lookup (site, uri, &type, &error);

  if (found == NULL)
    g_error ("%s was refused (%s); expected %s", uri, error->message, file);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, file);
  if (mime_type != NULL)
    g_assert_cmpstr (type, ==, mime_type);
}

static void
assert_refused (BilletPreviewSite *site,
                const char        *uri,
                int                code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *type = NULL;
  g_autofree char *found = billet_preview_image_lookup (site, uri, &type, &error);

  if (found != NULL)
    g_error ("%s was allowed: %s", uri, found);
  g_assert_error (error, G_IO_ERROR, code);
  g_assert_null (type);
}

/* The site, as the core finds it from the post's folder. */
static void
test_site (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(BilletPreviewSite) site = site_for (f, "site/content/posts/p");
  g_autofree char *root = expand (f, "%R/site");
  g_autofree char *static_dir = expand (f, "%R/site/static");
  g_autofree char *post_dir = expand (f, "%R/site/content/posts/p");

  g_assert_cmpstr (site->post_dir, ==, post_dir);
  g_assert_cmpstr (site->root, ==, root);
  g_assert_cmpstr (site->static_dir, ==, static_dir);
  g_assert_false (site->unsafe);
}

static const struct
{
  const char *uri;
  const char *file;       /* NULL: refused */
  int         code;       /* when refused */
  const char *mime_type;
} site_cases[] = {
  /* Inside the site, as it is. */
  { "billet-image://local%R/site/content/posts/p/pic.png", "%R/site/content/posts/p/pic.png", 0, "image/png" },
  { "billet-image://local%R/site/content/posts/p/sub/deep.jpg", "%R/site/content/posts/p/sub/deep.jpg", 0, "image/jpeg" },
  { "billet-image://local%R/site/content/other/x.png", "%R/site/content/other/x.png", 0, "image/png" },
  { "billet-image://local%R/site/static/images/logo.png", "%R/site/static/images/logo.png", 0, "image/png" },
  /* A link within the site: the file it names. */
  { "billet-image://local%R/site/content/posts/p/alias.png", "%R/site/content/posts/p/pic.png", 0, "image/png" },
  /* Root-relative: the static folder. */
  { "billet-image://local/images/logo.png", "%R/site/static/images/logo.png", 0, "image/png" },
  { "billet-image://local/vector.svg", "%R/site/static/vector.svg", 0, "image/svg+xml" },
  /* Escapes: dot segments, encoded or not, links planted in the site or
   * its static folder, a folder whose name starts like the site's. */
  { "billet-image://local%R/outside/secret.png", NULL, G_IO_ERROR_NOT_FOUND, NULL },
  { "billet-image://local%R/site/content/posts/p/../../../../outside/secret.png", NULL, G_IO_ERROR_NOT_FOUND, NULL },
  { "billet-image://local%R/site/content/posts/p/%2E%2E/%2e%2e/%2E%2E/%2E%2E/outside/secret.png", NULL, G_IO_ERROR_NOT_FOUND, NULL },
  { "billet-image://local%R/site/content/posts/p/..%2F..%2F..%2F..%2Foutside%2Fsecret.png", NULL, G_IO_ERROR_NOT_FOUND, NULL },
  { "billet-image://local%R/site/content/posts/p/sneaky.png", NULL, G_IO_ERROR_NOT_FOUND, NULL },
  { "billet-image://local%R/site/content/posts/p/up/secret.png", NULL, G_IO_ERROR_NOT_FOUND, NULL },
  { "billet-image://local/images/escape.png", NULL, G_IO_ERROR_NOT_FOUND, NULL },
  { "billet-image://local/../../outside/secret.png", NULL, G_IO_ERROR_NOT_FOUND, NULL },
  { "billet-image://local/images/%2E%2E/%2E%2E/%2E%2E/outside/secret.png", NULL, G_IO_ERROR_NOT_FOUND, NULL },
  { "billet-image://local%R/site-evil/x.png", NULL, G_IO_ERROR_NOT_FOUND, NULL },
  { "billet-image://local/etc/passwd", NULL, G_IO_ERROR_NOT_FOUND, NULL },
  { "billet-image://local%R/site/content/posts/p/missing.png", NULL, G_IO_ERROR_NOT_FOUND, NULL },
  { "billet-image://local%R/site/content/posts/p/dir.png", NULL, G_IO_ERROR_NOT_FOUND, NULL },
  { "billet-image://local%R/site/content/posts/p/pic.png%00.txt", NULL, G_IO_ERROR_NOT_FOUND, NULL },
  /* Another host, scheme, or no host at all. */
  { "billet-image://evil%R/site/content/posts/p/pic.png", NULL, G_IO_ERROR_NOT_FOUND, NULL },
  { "billet-image://%R/site/content/posts/p/pic.png", NULL, G_IO_ERROR_NOT_FOUND, NULL },
  { "billet-image:%R/site/content/posts/p/pic.png", NULL, G_IO_ERROR_NOT_FOUND, NULL },
  { "file://%R/site/content/posts/p/pic.png", NULL, G_IO_ERROR_NOT_FOUND, NULL },
  { "https://local%R/site/content/posts/p/pic.png", NULL, G_IO_ERROR_NOT_FOUND, NULL },
  { "%R/site/content/posts/p/pic.png", NULL, G_IO_ERROR_NOT_FOUND, NULL },
  { "", NULL, G_IO_ERROR_NOT_FOUND, NULL },
  /* In the site, but not images. */
  { "billet-image://local%R/site/content/posts/p/index.md", NULL, G_IO_ERROR_PERMISSION_DENIED, NULL },
  { "billet-image://local%R/site/content/posts/p/notes.txt", NULL, G_IO_ERROR_PERMISSION_DENIED, NULL },
  { "billet-image://local%R/site/hugo.toml", NULL, G_IO_ERROR_PERMISSION_DENIED, NULL },
};

static void
test_site_rules (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(BilletPreviewSite) site = site_for (f, "site/content/posts/p");

  for (guint i = 0; i < G_N_ELEMENTS (site_cases); i++)
    {
      g_autofree char *uri = expand (f, site_cases[i].uri);

      if (site_cases[i].file != NULL)
        {
          g_autofree char *file = expand (f, site_cases[i].file);

          assert_allowed (site, uri, file, site_cases[i].mime_type);
        }
      else
        assert_refused (site, uri, site_cases[i].code);
    }
}

/* What the page's relative and root-relative images become, through its
 * base URI. */
static void
test_relative (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(BilletPreviewSite) site = site_for (f, "site/content/posts/p");
  g_autofree char *folder = expand (f, "%R/site/content/posts/p");
  g_autofree char *folder_uri = g_filename_to_uri (folder, NULL, NULL);
  g_autofree char *base = billet_preview_page_base_uri (folder_uri);
  static const struct { const char *src; const char *file; } cases[] = {
    { "pic.png", "%R/site/content/posts/p/pic.png" },
    { "./sub/deep.jpg", "%R/site/content/posts/p/sub/deep.jpg" },
    { "../../other/x.png", "%R/site/content/other/x.png" },
    { "/images/logo.png", "%R/site/static/images/logo.png" },
    { "../../../../outside/secret.png", NULL },
    { "../../../../../../../../../etc/passwd", NULL },
    { "sneaky.png", NULL },
    { "//evil/images/logo.png", NULL },
  };

  g_assert_true (g_str_has_prefix (base, BILLET_PREVIEW_IMAGE_SCHEME "://local/"));
  g_assert_true (g_str_has_suffix (base, "/"));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = g_uri_resolve_relative (base, cases[i].src, G_URI_FLAGS_NONE, &error);

      g_assert_no_error (error);
      if (cases[i].file != NULL)
        {
          g_autofree char *file = expand (f, cases[i].file);

          assert_allowed (site, uri, file, NULL);
        }
      else
        assert_refused (site, uri, G_IO_ERROR_NOT_FOUND);
    }
}

/* A post in no site: its own folder and below, nothing beside or above;
 * names that need escaping survive the trip through the base URI. */
static void
test_no_site (Fixture       *f,
              gconstpointer  data)
{
  const char *odd = "plain/a #b?c%25 é;d";
  g_autofree char *folder = g_build_filename (f->dir, odd, NULL);
  g_autofree char *folder_uri = NULL;
  g_autofree char *base = NULL;
  g_autofree char *pic = g_build_filename (folder, "pic.png", NULL);
  g_autofree char *below = g_build_filename (folder, "img", "below.gif", NULL);
  g_autoptr(BilletPreviewSite) site = NULL;
  static const char *refused[] = { "../sibling/pic.png", "../up.png", "/pic.png", "/images/logo.png" };

  write_file (f, "plain/a #b?c%25 é;d/pic.png", "png");
  write_file (f, "plain/a #b?c%25 é;d/img/below.gif", "gif");
  write_file (f, "plain/sibling/pic.png", "png");
  write_file (f, "plain/up.png", "png");

  site = billet_preview_site_new (folder);
  g_assert_null (site->root);
  g_assert_null (site->static_dir);
  g_assert_cmpstr (site->post_dir, ==, folder);

  folder_uri = g_filename_to_uri (folder, NULL, NULL);
  base = billet_preview_page_base_uri (folder_uri);
  {
    g_autofree char *uri = g_uri_resolve_relative (base, "pic.png", G_URI_FLAGS_NONE, NULL);

    assert_allowed (site, uri, pic, "image/png");
  }
  {
    g_autofree char *uri = g_uri_resolve_relative (base, "img/below.gif", G_URI_FLAGS_NONE, NULL);

    assert_allowed (site, uri, below, "image/gif");
  }
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *uri = g_uri_resolve_relative (base, refused[i], G_URI_FLAGS_NONE, NULL);

      assert_refused (site, uri, G_IO_ERROR_NOT_FOUND);
    }
}

/* A multilingual Hugo site: the page of a post in a language's content
 * folder speaks that language as the site names it, as the export's. */
static void
test_languages (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *fr = NULL;
  g_autofree char *en = NULL;
  g_autoptr(BilletPreviewSite) fr_site = NULL;
  g_autoptr(BilletPreviewSite) en_site = NULL;

  write_file (f, "multi/hugo.toml",
              "title = \"Carnets\"\ndefaultContentLanguage = \"fr\"\n"
              "[languages.fr]\ncontentDir = \"content/fr\"\nlanguageCode = \"fr-FR\"\nweight = 1\n"
              "[languages.en]\ncontentDir = \"content/en\"\nlanguageCode = \"en-GB\"\nweight = 2\n");
  write_file (f, "multi/content/fr/posts/col.md", "---\ntitle: Col\n---\n");
  write_file (f, "multi/content/en/posts/pass.md", "---\ntitle: Pass\n---\n");
  fr = g_build_filename (f->dir, "multi", "content", "fr", "posts", NULL);
  en = g_build_filename (f->dir, "multi", "content", "en", NULL);

  fr_site = billet_preview_site_new (fr);
  en_site = billet_preview_site_new (en);
  g_assert_cmpstr (fr_site->lang, ==, "fr-FR");
  g_assert_cmpstr (en_site->lang, ==, "en-GB");
}

/* A post with no file yet, and a post at the root of the file system:
 * nothing at all. */
static void
test_nowhere (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(BilletPreviewSite) unsaved = billet_preview_site_new (NULL);
  g_autoptr(BilletPreviewSite) root = billet_preview_site_new ("/");
  g_autofree char *pic = expand (f, "billet-image://local%R/site/content/posts/p/pic.png");
  g_autofree char *base = billet_preview_page_base_uri (NULL);

  g_assert_cmpstr (base, ==, BILLET_PREVIEW_IMAGE_SCHEME "://local/");
  assert_refused (unsaved, pic, G_IO_ERROR_NOT_FOUND);
  assert_refused (unsaved, "billet-image://local/images/logo.png", G_IO_ERROR_NOT_FOUND);
  assert_refused (root, pic, G_IO_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/billet/preview-images/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("site", test_site);
  ADD ("site-rules", test_site_rules);
  ADD ("relative", test_relative);
  ADD ("no-site", test_no_site);
  ADD ("nowhere", test_nowhere);
  ADD ("languages", test_languages);

#undef ADD

  return g_test_run ();
}
