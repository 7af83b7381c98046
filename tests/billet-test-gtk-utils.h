/* billet-test-gtk-utils.h — helpers the GTK and WebKit test programs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <webkit/webkit.h>

G_BEGIN_DECLS

typedef gboolean (*BilletTestCondition) (gpointer data);
typedef struct _BilletTestProbe BilletTestProbe;

/**
 * BilletTestStall:
 * @max: the longest gap between two ticks of a probe, µs
 * @p95: the 95th percentile of the gaps
 * @max_running: during the longest gap, how long the main thread ran
 * @max_waiting: how long it waited, ready, for a processor (other
 *   programs had them: the machine's load, not the main loop's work)
 * @max_polling: and how long it slept in poll(): waiting for another
 *   program to answer (the display server, D-Bus) or for an event
 * @held: the longest the main loop was held by its own work: of each gap,
 *   the time its thread ran or was blocked on anything else than poll()
 *   (a lock, the disk). The same as @max on an idle machine with a quick
 *   display server
 * @held_running: of that, how long the main thread ran
 */
typedef struct
{
  gint64 max;
  gint64 p95;
  gint64 max_running;
  gint64 max_waiting;
  gint64 max_polling;
  gint64 held;
  gint64 held_running;
} BilletTestStall;

void            billet_test_run_for        (guint                ms);
void            billet_test_async_cb       (GObject             *object,
                                            GAsyncResult        *result,
                                            gpointer             user_data);
GAsyncResult   *billet_test_wait_async     (GAsyncResult       **result,
                                            guint                seconds,
                                            const char          *what);
void            billet_test_wait_property  (gpointer             object,
                                            const char          *property,
                                            gboolean             value,
                                            guint                seconds);
BilletTestProbe *billet_test_probe_start   (guint                interval_ms);
void            billet_test_probe_stop     (BilletTestProbe     *probe,
                                            BilletTestStall     *stall);
void            billet_test_wait_until     (BilletTestCondition  condition,
                                            gpointer             data,
                                            guint                seconds,
                                            const char          *what);
WebKitWebView  *billet_test_find_web_view  (GtkWidget           *widget);
char           *billet_test_eval_js        (WebKitWebView       *view,
                                            const char          *script,
                                            guint                seconds);
char           *billet_test_wait_for_js    (WebKitWebView       *view,
                                            const char          *script,
                                            const char          *expected,
                                            guint                seconds);
char           *billet_test_dup_labels     (GtkWidget           *widget);
const char     *billet_test_widget_text    (GtkWidget           *widget);
GtkWidget      *billet_test_find_actionable (GtkWidget          *widget,
                                             const char         *action);
void            billet_test_init_gtk_log   (void);
void            billet_test_focus_window   (GtkWindow           *window);
void            billet_test_point_at       (GtkWidget           *widget);
void            billet_test_press          (GtkWidget           *widget,
                                            const char          *accelerator);
void            billet_test_type           (GtkWidget           *widget,
                                            const char          *text);
void            billet_test_wheel          (GtkWidget           *widget,
                                            int                  clicks);
void            billet_test_click          (GtkWidget           *widget,
                                            double               x,
                                            double               y,
                                            guint                button);
void            billet_test_drag           (GtkWidget           *widget,
                                            double               x,
                                            double               y,
                                            double               dx,
                                            double               dy);

typedef gboolean (*BilletTestWidgetMatch) (GtkWidget *widget,
                                           gpointer   data);

void            billet_test_iterate        (void);
void            billet_test_wait_flag      (gboolean            *flag,
                                            guint                seconds,
                                            const char          *what);
GtkWidget      *billet_test_find_widget    (GtkWidget           *widget,
                                            BilletTestWidgetMatch match,
                                            gpointer             data);
GtkWidget      *billet_test_find_descendant (GtkWidget          *widget,
                                             GType               type);
GtkWindow      *billet_test_find_toplevel  (GType                type,
                                            GtkWindow           *parent);
GtkWindow      *billet_test_find_only_toplevel (GType            type,
                                                GtkWindow       *parent);
GtkWidget      *billet_test_find_button    (GtkWidget           *widget,
                                            const char          *label);

G_END_DECLS
