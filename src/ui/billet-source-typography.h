/* billet-source-typography.h — Fix Typography in a Markdown body buffer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

guint billet_source_fix_typography (GtkTextBuffer *buffer);

G_END_DECLS
