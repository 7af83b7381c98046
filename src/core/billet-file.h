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

/**
 * BilletRecoveryAction:
 * @BILLET_RECOVERY_NOTHING: nothing needed doing, or only dead writers'
 *   temporary files were removed (the post held its text)
 * @BILLET_RECOVERY_KEPT: a backup named after the post that Billet cannot
 *   use (an earlier Billet's, or made for a file since replaced) was left
 *   on disk; the message names it
 * @BILLET_RECOVERY_COMPLETED: a save rewriting the post in place had been
 *   interrupted after it wrote everything: its backup was removed, the post
 *   holds the new text
 * @BILLET_RECOVERY_RESTORED: a save rewriting the post in place had been
 *   interrupted midway, leaving it half-written: its previous text was put
 *   back from the backup
 *
 * What billet_file_recover() did, from the least to the most serious.
 */
typedef enum
{
  BILLET_RECOVERY_NOTHING,
  BILLET_RECOVERY_KEPT,
  BILLET_RECOVERY_COMPLETED,
  BILLET_RECOVERY_RESTORED,
} BilletRecoveryAction;

/**
 * BilletRecovery:
 * @action: the most serious thing done
 * @message: (nullable): one translated sentence for the author, naming the
 *   post; %NULL when @action is %BILLET_RECOVERY_NOTHING
 * @backup: (nullable): with %BILLET_RECOVERY_KEPT, the backup left on disk
 * @n_removed: how many files of dead writers were removed
 * @removed_size: their size in bytes
 */
typedef struct
{
  BilletRecoveryAction  action;
  char                 *message;
  char                 *backup;
  guint                 n_removed;
  guint64               removed_size;
} BilletRecovery;

/**
 * BilletLeftoverKind:
 * @BILLET_LEFTOVER_TEMPORARY: a temporary file of a save that was killed;
 *   nothing needs it
 * @BILLET_LEFTOVER_BACKUP_NEEDED: the previous text of a post that a killed
 *   save left half-written
 * @BILLET_LEFTOVER_BACKUP_UNNEEDED: the backup of a killed save whose post
 *   holds a whole text (the save had not begun, or had ended)
 * @BILLET_LEFTOVER_BACKUP_UNKNOWN: a backup that matches no post in its
 *   folder, or is damaged, or was made by an earlier Billet
 */
typedef enum
{
  BILLET_LEFTOVER_TEMPORARY,
  BILLET_LEFTOVER_BACKUP_NEEDED,
  BILLET_LEFTOVER_BACKUP_UNNEEDED,
  BILLET_LEFTOVER_BACKUP_UNKNOWN,
} BilletLeftoverKind;

/**
 * BilletLeftover:
 * @kind: what it is
 * @path: the file left
 * @post: the post it was made for (in the same folder)
 * @post_exists: whether that post is still there
 * @size: the size of the file left, in bytes
 */
typedef struct
{
  BilletLeftoverKind  kind;
  char               *path;
  char               *post;
  gboolean            post_exists;
  guint64             size;
} BilletLeftover;

gboolean  billet_file_read          (const char        *path,
                                     gsize              max_size,
                                     char             **contents,
                                     gsize             *length,
                                     GError           **error);
gboolean  billet_file_read_head     (const char        *path,
                                     gsize              max_size,
                                     gsize              head_size,
                                     char             **contents,
                                     gsize             *length,
                                     gboolean          *whole,
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

gboolean  billet_file_recover       (const char        *path,
                                     BilletRecovery    *recovery,
                                     GError           **error);
void      billet_recovery_clear     (BilletRecovery    *recovery);

GPtrArray *billet_file_find_leftovers (const char      *folder,
                                     const char        *post_name);
void      billet_leftover_free      (BilletLeftover    *leftover);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BilletRecovery, billet_recovery_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BilletLeftover, billet_leftover_free)

G_END_DECLS
