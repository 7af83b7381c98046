/* test-typing.c — what a keystroke costs, and that nothing keeps running after it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Counts rather than timings, which flake on a busy machine. Typing into a
 * post copies its body out of the text buffer not even once: not for the
 * preview, not for the status line's counts, not for the draft — those
 * read a mirror of the text kept edit by edit — while the preview, the
 * status line and the draft still follow every key. And once a load or a
 * key has been shown, the window draws no more frames: nothing animates
 * while the author pauses.
 *
 * Each case opens a post in a window of a test application, with its
 * preview, and types with XTest, as a keyboard would.
 */

#define _GNU_SOURCE

#include "config.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "billet-test-gtk-utils.h"
#include "billet-test-ui-utils.h"
#include "billet-test-utils.h"
#include "billet-application.h"
#include "billet-document-snapshot.h"
#include "billet-markdown.h"
#include "billet-preview.h"
#include "billet-preview-private.h"
#include "billet-render.h"
#include "billet-resources.h"
#include "billet-source-view.h"
#include "billet-window.h"

#define DEADLINE_SECONDS 30

static BilletApplication *app;

/* Whole-text copies */

/* The buffer whose whole-text copies are counted, and the count. */
static GtkTextBuffer *watched_buffer;
static guint whole_copies;

static void
count_copy (GtkTextBuffer     *buffer,
            const GtkTextIter *start,
            const GtkTextIter *end)
{
  int n = gtk_text_buffer_get_char_count (buffer);

  /* Most of the text: a line or a paragraph is not a copy of the post. */
  if (buffer == watched_buffer && n > 0 &&
      ABS (gtk_text_iter_get_offset (end) - gtk_text_iter_get_offset (start)) * 2 > n)
    whole_copies++;
}

/* Billet's calls to these resolve to this program's definitions, not to
 * GTK's (an executable's own symbol wins at link time): each is counted,
 * then GTK does the work. */
char *
gtk_text_buffer_get_text (GtkTextBuffer     *buffer,
                          const GtkTextIter *start,
                          const GtkTextIter *end,
                          gboolean           include_hidden_chars)
{
  static char *(*real) (GtkTextBuffer *, const GtkTextIter *, const GtkTextIter *, gboolean);

  if (real == NULL)
    real = (char *(*) (GtkTextBuffer *, const GtkTextIter *, const GtkTextIter *, gboolean))
      dlsym (RTLD_NEXT, "gtk_text_buffer_get_text");
  count_copy (buffer, start, end);
  return real (buffer, start, end, include_hidden_chars);
}

char *
gtk_text_buffer_get_slice (GtkTextBuffer     *buffer,
                           const GtkTextIter *start,
                           const GtkTextIter *end,
                           gboolean           include_hidden_chars)
{
  static char *(*real) (GtkTextBuffer *, const GtkTextIter *, const GtkTextIter *, gboolean);

  if (real == NULL)
    real = (char *(*) (GtkTextBuffer *, const GtkTextIter *, const GtkTextIter *, gboolean))
      dlsym (RTLD_NEXT, "gtk_text_buffer_get_slice");
  count_copy (buffer, start, end);
  return real (buffer, start, end, include_hidden_chars);
}

char *
gtk_text_iter_get_text (const GtkTextIter *start,
                        const GtkTextIter *end)
{
  static char *(*real) (const GtkTextIter *, const GtkTextIter *);

  if (real == NULL)
    real = (char *(*) (const GtkTextIter *, const GtkTextIter *)) dlsym (RTLD_NEXT, "gtk_text_iter_get_text");
  count_copy (gtk_text_iter_get_buffer (start), start, end);
  return real (start, end);
}

/* Calls into the page */

/* Billet's scripts (in its own world: the tests' queries run in the
 * page's), and those of them that only brought a line into view. */
static guint page_calls;
static guint lone_reveals;
static guint patch_reveals;

void
webkit_web_view_evaluate_javascript (WebKitWebView       *view,
                                     const char          *script,
                                     gssize               length,
                                     const char          *world_name,
                                     const char          *source_uri,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  static void (*real) (WebKitWebView *, const char *, gssize, const char *, const char *, GCancellable *,
                       GAsyncReadyCallback, gpointer);

  if (real == NULL)
    real = (void (*) (WebKitWebView *, const char *, gssize, const char *, const char *, GCancellable *,
                      GAsyncReadyCallback, gpointer)) dlsym (RTLD_NEXT, "webkit_web_view_evaluate_javascript");
  if (world_name != NULL)
    {
      g_autofree char *text = g_strndup (script, length < 0 ? strlen (script) : (gsize) length);
      const char *reveal = g_strrstr (text, ",reveal:");

      page_calls++;
      if (g_str_has_prefix (text, "billet.reveal("))
        lone_reveals++;
      else if (g_str_has_prefix (text, "billet.patch(") && reveal != NULL && g_str_has_suffix (reveal, "})"))
        patch_reveals++;
    }
  real (view, script, length, world_name, source_uri, cancellable, callback, user_data);
}

