/* test-responsive.c — typing never waits for the preview, even on hostile Markdown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Debian 12's cmark-gfm (0.29.0.gfm.6) has inputs on which parsing took
 * seconds for a few kilobytes (the generators below); the core now bounds
 * them (billet-table-limits.c), and a big post still takes a while. The
 * preview renders in a worker, drops superseded renders, and typing must
 * never wait for it. Each case opens a real window on a post whose body is
 * such an input, with renders slowed to RENDER_DELAY_MS, as the unbounded
 * parse took, waits for the preview's first page, then types into the source
 * buffer every TYPE_INTERVAL_MS for TYPE_SECONDS while a high-priority
 * timeout measures the largest gap between two of its runs: the longest
 * the main loop was held. The stall must stay far below one render, every
 * typed character must be in the buffer, and once typing stops the page
 * must come to show the last of it. Exporting, which renders the post
 * through the same parser lock, must not hold the main loop either.
 *
 * Opening the largest post Billet reads (64 MiB) must not hold the main
 * loop either, nor closing the window or choosing another post while it
 * comes in.
 *
 * The bounds are for a normal build; a sanitizer build runs several times
 * slower and says so in BILLET_TEST_SLOWDOWN, which multiplies them.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <webkit/webkit.h>

#include "billet-test-utils.h"
#include "billet-test-gtk-utils.h"
#include "billet-test-ui-utils.h"
#include "billet-application.h"
#include "billet-document.h"
#include "billet-draft-store.h"
#include "billet-post-list.h"
#include "billet-preview.h"
#include "billet-preview-private.h"
#include "billet-resources.h"
#include "billet-window.h"

/* A render of each body takes seconds (see the generators); the first one
 * also starts WebKit's processes. */
#define DEADLINE_SECONDS 60
#define TYPE_SECONDS 3
#define TYPE_INTERVAL_MS 30
#define PROBE_INTERVAL_MS 5
/* What a render of these bodies took before the core bounded them: each
 * render after the first waits this long in its worker first. */
#define RENDER_DELAY_MS 2000
/* Far below a render of these bodies (seconds), generous for a loaded
 * machine: a frame or two, with room for a garbage collection. */
#define MAX_STALL_MS 250

/* What the author types: letters, so that no prefix of it is Markdown. */
static const char typed_alphabet[] = "abcdefghijklmnopqrstuvwxyz";

static BilletApplication *app;

/* Pathological bodies
 *
 * Times are cmark-gfm 0.29.0.gfm.6's own command line with the extensions
 * Billet uses (-e table -e strikethrough -e autolink -e tagfilter
 * -e tasklist), on the 2-core build machine. */

/* One table row with many cells. Each cell is appended to a linked list by
 * walking it from the head (cmark_llist_append), so a row of n cells takes
 * n²/2 steps, though all but the header's two are dropped: 30 KB of "|"
 * took about 2 s (3–4 s in the preview, on a loaded machine); bounded, the
 * table shows as text in a few milliseconds. */
static char *
table_row_body (gsize bytes)
{
  GString *body = g_string_new ("| a | b |\n| - | - |\n");

  while (body->len < bytes)
    g_string_append_c (body, '|');
  g_string_append_c (body, '\n');
  return g_string_free (body, FALSE);
}

/* A wide header and many short rows: each row is padded with empty cells
 * to the header's width, so the page grows as columns × rows. 1000 columns
 * and 1000 rows (6 KB) took 1.5–3 s and made 10 MB of HTML; 2000 × 2000
 * (12 KB) 8–10 s, 40 MB of HTML and a gigabyte of memory. Bounded, they
 * show as text. */
static char *
table_cells_body (guint columns,
                  guint rows)
{
  GString *body = g_string_new ("|");

  for (guint i = 0; i < columns; i++)
    g_string_append (body, "a|");
  g_string_append (body, "\n|");
  for (guint i = 0; i < columns; i++)
    g_string_append (body, "-|");
  g_string_append_c (body, '\n');
  for (guint i = 0; i < rows; i++)
    g_string_append (body, "x\n");
  return g_string_free (body, FALSE);
}

typedef struct
{
  const char *name;
  char *(*generate) (void);
} Case;

static char *
gen_table_row (void)
{
  return table_row_body (30000);
}

/* Half the rows of the 6 KB example above: 0.75 s in cmark-gfm, and 5 MB
 * of table through the preview, which WebKit took some 10 s to lay out;
 * bounded, 12 KB of text. */
