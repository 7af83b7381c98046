/* main.c — a subcommand runs headless; anything else opens the editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <errno.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "billet-cli.h"
#include "billet-i18n.h"

static void
print_help (void)
{
  g_autofree char *commands = billet_cli_dup_commands_help ();

  g_print (_("Usage: billet [FILE.md | FOLDER]…\n"
             "       billet COMMAND [OPTION…]\n\n"
             "An editor for blog posts: Markdown with a YAML front matter.\n\n"));
  g_print ("%s\n", commands);
  g_print (_("Exit status: 0 success, 1 the content has a problem, 2 usage or I/O error.\n"
             "“billet COMMAND --help” describes a command.\n"));
}

/* The editor lives in its own executable: beside this one in a build tree,
 * in the libexec folder once installed. */
static int
run_editor (char **argv)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self ? g_path_get_dirname (self) : NULL;
  g_autofree char *beside = dir ? g_build_filename (dir, "billet-editor", NULL) : NULL;
  const char *editor = BILLET_LIBEXECDIR "/billet-editor";

  if (beside != NULL && g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
    editor = beside;
  argv[0] = (char *) editor;
  execv (editor, argv);

  g_printerr (_("billet: cannot start the editor (%s): %s\n"), editor, g_strerror (errno));
  return BILLET_EXIT_USAGE;
}

int
main (int   argc,
      char *argv[])
{
  billet_i18n_init ();

  if (argc > 1 && billet_cli_is_command (argv[1]))
    return billet_cli_run (argc - 1, argv + 1);

  if (argc > 1 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      print_help ();
      return BILLET_EXIT_OK;
    }
  if (argc > 1 && g_str_equal (argv[1], "--version"))
    {
      g_print ("billet %s\n", PACKAGE_VERSION);
      return BILLET_EXIT_OK;
    }

  return run_editor (argv);
}
