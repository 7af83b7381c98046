/* billet-test-ui-utils.c — helpers the test programs of the editor's classes share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A document reads and writes in workers (billet_document_load_async()…):
 * these run the main loop until the operation ends, for the cases that are
 * not about the waiting itself. A preview tracker counts the pages the
 * preview shows, for the tests that wait for the next one. Compiled into
 * each UI test program, which links the editor's classes.
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

static void
on_preview_updated_cb (GtkWidget *preview,
                       gpointer   user_data)
{
  BilletTestPreviewTracker *tracker = user_data;

  tracker->updates++;
}

/* Counts @preview's "updated" signals in @tracker->updates, and makes
 * @tracker->preview point to it until it is finalized. */
void
billet_test_preview_watch (BilletTestPreviewTracker *tracker,
                           GtkWidget                *preview)
{
  g_return_if_fail (preview != NULL);

  if (preview == tracker->preview)
    return;
  if (tracker->preview != NULL)
    {
      g_signal_handlers_disconnect_by_data (tracker->preview, tracker);
      g_object_remove_weak_pointer (G_OBJECT (tracker->preview), (gpointer *) &tracker->preview);
    }
  tracker->preview = preview;
  g_object_add_weak_pointer (G_OBJECT (preview), (gpointer *) &tracker->preview);
  g_signal_connect (preview, "updated", G_CALLBACK (on_preview_updated_cb), tracker);
}

static void
on_window_preview_cb (BilletWindow *window,
                      GParamSpec   *pspec,
                      gpointer      user_data)
{
  GtkWidget *preview = billet_window_get_preview (window);

  /* A window that lets its preview go is going itself: the tracker keeps
   * pointing to the preview until it is finalized, which the tests check. */
  if (preview != NULL)
    billet_test_preview_watch (user_data, preview);
}

/* Watches @window's preview: the one it has, and each it makes later (it
 * makes it once it is drawn, or loads it from a module). */
void
billet_test_preview_watch_window (BilletTestPreviewTracker *tracker,
                                  BilletWindow             *window)
{
  g_signal_connect (window, "notify::preview", G_CALLBACK (on_window_preview_cb), tracker);
  on_window_preview_cb (window, NULL, tracker);
}

static gboolean
has_page (gpointer data)
{
  BilletTestPreviewTracker *tracker = data;

  return tracker->preview != NULL && tracker->updates > 0;
}

/* Runs the main loop until the preview has shown its first page; fails
 * after @seconds (times billet_test_slowdown()). */
void
billet_test_preview_wait_page (BilletTestPreviewTracker *tracker,
                               guint                     seconds)
{
  billet_test_wait_until (has_page, tracker, seconds, "the preview's first page");
}

typedef struct
{
  BilletTestPreviewTracker *tracker;
  guint                     before;
} UpdateWait;

static gboolean
has_updated (gpointer data)
{
  UpdateWait *wait = data;

  return wait->tracker->updates > wait->before;
}

/* Runs the main loop until the preview's next "updated": call it after
 * the change that causes it. Fails after @seconds (times
 * billet_test_slowdown()). */
void
billet_test_preview_wait_update (BilletTestPreviewTracker *tracker,
                                 guint                     seconds)
{
  UpdateWait wait = { tracker, tracker->updates };

  billet_test_wait_until (has_updated, &wait, seconds, "the preview to update");
}

/* The web view of the preview watched, which must have one: where a test
 * asks the page what it shows (billet_test_eval_js()). */
WebKitWebView *
billet_test_preview_web_view (BilletTestPreviewTracker *tracker)
{
  WebKitWebView *view;

  g_assert_nonnull (tracker->preview);
  view = billet_test_find_web_view (tracker->preview);
  g_assert_nonnull (view);
  return view;
}

/* A registered application with Billet's resources, never unique (several
 * test programs run at once), for windows to belong to: G_APPLICATION_NON_UNIQUE
 * is added to @flags. */
BilletApplication *
billet_test_application_new (const char        *application_id,
                             GApplicationFlags  flags)
{
  g_autoptr(GError) error = NULL;
  BilletApplication *app = g_object_new (BILLET_TYPE_APPLICATION,
                                         "application-id", application_id,
                                         "flags", flags | G_APPLICATION_NON_UNIQUE,
                                         "resource-base-path", "/org/billet/Billet",
                                         NULL);

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

/* The child of @window's template named @name (in billet-window.ui),
 * which must exist: "source_view", "form", "sidebar". */
gpointer
billet_test_window_child (BilletWindow *window,
                          const char   *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (window), BILLET_TYPE_WINDOW, name);

  g_assert_nonnull (object);
  return object;
}
