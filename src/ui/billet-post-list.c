/* billet-post-list.c — the posts of an open folder, kept current
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A BilletPostList indexes a folder with the core's BilletIndex, which
 * walks and summarises it in worker threads and hands over batches of
 * about a hundred posts. Each batch crosses to the main loop whole and goes
 * into the GListStore with one g_list_store_splice(): 10,000 posts make
 * some eighty "items-changed", not 10,000, and the first rows show while
 * the rest is still being read.
 *
 * Then a GFileMonitor per folder that holds posts (a site keeps its posts
 * in a handful of folders, or one folder per page bundle: capped, see
 * MAX_MONITORS) reports changes made outside Billet. They are gathered for
 * a moment (an editor's save is several events), and each changed file is
 * summarised again in a thread; its item is updated in place, so that a
 * row, and the window's open document, stay attached to it.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "billet-post-list.h"

/* inotify watches are a per-user resource shared with every other
 * program: a site of 10,000 bundles gets its content folders watched, not
 * 10,000 folders. */
#define MAX_MONITORS 512
#define CHANGE_DELAY_MS 200
/* Batches arriving while the list is shown are gathered for this long:
 * each splice costs the sorted, filtered view over it a pass over every
 * row, so 10,000 posts in 80 splices would cost 80 passes. */
#define BATCH_DELAY_MS 150

struct _BilletPostList
{
  GObject        parent_instance;

  BilletIndex   *index;
  GListStore    *store;
  GtkStringList *sections;
  GHashTable    *section_counts;  /* section → count */
  GHashTable    *items;           /* absolute path → BilletPostItem (borrowed from the store) */
  GPtrArray     *notes;
  GHashTable    *monitors;        /* absolute folder → GFileMonitor */
  GHashTable    *changed;         /* absolute paths waiting to be summarised again */
  GHashTable    *unsaved;         /* absolute path → GBytes: the text of an open, modified post */
  GHashTable    *title_counts;    /* folded title → how many posts have it */
  GHashTable    *titles_changed;  /* folded titles whose count went over or back to one */
  GCancellable  *cancellable;
  GPtrArray     *arrived;         /* summaries not yet in the store */
  guint          flush_source;
  guint          change_source;
  gboolean       loading;
  guint          generation;
};

G_DEFINE_FINAL_TYPE (BilletPostList, billet_post_list, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

enum {
  LOADED,
  FILES_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void watch_folder (BilletPostList *self, const char *abs);

/* Paths */

/* @path relative to @dir when it is below it, else NULL. */
static const char *
below (const char *path,
       const char *dir)
{
  gsize len = strlen (dir);

  if (strncmp (path, dir, len) == 0 && path[len] == '/')
    return path + len + 1;
  return NULL;
}

/* The path below the content folder that holds @abs (else below the opened
 * folder): "posts/a.md". */
static const char *
content_relative (BilletPostList *self,
                  const char     *abs)
{
  const char * const *dirs = billet_site_get_content_dirs (billet_index_get_site (self->index));
  const char *rel = NULL;

  for (guint i = 0; dirs[i] != NULL && rel == NULL; i++)
    rel = below (abs, dirs[i]);
  if (rel == NULL)
    rel = below (abs, billet_index_get_folder (self->index));
  return rel;
}

/* A post's section is the first folder below its content folder: Hugo's
 * "posts" in content/posts/a.md. A page bundle's own folder is not one. */
static char *
section_for (BilletPostList *self,
             const char     *abs,
             gboolean        bundle)
{
  const char *rel = content_relative (self, abs);
  const char *slash;

  if (rel == NULL || (slash = strchr (rel, '/')) == NULL)
    return g_strdup ("");
  if (bundle && strchr (slash + 1, '/') == NULL)
    return g_strdup ("");
  return g_strndup (rel, slash - rel);
}

/* Sections */

static void
count_section (BilletPostList *self,
               const char     *section,
               int             delta,
               gboolean       *added)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->section_counts, section));

  if (count == 0 && delta > 0)
    *added = TRUE;
  if (delta < 0 && count <= 1)
    {
      g_hash_table_remove (self->section_counts, section);
      *added = TRUE;
    }
  else
    g_hash_table_insert (self->section_counts, g_strdup (section), GUINT_TO_POINTER (count + delta));
}

