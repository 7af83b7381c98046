/* test-recovery.c — a post typed into, the editor killed, the text found again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The test runs itself a second time as the "editor": that child opens a
 * post in a BilletWindow, types into it and waits. Once the draft is on
 * disk, the test kills the child with SIGKILL — no dispose, no atexit, as
 * in a crash — then starts the application's recovery as Billet does at
 * start-up, and checks that the draft is offered, compares, and restores
 * the typed text into an unsaved document, the file untouched.
 *
 * A steady typist never pauses for the draft's debounce: a child types a
 * key every 250 ms and is killed at a random moment, several times
 * (BILLET_STRESS_KILLS, default 4); each time the draft must hold every
 * key typed more than DRAFT_LAG_ALLOWED_MS before the kill. Then a draft
 * restored over a file another program changed since the crash asks before
 * it is saved over that change, and a draft of a post open already goes
 * into that post's window.
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

#include "billet-test-gtk-utils.h"
#include "billet-test-utils.h"
#include "billet-application.h"
#include "billet-document.h"
#include "billet-document-bars.h"
#include "billet-recovery-window.h"
#include "billet-resources.h"
#include "billet-window.h"

#define DEADLINE_SECONDS 30
#define TYPED "Typed before the crash, never saved.\n"
#define POST "---\ntitle: Crash course\n---\nThe body on disk.\n"
/* The steady typist */
#define KEY_INTERVAL_MS 250
#define STEADY_KEYS "abcdefghijklmnopqrstuvwxyz0123456789"
/* A draft may miss the keys of its last two seconds (the longest it waits
 * for a pause), plus the time to write it and a busy machine's delays. */
#define DRAFT_LAG_ALLOWED_MS 3000

static BilletApplication *
new_app (void)
{
  g_autoptr(GError) error = NULL;
  BilletApplication *app = g_object_new (BILLET_TYPE_APPLICATION,
                                         "application-id", "org.billet.BilletTest",
                                         "flags", G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN,
                                         "resource-base-path", "/org/billet/Billet",
                                         NULL);

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

static void
run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
}

static gboolean
is_highlighted (gpointer data)
{
  BilletDocument *document = billet_window_get_document (data);

  return gtk_source_buffer_get_language (billet_document_get_body_buffer (document)) != NULL;
}

/* The child: the editor, typing, until it is killed. */
static int
run_child (const char *path)
{
  BilletApplication *app;
  BilletWindow *window;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkTextBuffer *buffer;
  GtkTextIter end;

  /* Should the test fail before it kills us, go with it rather than keep meson
   * test waiting on our inherited stdout until its timeout. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);

  g_set_prgname ("test-recovery");
  g_set_application_name ("Billet");
  gtk_init ();
  g_assert_nonnull (billet_get_resource ());
  app = new_app ();
  window = billet_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  billet_window_open_file (window, file);
  /* Read in a worker: typed once it is in and highlighted (the first
   * post's highlighting is set up after the window is drawn, at idle:
   * seconds in a sanitizer build, during which no draft could be written). */
  billet_test_wait_property (window, "loading", FALSE, DEADLINE_SECONDS);
  billet_test_wait_until (is_highlighted, window, DEADLINE_SECONDS, "the post to be highlighted");

  buffer = GTK_TEXT_BUFFER (billet_document_get_body_buffer (billet_window_get_document (window)));
  for (const char *p = TYPED; *p; p++)
    {
      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_place_cursor (buffer, &end);
      gtk_text_buffer_begin_user_action (buffer);
      gtk_text_buffer_insert_interactive_at_cursor (buffer, p, 1, TRUE);
      gtk_text_buffer_end_user_action (buffer);
      run_for (5);
    }
  for (;;)
    run_for (1000);
  return 0;
}

/* The steady typist: one key every KEY_INTERVAL_MS, never a pause, each
 * reported on stdout with the monotonic time it went into the buffer. */
