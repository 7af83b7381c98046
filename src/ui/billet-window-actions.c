/* billet-window-actions.c — the window's actions, and the dialogs around them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Open, save, save as, export, new post, close: what would drop unsaved
 * changes first asks save / discard / cancel (confirm_discard()), and goes
 * on only after a save that succeeded or an explicit discard; saving over a
 * file changed on disk asks first, with Compare; saving a front matter that
 * does not parse asks first; closing with several unsaved posts lists them
 * with check boxes. File choosers are GtkFileChooserNative (GTK 4.8 has no
 * GtkFileDialog).
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gmodule.h>

#include "billet-error-dialog.h"
#include "billet-window-private.h"

static void save_as (BilletWindow *self, Continuation then, gpointer data, GDestroyNotify free_data);

/* Asking before unsaved changes are dropped */

typedef struct
{
  BilletWindow   *self;
  Continuation    then;
  gpointer        data;
  GDestroyNotify  free_data;
} Pending;

static void
pending_free (Pending *pending)
{
  if (pending->free_data && pending->data)
    pending->free_data (pending->data);
  g_object_unref (pending->self);
  g_free (pending);
}

static void
pending_run (Pending *pending)
{
  pending->then (pending->self, pending->data);
}

/* Saving over a file that changed on disk since it was read: only if the
 * author says so. */
static void
on_overwrite_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          BilletWindow     *self)
{
  BilletDocument *document = g_object_get_data (G_OBJECT (dialog), "billet-document");
  g_autoptr(GError) error = NULL;

  if (document != self->document)
    return;
  /* Nothing is written: the author looks, then saves again (and is asked
   * again) or takes the file's version from the bar. */
  if (g_str_equal (response, "compare"))
    {
      billet_compare_window_present_disk_changes (GTK_WINDOW (self), document);
      return;
    }
  if (!g_str_equal (response, "overwrite"))
    return;
  if (!billet_document_save_full (document, NULL, BILLET_DOCUMENT_SAVE_OVERWRITE, &error))
    {
      g_autofree char *name = g_file_get_basename (billet_document_get_file (document));
      g_autofree char *heading = g_strdup_printf (_("Could Not Save “%s”"), name);

      billet_error_dialog_present (GTK_WIDGET (self), heading, error->message);
      return;
    }
  _billet_window_add_recent (billet_document_get_file (document));
  _billet_window_toast (self, _("Saved"));
}

static void
confirm_overwrite (BilletWindow *self)
{
  g_autofree char *name = g_file_get_basename (billet_document_get_file (self->document));
  g_autofree char *heading = g_strdup_printf (_("Overwrite “%s”?"), name);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                              _("The file changed on disk since Billet read it. "
                                                "Saving writes your version over the other one."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "compare", _("C_ompare"),
                                    "overwrite", _("_Overwrite"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "overwrite",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "billet-document", g_object_ref (self->document),
                          g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_overwrite_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
save_document (BilletWindow *self)
{
  g_autoptr(GError) error = NULL;
  GFile *file = billet_document_get_file (self->document);

  if (!billet_document_save (self->document, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG))
        {
          confirm_overwrite (self);
          return FALSE;
        }
    }
  if (error != NULL)
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *heading = g_strdup_printf (_("Could Not Save “%s”"), name);

      billet_error_dialog_present (GTK_WIDGET (self), heading, error->message);
      return FALSE;
    }
  _billet_window_add_recent (file);
  return TRUE;
}

static void
run_then_pending (BilletWindow *self,
                  gpointer      data)
{
  Pending *pending = data;

  pending_run (pending);
}

static void
on_ask_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    Pending          *pending)
{
  BilletWindow *self = pending->self;

  if (g_str_equal (response, "discard"))
    {
      billet_document_discard_draft (self->document);
      pending_run (pending);
    }
  else if (g_str_equal (response, "save"))
    {
      if (billet_document_get_file (self->document) == NULL)
        {
          /* Save As, and only then go on. */
          Pending *again = g_new0 (Pending, 1);

          again->self = g_object_ref (self);
          again->then = pending->then;
          again->data = g_steal_pointer (&pending->data);
          again->free_data = pending->free_data;
          save_as (self, run_then_pending, again, (GDestroyNotify) pending_free);
        }
      else if (save_document (self))
        pending_run (pending);
    }
  /* Not freed here: see _billet_window_confirm_discard(). */
}

