/* main-editor.c — the editor window's process, started by `billet`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "billet-application.h"
#include "billet-i18n.h"
#include "billet-reaper.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(BilletApplication) app = NULL;

  /* One malloc arena for every thread. glibc gives each thread that
   * allocates at the same time as another an arena of its own, and keeps
   * what is freed there for it: the preview's worker, which builds a
   * render of a large post after each key, and the thread that frees the
   * last one, held 70-80 MB more than the editor uses after forty keys
   * in a 5 MB post (build-aux/bench-typing: the editor 239 MB, 167 MB
   * with one arena, typing as fast). Before any thread exists. */
#ifdef __GLIBC__
  mallopt (M_ARENA_MAX, 1);
#endif

  /* First: it forks, which is only safe before any thread exists. */
  billet_reaper_start ();
  billet_i18n_init ();

  g_set_application_name (_("Billet"));
  app = billet_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
