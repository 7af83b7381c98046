/* billet-document-private.h — what the files of BilletDocument share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * BilletDocument is one object in five files, one idea each:
 * billet-document.c (the buffers, the parsed front matter, edits),
 * billet-document-io.c (reading and decoding in a worker, the text going
 * into the buffers a slice at a time, saving in a worker), billet-document-encoding.c
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

  /* Reading and writing (billet-document-io.c) */
  gboolean           loading;         /* a load, reload or restore is under way */
  gboolean           saving;
  gboolean           large;           /* too large to highlight */
  double             loading_progress;
  GBytes            *snapshot;        /* the buffers' text, serialized, while it is current */
  guint64            edit_serial;     /* bumped by every change to what a save writes */
  guint              io_delay_ms;     /* tests: see _billet_document_set_io_delay() */

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
  PROP_LOADING,
  PROP_SAVING,
  PROP_LOADING_PROGRESS,
  PROP_LARGE,
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

/* What parsing a front-matter text gave: the tree, or why there is none
 * (with where). Made in any thread, taken by the document in the main one. */
typedef struct
{
  BilletFrontMatter *parsed;
  GError            *error;
  guint              line;
  guint              column;
} ParsedFrontMatter;

void      _billet_parsed_front_matter_clear           (ParsedFrontMatter *parsed);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ParsedFrontMatter, _billet_parsed_front_matter_clear)

/* billet-document.c */
char     *_billet_document_buffer_dup_text            (GtkSourceBuffer *buffer);
void      _billet_document_update_title               (BilletDocument  *self);
void      _billet_document_parse_front_matter         (BilletFrontMatterKind kind,
                                                       const char      *text,
                                                       gsize            len,
                                                       guint            first_line,
                                                       ParsedFrontMatter *out);
void      _billet_document_take_parsed                (BilletDocument  *self,
                                                       ParsedFrontMatter *parsed);
void      _billet_document_reparse                    (BilletDocument  *self);
void      _billet_document_on_front_matter_changed_cb (BilletDocument  *self);
void      _billet_document_on_body_changed_cb         (BilletDocument  *self);
void      _billet_document_on_modified_changed_cb     (BilletDocument  *self);
GBytes   *_billet_document_dup_snapshot               (BilletDocument  *self);

/* billet-document-io.c */
void      _billet_document_set_io_delay               (BilletDocument  *self,
                                                       guint            ms);
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
GArray   *_billet_document_find_stray                 (const char      *text,
                                                       gsize            len);
void      _billet_document_tag_stray_at               (BilletDocument  *self,
                                                       GArray          *front_matter,
                                                       GArray          *body);

/* billet-document-monitor.c */
void      _billet_document_watch_file                 (BilletDocument  *self);

/* billet-document-drafts.c */
void      _billet_document_write_draft                (BilletDocument  *self);
void      _billet_document_delete_draft               (BilletDocument  *self);
void      _billet_document_queue_draft                (BilletDocument  *self);

G_END_DECLS
