/* billet-test-ui-utils.h — helpers the test programs of the editor's classes share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "billet-document.h"

G_BEGIN_DECLS

gboolean  billet_test_load_document  (BilletDocument           *document,
                                      GFile                    *file,
                                      GError                  **error);
gboolean  billet_test_save_document  (BilletDocument           *document,
                                      GFile                    *file,
                                      BilletDocumentSaveFlags   flags,
                                      GError                  **error);
gboolean  billet_test_reload_document (BilletDocument          *document,
                                      GError                  **error);

G_END_DECLS
