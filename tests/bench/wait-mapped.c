/* wait-mapped.c — time from exec to the first top-level window mapped on the X display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: wait-mapped TIMEOUT_SECONDS COMMAND [ARG…]
 *
 * Listens for MapNotify on the root window (no window manager runs under
 * Xvfb, so top-level windows are the root's children), starts COMMAND,
 * prints the milliseconds until its first top-level, non-override-redirect
 * window is mapped, then ends the command. The same measure for every
 * program, so that programs can be compared side by side.
 */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <X11/Xlib.h>

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
stop (pid_t pid)
{
  kill (-pid, SIGTERM);
  for (int i = 0; i < 50; i++)
    {
      if (waitpid (pid, NULL, WNOHANG) == pid)
        return;
      usleep (20000);
    }
  kill (-pid, SIGKILL);
  waitpid (pid, NULL, 0);
}

int
main (int   argc,
      char *argv[])
{
  Display *display;
  Window root;
  double timeout_ms, start;
  pid_t pid;
  int fd;

  if (argc < 3)
    {
      fprintf (stderr, "usage: wait-mapped TIMEOUT_SECONDS COMMAND [ARG…]\n");
      return 2;
    }
  timeout_ms = atof (argv[1]) * 1e3;

  /* Xvfb starts over when its last client leaves (the previous round's
   * program and this tool): for a moment, connections are refused. */
  for (int i = 0; !(display = XOpenDisplay (NULL)); i++)
    {
      if (i == 100)
        {
          fprintf (stderr, "wait-mapped: cannot open the X display\n");
          return 2;
        }
      usleep (50000);
    }
  root = DefaultRootWindow (display);
  XSelectInput (display, root, SubstructureNotifyMask);
  XSync (display, False);
  fd = ConnectionNumber (display);

  start = now_ms ();
  pid = fork ();
  if (pid == 0)
    {
      setpgid (0, 0);
      execvp (argv[2], argv + 2);
      fprintf (stderr, "wait-mapped: cannot run %s\n", argv[2]);
      _exit (127);
    }

  for (;;)
    {
      double left = timeout_ms - (now_ms () - start);
      struct timeval tv;
      fd_set fds;

      while (XPending (display))
        {
          XEvent event;

          XNextEvent (display, &event);
          if (event.type == MapNotify && !event.xmap.override_redirect &&
              event.xmap.event == root)
            {
              printf ("%.1f\n", now_ms () - start);
              fflush (stdout);
              stop (pid);
              return 0;
            }
        }

      if (left <= 0)
        break;
      if (waitpid (pid, NULL, WNOHANG) == pid)
        {
          fprintf (stderr, "wait-mapped: %s exited before mapping a window\n", argv[2]);
          return 1;
        }
      FD_ZERO (&fds);
      FD_SET (fd, &fds);
      left = left > 50 ? 50 : left;
      tv.tv_sec = 0;
      tv.tv_usec = (long) (left * 1e3);
      if (select (fd + 1, &fds, NULL, NULL, &tv) < 0 && errno != EINTR)
        break;
    }

  fprintf (stderr, "wait-mapped: no window within %s s\n", argv[1]);
  stop (pid);
  return 1;
}