static void
update_sections (BilletPostList *self)
{
  g_autofree const char **names = (const char **) g_hash_table_get_keys_as_array (self->section_counts, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sections));

  g_qsort_with_data (names, g_strv_length ((char **) names), sizeof (char *),
                     (GCompareDataFunc) g_strcmp0, NULL);
  /* Compare first: a replaced list resets the sidebar's choice. */
  if (n == g_strv_length ((char **) names))
    {
      gboolean same = TRUE;

      for (guint i = 0; i < n && same; i++)
        same = g_str_equal (gtk_string_list_get_string (self->sections, i), names[i]);
      if (same)
        return;
    }
  gtk_string_list_splice (self->sections, 0, n, names);
}

/* Items */

/* Titles that repeat: counted folded (case and accents aside), and the
 * rows of those that start or stop repeating told so, in one pass over
 * the items per batch of changes. */
static void
count_title (BilletPostList *self,
             const char     *title,
             int             delta)
{
  g_autofree char *key = billet_fold_for_search (title ? title : "");
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->title_counts, key));
  guint now = delta > 0 ? count + 1 : (count > 0 ? count - 1 : 0);

  if ((count <= 1) != (now <= 1))
    g_hash_table_add (self->titles_changed, g_strdup (key));
  if (now == 0)
    g_hash_table_remove (self->title_counts, key);
  else
    g_hash_table_replace (self->title_counts, g_steal_pointer (&key), GUINT_TO_POINTER (now));
}

static gboolean
title_repeats (BilletPostList *self,
               BilletPostItem *item)
{
  g_autofree char *key = billet_fold_for_search (billet_post_item_get_title (item));

  return GPOINTER_TO_UINT (g_hash_table_lookup (self->title_counts, key)) > 1;
}

static void
flush_title_changes (BilletPostList *self)
{
  GHashTableIter iter;
  BilletPostItem *item;

  if (g_hash_table_size (self->titles_changed) == 0)
    return;
  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &item))
    {
      g_autofree char *key = billet_fold_for_search (billet_post_item_get_title (item));

      if (g_hash_table_contains (self->titles_changed, key))
        billet_post_item_set_title_repeated (item, title_repeats (self, item));
    }
  g_hash_table_remove_all (self->titles_changed);
}

static BilletPostItem *
item_new (BilletPostList    *self,
          BilletPostSummary *summary,
          const char        *abs)
{
  g_autoptr(GFile) file = g_file_new_for_path (abs);
  g_autofree char *section = section_for (self, abs, summary->bundle);
  gboolean added = FALSE;

  count_section (self, section, 1, &added);
  count_title (self, summary->title, 1);
  return billet_post_item_new (summary, file, section);
}

/* Takes the summaries out of @posts into the model, in one splice. */
static void
add_summaries (BilletPostList *self,
               GPtrArray      *posts)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_full (posts->len, g_object_unref);
  const char *folder = billet_index_get_folder (self->index);

  g_ptr_array_set_free_func (posts, NULL);
  for (guint i = 0; i < posts->len; i++)
    {
      BilletPostSummary *summary = g_ptr_array_index (posts, i);
      char *abs = g_build_filename (folder, summary->path, NULL);
      BilletPostItem *item;

      if (g_hash_table_contains (self->items, abs))
        {
          billet_post_summary_free (summary);
          g_free (abs);
          continue;
        }
      item = item_new (self, summary, abs);
      g_hash_table_insert (self->items, abs, item);
      g_ptr_array_add (items, item);
    }
  g_ptr_array_set_size (posts, 0);
  g_ptr_array_set_free_func (posts, (GDestroyNotify) billet_post_summary_free);
  if (items->len == 0)
    return;
  for (guint i = 0; i < items->len; i++)
    billet_post_item_set_title_repeated (g_ptr_array_index (items, i),
                                         title_repeats (self, g_ptr_array_index (items, i)));
  flush_title_changes (self);
  update_sections (self);
  g_list_store_splice (self->store, g_list_model_get_n_items (G_LIST_MODEL (self->store)), 0,
                       items->pdata, items->len);
}

static void
remove_item (BilletPostList *self,
             const char     *abs)
{
  BilletPostItem *item = g_hash_table_lookup (self->items, abs);
  guint position;
  gboolean changed = FALSE;

  if (item == NULL)
    return;
  count_section (self, billet_post_item_get_section (item), -1, &changed);
  count_title (self, billet_post_item_get_title (item), -1);
  if (g_list_store_find (self->store, item, &position))
    g_list_store_remove (self->store, position);
  g_hash_table_remove (self->items, abs);
  flush_title_changes (self);
  update_sections (self);
}