/* The window */

typedef struct
{
  char          *dir;
  GFile         *file;
  BilletWindow  *window;
  GtkWidget     *preview;
  guint          updates;
  guint          frames;
} Fixture;

static void
on_updated_cb (GtkWidget *preview,
               Fixture   *f)
{
  f->updates++;
}

static void
on_preview_cb (BilletWindow *window,
               GParamSpec   *pspec,
               Fixture      *f)
{
  GtkWidget *preview = billet_window_get_preview (window);

  if (preview == NULL || preview == f->preview)
    return;
  f->preview = preview;
  g_object_add_weak_pointer (G_OBJECT (preview), (gpointer *) &f->preview);
  g_signal_connect (preview, "updated", G_CALLBACK (on_updated_cb), f);
}

static gboolean
has_first_page (gpointer data)
{
  Fixture *f = data;

  return f->preview != NULL && f->updates > 0;
}

static BilletDocument *
get_document (Fixture *f)
{
  return billet_window_get_document (f->window);
}

static GtkTextBuffer *
get_body (Fixture *f)
{
  return GTK_TEXT_BUFFER (billet_document_get_body_buffer (get_document (f)));
}

static GtkWidget *
template_child (Fixture    *f,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (f->window), BILLET_TYPE_WINDOW, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

/* Some @kb kilobytes of French prose (thirty: a page to scroll). */
static char *
make_post (guint kb)
{
  static const char *sentences[] = {
    "Le matin, avant que la maison ne s’éveille, j’écris trois pages à la main. ",
    "Rien de ce qui s’y trouve n’est destiné à être lu : c’est un exercice, pas une œuvre. ",
    "Certains jours, les mots viennent d’eux-mêmes ; d’autres, il faut les tirer un à un. ",
    "*Relire* n’est pas permis avant la fin de la semaine, et **jamais** à voix haute. ",
  };
  GString *post = g_string_new ("---\ntitle: \"Écrire le matin\"\ndate: 2024-03-02\ntags:\n  - écriture\n---\n");

  for (guint paragraph = 0; post->len < kb * 1024; paragraph++)
    {
      if (paragraph % 6 == 5)
        g_string_append_printf (post, "## Semaine %u\n\n", paragraph / 6 + 2);
      for (guint i = 0; i < 5; i++)
        g_string_append (post, sentences[(paragraph + i) % G_N_ELEMENTS (sentences)]);
      g_string_append (post, "\n\n");
    }
  return g_string_free (post, FALSE);
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   Fixture       *f)
{
  f->frames++;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = make_post (data != NULL ? GPOINTER_TO_UINT (data) : 30);
  g_autofree char *path = NULL;
  GtkTextIter start;

  memset (f, 0, sizeof *f);
  f->dir = g_dir_make_tmp ("billet-typing-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "ecrire-le-matin.md", NULL);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  f->file = g_file_new_for_path (path);

  f->window = billet_window_new (app);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  g_signal_connect (f->window, "notify::preview", G_CALLBACK (on_preview_cb), f);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 800);
  billet_window_open_file (f->window, f->file);
  gtk_window_present (GTK_WINDOW (f->window));
  billet_test_wait_until (has_first_page, f, DEADLINE_SECONDS, "the preview's first page");

  /* The pointer rests on the window's title, away from scroll bars, which
   * GTK shows for a moment whenever the window's layout changes under
   * the pointer. */
  billet_test_point_at (template_child (f, "window_title"));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (f->window)), "after-paint",
                    G_CALLBACK (on_after_paint_cb), f);

  /* The keys go to the start of the body. */
  billet_test_focus_window (GTK_WINDOW (f->window));
  gtk_widget_grab_focus (template_child (f, "source_view"));
  gtk_text_buffer_get_start_iter (get_body (f), &start);
  gtk_text_buffer_place_cursor (get_body (f), &start);
}

static gboolean
is_gone (gpointer data)
{
  Fixture *f = data;

  return f->window == NULL && f->preview == NULL;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  watched_buffer = NULL;
  if (f->window != NULL)
    {
      billet_document_discard_draft (get_document (f));
      gtk_window_destroy (GTK_WINDOW (f->window));
    }
  billet_test_wait_until (is_gone, f, DEADLINE_SECONDS, "the window to be finalized");
  billet_test_remove_tree (f->dir);
  g_free (f->dir);
  g_clear_object (&f->file);
}

