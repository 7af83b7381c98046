/* test-web-processes.c — WebKit's processes end with the editor, however it ends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case starts the editor (src/billet-editor, from $BILLET_EDITOR) on
 * a post, on the tests' display and session bus, waits for WebKit's web
 * and network processes among its descendants, ends the editor — "quit"
 * over D-Bus as the menu does, SIGTERM, SIGKILL — and checks that none of
 * the processes it had is left a few seconds later: not the web process,
 * not the network process, not their sandbox, not the reaper. Each on a
 * small post, where WebKit's processes are idle, and on a post with a big
 * table that keeps the web process busy laying it out, which WebKit alone
 * ended only ten seconds after the editor (its watchdog).
 */

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>

#include "billet-test-utils.h"

/* Starting the editor and WebKit's processes under Xvfb. */
#define START_SECONDS 30
/* What "gone with the editor" allows: a dying process with a big page
 * takes a moment to give its memory back. */
#define GONE_SECONDS 4
/* The web process's CPU time (clock ticks, 100 a second) in its layout of
 * the big table when the editor is ended. */
#define BUSY_TICKS 100

typedef enum
{
  END_QUIT,
  END_TERM,
  END_KILL,
} Ending;

typedef struct
{
  const char *name;
  gboolean    busy;
  Ending      ending;
} Case;

typedef struct
{
  pid_t               pid;
  unsigned long long  start;
  char               *name;
} Process;

static void
process_clear (gpointer data)
{
  g_free (((Process *) data)->name);
}

/* What /proc/@pid/stat says: the name (15 bytes at most), the parent, the
 * CPU time in clock ticks, the start time; FALSE when it is gone or a
 * zombie. */
static gboolean
read_stat (pid_t                pid,
           char               **name,
           pid_t               *ppid,
           unsigned long long  *cpu_ticks,
           unsigned long long  *start)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *open_paren;
  const char *close_paren;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  open_paren = strchr (text, '(');
  close_paren = strrchr (text, ')');
  if (open_paren == NULL || close_paren == NULL || close_paren[1] != ' ')
    return FALSE;

  /* fields[0] is the state (field 3 of the file). */
  fields = g_strsplit (close_paren + 2, " ", 0);
  if (g_strv_length (fields) < 20 || fields[0][0] == 'Z' || fields[0][0] == 'X')
    return FALSE;

  if (name != NULL)
    *name = g_strndup (open_paren + 1, close_paren - open_paren - 1);
  if (ppid != NULL)
    *ppid = (pid_t) atoi (fields[1]);
  if (cpu_ticks != NULL)
    *cpu_ticks = g_ascii_strtoull (fields[11], NULL, 10) + g_ascii_strtoull (fields[12], NULL, 10);
  if (start != NULL)
    *start = g_ascii_strtoull (fields[19], NULL, 10);
  return TRUE;
}

/* Every process under @root, now. */
static GArray *
list_descendants (pid_t root)
{
  g_autoptr(GHashTable) parents = g_hash_table_new (NULL, NULL);
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  GArray *found = g_array_new (FALSE, TRUE, sizeof (Process));
  const char *entry;
  gboolean grew = TRUE;

  g_array_set_clear_func (found, process_clear);
  g_assert_nonnull (proc);
  while ((entry = g_dir_read_name (proc)) != NULL)
    {
      pid_t pid = (pid_t) atoi (entry);
      pid_t ppid;

      if (pid > 0 && read_stat (pid, NULL, &ppid, NULL, NULL))
        g_hash_table_insert (parents, GINT_TO_POINTER (pid), GINT_TO_POINTER (ppid));
    }

  /* Those whose parent is @root or one of those already found. */
  while (grew)
    {
      GHashTableIter iter;
      gpointer key, value;

      grew = FALSE;
      g_hash_table_iter_init (&iter, parents);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          pid_t parent = GPOINTER_TO_INT (value);
          gboolean under = parent == root;

          for (guint i = 0; !under && i < found->len; i++)
            under = g_array_index (found, Process, i).pid == parent;
          if (under)
            {
              Process p = { GPOINTER_TO_INT (key), 0, NULL };

              if (read_stat (p.pid, &p.name, NULL, NULL, &p.start))
                g_array_append_val (found, p);
              g_hash_table_iter_remove (&iter);
              grew = TRUE;
            }
        }
    }

  return found;
}