void
_billet_window_confirm_discard (BilletWindow   *self,
                 Continuation    then,
                 gpointer        data,
                 GDestroyNotify  free_data)
{
  Pending *pending;
  GtkWidget *dialog;
  g_autofree char *body = NULL;

  if (!billet_document_get_modified (self->document))
    {
      then (self, data);
      if (free_data && data)
        free_data (data);
      return;
    }

  pending = g_new0 (Pending, 1);
  pending->self = g_object_ref (self);
  pending->then = then;
  pending->data = data;
  pending->free_data = free_data;

  body = g_strdup_printf (_("“%s” has changes that are not saved. If you don’t save, they are lost."),
                          billet_document_get_title (self->document));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Changes?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  /* The pending operation, and its reference to the window, go with the
   * dialog rather than at the end of the response: closing the window drops
   * its last other reference, and the dialog, which is transient for it,
   * would then outlive it (GTK does not clear transient-for on finalize). */
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_ask_response_cb), pending,
                         (GClosureNotify) pending_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* File choosers (GtkFileChooserNative: GTK 4.8 has no GtkFileDialog) */


typedef struct
{
  BilletWindow   *self;
  FileChosen      chosen;
  gpointer        data;
  GDestroyNotify  free_data;
  char           *made_folder;   /* created to be proposed: removed if still empty */
} Chooser;

static void
on_chooser_response_cb (GtkNativeDialog *native,
                        int              response,
                        Chooser         *chooser)
{
  gboolean keep_made = FALSE;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      g_autofree char *parent = path ? g_path_get_dirname (path) : NULL;

      /* The work that fills it may run in a thread: it stays. */
      keep_made = g_strcmp0 (parent, chooser->made_folder) == 0;
      if (file != NULL)
        chooser->chosen (chooser->self, file, chooser->data);
    }
  /* Only an empty folder goes: whatever was written into it stays. */
  if (chooser->made_folder != NULL && !keep_made)
    g_rmdir (chooser->made_folder);
  if (chooser->free_data && chooser->data)
    chooser->free_data (chooser->data);
  g_free (chooser->made_folder);
  g_object_unref (chooser->self);
  g_free (chooser);
  g_object_unref (native);
}

/* @folder: (nullable): where the chooser starts; the post's folder if %NULL
 * @made_folder: (nullable): a folder made only to be proposed, removed if
 *   the author leaves it empty */
static void
choose_file_in (BilletWindow         *self,
                GtkFileChooserAction  action,
                const char           *title,
                const char           *accept,
                const char           *suggested_name,
                gboolean              markdown_filter,
                GFile                *folder,
                const char           *made_folder,
                FileChosen            chosen,
                gpointer              data,
                GDestroyNotify        free_data)
{
  GtkFileChooserNative *native = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action,
                                                              accept, _("_Cancel"));
  Chooser *chooser = g_new0 (Chooser, 1);
  GFile *current = billet_document_get_file (self->document);

  chooser->made_folder = g_strdup (made_folder);

  chooser->self = g_object_ref (self);
  chooser->chosen = chosen;
  chooser->data = data;
  chooser->free_data = free_data;

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  if (markdown_filter)
    {
      GtkFileFilter *filter = gtk_file_filter_new ();
      GtkFileFilter *all = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _("Markdown Posts"));
      gtk_file_filter_add_mime_type (filter, "text/markdown");
      gtk_file_filter_add_pattern (filter, "*.md");
      gtk_file_filter_add_pattern (filter, "*.markdown");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
      gtk_file_filter_set_name (all, _("All Files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
      g_object_unref (filter);
      g_object_unref (all);
    }
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
  else if (current != NULL)
    {
      g_autoptr(GFile) parent = g_file_get_parent (current);

      if (parent != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), parent, NULL);
    }
  if (suggested_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), suggested_name);

  g_signal_connect (native, "response", G_CALLBACK (on_chooser_response_cb), chooser);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

void
_billet_window_choose_file (BilletWindow         *self,
             GtkFileChooserAction  action,
             const char           *title,
             const char           *accept,
             const char           *suggested_name,
             gboolean              markdown_filter,
             FileChosen            chosen,
             gpointer              data,
             GDestroyNotify        free_data)
{
  choose_file_in (self, action, title, accept, suggested_name, markdown_filter, NULL, NULL,
                  chosen, data, free_data);
}

/* Actions */