static char *
gen_table_cells (void)
{
  return table_cells_body (1000, 500);
}

static const Case cases[] = {
  { "table-row", gen_table_row },
  { "table-cells", gen_table_cells },
};

typedef struct
{
  char                     *dir;
  char                     *path;
  BilletWindow             *window;
  BilletTestPreviewTracker  tracker;
  gint64                    opened_at;
} Fixture;

/* Each render after the first one waits RENDER_DELAY_MS. */
static void
on_preview_cb (BilletWindow *window,
               GParamSpec   *pspec,
               gpointer      user_data)
{
  GtkWidget *preview = billet_window_get_preview (window);

  if (preview != NULL)
    _billet_preview_set_render_delay (BILLET_PREVIEW (preview), RENDER_DELAY_MS);
}

static gboolean
is_gone (gpointer data)
{
  Fixture *f = data;

  return f->window == NULL && f->tracker.preview == NULL;
}

/* The page */

/* The page's answer to @script, which must complete with a string. */
static char *
eval (Fixture    *f,
      const char *script)
{
  return billet_test_eval_js (billet_test_preview_web_view (&f->tracker), script, DEADLINE_SECONDS);
}

/* The first paragraph of the post's body: where the author types. */
#define FIRST_PARAGRAPH \
  "String(document.querySelector('.post-body > p')?.textContent ?? '')"

/* Typing, and watching the main loop */

typedef struct
{
  Fixture       *f;
  GtkTextBuffer *buffer;
  GString       *typed;
  gint64         started;
  gint64         last_probe;
  gint64         max_gap;
  GArray        *gaps;          /* gint64 µs between probes */
  gint64         max_keystroke; /* the longest insertion, signal handlers included */
  guint          probe_id;
  guint          type_id;
  gboolean       done;
} Typing;

static gboolean
probe_cb (gpointer user_data)
{
  Typing *t = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 gap = now - t->last_probe;

  g_array_append_val (t->gaps, gap);
  t->max_gap = MAX (t->max_gap, gap);
  t->last_probe = now;
  return G_SOURCE_CONTINUE;
}

/* The last sample: the loop that waited may end in the very iteration that
 * was held (the one that wrote the file, say), before the probe runs again. */
static void
stop_probe (Typing *t)
{
  probe_cb (t);
  g_clear_handle_id (&t->probe_id, g_source_remove);
}

/* One keystroke, as GtkTextView's key handler makes it: an interactive
 * insertion at the cursor, in a user action of its own. */
static gboolean
type_cb (gpointer user_data)
{
  Typing *t = user_data;
  char c[2] = { typed_alphabet[t->typed->len % (sizeof typed_alphabet - 1)], 0 };
  gint64 start = g_get_monotonic_time ();

  gtk_text_buffer_begin_user_action (t->buffer);
  g_assert_true (gtk_text_buffer_insert_interactive_at_cursor (t->buffer, c, 1, TRUE));
  gtk_text_buffer_end_user_action (t->buffer);
  g_string_append (t->typed, c);
  t->max_keystroke = MAX (t->max_keystroke, g_get_monotonic_time () - start);

  /* For TYPE_SECONDS by the clock: a main loop that is held types less,
   * and the stall says by how much. */
  if (g_get_monotonic_time () - t->started < TYPE_SECONDS * G_USEC_PER_SEC)
    return G_SOURCE_CONTINUE;

  t->type_id = 0;
  t->done = TRUE;
  return G_SOURCE_REMOVE;
}