/* The page shows @text at the start of the post's body. */
static void
wait_page_starts_with (Fixture    *f,
                       const char *text)
{
  g_autofree char *script = g_strdup_printf ("document.querySelector('article .post-body').textContent"
                                             ".trim().startsWith('%s')", text);
  g_autofree char *result = billet_test_wait_for_js (billet_test_find_web_view (f->preview), script,
                                                     "true", DEADLINE_SECONDS);

  g_assert_cmpstr (result, ==, "true");
}

static const char *
status_text (Fixture    *f,
             const char *name)
{
  return gtk_inscription_get_text (GTK_INSCRIPTION (template_child (f, name)));
}

typedef struct
{
  Fixture    *f;
  const char *name;
  const char *expected;
} StatusWait;

static gboolean
status_is (gpointer data)
{
  StatusWait *w = data;

  return g_strcmp0 (status_text (w->f, w->name), w->expected) == 0;
}

static gboolean
has_draft (gpointer data)
{
  Fixture *f = data;
  const char *id = billet_document_get_draft_id (get_document (f));
  g_autofree char *name = id ? g_strconcat (id, ".md", NULL) : NULL;
  g_autofree char *path = name ? g_build_filename (billet_draft_store_get_default_dir (), name, NULL) : NULL;
  g_autofree char *contents = NULL;

  return path != NULL && g_file_get_contents (path, &contents, NULL, NULL) && strstr (contents, "---\nQwerty uiop Le matin") != NULL;
}

/* The cases */

/* The preview, the status line and the draft follow the keys without a
 * copy of the whole body (a 5 MB post took tens of milliseconds a copy). */
static void
test_no_whole_copy (Fixture       *f,
                    gconstpointer  data)
{
  guint copies = _billet_document_get_body_copies (get_document (f));
  g_autofree char *body = NULL;
  g_autofree char *words = NULL;
  StatusWait wait;
  guint n_words;

  watched_buffer = get_body (f);
  whole_copies = 0;

  billet_test_type (GTK_WIDGET (f->window), "Qwerty uiop ");
  wait_page_starts_with (f, "Qwerty uiop Le matin");

  /* The status line counts what the body now holds. */
  watched_buffer = NULL;
  {
    GtkTextIter start, end;

    gtk_text_buffer_get_bounds (get_body (f), &start, &end);
    body = gtk_text_buffer_get_text (get_body (f), &start, &end, TRUE);
  }
  n_words = (guint) billet_markdown_count_words (body, strlen (body));
  words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u word", "%'u words", n_words), n_words);
  watched_buffer = get_body (f);
  wait = (StatusWait) { f, "words_label", words };
  billet_test_wait_until (status_is, &wait, DEADLINE_SECONDS, "the words to be counted");

  /* And the draft holds the keys. */
  billet_test_wait_until (has_draft, f, DEADLINE_SECONDS, "the draft");

  g_assert_cmpuint (whole_copies, ==, 0);
  g_assert_cmpuint (_billet_document_get_body_copies (get_document (f)), ==, copies);
}

/* Once the page and the status line show a load or a key, nothing is
 * drawn any more until the next key: no animation runs on its own. An
 * animation draws sixty frames a second; a frame or two of the page that a
 * busy machine painted late are not one. */
#define LATE_FRAMES 2

static void
assert_no_frames (Fixture    *f,
                  const char *after)
{
  /* What the key itself started (the page's new frame) is over by then. */
  billet_test_run_for (250);
  f->frames = 0;
  billet_test_run_for (1200);
  if (f->frames > LATE_FRAMES)
    g_error ("%u frames drawn between 0.25 s and 1.45 s after %s", f->frames, after);
}

static void
test_idle (Fixture       *f,
           gconstpointer  data)
{
  guint updates;

  assert_no_frames (f, "the first page");

  /* The first key makes the post modified: its title and the Save button
   * change, and may animate for a moment. */
  updates = f->updates;
  billet_test_type (GTK_WIDGET (f->window), "A");
  wait_page_starts_with (f, "ALe matin");
  g_assert_cmpuint (f->updates, >, updates);
  billet_test_run_for (1500);

  billet_test_type (GTK_WIDGET (f->window), "zerty ");
  wait_page_starts_with (f, "Azerty Le matin");
  assert_no_frames (f, "the last key");
}

/* The frame that shows a key */

/* The source view's own drawing, wrapped: how many times the view drew. */
static void (*view_snapshot) (GtkWidget *, GtkSnapshot *);
static guint view_draws;

