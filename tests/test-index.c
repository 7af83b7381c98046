/* test-index.c — walking a site and summarising its posts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fixture sites are written into fresh temporary folders; the corpora
 * ($BILLET_CORPORA) are checked against an independent walk and the
 * billet_post API, and skipped when missing.
 */

#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "billet-test-utils.h"
#include "billet-index.h"
#include "billet-js-date.h"

static void
write_file (const char *dir,
            const char *name,
            const char *data,
            gssize      len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

static char *
make_tmp (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("billet-index-XXXXXX", &error);
  char real[PATH_MAX];

  g_assert_no_error (error);
  g_assert_nonnull (realpath (tmp, real));
  return g_strdup (real);
}

static const BilletPostSummary *
find_post (GPtrArray  *posts,
           const char *path)
{
  for (guint i = 0; i < posts->len; i++)
    {
      const BilletPostSummary *post = g_ptr_array_index (posts, i);

      if (g_str_equal (post->path, path))
        return post;
    }
  return NULL;
}

static const BilletIndexNote *
find_note (GPtrArray  *notes,
           const char *path)
{
  for (guint i = 0; i < notes->len; i++)
    {
      const BilletIndexNote *note = g_ptr_array_index (notes, i);

      if (g_str_equal (note->path, path))
        return note;
    }
  return NULL;
}

static BilletIndex *
run_index (const char *folder)
{
  g_autoptr(GError) error = NULL;
  BilletIndex *index = billet_index_new (folder, &error);

  g_assert_no_error (error);
  billet_index_run (index);
  return index;
}

/* A Hugo site with every kind of post and every trap. */
static char *
make_hugo_site (void)
{
  char *dir = make_tmp ();
  g_autofree char *outside = g_build_filename (dir, "outside", NULL);
  g_autofree char *site = g_build_filename (dir, "site", NULL);
  g_autofree char *link = NULL;

  write_file (dir, "outside/stray.md", "---\ntitle: Stray\n---\n", -1);
  write_file (site, "hugo.toml", "title = \"Site\"\n", -1);
  write_file (site, "content/_index.md", "---\ntitle: Home\n---\nWelcome.\n", -1);
  write_file (site, "content/posts/a.md",
              "---\ntitle: \"  Post A  \"\ndate: 2024-03-01T10:00:00+01:00\n"
              "tags: [one, \"deux é\"]\ndescription: About A\n"
              "author: \" Jane \"\ncoAuthors: [Bob, Jane]\n---\nBody\n", -1);
  write_file (site, "content/posts/b.md",
              "---\ndate: 2024-03-02\n---\n```\n# not this\n```\n\n## nor this\n# Heading B #\n", -1);
  write_file (site, "content/posts/c.md", "No front matter, no heading.\n", -1);
  write_file (site, "content/posts/bundle/index.md", "---\ndate: 2023-01-01\n---\nText\n", -1);
  write_file (site, "content/posts/bundle/photo.png", "PNG", -1);
  write_file (site, "content/posts/draft.md", "---\ntitle: D\ndraft: true\ndate: 2020-01-01\n---\n", -1);
  write_file (site, "content/posts/future.md", "---\ntitle: F\ndate: 2999-01-01\n---\n", -1);
  write_file (site, "content/posts/bad.md", "---\ntitle: ok\ntags: [a, b\n---\nBody\n", -1);
  write_file (site, "content/posts/latin1.md", "---\ntitle: ok\n---\ncaf\xe9\n", -1);
  write_file (site, "content/posts/binary.md", "---\ntitle: x\n---\n\0\0\0", 20);
  write_file (site, "content/posts/toml.md",
              "+++\ntitle = \"Toml\"\ndate = 2022-05-05\ntags = [\"t\"]\nauthors = [\"Ann\"]\ndraft = false\n+++\nBody\n", -1);
  write_file (site, "content/.hidden/x.md", "# Hidden\n", -1);
  write_file (site, "content/node_modules/y.md", "# Npm\n", -1);
  write_file (site, "content/posts/notes.txt", "not a post", -1);
  write_file (site, "layouts/z.md", "# not content\n", -1);

  link = g_build_filename (site, "content/posts/loop", NULL);
  g_assert_cmpint (symlink ("..", link), ==, 0);
  g_free (link);
  link = g_build_filename (site, "content/posts/out", NULL);
  g_assert_cmpint (symlink (outside, link), ==, 0);
  g_free (link);
  link = g_build_filename (site, "content/posts/same.md", NULL);
  g_assert_cmpint (symlink ("a.md", link), ==, 0);
  g_free (link);
  link = g_build_filename (site, "content/posts/broken.md", NULL);
  g_assert_cmpint (symlink ("nowhere.md", link), ==, 0);

  return dir;
}

static void
test_hugo_site (void)
{
  g_autofree char *dir = make_hugo_site ();
  g_autofree char *site = g_build_filename (dir, "site", NULL);
  g_autoptr(BilletIndex) index = run_index (site);
  GPtrArray *posts = billet_index_get_posts (index);
  GPtrArray *notes = billet_index_get_notes (index);
  const BilletPostSummary *post;
  const BilletIndexNote *note;

  for (guint i = 0; i < posts->len; i++)
    g_test_message ("post %s [%s] %s", ((BilletPostSummary *) posts->pdata[i])->path,
                    ((BilletPostSummary *) posts->pdata[i])->title,
                    ((BilletPostSummary *) posts->pdata[i])->date);
  for (guint i = 0; i < notes->len; i++)
    g_test_message ("note %s: %s", ((BilletIndexNote *) notes->pdata[i])->path,
                    ((BilletIndexNote *) notes->pdata[i])->message);

  g_assert_cmpint (billet_site_get_kind (billet_index_get_site (index)), ==, BILLET_SITE_HUGO);
  g_assert_cmpuint (posts->len, ==, 10);

  post = find_post (posts, "content/posts/a.md");
  g_assert_nonnull (post);
  g_assert_cmpstr (post->title, ==, "Post A");
  g_assert_cmpstr (post->date, ==, "2024-03-01T10:00:00+01:00");
  g_assert_cmpint (post->date_key, ==, 1709283600);
  g_assert_cmpstrv (post->tags, ((const char * const []) { "one", "deux é", NULL }));
  g_assert_cmpstr (post->description, ==, "About A");
  g_assert_cmpstrv (post->authors, ((const char * const []) { "Jane", "Bob", NULL }));
  g_assert_cmpstr (post->output_path, ==, "posts/a.html");
  g_assert_false (post->draft);
  g_assert_false (post->scheduled);
  g_assert_cmpint (post->warning, ==, BILLET_POST_WARNING_NONE);

  post = find_post (posts, "content/posts/b.md");
  g_assert_cmpstr (post->title, ==, "Heading B");
  g_assert_cmpstrv (post->authors, ((const char * const []) { NULL }));
  post = find_post (posts, "content/posts/c.md");
  g_assert_cmpstr (post->title, ==, "c");
  g_assert_null (post->date);
  g_assert_cmpint (post->date_key, ==, G_MININT64);

  post = find_post (posts, "content/posts/bundle/index.md");
  g_assert_true (post->bundle);
  g_assert_cmpstr (post->title, ==, "bundle");
  g_assert_cmpstr (post->output_path, ==, "posts/bundle/index.html");

  post = find_post (posts, "content/_index.md");
  g_assert_true (post->section);
  g_assert_cmpstr (post->title, ==, "Home");
  g_assert_cmpstr (post->output_path, ==, "index.html");

  g_assert_true (find_post (posts, "content/posts/draft.md")->draft);
  g_assert_true (find_post (posts, "content/posts/future.md")->scheduled);
  g_assert_false (find_post (posts, "content/posts/future.md")->draft);

  post = find_post (posts, "content/posts/bad.md");
  g_assert_cmpint (post->warning, ==, BILLET_POST_WARNING_FRONT_MATTER);
  g_assert_cmpuint (post->warning_line, ==, 3);
  g_assert_cmpuint (post->warning_column, ==, 7);
  g_assert_nonnull (post->warning_message);
  g_assert_cmpstr (post->title, ==, "bad");

  post = find_post (posts, "content/posts/latin1.md");
  g_assert_cmpint (post->warning, ==, BILLET_POST_WARNING_ENCODING);
  g_assert_cmpuint (post->warning_line, ==, 4);

  post = find_post (posts, "content/posts/toml.md");
  g_assert_cmpstr (post->title, ==, "Toml");
  g_assert_cmpstr (post->date, ==, "2022-05-05");
  g_assert_cmpstrv (post->tags, ((const char * const []) { "t", NULL }));
  g_assert_cmpstrv (post->authors, ((const char * const []) { "Ann", NULL }));

  /* Left out, each with a note. */
  g_assert_null (find_post (posts, "content/posts/binary.md"));
  g_assert_nonnull (find_note (notes, "content/posts/binary.md"));
  g_assert_null (find_post (posts, "content/posts/same.md"));
  g_assert_nonnull (find_note (notes, "content/posts/same.md"));
  g_assert_nonnull (find_note (notes, "content/posts/broken.md"));
  g_assert_null (find_post (posts, "content/posts/out/stray.md"));
  g_assert_nonnull ((note = find_note (notes, "content/posts/out")));
  /* The loop is entered once (posts/loop is content/ again), then refused. */
  g_assert_null (find_post (posts, "content/posts/loop/posts/a.md"));
  g_assert_nonnull (find_note (notes, "content/posts/loop"));
  g_assert_null (find_post (posts, "content/.hidden/x.md"));
  g_assert_null (find_post (posts, "content/node_modules/y.md"));
  g_assert_null (find_post (posts, "layouts/z.md"));

  /* Newest first, undated last, ties by path. */
  for (guint i = 1; i < posts->len; i++)
    g_assert_cmpint (billet_post_summary_compare (&posts->pdata[i - 1], &posts->pdata[i]), <, 0);
  g_assert_cmpstr (((BilletPostSummary *) posts->pdata[0])->path, ==, "content/posts/future.md");
  g_assert_cmpstr (((BilletPostSummary *) posts->pdata[posts->len - 1])->path, ==, "content/posts/latin1.md");

  billet_test_remove_tree (dir);
}

/* Listing a content folder: paths relative to it, outputs kept in the site. */
static void
test_subfolder (void)
{
  g_autofree char *dir = make_hugo_site ();
  g_autofree char *posts_dir = g_build_filename (dir, "site", "content", "posts", NULL);
  g_autoptr(BilletIndex) index = run_index (posts_dir);
  GPtrArray *posts = billet_index_get_posts (index);
  const BilletPostSummary *post = find_post (posts, "a.md");

  g_assert_nonnull (post);
  g_assert_cmpstr (post->output_path, ==, "posts/a.html");
  g_assert_null (find_post (posts, "content/posts/a.md"));
  billet_test_remove_tree (dir);
}

static void
test_unreadable (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *locked = NULL;
  g_autoptr(BilletIndex) index = NULL;

  if (geteuid () == 0)
    {
      g_test_skip ("root reads every folder");
      return;
    }
  dir = make_tmp ();
  write_file (dir, "a.md", "# A\n", -1);
  write_file (dir, "locked/b.md", "# B\n", -1);
  locked = g_build_filename (dir, "locked", NULL);
  g_assert_cmpint (g_chmod (locked, 0), ==, 0);

  index = run_index (dir);
  g_assert_cmpuint (billet_index_get_posts (index)->len, ==, 1);
  g_assert_nonnull (find_note (billet_index_get_notes (index), "locked"));
  billet_test_remove_tree (dir);
}

static void
test_jekyll (void)
{
  g_autofree char *dir = make_tmp ();
  g_autoptr(BilletIndex) index = NULL;
  GPtrArray *posts;
  const BilletPostSummary *post;

  write_file (dir, "_config.yml", "title: J\n", -1);
  write_file (dir, "_posts/2020-01-02-hello-world.md", "---\nlayout: post\ntags: a b\n---\nHi\n", -1);
  write_file (dir, "_posts/2021-02-30-bad-date.md", "---\n---\n", -1);
  write_file (dir, "_posts/2019-05-05-dated.md", "---\ndate: 2019-06-06 10:00:00 -0700\n---\n", -1);
  write_file (dir, "_posts/2018-01-01-unpublished.md", "---\npublished: false\n---\n", -1);
  write_file (dir, "_drafts/idea.md", "---\ntitle: Idea\n---\n", -1);
  write_file (dir, "about.md", "# Not a post\n", -1);

  index = run_index (dir);
  posts = billet_index_get_posts (index);
  g_assert_cmpuint (posts->len, ==, 5);

  post = find_post (posts, "_posts/2020-01-02-hello-world.md");
  g_assert_cmpstr (post->date, ==, "2020-01-02");
  g_assert_cmpstr (post->title, ==, "hello-world");
  g_assert_cmpstrv (post->tags, ((const char * const []) { "a", "b", NULL }));
  g_assert_cmpstr (post->output_path, ==, "2020-01-02-hello-world.html");

  post = find_post (posts, "_posts/2021-02-30-bad-date.md");
  g_assert_null (post->date);
  g_assert_cmpstr (post->title, ==, "2021-02-30-bad-date");

  post = find_post (posts, "_posts/2019-05-05-dated.md");
  g_assert_cmpstr (post->date, ==, "2019-06-06 10:00:00 -0700");
  g_assert_cmpint (post->date_key, ==, 1559840400);

  g_assert_true (find_post (posts, "_posts/2018-01-01-unpublished.md")->draft);
  g_assert_true (find_post (posts, "_drafts/idea.md")->draft);
  g_assert_false (find_post (posts, "_posts/2020-01-02-hello-world.md")->draft);
  billet_test_remove_tree (dir);
}

static void
test_dates (void)
{
  static const struct { const char *text; gboolean ok; gint64 seconds; } cases[] = {
    { "1970-01-01", TRUE, 0 },
    { "2024-02-29", TRUE, 1709164800 },
    { "2023-02-29", FALSE, 0 },
    { "2024-03-01T10:00:00Z", TRUE, 1709287200 },
    { "2024-03-01t10:00:00.123+01:00", TRUE, 1709283600 },
    { "2024-03-01 10:00", TRUE, 1709287200 },
    { "2024-03-01 10:00:00 +0100", TRUE, 1709283600 },
    { "2024-03-01T25:00:00", FALSE, 0 },
    { "Spring 2024", FALSE, 0 },
    { "2024-3-1", FALSE, 0 },
    { "2024-03-01 garbage", FALSE, 0 },
    { "", FALSE, 0 },
    /* As JavaScript's Date reads them, for Astro */
    { "Jul 08 2022", TRUE, 1657238400 },
    { "July 8, 2022", TRUE, 1657238400 },
    { "8 July 2022", TRUE, 1657238400 },
    { "Fri Jul 08 2022 10:00:00 GMT+0200 (heure d’été)", TRUE, 1657267200 },
    { "Jul 8 2022 10:00 -05:30", TRUE, 1657294200 },
    { "2022-07-08T10:00", TRUE, 1657274400 },
    { "2022/07/08", TRUE, 1657238400 },
    { "07/08/2022", TRUE, 1657238400 },
    { "July 8, 2022 3:30 pm", TRUE, 1657294200 },
    { "Feb 30 2022", FALSE, 0 },
    { "Ju 8 2022", FALSE, 0 },
    { "July 2022", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 seconds = -1;

      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (billet_parse_date (cases[i].text, &seconds), ==, cases[i].ok);
      if (cases[i].ok)
        g_assert_cmpint (seconds, ==, cases[i].seconds);
    }
}

/* Another day written in the form a date has, for the form's calendar:
 * names and their case, padding, ordinals, weekdays, time and zone kept. */
static void
test_js_date_with_day (void)
{
  static const struct {
    const char *text;
    guint year, month, day;
    const char *expected;
  } cases[] = {
    { "Jul 08 2022", 2023, 8, 15, "Aug 15 2023" },
    { "Jul 08 2022", 2023, 9, 1, "Sep 01 2023" },
    { "July 8, 2022", 2023, 8, 15, "August 15, 2023" },
    { "july 8, 2022", 2023, 1, 2, "january 2, 2023" },
    { "JUL 8 2022", 2023, 12, 3, "DEC 3 2023" },
    { "May 5 2022", 2023, 8, 15, "Aug 15 2023" },
    { "8 July 2022", 2023, 9, 21, "21 September 2023" },
    { "July 8th, 2022", 2023, 8, 22, "August 22nd, 2023" },
    { "Fri Jul 08 2022 10:00:00 GMT+0200", 2023, 8, 15, "Tue Aug 15 2023 10:00:00 GMT+0200" },
    { "Friday, July 8, 2022", 2023, 8, 13, "Sunday, August 13, 2023" },
    { "2022-07-08T10:00", 2023, 8, 5, "2023-08-05T10:00" },
    { "2022-07-08", 2023, 8, 5, "2023-08-05" },
    { "2022/7/8", 2023, 11, 5, "2023/11/5" },
    { "07/08/2022", 2023, 8, 5, "08/05/2023" },
    { "  Jul 08 2022 3:30 pm", 2024, 2, 29, "  Feb 29 2024 3:30 pm" },
    { "Jul 08 2022", 2023, 2, 29, NULL },
    { "not a date", 2023, 8, 15, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = billet_js_date_with_day (cases[i].text, cases[i].year,
                                                       cases[i].month, cases[i].day);
      BilletJsDate date;

      g_test_message ("%s", cases[i].text);
      g_assert_cmpstr (text, ==, cases[i].expected);
      if (text == NULL)
        continue;
      /* and it reads back as that day */
      g_assert_true (billet_js_date_parse (text, &date));
      g_assert_cmpuint (date.year, ==, cases[i].year);
      g_assert_cmpuint (date.month, ==, cases[i].month);
      g_assert_cmpuint (date.day, ==, cases[i].day);
    }
}

typedef struct
{
  GMutex     lock;
  GPtrArray *posts;
  guint      batches;
  gboolean   done;
  gboolean   destroyed;
  GThread   *caller;
  gboolean   wrong_thread;
} Progress;

static void
on_batch (BilletIndex      *index,
          BilletIndexBatch *batch,
          gpointer          user_data)
{
  Progress *progress = user_data;

  g_mutex_lock (&progress->lock);
  if (g_thread_self () == progress->caller)
    progress->wrong_thread = TRUE;
  g_assert_false (progress->done);
  progress->batches++;
  progress->done = batch->done;
  g_ptr_array_extend_and_steal (progress->posts, g_ptr_array_ref (batch->posts));
  g_mutex_unlock (&progress->lock);
  billet_index_batch_free (batch);
}

static void
on_destroy (gpointer user_data)
{
  Progress *progress = user_data;

  g_assert_true (progress->done);
  progress->destroyed = TRUE;
}

/* The progressive API gives what the synchronous one gives. */
static void
test_progressive (void)
{
  g_autofree char *dir = make_tmp ();
  g_autoptr(BilletIndex) sync = NULL;
  g_autoptr(BilletIndex) index = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { 0 };

  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *name = g_strdup_printf ("p/%03u.md", i);
      g_autofree char *text = g_strdup_printf ("---\ntitle: P%u\ndate: 2020-01-%02u\n---\n", i, i % 28 + 1);

      write_file (dir, name, text, -1);
    }
  sync = run_index (dir);

  g_mutex_init (&progress.lock);
  progress.posts = g_ptr_array_new_with_free_func ((GDestroyNotify) billet_post_summary_free);
  progress.caller = g_thread_self ();
  index = billet_index_new (dir, &error);
  g_assert_no_error (error);
  billet_index_start (index, on_batch, &progress, on_destroy);
  billet_index_wait (index);

  g_assert_true (progress.done);
  g_assert_true (progress.destroyed);
  g_assert_false (progress.wrong_thread);
  g_assert_cmpuint (progress.batches, >, 1);
  g_assert_cmpuint (progress.posts->len, ==, 500);
  g_ptr_array_sort (progress.posts, billet_post_summary_compare);
  for (guint i = 0; i < 500; i++)
    {
      BilletPostSummary *a = g_ptr_array_index (progress.posts, i);
      BilletPostSummary *b = g_ptr_array_index (billet_index_get_posts (sync), i);

      g_assert_cmpstr (a->path, ==, b->path);
      g_assert_cmpstr (a->title, ==, b->title);
    }
  g_ptr_array_unref (progress.posts);
  g_mutex_clear (&progress.lock);
  billet_test_remove_tree (dir);
}

/* Cancelled: the last batch still comes, and nothing hangs. */
static void
test_cancel (void)
{
  g_autofree char *dir = make_tmp ();
  g_autoptr(BilletIndex) index = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { 0 };

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *name = g_strdup_printf ("%03u.md", i);

      write_file (dir, name, "# P\n", -1);
    }
  g_mutex_init (&progress.lock);
  progress.posts = g_ptr_array_new_with_free_func ((GDestroyNotify) billet_post_summary_free);
  index = billet_index_new (dir, &error);
  billet_index_start (index, on_batch, &progress, NULL);
  billet_index_cancel (index);
  billet_index_wait (index);
  g_assert_true (progress.done);
  g_assert_cmpuint (progress.posts->len, <=, 200);
  g_ptr_array_unref (progress.posts);
  g_mutex_clear (&progress.lock);
  billet_test_remove_tree (dir);
}

/* Two runs give the same list, in the same order. */
static void
test_deterministic (void)
{
  g_autofree char *dir = make_hugo_site ();
  g_autofree char *site = g_build_filename (dir, "site", NULL);

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(BilletIndex) a = run_index (site);
      g_autoptr(BilletIndex) b = run_index (site);
      GPtrArray *pa = billet_index_get_posts (a);
      GPtrArray *pb = billet_index_get_posts (b);

      g_assert_cmpuint (pa->len, ==, pb->len);
      for (guint i = 0; i < pa->len; i++)
        g_assert_cmpstr (((BilletPostSummary *) pa->pdata[i])->path, ==,
                         ((BilletPostSummary *) pb->pdata[i])->path);
      g_assert_cmpuint (billet_index_get_notes (a)->len, ==, billet_index_get_notes (b)->len);
      for (guint i = 0; i < billet_index_get_notes (a)->len; i++)
        g_assert_cmpstr (((BilletIndexNote *) billet_index_get_notes (a)->pdata[i])->path, ==,
                         ((BilletIndexNote *) billet_index_get_notes (b)->pdata[i])->path);
    }
  billet_test_remove_tree (dir);
}

