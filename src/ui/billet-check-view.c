/* billet-check-view.c — a site's check in the window: its findings, as found
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The findings of billet_check_start() (billet-check.c), in a list by file
 * and line: each row says what is wrong, its identifier and where. The
 * check's workers hand each batch of findings to the main loop in an idle
 * source, as the index's batches reach the posts' list
 * (billet-post-list.c): no widget is touched from a worker, and a batch of
 * a check given up (the view stopped, the folder changed, a newer check)
 * is dropped where it lands. The first check fills the list as it goes;
 * a check again (after a save, or a change on disk) keeps the rows until
 * it has all its findings, then puts them in place at once, so that rows
 * do not vanish and come back under the author's pointer.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "billet-check-view.h"

/* After a save: the check waits for the saves that follow (Save All). */
#define RECHECK_DELAY_MS 400

/* Finding items: the rows' model */

#define BILLET_TYPE_FINDING_ITEM (billet_finding_item_get_type ())
G_DECLARE_FINAL_TYPE (BilletFindingItem, billet_finding_item, BILLET, FINDING_ITEM, GObject)

struct _BilletFindingItem
{
  GObject        parent_instance;
  BilletFinding *finding;
};

G_DEFINE_FINAL_TYPE (BilletFindingItem, billet_finding_item, G_TYPE_OBJECT)

static void
billet_finding_item_finalize (GObject *object)
{
  BilletFindingItem *self = BILLET_FINDING_ITEM (object);

  g_clear_pointer (&self->finding, billet_finding_free);
  G_OBJECT_CLASS (billet_finding_item_parent_class)->finalize (object);
}

static void
billet_finding_item_class_init (BilletFindingItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = billet_finding_item_finalize;
}

static void
billet_finding_item_init (BilletFindingItem *self)
{
}

static BilletFindingItem *
billet_finding_item_new (BilletFinding *finding)
{
  BilletFindingItem *self = g_object_new (BILLET_TYPE_FINDING_ITEM, NULL);

  self->finding = finding;
  return self;
}

/* The view */

typedef struct _Receiver Receiver;

struct _BilletCheckView
{
  GtkWidget           parent_instance;

  char               *folder;
  char               *root;           /* the findings' paths are relative to it */
  BilletCheck        *check;
  BilletCheck        *last_check;     /* the last one done, kept for a check of a few posts again */
  GHashTable         *changed;        /* posts changed since, to check again (absolute paths) */
  gboolean            recheck_whole;  /* something else changed: the whole site */
  GCancellable       *opening;        /* the site being read for a check, in a worker */
  Receiver           *receiver;
  gboolean            replacing;      /* a check again: rows replaced once done */
  GPtrArray          *pending;        /* (element-type BilletFindingItem): its findings so far */
  guint               recheck_source;

  GListStore         *store;
  GHashTable         *files;          /* path → its rows in the store */
  GHashTable         *ids;            /* id → its rows in the store */
  GtkFilterListModel *filtered;
  GtkCustomFilter    *filter;
  GtkStringList      *kinds;          /* the dropdown's: "All Kinds", then the ids found */
  char               *kind;           /* NULL: all */

  GtkWidget          *spinner;
  GtkWidget          *count_label;
  GtkWidget          *kind_dropdown;
  GtkWidget          *scroller;
  GtkWidget          *list_view;
  gboolean            updating_kinds;
};