static void
counting_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  view_draws++;
  view_snapshot (widget, snapshot);
}

typedef struct
{
  gboolean  waiting;         /* a key changed the text, and no frame came yet */
  guint     draws_at_change;
  guint     shown_at_once;   /* keys whose first frame drew the view */
  guint     keys;
} KeyFrames;

static void
on_key_changed_cb (GtkTextBuffer *buffer,
                   KeyFrames     *k)
{
  if (k->waiting)
    return;
  k->waiting = TRUE;
  k->draws_at_change = view_draws;
  k->keys++;
}

static void
on_key_frame_cb (GdkFrameClock *clock,
                 KeyFrames     *k)
{
  if (!k->waiting)
    return;
  k->waiting = FALSE;
  if (view_draws > k->draws_at_change)
    k->shown_at_once++;
}

/* The first frame after a key draws the character: nothing the window
 * updates for the key (the cursor's place in the status line, the
 * outline's section) asks for a frame before the text view has laid the
 * changed line out, which would put the character a frame later, 17 ms
 * at sixty frames a second. */
static void
test_key_first_frame (Fixture       *f,
                      gconstpointer  data)
{
  GtkWidgetClass *klass = g_type_class_ref (BILLET_TYPE_SOURCE_VIEW);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->window));
  KeyFrames k = { 0, };
  gulong changed, painted;

  /* The first key makes the post modified, and changes the title. */
  billet_test_type (GTK_WIDGET (f->window), "A");
  billet_test_run_for (1000);

  view_snapshot = klass->snapshot;
  klass->snapshot = counting_view_snapshot;
  changed = g_signal_connect (get_body (f), "changed", G_CALLBACK (on_key_changed_cb), &k);
  painted = g_signal_connect (clock, "after-paint", G_CALLBACK (on_key_frame_cb), &k);
  for (guint i = 0; i < 12; i++)
    {
      billet_test_type (GTK_WIDGET (f->window), "z");
      billet_test_run_for (200);
    }
  g_signal_handler_disconnect (get_body (f), changed);
  g_signal_handler_disconnect (clock, painted);
  klass->snapshot = view_snapshot;
  g_type_class_unref (klass);

  g_test_message ("%u of %u keys drawn in their first frame", k.shown_at_once, k.keys);
  g_assert_cmpuint (k.keys, ==, 12);
  /* A frame the page or a busy machine started just before a key may come
   * first now and then; before, no key was drawn in its first frame. */
  g_assert_cmpuint (k.shown_at_once, >=, 9);
}

/* The status line's counts of characters and words */

typedef struct
{
  Fixture  *f;
  gboolean  waiting;         /* a key changed the text, and no frame came yet */
  guint     keys;
  guint     counted_at_once; /* keys whose first frame showed their count of characters */
  guint     words_at_once;   /* … and of words */
  guint     word_changes;    /* keys that changed the count of words */
  gsize     words;
} KeyCounts;

static gsize
body_words (Fixture *f)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (get_body (f), &start, &end);
  text = gtk_text_buffer_get_text (get_body (f), &start, &end, TRUE);
  return billet_markdown_count_words (text, strlen (text));
}

static void
on_count_changed_cb (GtkTextBuffer *buffer,
                     KeyCounts     *k)
{
  if (k->waiting)
    return;
  k->waiting = TRUE;
  k->keys++;
}

static void
on_count_frame_cb (GdkFrameClock *clock,
                   KeyCounts     *k)
{
  int n = gtk_text_buffer_get_char_count (get_body (k->f));
  g_autofree char *expected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'d character", "%'d characters", n), n);
  GtkWidget *label = billet_test_window_child (k->f->window, "characters_label");
  gsize words;
  g_autofree char *expected_words = NULL;

  if (!k->waiting)
    return;
  k->waiting = FALSE;
  if (g_strcmp0 (billet_test_widget_text (label), expected) == 0)
    k->counted_at_once++;

  words = body_words (k->f);
  expected_words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u word", "%'u words", (guint) words),
                                    (guint) words);
  if (words != k->words)
    k->word_changes++;
  k->words = words;
  if (g_strcmp0 (billet_test_widget_text (billet_test_window_child (k->f->window, "words_label")),
                 expected_words) == 0)
    k->words_at_once++;
}

/* The counts under the text change in the frame that shows the key, not
 * in a frame of their own a moment later: every frame draws the whole
 * window again, and at 5 MB the characters' was one more frame every
 * other key, the words' one more at each key that began a word. */
