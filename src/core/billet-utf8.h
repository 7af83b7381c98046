/* billet-utf8.h — fast UTF-8 checks for whole posts and pages, text fit for messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean billet_utf8_validate (const char  *text,
                               gsize        len,
                               const char **end);
char     *billet_utf8_make_displayable (const char *text,
                                        gssize      len);

G_END_DECLS