/* Batches: from the index's workers to the main loop */

/* What the workers know of the list: shared by the index and by every
 * batch on its way, so that a worker never holds the list itself (its last
 * reference dropped there would finalize it off the main thread). */
typedef struct
{
  GWeakRef      self;
  guint         generation;
  GMainContext *context;
} Receiver;

static void
receiver_clear (Receiver *receiver)
{
  g_weak_ref_clear (&receiver->self);
  g_main_context_unref (receiver->context);
}

static void
receiver_release (Receiver *receiver)
{
  g_atomic_rc_box_release_full (receiver, (GDestroyNotify) receiver_clear);
}

typedef struct
{
  Receiver         *receiver;
  BilletIndexBatch *batch;
} Delivery;

static void
delivery_free (Delivery *delivery)
{
  receiver_release (delivery->receiver);
  billet_index_batch_free (delivery->batch);
  g_free (delivery);
}

static void
flush_arrived (BilletPostList *self)
{
  g_clear_handle_id (&self->flush_source, g_source_remove);
  add_summaries (self, self->arrived);
}

static gboolean
flush_arrived_cb (gpointer user_data)
{
  BilletPostList *self = user_data;

  self->flush_source = 0;
  flush_arrived (self);
  return G_SOURCE_REMOVE;
}

static gboolean
apply_batch_cb (gpointer data)
{
  Delivery *delivery = data;
  g_autoptr(BilletPostList) self = g_weak_ref_get (&delivery->receiver->self);
  BilletIndexBatch *batch = delivery->batch;

  if (self == NULL || delivery->receiver->generation != self->generation)
    return G_SOURCE_REMOVE;

  g_ptr_array_extend_and_steal (self->notes, g_ptr_array_ref (batch->notes));
  g_ptr_array_set_size (batch->notes, 0);

  /* A folder gets a monitor as its first post arrives. */
  for (guint i = 0; i < batch->posts->len; i++)
    {
      const BilletPostSummary *summary = g_ptr_array_index (batch->posts, i);
      g_autofree char *abs = g_build_filename (billet_index_get_folder (self->index), summary->path, NULL);
      g_autofree char *dir = g_path_get_dirname (abs);

      watch_folder (self, dir);
    }

  /* The first rows at once; then in a few large splices. */
  g_ptr_array_extend_and_steal (self->arrived, g_ptr_array_ref (batch->posts));
  if (batch->done || g_list_model_get_n_items (G_LIST_MODEL (self->store)) == 0)
    flush_arrived (self);
  else if (self->flush_source == 0)
    self->flush_source = g_timeout_add (BATCH_DELAY_MS, flush_arrived_cb, self);

  if (batch->done)
    {
      GPtrArray *skipped = billet_index_get_skipped (self->index);

      /* Content the generator reads and Billet does not (.adoc, .org…):
       * named among the skipped files, as `billet list` names them. */
      for (guint i = 0; i < skipped->len; i++)
        {
          BilletIndexNote *note = g_new0 (BilletIndexNote, 1);

          note->path = g_strdup (g_ptr_array_index (skipped, i));
          note->message = g_strdup (_("Not Markdown: Billet reads .md, .markdown and .mdx posts"));
          g_ptr_array_add (self->notes, note);
        }
      self->loading = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      g_signal_emit (self, signals[LOADED], 0);
    }
  return G_SOURCE_REMOVE;
}

/* In a worker thread: hand over, return at once. Not through
 * g_main_context_invoke(): when the main thread is between two iterations,
 * that runs the callback right here, in the worker, and the models and the
 * list view would change under the main thread's feet. An idle source runs
 * where the context is iterated, always; at high priority, since a batch
 * only moves pointers (the costly splice is a later timeout but for the
 * first rows): the first rows came 80 ms later at the default one. */
static void
on_batch_cb (BilletIndex      *index,
             BilletIndexBatch *batch,
             gpointer          user_data)
{
  Receiver *receiver = user_data;
  Delivery *delivery = g_new0 (Delivery, 1);
  GSource *source = g_idle_source_new ();

  delivery->receiver = g_atomic_rc_box_acquire (receiver);
  delivery->batch = batch;
  g_source_set_priority (source, G_PRIORITY_HIGH);
  g_source_set_callback (source, apply_batch_cb, delivery, (GDestroyNotify) delivery_free);
  g_source_set_static_name (source, "[billet] index batch");
  g_source_attach (source, receiver->context);
  g_source_unref (source);
}

