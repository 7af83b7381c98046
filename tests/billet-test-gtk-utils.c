/* billet-test-gtk-utils.c — helpers the GTK and WebKit test programs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Waiting on the main loop under a deadline (a hung web process or a
 * dialog that never comes fails the test instead of blocking it), asking
 * the preview's page what it shows, and reading what a widget shows.
 */

#include "config.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <X11/XKBlib.h>
#include <X11/extensions/XTest.h>
#include <gdk/x11/gdkx.h>

#include "billet-test-gtk-utils.h"
#include "billet-test-utils.h"

/* GTK 4.8 warns "Trying to snapshot GtkGizmo … without a current
 * allocation" when a scrolled window's scrollbar appears in the frame its
 * content grew past the page (typing lines into the source view does it):
 * GTK's own bug, harmless, fixed in later GTK. That warning, from GTK,
 * is written as a message rather than a fatal warning; every other warning
 * still fails the test (G_DEBUG=fatal-warnings). GTK logs it through the
 * structured API, which g_test_log_set_fatal_handler() does not see.
 * The source view itself gets the same warning, rarely (2 runs in 5 of
 * test-spelling on a loaded machine, none in 6 alone; spelling underlines
 * invalidate its lines, and GtkTextView 4.8 seems to queue a resize
 * while it validates them during its own allocation). */
static gboolean
is_gtk_snapshot_bug (GLogLevelFlags   log_level,
                     const GLogField *fields,
                     gsize            n_fields)
{
  const char *domain = NULL, *message = NULL;

  if (!(log_level & G_LOG_LEVEL_WARNING))
    return FALSE;
  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }
  return g_strcmp0 (domain, "Gtk") == 0 && message != NULL &&
         (g_str_has_prefix (message, "Trying to snapshot GtkGizmo") ||
          g_str_has_prefix (message, "Trying to snapshot BilletSourceView")) &&
         g_str_has_suffix (message, "without a current allocation");
}