static int
compare_gaps (gconstpointer a,
              gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Set-up and tear-down */

#define POST_HEAD "---\ntitle: Typing over a slow render\n---\n\nTyped: \n\n"

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  const Case *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *body = c->generate ();
  g_autofree char *contents = g_strconcat (POST_HEAD, body, NULL);
  Typing opening = { 0 };

  memset (f, 0, sizeof *f);
  f->dir = g_dir_make_tmp ("billet-responsive-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "slow.md", NULL);
  g_file_set_contents (f->path, contents, -1, &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (f->path);

  f->window = billet_window_new (app);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  billet_test_preview_watch_window (&f->tracker, f->window);
  g_signal_connect (f->window, "notify::preview", G_CALLBACK (on_preview_cb), NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 800);
  f->opened_at = opening.last_probe = g_get_monotonic_time ();
  opening.gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  billet_window_open_file (f->window, file);
  gtk_window_present (GTK_WINDOW (f->window));

  /* Not asserted, for the record: opening includes the window's first
   * frames and handing the whole first page to WebKit. */
  opening.probe_id = g_timeout_add_full (G_PRIORITY_HIGH, PROBE_INTERVAL_MS, probe_cb, &opening, NULL);
  billet_test_preview_wait_page (&f->tracker, DEADLINE_SECONDS);
  stop_probe (&opening);
  g_test_message ("%s: %zu bytes of body, first page after %.1f s (main loop max stall meanwhile %.1f ms)",
                  c->name, strlen (body), (g_get_monotonic_time () - f->opened_at) / 1e6,
                  opening.max_gap / 1000.0);
  g_array_unref (opening.gaps);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  billet_test_wait_until (is_gone, f, DEADLINE_SECONDS, "the window to be finalized");

  billet_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* The case */

static void
test_typing (Fixture       *f,
             gconstpointer  data)
{
  const Case *c = data;
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (billet_document_get_body_buffer (billet_window_get_document (f->window)));
  GtkWidget *source_view = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window), BILLET_TYPE_WINDOW, "source_view"));
  Typing t = { 0 };
  g_autofree char *body = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *shown = NULL;
  GtkTextIter start, end, at;
  gint64 typing_started;
  gint64 typing_ended;
  gint64 p95;
  gint64 bound = (gint64) MAX_STALL_MS * 1000 * billet_test_slowdown ();

  /* The page shows the post, the table included: the preview is loaded. */
  shown = eval (f, FIRST_PARAGRAPH);
  g_assert_cmpstr (shown, ==, "Typed:");
  g_clear_pointer (&shown, g_free);

  /* The cursor after "Typed: ", in the source view, as the author left it. */
  g_assert_nonnull (source_view);
  gtk_widget_grab_focus (source_view);
  gtk_text_buffer_get_start_iter (buffer, &start);
  g_assert_true (gtk_text_iter_forward_search (&start, "Typed: ", 0, NULL, &at, NULL));
  gtk_text_buffer_place_cursor (buffer, &at);
  /* GtkTextView lays out the long line again when the cursor first moves
   * (some 300 ms for 30 KB on one line, with or without a render: the same
   * for a line of letters); that is the text view's, not typing's. */
  billet_test_run_for (500);

  t.f = f;
  t.buffer = buffer;
  t.typed = g_string_new (NULL);
  t.gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  t.started = t.last_probe = typing_started = g_get_monotonic_time ();
  /* Above the default priority of input and of our keystrokes, below
   * nothing but the main loop's own: when it runs late, the loop was held. */
  t.probe_id = g_timeout_add_full (G_PRIORITY_HIGH, PROBE_INTERVAL_MS, probe_cb, &t, NULL);
  t.type_id = g_timeout_add (TYPE_INTERVAL_MS, type_cb, &t);

  while (!t.done)
    g_main_context_iteration (NULL, TRUE);
  typing_ended = g_get_monotonic_time ();
  stop_probe (&t);

  g_array_sort (t.gaps, compare_gaps);
  p95 = t.gaps->len > 0 ? g_array_index (t.gaps, gint64, (t.gaps->len - 1) * 95 / 100) : 0;
  g_test_message ("%s: typed %u characters in %.2f s; main loop max stall %.1f ms, p95 gap %.1f ms "
                  "(probe every %d ms), slowest keystroke %.1f ms; bound %.0f ms",
                  c->name, (guint) t.typed->len, (typing_ended - typing_started) / 1e6,
                  t.max_gap / 1000.0, p95 / 1000.0, PROBE_INTERVAL_MS, t.max_keystroke / 1000.0,
                  bound / 1000.0);
  /* For tests/bench (the same case, run as a benchmark). */
  g_test_message ("typing-during-pathological-render case=%s max_stall_ms=%.1f p95_gap_ms=%.1f",
                  c->name, t.max_gap / 1000.0, p95 / 1000.0);

  /* Every keystroke is in the buffer, in order, where it was typed. */
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  body = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  expected = g_strconcat ("\nTyped: ", t.typed->str, "\n\n", NULL);
  g_assert_nonnull (strstr (body, expected));

  /* The main loop was never held for anything like a render. */
  g_assert_cmpint (t.max_gap, <, bound);

  /* The last render arrives: the page shows the last character typed. */
  {
    g_autofree char *want = g_strconcat ("Typed: ", t.typed->str, NULL);

    billet_test_preview_wait_update (&f->tracker, DEADLINE_SECONDS);
    shown = billet_test_wait_for_js (billet_test_preview_web_view (&f->tracker), FIRST_PARAGRAPH, want,
                                     DEADLINE_SECONDS);
    g_test_message ("%s: page caught up %.1f s after the last keystroke", c->name,
                    (g_get_monotonic_time () - typing_ended) / 1e6);
    g_assert_cmpstr (shown, ==, want);
  }

  g_string_free (t.typed, TRUE);
  g_array_unref (t.gaps);
}

