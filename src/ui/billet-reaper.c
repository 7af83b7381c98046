/* billet-reaper.c — WebKit's processes end with the editor, however it ends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * WebKitGTK's web and network processes watch their connection to the
 * editor and leave when it closes, which is at once when they are idle.
 * A web process busy laying out a page only notices on its main thread;
 * a watchdog thread ends it ten seconds later (measured: 10.2 s after the
 * editor was killed, on a page of 100,000 cells), gigabytes in hand if the
 * page was large. bubblewrap's --die-with-parent, which WebKit passes, did
 * not end it here either: killing the sandbox's outer process leaves the
 * web process running. And a process that is killed (SIGKILL, the OOM
 * killer, a crash) runs no code of its own to end its children.
 *
 * So the editor starts, before anything else, a small helper process that
 * outlives it: the reaper. They share a socket; the editor tells it, each
 * time a preview's page has loaded, which processes are WebKit's (its
 * children whose command line runs a WebKit…Process, and everything under
 * them, sandbox included), each with its start time. When the editor's
 * end of the socket closes — it exited, was killed, crashed — the reaper
 * kills those that are still the same processes (the start time tells a
 * reused pid apart) and exits. It leaves the editor's session, so that a
 * Ctrl+C in the terminal, which ends the editor, does not end it first.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include "billet-reaper.h"

/* The editor's end of the socket; -1 when there is no reaper (the tests,
 * or a fork that failed). */
static int reaper_socket = -1;

/* The start time of @pid (field 22 of /proc/PID/stat, in clock ticks since
 * boot), or 0 when it is gone. */
static unsigned long long
process_start_time (pid_t pid)
{
  char path[64];
  char buffer[1024];
  unsigned long long start = 0;
  const char *p;
  ssize_t n;
  int fd;

  snprintf (path, sizeof path, "/proc/%d/stat", (int) pid);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  n = read (fd, buffer, sizeof buffer - 1);
  close (fd);
  if (n <= 0)
    return 0;
  buffer[n] = '\0';

  /* After the command name, which may hold spaces and parentheses: the
   * state (field 3), then fields 4 to 21, then the start time. */
  p = strrchr (buffer, ')');
  if (p == NULL || p[1] != ' ' || p[2] == 'Z' || p[2] == 'X')
    return 0;
  p += 2;
  for (int field = 3; field < 22 && p != NULL; field++)
    {
      p = strchr (p, ' ');
      if (p != NULL)
        p++;
    }
  if (p != NULL)
    start = strtoull (p, NULL, 10);

  return start;
}

/* The reaper's life: keep the latest list the editor sent, and when the
 * editor is gone, kill what is left of it. Plain POSIX: it was forked from
 * a process that had not started any thread yet, and does little. */
G_GNUC_NORETURN static void
reaper_main (int sock)
{
  /* "PID:START PID:START …\n", the latest whole line. */
  char list[4096] = "";
  char line[4096];
  gsize line_len = 0;

  setsid ();
  prctl (PR_SET_NAME, "billet-reaper", 0, 0, 0);
  signal (SIGINT, SIG_IGN);
  signal (SIGHUP, SIG_IGN);
  signal (SIGPIPE, SIG_IGN);

  for (;;)
    {
      char buffer[1024];
      ssize_t n = read (sock, buffer, sizeof buffer);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;

      for (ssize_t i = 0; i < n; i++)
        {
          if (buffer[i] != '\n')
            {
              if (line_len < sizeof line - 1)
                line[line_len++] = buffer[i];
              continue;
            }
          line[line_len] = '\0';
          memcpy (list, line, line_len + 1);
          line_len = 0;
        }
    }

  /* The editor is gone. */
  for (char *p = list; *p != '\0'; )
    {
      char *end;
      long pid = strtol (p, &end, 10);
      unsigned long long start;

      if (end == p || *end != ':')
        break;
      start = strtoull (end + 1, &end, 10);
      if (pid > 1 && start != 0 && process_start_time ((pid_t) pid) == start)
        kill ((pid_t) pid, SIGKILL);
      p = end;
      while (*p == ' ')
        p++;
    }

  _exit (0);
}

/**
 * billet_reaper_start:
 *
 * Starts the reaper (see above). Call it first thing in main(), before
 * any thread exists: the reaper is a fork of the process as it is then.
 */