static int
run_steady_child (const char *path)
{
  BilletApplication *app;
  BilletWindow *window;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkTextBuffer *buffer;
  GtkTextIter end;

  prctl (PR_SET_PDEATHSIG, SIGKILL);
  g_set_prgname ("test-recovery");
  g_set_application_name ("Billet");
  gtk_init ();
  g_assert_nonnull (billet_get_resource ());
  app = new_app ();
  window = billet_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  billet_window_open_file (window, file);
  /* Read in a worker: typed once it is in and highlighted (the first
   * post's highlighting is set up after the window is drawn, at idle:
   * seconds in a sanitizer build, during which no draft could be written). */
  billet_test_wait_property (window, "loading", FALSE, DEADLINE_SECONDS);
  billet_test_wait_until (is_highlighted, window, DEADLINE_SECONDS, "the post to be highlighted");

  buffer = GTK_TEXT_BUFFER (billet_document_get_body_buffer (billet_window_get_document (window)));
  printf ("ready\n");
  fflush (stdout);
  for (guint i = 0; ; i++)
    {
      char key = STEADY_KEYS[i % strlen (STEADY_KEYS)];

      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_place_cursor (buffer, &end);
      gtk_text_buffer_begin_user_action (buffer);
      gtk_text_buffer_insert_interactive_at_cursor (buffer, &key, 1, TRUE);
      gtk_text_buffer_end_user_action (buffer);
      printf ("%u %" G_GINT64_FORMAT "\n", i + 1, g_get_monotonic_time ());
      fflush (stdout);
      run_for (KEY_INTERVAL_MS);
    }
  return 0;
}

static char *
find_draft_with (const char *text)
{
  const char *dir = billet_draft_store_get_default_dir ();
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;

      if (g_str_has_suffix (name, ".md") && g_file_get_contents (path, &contents, NULL, NULL) &&
          strstr (contents, text) != NULL)
        {
          /* NAME.md's metadata is NAME.draft: three bytes longer. */
          g_autofree char *meta = g_strdup_printf ("%.*s.draft", (int) strlen (path) - 3, path);

          if (g_file_test (meta, G_FILE_TEST_EXISTS))
            return g_steal_pointer (&path);
        }
    }
  return NULL;
}

static BilletWindow *restored_window;
static BilletApplication *app;

static gboolean
restore_cb (const BilletDraft *draft,
            gpointer           user_data)
{
  g_autoptr(GError) error = NULL;

  restored_window = billet_window_new (app);
  g_assert_true (billet_window_restore_draft (restored_window, draft, &error));
  g_assert_no_error (error);
  return TRUE;
}