/* Exporting renders the post too, through the same parser lock as the
 * preview: it runs off the main thread, so exporting while a render is
 * on its way does not freeze the window either. */

static GtkWindow *
find_file_chooser (void)
{
  return billet_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL);
}

static gboolean
has_file_chooser (gpointer data)
{
  return find_file_chooser () != NULL;
}

static char *export_path;

static gboolean
chooser_has_file (gpointer data)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (find_file_chooser ()));
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  return g_strcmp0 (path, export_path) == 0;
}

static gboolean
has_export (gpointer data)
{
  return g_file_test (export_path, G_FILE_TEST_EXISTS);
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  const Case *c = data;
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (billet_document_get_body_buffer (billet_window_get_document (f->window)));
  GtkWidget *source_view = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window), BILLET_TYPE_WINDOW, "source_view"));
  Typing t = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *page = NULL;
  GtkTextIter start, at;
  gint64 bound = (gint64) MAX_STALL_MS * 1000 * billet_test_slowdown ();

  gtk_widget_grab_focus (source_view);
  gtk_text_buffer_get_start_iter (buffer, &start);
  g_assert_true (gtk_text_iter_forward_search (&start, "Typed: ", 0, NULL, &at, NULL));
  gtk_text_buffer_place_cursor (buffer, &at);
  billet_test_run_for (500);

  /* A keystroke starts a render, which holds the parser for seconds. */
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, "x", 1, TRUE);
  gtk_text_buffer_end_user_action (buffer);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", NULL);
  billet_test_wait_until (has_file_chooser, NULL, DEADLINE_SECONDS, "the export dialog");
  export_path = g_build_filename (f->dir, "slow.html", NULL);
  /* The window suggests the post's name in the post's folder; the dialog
   * takes it once it has read the folder. */
  billet_test_wait_until (chooser_has_file, NULL, DEADLINE_SECONDS, "the export dialog's suggestion");

  t.gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  t.last_probe = g_get_monotonic_time ();
  t.probe_id = g_timeout_add_full (G_PRIORITY_HIGH, PROBE_INTERVAL_MS, probe_cb, &t, NULL);
  gtk_dialog_response (GTK_DIALOG (find_file_chooser ()), GTK_RESPONSE_ACCEPT);
  billet_test_wait_until (has_export, NULL, DEADLINE_SECONDS, "the exported page");
  stop_probe (&t);
  g_test_message ("%s: export during a render: main loop max stall %.1f ms; bound %.0f ms",
                  c->name, t.max_gap / 1000.0, bound / 1000.0);
  g_assert_cmpint (t.max_gap, <, bound);

  g_file_get_contents (export_path, &page, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (page, "<p>Typed: x</p>"));

  g_clear_pointer (&export_path, g_free);
  g_array_unref (t.gaps);
}

/* Opening the largest post Billet opens
 *
 * A post of BIG_POST_SIZE (the most Billet reads) is read and decoded off
 * the main thread, and goes into the source buffer a slice at a time: the
 * window keeps drawing and answering meanwhile. A high-priority timeout
 * ticks every LOAD_PROBE_INTERVAL_MS from before the open until a while
 * after the post shows, and the longest gap between two ticks is the
 * longest the main loop was held.
 *
 * On a machine loaded by other programs (two cores shared by several
 * builds and test runs), a thread ready to run may wait hundreds of
 * milliseconds for a processor, and a round trip to a display server
 * starved of processor time (Xvfb) as long: the bound applies to what is
 * left of each gap once those are taken out — the time the main thread
 * ran, or was blocked on anything else (a lock, the disk). On an idle
 * machine that is the whole gap. Both are printed (billet_test_probe_*). */

#define BIG_POST_SIZE (64 * 1024 * 1024)
#define LOAD_PROBE_INTERVAL_MS 10
/* About 3 s on an idle machine; ten times that on a loaded one. */
#define BIG_DEADLINE_SECONDS 180
/* After the post shows: what follows a load (the status line, the
 * preview's first render, the view's first layout) is measured too. */