void
billet_reaper_start (void)
{
  int sockets[2];
  pid_t pid;

  g_return_if_fail (reaper_socket < 0);

  /* A socket rather than a pipe: writing to it once the reaper is gone
   * fails with EPIPE instead of raising SIGPIPE (MSG_NOSIGNAL). Close on
   * exec, so that no program the editor starts keeps the reaper waiting. */
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sockets) != 0)
    {
      g_debug ("No reaper: socketpair: %s", g_strerror (errno));
      return;
    }

  pid = fork ();
  if (pid < 0)
    {
      g_debug ("No reaper: fork: %s", g_strerror (errno));
      close (sockets[0]);
      close (sockets[1]);
      return;
    }

  if (pid == 0)
    {
      int null = open ("/dev/null", O_RDWR);

      /* Nothing of the editor's but its end of the socket: not its
       * terminal (a closed one would not matter), not the files the
       * launcher left open. */
      close (sockets[0]);
      if (sockets[1] != 3 && dup2 (sockets[1], 3) < 0)
        _exit (1);
      if (null >= 0)
        {
          dup2 (null, STDIN_FILENO);
          dup2 (null, STDOUT_FILENO);
        }
      closefrom (4);
      reaper_main (3);
    }

  close (sockets[1]);
  reaper_socket = sockets[0];
}

/* Whether @name, a path, names one of WebKit's programs: WebKitWebProcess,
 * WebKitNetworkProcess… */
static gboolean
is_web_kit_program (const char *name)
{
  const char *base = strrchr (name, '/');

  base = base != NULL ? base + 1 : name;
  return g_str_has_prefix (base, "WebKit") && g_str_has_suffix (base, "Process");
}

/* Whether @pid runs one of WebKit's programs, itself or in the sandbox
 * that bubblewrap makes for it ("bwrap … -- …/WebKitWebProcess …"). */
static gboolean
is_web_kit_process (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/cmdline", (int) pid);
  g_autofree char *cmdline = NULL;
  gsize len = 0;
  const char *base;

  if (!g_file_get_contents (path, &cmdline, &len, NULL) || len == 0)
    return FALSE;
  if (is_web_kit_program (cmdline))
    return TRUE;

  base = strrchr (cmdline, '/');
  if (g_strcmp0 (base != NULL ? base + 1 : cmdline, "bwrap") != 0)
    return FALSE;
  for (gsize i = strlen (cmdline) + 1; i < len; i += strlen (cmdline + i) + 1)
    {
      if (g_str_equal (cmdline + i, "--"))
        return i + 3 < len && is_web_kit_program (cmdline + i + 3);
    }

  return FALSE;
}

/* Appends the children of @pid, from each of its threads' list. */
static void
add_children (GArray *pids,
              pid_t   pid)
{
  g_autofree char *tasks_path = g_strdup_printf ("/proc/%d/task", (int) pid);
  g_autoptr(GDir) tasks = g_dir_open (tasks_path, 0, NULL);
  const char *tid;

  while (tasks != NULL && (tid = g_dir_read_name (tasks)) != NULL)
    {
      g_autofree char *path = g_build_filename (tasks_path, tid, "children", NULL);
      g_autofree char *text = NULL;
      char *end;

      if (!g_file_get_contents (path, &text, NULL, NULL))
        continue;
      for (char *p = text; *p != '\0'; p = end)
        {
          pid_t child = (pid_t) strtol (p, &end, 10);

          if (end == p)
            break;
          g_array_append_val (pids, child);
        }
    }
}

/**
 * billet_reaper_watch_web_processes:
 *
 * Tells the reaper which processes are WebKit's now. The preview calls it
 * when a page has loaded: its web and network processes exist by then.
 */
void
billet_reaper_watch_web_processes (void)
{
  g_autoptr(GArray) children = NULL;
  g_autoptr(GArray) watched = NULL;
  g_autoptr(GString) message = NULL;

  if (reaper_socket < 0)
    return;

  children = g_array_new (FALSE, FALSE, sizeof (pid_t));
  watched = g_array_new (FALSE, FALSE, sizeof (pid_t));
  add_children (children, getpid ());
  for (guint i = 0; i < children->len; i++)
    {
      pid_t pid = g_array_index (children, pid_t, i);

      if (is_web_kit_process (pid))
        g_array_append_val (watched, pid);
    }
  /* And all that runs under them: the sandbox's own processes, and the
   * web process in it, whose pid this process sees too. */
  for (guint i = 0; i < watched->len && watched->len < 64; i++)
    add_children (watched, g_array_index (watched, pid_t, i));

  message = g_string_new (NULL);
  for (guint i = 0; i < watched->len; i++)
    {
      pid_t pid = g_array_index (watched, pid_t, i);
      unsigned long long start = process_start_time (pid);

      if (start != 0)
        g_string_append_printf (message, "%s%d:%llu", message->len > 0 ? " " : "", (int) pid, start);
    }
  g_string_append_c (message, '\n');

  if (send (reaper_socket, message->str, message->len, MSG_NOSIGNAL) != (gssize) message->len)
    {
      g_debug ("The reaper is gone: %s", g_strerror (errno));
      close (reaper_socket);
      reaper_socket = -1;
    }
}
