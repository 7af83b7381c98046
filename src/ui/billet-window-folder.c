/* billet-window-folder.c — a folder's posts in the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With a folder open, its posts are in the sidebar (an AdwFlap that folds
 * over the post in a narrow window), the posts opened from it stay open
 * side by side with their unsaved changes, and their rows show what the
 * window shows. Also here: the keyboard's ways around (Ctrl+Shift+F, F6),
 * the recent posts, and drag and drop.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gmodule.h>

#include "billet-document-snapshot.h"
#include "billet-error-dialog.h"
#include "billet-window-private.h"

/* Open documents of a folder */

/* An open post's row shows what its window shows: its unsaved title,
 * date, tags, whichever way they changed (the form, the raw YAML, undo, a
 * repair, a restored draft), a moment after the change. */
#define UNSAVED_ROW_DELAY_MS 300
#define UNSAVED_ROW_SOURCE "billet-window-unsaved-row"

typedef struct
{
  GWeakRef        sidebar;
  BilletDocument *document;   /* unowned: the source goes with the document */
} UnsavedRow;

static void
unsaved_row_free (UnsavedRow *row)
{
  g_weak_ref_clear (&row->sidebar);
  g_free (row);
}

/* The post's bytes are serialised in a worker, from a snapshot: a large
 * post's copy would hold the main thread. Only the newest reaches the row. */
#define UNSAVED_ROW_GENERATION "billet-window-unsaved-generation"

typedef struct
{
  GWeakRef                sidebar;
  GWeakRef                document;
  GFile                  *file;
  guint                   generation;
  BilletDocumentSnapshot *snapshot;
} UnsavedText;

static void
unsaved_text_free (UnsavedText *u)
{
  g_weak_ref_clear (&u->sidebar);
  g_weak_ref_clear (&u->document);
  g_clear_object (&u->file);
  g_clear_pointer (&u->snapshot, billet_document_snapshot_unref);
  g_free (u);
}

static guint
next_unsaved_generation (BilletDocument *document)
{
  guint generation = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (document), UNSAVED_ROW_GENERATION)) + 1;

  g_object_set_data (G_OBJECT (document), UNSAVED_ROW_GENERATION, GUINT_TO_POINTER (generation));
  return generation;
}

static void
serialize_unsaved_thread (GTask        *task,
                          gpointer      source_object,
                          gpointer      task_data,
                          GCancellable *cancellable)
{
  UnsavedText *u = task_data;

  g_task_return_pointer (task, billet_document_snapshot_serialize (u->snapshot), (GDestroyNotify) g_bytes_unref);
}

static void
serialize_unsaved_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  UnsavedText *u = g_task_get_task_data (G_TASK (result));
  g_autoptr(GBytes) text = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autoptr(BilletSidebar) sidebar = g_weak_ref_get (&u->sidebar);
  g_autoptr(BilletDocument) document = g_weak_ref_get (&u->document);
  BilletPostList *list;

  if (sidebar == NULL || document == NULL || text == NULL ||
      GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (document), UNSAVED_ROW_GENERATION)) != u->generation ||
      (list = billet_sidebar_get_post_list (sidebar)) == NULL)
    return;
  billet_post_list_set_unsaved_text (list, u->file, text);
}

static void
push_unsaved_row (BilletSidebar  *sidebar,
                  BilletDocument *document)
{
  BilletPostList *list = billet_sidebar_get_post_list (sidebar);
  GFile *file = billet_document_get_file (document);
  g_autoptr(GTask) task = NULL;
  UnsavedText *u;

  if (list == NULL || file == NULL)
    return;
  if (!billet_document_get_modified (document))
    {
      next_unsaved_generation (document);
      billet_post_list_set_unsaved_text (list, file, NULL);
      return;
    }

  u = g_new0 (UnsavedText, 1);
  g_weak_ref_init (&u->sidebar, sidebar);
  g_weak_ref_init (&u->document, document);
  u->file = g_object_ref (file);
  u->generation = next_unsaved_generation (document);
  u->snapshot = billet_document_dup_snapshot (document);
  task = g_task_new (NULL, NULL, serialize_unsaved_cb, NULL);
  g_task_set_source_tag (task, push_unsaved_row);
  g_task_set_task_data (task, u, (GDestroyNotify) unsaved_text_free);
  g_task_run_in_thread (task, serialize_unsaved_thread);
}