#define AFTER_LOAD_MS 1500
#define BIG_POST_HEAD "---\ntitle: \"Un très long billet\"\ndate: 2024-06-18\ntags: [café, long]\n---\n"
#define SMALL_POST "---\ntitle: A short one\n---\nJust a few words.\n"

/* @size bytes of Markdown, the same each time: sections of paragraphs,
 * lists and code, with accents and curly quotes, ending with a line break. */
static char *
big_post_new (gsize size)
{
  GString *post = g_string_sized_new (size + 1024);
  guint section = 0;

  g_string_append (post, BIG_POST_HEAD);
  while (post->len < size)
    {
      g_string_append_printf (post, "\n## Section %u\n\n", ++section);
      g_string_append (post, "Le café du matin est une affaire sérieuse : on le prépare avec soin, "
                             "*lentement*, en écoutant la ville qui s’éveille. Puis on écrit, "
                             "**longtemps**, avant que la maison ne se réveille — voir "
                             "[la suite](https://example.org/suite).\n\n"
                             "- un premier point\n- un second, plus long que le premier\n"
                             "- `du code` en ligne\n\n```c\nint main (void) { return 0; }\n```\n");
    }
  /* Cut at a line break, then padded to the exact size. */
  while (post->len > size - 80 || post->str[post->len - 1] != '\n')
    g_string_truncate (post, post->len - 1);
  while (post->len < size - 1)
    g_string_append_c (post, 'x');
  g_string_append_c (post, '\n');
  g_assert_cmpuint (post->len, ==, size);
  return g_string_free (post, FALSE);
}

typedef struct
{
  char                     *dir;
  char                     *path;
  GFile                    *file;
  char                     *text;
  BilletWindow             *window;
  BilletTestPreviewTracker  tracker;
  GtkStack                 *stack;
  gboolean                  saw_loading_page;
  BilletDocument           *loading;     /* weak: the document the big post goes into */
} BigFixture;

static void
on_big_stack_cb (GtkStack   *stack,
                 GParamSpec *pspec,
                 BigFixture *f)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "loading") == 0)
    f->saw_loading_page = TRUE;
}

static void
big_fixture_setup (BigFixture    *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  memset (f, 0, sizeof *f);
  f->dir = g_dir_make_tmp ("billet-responsive-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "big.md", NULL);
  f->text = big_post_new (BIG_POST_SIZE);
  g_file_set_contents (f->path, f->text, BIG_POST_SIZE, &error);
  g_assert_no_error (error);
  f->file = g_file_new_for_path (f->path);

  f->window = billet_window_new (app);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  billet_test_preview_watch_window (&f->tracker, f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  f->stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (f->window), BILLET_TYPE_WINDOW,
                                                       "content_stack"));
  g_signal_connect (f->stack, "notify::visible-child-name", G_CALLBACK (on_big_stack_cb), f);
  /* The window as an author sees it before opening: drawn, its preview
   * loaded, with its first page: WebKit has started (its start-up makes
   * blocking calls on the main thread, which are not what is measured
   * here). */
  billet_test_preview_wait_page (&f->tracker, DEADLINE_SECONDS);
  billet_test_run_for (300);
}

static gboolean
big_is_gone (gpointer data)
{
  BigFixture *f = data;

  return f->window == NULL && f->tracker.preview == NULL && f->loading == NULL;
}

static void
big_fixture_teardown (BigFixture    *f,
                      gconstpointer  data)
{
  if (f->window != NULL)
    {
      g_signal_handlers_disconnect_by_data (f->stack, f);
      gtk_window_destroy (GTK_WINDOW (f->window));
    }
  billet_test_wait_until (big_is_gone, f, DEADLINE_SECONDS, "the window to be finalized");
  billet_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->text);
  g_clear_object (&f->file);
}

static const char *
big_label (BigFixture *f,
           const char *name)
{
  GObject *label = gtk_widget_get_template_child (GTK_WIDGET (f->window), BILLET_TYPE_WINDOW, name);

  return billet_test_widget_text (GTK_WIDGET (label));
}

/* The post is on screen: the window's document, in the editor, with the
 * status line counting its words. */