/* Changes on disk */

typedef struct
{
  char              *abs;
  BilletIndexFile    file;
  GBytes            *unsaved;   /* the text to summarise instead of the file's */
  BilletPostSummary *summary;
} Resummary;

static void
resummary_free (Resummary *r)
{
  g_free (r->abs);
  g_clear_pointer (&r->unsaved, g_bytes_unref);
  g_free (r->file.real_path);
  g_free (r->file.path);
  g_free (r->file.content_path);
  g_free (r->file.output_path);
  g_free (r->file.lang);
  g_clear_pointer (&r->summary, billet_post_summary_free);
  g_free (r);
}

static void
resummarize_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  Resummary *r = task_data;
  BilletIndex *index = g_object_get_data (source_object, "billet-index");
  BilletIndexNote *note = NULL;

  /* A multilingual site's language for the post's place, as the walk
   * gives it (here: realpath() reads the disk) */
  r->file.lang = g_strdup (billet_site_get_path_language (billet_index_get_site (index), r->abs));
  if (r->unsaved != NULL)
    {
      g_autoptr(BilletPost) post = billet_post_new_from_data (g_bytes_get_data (r->unsaved, NULL),
                                                              g_bytes_get_size (r->unsaved));

      r->summary = billet_index_summarize_post (index, &r->file, post);
    }
  else if (g_file_test (r->abs, G_FILE_TEST_IS_REGULAR))
    r->summary = billet_index_summarize (index, &r->file, NULL, &note);
  g_clear_pointer (&note, billet_index_note_free);
  g_task_return_boolean (task, TRUE);
}

static void
resummarize_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  BilletPostList *self = BILLET_POST_LIST (object);
  Resummary *r = g_task_get_task_data (G_TASK (result));
  BilletPostItem *item;

  if (!g_task_propagate_boolean (G_TASK (result), NULL) ||
      GPOINTER_TO_UINT (user_data) != self->generation)
    return;

  item = g_hash_table_lookup (self->items, r->abs);
  if (r->summary == NULL)
    remove_item (self, r->abs);
  else if (item != NULL)
    {
      guint position;

      count_title (self, billet_post_item_get_title (item), -1);
      count_title (self, r->summary->title, 1);
      billet_post_item_set_summary (item, g_steal_pointer (&r->summary));
      billet_post_item_set_title_repeated (item, title_repeats (self, item));
      flush_title_changes (self);
      /* Its place in a sorted list may have changed: say it changed. */
      if (g_list_store_find (self->store, item, &position))
        g_list_model_items_changed (G_LIST_MODEL (self->store), position, 1, 1);
    }
  else
    {
      g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func ((GDestroyNotify) billet_post_summary_free);

      g_ptr_array_add (posts, g_steal_pointer (&r->summary));
      add_summaries (self, posts);
    }
}

static void
resummarize (BilletPostList *self,
             const char     *abs)
{
  const char *rel = below (abs, billet_index_get_folder (self->index));
  const char *content = content_relative (self, abs);
  g_autoptr(GTask) task = NULL;
  Resummary *r;

  if (rel == NULL)
    return;
  r = g_new0 (Resummary, 1);
  r->abs = g_strdup (abs);
  r->file.real_path = g_strdup (abs);
  r->file.path = g_strdup (rel);
  r->file.content_path = g_strdup (content ? content : rel);
  r->file.output_path = g_strdup ("");
  r->file.in_drafts = strstr (rel, "_drafts/") != NULL;
  /* An open post with unsaved changes shows what the author sees in its
   * window, not what its file says, whatever made it summarised again. */
  if ((r->unsaved = g_hash_table_lookup (self->unsaved, abs)) != NULL)
    g_bytes_ref (r->unsaved);

  task = g_task_new (self, self->cancellable, resummarize_cb, GUINT_TO_POINTER (self->generation));
  g_task_set_source_tag (task, resummarize);
  g_task_set_task_data (task, r, (GDestroyNotify) resummary_free);
  g_task_run_in_thread (task, resummarize_thread);
}