static void
open_chosen (BilletWindow *self,
             GFile        *file,
             gpointer      data)
{
  _billet_window_load_file (self, file);
}

void
_billet_window_open_after_confirm (BilletWindow *self,
                    gpointer      data)
{
  if (data != NULL)
    _billet_window_load_file (self, data);
  else
    _billet_window_choose_file (self, GTK_FILE_CHOOSER_ACTION_OPEN, _("Open a Post"), _("_Open"), NULL, TRUE,
                 open_chosen, NULL, NULL);
}

void
_billet_window_open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _billet_window_confirm_discard (BILLET_WINDOW (widget), _billet_window_open_after_confirm, NULL, NULL);
}

void
_billet_window_open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  GFile *file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  _billet_window_confirm_discard (BILLET_WINDOW (widget), _billet_window_open_after_confirm, file, g_object_unref);
}

static void
new_after_confirm (BilletWindow *self,
                   gpointer      data)
{
  g_autoptr(BilletDocument) document = billet_document_new ();

  _billet_window_set_document (self, document);
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

/* A new post in an open site: a title, then a file named after it in the
 * section of the post on screen (else the largest one), started from the
 * site's archetype. See billet-new-post.c. */

static char *
new_post_section (BilletWindow *self)
{
  GListModel *model = billet_post_list_get_model (self->post_list);
  GFile *file = billet_document_get_file (self->document);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  const char *best = NULL;
  guint best_count = 0;

  if (file != NULL && billet_post_list_contains (self->post_list, file))
    return billet_post_list_dup_section_for (self->post_list, file);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(BilletPostItem) item = g_list_model_get_item (model, i);
      const char *section = billet_post_item_get_section (item);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, section)) + 1;

      g_hash_table_insert (counts, (gpointer) section, GUINT_TO_POINTER (count));
      if (count > best_count)
        {
          best = section;
          best_count = count;
        }
    }
  return g_strdup (best ? best : "");
}

/* Whether the section's posts write dates without a time, as most do. */
static gboolean
section_dates_are_days (BilletWindow *self,
                        const char   *section)
{
  GListModel *model = billet_post_list_get_model (self->post_list);
  guint days = 0, times = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(BilletPostItem) item = g_list_model_get_item (model, i);
      const char *date = billet_post_item_get_summary (item)->date;

      if (date == NULL || !g_str_equal (billet_post_item_get_section (item), section))
        continue;
      if (strlen (date) == 10)
        days++;
      else
        times++;
    }
  return days > times;
}

static void
create_post (BilletWindow *self,
             const char   *title)
{
  BilletSite *site = billet_post_list_get_site (self->post_list);
  const char *folder = billet_post_list_get_folder (self->post_list);
  const char * const *content_dirs = billet_site_get_content_dirs (site);
  g_autofree char *section = new_post_section (self);
  g_autofree char *slug = billet_new_post_slug (title);
  g_autofree char *archetype = billet_new_post_read_archetype (site, section);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *contents = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  const char *base = folder;

  /* Below the content folder when the site's root is open. */
  if (g_str_equal (folder, billet_site_get_root (site)) && content_dirs[0] != NULL &&
      g_file_test (content_dirs[0], G_FILE_TEST_IS_DIR))
    base = content_dirs[0];
  dir = g_build_filename (base, section, NULL);
  path = billet_new_post_unique_path (dir, slug);
  contents = billet_new_post_contents (archetype, title, now, section_dates_are_days (self, section));

  if (g_mkdir_with_parents (dir, 0755) != 0 ||
      !billet_file_write_safely (path, contents, strlen (contents), BILLET_WRITE_NONE, &error))
    {
      g_autofree char *name = g_path_get_basename (path);
      g_autofree char *heading = g_strdup_printf (_("Could Not Create “%s”"), name);

      billet_error_dialog_present (GTK_WIDGET (self), heading, error ? error->message : g_strerror (errno));
      return;
    }
  file = g_file_new_for_path (path);
  billet_post_list_refresh_file (self->post_list, file);
  _billet_window_load_file (self, file);
}

static void
on_new_post_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         BilletWindow     *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_str_equal (response, "create") && *title != '\0')
    create_post (self, title);
}

