/* billet-test-ui-utils.h — helpers the test programs of the editor's classes share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <webkit/webkit.h>

#include "billet-application.h"
#include "billet-document.h"
#include "billet-window.h"

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

/**
 * BilletTestPreviewTracker:
 * @preview: (nullable): the preview watched, NULL until there is one and
 *   once it is finalized (a weak pointer)
 * @updates: how many times it said "updated": a page shown, or patched
 *
 * Watches a preview, or a window's, for the tests that wait for what the
 * preview shows. It must outlive the preview and the window it watches
 * (the tests wait for them to go).
 */
typedef struct
{
  GtkWidget *preview;
  guint      updates;
} BilletTestPreviewTracker;

void               billet_test_preview_watch        (BilletTestPreviewTracker *tracker,
                                                     GtkWidget                *preview);
void               billet_test_preview_watch_window (BilletTestPreviewTracker *tracker,
                                                     BilletWindow             *window);
void               billet_test_preview_wait_page    (BilletTestPreviewTracker *tracker,
                                                     guint                     seconds);
void               billet_test_preview_wait_update  (BilletTestPreviewTracker *tracker,
                                                     guint                     seconds);
WebKitWebView     *billet_test_preview_web_view     (BilletTestPreviewTracker *tracker);

BilletApplication *billet_test_application_new      (const char               *application_id,
                                                     GApplicationFlags         flags);
gpointer           billet_test_window_child         (BilletWindow             *window,
                                                     const char               *name);

G_END_DECLS