static gboolean
unsaved_row_cb (gpointer data)
{
  UnsavedRow *row = data;
  g_autoptr(BilletSidebar) sidebar = g_weak_ref_get (&row->sidebar);
  BilletDocument *document = row->document;

  /* Forget the source first: setting the data would remove it. */
  g_object_steal_data (G_OBJECT (document), UNSAVED_ROW_SOURCE);
  if (sidebar != NULL)
    push_unsaved_row (sidebar, document);
  return G_SOURCE_REMOVE;
}

static void
remove_source (gpointer id)
{
  g_source_remove (GPOINTER_TO_UINT (id));
}

static void
queue_unsaved_row (BilletDocument *document,
                   BilletSidebar  *sidebar)
{
  UnsavedRow *row;
  guint id;

  if (g_object_get_data (G_OBJECT (document), UNSAVED_ROW_SOURCE) != NULL)
    return;
  row = g_new0 (UnsavedRow, 1);
  g_weak_ref_init (&row->sidebar, sidebar);
  row->document = document;
  id = g_timeout_add_full (G_PRIORITY_DEFAULT, UNSAVED_ROW_DELAY_MS, unsaved_row_cb, row,
                           (GDestroyNotify) unsaved_row_free);
  g_object_set_data_full (G_OBJECT (document), UNSAVED_ROW_SOURCE, GUINT_TO_POINTER (id), remove_source);
}

/* The sidebar's dot follows each open post's unsaved changes. */
static void
on_kept_document_notify_cb (BilletDocument *document,
                            GParamSpec     *pspec,
                            BilletSidebar  *sidebar)
{
  BilletPostList *list = billet_sidebar_get_post_list (sidebar);
  GFile *file = billet_document_get_file (document);
  BilletPostItem *item = list && file ? billet_post_list_lookup (list, file) : NULL;

  if (item != NULL)
    billet_post_item_set_modified (item, billet_document_get_modified (document));
  queue_unsaved_row (document, sidebar);
}

static void
track_document (BilletWindow   *self,
                BilletDocument *document)
{
  if (g_object_get_data (G_OBJECT (document), "billet-window-tracked") != NULL)
    return;
  g_object_set_data (G_OBJECT (document), "billet-window-tracked", GINT_TO_POINTER (TRUE));
  /* Not with the window as data: _billet_window_set_document() disconnects those. */
  g_signal_connect_object (document, "notify::modified", G_CALLBACK (on_kept_document_notify_cb),
                           self->sidebar, 0);
  g_signal_connect_object (document, "notify::file", G_CALLBACK (on_kept_document_notify_cb),
                           self->sidebar, 0);
  g_signal_connect_object (document, "front-matter-changed", G_CALLBACK (queue_unsaved_row),
                           self->sidebar, 0);
  on_kept_document_notify_cb (document, NULL, self->sidebar);
}

BilletDocument *
_billet_window_find_document (BilletWindow *self,
               GFile        *file)
{
  for (guint i = 0; i < self->documents->len; i++)
    {
      BilletDocument *document = g_ptr_array_index (self->documents, i);
      GFile *other = billet_document_get_file (document);

      if (other != NULL && g_file_equal (other, file))
        return document;
    }
  return NULL;
}

/* With a folder open, the post the author leaves stays open, with its
 * changes: only an untitled post nobody typed in is let go. */
static void
keep_document (BilletWindow   *self,
               BilletDocument *document)
{
  if (self->post_list == NULL || document == NULL ||
      g_ptr_array_find (self->documents, document, NULL))
    return;
  if (billet_document_get_file (document) == NULL && !billet_document_get_modified (document))
    return;
  g_ptr_array_add (self->documents, g_object_ref (document));
  track_document (self, document);
}

void
_billet_window_switch_document (BilletWindow   *self,
                 BilletDocument *document)
{
  keep_document (self, self->document);
  keep_document (self, document);
  _billet_window_set_document (self, document);
}

/* The documents with unsaved changes, the active one first. */
GPtrArray *
_billet_window_dup_modified_documents (BilletWindow *self)
{
  GPtrArray *modified = g_ptr_array_new_with_free_func (g_object_unref);

  if (billet_document_get_modified (self->document))
    g_ptr_array_add (modified, g_object_ref (self->document));
  for (guint i = 0; i < self->documents->len; i++)
    {
      BilletDocument *document = g_ptr_array_index (self->documents, i);

      if (document != self->document && billet_document_get_modified (document))
        g_ptr_array_add (modified, g_object_ref (document));
    }
  return modified;
}