static void
on_new_post_title_changed_cb (GtkEditable      *entry,
                              AdwMessageDialog *dialog)
{
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autofree char *slug = billet_new_post_slug (title);
  g_autofree char *name = g_strconcat (slug, ".md", NULL);
  GtkLabel *label = g_object_get_data (G_OBJECT (dialog), "file-label");
  g_autofree char *text = g_strdup_printf (_("File: %s"), name);

  gtk_label_set_text (label, *title ? text : "");
  adw_message_dialog_set_response_enabled (dialog, "create", *title != '\0');
}

static void
ask_new_post (BilletWindow *self)
{
  g_autofree char *site = billet_post_list_dup_name (self->post_list);
  g_autofree char *body = g_strdup_printf (_("A new post in “%s”."), site);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("New Post"), body);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Title"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Title"), -1);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), label);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data (G_OBJECT (dialog), "file-label", label);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "create", _("C_reate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "create", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "create");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "create", FALSE);
  g_signal_connect (entry, "changed", G_CALLBACK (on_new_post_title_changed_cb), dialog);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_new_post_response_cb), g_object_ref (self),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

void
_billet_window_new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  BilletWindow *self = BILLET_WINDOW (widget);

  /* In a site, the post on screen stays open beside the new one. */
  if (self->post_list != NULL)
    ask_new_post (self);
  else
    _billet_window_confirm_discard (self, new_after_confirm, NULL, NULL);
}

typedef struct
{
  Continuation   then;
  gpointer       data;
  GDestroyNotify free_data;
} AfterSave;

static void
after_save_free (AfterSave *after)
{
  if (after->free_data && after->data)
    after->free_data (after->data);
  g_free (after);
}

static void
save_as_chosen (BilletWindow *self,
                GFile        *file,
                gpointer      data)
{
  AfterSave *after = data;
  g_autoptr(GError) error = NULL;

  if (!billet_document_save (self->document, file, &error))
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *heading = g_strdup_printf (_("Could Not Save “%s”"), name);

      billet_error_dialog_present (GTK_WIDGET (self), heading, error->message);
      return;
    }
  _billet_window_add_recent (file);
  _billet_window_toast (self, _("Saved"));
  if (after != NULL && after->then != NULL)
    after->then (self, after->data);
}

/* A file name for a post that has none yet: its title, made safe. */
static char *
suggest_name (BilletWindow *self,
              const char   *extension)
{
  GFile *file = billet_document_get_file (self->document);
  g_autofree char *stem = NULL;

  if (file != NULL)
    {
      char *dot;

      stem = g_file_get_basename (file);
      if ((dot = strrchr (stem, '.')) != NULL)
        *dot = 0;
    }
  else
    stem = billet_new_post_slug (billet_document_get_title (self->document));
  return g_strconcat (stem, extension, NULL);
}

static void
save_as (BilletWindow   *self,
         Continuation    then,
         gpointer        data,
         GDestroyNotify  free_data)
{
  AfterSave *after = g_new0 (AfterSave, 1);
  g_autofree char *name = suggest_name (self, ".md");

  after->then = then;
  after->data = data;
  after->free_data = free_data;
  _billet_window_choose_file (self, GTK_FILE_CHOOSER_ACTION_SAVE, _("Save the Post"), _("_Save"), name, TRUE,
               save_as_chosen, after, (GDestroyNotify) after_save_free);
}

static void
save_now (BilletWindow *self)
{
  if (billet_document_get_file (self->document) == NULL)
    save_as (self, NULL, NULL, NULL);
  else if (save_document (self))
    _billet_window_toast (self, _("Saved"));
}

static void
on_save_invalid_response_cb (AdwMessageDialog *dialog,
                             const char       *response,
                             BilletWindow     *self)
{
  BilletDocument *document = g_object_get_data (G_OBJECT (dialog), "billet-document");

  if (g_str_equal (response, "save") && document == self->document)
    save_now (self);
}

/* A front matter that does not parse is saved as written, if the author
 * says so: the site's generator will refuse it as Billet does. TOML is not
 * invalid, only beyond the form. */
void
_billet_window_save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BilletWindow *self = BILLET_WINDOW (widget);
  guint line = 0, column = 0;
  const GError *invalid = billet_document_get_front_matter_error (self->document, &line, &column);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (invalid == NULL ||
      g_error_matches (invalid, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_UNSUPPORTED))
    {
      save_now (self);
      return;
    }
  if (billet_document_get_front_matter_kind (self->document) == BILLET_FRONT_MATTER_TOML)
    /* Translators: the first %u is a line, the second a column, then why */
    body = g_strdup_printf (_("The front matter is not valid TOML (line %u, column %u: %s). "
                              "Save anyway?"), line, column, invalid->message);
  else
    /* Translators: the first %u is a line, the second a column, then why */
    body = g_strdup_printf (_("The front matter is not valid YAML (line %u, column %u: %s). "
                              "Save anyway?"), line, column, invalid->message);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Invalid Front Matter?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "billet-document", g_object_ref (self->document),
                          g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_save_invalid_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_billet_window_save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  save_as (BILLET_WINDOW (widget), NULL, NULL, NULL);
}

