/* x11-window.c — find, focus and watch a program's window, for the typing benchmark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage:
 *   x11-window find PID TIMEOUT_SECONDS   wait for a mapped top-level window of process PID
 *                                         (_NET_WM_PID); print "WINDOW X Y WIDTH HEIGHT"
 *   x11-window focus WINDOW               give WINDOW the keyboard focus
 *   x11-window pointer X Y                move the pointer to X, Y on the screen
 *   x11-window frames WINDOW SECONDS [-v] count the times WINDOW is drawn during SECONDS
 *                                         (XDamage: each time it goes from clean to
 *                                         damaged); print the count (-v: and each
 *                                         frame's time and area on stderr)
 *
 * No window manager runs under Xvfb: top-level windows are the root's
 * children, and the focus is set directly, as the UI tests do. The same
 * measure for every program, so that they compare side by side.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/extensions/Xdamage.h>

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
ignore_errors (Display     *display,
               XErrorEvent *event)
{
  (void) display;
  (void) event;

  /* A window may go away between XQueryTree and the next request. */
  return 0;
}

static long
window_pid (Display *display,
            Window   window,
            Atom     net_wm_pid)
{
  Atom type;
  int format;
  unsigned long n_items, after;
  unsigned char *data = NULL;
  long pid = -1;

  if (XGetWindowProperty (display, window, net_wm_pid, 0, 1, False, XA_CARDINAL, &type, &format,
                          &n_items, &after, &data) == Success && data != NULL)
    {
      if (type == XA_CARDINAL && format == 32 && n_items == 1)
        pid = (long) *(unsigned long *) data;
      XFree (data);
    }
  return pid;
}

static int
find_window (Display *display,
             long     pid,
             double   timeout_ms)
{
  Window root = DefaultRootWindow (display);
  Atom net_wm_pid = XInternAtom (display, "_NET_WM_PID", False);
  double start = now_ms ();

  while (now_ms () - start < timeout_ms)
    {
      Window parent, *children = NULL;
      unsigned int n_children = 0;

      if (XQueryTree (display, root, &root, &parent, &children, &n_children))
        {
          for (unsigned int i = 0; i < n_children; i++)
            {
              XWindowAttributes attributes;

              if (!XGetWindowAttributes (display, children[i], &attributes) ||
                  attributes.map_state != IsViewable || attributes.override_redirect ||
                  attributes.width < 100 || window_pid (display, children[i], net_wm_pid) != pid)
                continue;
              printf ("%lu %d %d %d %d\n", children[i], attributes.x, attributes.y,
                      attributes.width, attributes.height);
              XFree (children);
              return 0;
            }
          if (children != NULL)
            XFree (children);
        }
      usleep (20000);
    }

  fprintf (stderr, "x11-window: no window of process %ld\n", pid);
  return 1;
}

static int
focus_window (Display *display,
              Window   window)
{
  XRaiseWindow (display, window);
  XSetInputFocus (display, window, RevertToParent, CurrentTime);
  XSync (display, False);
  return 0;
}

static int
move_pointer (Display *display,
              int      x,
              int      y)
{
  XWarpPointer (display, None, DefaultRootWindow (display), 0, 0, 0, 0, x, y);
  XSync (display, False);
  return 0;
}

static int
count_frames (Display *display,
              Window   window,
              double   duration_ms,
              int      verbose)
{
  int event_base, error_base, fd;
  Damage damage;
  double start;
  long frames = 0;

  if (!XDamageQueryExtension (display, &event_base, &error_base))
    {
      fprintf (stderr, "x11-window: no DAMAGE extension\n");
      return 2;
    }
  /* One event each time the window goes from clean to damaged; the
   * damage is then repaired, so the next drawing makes the next one. */
  damage = XDamageCreate (display, window, XDamageReportNonEmpty);
  XSync (display, False);
  /* A new damage object reports the whole window once: not a frame. */
  usleep (10000);
  XDamageSubtract (display, damage, None, None);
  XSync (display, False);
  while (XPending (display))
    {
      XEvent event;

      XNextEvent (display, &event);
    }
  fd = ConnectionNumber (display);
  start = now_ms ();

  for (;;)
    {
      double left = duration_ms - (now_ms () - start);
      struct timeval tv;
      fd_set fds;

      while (XPending (display))
        {
          XEvent event;

          XNextEvent (display, &event);
          if (event.type == event_base + XDamageNotify)
            {
              XDamageNotifyEvent *notify = (XDamageNotifyEvent *) &event;

              frames++;
              if (verbose)
                fprintf (stderr, "frame %.1f ms: %dx%d+%d+%d\n", now_ms () - start, notify->area.width,
                         notify->area.height, notify->area.x, notify->area.y);
              XDamageSubtract (display, damage, None, None);
            }
        }
      if (left <= 0)
        break;
      FD_ZERO (&fds);
      FD_SET (fd, &fds);
      tv.tv_sec = (long) (left / 1e3);
      tv.tv_usec = (long) ((left - tv.tv_sec * 1e3) * 1e3);
      if (select (fd + 1, &fds, NULL, NULL, &tv) < 0 && errno != EINTR)
        break;
    }

  printf ("%ld\n", frames);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  Display *display;

  if (argc < 3 || (strcmp (argv[1], "focus") != 0 && argc < 4))
    {
      fprintf (stderr, "usage: x11-window find PID TIMEOUT_SECONDS | focus WINDOW | pointer X Y | "
                       "frames WINDOW SECONDS [-v]\n");
      return 2;
    }
  if (!(display = XOpenDisplay (NULL)))
    {
      fprintf (stderr, "x11-window: cannot open the X display\n");
      return 2;
    }
  XSetErrorHandler (ignore_errors);

  if (strcmp (argv[1], "find") == 0)
    return find_window (display, atol (argv[2]), atof (argv[3]) * 1e3);
  if (strcmp (argv[1], "focus") == 0)
    return focus_window (display, (Window) strtoul (argv[2], NULL, 0));
  if (strcmp (argv[1], "pointer") == 0)
    return move_pointer (display, atoi (argv[2]), atoi (argv[3]));
  if (strcmp (argv[1], "frames") == 0)
    return count_frames (display, (Window) strtoul (argv[2], NULL, 0), atof (argv[3]) * 1e3,
                         argc > 4 && strcmp (argv[4], "-v") == 0);

  fprintf (stderr, "x11-window: unknown command %s\n", argv[1]);
  return 2;
}
