/* billet-test-utils.c — helpers the test programs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "billet-test-utils.h"

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