typedef struct
{
  BilletPost *post;
  char       *source_path;
  char       *output_path;
  char       *fallback_lang;
  char       *name;          /* the output's, for the messages */
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_pointer (&job->post, billet_post_unref);
  g_free (job->source_path);
  g_free (job->output_path);
  g_free (job->fallback_lang);
  g_free (job->name);
  g_free (job);
}

/* Off the main thread: the site's settings are files, and rendering takes
 * the Markdown parser's lock, which a preview render may hold for seconds
 * on hostile input (cmark-gfm 0.29.0.gfm.6 has quadratic cases). The
 * window never waits for either. */
static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(BilletSite) site = job->source_path ? billet_site_new_for_path (job->source_path, NULL) : NULL;
  BilletRenderOptions options = { .markdown_flags = BILLET_MARKDOWN_DEFAULT };
  g_autofree char *html = NULL;
  GError *error = NULL;
  gsize len = 0;

  /* As `billet export`: the site's language and raw-HTML setting. */
  if (site != NULL && billet_site_get_language (site) != NULL)
    options.fallback_lang = billet_site_get_language (site);
  else
    options.fallback_lang = job->fallback_lang;
  options.markdown_flags = billet_site_get_markdown_flags (site);

  html = billet_render_page (job->post, &options, &len);
  /* Our safe writer, not g_file_replace_contents(), which can leave a
   * partial file behind on a full disk. */
  if (billet_file_write_safely (job->output_path, html, len, BILLET_WRITE_NONE, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  BilletWindow *self = BILLET_WINDOW (object);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *heading = g_strdup_printf (_("Could Not Export to “%s”"), job->name);

      /* The window may have been closed meanwhile: nowhere to say it. */
      if (self->toast_overlay != NULL)
        billet_error_dialog_present (GTK_WIDGET (self), heading, error->message);
      else
        g_warning ("%s: %s", heading, error->message);
      return;
    }

  if (self->toast_overlay != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Exported to “%s”"), job->name);
      g_autofree char *folder = g_path_get_dirname (job->output_path);
      g_autofree char *uri = g_filename_to_uri (job->output_path, NULL, NULL);
      AdwToast *done = adw_toast_new (message);

      /* The next export is proposed where this one went. */
      g_settings_set_string (self->settings, "last-export-folder", folder);
      if (uri != NULL)
        {
          adw_toast_set_button_label (done, _("_Open"));
          adw_toast_set_action_name (done, "win.open-export");
          adw_toast_set_action_target_value (done, g_variant_new_string (uri));
        }
      adw_toast_overlay_add_toast (self->toast_overlay, done);
    }
}