G_DEFINE_FINAL_TYPE (BilletCheckView, billet_check_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

enum {
  FINDING_ACTIVATED,
  FIX,
  BACK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* From the workers to the main loop */

/* What the check's callback holds: never the view itself, which only the
 * main thread may look at (its last reference dropped in a worker would
 * dispose widgets there). */
struct _Receiver
{
  GWeakRef      view;
  GMainContext *context;
};

static void
receiver_clear (Receiver *receiver)
{
  g_weak_ref_clear (&receiver->view);
  g_main_context_unref (receiver->context);
}

static void
receiver_release (gpointer data)
{
  g_atomic_rc_box_release_full (data, (GDestroyNotify) receiver_clear);
}

typedef struct
{
  Receiver  *receiver;
  GPtrArray *findings;
  gboolean   done;
} Delivery;

static void
delivery_free (Delivery *delivery)
{
  receiver_release (delivery->receiver);
  g_clear_pointer (&delivery->findings, g_ptr_array_unref);
  g_free (delivery);
}

static void update_count (BilletCheckView *self);
static void update_kinds (BilletCheckView *self);

static void
set_running (BilletCheckView *self,
             gboolean         running)
{
  gtk_widget_set_visible (self->spinner, running);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), running);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* The header's counts follow the store, row by row: a large site's
 * thousands of findings are not counted again at each batch. */
static void
count_item (BilletCheckView   *self,
            BilletFindingItem *item)
{
  const BilletFinding *finding = item->finding;

  g_hash_table_insert (self->files, finding->path,
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->files, finding->path)) + 1));
  g_hash_table_insert (self->ids, (gpointer) finding->id,
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->ids, finding->id)) + 1));
}

static void
clear_store (BilletCheckView *self)
{
  g_hash_table_remove_all (self->files);
  g_hash_table_remove_all (self->ids);
  g_list_store_remove_all (self->store);
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const BilletFindingItem *ia = *(BilletFindingItem * const *) a;
  const BilletFindingItem *ib = *(BilletFindingItem * const *) b;

  return billet_finding_compare (&ia->finding, &ib->finding);
}

/* A few rows (a batch of posts' own findings): each where it goes. */
#define MERGE_THRESHOLD 64

static void
insert_sorted (BilletCheckView *self,
               GPtrArray       *items)
{
  for (guint i = 0; i < items->len; i++)
    {
      BilletFindingItem *item = g_ptr_array_index (items, i);
      guint lo = 0, hi = g_list_model_get_n_items (G_LIST_MODEL (self->store));

      while (lo < hi)
        {
          guint mid = (lo + hi) / 2;
          g_autoptr(BilletFindingItem) other = g_list_model_get_item (G_LIST_MODEL (self->store), mid);

          if (compare_items (&other, &item) <= 0)
            lo = mid + 1;
          else
            hi = mid;
        }
      g_list_store_insert (self->store, lo, item);
    }
}

/* Many (the links and images between posts, thousands in a large site):
 * merged with the rows there, and put in place in one change. One
 * insertion each held the main loop over a second for 12,000 rows, the
 * list's models and view following every one. */
static void
merge_sorted (BilletCheckView *self,
              GPtrArray       *items)
{
  GListModel *model = G_LIST_MODEL (self->store);
  guint n = g_list_model_get_n_items (model);
  g_autoptr(GPtrArray) merged = g_ptr_array_new_full (n + items->len, g_object_unref);
  guint i = 0, j = 0;
  BilletFindingItem *next = n > 0 ? g_list_model_get_item (model, 0) : NULL;

  while (next != NULL || j < items->len)
    {
      BilletFindingItem *item = j < items->len ? g_ptr_array_index (items, j) : NULL;

      if (next != NULL && (item == NULL || compare_items (&next, &item) <= 0))
        {
          g_ptr_array_add (merged, next);
          next = ++i < n ? g_list_model_get_item (model, i) : NULL;
        }
      else
        {
          g_ptr_array_add (merged, g_object_ref (item));
          j++;
        }
    }
  g_list_store_splice (self->store, 0, n, merged->pdata, merged->len);
}

