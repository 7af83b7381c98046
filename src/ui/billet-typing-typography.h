/* billet-typing-typography.h — French typography as you type (a preference)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "billet-grammar.h"

G_BEGIN_DECLS

void billet_typing_typography_attach (GtkTextView   *view,
                                      GSettings     *settings,
                                      BilletGrammar *grammar);

G_END_DECLS