static void
export_chosen (BilletWindow *self,
               GFile        *file,
               gpointer      data)
{
  GFile *source = billet_document_get_file (self->document);
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  job = g_new0 (ExportJob, 1);
  job->name = g_file_get_basename (file);
  job->output_path = g_file_get_path (file);
  if (job->output_path == NULL)
    {
      g_autofree char *heading = g_strdup_printf (_("Could Not Export to “%s”"), job->name);

      export_job_free (job);
      billet_error_dialog_present (GTK_WIDGET (self), heading, _("Billet saves to local files only"));
      return;
    }
  job->post = billet_document_dup_post (self->document);
  job->source_path = source != NULL ? g_file_get_path (source) : NULL;
  /* Here: the locale is the main thread's business. */
  job->fallback_lang = billet_render_dup_interface_language ();

  task = g_task_new (self, NULL, export_done_cb, NULL);
  g_task_set_source_tag (task, export_chosen);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

/* Where an export is proposed: the folder of the last export, else a new
 * "SITE-export" folder beside the post's site (made now, removed if left
 * empty), else the post's own folder. Never the site's content: a page
 * written there would be published as a post's resource, or read as one. */
static GFile *
dup_export_folder (BilletWindow  *self,
                   char         **made)
{
  g_autofree char *last = g_settings_get_string (self->settings, "last-export-folder");
  GFile *file = billet_document_get_file (self->document);
  g_autofree char *path = file ? g_file_get_path (file) : NULL;
  g_autoptr(BilletSite) site = NULL;

  *made = NULL;
  if (last[0] != 0 && g_file_test (last, G_FILE_TEST_IS_DIR))
    return g_file_new_for_path (last);
  if (path != NULL && (site = billet_site_new_for_path (path, NULL)) != NULL &&
      billet_site_get_kind (site) != BILLET_SITE_PLAIN)
    {
      const char *root = billet_site_get_root (site);
      g_autofree char *parent = g_path_get_dirname (root);
      g_autofree char *base = g_path_get_basename (root);
      g_autofree char *name = g_strconcat (base, "-export", NULL);
      g_autofree char *folder = g_build_filename (parent, name, NULL);

      if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
        {
          if (g_mkdir (folder, 0777) != 0)
            return NULL;
          *made = g_strdup (folder);
        }
      return g_file_new_for_path (folder);
    }
  return NULL;
}

void
_billet_window_export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BilletWindow *self = BILLET_WINDOW (widget);
  g_autofree char *name = suggest_name (self, ".html");
  g_autofree char *made = NULL;
  g_autoptr(GFile) folder = dup_export_folder (self, &made);

  choose_file_in (self, GTK_FILE_CHOOSER_ACTION_SAVE, _("Export to HTML"), _("_Export"), name, FALSE,
                  folder, made, export_chosen, NULL, NULL);
}

/* "Open" on the export's _billet_window_toast: the page, in the author's browser. */
void
_billet_window_open_export_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  gtk_show_uri (GTK_WINDOW (widget), g_variant_get_string (parameter, NULL), GDK_CURRENT_TIME);
}

void
_billet_window_close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

void
_billet_window_find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BilletWindow *self = BILLET_WINDOW (widget);
  gboolean set = FALSE;

  /* A divider never placed by hand follows its children's natural sizes:
   * the bar growing would move it. It stays where the author sees it. */
  g_object_get (self->form_paned, "position-set", &set, NULL);
  if (!set && gtk_widget_get_mapped (GTK_WIDGET (self->form_paned)))
    gtk_paned_set_position (self->form_paned, gtk_paned_get_position (self->form_paned));
  billet_search_bar_begin (self->search_bar, g_str_equal (action_name, "win.replace"));
}

/* Markdown shortcuts: the source view's own (billet-source-view.c). */

void
_billet_window_bold_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  billet_source_view_wrap_selection (BILLET_SOURCE_VIEW (BILLET_WINDOW (widget)->source_view), "**", "**");
}

void
_billet_window_italic_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  billet_source_view_wrap_selection (BILLET_SOURCE_VIEW (BILLET_WINDOW (widget)->source_view), "_", "_");
}

void
_billet_window_link_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  billet_source_view_insert_link (BILLET_SOURCE_VIEW (BILLET_WINDOW (widget)->source_view));
}

void
_billet_window_heading_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  billet_source_view_set_heading (BILLET_SOURCE_VIEW (BILLET_WINDOW (widget)->source_view),
                                  g_variant_get_int32 (parameter));
}

/* Closing a window with several unsaved posts: one dialog lists them,
 * each with its folder and a check box, as GNOME Text Editor does: the
 * checked ones are saved, the others closed without their changes. */

/* "~/site/content/posts", for a row's subtitle. */
static char *
dup_folder_for_display (GFile *file)
{
  g_autoptr(GFile) parent = file ? g_file_get_parent (file) : NULL;
  g_autofree char *path = parent ? g_file_get_path (parent) : NULL;
  const char *home = g_get_home_dir ();
  gsize home_len = strlen (home);

  if (path == NULL)
    return NULL;
  if (home_len > 1 && g_str_has_prefix (path, home) && (path[home_len] == '/' || path[home_len] == 0))
    return g_strconcat ("~", path + home_len, NULL);
  return g_filename_display_name (path);
}

static GPtrArray *
dup_checked_documents (AdwMessageDialog *dialog,
                       gboolean          checked)
{
  GPtrArray *rows = g_object_get_data (G_OBJECT (dialog), "checks");
  GPtrArray *documents = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < rows->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (rows, i);

      if (gtk_check_button_get_active (check) == checked)
        g_ptr_array_add (documents, g_object_ref (g_object_get_data (G_OBJECT (check), "document")));
    }
  return documents;
}

