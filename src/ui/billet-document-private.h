/* billet-document-private.h — what the files of BilletDocument share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * BilletDocument is one object in five files, one idea each:
 * billet-document.c (the buffers, the parsed front matter, edits),
 * billet-document-io.c (reading, decoding, saving), billet-document-encoding.c
 * (legacy charsets, stray bytes, mojibake), billet-document-monitor.c (the
 * file changing on disk) and billet-document-drafts.c (crash drafts).
 * Nothing here is for other classes.
 */

#pragma once

#include "billet-document.h"
#include "billet-draft-store.h"

G_BEGIN_DECLS

struct _BilletDocument
{
  GObject            parent_instance;

  GFile             *file;
  BilletPost        *post;
  GtkSourceBuffer   *body;
  GtkSourceBuffer   *front_matter;

  BilletFrontMatter *parsed;
  GError            *parse_error;
  guint              error_line;
  guint              error_column;

  char              *title;

  /* Encoding */
  BilletCharset      charset;
  GBytes            *original;        /* the file's bytes, when not UTF-8 */
  guint              n_stray;
  guint              stray_line;
  guint              stray_column;
  BilletMojibake     mojibake;        /* none unless billet_mojibake_found() */

  /* The file on disk */
  BilletFileStamp    stamp;           /* as last read or written */
  BilletFileStamp    disk;            /* as the monitor last saw it */
  GFileMonitor      *monitor;
  guint              monitor_source;
  GCancellable      *check_cancellable;
  guint              generation;      /* bumped by each read or write */
  gboolean           externally_modified;
  gboolean           file_missing;    /* the file went away: the text is the only copy */

  /* Drafts */
  char              *draft_id;
  guint              draft_source;
  gint64             draft_due;       /* monotonic time the pending draft is due by, or 0 */
  guint              draft_retry_source;
  char              *draft_error;     /* why the last draft could not be written, or NULL */
  char              *recovery;        /* an interrupted save put right when read, or NULL */
  guint              language_source;
  gboolean           has_draft;
};

enum {
  PROP_0,
  PROP_FILE,
  PROP_TITLE,
  PROP_MODIFIED,
  PROP_EXTERNALLY_MODIFIED,
  PROP_CHARSET,
  PROP_N_STRAY,
  PROP_HAS_MOJIBAKE,
  PROP_DRAFT_ERROR,
  PROP_RECOVERY,
  N_PROPS
};

enum {
  CHANGED,
  FRONT_MATTER_CHANGED,
  N_SIGNALS
};

extern GParamSpec *_billet_document_properties[N_PROPS];
extern guint _billet_document_signals[N_SIGNALS];

/* See _billet_document_queue_draft(). */
#define DRAFT_PAUSE_MS   1000
#define DRAFT_MAX_AGE_MS 2000
/* After a draft could not be written. */
#define DRAFT_RETRY_SECONDS 5
#define MONITOR_DELAY_MS 250
#define STRAY_TAG "billet-stray-byte"

/* Puts a post's text in the buffers: irreversibly for a load (the cursor
 * then goes to the start), in place for a reload, undoably for a repair or
 * a restored draft. */
typedef enum { SET_LOAD, SET_RELOAD, SET_EDIT } SetMode;

/* billet-document.c */
char     *_billet_document_buffer_dup_text            (GtkSourceBuffer *buffer);
void      _billet_document_update_title               (BilletDocument  *self);
void      _billet_document_reparse                    (BilletDocument  *self);
void      _billet_document_on_front_matter_changed_cb (BilletDocument  *self);

/* billet-document-io.c */
void      _billet_document_replace_text               (GtkTextBuffer   *buffer,
                                                       const char      *text,
                                                       gsize            new_len,
                                                       gboolean         undoable);
void      _billet_document_set_post_text              (BilletDocument  *self,
                                                       BilletPost      *post,
                                                       SetMode          mode);
void      _billet_document_set_externally_modified    (BilletDocument  *self,
                                                       gboolean         externally_modified);
gboolean  _billet_document_buffers_modified           (BilletDocument  *self);
void      _billet_document_set_file_missing           (BilletDocument  *self,
                                                       gboolean         missing);
void      _billet_document_sync_post                  (BilletDocument  *self);

/* billet-document-encoding.c */
void      _billet_document_update_stray               (BilletDocument  *self);

/* billet-document-monitor.c */
void      _billet_document_watch_file                 (BilletDocument  *self);

/* billet-document-drafts.c */
void      _billet_document_write_draft                (BilletDocument  *self);
void      _billet_document_delete_draft               (BilletDocument  *self);
void      _billet_document_queue_draft                (BilletDocument  *self);

G_END_DECLS
