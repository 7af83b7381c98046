/* billet-test-gtk-utils.h — helpers the GTK and WebKit test programs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <webkit/webkit.h>

G_BEGIN_DECLS

typedef gboolean (*BilletTestCondition) (gpointer data);

void            billet_test_run_for        (guint                ms);
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
GtkWidget      *billet_test_find_actionable (GtkWidget          *widget,
                                             const char         *action);
void            billet_test_init_gtk_log   (void);
void            billet_test_focus_window   (GtkWindow           *window);
void            billet_test_press          (GtkWidget           *widget,
                                            const char          *accelerator);
void            billet_test_type           (GtkWidget           *widget,
                                            const char          *text);
void            billet_test_wheel          (GtkWidget           *widget,
                                            int                  clicks);
void            billet_test_drag           (GtkWidget           *widget,
                                            double               x,
                                            double               y,
                                            double               dx,
                                            double               dy);

G_END_DECLS