static const Process *
find_process (GArray     *processes,
              const char *name)
{
  for (guint i = 0; i < processes->len; i++)
    {
      const Process *p = &g_array_index (processes, Process, i);

      if (g_str_has_prefix (p->name, name))
        return p;
    }
  return NULL;
}

static gboolean
is_alive (const Process *p)
{
  unsigned long long start = 0;

  return read_stat (p->pid, NULL, NULL, NULL, &start) && start == p->start;
}

static unsigned long long
cpu_ticks (pid_t pid)
{
  unsigned long long ticks = 0;

  read_stat (pid, NULL, NULL, &ticks, NULL);
  return ticks;
}

/* Kills the editor and all under it: a case that fails before it ends the
 * editor must not leave it running (meson would wait for it). */
static void
kill_all (GPid pid)
{
  g_autoptr(GArray) processes = list_descendants (pid);

  kill (pid, SIGKILL);
  for (guint i = 0; i < processes->len; i++)
    kill (g_array_index (processes, Process, i).pid, SIGKILL);
  waitpid (pid, NULL, 0);
}

static char *
write_post (const char *dir,
            gboolean    busy)
{
  g_autoptr(GString) text = g_string_new ("---\ntitle: A post\n---\n");
  char *path = g_build_filename (dir, "post.md", NULL);

  if (busy)
    {
      /* 100 columns, 1000 full rows: an ordinary table, which WebKit
       * takes some seven seconds of CPU (and 700 MB) to lay out. */
      for (guint row = 0; row < 1002; row++)
        {
          for (guint i = 0; i < 100; i++)
            g_string_append (text, row == 1 ? "|-" : "|x");
          g_string_append (text, "|\n");
        }
    }
  else
    g_string_append (text, "A short post.\n");

  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  return path;
}

static void
quit_over_dbus (void)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  /* GApplication exports its actions: this is the menu's Quit. */
  reply = g_dbus_connection_call_sync (bus, "org.billet.Billet", "/org/billet/Billet",
                                       "org.gtk.Actions", "Activate",
                                       g_variant_new ("(s@av@a{sv})", "quit",
                                                      g_variant_new_array (G_VARIANT_TYPE_VARIANT, NULL, 0),
                                                      g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0)),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