static void offer_site (BilletWindow *self, GFile *file);

/* Gives up the post on its way in, if any: its worker's result is dropped,
 * its text stops going in, and the window shows what it showed. */
void
_billet_window_cancel_load (BilletWindow *self)
{
  g_queue_clear_full (&self->load_queue, g_object_unref);
  if (self->loading_document == NULL)
    return;
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_signal_handlers_disconnect_by_data (self->loading_document, self);
  g_clear_object (&self->loading_document);
  g_clear_object (&self->loading_file);
  _billet_window_update_loading (self);
}

static void start_load (BilletWindow *self, GFile *file);

/* The next of the posts dropped together, if any. */
static void
load_next (BilletWindow *self)
{
  GFile *next;

  while ((next = g_queue_pop_head (&self->load_queue)) != NULL)
    {
      BilletDocument *open = _billet_window_find_document (self, next);

      if (open == NULL)
        {
          start_load (self, next);
          g_object_unref (next);
          return;
        }
      _billet_window_switch_document (self, open);
      g_object_unref (next);
    }
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  BilletDocument *document = BILLET_DOCUMENT (object);
  g_autoptr(BilletWindow) self = _billet_window_weak_take (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  gboolean loaded = billet_document_load_finish (document, result, &error);

  /* Given up: the window closed, or another post was chosen. */
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      document != self->loading_document)
    return;

  file = g_object_ref (self->loading_file);
  g_signal_handlers_disconnect_by_data (document, self);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->loading_file);
  /* Ours until shown, then the window's. */
  document = self->loading_document;
  self->loading_document = NULL;

  if (!loaded)
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *heading = g_strdup_printf (_("Could Not Open “%s”"), name);

      g_object_unref (document);
      _billet_window_update_loading (self);
      /* No empty "Untitled" post left behind. */
      if (billet_window_is_empty (self))
        _billet_window_show_empty_page (self);
      if (self->post_list != NULL)
        {
          GFile *shown = billet_document_get_file (self->document);

          billet_sidebar_select (self->sidebar, shown ? billet_post_list_lookup (self->post_list, shown) : NULL);
        }
      billet_error_dialog_present (GTK_WIDGET (self), heading, error->message);
      load_next (self);
      return;
    }

  /* What followed a load always follows it, in the same order: the
   * document shown (its bars, form, preview and sidebar row), the recent
   * posts, the offer of its site. */
  if (self->post_list != NULL)
    _billet_window_switch_document (self, document);
  else
    _billet_window_set_document (self, document);
  _billet_window_update_loading (self);
  /* Said as it shows, and in the status line while it is (a post
   * highlighted lightly is said in the status line only). */
  if (billet_document_get_large (document))
    _billet_window_toast (self, _billet_window_get_no_highlighting_note ());
  g_object_unref (document);
  _billet_window_add_recent (file);
  offer_site (self, file);
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
  /* Opened from the site's check: the cursor on its finding. */
  _billet_window_goto_finding (self);
  load_next (self);
}

static void
start_load (BilletWindow *self,
            GFile        *file)
{
  self->loading_document = billet_document_new ();
  self->loading_file = g_object_ref (file);
  self->load_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->loading_document, "notify::loading-progress",
                           G_CALLBACK (_billet_window_on_loading_progress_cb), self, G_CONNECT_SWAPPED);
  billet_document_load_async (self->loading_document, file, self->load_cancellable, load_done_cb,
                              _billet_window_weak_new (self));
  _billet_window_update_loading (self);
}

/* Opens @file: the document that has it open already, with a folder open;
 * else a new one, read in the background (see billet-window.c), in place
 * of any other post on its way. */
void
_billet_window_load_file (BilletWindow *self,
                          GFile        *file)
{
  BilletDocument *open;

  if (self->post_list != NULL && (open = _billet_window_find_document (self, file)) != NULL)
    {
      _billet_window_cancel_load (self);
      _billet_window_switch_document (self, open);
      gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
      return;
    }
  /* On its way already. */
  if (self->loading_file != NULL && g_file_equal (self->loading_file, file))
    return;

  _billet_window_cancel_load (self);
  start_load (self, file);
}

