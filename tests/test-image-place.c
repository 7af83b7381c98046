/* test-image-place.c — where a post's pasted and dropped images go
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "billet-image-place.h"
#include "billet-test-utils.h"

typedef struct
{
  const char *name;
  const char *files[4];   /* "path=contents" */
  const char *post;       /* relative to the site */
  const char *dir;        /* where its images go, relative */
  const char *link;       /* the link of an image named "Mon chat.JPG" */
} PlaceCase;

static const PlaceCase place_cases[] = {
  { "hugo-bundle",
    { "hugo.toml=title = 'x'\n", "content/posts/trip/index.md=---\ntitle: T\n---\n", "static/", NULL },
    "content/posts/trip/index.md", "content/posts/trip", "mon-chat.jpg" },
  { "hugo-branch-bundle",
    { "hugo.toml=title = 'x'\n", "content/travels/_index.md=---\ntitle: T\n---\n", NULL },
    "content/travels/_index.md", "content/travels", "mon-chat.jpg" },
  { "hugo-post",
    { "hugo.toml=title = 'x'\n", "content/posts/My Trip.md=---\ntitle: T\n---\n", "static/", NULL },
    "content/posts/My Trip.md", "static/images/my-trip", "/images/my-trip/mon-chat.jpg" },
  /* No static folder yet: made where Hugo looks for it. */
  { "hugo-post-no-static",
    { "hugo.toml=title = 'x'\n", "content/posts/trip.md=---\ntitle: T\n---\n", NULL },
    "content/posts/trip.md", "static/images/trip", "/images/trip/mon-chat.jpg" },
  { "jekyll",
    { "_config.yml=title: x\n", "_posts/2024-05-01-my-trip.md=---\ntitle: T\n---\n", NULL },
    "_posts/2024-05-01-my-trip.md", "assets/images/my-trip", "/assets/images/my-trip/mon-chat.jpg" },
  { "astro",
    { "astro.config.mjs=export default {}\n", "src/content/blog/trip.md=---\ntitle: T\n---\n", NULL },
    "src/content/blog/trip.md", "src/content/blog", "mon-chat.jpg" },
  { "no-site",
    { "notes/trip.md=# Trip\n", NULL },
    "notes/trip.md", "notes", "mon-chat.jpg" },
};

static char *
make_site (const char * const *files)
{
  g_autofree char *tmp = g_dir_make_tmp ("billet-image-place-XXXXXX", NULL);
  char real[PATH_MAX];

  g_assert_nonnull (tmp);
  g_assert_nonnull (realpath (tmp, real));
  for (guint i = 0; files[i] != NULL; i++)
    {
      const char *eq = strchr (files[i], '=');

      if (eq == NULL)
        {
          g_autofree char *dir = g_build_filename (real, files[i], NULL);

          g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
        }
      else
        {
          g_autofree char *name = g_strndup (files[i], (gsize) (eq - files[i]));

          billet_test_write_file (real, name, eq + 1);
        }
    }
  return g_strdup (real);
}

static BilletImagePlace *
place_for (const char *root,
           const char *post)
{
  g_autofree char *path = g_build_filename (root, post, NULL);
  g_autoptr(BilletSite) site = billet_site_new_for_path (path, NULL);

  return billet_image_place_new (site, path);
}

static void
assert_file (const char *path,
             const char *data)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, data);
}