static gboolean
apply_changes_cb (gpointer user_data)
{
  BilletPostList *self = user_data;
  g_autoptr(GHashTable) changed = g_steal_pointer (&self->changed);
  g_autoptr(GPtrArray) relevant = NULL;
  GHashTableIter iter;
  const char *abs;

  self->change_source = 0;
  self->changed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  relevant = g_ptr_array_new ();

  g_hash_table_iter_init (&iter, changed);
  while (g_hash_table_iter_next (&iter, (gpointer *) &abs, NULL))
    {
      if (g_file_test (abs, G_FILE_TEST_IS_DIR))
        {
          /* A new folder (a new bundle, a section): watch it, and look at
           * what is already in it. */
          g_autoptr(GDir) dir = g_dir_open (abs, 0, NULL);
          const char *name;

          watch_folder (self, abs);
          g_ptr_array_add (relevant, (gpointer) abs);
          while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
            if (name[0] != '.' && billet_index_is_post_name (name))
              {
                g_autofree char *child = g_build_filename (abs, name, NULL);

                resummarize (self, child);
              }
        }
      else if (billet_index_is_post_name (abs) || g_hash_table_contains (self->items, abs))
        {
          g_ptr_array_add (relevant, (gpointer) abs);
          resummarize (self, abs);
        }
      else
        {
          /* A folder gone: its posts go with it. */
          g_autofree char *prefix = g_strconcat (abs, "/", NULL);
          g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
          GHashTableIter items;
          const char *path;

          g_hash_table_iter_init (&items, self->items);
          while (g_hash_table_iter_next (&items, (gpointer *) &path, NULL))
            if (g_str_has_prefix (path, prefix))
              g_ptr_array_add (gone, g_strdup (path));
          for (guint i = 0; i < gone->len; i++)
            remove_item (self, g_ptr_array_index (gone, i));
          if (gone->len > 0)
            g_ptr_array_add (relevant, (gpointer) abs);
        }
    }
  /* A save's temporary file, say, is no change of the site. */
  if (relevant->len > 0)
    {
      g_ptr_array_add (relevant, NULL);
      g_signal_emit (self, signals[FILES_CHANGED], 0, relevant->pdata);
    }
  return G_SOURCE_REMOVE;
}

static void
queue_change (BilletPostList *self,
              GFile          *file)
{
  g_autofree char *abs = file ? g_file_get_path (file) : NULL;
  g_autofree char *name = abs ? g_path_get_basename (abs) : NULL;

  if (abs == NULL || name[0] == '.')
    return;
  g_hash_table_add (self->changed, g_steal_pointer (&abs));
  g_clear_handle_id (&self->change_source, g_source_remove);
  self->change_source = g_timeout_add (CHANGE_DELAY_MS, apply_changes_cb, self);
}

static void
on_monitor_changed_cb (GFileMonitor      *monitor,
                       GFile             *file,
                       GFile             *other,
                       GFileMonitorEvent  event,
                       BilletPostList    *self)
{
  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
      queue_change (self, file);
      break;
    case G_FILE_MONITOR_EVENT_RENAMED:
      queue_change (self, file);
      queue_change (self, other);
      break;
    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    case G_FILE_MONITOR_EVENT_MOVED:
    default:
      break;
    }
}

static void
watch_folder (BilletPostList *self,
              const char     *abs)
{
  g_autoptr(GFile) dir = NULL;
  GFileMonitor *monitor;

  if (g_hash_table_contains (self->monitors, abs) ||
      g_hash_table_size (self->monitors) >= MAX_MONITORS)
    return;
  dir = g_file_new_for_path (abs);
  monitor = g_file_monitor_directory (dir, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
  if (monitor == NULL)
    return;
  g_signal_connect_object (monitor, "changed", G_CALLBACK (on_monitor_changed_cb), self, 0);
  g_hash_table_insert (self->monitors, g_strdup (abs), monitor);
}

/* Life cycle */

static void
close_folder (BilletPostList *self)
{
  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->index != NULL)
    billet_index_cancel (self->index);
  g_clear_pointer (&self->index, billet_index_unref);
  g_clear_handle_id (&self->change_source, g_source_remove);
  g_clear_handle_id (&self->flush_source, g_source_remove);
  g_ptr_array_set_size (self->arrived, 0);
  g_hash_table_remove_all (self->monitors);
  g_hash_table_remove_all (self->changed);
  g_hash_table_remove_all (self->unsaved);
  g_hash_table_remove_all (self->title_counts);
  g_hash_table_remove_all (self->titles_changed);
  g_hash_table_remove_all (self->items);
  g_hash_table_remove_all (self->section_counts);
  g_ptr_array_set_size (self->notes, 0);
  g_list_store_remove_all (self->store);
  update_sections (self);
}