static void
on_close_check_toggled_cb (GtkCheckButton   *check,
                           AdwMessageDialog *dialog)
{
  g_autoptr(GPtrArray) checked = dup_checked_documents (dialog, TRUE);

  adw_message_dialog_set_response_enabled (dialog, "save", checked->len > 0);
}

static void
on_close_all_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          BilletWindow     *self)
{
  g_autoptr(GPtrArray) to_save = NULL;
  g_autoptr(GPtrArray) to_drop = NULL;

  if (g_str_equal (response, "discard"))
    {
      to_drop = dup_checked_documents (dialog, TRUE);
      g_ptr_array_extend_and_steal (to_drop, dup_checked_documents (dialog, FALSE));
      for (guint i = 0; i < to_drop->len; i++)
        billet_document_discard_draft (g_ptr_array_index (to_drop, i));
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  if (!g_str_equal (response, "save"))
    return;

  to_save = dup_checked_documents (dialog, TRUE);
  to_drop = dup_checked_documents (dialog, FALSE);
  for (guint i = 0; i < to_save->len; i++)
    {
      BilletDocument *document = g_ptr_array_index (to_save, i);
      GFile *file = billet_document_get_file (document);
      g_autoptr(GError) error = NULL;

      if (file == NULL)
        continue;
      if (!billet_document_save (document, NULL, &error))
        {
          g_autofree char *name = g_file_get_basename (file);
          g_autofree char *heading = g_strdup_printf (_("Could Not Save “%s”"), name);

          _billet_window_switch_document (self, document);
          billet_error_dialog_present (GTK_WIDGET (self), heading, error->message);
          return;
        }
      _billet_window_add_recent (file);
    }
  /* Left unchecked: closed without their changes, their drafts gone. */
  for (guint i = 0; i < to_drop->len; i++)
    {
      BilletDocument *document = g_ptr_array_index (to_drop, i);

      billet_document_discard_draft (document);
      g_ptr_array_remove (self->documents, document);
    }
  /* Untitled posts, if any, each ask where to go: closing asks again; the
   * ones left unchecked are not asked about again. */
  if (to_drop->len > 0 && billet_document_get_modified (self->document) &&
      g_ptr_array_find (to_drop, self->document, NULL))
    {
      g_autoptr(BilletDocument) blank = billet_document_new ();

      _billet_window_set_document (self, blank);
    }
  gtk_window_close (GTK_WINDOW (self));
}

void
_billet_window_confirm_close_all (BilletWindow *self,
                   GPtrArray    *modified)
{
  GtkWidget *dialog;
  GtkWidget *list = gtk_list_box_new ();
  GPtrArray *checks = g_ptr_array_new ();
  g_autofree char *body = NULL;

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u post has changes that are not saved. The checked posts are "
                                       "saved; the others lose their changes.",
                                       "%u posts have changes that are not saved. The checked posts are "
                                       "saved; the others lose their changes.",
                                       modified->len),
                          modified->len);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Changes?"), body);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < modified->len; i++)
    {
      BilletDocument *document = g_ptr_array_index (modified, i);
      GFile *file = billet_document_get_file (document);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *name = file ? g_file_get_basename (file) : NULL;
      g_autofree char *folder = dup_folder_for_display (file);
      g_autofree char *subtitle = NULL;

      if (name == NULL)
        subtitle = g_strdup (_("Not saved yet"));
      else if (folder != NULL)
        /* Translators: a file's name, then the folder it is in */
        subtitle = g_strdup_printf (_("%s in %s"), name, folder);
      else
        subtitle = g_strdup (name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), billet_document_get_title (document));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      billet_document_get_title (document), -1);
      g_object_set_data_full (G_OBJECT (check), "document", g_object_ref (document), g_object_unref);
      g_signal_connect (check, "toggled", G_CALLBACK (on_close_check_toggled_cb), dialog);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      g_ptr_array_add (checks, check);
    }
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard All"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "checks", checks, (GDestroyNotify) g_ptr_array_unref);
  /* As in _billet_window_confirm_discard(): the window's reference goes with the dialog. */
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_close_all_response_cb), g_object_ref (self),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Closing */

void
_billet_window_close_after_confirm (BilletWindow *self,
                     gpointer      data)
{
  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}