static gboolean
apply_delivery_cb (gpointer data)
{
  Delivery *delivery = data;
  g_autoptr(BilletCheckView) self = g_weak_ref_get (&delivery->receiver->view);
  g_autoptr(GPtrArray) items = NULL;

  /* A check given up: its findings are not the folder's any more. */
  if (self == NULL || self->receiver != delivery->receiver)
    return G_SOURCE_REMOVE;

  items = g_ptr_array_new_full (delivery->findings->len, g_object_unref);
  for (guint i = 0; i < delivery->findings->len; i++)
    g_ptr_array_add (items, billet_finding_item_new (g_steal_pointer (&delivery->findings->pdata[i])));
  g_ptr_array_set_size (delivery->findings, 0);

  if (self->replacing)
    g_ptr_array_extend_and_steal (self->pending, g_steal_pointer (&items));
  else
    {
      /* In the order of a report: the list is sorted as it fills. */
      g_ptr_array_sort (items, compare_items);
      for (guint i = 0; i < items->len; i++)
        count_item (self, g_ptr_array_index (items, i));
      if (items->len <= MERGE_THRESHOLD)
        insert_sorted (self, items);
      else
        merge_sorted (self, items);
    }

  if (delivery->done)
    {
      if (self->replacing)
        {
          g_autoptr(GPtrArray) sorted = g_steal_pointer (&self->pending);

          /* By file and line, as the first check's rows. */
          g_ptr_array_sort (sorted, compare_items);
          g_hash_table_remove_all (self->files);
          g_hash_table_remove_all (self->ids);
          for (guint i = 0; i < sorted->len; i++)
            count_item (self, g_ptr_array_index (sorted, i));
          g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                               sorted->pdata, sorted->len);
          self->pending = g_ptr_array_new_with_free_func (g_object_unref);
          self->replacing = FALSE;
        }
      /* Kept: after a save, only the posts saved are read again. */
      g_clear_pointer (&self->last_check, billet_check_unref);
      self->last_check = g_steal_pointer (&self->check);
      g_clear_pointer (&self->receiver, receiver_release);
      set_running (self, FALSE);
    }
  update_kinds (self);
  update_count (self);
  return G_SOURCE_REMOVE;
}

/* On a worker: hands the findings over, and returns. */
static void
on_findings_cb (BilletCheck *check,
                GPtrArray   *findings,
                gboolean     done,
                gpointer     user_data)
{
  Receiver *receiver = user_data;
  Delivery *delivery = g_new0 (Delivery, 1);
  GSource *source = g_idle_source_new ();

  delivery->receiver = g_atomic_rc_box_acquire (receiver);
  delivery->findings = findings;
  delivery->done = done;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, apply_delivery_cb, delivery, (GDestroyNotify) delivery_free);
  g_source_set_static_name (source, "[billet] check findings");
  g_source_attach (source, receiver->context);
  g_source_unref (source);
}

/* Header: the count, the kinds */

static void
update_count (BilletCheckView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_autofree char *posts = NULL;
  g_autofree char *text = NULL;

  if (n == 0)
    text = g_strdup (self->check != NULL || self->opening != NULL ? _("Checking…") : _("No problems found"));
  else
    {
      guint n_files = g_hash_table_size (self->files);

      /* Translators: the end of “12 problems in 8 posts” */
      posts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u post", "%u posts", n_files), n_files);
      /* Translators: %u is a number of problems, %s says in how many posts (“8 posts”) */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u problem in %s", "%u problems in %s", n), n, posts);
    }
  gtk_label_set_label (GTK_LABEL (self->count_label), text);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
update_kinds (BilletCheckView *self)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer id;
  guint selected = 0;

  g_hash_table_iter_init (&iter, self->ids);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    g_ptr_array_add (ids, id);
  /* The kind shown stays in the list while it is chosen. */
  if (self->kind != NULL && !g_ptr_array_find_with_equal_func (ids, self->kind, g_str_equal, NULL))
    g_ptr_array_add (ids, self->kind);
  g_ptr_array_sort (ids, compare_ids);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->kinds)) == ids->len + 1)
    {
      gboolean same = TRUE;

      for (guint i = 0; i < ids->len && same; i++)
        same = g_str_equal (gtk_string_list_get_string (self->kinds, i + 1), g_ptr_array_index (ids, i));
      if (same)
        return;
    }

  self->updating_kinds = TRUE;
  g_ptr_array_add (ids, NULL);
  gtk_string_list_splice (self->kinds, 1, g_list_model_get_n_items (G_LIST_MODEL (self->kinds)) - 1,
                          (const char * const *) ids->pdata);
  for (guint i = 0; self->kind != NULL && ids->pdata[i] != NULL; i++)
    if (g_str_equal (ids->pdata[i], self->kind))
      selected = i + 1;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->kind_dropdown), selected);
  self->updating_kinds = FALSE;
}