static void
billet_post_list_dispose (GObject *object)
{
  BilletPostList *self = (BilletPostList *) object;

  close_folder (self);
  G_OBJECT_CLASS (billet_post_list_parent_class)->dispose (object);
}

static void
billet_post_list_finalize (GObject *object)
{
  BilletPostList *self = (BilletPostList *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->sections);
  g_clear_pointer (&self->section_counts, g_hash_table_unref);
  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  g_clear_pointer (&self->arrived, g_ptr_array_unref);
  g_clear_pointer (&self->monitors, g_hash_table_unref);
  g_clear_pointer (&self->changed, g_hash_table_unref);
  g_clear_pointer (&self->unsaved, g_hash_table_unref);
  g_clear_pointer (&self->title_counts, g_hash_table_unref);
  g_clear_pointer (&self->titles_changed, g_hash_table_unref);

  G_OBJECT_CLASS (billet_post_list_parent_class)->finalize (object);
}

static void
billet_post_list_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BilletPostList *self = BILLET_POST_LIST (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
billet_post_list_class_init (BilletPostListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = billet_post_list_dispose;
  object_class->finalize = billet_post_list_finalize;
  object_class->get_property = billet_post_list_get_property;

  /**
   * BilletPostList:loading:
   *
   * Whether the folder is still being indexed.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BilletPostList::loaded:
   *
   * Emitted on the main loop once the index's last batch is in the model.
   */
  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * BilletPostList::files-changed:
   * @paths: (array zero-terminated=1): the absolute paths that changed
   *   (posts, or folders that came or went)
   *
   * Emitted on the main loop after files of the folder changed on disk
   * (a save, another program), once their rows follow.
   */
  signals[FILES_CHANGED] = g_signal_new ("files-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRV);
}

static void
billet_post_list_init (BilletPostList *self)
{
  self->store = g_list_store_new (BILLET_TYPE_POST_ITEM);
  self->sections = gtk_string_list_new (NULL);
  self->section_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) billet_index_note_free);
  self->arrived = g_ptr_array_new_with_free_func ((GDestroyNotify) billet_post_summary_free);
  self->monitors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->changed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->unsaved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  self->title_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->titles_changed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

BilletPostList *
billet_post_list_new (void)
{
  return g_object_new (BILLET_TYPE_POST_LIST, NULL);
}

/* The folder's index, made: the list follows it from now on. */
static void
open_index (BilletPostList *self,
            BilletIndex    *index)
{
  Receiver *receiver;

  close_folder (self);
  self->index = billet_index_ref (index);
  self->cancellable = g_cancellable_new ();
  /* For the threads that summarise a changed file. */
  g_object_set_data_full (G_OBJECT (self), "billet-index", billet_index_ref (index),
                          (GDestroyNotify) billet_index_unref);
  self->loading = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  /* The walk's own folders, so that a first post in an empty section shows. */
  if (g_str_equal (billet_index_get_folder (index), billet_site_get_root (billet_index_get_site (index))))
    {
      const char * const *dirs = billet_site_get_content_dirs (billet_index_get_site (index));

      for (guint i = 0; dirs[i] != NULL; i++)
        if (g_file_test (dirs[i], G_FILE_TEST_IS_DIR))
          watch_folder (self, dirs[i]);
    }
  else
    watch_folder (self, billet_index_get_folder (index));

  receiver = g_atomic_rc_box_new0 (Receiver);
  g_weak_ref_init (&receiver->self, self);
  receiver->generation = self->generation;
  receiver->context = g_main_context_ref_thread_default ();
  billet_index_start (index, on_batch_cb, receiver, (GDestroyNotify) receiver_release);
}

/* In a worker: the folder's real path, and its site's configuration. */
static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  BilletIndex *index = billet_index_new (task_data, &error);

  if (index == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, index, (GDestroyNotify) billet_index_unref);
}

