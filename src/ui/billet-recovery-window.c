/* billet-recovery-window.c — drafts left by a crash, offered back at start-up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A draft still in the store when Billet starts is work that was never
 * saved nor discarded: the editor was killed, or the power went. This
 * window lists each one (title, file, when, and whether the file changed
 * since the draft's text was based on it) with three choices: Restore
 * opens the post with the draft's text, unsaved, so that the author saves
 * deliberately; Compare shows the draft against the file on disk as it is
 * now; Discard deletes the draft. Nothing is deleted unless asked.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <glib/gi18n.h>

#include "billet-compare-window.h"
#include "billet-diff.h"
#include "billet-document.h"
#include "billet-error-dialog.h"
#include "billet-recovery-window.h"

struct _BilletRecoveryWindow
{
  AdwWindow          parent_instance;

  GPtrArray         *drafts;
  GtkListBox        *list;
  BilletRestoreFunc  restore;
  gpointer           user_data;
};

G_DEFINE_FINAL_TYPE (BilletRecoveryWindow, billet_recovery_window, ADW_TYPE_WINDOW)

static BilletDraft *
find_draft (BilletRecoveryWindow *self,
            const char           *id,
            guint                *index)
{
  for (guint i = 0; i < self->drafts->len; i++)
    {
      BilletDraft *draft = g_ptr_array_index (self->drafts, i);

      if (g_str_equal (draft->id, id))
        {
          if (index)
            *index = i;
          return draft;
        }
    }
  return NULL;
}

/* What the file looks like now, against what the draft was based on. */
static const char *
describe_file (const BilletDraft *draft)
{
  g_auto(BilletFileStamp) now = { 0 };
  g_autofree char *data = NULL;
  gsize len;

  if (draft->path == NULL)
    return _("Never saved");
  if (!billet_file_stamp_stat (&now, draft->path))
    return draft->stamp.exists ? _("The file is gone from disk") : _("Never saved");
  if (billet_file_stamp_same_stat (&now, &draft->stamp))
    return _("The file is as it was");
  if (!billet_file_read (draft->path, BILLET_FILE_MAX_POST_SIZE, &data, &len, NULL))
    return _("The file can no longer be read");
  billet_file_stamp_set_data (&now, data, len);
  return billet_file_stamp_same_content (&now, &draft->stamp)
    ? _("The file is as it was") : _("The file changed on disk since");
}

static void
remove_row (BilletRecoveryWindow *self,
            const char           *id)
{
  guint index;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "billet-draft-id"), id) == 0)
      {
        gtk_list_box_remove (self->list, row);
        break;
      }
  if (find_draft (self, id, &index))
    g_ptr_array_remove_index (self->drafts, index);
  if (self->drafts->len == 0)
    gtk_window_close (GTK_WINDOW (self));
}

static void
compare (BilletRecoveryWindow *self,
         BilletDraft          *draft)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *disk = NULL;
  g_autofree char *diff = NULL;
  g_autofree char *title = NULL;
  g_autofree char *name = draft->path ? g_path_get_basename (draft->path) : g_strdup (draft->title);
  g_autofree char *disk_label = NULL;
  g_autofree char *draft_label = NULL;
  gsize len;

  if (!billet_draft_store_read (billet_draft_store_get_default_dir (), draft->id, &text, &len, &error))
    {
      billet_error_dialog_present (GTK_WIDGET (self), _("Could Not Read the Draft"), error->message);
      return;
    }
  if (draft->path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (draft->path);
      g_autoptr(GError) disk_error = NULL;

      disk = billet_document_read_file_text (file, &disk_error);
      if (disk == NULL && !g_error_matches (disk_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          billet_error_dialog_present (GTK_WIDGET (self), _("Could Not Compare"), disk_error->message);
          return;
        }
    }
  disk_label = g_strdup_printf (_("%s (on disk)"), name);
  /* Translators: the label of a draft in a comparison; %s is a file name */
  draft_label = g_strdup_printf (_("%s (draft)"), name);
  diff = billet_diff_unified (disk ? disk : "", -1, text, (gssize) len, disk_label, draft_label, 3);
  title = g_strdup_printf (_("Changes to “%s”"), name);
  billet_compare_window_present (GTK_WINDOW (self), title, diff);
}

/**
 * billet_recovery_window_respond:
 * @response: "restore", "compare" or "discard"
 *
 * Does what the draft's button @response does (for tests).
 */
void
billet_recovery_window_respond (BilletRecoveryWindow *self,
                                const char           *draft_id,
                                const char           *response)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup (draft_id);
  BilletDraft *draft;

  g_return_if_fail (BILLET_IS_RECOVERY_WINDOW (self));
  g_return_if_fail (draft_id != NULL && response != NULL);

  if (!(draft = find_draft (self, id, NULL)))
    return;

  if (g_str_equal (response, "restore"))
    {
      if (self->restore (draft, self->user_data))
        remove_row (self, id);
    }
  else if (g_str_equal (response, "compare"))
    compare (self, draft);
  else if (g_str_equal (response, "discard"))
    {
      if (!billet_draft_store_delete (billet_draft_store_get_default_dir (), id, &error))
        billet_error_dialog_present (GTK_WIDGET (self), _("Could Not Discard the Draft"), error->message);
      else
        remove_row (self, id);
    }
}

