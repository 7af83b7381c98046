/* test-page-bundle.c — turning a post into a page bundle, or refusing to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "billet-page-bundle.h"
#include "billet-test-utils.h"

#define POST \
  "---\ntitle: Trip\n---\n" \
  "A cat: ![a cat](/images/trip/cat.png \"Cat\") and a dog ![](dog.png).\n" \
  "[Elsewhere](https://example.com/x.png), ![far](https://example.com/far.png).\n" \
  "![again](/images/trip/cat.png)\n"

#define BUNDLED \
  "---\ntitle: Trip\n---\n" \
  "A cat: ![a cat](cat.png \"Cat\") and a dog ![](dog.png).\n" \
  "[Elsewhere](https://example.com/x.png), ![far](https://example.com/far.png).\n" \
  "![again](cat.png)\n"

static char *
make_site (const char * const *files)
{
  g_autofree char *tmp = g_dir_make_tmp ("billet-page-bundle-XXXXXX", NULL);
  char real[PATH_MAX];

  g_assert_nonnull (realpath (tmp, real));
  for (guint i = 0; files[i] != NULL; i++)
    {
      const char *eq = strchr (files[i], '=');
      g_autofree char *name = g_strndup (files[i], (gsize) (eq - files[i]));

      billet_test_write_file (real, name, eq + 1);
    }
  return g_strdup (real);
}

static char *
read_in (const char *root,
         const char *name)
{
  g_autofree char *path = g_build_filename (root, name, NULL);
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return text;
}

static gboolean
convert (const char  *root,
         const char  *post,
         char       **bundle,
         GError     **error)
{
  g_autofree char *path = g_build_filename (root, post, NULL);
  g_autoptr(BilletSite) site = billet_site_new_for_path (path, NULL);

  return billet_page_bundle_convert (site, path, bundle, NULL, NULL, error);
}

static void
test_convert (void)
{
  const char * const files[] = { "hugo.toml=title = 'x'\n", "content/posts/trip.md=" POST,
                                 "content/posts/dog.png=DOG", "static/images/trip/cat.png=CAT",
                                 "content/posts/other.md=![b](/images/other/kitten.png)\n", NULL };
  g_autofree char *root = make_site (files);
  g_autofree char *bundle = NULL;
  g_autofree char *expected = g_build_filename (root, "content/posts/trip/index.md", NULL);
  g_autofree char *text = NULL;
  g_autofree char *cat = NULL;
  g_autofree char *dog = NULL;
  g_autofree char *old = NULL;
  g_autofree char *static_images = g_build_filename (root, "static/images/trip", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (convert (root, "content/posts/trip.md", &bundle, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (bundle, ==, expected);
  text = read_in (root, "content/posts/trip/index.md");
  g_assert_cmpstr (text, ==, BUNDLED);
  cat = read_in (root, "content/posts/trip/cat.png");
  dog = read_in (root, "content/posts/trip/dog.png");
  g_assert_cmpstr (cat, ==, "CAT");
  g_assert_cmpstr (dog, ==, "DOG");
  old = read_in (root, "content/posts/trip.md");
  g_assert_null (old);
  g_assert_false (g_file_test (static_images, G_FILE_TEST_EXISTS));

  billet_test_remove_tree (root);
}

static const char * const undo_files[] = {
  "hugo.toml=title = 'x'\n", "content/posts/trip.md=" POST, "content/posts/dog.png=DOG",
  "static/images/trip/cat.png=CAT", "content/posts/other.md=![b](/images/other/kitten.png)\n", NULL
};

static BilletPageBundleUndo *
convert_for_undo (const char *root)
{
  g_autofree char *path = g_build_filename (root, "content/posts/trip.md", NULL);
  g_autoptr(BilletSite) site = billet_site_new_for_path (path, NULL);
  g_autoptr(GError) error = NULL;
  BilletPageBundleUndo *undo = NULL;

  g_assert_true (billet_page_bundle_convert (site, path, NULL, NULL, &undo, &error));
  g_assert_no_error (error);
  g_assert_nonnull (undo);
  g_assert_cmpstr (billet_page_bundle_undo_get_post_path (undo), ==, path);
  return undo;
}

/* Undone: every file back where it was, with the same bytes, and the
 * folders the conversion made or emptied as they were. */
static void
test_undo (void)
{
  g_autofree char *root = make_site (undo_files);
  g_autoptr(BilletPageBundleUndo) undo = convert_for_undo (root);
  g_autofree char *bundle_dir = g_build_filename (root, "content/posts/trip", NULL);
  g_autofree char *post = NULL;
  g_autofree char *cat = NULL;
  g_autofree char *dog = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (billet_page_bundle_revert (undo, &error));
  g_assert_no_error (error);
  post = read_in (root, "content/posts/trip.md");
  g_assert_cmpstr (post, ==, POST);
  cat = read_in (root, "static/images/trip/cat.png");
  g_assert_cmpstr (cat, ==, "CAT");
  dog = read_in (root, "content/posts/dog.png");
  g_assert_cmpstr (dog, ==, "DOG");
  g_assert_false (g_file_test (bundle_dir, G_FILE_TEST_EXISTS));

  billet_test_remove_tree (root);
}