/* Corpora */

static void
find_posts (const char *dir,
            const char *rel,
            GPtrArray  *out)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *child = *rel != '\0' ? g_strconcat (rel, "/", name, NULL) : g_strdup (name);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        find_posts (path, child, out);
      else if (g_str_has_suffix (name, ".md") || g_str_has_suffix (name, ".markdown"))
        g_ptr_array_add (out, g_steal_pointer (&child));
    }
}

/* What the title should be, worked out here from the billet_post API. */
static char *
expected_title (BilletPost *post,
                const char *path)
{
  g_autofree char *title = billet_post_dup_string (post, "title");
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(GRegex) heading = g_regex_new ("^ {0,3}# +(.*?)[ \\t]*$", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  const char *body;
  gsize len = 0;

  if (title != NULL && *g_strstrip (title) != '\0')
    return g_steal_pointer (&title);

  body = billet_post_get_body (post, &len);
  /* Only when no code fence comes before the heading (true of the corpora). */
  if (g_regex_match_full (heading, body, len, 0, 0, &match, NULL))
    {
      gint start;

      g_match_info_fetch_pos (match, 0, &start, NULL);
      if (g_strstr_len (body, start, "```") == NULL)
        return g_match_info_fetch (match, 1);
    }
  if (g_str_has_prefix (base, "index.") || g_str_has_prefix (base, "_index."))
    {
      g_autofree char *dir = g_path_get_dirname (path);

      return g_path_get_basename (dir);
    }
  *strrchr (base, '.') = '\0';
  if (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\d-", base, 0, 0))
    return g_strdup (base + 11);
  return g_steal_pointer (&base);
}

static void
check_corpus (const char *name,
              const char *content)
{
  const char *root = g_getenv ("BILLET_CORPORA");
  g_autofree char *folder = NULL;
  g_autofree char *walk_root = NULL;
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BilletIndex) index = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *posts;
  guint mismatches = 0;

  if (root == NULL)
    {
      g_test_skip ("BILLET_CORPORA is not set");
      return;
    }
  folder = g_build_filename (root, name, NULL);
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("corpus missing");
      return;
    }

  walk_root = g_build_filename (folder, content, NULL);
  find_posts (walk_root, content, expected);
  index = run_index (folder);
  posts = billet_index_get_posts (index);
  g_test_message ("%s: %u files, %u posts listed", name, expected->len, posts->len);
  g_assert_cmpuint (posts->len, ==, expected->len);
  g_assert_cmpuint (billet_index_get_notes (index)->len, ==, 0);

  for (guint i = 0; i < posts->len; i++)
    {
      BilletPostSummary *post = g_ptr_array_index (posts, i);

      /* Listed once. */
      g_assert_true (g_hash_table_add (seen, post->path));
    }

  for (guint i = 0; i < expected->len; i++)
    {
      const char *rel = g_ptr_array_index (expected, i);
      g_autofree char *path = g_build_filename (folder, rel, NULL);
      g_autoptr(BilletPost) post = billet_post_new_for_path (path, NULL);
      const BilletPostSummary *summary = find_post (posts, rel);
      g_autofree char *title = NULL;
      g_autofree char *date = NULL;

      g_assert_nonnull (summary);
      g_assert_nonnull (post);
      title = expected_title (post, rel);
      date = billet_post_dup_string (post, "date");
      if (date == NULL)
        {
          g_autofree char *base = g_path_get_basename (rel);

          if (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\d-", base, 0, 0))
            date = g_strndup (base, 10);
        }
      if (g_strcmp0 (summary->title, title) != 0 || g_strcmp0 (summary->date, date) != 0)
        {
          g_test_message ("%s: title [%s] date [%s], expected [%s] [%s]", rel, summary->title,
                          summary->date, title, date);
          mismatches++;
        }
      g_assert_cmpint (summary->warning, ==, BILLET_POST_WARNING_NONE);
    }
  g_assert_cmpuint (mismatches, ==, 0);
}

static void
test_corpus_hugo (void)
{
  check_corpus ("hugo-docs", "content");
}

static void
test_corpus_jekyll (void)
{
  check_corpus ("jekyll-posts", "");
}

/* Reading only as far as a list needs gives the same summaries as reading
 * whole files — whatever the front matter's size, however far the heading
 * that gives a title — but for what only the rest of a post tells. */

static void
assert_same_summary (const BilletPostSummary *whole,
                     const BilletPostSummary *head)
{
  g_test_message ("%s: [%s]", whole->path, head->title);
  g_assert_cmpstr (head->path, ==, whole->path);
  g_assert_cmpstr (head->output_path, ==, whole->output_path);
  g_assert_cmpstr (head->title, ==, whole->title);
  g_assert_cmpstr (head->date, ==, whole->date);
  g_assert_cmpint (head->date_key, ==, whole->date_key);
  g_assert_cmpstrv (head->tags, whole->tags);
  g_assert_cmpstrv (head->authors, whole->authors);
  g_assert_cmpstr (head->description, ==, whole->description);
  g_assert_cmpint (head->draft, ==, whole->draft);
  g_assert_cmpint (head->scheduled, ==, whole->scheduled);
  g_assert_cmpint (head->bundle, ==, whole->bundle);
  g_assert_cmpint (head->section, ==, whole->section);
  g_assert_cmpint (head->warning, ==, whole->warning);
  g_assert_cmpuint (head->warning_line, ==, whole->warning_line);
  g_assert_cmpuint (head->warning_column, ==, whole->warning_column);
  g_assert_cmpstr (head->warning_message, ==, whole->warning_message);
}

/* Indexes @folder both ways; returns the head-only index. Paths listed in
 * @differ are checked by the caller. */
static BilletIndex *
compare_modes (const char         *folder,
               const char * const *differ)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BilletIndex) whole = run_index (folder);
  BilletIndex *head = billet_index_new (folder, &error);
  GPtrArray *whole_posts = billet_index_get_posts (whole);

  g_assert_no_error (error);
  billet_index_set_head_only (head, TRUE);
  billet_index_run (head);
  for (guint i = 0; i < whole_posts->len; i++)
    {
      const BilletPostSummary *post = g_ptr_array_index (whole_posts, i);
      const BilletPostSummary *other = find_post (billet_index_get_posts (head), post->path);

      if (differ != NULL && g_strv_contains (differ, post->path))
        continue;
      g_assert_nonnull (other);
      assert_same_summary (post, other);
    }
  return head;
}

