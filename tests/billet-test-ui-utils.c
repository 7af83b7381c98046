/* billet-test-ui-utils.c — helpers the test programs of the editor's classes share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A document reads and writes in workers (billet_document_load_async()…):
 * these run the main loop until the operation ends, for the cases that are
 * not about the waiting itself. Compiled into each UI test program, which
 * links the editor's classes.
 */

#include "config.h"

#include "billet-test-gtk-utils.h"
#include "billet-test-ui-utils.h"

/* Long enough for a 64 MiB post on a loaded machine. */
#define IO_SECONDS 60

gboolean
billet_test_load_document (BilletDocument  *document,
                           GFile           *file,
                           GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  billet_document_load_async (document, file, NULL, billet_test_async_cb, &result);
  billet_test_wait_async (&result, IO_SECONDS, "the document's load");
  return billet_document_load_finish (document, result, error);
}

gboolean
billet_test_save_document (BilletDocument           *document,
                           GFile                    *file,
                           BilletDocumentSaveFlags   flags,
                           GError                  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  billet_document_save_async (document, file, flags, NULL, billet_test_async_cb, &result);
  billet_test_wait_async (&result, IO_SECONDS, "the document's save");
  return billet_document_save_finish (document, result, error);
}

gboolean
billet_test_reload_document (BilletDocument  *document,
                             GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  billet_document_reload_async (document, NULL, billet_test_async_cb, &result);
  billet_test_wait_async (&result, IO_SECONDS, "the document's reload");
  return billet_document_reload_finish (document, result, error);
}