static void
test_ending (gconstpointer data)
{
  const Case *c = data;
  const char *editor = g_getenv ("BILLET_EDITOR");
  guint slowdown = billet_test_slowdown ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) processes = NULL;
  g_autoptr(GString) left = g_string_new (NULL);
  g_autofree char *dir = NULL;
  g_autofree char *post = NULL;
  g_auto(GStrv) env = NULL;
  const Process *web = NULL;
  const char *argv[3];
  unsigned long long before;
  gint64 deadline;
  gint64 ended;
  int status;
  GPid pid;

  if (editor == NULL)
    g_error ("BILLET_EDITOR is not set; run this test through meson test");

  dir = g_dir_make_tmp ("billet-web-processes-XXXXXX", &error);
  g_assert_no_error (error);
  post = write_post (dir, c->busy);

  argv[0] = editor;
  argv[1] = post;
  argv[2] = NULL;
  /* Under AddressSanitizer, the editor's own leak check (GTK's and WebKit's
   * memory at exit, which the GUI tests suppress in their own way) is not
   * this test's business. */
  env = g_get_environ ();
  if (g_environ_getenv (env, "ASAN_OPTIONS") != NULL)
    {
      g_autofree char *options = g_strconcat (g_environ_getenv (env, "ASAN_OPTIONS"), ":detect_leaks=0", NULL);

      env = g_environ_setenv (env, "ASAN_OPTIONS", options, TRUE);
    }
  g_spawn_async (dir, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error);
  g_assert_no_error (error);

  /* WebKit's processes come with the preview's page. */
  deadline = g_get_monotonic_time () + (gint64) START_SECONDS * slowdown * G_USEC_PER_SEC;
  for (;;)
    {
      g_clear_pointer (&processes, g_array_unref);
      processes = list_descendants (pid);
      web = find_process (processes, "WebKitWebProces");
      if ((web != NULL && find_process (processes, "WebKitNetworkPr") != NULL) ||
          g_get_monotonic_time () > deadline)
        break;
      g_usleep (100 * 1000);
    }
  if (web == NULL || find_process (processes, "WebKitNetworkPr") == NULL)
    {
      kill_all (pid);
      g_error ("WebKit's processes did not start under the editor within %u s", START_SECONDS * slowdown);
    }

  /* Idle: its CPU time stopped growing. Busy: a second into the table's
   * layout, one long task of some seven seconds, and still at it; earlier,
   * the web process may be between tasks and notice the editor's end by
   * itself. */
  before = cpu_ticks (web->pid);
  for (;;)
    {
      unsigned long long now;

      g_usleep (300 * 1000);
      now = cpu_ticks (web->pid);
      if ((c->busy && now >= BUSY_TICKS && now > before) || (!c->busy && now == before) ||
          g_get_monotonic_time () > deadline)
        break;
      before = now;
    }
  if (g_get_monotonic_time () > deadline)
    {
      kill_all (pid);
      g_error ("The web process did not get %s in time", c->busy ? "busy" : "idle");
    }

  /* All that runs under the editor now, the reaper included. */
  g_clear_pointer (&processes, g_array_unref);
  processes = list_descendants (pid);
  g_assert_nonnull (find_process (processes, "WebKitWebProces"));
  for (guint i = 0; i < processes->len; i++)
    g_test_message ("under the editor: %d %s", (int) g_array_index (processes, Process, i).pid,
                    g_array_index (processes, Process, i).name);

  switch (c->ending)
    {
    case END_QUIT:
      quit_over_dbus ();
      break;
    case END_TERM:
      g_assert_cmpint (kill (pid, SIGTERM), ==, 0);
      break;
    case END_KILL:
    default:
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      break;
    }
  ended = g_get_monotonic_time ();

  /* The editor itself ends (a quit within the deadline). */
  deadline = ended + (gint64) START_SECONDS * slowdown * G_USEC_PER_SEC;
  while (waitpid (pid, &status, WNOHANG) == 0 && g_get_monotonic_time () < deadline)
    g_usleep (20 * 1000);
  g_spawn_close_pid (pid);

  /* And everything it had. */
  deadline = ended + (gint64) GONE_SECONDS * slowdown * G_USEC_PER_SEC;
  for (;;)
    {
      g_string_truncate (left, 0);
      for (guint i = 0; i < processes->len; i++)
        {
          const Process *p = &g_array_index (processes, Process, i);

          if (is_alive (p))
            g_string_append_printf (left, " %s (%d)", p->name, (int) p->pid);
        }
      if (left->len == 0 || g_get_monotonic_time () > deadline)
        break;
      g_usleep (50 * 1000);
    }
  g_test_message ("%s: %s %.1f s after the editor was ended", c->name,
                  left->len == 0 ? "all gone" : "still there:", (g_get_monotonic_time () - ended) / 1e6);

  /* Whatever is left must not outlive the test either. */
  for (guint i = 0; i < processes->len; i++)
    if (is_alive (&g_array_index (processes, Process, i)))
      kill (g_array_index (processes, Process, i).pid, SIGKILL);
  billet_test_remove_tree (dir);

  g_assert_cmpstr (left->str, ==, "");
}

static const Case cases[] = {
  { "idle-quit", FALSE, END_QUIT },
  { "idle-sigterm", FALSE, END_TERM },
  { "idle-sigkill", FALSE, END_KILL },
  { "busy-quit", TRUE, END_QUIT },
  { "busy-sigterm", TRUE, END_TERM },
  { "busy-sigkill", TRUE, END_KILL },
};

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/billet/web-processes/", cases[i].name, NULL);

      g_test_add_data_func (path, &cases[i], test_ending);
    }

  return g_test_run ();
}
