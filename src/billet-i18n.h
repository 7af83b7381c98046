/* billet-i18n.h — set the locale and bind Billet's text domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Installed, the catalogues are in LOCALEDIR. Run from a build tree (build-aux/dev run,
 * meson test), they are in the build's po/ folder, which Meson fills as
 * po/LANG/LC_MESSAGES/billet.mo: a program whose executable sits in a Meson build tree
 * uses that folder. $BILLET_LOCALEDIR, when set, overrides both.
 */

#pragma once

#include "config.h"

#include <locale.h>

#include <glib.h>
#include <glib/gi18n.h>

/* The build tree's po/ folder if @exe is in a Meson build tree (at most three folders
 * below its root), else NULL. */
static inline char *
billet_i18n_dup_build_localedir (const char *exe)
{
  g_autofree char *dir = exe ? g_path_get_dirname (exe) : NULL;

  for (int depth = 0; dir != NULL && depth < 4; depth++)
    {
      g_autofree char *marker = g_build_filename (dir, "meson-private", "coredata.dat", NULL);
      g_autofree char *po = g_build_filename (dir, "po", NULL);
      char *parent;

      if (g_file_test (marker, G_FILE_TEST_IS_REGULAR) && g_file_test (po, G_FILE_TEST_IS_DIR))
        return g_steal_pointer (&po);
      parent = g_path_get_dirname (dir);
      if (g_str_equal (parent, dir))
        {
          g_free (parent);
          break;
        }
      g_free (dir);
      dir = parent;
    }
  return NULL;
}

static inline void
billet_i18n_init (void)
{
  const char *env = g_getenv ("BILLET_LOCALEDIR");
  g_autofree char *self = NULL;
  g_autofree char *build_localedir = NULL;

  setlocale (LC_ALL, "");
  if (env == NULL || *env == '\0')
    {
      self = g_file_read_link ("/proc/self/exe", NULL);
      build_localedir = billet_i18n_dup_build_localedir (self);
    }
  bindtextdomain (GETTEXT_PACKAGE,
                  env && *env ? env : build_localedir ? build_localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
