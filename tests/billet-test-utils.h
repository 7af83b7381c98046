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
char *billet_test_isolate_home   (const char *name);
void  billet_test_copy_tree      (const char *from,
                                  const char *to);
char *billet_test_copy_site      (const char *dir);
char *billet_test_replace_once   (const char *text,
                                  const char *from,
                                  const char *to);
void  billet_test_write_file     (const char *dir,
                                  const char *name,
                                  const char *text);
GPtrArray *billet_test_collect_files (const char         *dir,
                                      const char * const *suffixes);

G_END_DECLS