static void
test_count_with_key (Fixture       *f,
                     gconstpointer  data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->window));
  KeyCounts k = { f, };
  gulong changed, painted;

  billet_test_type (GTK_WIDGET (f->window), "A");
  billet_test_run_for (1000);
  k.words = body_words (f);

  changed = g_signal_connect (get_body (f), "changed", G_CALLBACK (on_count_changed_cb), &k);
  painted = g_signal_connect (clock, "after-paint", G_CALLBACK (on_count_frame_cb), &k);
  for (guint i = 0; i < 12; i++)
    {
      billet_test_type (GTK_WIDGET (f->window), i % 3 == 2 ? " " : "z");
      billet_test_run_for (200);
    }
  g_signal_handler_disconnect (get_body (f), changed);
  g_signal_handler_disconnect (clock, painted);

  g_test_message ("%u of %u keys counted in their first frame, their words %u (%u changed the count)",
                  k.counted_at_once, k.keys, k.words_at_once, k.word_changes);
  g_assert_cmpuint (k.keys, ==, 12);
  g_assert_cmpuint (k.counted_at_once, >=, 11);
  /* The spaces: "Azz" then "Le" */
  g_assert_cmpuint (k.word_changes, ==, 4);
  g_assert_cmpuint (k.words_at_once, >=, 11);
}

static const char *
body_language (Fixture *f)
{
  GtkSourceLanguage *language = gtk_source_buffer_get_language (GTK_SOURCE_BUFFER (get_body (f)));

  return language != NULL ? gtk_source_language_get_id (language) : NULL;
}

static gboolean
is_fully_highlighted (gpointer data)
{
  return !billet_document_get_light_highlighting (get_document (data));
}

/* A large post keeps its block structure highlighted, but not the spans of
 * its paragraphs, and the window says so; the preview's page holds the
 * part near its view. A post that became small again is highlighted in
 * full, and its page holds all of it. */
static void
test_large_post (Fixture       *f,
                 gconstpointer  data)
{
  GtkTextIter start, end;
  g_autofree char *headings = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *body = NULL;
  guint n_headings = 0;

  g_assert_cmpint (gtk_text_buffer_get_char_count (get_body (f)), >, 1000000);
  /* Its text went in a slice at a time, and the body's mirror followed
   * each: never copied from the buffer since it was made, empty. */
  g_assert_cmpuint (_billet_document_get_body_copies (get_document (f)), ==, 1);
  g_assert_true (billet_document_get_light_highlighting (get_document (f)));
  g_assert_cmpstr (body_language (f), ==, "billet-markdown-large");
  g_assert_true (gtk_widget_get_visible (template_child (f, "highlighting_label")));

  gtk_text_buffer_get_bounds (get_body (f), &start, &end);
  body = gtk_text_buffer_get_text (get_body (f), &start, &end, TRUE);
  for (const char *p = body; (p = strstr (p, "\n## ")) != NULL; p++)
    n_headings++;
  g_assert_cmpuint (n_headings, >, 100);
  /* The preview's page holds the part near its view (its top): a few of
   * the headings, not all. */
  headings = billet_test_wait_for_js (billet_test_find_web_view (f->preview),
                                      "(function () {"
                                      "  var n = document.querySelectorAll('article .post-body h2').length;"
                                      "  return n > 0 && document.querySelectorAll('.post-body > .billet-spacer').length === 2"
                                      "         ? 'windowed' : 'not yet ' + n;"
                                      "})()",
                                      "windowed", DEADLINE_SECONDS);
  g_assert_cmpstr (headings, ==, "windowed");
  g_free (headings);
  headings = billet_test_eval_js (billet_test_find_web_view (f->preview),
                                  "document.querySelectorAll('article .post-body h2').length", DEADLINE_SECONDS);
  g_assert_cmpuint (atoi (headings), <, n_headings / 10);
  g_free (headings);

  /* Most of it goes: Markdown in full again, and the whole post in the
   * page, spacers gone. */
  gtk_text_buffer_get_iter_at_offset (get_body (f), &start, 100000);
  gtk_text_buffer_get_end_iter (get_body (f), &end);
  gtk_text_buffer_delete (get_body (f), &start, &end);
  /* At idle priority, after the view has laid the change out. */
  billet_test_wait_until (is_fully_highlighted, f, DEADLINE_SECONDS, "Markdown in full again");
  g_assert_false (billet_document_get_light_highlighting (get_document (f)));
  g_assert_cmpstr (body_language (f), ==, "markdown");
  g_assert_false (gtk_widget_get_visible (template_child (f, "highlighting_label")));

  g_free (body);
  gtk_text_buffer_get_bounds (get_body (f), &start, &end);
  body = gtk_text_buffer_get_text (get_body (f), &start, &end, TRUE);
  n_headings = 0;
  for (const char *p = body; (p = strstr (p, "\n## ")) != NULL; p++)
    n_headings++;
  expected = g_strdup_printf ("%u headings, 0 spacers", n_headings);
  headings = billet_test_wait_for_js (billet_test_find_web_view (f->preview),
                                      "document.querySelectorAll('article .post-body h2').length + ' headings, ' +"
                                      "document.querySelectorAll('.post-body > .billet-spacer').length + ' spacers'",
                                      expected, DEADLINE_SECONDS);
  g_assert_cmpstr (headings, ==, expected);
}

