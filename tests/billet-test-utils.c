/* billet-test-utils.c — helpers the test programs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "billet-test-utils.h"

#include <string.h>

#include <glib/gstdio.h>

#include "billet-i18n.h"

/**
 * billet_test_remove_tree:
 * @path: a file or a folder a test made
 *
 * Removes @path and, for a folder, everything in it. A symbolic link is
 * removed, never followed (tests make links out of their folders, and
 * loops); a folder a test made unreadable is made readable first.
 */
void
billet_test_remove_tree (const char *path)
{
  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = NULL;
      const char *name;

      g_chmod (path, 0700);
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          billet_test_remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
copy_tree (const char *from,
           const char *to)
{
  if (g_file_test (from, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (from, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      g_assert_cmpint (g_mkdir_with_parents (to, 0755), ==, 0);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child_from = g_build_filename (from, name, NULL);
          g_autofree char *child_to = g_build_filename (to, name, NULL);

          copy_tree (child_from, child_to);
        }
    }
  else
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *data = NULL;
      gsize len = 0;

      g_file_get_contents (from, &data, &len, &error);
      g_assert_no_error (error);
      g_file_set_contents (to, data, (gssize) len, &error);
      g_assert_no_error (error);
    }
}

/**
 * billet_test_copy_fixture:
 * @fixture: a folder under tests/fixtures ("sites/zola")
 *
 * Copies the fixture into a new temporary folder, under its own base name
 * (TMP/zola), so that a test may write beside it and change it.
 *
 * Returns: (transfer full): the temporary folder; remove it with
 *   billet_test_remove_tree()
 */
char *
billet_test_copy_fixture (const char *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *from = g_test_build_filename (G_TEST_DIST, "fixtures", fixture, NULL);
  g_autofree char *base = g_path_get_basename (fixture);
  g_autofree char *to = NULL;
  char *dir = g_dir_make_tmp ("billet-fixture-XXXXXX", &error);

  g_assert_no_error (error);
  to = g_build_filename (dir, base, NULL);
  copy_tree (from, to);
  return dir;
}

/**
 * billet_test_slowdown:
 *
 * Returns: how many times slower than a normal build this one runs, from
 *   BILLET_TEST_SLOWDOWN (a sanitizer build says 5); time limits multiply by it
 */
guint
billet_test_slowdown (void)
{
  const char *value = g_getenv ("BILLET_TEST_SLOWDOWN");
  guint factor = value ? (guint) g_ascii_strtoull (value, NULL, 10) : 1;

  return MAX (factor, 1);
}

/**
 * billet_test_bind_catalogue:
 *
 * Binds Billet's text domain to the build tree's catalogues, as the
 * programs do when they run from it, and leaves the locale alone: for
 * the tests of what the core writes in a page's own language, which it
 * reads from the catalogue the program bound. Needs the catalogues built
 * (the test depends on billet_gmo).
 */
void
billet_test_bind_catalogue (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = billet_i18n_dup_build_localedir (self);

  g_assert_nonnull (dir);
  bindtextdomain (GETTEXT_PACKAGE, dir);
}

/**
 * billet_test_isolate_home:
 * @name: the test program's, for the folder's name
 *
 * Points XDG_DATA_HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME and XDG_STATE_HOME
 * into a new temporary folder: drafts, recent files and WebKit's caches go
 * there, never to the home of whoever runs the tests, and programs the
 * test starts inherit them. Call it first thing in main(), before
 * anything asks GLib for these folders (it keeps the first answer).
 *
 * Returns: (transfer full): the folder, for billet_test_remove_tree()
 *   once the tests ran
 */
char *
billet_test_isolate_home (const char *name)
{
  static const char * const vars[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" };
  g_autofree char *template = g_strdup_printf ("billet-%s-home-XXXXXX", name);
  g_autoptr(GError) error = NULL;
  char *home = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      g_autofree char *dir = g_build_filename (home, vars[i], NULL);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_setenv (vars[i], dir, TRUE);
    }
  return home;
}

/**
 * billet_test_copy_tree:
 * @from: a folder of fixtures (a site)
 * @to: where the copy goes, made with its parents
 *
 * Copies @from's files and folders, byte for byte, so that a test can
 * change them.
 */
void
billet_test_copy_tree (const char *from,
                       const char *to)
{
  g_autoptr(GDir) dir = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir_with_parents (to, 0700), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *src = g_build_filename (from, name, NULL);
      g_autofree char *dst = g_build_filename (to, name, NULL);

      if (g_file_test (src, G_FILE_TEST_IS_DIR))
        billet_test_copy_tree (src, dst);
      else
        {
          g_autofree char *contents = NULL;
          gsize len = 0;

          g_assert_true (g_file_get_contents (src, &contents, &len, NULL));
          g_assert_true (g_file_set_contents (dst, contents, (gssize) len, NULL));
        }
    }
}

/**
 * billet_test_copy_site:
 * @dir: a folder the test made
 *
 * Copies the tests' site (tests/fixtures/site, a small Hugo site: two
 * sections, a page bundle, a draft…) into @dir, as "site".
 *
 * Returns: (transfer full): the copy's path
 */
char *
billet_test_copy_site (const char *dir)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "fixtures", "site", NULL);
  char *site = g_build_filename (dir, "site", NULL);

  billet_test_copy_tree (source, site);
  return site;
}

/**
 * billet_test_replace_once:
 * @text: a post's text, say
 * @from: what @text holds exactly once (the test fails otherwise)
 * @to: what replaces it
 *
 * Returns: (transfer full): @text with @from replaced by @to: what a file
 *   should hold after an edit
 */
char *
billet_test_replace_once (const char *text,
                          const char *from,
                          const char *to)
{
  const char *at = strstr (text, from);

  g_assert_nonnull (at);
  g_assert_null (strstr (at + 1, from));
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, to, at + strlen (from));
}

/**
 * billet_test_write_file:
 * @dir: a folder
 * @name: a path below it, "/"-separated; missing folders are made
 * @text: what the file holds
 */
void
billet_test_write_file (const char *dir,
                        const char *name,
                        const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
collect_files (const char         *dir,
               const char * const *suffixes,
               GPtrArray          *out)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        collect_files (path, suffixes, out);
      else
        for (guint i = 0; suffixes[i]; i++)
          if (g_str_has_suffix (name, suffixes[i]))
            {
              g_ptr_array_add (out, g_steal_pointer (&path));
              break;
            }
    }
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Files under @dir (at any depth) whose name ends with one of @suffixes
 * (NULL-terminated), sorted by path; empty when @dir is missing. */
GPtrArray *
billet_test_collect_files (const char         *dir,
                           const char * const *suffixes)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);

  collect_files (dir, suffixes, files);
  g_ptr_array_sort (files, compare_paths);
  return files;
}
