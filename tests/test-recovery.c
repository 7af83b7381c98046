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
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

#include "billet-application.h"
#include "billet-document.h"
#include "billet-recovery-window.h"
#include "billet-resources.h"
#include "billet-window.h"

#define DEADLINE_SECONDS 30
#define TYPED "Typed before the crash, never saved.\n"
#define POST "---\ntitle: Crash course\n---\nThe body on disk.\n"

static BilletApplication *
new_app (void)
{
  g_autoptr(GError) error = NULL;
  BilletApplication *app = g_object_new (BILLET_TYPE_APPLICATION,
                                         "application-id", "org.billet.BilletTest",
                                         "flags", G_APPLICATION_NON_UNIQUE,
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
  run_for (200);

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
  g_clear_object (&app);
  g_unlink (path);
  g_rmdir (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = NULL;

  if (argc == 3 && g_str_equal (argv[1], "--child"))
    return run_child (argv[2]);

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

  return g_test_run ();
}