/* A post of 5 MB, the size GNOME Text Editor is compared at, is
 * highlighted (lightly), and the status line says how; only a post over
 * 16 MiB is shown plain. */
static void
test_five_mb_highlighted (Fixture       *f,
                          gconstpointer  data)
{
  GtkWidget *note = template_child (f, "highlighting_label");
  GStatBuf st;

  /* Over 5 MB on disk (accents take two bytes: fewer characters). */
  g_assert_cmpint (g_stat (g_file_peek_path (f->file), &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 5 * 1000 * 1000);
  g_assert_cmpint (gtk_text_buffer_get_char_count (get_body (f)), >, 4 * 1000 * 1000);
  g_assert_false (billet_document_get_large (get_document (f)));
  g_assert_true (gtk_source_buffer_get_highlight_syntax (GTK_SOURCE_BUFFER (get_body (f))));
  g_assert_true (billet_document_get_light_highlighting (get_document (f)));
  g_assert_cmpstr (body_language (f), ==, "billet-markdown-large");
  g_assert_true (gtk_widget_get_visible (note));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (note)), ==, "Light highlighting");
}

/* While the author types into a large post, each render is superseded by
 * the next key before it ends, and its tens of thousands of blocks are
 * freed: in a thread, like every large render the page is done with, not
 * by the window's thread between two keys (at 5 MB, a fifth of its time
 * while typing, by perf). Renders slowed down, so that the keys surely
 * overtake them. */
static void
test_superseded_render (Fixture       *f,
                        gconstpointer  data)
{
  guint frees;

  _billet_preview_set_render_delay (BILLET_PREVIEW (f->preview), 300);
  frees = _billet_render_get_large_frees_on_main_loop ();
  billet_test_type (GTK_WIDGET (f->window), "Qwerty ");
  billet_test_run_for (100);
  billet_test_type (GTK_WIDGET (f->window), "uiop ");
  wait_page_starts_with (f, "Qwerty uiop Le matin");
  g_assert_cmpuint (_billet_render_get_large_frees_on_main_loop (), ==, frees);
}

/* Key by key in a large post, each patch waited for: the page showed the
 * render each new one was made from, and the main thread compared no
 * blocks (30,000 in a 5 MB post). */
static void
test_patch_no_walk (Fixture       *f,
                    gconstpointer  data)
{
  BilletPreview *preview = BILLET_PREVIEW (f->preview);
  guint walks = _billet_preview_get_block_walks (preview);

  billet_test_type (GTK_WIDGET (f->window), "Q");
  wait_page_starts_with (f, "QLe matin");
  billet_test_type (GTK_WIDGET (f->window), "w");
  wait_page_starts_with (f, "QwLe matin");
  billet_test_type (GTK_WIDGET (f->window), "e");
  wait_page_starts_with (f, "QweLe matin");
  g_assert_cmpuint (_billet_preview_get_block_walks (preview), ==, walks);
}

/* Whether the page shows the top of the post's first paragraph. */
static gboolean
first_paragraph_in_view (Fixture *f)
{
  g_autofree char *result = billet_test_eval_js (billet_test_find_web_view (f->preview),
                                                 "(function () {"
                                                 "  var r = document.querySelector('article .post-body > p')"
                                                 "                  .getBoundingClientRect();"
                                                 "  return r.top >= 0 && r.top < window.innerHeight;"
                                                 "})()", DEADLINE_SECONDS);

  return g_strcmp0 (result, "true") == 0;
}

static void
on_page_message_cb (WebKitUserContentManager *manager,
                    JSCValue                 *value,
                    guint                    *count)
{
  (*count)++;
}

static void
our_script_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(JSCValue) value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, NULL);

  *(gboolean *) user_data = TRUE;
}

static gboolean
is_set (gpointer data)
{
  return *(gboolean *) data;
}

/* Scrolls the page to @line as scroll sync does, in Billet's world: a
 * scroll of Billet's own, which the source does not follow. */