static void
open_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  BilletPostList *self = BILLET_POST_LIST (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(BilletIndex) index = NULL;
  GError *error = NULL;

  if (!(index = g_task_propagate_pointer (G_TASK (result), &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  open_index (self, index);
  g_task_return_boolean (task, TRUE);
}

/**
 * billet_post_list_open_async:
 * @folder: a site's root, one of its content folders, or any folder
 *
 * Reads the folder's site configuration in a worker; then forgets the
 * folder open before, if any, and starts indexing @folder in the
 * background: the model fills batch by batch, "loaded" tells the end.
 * billet_post_list_open_finish() fails if @folder is not a readable folder,
 * and the list is then left as it was.
 */
void
billet_post_list_open_async (BilletPostList      *self,
                             const char          *folder,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) read = NULL;

  g_return_if_fail (BILLET_IS_POST_LIST (self));
  g_return_if_fail (folder != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, billet_post_list_open_async);
  read = g_task_new (self, cancellable, open_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (read, billet_post_list_open_async);
  g_task_set_task_data (read, g_strdup (folder), g_free);
  g_task_run_in_thread (read, open_thread);
}

gboolean
billet_post_list_open_finish (BilletPostList  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * billet_post_list_get_folder:
 *
 * Returns: (nullable): the open folder, absolute, links resolved
 */
const char *
billet_post_list_get_folder (BilletPostList *self)
{
  g_return_val_if_fail (BILLET_IS_POST_LIST (self), NULL);
  return self->index ? billet_index_get_folder (self->index) : NULL;
}

/**
 * billet_post_list_get_site:
 *
 * Returns: (transfer none) (nullable): the site of the open folder
 */
BilletSite *
billet_post_list_get_site (BilletPostList *self)
{
  g_return_val_if_fail (BILLET_IS_POST_LIST (self), NULL);
  return self->index ? billet_index_get_site (self->index) : NULL;
}

/**
 * billet_post_list_dup_name:
 *
 * Returns: (transfer full) (nullable): the site's title, else its folder's name
 */
char *
billet_post_list_dup_name (BilletPostList *self)
{
  BilletSite *site;

  g_return_val_if_fail (BILLET_IS_POST_LIST (self), NULL);

  if (self->index == NULL)
    return NULL;
  site = billet_index_get_site (self->index);
  if (billet_site_get_title (site) != NULL && *billet_site_get_title (site) != '\0')
    return g_strdup (billet_site_get_title (site));
  return g_path_get_basename (billet_site_get_root (site));
}

/**
 * billet_post_list_get_model:
 *
 * Returns: (transfer none): the posts (#BilletPostItem), in no order
 */
GListModel *
billet_post_list_get_model (BilletPostList *self)
{
  g_return_val_if_fail (BILLET_IS_POST_LIST (self), NULL);
  return G_LIST_MODEL (self->store);
}

/**
 * billet_post_list_get_sections:
 *
 * Returns: (transfer none): the sections' names (#GtkStringObject), sorted;
 *   "" is the top level
 */
GListModel *
billet_post_list_get_sections (BilletPostList *self)
{
  g_return_val_if_fail (BILLET_IS_POST_LIST (self), NULL);
  return G_LIST_MODEL (self->sections);
}

gboolean
billet_post_list_get_loading (BilletPostList *self)
{
  g_return_val_if_fail (BILLET_IS_POST_LIST (self), FALSE);
  return self->loading;
}

/**
 * billet_post_list_get_notes:
 *
 * Returns: (transfer none) (element-type BilletIndexNote): what was left out
 */
GPtrArray *
billet_post_list_get_notes (BilletPostList *self)
{
  g_return_val_if_fail (BILLET_IS_POST_LIST (self), NULL);
  return self->notes;
}

/**
 * billet_post_list_lookup:
 *
 * Returns: (transfer none) (nullable): the item of @file
 */
BilletPostItem *
billet_post_list_lookup (BilletPostList *self,
                         GFile          *file)
{
  g_autofree char *abs = NULL;

  g_return_val_if_fail (BILLET_IS_POST_LIST (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  abs = g_file_get_path (file);
  return abs ? g_hash_table_lookup (self->items, abs) : NULL;
}

/**
 * billet_post_list_contains:
 *
 * Returns: whether @file is inside the open folder (listed or not)
 */
gboolean
billet_post_list_contains (BilletPostList *self,
                           GFile          *file)
{
  g_autofree char *abs = NULL;

  g_return_val_if_fail (BILLET_IS_POST_LIST (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (self->index == NULL || !(abs = g_file_get_path (file)))
    return FALSE;
  return below (abs, billet_index_get_folder (self->index)) != NULL;
}

/**
 * billet_post_list_set_unsaved:
 * @file: a post of the folder, open in an editor
 * @post: (nullable): its text as the editor has it, or %NULL once that is
 *   what its file holds (saved, reloaded, changes undone)
 *
 * The row of a post with unsaved changes shows them, as the window does:
 * its title, date, draft state and tags follow the editor's text rather
 * than the file's until the changes are saved or dropped.
 */
void
billet_post_list_set_unsaved (BilletPostList *self,
                              GFile          *file,
                              BilletPost     *post)
{
  g_autoptr(GBytes) text = NULL;

  g_return_if_fail (BILLET_IS_POST_LIST (self));
  g_return_if_fail (G_IS_FILE (file));

  if (post != NULL)
    text = billet_post_serialize (post);
  billet_post_list_set_unsaved_text (self, file, text);
}

/**
 * billet_post_list_set_unsaved_text:
 * @text: (nullable): the post's bytes as the editor has them, or %NULL
 *
 * billet_post_list_set_unsaved() with the post's bytes, which a worker
 * may have serialised.
 */
void
billet_post_list_set_unsaved_text (BilletPostList *self,
                                   GFile          *file,
                                   GBytes         *text)
{
  g_autofree char *abs = NULL;

  g_return_if_fail (BILLET_IS_POST_LIST (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->index == NULL || !(abs = g_file_get_path (file)) ||
      below (abs, billet_index_get_folder (self->index)) == NULL)
    return;
  if (text != NULL)
    g_hash_table_replace (self->unsaved, g_strdup (abs), g_bytes_ref (text));
  else if (!g_hash_table_remove (self->unsaved, abs))
    return;
  resummarize (self, abs);
}

/**
 * billet_post_list_refresh_file:
 *
 * Summarises @file again soon (after Billet saved it, say), as if the
 * monitor had seen it change.
 */
void
billet_post_list_refresh_file (BilletPostList *self,
                               GFile          *file)
{
  g_return_if_fail (BILLET_IS_POST_LIST (self));
  g_return_if_fail (G_IS_FILE (file));

  if (billet_post_list_contains (self, file))
    queue_change (self, file);
}

/**
 * billet_post_list_dup_section_for:
 *
 * Returns: (transfer full): the section @file is (or would be) in
 */
char *
billet_post_list_dup_section_for (BilletPostList *self,
                                  GFile          *file)
{
  g_autofree char *abs = NULL;

  g_return_val_if_fail (BILLET_IS_POST_LIST (self), NULL);

  if (self->index == NULL || !(abs = g_file_get_path (file)))
    return g_strdup ("");
  return section_for (self, abs, FALSE);
}

static int
compare_counted (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  GHashTable *counts = user_data;
  const char *sa = *(const char * const *) a;
  const char *sb = *(const char * const *) b;
  guint ca = GPOINTER_TO_UINT (g_hash_table_lookup (counts, sa));
  guint cb = GPOINTER_TO_UINT (g_hash_table_lookup (counts, sb));

  if (ca != cb)
    return ca > cb ? -1 : 1;
  return g_utf8_collate (sa, sb);
}

/**
 * billet_post_list_dup_values:
 * @key: "tags" or "authors" (the keys the index summarises as lists)
 * @counts: (out) (transfer full): how many posts use each value
 *
 * Returns: (transfer full): the values the site's posts use for @key,
 *   most used first
 */
char **
billet_post_list_dup_values (BilletPostList  *self,
                             const char      *key,
                             guint          **counts)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree const char **values = NULL;
  guint n_values = 0;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  char **result;

  g_return_val_if_fail (BILLET_IS_POST_LIST (self), NULL);
  g_return_val_if_fail (counts != NULL, NULL);

  if (g_str_equal (key, "tags") || g_str_equal (key, "authors"))
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(BilletPostItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);
        const BilletPostSummary *summary = billet_post_item_get_summary (item);
        char **list = g_str_equal (key, "tags") ? summary->tags : summary->authors;

        for (guint t = 0; list != NULL && list[t] != NULL; t++)
          {
            guint count = GPOINTER_TO_UINT (g_hash_table_lookup (seen, list[t]));

            g_hash_table_insert (seen, list[t], GUINT_TO_POINTER (count + 1));
          }
      }

  values = (const char **) g_hash_table_get_keys_as_array (seen, &n_values);
  g_qsort_with_data (values, n_values, sizeof (char *), compare_counted, seen);
  result = g_new0 (char *, n_values + 1);
  *counts = g_new0 (guint, n_values + 1);
  for (guint i = 0; i < n_values; i++)
    {
      result[i] = g_strdup (values[i]);
      (*counts)[i] = GPOINTER_TO_UINT (g_hash_table_lookup (seen, values[i]));
    }
  return result;
}