static gboolean
big_is_shown (gpointer data)
{
  BigFixture *f = data;
  GFile *file = billet_document_get_file (billet_window_get_document (f->window));

  return file != NULL && g_file_equal (file, f->file) &&
         g_strcmp0 (gtk_stack_get_visible_child_name (f->stack), "editor") == 0 &&
         g_str_has_suffix (big_label (f, "words_label"), "words") &&
         !g_str_has_prefix (big_label (f, "words_label"), "0 ");
}

/* Prints what the probe saw, and fails if the main loop was held too long. */
static void
check_stall (const char            *what,
             const BilletTestStall *stall)
{
  gint64 bound = (gint64) MAX_STALL_MS * 1000 * billet_test_slowdown ();

  g_test_message ("%s: main loop held at most %.1f ms by its own work (running %.1f ms of it, blocked "
                  "the rest); longest gap %.1f ms (the main thread ran %.1f ms of it, waited %.1f ms "
                  "for a processor and %.1f ms in poll() for other programs), p95 gap %.1f ms; "
                  "bound %.0f ms",
                  what, stall->held / 1000.0, stall->held_running / 1000.0, stall->max / 1000.0,
                  stall->max_running / 1000.0, stall->max_waiting / 1000.0, stall->max_polling / 1000.0,
                  stall->p95 / 1000.0, bound / 1000.0);
  g_assert_cmpint (stall->held, <, bound);
}

/* A load given up halfway frees what was filled so far, hundreds of
 * thousands of blocks: under ASan each free costs tens of times more than
 * in the product (3-5 s there, against 70-80 ms in a normal build, which
 * keeps the bound). Under a sanitizer the figure is printed, not bounded. */
static void
check_given_up_stall (const char            *what,
                      const BilletTestStall *stall)
{
  if (billet_test_slowdown () > 1)
    g_test_message ("%s: main loop held at most %.1f ms (sanitizer build: not bounded)",
                    what, stall->held / 1000.0);
  else
    check_stall (what, stall);
}

static void
test_open_big (BigFixture    *f,
               gconstpointer  data)
{
  BilletDocument *document;
  GtkTextBuffer *body;
  GtkTextBuffer *front_matter;
  BilletTestProbe *probe;
  BilletTestStall stall;
  g_autofree char *shown_body = NULL;
  g_autofree char *shown_front_matter = NULL;
  gint64 opened, shown;
  GtkTextIter start, end, cursor;
  const char *expected_body = f->text + strlen (BIG_POST_HEAD);
  GtkWidget *note;

  probe = billet_test_probe_start (LOAD_PROBE_INTERVAL_MS);
  opened = g_get_monotonic_time ();
  billet_window_open_file (f->window, f->file);
  billet_test_wait_until (big_is_shown, f, BIG_DEADLINE_SECONDS, "the big post");
  shown = g_get_monotonic_time ();
  billet_test_run_for (AFTER_LOAD_MS);
  billet_test_probe_stop (probe, &stall);

  g_test_message ("open-64mib: %u MiB post shown after %.2f s", BIG_POST_SIZE / (1024 * 1024),
                  (shown - opened) / 1e6);
  /* For tests/bench (the same case, run as a benchmark). */
  g_test_message ("open-64mib held_ms=%.1f max_stall_ms=%.1f p95_gap_ms=%.1f shown_s=%.2f",
                  stall.held / 1000.0, stall.max / 1000.0, stall.p95 / 1000.0, (shown - opened) / 1e6);
  /* The window was never held for long. */
  check_stall ("open-64mib", &stall);
  /* It said it was opening the post, until the post was in. */
  g_assert_true (f->saw_loading_page);

  /* The post is all there, as in the file, unmodified, with nothing to
   * undo and the cursor at its start. */
  document = billet_window_get_document (f->window);
  body = GTK_TEXT_BUFFER (billet_document_get_body_buffer (document));
  front_matter = GTK_TEXT_BUFFER (billet_document_get_front_matter_buffer (document));
  gtk_text_buffer_get_bounds (body, &start, &end);
  shown_body = gtk_text_buffer_get_text (body, &start, &end, TRUE);
  g_assert_cmpuint (strlen (shown_body), ==, strlen (expected_body));
  g_assert_true (memcmp (shown_body, expected_body, strlen (expected_body)) == 0);
  gtk_text_buffer_get_bounds (front_matter, &start, &end);
  shown_front_matter = gtk_text_buffer_get_text (front_matter, &start, &end, TRUE);
  g_assert_cmpstr (shown_front_matter, ==, "title: \"Un très long billet\"\ndate: 2024-06-18\ntags: [café, long]\n");
  g_assert_cmpstr (billet_document_get_title (document), ==, "Un très long billet");
  g_assert_false (billet_document_get_modified (document));
  g_assert_false (gtk_text_buffer_get_can_undo (body));
  gtk_text_buffer_get_iter_at_mark (body, &cursor, gtk_text_buffer_get_insert (body));
  g_assert_true (gtk_text_iter_is_start (&cursor));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "Un très long billet");
  /* Too large to highlight (GtkSourceView's highlighter would hold the
   * loop for long): shown plain, the front matter still highlighted. */
  g_assert_true (billet_document_get_large (document));
  g_assert_false (gtk_source_buffer_get_highlight_syntax (billet_document_get_body_buffer (document)));
  g_assert_true (gtk_source_buffer_get_highlight_syntax (billet_document_get_front_matter_buffer (document)));
  /* And the status line says so, as long as it is. */
  note = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window), BILLET_TYPE_WINDOW,
                                                    "highlighting_label"));
  g_assert_true (gtk_widget_get_visible (note));
  g_assert_cmpstr (billet_test_widget_text (note), ==, "No highlighting");
}