static void
scroll_page_as_sync (Fixture *f,
                     guint    line)
{
  g_autofree char *script = g_strdup_printf ("billet.scrollToLine(%u)", line);
  gboolean done = FALSE;

  webkit_web_view_evaluate_javascript (billet_test_find_web_view (f->preview), script, -1, BILLET_PREVIEW_WORLD,
                                       NULL, NULL, our_script_done_cb, &done);
  billet_test_wait_until (is_set, &done, DEADLINE_SECONDS, "the page's scroll");
}

/* A key is one call into the page: its blocks, with the cursor's line to
 * bring into view, rather than the blocks and then the line; the call's
 * answer says the page shows them, no message follows. And the
 * paragraph typed in still comes into view: when the author had scrolled
 * the preview elsewhere (the text view scrolls back to the cursor then,
 * and the preview follows it), and when only the page was elsewhere (the
 * patch's line brings it). */
static void
test_one_call_a_key (Fixture       *f,
                     gconstpointer  data)
{
  WebKitWebView *view = billet_test_find_web_view (f->preview);
  static const char *keys[] = { "Q", "w", "e" };
  static const char *shown[] = { "QLe matin", "QwLe matin", "QweLe matin" };
  g_autofree char *scrolled = NULL;
  guint messages = 0;
  gulong handler = g_signal_connect (webkit_web_view_get_user_content_manager (view),
                                     "script-message-received::billet",
                                     G_CALLBACK (on_page_message_cb), &messages);

  billet_test_run_for (300);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      page_calls = lone_reveals = patch_reveals = messages = 0;
      billet_test_type (GTK_WIDGET (f->window), keys[i]);
      wait_page_starts_with (f, shown[i]);
      billet_test_run_for (200);
      g_assert_cmpuint (page_calls, ==, 1);
      g_assert_cmpuint (patch_reveals, ==, 1);
      g_assert_cmpuint (lone_reveals, ==, 0);
      g_assert_cmpuint (messages, ==, 0);
    }
  g_signal_handler_disconnect (webkit_web_view_get_user_content_manager (view), handler);
  g_assert_true (first_paragraph_in_view (f));

  /* The author scrolls the preview down (the source follows it; the
   * cursor stays at the top), then types. */
  scrolled = billet_test_eval_js (view, "window.scrollTo(0, document.documentElement.scrollHeight / 2);"
                                        "window.scrollY > window.innerHeight", DEADLINE_SECONDS);
  g_assert_cmpstr (scrolled, ==, "true");
  billet_test_run_for (500);
  g_assert_false (first_paragraph_in_view (f));

  billet_test_type (GTK_WIDGET (f->window), "r");
  wait_page_starts_with (f, "QwerLe matin");
  billet_test_run_for (500);
  g_assert_true (first_paragraph_in_view (f));

  /* The page away from the cursor's paragraph while the source shows it
   * (blocks taller in the page than in the source put them there): the
   * line the key's patch carries brings the paragraph back, and nothing
   * else does, the source not moving. */
  scroll_page_as_sync (f, (guint) gtk_text_buffer_get_line_count (get_body (f)) / 2);
  billet_test_run_for (500);
  g_assert_false (first_paragraph_in_view (f));
  page_calls = lone_reveals = patch_reveals = 0;
  billet_test_type (GTK_WIDGET (f->window), "t");
  wait_page_starts_with (f, "QwertLe matin");
  billet_test_run_for (500);
  g_assert_cmpuint (page_calls, ==, 1);
  g_assert_cmpuint (patch_reveals, ==, 1);
  g_assert_true (first_paragraph_in_view (f));
}

/* Backspace */

/* The main thread's processor time of ten Backspaces at the end of the
 * third line of a post of @n_lines lines, whose first line only is
 * tagged (a large post's light highlighting is on the screen only), in
 * microseconds. */
