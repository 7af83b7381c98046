/* billet-index.h — the posts of a folder or a site, summarised in worker threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "billet-markdown.h"
#include "billet-post.h"
#include "billet-site.h"

G_BEGIN_DECLS

typedef enum
{
  BILLET_POST_WARNING_NONE,
  BILLET_POST_WARNING_FRONT_MATTER, /* invalid or unterminated front matter */
  BILLET_POST_WARNING_ENCODING,     /* not UTF-8 */
  BILLET_POST_WARNING_DATE,         /* a date the generator does not use: another one is */
} BilletPostWarning;

/* What a list of posts shows of one post. Read-only once made; every string
 * is valid UTF-8 except @path and @output_path, which are file names. */
typedef struct
{
  char              *path;         /* relative to the indexed folder, "/"-separated */
  char              *output_path;  /* where a site export writes its page, e.g. posts/a.html */
  char              *title;        /* front matter, else first "# " heading, else file/folder name */
  char              *date;         /* as written (or YYYY-MM-DD from a Jekyll file name), or NULL */
  gint64             date_key;     /* seconds since 1970 UTC (no zone = UTC), G_MININT64 if unknown */
  char             **tags;         /* never NULL */
  char             **authors;      /* author, authors, coAuthors/co_authors; never NULL */
  char              *description;  /* or NULL */
  gboolean           draft;        /* draft: true, published: false, or under _drafts/ */
  gboolean           scheduled;    /* dated after the time of indexing */
  gboolean           bundle;       /* a page bundle: index.md with its resources */
  gboolean           section;      /* a section's page: _index.md */
  BilletPostWarning  warning;
  guint              warning_line;   /* 1-based, in the file */
  guint              warning_column;
  char              *warning_message; /* translated, or NULL */
  char              *lang;         /* the post's language ("fr"), or NULL when unknown */
  char              *translation_key; /* shared by a post's translations, or NULL (one language) */
  char              *collection;   /* Jekyll's ("posts", "recipes") or Astro's (src/content/blog: "blog"), or NULL */
} BilletPostSummary;

/* A file or folder left out, and why (translated). */
typedef struct
{
  char     *path;        /* relative to the indexed folder */
  char     *message;
  gboolean  unreadable;  /* a post file that could not be read */
} BilletIndexNote;

/* A post file found by the walk. */
typedef struct
{
  char     *real_path;     /* absolute, links resolved */
  char     *path;          /* relative to the indexed folder */
  char     *content_path;  /* relative to its content folder */
  char     *output_path;   /* where a site export writes its page */
  gboolean  in_drafts;     /* below a _drafts folder */
  char     *lang;          /* from its content folder or its name (post.fr.md), or NULL */
  char     *collection;    /* its collection (see BilletPostSummary), or NULL */
} BilletIndexFile;

/* One delivery of the progressive index. Owned by the receiver. */
typedef struct
{
  GPtrArray *posts;  /* (element-type BilletPostSummary) */
  GPtrArray *notes;  /* (element-type BilletIndexNote) */
  gboolean   done;   /* the last batch: nothing follows */
} BilletIndexBatch;

typedef struct _BilletIndex BilletIndex;

/**
 * BilletIndexBatchFunc:
 * @index: the index
 * @batch: (transfer full): posts and notes found since the last call;
 *   free it with billet_index_batch_free()
 * @user_data: what billet_index_start() was given
 *
 * Called from a worker thread, never from the thread that called
 * billet_index_start(), and never twice at once. A UI hands the batch to
 * its main loop (an idle source attached to its context; not
 * g_main_context_invoke(), which runs in the calling thread whenever the
 * context is free) and returns quickly: workers wait while it runs.
 */
typedef void (*BilletIndexBatchFunc) (BilletIndex      *index,
                                      BilletIndexBatch *batch,
                                      gpointer          user_data);

BilletIndex         *billet_index_new              (const char          *folder,
                                                    GError             **error);
BilletIndex         *billet_index_new_for_environment (const char *folder,
                                                   const char          *environment,
                                                   GError             **error);
BilletIndex         *billet_index_ref              (BilletIndex         *self);
void                 billet_index_unref            (BilletIndex         *self);
void                 billet_index_set_head_only    (BilletIndex         *self,
                                                    gboolean             head_only);
BilletSite          *billet_index_get_site         (BilletIndex         *self);
const char          *billet_index_get_folder       (BilletIndex         *self);

/* Synchronous: walks and summarises on all cores, then returns. */
void                 billet_index_run              (BilletIndex         *self);
GPtrArray           *billet_index_get_posts        (BilletIndex         *self);
GPtrArray           *billet_index_get_notes        (BilletIndex         *self);
GPtrArray           *billet_index_get_skipped      (BilletIndex         *self);

/* Progressive: returns at once; batches arrive through @func. */
void                 billet_index_start            (BilletIndex         *self,
                                                    BilletIndexBatchFunc func,
                                                    gpointer             user_data,
                                                    GDestroyNotify       destroy);
void                 billet_index_cancel           (BilletIndex         *self);
void                 billet_index_wait             (BilletIndex         *self);

/* The pieces, for the site export: walk first, then summarise each file. */
GPtrArray           *billet_index_walk             (BilletIndex         *self,
                                                    GPtrArray           *notes);
BilletPostSummary   *billet_index_summarize        (BilletIndex         *self,
                                                    const BilletIndexFile *file,
                                                    BilletPost         **post,
                                                    BilletIndexNote    **note);
BilletPostSummary   *billet_index_summarize_post   (BilletIndex         *self,
                                                    const BilletIndexFile *file,
                                                    BilletPost          *post);

void                 billet_index_batch_free       (BilletIndexBatch    *batch);
void                 billet_index_note_free        (BilletIndexNote     *note);
void                 billet_index_file_free        (BilletIndexFile     *file);
void                 billet_post_summary_free      (BilletPostSummary   *summary);
int                  billet_post_summary_compare   (gconstpointer        a,
                                                    gconstpointer        b);
gboolean             billet_index_is_post_name     (const char          *name);
BilletMarkdownFlags  billet_index_get_markdown_flags_for (const char    *name);
gboolean             billet_parse_date             (const char          *text,
                                                    gint64              *seconds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BilletIndex, billet_index_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BilletPostSummary, billet_post_summary_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BilletIndexBatch, billet_index_batch_free)

G_END_DECLS