static void
test_sigkill (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("billet-recovery-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (tmp, "crash.md", NULL);
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *draft = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  BilletRecoveryWindow *recovery;
  BilletDraft *listed;
  BilletDocument *document;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  gint64 deadline;

  g_assert_true (g_file_set_contents (path, POST, -1, NULL));

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_exe, "--child", path, NULL);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + DEADLINE_SECONDS * G_USEC_PER_SEC;
  while ((draft = find_draft_with (TYPED)) == NULL && g_get_monotonic_time () < deadline)
    {
      g_usleep (50000);
    }
  g_assert_nonnull (draft);

  /* A crash: no chance to clean anything up. */
  g_subprocess_force_exit (child);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  /* The post itself was never written. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, POST);

  /* The next start offers the draft. */
  drafts = billet_draft_store_list (billet_draft_store_get_default_dir (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 1);
  listed = g_ptr_array_index (drafts, 0);
  g_assert_cmpstr (listed->path, ==, path);
  g_assert_cmpstr (listed->title, ==, "Crash course");

  if (app == NULL)
    app = new_app ();
  recovery = billet_recovery_window_offer (NULL, restore_cb, NULL);
  g_assert_nonnull (recovery);
  g_object_ref (recovery);
  g_assert_cmpuint (billet_recovery_window_get_n_drafts (recovery), ==, 1);

  /* Compare shows a window; Restore opens the post with the typed text. */
  billet_recovery_window_respond (recovery, listed->id, "compare");
  billet_recovery_window_respond (recovery, listed->id, "restore");
  g_assert_nonnull (restored_window);
  g_assert_cmpuint (billet_recovery_window_get_n_drafts (recovery), ==, 0);
  /* The draft and its post are read in a worker. */
  billet_test_wait_property (restored_window, "loading", FALSE, DEADLINE_SECONDS);

  document = billet_window_get_document (restored_window);
  g_assert_true (billet_document_get_modified (document));
  g_assert_cmpstr (billet_document_get_draft_id (document), ==, listed->id);
  buffer = GTK_TEXT_BUFFER (billet_document_get_body_buffer (document));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  g_assert_cmpstr (text, ==, "The body on disk.\n" TYPED);
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);

    g_assert_true (g_file_equal (billet_document_get_file (document), file));
  }

  /* The author discards it after all: the draft goes. */
  billet_document_discard_draft (document);
  deadline = g_get_monotonic_time () + DEADLINE_SECONDS * G_USEC_PER_SEC;
  while (g_file_test (draft, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
    run_for (20);
  g_assert_false (g_file_test (draft, G_FILE_TEST_EXISTS));

  gtk_window_destroy (GTK_WINDOW (restored_window));
  gtk_window_destroy (GTK_WINDOW (recovery));
  g_object_unref (recovery);
  run_for (50);
  restored_window = NULL;
  g_unlink (path);
  g_rmdir (tmp);
}

/* Drafts left in the store by a case, gone before the next. */
static void
discard_all_drafts (void)
{
  const char *dir = billet_draft_store_get_default_dir ();
  g_autoptr(GPtrArray) drafts = billet_draft_store_list (dir, NULL);

  for (guint i = 0; drafts != NULL && i < drafts->len; i++)
    billet_draft_store_delete (dir, ((BilletDraft *) g_ptr_array_index (drafts, i))->id, NULL);
}

static BilletDraft *
find_draft_for (const char *path)
{
  g_autoptr(GPtrArray) drafts = billet_draft_store_list (billet_draft_store_get_default_dir (), NULL);

  for (guint i = 0; drafts != NULL && i < drafts->len; i++)
    {
      BilletDraft *draft = g_ptr_array_index (drafts, i);

      if (g_strcmp0 (draft->path, path) == 0)
        return billet_draft_copy (draft);
    }
  return NULL;
}

/* A key every 250 ms, a SIGKILL at a random moment: the draft holds all
 * but the last keys, however long the typing went on without a pause. */
static void
test_steady_typist (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("billet-steady-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (tmp, "steady.md", NULL);
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  const char *env = g_getenv ("BILLET_STRESS_KILLS");
  guint kills = env ? (guint) g_ascii_strtoull (env, NULL, 10) : 4;
  gint64 worst_lag = 0;

  g_test_message ("%u kills while typing a key every %u ms", kills, KEY_INTERVAL_MS);
  for (guint round = 0; round < kills; round++)
    {
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(GDataInputStream) lines = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(BilletDraft) draft = NULL;
      g_autofree char *ready = NULL;
      g_autofree char *data = NULL;
      g_autofree char *line = NULL;
      g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
      /* Long enough that a debounce-only draft would never come. */
      guint typing_ms = g_test_rand_int_range (2500, 7000);
      gint64 killed_at, lag;
      const char *typed;
      gsize len, in_draft, due = 0;

      discard_all_drafts ();
      g_assert_true (g_file_set_contents (path, POST, -1, NULL));
      child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, self_exe, "--steady-child", path, NULL);
      g_assert_no_error (error);
      lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
      ready = g_data_input_stream_read_line (lines, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (ready, ==, "ready");

      g_usleep (typing_ms * 1000);
      killed_at = g_get_monotonic_time ();
      g_subprocess_force_exit (child);
      g_subprocess_wait (child, NULL, &error);
      g_assert_no_error (error);

      while ((line = g_data_input_stream_read_line (lines, NULL, NULL, NULL)) != NULL)
        {
          gint64 at = g_ascii_strtoll (strchr (line, ' ') + 1, NULL, 10);

          if (at <= killed_at)
            g_array_append_val (times, at);
          g_free (line);
        }
      g_assert_cmpuint (times->len, >, 0);
      for (guint i = 0; i < times->len; i++)
        if (g_array_index (times, gint64, i) <= killed_at - DRAFT_LAG_ALLOWED_MS * 1000)
          due = i + 1;

      draft = find_draft_for (path);
      if (draft == NULL)
        g_error ("Round %u: killed after %u ms of typing (%u keys), and no draft at all",
                 round, typing_ms, times->len);
      g_assert_true (billet_draft_store_read (billet_draft_store_get_default_dir (), draft->id,
                                              &data, &len, &error));
      g_assert_no_error (error);
      g_assert_true (g_str_has_prefix (data, POST));
      typed = data + strlen (POST);
      in_draft = strlen (typed);
      /* The keys in the draft are the first ones typed, in order. */
      for (gsize i = 0; i < in_draft; i++)
        g_assert_cmpint (typed[i], ==, STEADY_KEYS[i % strlen (STEADY_KEYS)]);
      g_assert_cmpuint (in_draft, <=, times->len);
      lag = in_draft < times->len
            ? (killed_at - g_array_index (times, gint64, in_draft)) / 1000 : 0;
      worst_lag = MAX (worst_lag, lag);
      g_test_message ("kill %u after %u ms: %u keys typed, %zu in the draft, oldest key lost typed %" G_GINT64_FORMAT " ms before the kill",
                      round + 1, typing_ms, times->len, in_draft, lag);
      if (in_draft < due)
        g_error ("Round %u: the draft holds %zu keys of %u; every key typed %u ms before the kill "
                 "(%zu) should be in it", round, in_draft, times->len, DRAFT_LAG_ALLOWED_MS, due);
    }
  g_test_message ("steady typist: %u kills, worst loss %" G_GINT64_FORMAT " ms of typing", kills, worst_lag);
  discard_all_drafts ();
  g_unlink (path);
  g_rmdir (tmp);
}

/* Writes a draft of @path with @text, as a crash would have left it: based
 * on the file as it is now. */
static BilletDraft *
leave_draft (const char *path,
             const char *text)
{
  BilletDraft *draft = billet_draft_new (NULL);
  g_autofree char *on_disk = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &on_disk, &len, NULL));
  draft->path = g_strdup (path);
  draft->title = g_strdup ("Crash course");
  draft->time = g_get_real_time () / G_USEC_PER_SEC;
  billet_file_stamp_stat (&draft->stamp, path);
  billet_file_stamp_set_data (&draft->stamp, on_disk, len);
  g_assert_true (billet_draft_store_write (billet_draft_store_get_default_dir (), draft, text,
                                           strlen (text), &error));
  g_assert_no_error (error);
  return draft;
}