static gboolean
filter_item (gpointer item,
             gpointer user_data)
{
  BilletCheckView *self = user_data;

  return self->kind == NULL || g_str_equal (BILLET_FINDING_ITEM (item)->finding->id, self->kind);
}

static void
on_kind_selected_cb (BilletCheckView *self)
{
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->kind_dropdown));

  if (self->updating_kinds)
    return;
  g_clear_pointer (&self->kind, g_free);
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0)
    self->kind = g_strdup (gtk_string_list_get_string (self->kinds, selected));
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* Rows */

static char *
dup_absolute (BilletCheckView     *self,
              const BilletFinding *finding)
{
  return g_build_filename (self->root, finding->path, NULL);
}

static void
on_fix_clicked_cb (GtkButton       *button,
                   BilletCheckView *self)
{
  BilletFindingItem *item = g_object_get_data (G_OBJECT (button), "billet-finding-item");
  g_autofree char *path = NULL;

  if (item == NULL)
    return;
  path = dup_absolute (self, item->finding);
  g_signal_emit (self, signals[FIX], 0, item->finding, path);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              BilletCheckView          *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *message = gtk_label_new (NULL);
  GtkWidget *where = gtk_label_new (NULL);
  GtkWidget *id = gtk_label_new (NULL);
  GtkWidget *fix = gtk_button_new_with_mnemonic (_("_Fix"));

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (message), PANGO_WRAP_WORD_CHAR);
  /* Natural widths kept narrow: a long message must not widen the
   * sidebar, which would fold the window's flap over the post. */
  gtk_label_set_max_width_chars (GTK_LABEL (message), 30);
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_label_set_xalign (GTK_LABEL (where), 0);
  gtk_label_set_ellipsize (GTK_LABEL (where), PANGO_ELLIPSIZE_START);
  gtk_label_set_max_width_chars (GTK_LABEL (where), 20);
  gtk_widget_set_hexpand (where, TRUE);
  gtk_widget_add_css_class (where, "caption");
  gtk_widget_add_css_class (id, "caption");
  gtk_widget_add_css_class (id, "dim-label");
  gtk_widget_set_valign (fix, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (fix, "flat");
  gtk_widget_set_tooltip_text (fix, _("Spell it as the other posts do, in this post"));
  g_signal_connect_object (fix, "clicked", G_CALLBACK (on_fix_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (box), message);
  gtk_box_append (GTK_BOX (line), where);
  gtk_box_append (GTK_BOX (line), id);
  gtk_box_append (GTK_BOX (line), fix);
  gtk_box_append (GTK_BOX (box), line);
  g_object_set_data (G_OBJECT (list_item), "message", message);
  g_object_set_data (G_OBJECT (list_item), "where", where);
  g_object_set_data (G_OBJECT (list_item), "id", id);
  g_object_set_data (G_OBJECT (list_item), "fix", fix);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             BilletCheckView          *self)
{
  BilletFindingItem *item = gtk_list_item_get_item (list_item);
  const BilletFinding *finding = item->finding;
  GtkWidget *fix = g_object_get_data (G_OBJECT (list_item), "fix");
  g_autofree char *where = NULL;

  if (finding->line > 0)
    where = g_strdup_printf ("%s:%u:%u", finding->path, finding->line, MAX (finding->column, 1));
  else
    where = g_strdup (finding->path);
  gtk_label_set_label (g_object_get_data (G_OBJECT (list_item), "message"), finding->message);
  gtk_label_set_label (g_object_get_data (G_OBJECT (list_item), "where"), where);
  gtk_label_set_label (g_object_get_data (G_OBJECT (list_item), "id"), finding->id);
  gtk_widget_set_visible (fix, finding->fix_key != NULL || finding->fix_encoding);
  g_object_set_data (G_OBJECT (fix), "billet-finding-item", item);
  if (finding->fix_key != NULL)
    {
      /* Translators: the Fix button's accessible label: merge “velo” into “Vélo” */
      g_autofree char *label = g_strdup_printf (_("Merge “%s” into “%s”"), finding->fix_from, finding->fix_to);

      gtk_accessible_update_property (GTK_ACCESSIBLE (fix), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
    }
  else if (finding->fix_encoding)
    /* Translators: the Fix button's accessible label, on a finding about the file's encoding */
    gtk_accessible_update_property (GTK_ACCESSIBLE (fix), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Convert the file to UTF-8 and repair its mis-encoded text"), -1);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               BilletCheckView          *self)
{
  g_object_set_data (g_object_get_data (G_OBJECT (list_item), "fix"), "billet-finding-item", NULL);
}

static void
on_activate_cb (GtkListView     *list_view,
                guint            position,
                BilletCheckView *self)
{
  g_autoptr(BilletFindingItem) item = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);
  g_autofree char *path = NULL;

  if (item == NULL)
    return;
  path = dup_absolute (self, item->finding);
  g_signal_emit (self, signals[FINDING_ACTIVATED], 0, item->finding, path);
}

static void
on_back_clicked_cb (BilletCheckView *self)
{
  g_signal_emit (self, signals[BACK], 0);
}

/* Checks */

static void
cancel_check (BilletCheckView *self)
{
  g_clear_handle_id (&self->recheck_source, g_source_remove);
  if (self->opening != NULL)
    g_cancellable_cancel (self->opening);
  g_clear_object (&self->opening);
  g_clear_pointer (&self->last_check, billet_check_unref);
  g_hash_table_remove_all (self->changed);
  self->recheck_whole = FALSE;
  if (self->check != NULL)
    billet_check_cancel (self->check);
  g_clear_pointer (&self->check, billet_check_unref);
  /* Its deliveries still on their way find another receiver, or none. */
  g_clear_pointer (&self->receiver, receiver_release);
  g_ptr_array_set_size (self->pending, 0);
  self->replacing = FALSE;
}

static void
start_check (BilletCheckView *self,
             BilletCheck     *check,
             gboolean         replacing)
{
  self->replacing = replacing;
  self->check = billet_check_ref (check);
  self->receiver = g_atomic_rc_box_new0 (Receiver);
  g_weak_ref_init (&self->receiver->view, self);
  self->receiver->context = g_main_context_ref_thread_default ();
  billet_check_start (check, on_findings_cb, g_atomic_rc_box_acquire (self->receiver), receiver_release);
  set_running (self, TRUE);
  update_count (self);
}

/* The site's configuration and its index are read in a worker: a large
 * or slow site never holds the window up. */
static void
open_check_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  BilletCheck *check = billet_check_new (task_data, &error);

  if (check == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, check, (GDestroyNotify) billet_check_unref);
}

static void
open_check_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      data)
{
  BilletCheckView *self = BILLET_CHECK_VIEW (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(BilletCheck) check = g_task_propagate_pointer (G_TASK (result), &error);
  gboolean replacing = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (result), "billet-replacing"));

  /* Given up: another check, another folder, or the view is gone. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  g_clear_object (&self->opening);
  if (check == NULL)
    {
      clear_store (self);
      gtk_label_set_label (GTK_LABEL (self->count_label), error->message);
      set_running (self, FALSE);
      return;
    }
  g_free (self->root);
  self->root = g_strdup (billet_check_get_root (check));
  billet_check_set_keep (check, TRUE);
  start_check (self, check, replacing);
}

static void
run_check (BilletCheckView *self,
           gboolean         replacing)
{
  g_autoptr(GTask) task = NULL;

  cancel_check (self);
  if (self->folder == NULL)
    return;
  self->opening = g_cancellable_new ();
  task = g_task_new (self, self->opening, open_check_done_cb, NULL);
  g_task_set_source_tag (task, run_check);
  g_task_set_task_data (task, g_strdup (self->folder), g_free);
  g_object_set_data (G_OBJECT (task), "billet-replacing", GINT_TO_POINTER (replacing));
  g_task_run_in_thread (task, open_check_thread);
  set_running (self, TRUE);
  update_count (self);
}

/**
 * billet_check_view_start:
 * @folder: a folder of a site
 *
 * Checks the site of @folder, in the background, from an empty list: the
 * rows come as the posts are read.
 */
void
billet_check_view_start (BilletCheckView *self,
                         const char      *folder)
{
  g_return_if_fail (BILLET_IS_CHECK_VIEW (self));
  g_return_if_fail (folder != NULL);

  cancel_check (self);
  g_free (self->folder);
  self->folder = g_strdup (folder);
  clear_store (self);
  run_check (self, FALSE);
  update_kinds (self);
}

/**
 * billet_check_view_stop:
 *
 * Gives up the check under way, and the folder: nothing is checked again
 * until billet_check_view_start().
 */
void
billet_check_view_stop (BilletCheckView *self)
{
  gboolean running;

  g_return_if_fail (BILLET_IS_CHECK_VIEW (self));

  running = billet_check_view_get_running (self);
  cancel_check (self);
  g_clear_pointer (&self->folder, g_free);
  if (running)
    set_running (self, FALSE);
}

/* Only the posts saved are read again when the last check is done and
 * kept them, nothing else changed, and the core agrees (they are posts it
 * read; not a section's page): on a site of 10,000 posts, a fraction of a
 * second instead of seconds. Else the whole site. */
static gboolean
recheck_cb (gpointer data)
{
  BilletCheckView *self = data;
  gboolean replacing = g_list_model_get_n_items (G_LIST_MODEL (self->store)) > 0;
  g_autoptr(BilletCheck) last = g_steal_pointer (&self->last_check);
  g_autoptr(BilletCheck) update = NULL;

  self->recheck_source = 0;
  if (last != NULL && !self->recheck_whole && self->check == NULL && self->opening == NULL &&
      g_hash_table_size (self->changed) > 0)
    {
      g_autofree const char **paths = (const char **) g_hash_table_get_keys_as_array (self->changed, NULL);

      update = billet_check_new_update (last, paths);
    }
  if (update == NULL)
    {
      run_check (self, replacing);
      return G_SOURCE_REMOVE;
    }
  cancel_check (self);
  start_check (self, update, replacing);
  return G_SOURCE_REMOVE;
}

/**
 * billet_check_view_queue_recheck:
 *
 * A post of the folder changed (saved, fixed, edited on disk): the site is
 * checked again a moment later, in the background (links and tags are
 * between posts: a post's change may mend or break another's), and the
 * rows follow once it is done. Nothing without a folder.
 */
void
billet_check_view_queue_recheck (BilletCheckView *self)
{
  g_return_if_fail (BILLET_IS_CHECK_VIEW (self));

  billet_check_view_queue_recheck_paths (self, NULL);
}

/**
 * billet_check_view_queue_recheck_paths:
 * @paths: (nullable): the absolute paths that changed, or %NULL: anything
 *
 * As billet_check_view_queue_recheck(), knowing what changed: when only
 * posts the last check read were saved, only they are read again (with
 * what is between posts checked again whole, in memory).
 */
void
billet_check_view_queue_recheck_paths (BilletCheckView    *self,
                                       const char * const *paths)
{
  g_return_if_fail (BILLET_IS_CHECK_VIEW (self));

  if (self->folder == NULL)
    return;
  if (paths == NULL)
    self->recheck_whole = TRUE;
  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    g_hash_table_add (self->changed, g_strdup (paths[i]));
  g_clear_handle_id (&self->recheck_source, g_source_remove);
  self->recheck_source = g_timeout_add (RECHECK_DELAY_MS, recheck_cb, self);
  /* The spinner says at once that the rows are about to follow. */
  set_running (self, TRUE);
}

gboolean
billet_check_view_get_running (BilletCheckView *self)
{
  g_return_val_if_fail (BILLET_IS_CHECK_VIEW (self), FALSE);
  return self->check != NULL || self->opening != NULL || self->recheck_source != 0;
}

const char *
billet_check_view_get_folder (BilletCheckView *self)
{
  g_return_val_if_fail (BILLET_IS_CHECK_VIEW (self), NULL);
  return self->folder;
}

/**
 * billet_check_view_get_model:
 *
 * Returns: (transfer none): the rows shown, after the kind's filter
 */
GListModel *
billet_check_view_get_model (BilletCheckView *self)
{
  g_return_val_if_fail (BILLET_IS_CHECK_VIEW (self), NULL);
  return G_LIST_MODEL (self->filtered);
}

/**
 * billet_check_view_get_finding:
 * @position: a row's, in billet_check_view_get_model()
 *
 * Returns: (transfer none) (nullable): its finding, while its row lives
 */
const BilletFinding *
billet_check_view_get_finding (BilletCheckView *self,
                               guint            position)
{
  g_autoptr(BilletFindingItem) item = NULL;

  g_return_val_if_fail (BILLET_IS_CHECK_VIEW (self), NULL);

  item = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);
  /* The store holds the item, and the item its finding. */
  return item != NULL ? item->finding : NULL;
}

