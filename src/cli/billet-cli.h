/* billet-cli.h — the headless subcommands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses, as DESIGN.md says. */
enum
{
  BILLET_EXIT_OK = 0,
  BILLET_EXIT_CONTENT = 1,
  BILLET_EXIT_USAGE = 2,
};

gboolean billet_cli_is_command (const char *name);
int      billet_cli_run        (int    argc,
                                char **argv);
char    *billet_cli_dup_commands_help (void);

G_END_DECLS
