/* lsan-gui.c — LeakSanitizer settings of the GTK and WebKit test programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Linked into the test programs that show windows; empty unless built with
 * AddressSanitizer (build-aux/dev test's _asan build). The leaks these
 * programs may ignore are named by library in tests/lsan.supp; this file
 * makes that work in two cases.
 *
 * Deeper allocation stacks. Debian's libraries have no frame pointers, so
 * LSan's fast unwinder stops at the first frame in one of them: a block that
 * a library allocates through g_malloc() has a stack of malloc and g_malloc
 * only, the same as a block Billet allocates. Here malloc stacks are
 * unwound from the unwind tables, ten frames deep: enough to reach the
 * library behind g_malloc (libcloudproviders, through GtkFileChooser,
 * leaks a g_build_filename() per data folder six frames down), at about
 * twice the run time of these tests. The command-line and core programs
 * keep the fast unwinder: nothing of theirs needs suppressing.
 *
 * Library constructors. GLib's constructor allocates the first block of its
 * quark table (16 KiB), and when a process makes more than 2048 quarks, as
 * GTK and WebKit together do, GLib moves the table to a larger block and
 * leaks the old one on purpose, for its lock-free readers (gquark.c). Its
 * stack is GLib's and the loader's only. The executable's .preinit_array
 * runs before any shared library's constructor, and its constructors after
 * all of them, just before main(): between the two, allocations on this
 * thread are not leak-checked (__lsan_disable). No Billet code runs then.
 *
 * Mesa's software GL driver. GTK and WebKit draw through Mesa's swrast
 * driver here (no GPU), which keeps a block for the process's lifetime
 * (under a pthread_once), and is unloaded (dlclose) before LeakSanitizer
 * looks: the block's stack then names no module, and no suppression can
 * match it. Loading the driver once more, never to be unloaded
 * (RTLD_NODELETE), keeps its name on the stack, and tests/lsan.supp names
 * it. It is a library that never calls back into Billet.
 */

#if defined(__SANITIZE_ADDRESS__)
#define BILLET_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BILLET_LSAN 1
#endif
#endif

#ifdef BILLET_LSAN

#include <dlfcn.h>
#include <stddef.h>

#include <sanitizer/asan_interface.h>
#include <sanitizer/lsan_interface.h>

/* Read by ASan at start-up; ASAN_OPTIONS, set by build-aux/dev, adds to it. */
const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0:malloc_context_size=10";
}

static void
library_init_begin (void)
{
  __lsan_disable ();
}

/* After ASan's own entry: libasan_preinit.o comes first in the link. */
__attribute__ ((section (".preinit_array"), used))
static void (*const billet_lsan_preinit) (void) = library_init_begin;

__attribute__ ((constructor))
static void
library_init_end (void)
{
  static const char * const drivers[] = {
    "/usr/lib/x86_64-linux-gnu/dri/swrast_dri.so",
    "/usr/lib/x86_64-linux-gnu/dri/kms_swrast_dri.so",
  };

  /* A missing driver is no error: there is nothing to keep then. */
  for (size_t i = 0; i < sizeof drivers / sizeof drivers[0]; i++)
    (void) dlopen (drivers[i], RTLD_LAZY | RTLD_LOCAL | RTLD_NODELETE);
  __lsan_enable ();
}

#else

/* ISO C wants something in a translation unit. */
typedef int billet_lsan_gui_unused;

#endif