/**
 * billet_check_view_set_kind:
 * @id: (nullable): a finding's identifier, or %NULL for all
 *
 * Shows only the findings of one kind, as the dropdown does.
 */
void
billet_check_view_set_kind (BilletCheckView *self,
                            const char      *id)
{
  guint n;

  g_return_if_fail (BILLET_IS_CHECK_VIEW (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->kinds));
  for (guint i = 1; i < n; i++)
    if (id != NULL && g_str_equal (gtk_string_list_get_string (self->kinds, i), id))
      {
        gtk_drop_down_set_selected (GTK_DROP_DOWN (self->kind_dropdown), i);
        return;
      }
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->kind_dropdown), 0);
}

/* The keyboard: into the rows, or the back button when there is none. */
void
billet_check_view_focus (BilletCheckView *self)
{
  g_return_if_fail (BILLET_IS_CHECK_VIEW (self));

  if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0 ||
      !gtk_widget_child_focus (self->list_view, GTK_DIR_TAB_FORWARD))
    gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);
}

/* The object */

static void
billet_check_view_dispose (GObject *object)
{
  BilletCheckView *self = BILLET_CHECK_VIEW (object);
  GtkWidget *child;

  cancel_check (self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (billet_check_view_parent_class)->dispose (object);
}

static void
billet_check_view_finalize (GObject *object)
{
  BilletCheckView *self = BILLET_CHECK_VIEW (object);

  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->changed, g_hash_table_unref);
  g_clear_object (&self->store);
  g_clear_pointer (&self->files, g_hash_table_unref);
  g_clear_pointer (&self->ids, g_hash_table_unref);
  g_clear_object (&self->filtered);
  g_free (self->folder);
  g_free (self->root);
  g_free (self->kind);
  G_OBJECT_CLASS (billet_check_view_parent_class)->finalize (object);
}