/* The big post's text is going into its document, and the window says so. */
static gboolean
big_is_filling (gpointer data)
{
  BigFixture *f = data;
  BilletDocument *loading = billet_window_get_loading_document (f->window);
  double progress = 0.0;

  if (loading == NULL)
    return FALSE;
  g_object_get (loading, "loading-progress", &progress, NULL);
  return progress > 0.1 && g_strcmp0 (gtk_stack_get_visible_child_name (f->stack), "loading") == 0;
}

/* Halfway through the load, what the author sees: the window says which
 * post it opens and how far it is, and the post's text is nowhere the
 * author could type into it. */
static void
assert_opening (BigFixture *f)
{
  GObject *page = gtk_widget_get_template_child (GTK_WIDGET (f->window), BILLET_TYPE_WINDOW, "loading_page");
  GObject *progress = gtk_widget_get_template_child (GTK_WIDGET (f->window), BILLET_TYPE_WINDOW,
                                                     "loading_progress");
  BilletDocument *loading = billet_window_get_loading_document (f->window);
  GtkWidget *source_view = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window), BILLET_TYPE_WINDOW,
                                                                      "source_view"));

  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (page)), ==, "Opening “big.md”…");
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (progress)), >, 0.0);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (progress)), <, 1.0);
  g_assert_true (billet_window_get_loading (f->window));
  g_assert_true (billet_document_get_loading (loading));
  g_assert_true (billet_window_get_document (f->window) != loading);
  g_assert_true (gtk_text_view_get_buffer (GTK_TEXT_VIEW (source_view)) !=
                 GTK_TEXT_BUFFER (billet_document_get_body_buffer (loading)));
  g_assert_false (gtk_widget_get_mapped (source_view));
  g_assert_false (gtk_widget_is_sensitive (billet_test_find_actionable (GTK_WIDGET (f->window), "win.save")));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "big.md");
}

/* Closing the window while the post comes in gives the load up: the
 * window and the half-filled document go at once, nothing of the load runs
 * on, the main loop is not held, and the post is left as it was, with no
 * draft of it. */
static void
test_close_while_loading (BigFixture    *f,
                          gconstpointer  data)
{
  BilletTestProbe *probe;
  BilletTestStall stall;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autofree char *after = NULL;
  gsize after_len = 0;

  billet_window_open_file (f->window, f->file);
  billet_test_wait_until (big_is_filling, f, BIG_DEADLINE_SECONDS, "the big post's text to go in");
  assert_opening (f);
  f->loading = billet_window_get_loading_document (f->window);
  g_object_add_weak_pointer (G_OBJECT (f->loading), (gpointer *) &f->loading);

  probe = billet_test_probe_start (LOAD_PROBE_INTERVAL_MS);
  g_signal_handlers_disconnect_by_data (f->stack, f);
  /* Nothing unsaved: it closes without asking. */
  gtk_window_close (GTK_WINDOW (f->window));
  g_assert_null (f->window);
  billet_test_wait_until (big_is_gone, f, DEADLINE_SECONDS, "the window and the document to go");
  billet_test_run_for (500);
  billet_test_probe_stop (probe, &stall);
  check_given_up_stall ("close-while-loading", &stall);

  g_file_get_contents (f->path, &after, &after_len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after_len, ==, BIG_POST_SIZE);
  g_assert_true (memcmp (after, f->text, BIG_POST_SIZE) == 0);
  /* The other cases leave drafts of their typing; none is of this post. */
  drafts = billet_draft_store_list (billet_draft_store_get_default_dir (), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < drafts->len; i++)
    g_assert_cmpstr (((BilletDraft *) g_ptr_array_index (drafts, i))->path, !=, f->path);
}