static void
test_head_only (void)
{
  static const char * const differ[] = { "content/posts/stray-body.md", "content/posts/nul-body.md", NULL };
  g_autofree char *dir = make_tmp ();
  g_autofree char *site = g_build_filename (dir, "site", NULL);
  g_autoptr(GString) long_fm = g_string_new ("---\n# A comment, not a heading\ntitle: Long\ndescription: \"");
  g_autoptr(GString) far = g_string_new ("---\ndate: 2024-01-02\n---\n");
  g_autoptr(GString) fenced = g_string_new ("---\ndraft: true\n---\n```\n");
  g_autoptr(GString) boundary = g_string_new ("---\ntitle: Boundary\nx: \"");
  g_autoptr(GString) straddle = g_string_new ("");
  g_autoptr(GString) unterminated = g_string_new ("---\ntitle: never closed\n");
  g_autoptr(GString) stray = g_string_new ("---\ntitle: Stray in the body\n---\n");
  g_autoptr(GString) nul = g_string_new ("---\ntitle: NUL in the body\n---\n");
  g_autoptr(BilletIndex) head = NULL;
  const BilletPostSummary *post;

  write_file (site, "hugo.toml", "title = \"Site\"\n", -1);
  /* A front matter longer than the first read. */
  for (guint i = 0; i < 300; i++)
    g_string_append (long_fm, "abcdéfghij ");
  g_string_append (long_fm, "\"\ntags: [a, b]\n---\nBody.\n");
  write_file (site, "content/posts/long-fm.md", long_fm->str, -1);
  /* A title from a heading 20 KB in, after a heading in a fence. */
  for (guint i = 0; i < 400; i++)
    g_string_append (far, "Une ligne de texte, assez longue pour remplir la page.\n");
  g_string_append (far, "```\n# Not this one\n```\n# Far away\nText.\n");
  write_file (site, "content/posts/far.md", far->str, -1);
  /* A fence opened in the first read, closed far after it. */
  for (guint i = 0; i < 200; i++)
    g_string_append (fenced, "# code, not a heading\n");
  g_string_append (fenced, "```\n# The title\n");
  write_file (site, "content/posts/fenced.md", fenced->str, -1);
  /* The closing delimiter's line ends at byte 2048 exactly. */
  while (boundary->len < 2048 - strlen ("\"\n---\n"))
    g_string_append_c (boundary, 'x');
  g_string_append (boundary, "\"\n---\n# Heading\n");
  g_assert_cmpuint (strstr (boundary->str, "\n---\n#") - boundary->str + 5, ==, 2048);
  write_file (site, "content/posts/boundary.md", boundary->str, -1);
  /* An “é” cut by the first read, before the heading that gives the title. */
  while (straddle->len < 2047)
    g_string_append_c (straddle, 'a');
  g_string_append (straddle, "é\n\n# Été\n");
  write_file (site, "content/posts/straddle.md", straddle->str, -1);
  for (guint i = 0; i < 300; i++)
    g_string_append (unterminated, "text text text\n");
  write_file (site, "content/posts/unterminated.md", unterminated->str, -1);
  write_file (site, "content/posts/crlf-bom.md",
              "\xEF\xBB\xBF---\r\ntitle: Windows\r\ndate: 2023-05-06\r\n---\r\nBody\r\n", -1);
  write_file (site, "content/posts/no-newline.md", "---\ntitle: End\n---", -1);
  write_file (site, "content/posts/empty.md", "", -1);
  write_file (site, "content/posts/legacy.md", "---\ntitle: caf\xe9 cr\xe8me\n---\n\x93" "Bien\x94\n", -1);
  write_file (site, "content/posts/bad.md", "---\ntitle: [unclosed\n---\n# Title\n", -1);
  write_file (site, "content/posts/toml.md", "+++\ntitle = \"Toml\"\n+++\n", -1);
  write_file (site, "content/posts/heading-only.md", "# Only a heading\n", -1);
  /* What only the body tells: a stray byte, a NUL, after the first read. */
  for (guint i = 0; i < 200; i++)
    g_string_append (stray, "du texte en UTF-8, déjà, été.\n");
  g_string_append (stray, "caf\xe9\n");
  write_file (site, "content/posts/stray-body.md", stray->str, -1);
  for (guint i = 0; i < 200; i++)
    g_string_append (nul, "text text text\n");
  write_file (site, "content/posts/nul-body.md", nul->str, (gssize) nul->len + 1);

  head = compare_modes (site, differ);

  post = find_post (billet_index_get_posts (head), "content/posts/far.md");
  g_assert_cmpstr (post->title, ==, "Far away");
  post = find_post (billet_index_get_posts (head), "content/posts/fenced.md");
  g_assert_cmpstr (post->title, ==, "The title");
  post = find_post (billet_index_get_posts (head), "content/posts/straddle.md");
  g_assert_cmpstr (post->title, ==, "Été");
  /* A list reads no body: what is wrong there is billet check's to say. */
  post = find_post (billet_index_get_posts (head), "content/posts/stray-body.md");
  g_assert_cmpint (post->warning, ==, BILLET_POST_WARNING_NONE);
  g_assert_cmpstr (post->title, ==, "Stray in the body");
  post = find_post (billet_index_get_posts (head), "content/posts/nul-body.md");
  g_assert_nonnull (post);
  g_assert_cmpstr (post->title, ==, "NUL in the body");

  billet_test_remove_tree (dir);
}

