/* main-editor.c — the editor window's process, started by `billet`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <glib/gi18n.h>

#include "billet-application.h"
#include "billet-i18n.h"
#include "billet-reaper.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(BilletApplication) app = NULL;

  /* First: it forks, which is only safe before any thread exists. */
  billet_reaper_start ();
  billet_i18n_init ();

  g_set_application_name (_("Billet"));
  app = billet_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