static gboolean
big_list_loaded (gpointer data)
{
  BigFixture *f = data;
  BilletPostList *list = billet_window_get_post_list (f->window);

  return list != NULL && !billet_post_list_get_loading (list) &&
         g_list_model_get_n_items (billet_post_list_get_model (list)) == 2;
}

static GFile *small_file;

static gboolean
small_is_shown (gpointer data)
{
  BigFixture *f = data;
  GFile *file = billet_document_get_file (billet_window_get_document (f->window));

  return file != NULL && g_file_equal (file, small_file) && !billet_window_get_loading (f->window) &&
         g_strcmp0 (gtk_stack_get_visible_child_name (f->stack), "editor") == 0;
}

static gboolean
big_document_gone (gpointer data)
{
  return ((BigFixture *) data)->loading == NULL;
}

/* With a folder open, choosing another post while the big one comes in
 * gives the big one up: the other shows, the big one's document goes and
 * never shows later. */
static void
test_switch_while_loading (BigFixture    *f,
                           gconstpointer  data)
{
  g_autofree char *small_path = g_build_filename (f->dir, "small.md", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (f->dir);
  BilletPostList *list;
  BilletTestProbe *probe;
  BilletTestStall stall;

  g_assert_true (g_file_set_contents (small_path, SMALL_POST, -1, NULL));
  small_file = g_file_new_for_path (small_path);
  billet_window_open_folder (f->window, folder);
  billet_test_wait_until (big_list_loaded, f, DEADLINE_SECONDS, "the folder's posts");
  list = billet_window_get_post_list (f->window);

  g_signal_emit_by_name (billet_window_get_sidebar (f->window), "post-activated",
                         billet_post_list_lookup (list, f->file));
  billet_test_wait_until (big_is_filling, f, BIG_DEADLINE_SECONDS, "the big post's text to go in");
  assert_opening (f);
  f->loading = billet_window_get_loading_document (f->window);
  g_object_add_weak_pointer (G_OBJECT (f->loading), (gpointer *) &f->loading);

  probe = billet_test_probe_start (LOAD_PROBE_INTERVAL_MS);
  g_signal_emit_by_name (billet_window_get_sidebar (f->window), "post-activated",
                         billet_post_list_lookup (list, small_file));
  billet_test_wait_until (small_is_shown, f, DEADLINE_SECONDS, "the short post");
  billet_test_wait_until (big_document_gone, f, DEADLINE_SECONDS, "the big post's document to go");
  /* And it stays so: nothing of the big post comes in late. */
  billet_test_run_for (1000);
  billet_test_probe_stop (probe, &stall);
  check_given_up_stall ("switch-while-loading", &stall);
  g_assert_true (small_is_shown (f));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "A short one");
  g_assert_null (billet_window_get_loading_document (f->window));
  g_assert_null (billet_window_lookup_document (f->window, f->file));

  g_clear_object (&small_file);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = billet_test_isolate_home ("responsive");
  int status;

  gtk_test_init (&argc, &argv, NULL);
  g_type_ensure (BILLET_TYPE_PREVIEW);
  g_assert_nonnull (billet_get_resource ());

  app = billet_test_application_new ("org.billet.BilletTest", G_APPLICATION_DEFAULT_FLAGS);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/billet/responsive/%s", cases[i].name);

      g_test_add (path, Fixture, &cases[i], fixture_setup, test_typing, fixture_teardown);
    }
  g_test_add ("/billet/responsive/export", Fixture, &cases[0], fixture_setup, test_export, fixture_teardown);
  g_test_add ("/billet/responsive/open-64mib", BigFixture, NULL, big_fixture_setup, test_open_big,
              big_fixture_teardown);
  g_test_add ("/billet/responsive/close-while-loading", BigFixture, NULL, big_fixture_setup,
              test_close_while_loading, big_fixture_teardown);
  g_test_add ("/billet/responsive/switch-while-loading", BigFixture, NULL, big_fixture_setup,
              test_switch_while_loading, big_fixture_teardown);

  status = g_test_run ();

  g_clear_object (&app);
  billet_test_remove_tree (home);
  return status;
}