/* Opens @file after the posts on their way: posts dropped together all
 * open, one after the other, the last one shown. */
void
_billet_window_queue_load (BilletWindow *self,
                           GFile        *file)
{
  if (self->loading_document == NULL)
    _billet_window_load_file (self, file);
  else
    g_queue_push_tail (&self->load_queue, g_object_ref (file));
}

/* Recent files */

static void
update_recent_menu (BilletWindow *self)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  GList *items = gtk_recent_manager_get_items (manager);
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = 0;

  g_menu_remove_all (self->recent_section);
  for (GList *l = items; l != NULL && shown->len < 10; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);
      const char *name = gtk_recent_info_get_display_name (info);

      if (!gtk_recent_info_has_application (info, g_get_application_name ()) ||
          !billet_index_is_post_name (uri) ||
          !gtk_recent_info_exists (info))
        continue;
      g_ptr_array_add (shown, info);
      g_hash_table_insert (names, (gpointer) name,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (names, name)) + 1));
    }
  /* index.md twice (two bundles): each with its folder, "garden/index.md". */
  for (guint i = 0; i < shown->len; i++, n++)
    {
      GtkRecentInfo *info = g_ptr_array_index (shown, i);
      const char *uri = gtk_recent_info_get_uri (info);
      const char *name = gtk_recent_info_get_display_name (info);
      g_autoptr(GMenuItem) item = NULL;
      g_autofree char *label = NULL;

      if (GPOINTER_TO_UINT (g_hash_table_lookup (names, name)) > 1)
        {
          g_autoptr(GFile) file = g_file_new_for_uri (uri);
          g_autoptr(GFile) parent = g_file_get_parent (file);
          g_autofree char *folder = parent ? g_file_get_basename (parent) : NULL;

          label = folder ? g_strdup_printf ("%s/%s", folder, name) : g_strdup (name);
        }
      else
        label = g_strdup (name);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s", uri);
      g_menu_append_item (self->recent_section, item);
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);

  if (n == 0)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("No Recent Posts"), "win.no-recent");

      g_menu_append_item (self->recent_section, item);
    }
}

gboolean
_billet_window_watch_recent_cb (gpointer user_data)
{
  BilletWindow *self = user_data;

  self->recent_source = 0;
  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (update_recent_menu), self, G_CONNECT_SWAPPED);
  update_recent_menu (self);
  return G_SOURCE_REMOVE;
}

/* Drag and drop */