static GLogWriterOutput
log_writer_cb (GLogLevelFlags   log_level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  if (is_gtk_snapshot_bug (log_level, fields, n_fields))
    {
      g_printerr ("(GTK 4.8's scrollbar snapshot warning, not fatal here)\n");
      return G_LOG_WRITER_HANDLED;
    }
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* Call before anything logs. */
void
billet_test_init_gtk_log (void)
{
  g_log_set_writer_func (log_writer_cb, NULL, NULL);
}

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

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main loop until @condition holds; fails after @seconds,
 * times billet_test_slowdown() (a sanitizer build runs slower). The
 * condition is asked after each iteration, so that a state that passes
 * is seen, and every 10 ms at least, for conditions that change without
 * waking the loop (a file a worker writes). */
void
billet_test_wait_until (BilletTestCondition  condition,
                        gpointer             data,
                        guint                seconds,
                        const char          *what)
{
  guint limit = seconds * billet_test_slowdown ();
  gint64 deadline = g_get_monotonic_time () + (gint64) limit * G_USEC_PER_SEC;
  guint tick = g_timeout_add (10, tick_cb, NULL);

  while (!condition (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  if (!condition (data))
    g_error ("Timed out after %u s waiting for %s", limit, what);
}

/* A GAsyncReadyCallback that keeps the result in the GAsyncResult * that
 * @user_data points to, for billet_test_wait_async(). */
void
billet_test_async_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

/* Runs the main loop until an operation started with billet_test_async_cb
 * and @result ends; fails after @seconds.
 * Returns: (transfer none): the result, for the operation's _finish() */
GAsyncResult *
billet_test_wait_async (GAsyncResult **result,
                        guint          seconds,
                        const char    *what)
{
  billet_test_wait_until (has_result, result, seconds, what);
  return *result;
}

typedef struct
{
  GObject    *object;
  const char *property;
  gboolean    value;
} PropertyWait;

static gboolean
has_value (gpointer data)
{
  PropertyWait *wait = data;
  gboolean value = FALSE;

  g_object_get (wait->object, wait->property, &value, NULL);
  return value == wait->value;
}

/* Runs the main loop until @object's boolean @property is @value (a save
 * or a load over: "saving", "loading"); fails after @seconds. */
void
billet_test_wait_property (gpointer    object,
                           const char *property,
                           gboolean    value,
                           guint       seconds)
{
  PropertyWait wait = { G_OBJECT (object), property, value };
  g_autofree char *what = g_strdup_printf ("%s::%s to be %s", G_OBJECT_TYPE_NAME (object), property,
                                           value ? "TRUE" : "FALSE");

  billet_test_wait_until (has_value, &wait, seconds, what);
}

/* Watching the main loop: a timeout of high priority (above input and
 * drawing) ticks every few milliseconds; the gaps between its runs say
 * how long the loop was held. Of each gap, the kernel says how long the
 * main thread ran and how long it waited, ready, for a processor
 * (/proc/thread-self/schedstat); a sampling thread sees when it sleeps in
 * poll() (/proc/self/task/TID/syscall, every PROBE_SAMPLE_US): waiting
 * for another program to answer — the display server (a round trip),
 * D-Bus — or for the loop's next event. What remains of the gap is what
 * the loop's own work held it: running, or blocked on anything else (a
 * lock, the disk). So a long gap on a loaded machine can be told from a
 * long piece of work. */
#define PROBE_SAMPLE_US 2000

typedef struct
{
  gint64 gap;
  gint64 running;
  gint64 waiting;
  gint64 polling;
} Gap;

struct _BilletTestProbe
{
  guint    id;
  gint64   last;
  guint64  last_running;   /* ns, as the kernel counts */
  guint64  last_waiting;
  gint64   last_polling;
  GArray  *gaps;           /* Gap */
  /* The sampling thread */
  GThread *sampler;
  char    *syscall_path;   /* the main thread's */
  gint     stop;
  gint64   polling;        /* µs the main thread was seen in poll() (__atomic) */
};

static void
read_schedstat (guint64 *running,
                guint64 *waiting)
{
  g_autofree char *text = NULL;
  char *end = NULL;

  *running = *waiting = 0;
  if (!g_file_get_contents ("/proc/thread-self/schedstat", &text, NULL, NULL))
    return;
  *running = g_ascii_strtoull (text, &end, 10);
  *waiting = g_ascii_strtoull (end, NULL, 10);
}

static gpointer
sampler_thread (gpointer data)
{
  BilletTestProbe *probe = data;
  gint64 last = g_get_monotonic_time ();

  while (!g_atomic_int_get (&probe->stop))
    {
      g_autofree char *text = NULL;
      gint64 now;

      g_usleep (PROBE_SAMPLE_US);
      now = g_get_monotonic_time ();
      /* "7 …" is poll(), "271 …" ppoll(): the syscall it sleeps in. */
      if (g_file_get_contents (probe->syscall_path, &text, NULL, NULL) &&
          (g_str_has_prefix (text, "7 ") || g_str_has_prefix (text, "271 ")))
        __atomic_add_fetch (&probe->polling, now - last, __ATOMIC_RELAXED);
      last = now;
    }
  return NULL;
}

static gboolean
probe_cb (gpointer user_data)
{
  BilletTestProbe *probe = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 polling = __atomic_load_n (&probe->polling, __ATOMIC_RELAXED);
  guint64 running, waiting;
  Gap gap;

  read_schedstat (&running, &waiting);
  gap.gap = now - probe->last;
  gap.running = (gint64) (running - probe->last_running) / 1000;
  gap.waiting = (gint64) (waiting - probe->last_waiting) / 1000;
  gap.polling = polling - probe->last_polling;
  g_array_append_val (probe->gaps, gap);
  probe->last = now;
  probe->last_running = running;
  probe->last_waiting = waiting;
  probe->last_polling = polling;
  return G_SOURCE_CONTINUE;
}

BilletTestProbe *
billet_test_probe_start (guint interval_ms)
{
  BilletTestProbe *probe = g_new0 (BilletTestProbe, 1);

  probe->gaps = g_array_new (FALSE, FALSE, sizeof (Gap));
  probe->syscall_path = g_strdup_printf ("/proc/self/task/%ld/syscall", (long) syscall (SYS_gettid));
  probe->sampler = g_thread_new ("billet-test-probe", sampler_thread, probe);
  read_schedstat (&probe->last_running, &probe->last_waiting);
  probe->last = g_get_monotonic_time ();
  probe->id = g_timeout_add_full (G_PRIORITY_HIGH, interval_ms, probe_cb, probe, NULL);
  return probe;
}

static int
compare_gaps (gconstpointer a,
              gconstpointer b)
{
  gint64 x = ((const Gap *) a)->gap, y = ((const Gap *) b)->gap;

  return (x > y) - (x < y);
}

/* Stops @probe, frees it, and says what it saw in @stall. A last sample is
 * taken now: the wait that ended may have ended in the very iteration that
 * was held. */
void
billet_test_probe_stop (BilletTestProbe *probe,
                        BilletTestStall *stall)
{
  const Gap *max;

  probe_cb (probe);
  g_source_remove (probe->id);
  g_atomic_int_set (&probe->stop, TRUE);
  g_thread_join (probe->sampler);

  stall->held = stall->held_running = 0;
  for (guint i = 0; i < probe->gaps->len; i++)
    {
      const Gap *gap = &g_array_index (probe->gaps, Gap, i);
      gint64 held = MAX (0, gap->gap - gap->waiting - gap->polling);

      if (held > stall->held)
        {
          stall->held = held;
          stall->held_running = MIN (gap->running, held);
        }
    }
  g_array_sort (probe->gaps, compare_gaps);
  max = &g_array_index (probe->gaps, Gap, probe->gaps->len - 1);
  stall->max = max->gap;
  stall->max_running = max->running;
  stall->max_waiting = max->waiting;
  stall->max_polling = max->polling;
  stall->p95 = g_array_index (probe->gaps, Gap, (probe->gaps->len - 1) * 95 / 100).gap;
  g_array_unref (probe->gaps);
  g_free (probe->syscall_path);
  g_free (probe);
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

/* The page's answer to @script, as a string ("true", "42", text). A page
 * replaced while the script ran (the preview renders again) answers with an
 * error instead of a value: the question is asked again, a few times, of
 * the page now shown; a script that fails each time fails the test. */
char *
billet_test_eval_js (WebKitWebView *view,
                     const char    *script,
                     guint          seconds)
{
  for (guint attempt = 1; ; attempt++)
    {
      Eval e = { FALSE, NULL, NULL };

      webkit_web_view_evaluate_javascript (view, script, -1, NULL, NULL, NULL, eval_cb, &e);
      billet_test_wait_until (eval_done, &e, seconds, script);
      if (e.error == NULL)
        return e.result;
      if (attempt == 3)
        g_error ("The page could not run “%s”: %s", script, e.error->message);
      g_test_message ("The page could not run “%s” (%s); asking again", script, e.error->message);
      g_clear_error (&e.error);
      billet_test_run_for (200);
    }
}

/* Asks @script until the page answers @expected, or @seconds pass (times
 * billet_test_slowdown()); returns the last answer. Edits reach the page
 * in one patch or in several. */
char *
billet_test_wait_for_js (WebKitWebView *view,
                         const char    *script,
                         const char    *expected,
                         guint          seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * billet_test_slowdown () * G_USEC_PER_SEC;
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

/* The text a label or an inscription (the status line's) shows. */
const char *
billet_test_widget_text (GtkWidget *widget)
{
  const char *text;

  if (GTK_IS_INSCRIPTION (widget))
    text = gtk_inscription_get_text (GTK_INSCRIPTION (widget));
  else
    text = gtk_label_get_text (GTK_LABEL (widget));
  return text != NULL ? text : "";
}

static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget) || GTK_IS_INSCRIPTION (widget))
    g_string_append_printf (out, "%s\n", billet_test_widget_text (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

/* The widget in @widget that triggers @action ("win.save": the Save
 * button); its sensitivity is the action's enabled state, as the author
 * sees it. */
GtkWidget *
billet_test_find_actionable (GtkWidget  *widget,
                             const char *action)
{
  if (GTK_IS_ACTIONABLE (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = billet_test_find_actionable (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
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

/* The keyboard, for real: X events from the XTest extension, through the
 * X server, as a keyboard sends them — the application cannot tell them
 * from typing. Needs the X11 backend (the UI tests run under Xvfb with
 * GDK_BACKEND=x11). */

static Display *
x_display (GtkWidget *widget)
{
  GdkDisplay *display = gtk_widget_get_display (widget);

  g_assert_true (GDK_IS_X11_DISPLAY (display));
  return gdk_x11_display_get_xdisplay (display);
}

/* Gives @window the keyboard focus, as a window manager would (there is
 * none under Xvfb). */
static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static gboolean
is_active (gpointer data)
{
  return gtk_window_is_active (data);
}

void
billet_test_focus_window (GtkWindow *window)
{
  Display *dpy = x_display (GTK_WIDGET (window));
  GdkSurface *surface;

  /* Only a viewable window takes the focus; GTK knows it has it once the
   * FocusIn event came back. */
  billet_test_wait_until (is_mapped, window, 30, "the window on screen");
  surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_assert_nonnull (surface);
  XSync (dpy, False);
  XSetInputFocus (dpy, gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
  XSync (dpy, False);
  billet_test_wait_until (is_active, window, 30, "the window to have the keyboard focus");
}

/* Moves the pointer to the middle of @widget, as a mouse would, so that
 * it rests over that widget rather than wherever the last test left it. */
void
billet_test_point_at (GtkWidget *widget)
{
  Display *dpy = x_display (widget);
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = gtk_native_get_surface (native);
  double x = 0, y = 0, dx = 0, dy = 0;
  int root_x = 0, root_y = 0;
  Window child;

  g_assert_nonnull (surface);
  g_assert_true (gtk_widget_translate_coordinates (widget, GTK_WIDGET (native),
                                                   gtk_widget_get_width (widget) / 2.0,
                                                   gtk_widget_get_height (widget) / 2.0, &x, &y));
  gtk_native_get_surface_transform (native, &dx, &dy);
  XTranslateCoordinates (dpy, gdk_x11_surface_get_xid (surface), DefaultRootWindow (dpy),
                         (int) (x + dx), (int) (y + dy), &root_x, &root_y, &child);
  XWarpPointer (dpy, None, DefaultRootWindow (dpy), 0, 0, 0, 0, root_x, root_y);
  XSync (dpy, False);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static void
send_key (Display *dpy,
          KeySym   keysym,
          guint    mods)
{
  static const struct { guint mask; KeySym key; } modifiers[] = {
    { GDK_CONTROL_MASK, XK_Control_L },
    { GDK_SHIFT_MASK, XK_Shift_L },
    { GDK_ALT_MASK, XK_Alt_L },
  };
  KeyCode code = XKeysymToKeycode (dpy, keysym);

  g_assert_cmpuint (code, !=, 0);
  /* An upper-case letter, "?", "#": the keysym of the key's shifted level. */
  if (XkbKeycodeToKeysym (dpy, code, 0, 0) != keysym && XkbKeycodeToKeysym (dpy, code, 0, 1) == keysym)
    mods |= GDK_SHIFT_MASK;
  for (guint i = 0; i < G_N_ELEMENTS (modifiers); i++)
    if (mods & modifiers[i].mask)
      XTestFakeKeyEvent (dpy, XKeysymToKeycode (dpy, modifiers[i].key), True, CurrentTime);
  XTestFakeKeyEvent (dpy, code, True, CurrentTime);
  XTestFakeKeyEvent (dpy, code, False, CurrentTime);
  for (guint i = G_N_ELEMENTS (modifiers); i > 0; i--)
    if (mods & modifiers[i - 1].mask)
      XTestFakeKeyEvent (dpy, XKeysymToKeycode (dpy, modifiers[i - 1].key), False, CurrentTime);
  /* XSync on GDK's own connection queues the resulting events in Xlib:
   * GDK's event source then has them all, and handling them is the main
   * loop's next work. A little more time for what the keys started. */
  XSync (dpy, False);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  billet_test_run_for (25);
}

/* Presses @accelerator ("Return", "<Control><Shift>f", "F6") in the window
 * that has the keyboard focus. */
void
billet_test_press (GtkWidget  *widget,
                   const char *accelerator)
{
  guint keyval = 0;
  GdkModifierType mods = 0;

  g_assert_true (gtk_accelerator_parse (accelerator, &keyval, &mods));
  send_key (x_display (widget), keyval, mods);
}

/* Types @text, ASCII, "\n" as Return. */
void
billet_test_type (GtkWidget  *widget,
                  const char *text)
{
  Display *dpy = x_display (widget);

  for (const char *p = text; *p; p++)
    {
      g_assert_true ((guchar) *p < 0x80);
      send_key (dpy, *p == '\n' ? XK_Return : (KeySym) gdk_unicode_to_keyval ((guchar) *p), 0);
    }
}

/* Where (@x, @y) of @widget is on the screen. */
static void
root_point (GtkWidget *widget,
            double     x,
            double     y,
            int       *root_x,
            int       *root_y)
{
  Display *dpy = x_display (widget);
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t point;
  double dx, dy;
  Window child;

  g_assert_nonnull (native);
  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &GRAPHENE_POINT_INIT (x, y), &point));
  /* The surface may be larger than the window (client-side shadows). */
  gtk_native_get_surface_transform (native, &dx, &dy);
  XTranslateCoordinates (dpy, gdk_x11_surface_get_xid (gtk_native_get_surface (native)),
                         DefaultRootWindow (dpy), (int) (point.x + dx), (int) (point.y + dy),
                         root_x, root_y, &child);
}

/* The pointer arrives at (@root_x, @root_y) in a few moves, and rests a
 * moment, as a hand's does: WebKit answers an event that comes with the
 * pointer's very first move late, or not at all. */
static void
move_pointer (Display *dpy,
              int      root_x,
              int      root_y)
{
  for (int step = 3; step >= 0; step--)
    {
      XTestFakeMotionEvent (dpy, -1, root_x - 8 * step, root_y - 8 * step, CurrentTime);
      XSync (dpy, False);
      billet_test_run_for (60);
    }
  billet_test_run_for (500);
}

/* The mouse wheel, for real: the pointer moves over the middle of @widget
 * and the wheel turns @clicks notches, down for a positive number, up for
 * a negative one (X buttons 5 and 4, as a mouse sends them), one notch at
 * a time with the main loop running in between. */
void
billet_test_wheel (GtkWidget *widget,
                   int        clicks)
{
  Display *dpy = x_display (widget);
  guint button = clicks > 0 ? 5 : 4;
  int root_x, root_y;

  root_point (widget, gtk_widget_get_width (widget) / 2.0, gtk_widget_get_height (widget) / 2.0,
              &root_x, &root_y);
  move_pointer (dpy, root_x, root_y);

  for (int i = 0; i < ABS (clicks); i++)
    {
      XTestFakeButtonEvent (dpy, button, True, CurrentTime);
      XTestFakeButtonEvent (dpy, button, False, CurrentTime);
      XSync (dpy, False);
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
      billet_test_run_for (40);
    }
}

/* A click, for real: the pointer moves to (@x, @y) of @widget (negative:
 * its middle) and @button (1: the first, 3: the secondary) is pressed
 * and released there. */
void
billet_test_click (GtkWidget *widget,
                   double     x,
                   double     y,
                   guint      button)
{
  Display *dpy = x_display (widget);
  int root_x, root_y;

  if (x < 0)
    x = gtk_widget_get_width (widget) / 2.0;
  if (y < 0)
    y = gtk_widget_get_height (widget) / 2.0;
  root_point (widget, x, y, &root_x, &root_y);
  move_pointer (dpy, root_x, root_y);
  /* Pressed and released before GTK reads either: a context menu opens
   * on the press, and a release GTK 4.8 then gives the new popover warns
   * "Broken accounting of active state" (fatal here). */
  XTestFakeButtonEvent (dpy, button, True, CurrentTime);
  XTestFakeButtonEvent (dpy, button, False, CurrentTime);
  XSync (dpy, False);
  billet_test_run_for (150);
}

/* A drag with the first button, for real: pressed at (@x, @y) of @widget,
 * moved by (@dx, @dy) in ten steps, released. */
void
billet_test_drag (GtkWidget *widget,
                  double     x,
                  double     y,
                  double     dx,
                  double     dy)
{
  Display *dpy = x_display (widget);
  int root_x, root_y;

  root_point (widget, x, y, &root_x, &root_y);
  move_pointer (dpy, root_x, root_y);
  XTestFakeButtonEvent (dpy, 1, True, CurrentTime);
  XSync (dpy, False);
  billet_test_run_for (100);
  for (int i = 1; i <= 10; i++)
    {
      XTestFakeMotionEvent (dpy, -1, root_x + (int) (dx * i / 10), root_y + (int) (dy * i / 10), CurrentTime);
      XSync (dpy, False);
      billet_test_run_for (50);
    }
  XTestFakeButtonEvent (dpy, 1, False, CurrentTime);
  XSync (dpy, False);
  billet_test_run_for (100);
}

/* Dispatches what the main loop has ready, without waiting for more: what
 * a change just queued (a notification, an idle handler) has run. */
void
billet_test_iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
is_set (gpointer data)
{
  return *(gboolean *) data;
}

/* Runs the main loop until a handler sets *@flag; fails after @seconds
 * (times billet_test_slowdown()). */
void
billet_test_wait_flag (gboolean   *flag,
                       guint       seconds,
                       const char *what)
{
  billet_test_wait_until (is_set, flag, seconds, what);
}

/* The first widget in @widget, itself included, depth first, for which
 * @match says TRUE; NULL if none. */
GtkWidget *
billet_test_find_widget (GtkWidget             *widget,
                         BilletTestWidgetMatch  match,
                         gpointer               data)
{
  if (match (widget, data))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = billet_test_find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_of_type (GtkWidget *widget,
            gpointer   data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

/* The first widget of @type (or implementing it) in @widget, itself
 * included; NULL if none. */
GtkWidget *
billet_test_find_descendant (GtkWidget *widget,
                             GType      type)
{
  return billet_test_find_widget (widget, is_of_type, GSIZE_TO_POINTER (type));
}

static GtkWindow *
find_toplevel (GType      type,
               GtkWindow *parent,
               guint     *n_found)
{
  GtkWindow *found = NULL;
  GList *toplevels = gtk_window_list_toplevels ();

  *n_found = 0;
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data) &&
        (parent == NULL || gtk_window_get_transient_for (l->data) == parent))
      {
        found = l->data;
        (*n_found)++;
      }
  g_list_free (toplevels);
  return found;
}

/* The visible toplevel window of @type (or implementing it: a
 * GtkFileChooser), transient for @parent unless @parent is NULL; the
 * last one GTK lists if there are several, NULL if there is none. A
 * dialog, a file chooser, the recovery window. */
GtkWindow *
billet_test_find_toplevel (GType      type,
                           GtkWindow *parent)
{
  guint n_found;

  return find_toplevel (type, parent, &n_found);
}

/* The same, for a window the author sees one at a time (a dialog that
 * asks a question): the test fails if several are shown. */
GtkWindow *
billet_test_find_only_toplevel (GType      type,
                                GtkWindow *parent)
{
  guint n_found;
  GtkWindow *found = find_toplevel (type, parent, &n_found);

  g_assert_cmpuint (n_found, <=, 1);
  return found;
}

static gboolean
is_button_labelled (GtkWidget *widget,
                    gpointer   data)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

/* The first button in @widget whose label is @label, mnemonic
 * underscore included ("_Undo"); NULL if none. */
GtkWidget *
billet_test_find_button (GtkWidget  *widget,
                         const char *label)
{
  return billet_test_find_widget (widget, is_button_labelled, (gpointer) label);
}