typedef struct
{
  const char *name;
  const char *file;      /* written after the conversion, or NULL */
  const char *contents;
  const char *removed;   /* removed after it, or NULL */
} UndoRefuseCase;

static const UndoRefuseCase undo_refuse_cases[] = {
  { "page-edited", "content/posts/trip/index.md", BUNDLED "More.\n", NULL },
  { "new-file", "content/posts/trip/notes.txt", "x", NULL },
  { "name-taken", "content/posts/trip.md", "new", NULL },
  { "image-place-taken", "static/images/trip/cat.png", "OTHER CAT", NULL },
  { "image-gone", NULL, NULL, "content/posts/trip/cat.png" },
};

/* The bundle changed since: the undo is refused, saying why, and nothing
 * on disk changes. */
static void
test_undo_refused (gconstpointer data)
{
  const UndoRefuseCase *c = data;
  g_autofree char *root = make_site (undo_files);
  g_autoptr(BilletPageBundleUndo) undo = convert_for_undo (root);
  g_autofree char *page = NULL;
  g_autofree char *dog = NULL;
  g_autofree char *old_dog = g_build_filename (root, "content/posts/dog.png", NULL);
  g_autoptr(GError) error = NULL;

  if (c->file != NULL)
    billet_test_write_file (root, c->file, c->contents);
  if (c->removed != NULL)
    {
      g_autofree char *path = g_build_filename (root, c->removed, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_false (billet_page_bundle_revert (undo, &error));
  g_assert_error (error, BILLET_PAGE_BUNDLE_ERROR, BILLET_PAGE_BUNDLE_ERROR_CHANGED);
  g_assert_cmpstr (error->message, !=, "");
  page = read_in (root, "content/posts/trip/index.md");
  g_assert_cmpstr (page, ==, g_str_equal (c->name, "page-edited") ? BUNDLED "More.\n" : BUNDLED);
  dog = read_in (root, "content/posts/trip/dog.png");
  g_assert_cmpstr (dog, ==, "DOG");
  g_assert_false (g_file_test (old_dog, G_FILE_TEST_EXISTS));

  billet_test_remove_tree (root);
}

typedef struct
{
  const char *name;
  const char *files[6];
  int         code;
} RefuseCase;

static const RefuseCase refuse_cases[] = {
  { "shared",
    { "hugo.toml=title = 'x'\n", "content/posts/trip.md=" POST, "content/posts/dog.png=DOG",
      "static/images/trip/cat.png=CAT", "content/notes/other.md=See ![](/images/trip/cat.png)\n", NULL },
    BILLET_PAGE_BUNDLE_ERROR_SHARED },
  { "exists",
    { "hugo.toml=title = 'x'\n", "content/posts/trip.md=" POST, "content/posts/trip/notes.txt=x", NULL },
    BILLET_PAGE_BUNDLE_ERROR_EXISTS },
  { "front-matter-link",
    { "hugo.toml=title = 'x'\n",
      "content/posts/trip.md=---\nimage: /images/trip/cat.png\n---\n![a](/images/trip/cat.png)\n",
      "static/images/trip/cat.png=CAT", NULL },
    BILLET_PAGE_BUNDLE_ERROR_SHARED },
  { "jekyll",
    { "_config.yml=title: x\n", "_posts/2024-01-01-trip.md=" POST, NULL },
    BILLET_PAGE_BUNDLE_ERROR_UNSUPPORTED },
  { "bundle-already",
    { "hugo.toml=title = 'x'\n", "content/posts/trip/index.md=" POST, NULL },
    BILLET_PAGE_BUNDLE_ERROR_UNSUPPORTED },
};

/* Refused: nothing on disk changes. */
static void
test_refuse (gconstpointer data)
{
  const RefuseCase *c = data;
  g_autofree char *root = make_site (c->files);
  const char *post = strchr (c->files[1], '=');
  g_autofree char *post_name = g_strndup (c->files[1], (gsize) (post - c->files[1]));
  g_autofree char *before = read_in (root, post_name);
  g_autofree char *after = NULL;
  g_autofree char *cat = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (convert (root, post_name, NULL, &error));
  g_assert_error (error, BILLET_PAGE_BUNDLE_ERROR, c->code);
  g_assert_cmpstr (error->message, !=, "");
  after = read_in (root, post_name);
  g_assert_cmpstr (after, ==, before);
  if (g_strv_contains (c->files, "static/images/trip/cat.png=CAT"))
    {
      cat = read_in (root, "static/images/trip/cat.png");
      g_assert_cmpstr (cat, ==, "CAT");
    }

  billet_test_remove_tree (root);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/billet/page-bundle/convert", test_convert);
  g_test_add_func ("/billet/page-bundle/undo", test_undo);
  for (guint i = 0; i < G_N_ELEMENTS (undo_refuse_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/billet/page-bundle/undo-refused/%s", undo_refuse_cases[i].name);

      g_test_add_data_func (path, &undo_refuse_cases[i], test_undo_refused);
    }
  for (guint i = 0; i < G_N_ELEMENTS (refuse_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/billet/page-bundle/refuse/%s", refuse_cases[i].name);

      g_test_add_data_func (path, &refuse_cases[i], test_refuse);
    }
  return g_test_run ();
}
