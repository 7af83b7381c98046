/* billet-test-utils.h — helpers the test programs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void  billet_test_remove_tree    (const char *path);
char *billet_test_copy_fixture   (const char *fixture);
guint billet_test_slowdown       (void);
void  billet_test_bind_catalogue (void);

G_END_DECLS