gboolean
_billet_window_on_drop_cb (GtkDropTarget *target,
            const GValue  *value,
            double         x,
            double         y,
            BilletWindow  *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = g_value_get_boxed (value);
  if (files == NULL)
    return FALSE;

  /* A folder opens as a site; posts open as from the Open dialog: with a
   * folder open, every dropped post opens beside the others. */
  if (g_file_query_file_type (files->data, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
    return _billet_window_open_folder (self, files->data);
  if (self->post_list == NULL)
    {
      billet_window_open_file (self, files->data);
      return TRUE;
    }
  for (GSList *l = files; l != NULL; l = l->next)
    if (g_file_query_file_type (l->data, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_DIRECTORY)
      _billet_window_queue_load (self, l->data);
  return TRUE;
}

/* Folders */

/* The form completes tags and authors from the values the folder's posts
 * use, with their counts. */
static gboolean
update_suggestions_cb (gpointer data)
{
  BilletWindow *self = data;
  static const char * const keys[][2] = { { "tags", "tags" }, { "authors", "author" } };

  self->suggestions_source = 0;
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree guint *counts = NULL;
      g_auto(GStrv) values = NULL;

      if (self->post_list != NULL)
        values = billet_post_list_dup_values (self->post_list, keys[i][0], &counts);
      billet_post_form_set_suggestions (self->form, keys[i][1], (const char * const *) values, counts);
    }
  return G_SOURCE_REMOVE;
}

static void
queue_suggestions (BilletWindow *self)
{
  if (self->suggestions_source == 0)
    self->suggestions_source = g_timeout_add (300, update_suggestions_cb, self);
}

static void
on_post_list_loaded_cb (BilletWindow *self)
{
  GFile *file = billet_document_get_file (self->document);

  queue_suggestions (self);
  /* The open post's row, now that it is there. */
  if (file != NULL)
    billet_sidebar_select (self->sidebar, billet_post_list_lookup (self->post_list, file));
  _billet_window_update_translations (self);
  for (guint i = 0; i < self->documents->len; i++)
    on_kept_document_notify_cb (g_ptr_array_index (self->documents, i), NULL, self->sidebar);
}

/* Keyboard first: typing never goes into something the author cannot see.
 * A sidebar opened over the post (a narrow window) takes the focus in its
 * search; a sidebar closed with the focus in it gives it back to the post. */
void
_billet_window_set_show_sidebar (BilletWindow *self,
                  gboolean      show)
{
  show = !!show && (self->post_list != NULL || self->folder_cancellable != NULL);
  /* The flap may have folded or unfolded on its own since (its width
   * changes it): what counts is whether it shows now. */
  if (self->show_sidebar == show && adw_flap_get_reveal_flap (self->flap) == show)
    return;
  self->show_sidebar = show;
  if (adw_flap_get_reveal_flap (self->flap) != show)
    adw_flap_set_reveal_flap (self->flap, show);
  if (show && adw_flap_get_folded (self->flap) && _billet_window_showing_check (self))
    billet_check_view_focus (self->check_view);
  else if (show && adw_flap_get_folded (self->flap))
    billet_sidebar_focus_search (self->sidebar);
  else if (!show && _billet_window_has_focus_within (self, GTK_WIDGET (self->sidebar_stack)))
    gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
  g_object_notify (G_OBJECT (self), "show-sidebar");
}

/* Ctrl+Shift+F: "find a post", whatever the sidebar's mode. */
void
_billet_window_find_post_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  BilletWindow *self = BILLET_WINDOW (widget);

  if (self->post_list == NULL)
    return;
  _billet_window_set_show_sidebar (self, TRUE);
  billet_sidebar_focus_search (self->sidebar);
}

/* Escape in "find a post": back to the post; a sidebar over it folds away. */
void
_billet_window_on_sidebar_done_cb (BilletWindow *self)
{
  if (adw_flap_get_folded (self->flap))
    _billet_window_set_show_sidebar (self, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

/* F6 and Shift+F6 go from pane to pane, as in other GNOME applications:
 * the posts' search, the form's first field, the Markdown source. */
void
_billet_window_cycle_panes_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BilletWindow *self = BILLET_WINDOW (widget);
  gboolean back = g_str_equal (action_name, "win.previous-pane");
  GtkWidget *panes[3] = { NULL, NULL, NULL };
  guint n = 0, current = G_MAXUINT;

  if (self->show_sidebar)
    panes[n++] = GTK_WIDGET (self->sidebar_stack);
  if (gtk_widget_get_visible (GTK_WIDGET (self->form_scroller)))
    panes[n++] = GTK_WIDGET (self->form);
  panes[n++] = GTK_WIDGET (self->source_view);

  for (guint i = 0; i < n; i++)
    if (_billet_window_has_focus_within (self, panes[i]))
      current = i;
  if (current == G_MAXUINT)
    current = back ? 0 : n - 1;
  current = (current + (back ? n - 1 : 1)) % n;

  if (panes[current] == GTK_WIDGET (self->sidebar_stack) && _billet_window_showing_check (self))
    billet_check_view_focus (self->check_view);
  else if (panes[current] == GTK_WIDGET (self->sidebar_stack))
    billet_sidebar_focus_search (self->sidebar);
  else if (panes[current] == GTK_WIDGET (self->form))
    {
      if (!billet_post_form_focus_first_field (self->form))
        gtk_widget_child_focus (GTK_WIDGET (self->form), GTK_DIR_TAB_FORWARD);
    }
  else
    gtk_widget_grab_focus (panes[current]);
}

void
_billet_window_on_flap_reveal_cb (BilletWindow *self)
{
  /* The flap folds away on its own in a narrow window. */
  _billet_window_set_show_sidebar (self, adw_flap_get_reveal_flap (self->flap));
}

static void
folder_opened_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  BilletPostList *list = BILLET_POST_LIST (object);
  g_autoptr(BilletWindow) self = _billet_window_weak_take (user_data);
  g_autoptr(GError) error = NULL;
  GFile *folder = g_object_get_data (G_OBJECT (list), "billet-window-folder");

  if (!billet_post_list_open_finish (list, result, &error))
    {
      g_autofree char *name = NULL;
      g_autofree char *heading = NULL;

      if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_object (&self->folder_cancellable);
      /* No folder after all: no sidebar either. */
      if (self->post_list == NULL)
        {
          _billet_window_set_show_sidebar (self, FALSE);
          gtk_widget_set_visible (GTK_WIDGET (self->sidebar), FALSE);
          gtk_widget_set_visible (self->sidebar_toggle, FALSE);
          gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-sidebar", FALSE);
        }
      _billet_window_update_loading (self);
      name = g_file_get_basename (folder);
      heading = g_strdup_printf (_("Could Not Open “%s”"), name);
      billet_error_dialog_present (GTK_WIDGET (self), heading, error->message);
      return;
    }
  if (self == NULL || g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  g_clear_object (&self->folder_cancellable);

  if (self->post_list != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->post_list, self);
      g_signal_handlers_disconnect_by_data (billet_post_list_get_model (self->post_list), self);
    }
  g_set_object (&self->post_list, list);
  g_signal_connect_object (list, "loaded", G_CALLBACK (on_post_list_loaded_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (billet_post_list_get_model (list), "items-changed",
                           G_CALLBACK (queue_suggestions), self, G_CONNECT_SWAPPED);
  queue_suggestions (self);
  billet_sidebar_set_post_list (self->sidebar, list);
  _billet_window_check_folder_changed (self);
  _billet_window_check_follow (self);
  /* The post open before stays open beside the folder's. */
  keep_document (self, self->document);
  track_document (self, self->document);

  gtk_widget_set_visible (GTK_WIDGET (self->sidebar), TRUE);
  gtk_widget_set_visible (self->sidebar_toggle, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-sidebar", TRUE);
  _billet_window_set_show_sidebar (self, TRUE);
  if (billet_window_is_empty (self))
    _billet_window_show_empty_page (self);
  /* Ready: what waits for the window (the recovery offer) may come. */
  _billet_window_update_loading (self);
}

/* Lists @folder's posts in the sidebar. Its site's configuration is read
 * in a worker; the list then fills in the background (billet-post-list.c).
 * Returns: whether it could start (a local folder) */
gboolean
_billet_window_open_folder (BilletWindow *self,
                            GFile        *folder)
{
  g_autofree char *path = g_file_get_path (folder);
  g_autoptr(BilletPostList) list = NULL;

  if (path == NULL)
    {
      g_autofree char *name = g_file_get_basename (folder);
      g_autofree char *heading = g_strdup_printf (_("Could Not Open “%s”"), name);

      billet_error_dialog_present (GTK_WIDGET (self), heading, _("Not a local folder"));
      return FALSE;
    }
  /* The last folder asked for is the one opened. */
  _billet_window_check_folder_changed (self);
  g_cancellable_cancel (self->folder_cancellable);
  g_clear_object (&self->folder_cancellable);
  self->folder_cancellable = g_cancellable_new ();
  list = billet_post_list_new ();
  g_object_set_data_full (G_OBJECT (list), "billet-window-folder", g_object_ref (folder), g_object_unref);
  billet_post_list_open_async (list, path, self->folder_cancellable, folder_opened_cb, _billet_window_weak_new (self));
  /* The sidebar at once, as before the worker: at start-up it is there
   * from the window's first frame, and its list fills once the folder is
   * read. */
  gtk_widget_set_visible (GTK_WIDGET (self->sidebar), TRUE);
  gtk_widget_set_visible (self->sidebar_toggle, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-sidebar", TRUE);
  _billet_window_set_show_sidebar (self, TRUE);
  _billet_window_update_loading (self);
  return TRUE;
}

static void
open_folder_chosen (BilletWindow *self,
                    GFile        *file,
                    gpointer      data)
{
  _billet_window_open_folder (self, file);
}

void
_billet_window_open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  _billet_window_choose_file (BILLET_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("Open a Folder"),
               _("_Open"), NULL, FALSE, open_folder_chosen, NULL, NULL);
}

void
_billet_window_open_site_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_autoptr(GFile) folder = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  _billet_window_open_folder (BILLET_WINDOW (widget), folder);
}

/* A post opened on its own that belongs to a site: offer the whole site.
 * Finding the site reads its configuration: in a worker. */
static void
find_site_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  g_autofree char *path = g_file_get_path (task_data);
  BilletSite *site = billet_site_new_for_path (path, NULL);

  if (site != NULL && billet_site_get_kind (site) == BILLET_SITE_PLAIN)
    g_clear_pointer (&site, billet_site_unref);
  g_task_return_pointer (task, site, (GDestroyNotify) billet_site_unref);
}

static void
site_found_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(BilletWindow) self = _billet_window_weak_take (user_data);
  g_autoptr(BilletSite) site = g_task_propagate_pointer (G_TASK (result), NULL);
  GFile *file = g_task_get_task_data (G_TASK (result));
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  AdwToast *offer;

  if (self == NULL || site == NULL || self->toast_overlay == NULL)
    return;
  /* The site was opened meanwhile. */
  if (self->post_list != NULL && billet_post_list_contains (self->post_list, file))
    return;
  name = billet_site_get_title (site) && *billet_site_get_title (site)
    ? g_strdup (billet_site_get_title (site)) : g_path_get_basename (billet_site_get_root (site));
  title = g_strdup_printf (_("This post is part of the site “%s”"), name);
  offer = adw_toast_new (title);
  adw_toast_set_button_label (offer, _("Open _Site"));
  adw_toast_set_action_name (offer, "win.open-site");
  adw_toast_set_action_target_value (offer, g_variant_new_string (billet_site_get_root (site)));
  adw_toast_set_timeout (offer, 10);
  adw_toast_overlay_add_toast (self->toast_overlay, offer);
}

static void
offer_site (BilletWindow *self,
            GFile        *file)
{
  g_autoptr(GTask) task = NULL;

  if (!g_file_is_native (file) || (self->post_list != NULL && billet_post_list_contains (self->post_list, file)))
    return;
  task = g_task_new (NULL, NULL, site_found_cb, _billet_window_weak_new (self));
  g_task_set_source_tag (task, offer_site);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, find_site_thread);
}