static void
test_place (gconstpointer data)
{
  const PlaceCase *c = data;
  g_autofree char *root = make_site (c->files);
  g_autoptr(BilletImagePlace) place = place_for (root, c->post);
  g_autofree char *dir = g_build_filename (root, c->dir, NULL);
  g_autoptr(GBytes) bytes = g_bytes_new_static ("JPEG", 4);
  g_autofree char *stored = NULL;
  g_autofree char *link = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  gboolean reused = TRUE;

  g_assert_cmpstr (place->dir, ==, dir);
  link = billet_image_place_store (place, "/somewhere/else/Mon chat.JPG", bytes, &stored, &reused, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (link, ==, c->link);
  g_assert_false (reused);
  expected = g_build_filename (dir, "mon-chat.jpg", NULL);
  g_assert_cmpstr (stored, ==, expected);
  assert_file (stored, "JPEG");

  billet_test_remove_tree (root);
}

/* Never over a file; the same bytes are linked, not copied again. */
static void
test_names (void)
{
  const char * const files[] = { "hugo.toml=title = 'x'\n",
                                 "content/posts/trip/index.md=---\ntitle: T\n---\n",
                                 "content/posts/trip/cat.png=older", NULL };
  g_autofree char *root = make_site (files);
  g_autoptr(BilletImagePlace) place = place_for (root, "content/posts/trip/index.md");
  g_autoptr(GBytes) one = g_bytes_new_static ("one", 3);
  g_autoptr(GBytes) two = g_bytes_new_static ("two", 3);
  g_autoptr(GBytes) older = g_bytes_new_static ("older", 5);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (root, "content/posts/trip", NULL);
  g_autofree char *cat = g_build_filename (dir, "cat.png", NULL);
  g_autofree char *cat2 = g_build_filename (dir, "cat-2.png", NULL);
  gboolean reused;
  struct { GBytes *bytes; const char *name; const char *link; gboolean reused; } steps[] = {
    { one, "cat.png", "cat-2.png", FALSE },       /* cat.png is another picture */
    { two, "Cat.png", "cat-3.png", FALSE },
    { one, "other name.png", "cat-2.png", TRUE }, /* the same bytes, whatever the name */
    { older, "cat.png", "cat.png", TRUE },
    /* pasted pictures: the post's slug, numbered from 1 */
    { g_bytes_new_static ("shot", 4), NULL, "trip-1.png", FALSE },
    { g_bytes_new_static ("shot2", 5), NULL, "trip-2.png", FALSE },
    { g_bytes_new_static ("shot", 4), NULL, "trip-1.png", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *link = billet_image_place_store (place, steps[i].name, steps[i].bytes, NULL,
                                                        &reused, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (link, ==, steps[i].link);
      g_assert_cmpint (reused, ==, steps[i].reused);
      if (i >= 4)
        g_bytes_unref (steps[i].bytes);
    }
  assert_file (cat, "older");
  assert_file (cat2, "one");

  billet_test_remove_tree (root);
}

static void
test_slug (void)
{
  static const char * const cases[][2] = {
    { "Capture d’écran 2026-01-02 à 10.31.07", "capture-d-ecran-2026-01-02-a-10-31-07" },
    { "  --  ", "image" },
    { "IMG_0042", "img-0042" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *slug = billet_image_place_slug (cases[i][0]);

      g_assert_cmpstr (slug, ==, cases[i][1]);
    }
}

static void
test_markdown (void)
{
  static const char * const cases[][3] = {
    { "", "cat.png", "![](cat.png)" },
    { "A [tabby] cat\\", "/images/trip/cat.png", "![A \\[tabby\\] cat\\\\](/images/trip/cat.png)" },
    { "two\nlines", "a b.png", "![two lines](<a b.png>)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *md = billet_image_place_markdown (cases[i][0], cases[i][1]);

      g_assert_cmpstr (md, ==, cases[i][2]);
    }
}

static void
test_large (void)
{
  g_assert_false (billet_image_is_large (1000 * 1000, 3000, 2000));
  g_assert_true (billet_image_is_large (1024 * 1024 + 1, 10, 10));
  g_assert_true (billet_image_is_large (100, 3001, 10));
  g_assert_true (billet_image_is_large (100, 10, 4000));
  g_assert_true (billet_image_is_image_name ("a.JPEG"));
  g_assert_false (billet_image_is_image_name ("post.md"));
  g_assert_false (billet_image_is_image_name ("png"));
}

typedef struct
{
  const char *name;
  const char *files[8];
  const char *post;
  const char *links;    /* what the picker lists, by link, "|"-separated */
} ListCase;

static const ListCase list_cases[] = {
  /* A plain Hugo post: the static folder's images, from the site's root;
   * not another post's, nor what is not an image. */
  { "hugo-post",
    { "hugo.toml=title = 'x'\n", "content/posts/trip.md=---\ntitle: T\n---\n",
      "static/images/trip/cat.png=C", "static/Mon chat.jpg=M", "static/css/site.css=x",
      "content/posts/other/dog.png=D", "static/.cache/hidden.png=H", NULL },
    "content/posts/trip.md", "/Mon%20chat.jpg|/images/trip/cat.png" },
  /* A bundle: its own images, relative, then the static folder's. */
  { "hugo-bundle",
    { "hugo.toml=title = 'x'\n", "content/posts/trip/index.md=---\ntitle: T\n---\n",
      "content/posts/trip/cat.png=C", "content/posts/trip/gallery/b.webp=B",
      "static/logo.svg=L", NULL },
    "content/posts/trip/index.md", "cat.png|gallery/b.webp|/logo.svg" },
  /* Jekyll publishes its root, but not its _folders. */
  { "jekyll",
    { "_config.yml=title: x\n", "_posts/2024-05-01-trip.md=---\ntitle: T\n---\n",
      "assets/images/trip/cat.png=C", "_site/assets/images/trip/cat.png=C", "_posts/p.png=P", NULL },
    "_posts/2024-05-01-trip.md", "/assets/images/trip/cat.png" },
};

/* The images a post can pick, each with the link its site expects: the
 * rule images are copied by. */
static void
test_list (gconstpointer data)
{
  const ListCase *c = data;
  g_autofree char *root = make_site (c->files);
  g_autofree char *post = g_build_filename (root, c->post, NULL);
  g_autoptr(BilletSite) site = billet_site_new_for_path (post, NULL);
  g_autoptr(GPtrArray) choices = billet_image_place_list (site, post, 100);
  g_autoptr(GString) links = g_string_new (NULL);

  for (guint i = 0; i < choices->len; i++)
    {
      BilletImageChoice *choice = g_ptr_array_index (choices, i);
      g_autofree char *again = billet_image_place_link_for (site, post, choice->path);

      g_assert_true (g_file_test (choice->path, G_FILE_TEST_IS_REGULAR));
      g_assert_cmpstr (again, ==, choice->link);
      g_string_append_printf (links, "%s%s", i > 0 ? "|" : "", choice->link);
    }
  g_assert_cmpstr (links->str, ==, c->links);

  billet_test_remove_tree (root);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (place_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/billet/image-place/place/%s", place_cases[i].name);

      g_test_add_data_func (path, &place_cases[i], test_place);
    }
  for (guint i = 0; i < G_N_ELEMENTS (list_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/billet/image-place/list/%s", list_cases[i].name);

      g_test_add_data_func (path, &list_cases[i], test_list);
    }
  g_test_add_func ("/billet/image-place/names", test_names);
  g_test_add_func ("/billet/image-place/slug", test_slug);
  g_test_add_func ("/billet/image-place/markdown", test_markdown);
  g_test_add_func ("/billet/image-place/large", test_large);
  return g_test_run ();
}