static AdwMessageDialog *
find_dialog_of (GtkWindow *parent)
{
  AdwMessageDialog *found = NULL;
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_window_get_transient_for (l->data) == parent &&
        gtk_widget_get_visible (l->data))
      found = l->data;
  g_list_free (toplevels);
  return found;
}

static gboolean
window_has_dialog (gpointer data)
{
  return find_dialog_of (data) != NULL;
}

static GtkWindow *
find_toplevel_titled (const char *title)
{
  GtkWindow *found = NULL;
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (g_strcmp0 (gtk_window_get_title (l->data), title) == 0 && gtk_widget_get_visible (l->data))
      found = l->data;
  g_list_free (toplevels);
  return found;
}

static char *
read_text (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

/* Crash with a draft; another program then edits the post; the author
 * restores the draft and saves. The other program's change is not lost
 * without a question: the bar says the file changed, and Save asks, with
 * Compare. */
static void
test_changed_since (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("billet-recovery-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (tmp, "crash.md", NULL);
  const char *theirs = "---\ntitle: Crash course\n---\nAnother program wrote this after the crash.\n";
  const char *mine = POST "Typed before the crash.\n";
  g_autoptr(BilletDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  BilletRecoveryWindow *recovery;
  BilletDocument *document;
  BilletInfoBar *bar;
  AdwMessageDialog *dialog;
  GtkWindow *compare;

  discard_all_drafts ();
  g_assert_true (g_file_set_contents (path, POST, -1, NULL));
  draft = leave_draft (path, mine);
  g_usleep (20000);
  g_assert_true (g_file_set_contents (path, theirs, -1, NULL));

  if (app == NULL)
    app = new_app ();
  recovery = g_object_ref (billet_recovery_window_offer (NULL, restore_cb, NULL));
  billet_recovery_window_respond (recovery, draft->id, "restore");
  g_assert_nonnull (restored_window);
  gtk_window_present (GTK_WINDOW (restored_window));
  billet_test_wait_property (restored_window, "loading", FALSE, DEADLINE_SECONDS);
  document = billet_window_get_document (restored_window);
  g_assert_true (billet_document_get_modified (document));

  /* Said at once, in the window. */
  bar = billet_document_bars_get_bar (
    BILLET_DOCUMENT_BARS (gtk_widget_get_template_child (GTK_WIDGET (restored_window), BILLET_TYPE_WINDOW,
                                                         "document_bars")),
    BILLET_DOCUMENT_BAR_EXTERNAL);
  g_assert_true (billet_info_bar_get_revealed (bar));
  g_assert_cmpstr (billet_info_bar_get_title (bar), ==, "The file changed on disk");

  /* Save asks; Compare shows the difference and writes nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (restored_window), "win.save", NULL));
  billet_test_wait_until (window_has_dialog, restored_window, DEADLINE_SECONDS, "the overwrite question");
  dialog = find_dialog_of (GTK_WINDOW (restored_window));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Overwrite “crash.md”?");
  g_assert_true (adw_message_dialog_has_response (dialog, "compare"));
  adw_message_dialog_response (dialog, "compare");
  gtk_window_destroy (GTK_WINDOW (dialog));
  compare = find_toplevel_titled ("Changes to “crash.md”");
  g_assert_nonnull (compare);
  gtk_window_destroy (compare);
  text = read_text (path);
  g_assert_cmpstr (text, ==, theirs);
  g_clear_pointer (&text, g_free);

  /* Asked again; Overwrite writes the draft's text. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (restored_window), "win.save", NULL));
  billet_test_wait_until (window_has_dialog, restored_window, DEADLINE_SECONDS, "the overwrite question");
  dialog = find_dialog_of (GTK_WINDOW (restored_window));
  adw_message_dialog_response (dialog, "overwrite");
  gtk_window_destroy (GTK_WINDOW (dialog));
  billet_test_wait_property (document, "saving", FALSE, DEADLINE_SECONDS);
  text = read_text (path);
  g_assert_cmpstr (text, ==, mine);
  g_assert_false (billet_document_get_modified (document));

  gtk_window_destroy (GTK_WINDOW (restored_window));
  restored_window = NULL;
  gtk_window_destroy (GTK_WINDOW (recovery));
  g_object_unref (recovery);
  run_for (50);
  discard_all_drafts ();
  billet_test_remove_tree (tmp);
}

static guint
count_billet_windows (void)
{
  guint n = 0;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    n += BILLET_IS_WINDOW (l->data);
  return n;
}

static BilletRecoveryWindow *
find_recovery_window (void)
{
  BilletRecoveryWindow *found = NULL;
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (BILLET_IS_RECOVERY_WINDOW (l->data) && gtk_widget_get_visible (l->data))
      found = l->data;
  g_list_free (toplevels);
  return found;
}

static gboolean
has_recovery_window (gpointer data)
{
  return find_recovery_window () != NULL;
}

/* The post is open in a window when its draft is restored, through the
 * application as at start-up: the draft goes into that window, not into a
 * second window on the same file — and not over unsaved changes there. */
static void
test_already_open (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("billet-recovery-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (tmp, "crash.md", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  const char *mine = POST "Typed before the crash.\n";
  g_autoptr(BilletDraft) draft = NULL;
  g_autofree char *text = NULL;
  BilletRecoveryWindow *recovery;
  BilletWindow *window;
  BilletDocument *document;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  AdwMessageDialog *dialog;

  discard_all_drafts ();
  g_assert_true (g_file_set_contents (path, POST, -1, NULL));
  if (app == NULL)
    app = new_app ();
  window = billet_window_new (app);
  billet_window_open_file (window, file);
  gtk_window_present (GTK_WINDOW (window));
  billet_test_wait_property (window, "loading", FALSE, DEADLINE_SECONDS);
  document = billet_window_get_document (window);
  buffer = GTK_TEXT_BUFFER (billet_document_get_body_buffer (document));

  /* Unsaved changes in the window: the draft does not go over them. */
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert_interactive (buffer, &end, "Typed in this window.\n", -1, TRUE);
  draft = leave_draft (path, mine);
  g_application_activate (G_APPLICATION (app));
  billet_test_wait_until (has_recovery_window, NULL, DEADLINE_SECONDS, "the recovery window");
  recovery = g_object_ref (find_recovery_window ());
  g_assert_cmpuint (billet_recovery_window_get_n_drafts (recovery), ==, 1);
  billet_recovery_window_respond (recovery, draft->id, "restore");
  billet_test_wait_until (window_has_dialog, window, DEADLINE_SECONDS, "the error");
  dialog = find_dialog_of (GTK_WINDOW (window));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Could Not Restore the Draft");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "unsaved changes"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpuint (billet_recovery_window_get_n_drafts (recovery), ==, 1);
  g_assert_cmpuint (count_billet_windows (), ==, 1);

  /* Those changes undone: the draft goes into this window's document. */
  gtk_text_buffer_undo (buffer);
  g_assert_false (billet_document_get_modified (document));
  billet_recovery_window_respond (recovery, draft->id, "restore");
  g_assert_cmpuint (billet_recovery_window_get_n_drafts (recovery), ==, 0);
  billet_test_wait_property (window, "loading", FALSE, DEADLINE_SECONDS);
  g_assert_cmpuint (count_billet_windows (), ==, 1);
  g_assert_true (billet_window_get_document (window) == document);
  g_assert_true (billet_document_get_modified (document));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  g_assert_cmpstr (text, ==, "The body on disk.\nTyped before the crash.\n");
  g_clear_pointer (&text, g_free);

  /* Opening the file again shows this window, no second one. */
  g_application_open (G_APPLICATION (app), &file, 1, "");
  g_assert_cmpuint (count_billet_windows (), ==, 1);

  billet_document_discard_draft (document);
  gtk_window_destroy (GTK_WINDOW (recovery));
  g_object_unref (recovery);
  gtk_window_destroy (GTK_WINDOW (window));
  run_for (50);
  discard_all_drafts ();
  billet_test_remove_tree (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = NULL;
  int status;

  if (argc == 3 && g_str_equal (argv[1], "--child"))
    return run_child (argv[2]);
  if (argc == 3 && g_str_equal (argv[1], "--steady-child"))
    return run_steady_child (argv[2]);

  /* The child inherits these: the drafts go to a folder of the test's own. */
  home = g_dir_make_tmp ("billet-recovery-home-XXXXXX", NULL);
  for (guint i = 0; i < 3; i++)
    {
      static const char *vars[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME" };
      g_autofree char *dir = g_build_filename (home, vars[i], NULL);

      g_mkdir_with_parents (dir, 0700);
      g_setenv (vars[i], dir, TRUE);
    }

  gtk_test_init (&argc, &argv, NULL);
  g_assert_nonnull (billet_get_resource ());

  g_test_add_func ("/billet/recovery/sigkill", test_sigkill);
  g_test_add_func ("/billet/recovery/steady-typist", test_steady_typist);
  g_test_add_func ("/billet/recovery/changed-since", test_changed_since);
  g_test_add_func ("/billet/recovery/already-open", test_already_open);

  status = g_test_run ();
  g_clear_object (&app);
  billet_test_remove_tree (home);
  return status;
}