static gint64
backspaces_cost (guint n_lines)
{
  GtkWidget *view = g_object_ref_sink (billet_source_view_new ());
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (gtk_source_buffer_new (NULL));
  g_autoptr(GString) text = g_string_new ("# Écrire le matin\n\n");
  g_autofree char *left = NULL;
  GtkTextIter start, end;
  struct timespec t0, t1;

  for (guint i = 2; i + 1 < n_lines; i++)
    g_string_append (text, "Le matin, avant que la maison ne s’éveille, j’écris.\n");
  gtk_text_buffer_set_text (buffer, text->str, (int) text->len);
  gtk_text_buffer_get_iter_at_line (buffer, &start, 0);
  gtk_text_buffer_get_iter_at_line (buffer, &end, 1);
  gtk_text_buffer_apply_tag (buffer, gtk_text_buffer_create_tag (buffer, NULL, "weight", PANGO_WEIGHT_BOLD, NULL),
                             &start, &end);
  gtk_text_view_set_buffer (GTK_TEXT_VIEW (view), buffer);
  gtk_text_buffer_get_iter_at_line (buffer, &end, 2);
  gtk_text_iter_forward_to_line_end (&end);
  gtk_text_buffer_place_cursor (buffer, &end);

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &t0);
  for (guint i = 0; i < 10; i++)
    g_signal_emit_by_name (view, "backspace");
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &t1);

  /* The keys did what Backspace does. */
  gtk_text_buffer_get_iter_at_line (buffer, &start, 2);
  gtk_text_buffer_get_iter_at_line (buffer, &end, 2);
  gtk_text_iter_forward_to_line_end (&end);
  left = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  g_assert_cmpstr (left, ==, "Le matin, avant que la maison ne s’éveille");
  g_assert_cmpint (gtk_text_buffer_get_line_count (buffer), ==, (int) n_lines);

  g_object_unref (buffer);
  g_object_unref (view);
  return (t1.tv_sec - t0.tv_sec) * G_USEC_PER_SEC + (t1.tv_nsec - t0.tv_nsec) / 1000;
}

/* Backspace costs what it deletes, not what follows it: GtkTextView's
 * walked to the next tag toggle, to the end of a lightly highlighted
 * large post (5 ms a key at 5 MB). Processor time of the thread, the
 * best of three: a hundred times the text must not cost ten times. */
static void
test_backspace_cost (void)
{
  gint64 small = G_MAXINT64, large = G_MAXINT64;

  for (guint i = 0; i < 3; i++)
    {
      small = MIN (small, backspaces_cost (3000));
      large = MIN (large, backspaces_cost (300000));
    }
  g_test_message ("ten Backspaces: %" G_GINT64_FORMAT " µs in 3,000 lines, %" G_GINT64_FORMAT " µs in 300,000",
                  small, large);
  if (large > 10 * small + 2000)
    g_error ("ten Backspaces took %" G_GINT64_FORMAT " µs in 300,000 lines, %" G_GINT64_FORMAT " µs in 3,000",
             large, small);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_dir_make_tmp ("billet-typing-home-XXXXXX", NULL);
  int status;

  g_assert_nonnull (home);
  for (guint i = 0; i < 4; i++)
    {
      static const char *vars[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" };
      g_autofree char *dir = g_build_filename (home, vars[i], NULL);

      g_mkdir_with_parents (dir, 0700);
      g_setenv (vars[i], dir, TRUE);
    }

  billet_test_init_gtk_log ();
  gtk_test_init (&argc, &argv, NULL);
  g_type_ensure (BILLET_TYPE_PREVIEW);
  g_assert_nonnull (billet_get_resource ());
  /* The caret's blinking is the author's setting, and a frame each time. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  app = g_object_new (BILLET_TYPE_APPLICATION,
                      "application-id", "org.billet.BilletTypingTest",
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "resource-base-path", "/org/billet/Billet",
                      NULL);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  g_test_add_func ("/billet/typing/backspace-cost", test_backspace_cost);
  g_test_add ("/billet/typing/no-whole-copy", Fixture, NULL, fixture_setup, test_no_whole_copy, fixture_teardown);
  g_test_add ("/billet/typing/idle", Fixture, NULL, fixture_setup, test_idle, fixture_teardown);
  g_test_add ("/billet/typing/key-first-frame", Fixture, NULL, fixture_setup, test_key_first_frame,
              fixture_teardown);
  g_test_add ("/billet/typing/count-with-key", Fixture, NULL, fixture_setup, test_count_with_key, fixture_teardown);
  g_test_add ("/billet/typing/one-call-a-key", Fixture, NULL, fixture_setup, test_one_call_a_key, fixture_teardown);
  g_test_add ("/billet/typing/five-mb-highlighted", Fixture, GUINT_TO_POINTER (5 * 1024 + 16), fixture_setup,
              test_five_mb_highlighted, fixture_teardown);
  g_test_add ("/billet/typing/superseded-render", Fixture, GUINT_TO_POINTER (1200), fixture_setup,
              test_superseded_render, fixture_teardown);
  g_test_add ("/billet/typing/large-post", Fixture, GUINT_TO_POINTER (1200), fixture_setup, test_large_post,
              fixture_teardown);
  g_test_add ("/billet/typing/patch-no-walk", Fixture, GUINT_TO_POINTER (1200), fixture_setup, test_patch_no_walk,
              fixture_teardown);

  status = g_test_run ();
  g_clear_object (&app);
  billet_test_remove_tree (home);
  return status;
}
