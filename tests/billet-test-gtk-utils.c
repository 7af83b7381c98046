/* billet-test-gtk-utils.c — helpers the GTK and WebKit test programs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Waiting on the main loop under a deadline (a hung web process or a
 * dialog that never comes fails the test instead of blocking it), asking
 * the preview's page what it shows, and reading what a widget shows.
 */

#include "config.h"

#include "billet-test-gtk-utils.h"

static gboolean
flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets the main loop (and the web process) run for @ms. */
void
billet_test_run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Iterates the main loop until @condition holds; fails after @seconds.
 * Polls too, for conditions that change without waking the loop (a file a
 * worker writes). */
void
billet_test_wait_until (BilletTestCondition  condition,
                        gpointer             data,
                        guint                seconds,
                        const char          *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  while (!condition (data) && g_get_monotonic_time () < deadline)
    billet_test_run_for (10);
  if (!condition (data))
    g_error ("Timed out after %u s waiting for %s", seconds, what);
}

WebKitWebView *
billet_test_find_web_view (GtkWidget *widget)
{
  if (WEBKIT_IS_WEB_VIEW (widget))
    return WEBKIT_WEB_VIEW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      WebKitWebView *view = billet_test_find_web_view (child);

      if (view != NULL)
        return view;
    }
  return NULL;
}

typedef struct
{
  gboolean  done;
  char     *result;
  GError   *error;
} Eval;

static void
eval_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Eval *e = user_data;
  g_autoptr(JSCValue) value = NULL;

  value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, &e->error);
  if (value != NULL)
    e->result = jsc_value_is_undefined (value) || jsc_value_is_null (value)
      ? g_strdup ("(null)") : jsc_value_to_string (value);
  e->done = TRUE;
}

static gboolean
eval_done (gpointer data)
{
  return ((Eval *) data)->done;
}

/* The page's answer to @script, as a string ("true", "42", text). */
char *
billet_test_eval_js (WebKitWebView *view,
                     const char    *script,
                     guint          seconds)
{
  Eval e = { FALSE, NULL, NULL };

  webkit_web_view_evaluate_javascript (view, script, -1, NULL, NULL, NULL, eval_cb, &e);
  billet_test_wait_until (eval_done, &e, seconds, script);
  if (e.error != NULL)
    g_error ("The page could not run “%s”: %s", script, e.error->message);
  return e.result;
}

/* Asks @script until the page answers @expected, or @seconds pass; returns
 * the last answer. Edits reach the page in one patch or in several. */
char *
billet_test_wait_for_js (WebKitWebView *view,
                         const char    *script,
                         const char    *expected,
                         guint          seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  char *result = NULL;

  for (;;)
    {
      g_free (result);
      result = billet_test_eval_js (view, script, seconds);
      if (g_strcmp0 (result, expected) == 0 || g_get_monotonic_time () > deadline)
        return result;
      billet_test_run_for (50);
    }
}

static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

/* The text of every visible label in @widget, one a line, in widget order:
 * what the author reads there. */
char *
billet_test_dup_labels (GtkWidget *widget)
{
  GString *out = g_string_new (NULL);

  collect_labels (widget, out);
  return g_string_free (out, FALSE);
}