void
_billet_window_on_sidebar_post_activated_cb (BilletWindow   *self,
                              BilletPostItem *item)
{
  /* A sidebar over the post folds away: the post takes the keys now. */
  _billet_window_load_file (self, billet_post_item_get_file (item));
  if (adw_flap_get_folded (self->flap))
    _billet_window_set_show_sidebar (self, FALSE);
}

/* The form hidden with the focus in it: the focus goes to the source. */
void
_billet_window_on_form_visible_cb (BilletWindow *self)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self->form_scroller)) &&
      _billet_window_has_focus_within (self, GTK_WIDGET (self->form_scroller)))
    gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

/* Translations: in a multilingual site, the primary menu offers the shown
 * post in its other languages (the posts that share its translation key:
 * post.fr.md for post.md, content/fr/… for content/en/…, or Hugo's
 * translationKey). */
void
_billet_window_update_translations (BilletWindow *self)
{
  GFile *file = self->document != NULL ? billet_document_get_file (self->document) : NULL;
  BilletPostItem *shown = NULL;
  const BilletPostSummary *summary;
  GListModel *model;
  guint n;

  g_menu_remove_all (self->translations_section);
  if (self->post_list == NULL || file == NULL ||
      (shown = billet_post_list_lookup (self->post_list, file)) == NULL)
    return;
  summary = billet_post_item_get_summary (shown);
  if (summary->translation_key == NULL)
    return;

  model = billet_post_list_get_model (self->post_list);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BilletPostItem) item = g_list_model_get_item (model, i);
      const BilletPostSummary *other = billet_post_item_get_summary (item);
      g_autofree char *uri = NULL;
      g_autofree char *label = NULL;
      g_autoptr(GMenuItem) menu_item = NULL;

      if (item == shown || g_strcmp0 (other->translation_key, summary->translation_key) != 0)
        continue;
      uri = g_file_get_uri (billet_post_item_get_file (item));
      /* Translators: a menu item; %s are a post's title and its language ("fr") */
      label = g_strdup_printf (_("Translation: %s (%s)"), other->title,
                               other->lang != NULL ? other->lang : "?");
      menu_item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (menu_item, "win.open-translation", "s", uri);
      g_menu_append_item (self->translations_section, menu_item);
    }
}

void
_billet_window_open_translation_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  BilletWindow *self = BILLET_WINDOW (widget);
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));
  BilletPostItem *item = self->post_list != NULL ? billet_post_list_lookup (self->post_list, file) : NULL;

  /* As from the sidebar: beside the posts already open */
  if (item != NULL)
    _billet_window_on_sidebar_post_activated_cb (self, item);
}
