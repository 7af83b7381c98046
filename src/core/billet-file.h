/* billet-file.h — reading post files within bounds, writing them safely
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The largest file Billet reads as a post: far beyond any real post (a
 * long one is 100 KiB), small enough that a hostile 2 GB file costs a
 * stat() and a clear message rather than the machine's memory. */
#define BILLET_FILE_MAX_POST_SIZE ((gsize) 64 * 1024 * 1024)

/* How deep billet_file_write_safely() follows symbolic links (Linux's own
 * limit is 40). */
#define BILLET_FILE_MAX_LINK_DEPTH 40

/**
 * BilletWriteFlags:
 * @BILLET_WRITE_NONE: no flags
 * @BILLET_WRITE_ALLOW_EMPTY: the author emptied the file: write zero bytes
 *   over a non-empty file (refused otherwise, as a guard against a bug or a
 *   failed load that would wipe a post)
 */
typedef enum
{
  BILLET_WRITE_NONE        = 0,
  BILLET_WRITE_ALLOW_EMPTY = 1 << 0,
} BilletWriteFlags;

char     *billet_file_display_name  (const char        *path);

gboolean  billet_file_read          (const char        *path,
                                     gsize              max_size,
                                     char             **contents,
                                     gsize             *length,
                                     GError           **error);
char     *billet_file_resolve_links (const char        *path,
                                     GError           **error);
gboolean  billet_file_check_writable (const char       *path,
                                     GError           **error);
gboolean  billet_file_write_safely  (const char        *path,
                                     const char        *data,
                                     gsize              len,
                                     BilletWriteFlags   flags,
                                     GError           **error);

G_END_DECLS