static void
on_button_clicked_cb (GtkButton            *button,
                      BilletRecoveryWindow *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);

  billet_recovery_window_respond (self, g_object_get_data (G_OBJECT (row), "billet-draft-id"),
                                  g_object_get_data (G_OBJECT (button), "billet-response"));
}

static GtkWidget *
new_row (BilletRecoveryWindow *self,
         const BilletDraft    *draft)
{
  static const struct { const char *label; const char *response; } buttons[] = {
    { N_("_Discard"), "discard" },
    { N_("C_ompare"), "compare" },
    { N_("_Restore"), "restore" },
  };
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (draft->time);
  g_autofree char *when = time ? g_date_time_format (time, "%c") : g_strdup ("");
  g_autofree char *subtitle = NULL;
  const char *title = draft->title && draft->title[0] ? draft->title : _("Untitled");

  /* Translators: a draft's file, when it was written, and the file's state */
  subtitle = g_strdup_printf (_("%s — %s — %s"), draft->path ? draft->path : _("Not saved yet"), when,
                              describe_file (draft));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  g_object_set_data_full (G_OBJECT (row), "billet-draft-id", g_strdup (draft->id), g_free);

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_(buttons[i].label));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      if (g_str_equal (buttons[i].response, "restore"))
        gtk_widget_add_css_class (button, "suggested-action");
      g_object_set_data (G_OBJECT (button), "billet-response", (gpointer) buttons[i].response);
      g_signal_connect (button, "clicked", G_CALLBACK (on_button_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  return row;
}

static void
billet_recovery_window_dispose (GObject *object)
{
  BilletRecoveryWindow *self = (BilletRecoveryWindow *) object;

  g_clear_pointer (&self->drafts, g_ptr_array_unref);

  G_OBJECT_CLASS (billet_recovery_window_parent_class)->dispose (object);
}

static void
billet_recovery_window_class_init (BilletRecoveryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = billet_recovery_window_dispose;
}

static void
billet_recovery_window_init (BilletRecoveryWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *label;

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (_("Recover Unsaved Posts"), NULL));
  gtk_box_append (GTK_BOX (box), header);

  label = gtk_label_new (_("Billet stopped before these changes were saved. Restore a post to "
                           "go on with it — it opens unsaved, so that you save it when you choose — "
                           "compare it with the file on disk, or discard it."));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (page), label);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->list));

  gtk_widget_set_margin_top (page, 18);
  gtk_widget_set_margin_bottom (page, 18);
  gtk_widget_set_margin_start (page, 12);
  gtk_widget_set_margin_end (page, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), page);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (box), scroller);
  adw_window_set_content (ADW_WINDOW (self), box);

  gtk_window_set_title (GTK_WINDOW (self), _("Recover Unsaved Posts"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 420);
}

/**
 * billet_recovery_window_new:
 * @drafts: (transfer none) (element-type BilletDraft): the drafts to offer
 * @restore: (scope notified): opens a draft's post
 */
BilletRecoveryWindow *
billet_recovery_window_new (GtkWindow         *parent,
                            GPtrArray         *drafts,
                            BilletRestoreFunc  restore,
                            gpointer           user_data)
{
  BilletRecoveryWindow *self;

  g_return_val_if_fail (drafts != NULL, NULL);
  g_return_val_if_fail (restore != NULL, NULL);

  self = g_object_new (BILLET_TYPE_RECOVERY_WINDOW, NULL);
  self->drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) billet_draft_free);
  self->restore = restore;
  self->user_data = user_data;
  for (guint i = 0; i < drafts->len; i++)
    {
      BilletDraft *draft = g_ptr_array_index (drafts, i);

      g_ptr_array_add (self->drafts, billet_draft_copy (draft));
      gtk_list_box_append (self->list, new_row (self, draft));
    }
  if (parent != NULL)
    {
      gtk_window_set_transient_for (GTK_WINDOW (self), parent);
      gtk_window_set_modal (GTK_WINDOW (self), TRUE);
      gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
    }
  return self;
}

/**
 * billet_recovery_window_offer:
 *
 * Lists the drafts in the store and, if there are any, shows them.
 *
 * Returns: (transfer none) (nullable): the window, or %NULL when there was
 *   nothing to recover
 */
BilletRecoveryWindow *
billet_recovery_window_offer (GtkWindow         *parent,
                              BilletRestoreFunc  restore,
                              gpointer           user_data)
{
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  BilletRecoveryWindow *self;

  drafts = billet_draft_store_list (billet_draft_store_get_default_dir (), &error);
  if (drafts == NULL)
    {
      g_warning ("Could not look for drafts: %s", error->message);
      return NULL;
    }
  if (drafts->len == 0)
    return NULL;
  self = billet_recovery_window_new (parent, drafts, restore, user_data);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

guint
billet_recovery_window_get_n_drafts (BilletRecoveryWindow *self)
{
  g_return_val_if_fail (BILLET_IS_RECOVERY_WINDOW (self), 0);
  return self->drafts->len;
}