static void
billet_check_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BilletCheckView *self = BILLET_CHECK_VIEW (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, billet_check_view_get_running (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
billet_check_view_class_init (BilletCheckViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = billet_check_view_dispose;
  object_class->finalize = billet_check_view_finalize;
  object_class->get_property = billet_check_view_get_property;

  /**
   * BilletCheckView:running:
   *
   * A check under way, or about to start.
   */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BilletCheckView::finding-activated:
   * @finding: the finding (borrowed: for the time of the emission)
   * @path: its file's absolute path
   *
   * A row chosen: a click, or Enter.
   */
  signals[FINDING_ACTIVATED] =
    g_signal_new ("finding-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_STRING);
  /**
   * BilletCheckView::fix:
   *
   * A row's Fix button clicked; as #BilletCheckView::finding-activated.
   */
  signals[FIX] =
    g_signal_new ("fix", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_STRING);
  /**
   * BilletCheckView::back:
   *
   * The back button clicked: the author is done with the check.
   */
  signals[BACK] =
    g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "billet-check-view");
}

static void
billet_check_view_init (BilletCheckView *self)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *filters = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");
  GtkWidget *title = gtk_label_new (_("Site Check"));
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkSingleSelection *selection;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  self->pending = g_ptr_array_new_with_free_func (g_object_unref);
  self->changed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->store = g_list_store_new (BILLET_TYPE_FINDING_ITEM);
  /* Keys borrowed from the findings the store holds. */
  self->files = g_hash_table_new (g_str_hash, g_str_equal);
  self->ids = g_hash_table_new (g_str_hash, g_str_equal);
  self->filter = gtk_custom_filter_new (filter_item, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->store)), GTK_FILTER (self->filter));
  self->kinds = gtk_string_list_new (NULL);
  gtk_string_list_append (self->kinds, _("All Kinds"));

  gtk_widget_set_margin_start (header, 6);
  gtk_widget_set_margin_end (header, 6);
  gtk_widget_set_margin_top (header, 6);
  gtk_widget_add_css_class (back, "flat");
  gtk_widget_set_tooltip_text (back, _("Back to the Posts"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (back), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Back to the Posts"), -1);
  g_signal_connect_object (back, "clicked", G_CALLBACK (on_back_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_set_hexpand (title, TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  self->spinner = gtk_spinner_new ();
  gtk_widget_set_visible (self->spinner, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->spinner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Checking the site"), -1);
  gtk_box_append (GTK_BOX (header), back);
  gtk_box_append (GTK_BOX (header), title);
  gtk_box_append (GTK_BOX (header), self->spinner);
  gtk_widget_set_parent (header, GTK_WIDGET (self));

  gtk_widget_set_margin_start (filters, 6);
  gtk_widget_set_margin_end (filters, 6);
  gtk_widget_set_margin_top (filters, 6);
  gtk_widget_set_margin_bottom (filters, 6);
  self->count_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->count_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->count_label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->count_label), 16);
  gtk_widget_set_hexpand (self->count_label, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->count_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Problems found"), -1);
  self->kind_dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->kinds)), NULL);
  gtk_widget_set_tooltip_text (self->kind_dropdown, _("Show one kind of problem"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->kind_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Kind of problem"), -1);
  g_signal_connect_object (self->kind_dropdown, "notify::selected", G_CALLBACK (on_kind_selected_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (filters), self->count_label);
  gtk_box_append (GTK_BOX (filters), self->kind_dropdown);
  gtk_widget_set_parent (filters, GTK_WIDGET (self));
  gtk_widget_set_parent (gtk_separator_new (GTK_ORIENTATION_HORIZONTAL), GTK_WIDGET (self));

  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_row_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_row_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_row_cb), self, 0);
  selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  self->list_view = gtk_list_view_new (GTK_SELECTION_MODEL (selection), factory);
  gtk_list_view_set_single_click_activate (GTK_LIST_VIEW (self->list_view), TRUE);
  gtk_widget_add_css_class (self->list_view, "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Problems"), -1);
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (on_activate_cb), self, 0);
  self->scroller = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (self->scroller, TRUE);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->list_view);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
  update_count (self);
}

GtkWidget *
billet_check_view_new (void)
{
  return g_object_new (BILLET_TYPE_CHECK_VIEW, NULL);
}