static void
test_head_only_corpora (void)
{
  static const char * const names[] = { "hugo-docs", "jekyll-posts" };
  const char *root = g_getenv ("BILLET_CORPORA");

  if (root == NULL)
    {
      g_test_skip ("BILLET_CORPORA is not set");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *folder = g_build_filename (root, names[i], NULL);
      g_autoptr(BilletIndex) head = NULL;

      if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
        continue;
      head = compare_modes (folder, NULL);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/billet/index/hugo-site", test_hugo_site);
  g_test_add_func ("/billet/index/subfolder", test_subfolder);
  g_test_add_func ("/billet/index/unreadable", test_unreadable);
  g_test_add_func ("/billet/index/jekyll", test_jekyll);
  g_test_add_func ("/billet/index/dates", test_dates);
  g_test_add_func ("/billet/index/js-date-with-day", test_js_date_with_day);
  g_test_add_func ("/billet/index/progressive", test_progressive);
  g_test_add_func ("/billet/index/cancel", test_cancel);
  g_test_add_func ("/billet/index/deterministic", test_deterministic);
  g_test_add_func ("/billet/index/corpus/hugo-docs", test_corpus_hugo);
  g_test_add_func ("/billet/index/corpus/jekyll-posts", test_corpus_jekyll);
  g_test_add_func ("/billet/index/head-only", test_head_only);
  g_test_add_func ("/billet/index/head-only-corpora", test_head_only_corpora);

  return g_test_run ();
}
