/* billet-draft-store.h — drafts of unsaved posts, and what their files looked like
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * BilletFileStamp:
 * @exists: whether the file was there
 * @size: its size in bytes
 * @dev: the device holding it
 * @ino: its inode
 * @mtime_sec: its modification time, seconds
 * @mtime_nsec: and nanoseconds
 * @sha256: (nullable): the SHA-256 of its bytes, in hex
 *
 * What a file looked like when it was last read or written: enough to
 * tell a change that keeps the size and the second (a quick `git pull`)
 * from no change at all, and a touch that changes nothing from an edit.
 */
typedef struct
{
  gboolean  exists;
  guint64   size;
  guint64   dev;
  guint64   ino;
  gint64    mtime_sec;
  gint64    mtime_nsec;
  char     *sha256;
} BilletFileStamp;

void      billet_file_stamp_clear        (BilletFileStamp       *stamp);
void      billet_file_stamp_copy         (BilletFileStamp       *dest,
                                          const BilletFileStamp *src);
gboolean  billet_file_stamp_stat         (BilletFileStamp       *stamp,
                                          const char            *path);
void      billet_file_stamp_set_data     (BilletFileStamp       *stamp,
                                          const char            *data,
                                          gsize                  len);
gboolean  billet_file_stamp_same_stat    (const BilletFileStamp *a,
                                          const BilletFileStamp *b);
gboolean  billet_file_stamp_same_content (const BilletFileStamp *a,
                                          const BilletFileStamp *b);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BilletFileStamp, billet_file_stamp_clear)

/**
 * BilletDraft:
 * @id: the draft's name in the store
 * @path: (nullable): the post's file, or %NULL for a post never saved
 * @title: the post's title when the draft was written
 * @time: when the draft was written (Unix time, seconds)
 * @charset: (nullable): the encoding of the post's file, when not UTF-8
 * @stamp: what the post's file looked like when it was loaded or saved
 */
typedef struct
{
  char            *id;
  char            *path;
  char            *title;
  gint64           time;
  char            *charset;
  BilletFileStamp  stamp;
} BilletDraft;

BilletDraft *billet_draft_new          (const char         *id);
BilletDraft *billet_draft_copy         (const BilletDraft  *draft);
void         billet_draft_free         (BilletDraft        *draft);
char        *billet_draft_new_id       (void);

const char  *billet_draft_store_get_default_dir (void);
void         billet_draft_store_set_default_dir (const char *dir);

gboolean     billet_draft_store_write  (const char         *dir,
                                        const BilletDraft  *draft,
                                        const char         *data,
                                        gsize               len,
                                        GError            **error);
gboolean     billet_draft_store_delete (const char         *dir,
                                        const char         *id,
                                        GError            **error);
GPtrArray   *billet_draft_store_list   (const char         *dir,
                                        GError            **error);
gboolean     billet_draft_store_read   (const char         *dir,
                                        const char         *id,
                                        char              **data,
                                        gsize              *len,
                                        GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BilletDraft, billet_draft_free)

G_END_DECLS
