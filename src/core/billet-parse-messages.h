/* billet-parse-messages.h — libyaml's and toml++'s problem texts in the user's language
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *billet_yaml_problem_text (const char *problem);
const char *billet_yaml_context_text (const char *context);
char       *billet_toml_error_text   (const char *description);

G_END_DECLS
