/* billet-image-picker.c — choosing one of the site's images, for a front-matter field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A popover listing the images a post can link (the core's
 * billet_image_place_list(): beside a bundle's page, the static folder…),
 * each with a thumbnail and its link as the site expects it, filtered as
 * the author types. The folders are walked, and the thumbnails loaded
 * (scaled down, a few at a time), in workers: a site of thousands of
 * images never holds up the window. Choosing one emits "picked" with its
 * link; the field writes it.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "billet-image-picker.h"
#include "billet-image-place.h"
#include "billet-site.h"

/* At most this many are listed; a search narrows them. */
#define MAX_IMAGES       2000
#define THUMBNAIL_SIZE   48
#define THUMBNAILS_AT_ONCE 4

struct _BilletImagePicker
{
  GtkPopover      parent_instance;

  char           *post_path;
  GtkSearchEntry *search;
  GtkListBox     *list;
  GtkLabel       *status;
  GCancellable   *cancellable;
  GPtrArray      *pictures;    /* GtkPicture of each row, to load */
  GPtrArray      *paths;       /* the image of each */
  guint           next_thumbnail;
  guint           thumbnails_running;
  gboolean        loading;
  gboolean        loaded;
};

G_DEFINE_FINAL_TYPE (BilletImagePicker, billet_image_picker, GTK_TYPE_POPOVER)

enum
{
  PICKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Thumbnails */

static void
thumbnail_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file_at_scale (task_data, THUMBNAIL_SIZE,
                                                                   THUMBNAIL_SIZE, TRUE, &error);

  if (pixbuf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, gdk_texture_new_for_pixbuf (pixbuf), g_object_unref);
}

static void load_thumbnails (BilletImagePicker *self);

/* The task holds the picker; its rows, and so @data (a row's picture),
 * live as long as the task is not cancelled: the rows are only dropped
 * after cancelling. */
static void
thumbnail_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      data)
{
  BilletImagePicker *self = BILLET_IMAGE_PICKER (object);
  g_autoptr(GdkTexture) texture = g_task_propagate_pointer (G_TASK (result), NULL);

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  if (texture != NULL)
    gtk_picture_set_paintable (GTK_PICTURE (data), GDK_PAINTABLE (texture));
  self->thumbnails_running--;
  load_thumbnails (self);
}

/* Only while it shows: a picker closed (or let go by its row) stops, and
 * goes on where it was when it shows again. */
static void
load_thumbnails (BilletImagePicker *self)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    return;
  while (self->thumbnails_running < THUMBNAILS_AT_ONCE && self->next_thumbnail < self->pictures->len)
    {
      g_autoptr(GTask) task = NULL;
      guint i = self->next_thumbnail++;

      task = g_task_new (self, self->cancellable, thumbnail_done_cb, g_ptr_array_index (self->pictures, i));
      g_task_set_source_tag (task, load_thumbnails);
      g_task_set_task_data (task, g_strdup (g_ptr_array_index (self->paths, i)), g_free);
      self->thumbnails_running++;
      g_task_run_in_thread (task, thumbnail_thread);
    }
}

/* The list */

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *post_path = task_data;
  g_autoptr(BilletSite) site = billet_site_new_for_path (post_path, NULL);

  g_task_return_pointer (task, billet_image_place_list (site, post_path, MAX_IMAGES),
                         (GDestroyNotify) g_ptr_array_unref);
}

static GtkWidget *
create_row (BilletImageChoice *choice,
            GtkWidget        **picture)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (choice->link);

  *picture = gtk_picture_new ();
  gtk_picture_set_content_fit (GTK_PICTURE (*picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_picture_set_can_shrink (GTK_PICTURE (*picture), TRUE);
  gtk_widget_set_size_request (*picture, THUMBNAIL_SIZE, THUMBNAIL_SIZE);
  gtk_widget_add_css_class (*picture, "billet-picker-thumbnail");
  gtk_box_append (GTK_BOX (box), *picture);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, choice->link);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, choice->link, -1);
  g_object_set_data_full (G_OBJECT (row), "billet-link", g_strdup (choice->link), g_free);
  return row;
}

static void
list_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  BilletImagePicker *self = BILLET_IMAGE_PICKER (object);
  g_autoptr(GPtrArray) choices = g_task_propagate_pointer (G_TASK (result), NULL);

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  self->loading = FALSE;
  self->loaded = TRUE;
  for (guint i = 0; choices != NULL && i < choices->len; i++)
    {
      BilletImageChoice *choice = g_ptr_array_index (choices, i);
      GtkWidget *picture;

      gtk_list_box_append (self->list, create_row (choice, &picture));
      g_ptr_array_add (self->pictures, picture);
      g_ptr_array_add (self->paths, g_strdup (choice->path));
    }
  if (choices == NULL || choices->len == 0)
    gtk_label_set_label (self->status, _("No images in this site yet: paste or drop one on the field"));
  gtk_widget_set_visible (GTK_WIDGET (self->status), choices == NULL || choices->len == 0);
  load_thumbnails (self);
}

static void
load_list (BilletImagePicker *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->loading || self->loaded)
    return;
  self->loading = TRUE;
  gtk_label_set_label (self->status, _("Looking for the site’s images…"));
  gtk_widget_set_visible (GTK_WIDGET (self->status), TRUE);
  task = g_task_new (self, self->cancellable, list_done_cb, NULL);
  g_task_set_source_tag (task, load_list);
  g_task_set_task_data (task, g_strdup (self->post_path), g_free);
  g_task_run_in_thread (task, list_thread);
}

/* Search */

static gboolean
filter_row (GtkListBoxRow *row,
            gpointer       data)
{
  BilletImagePicker *self = data;
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->search));
  g_autofree char *needle = NULL;
  g_autofree char *link = NULL;

  if (typed[0] == '\0')
    return TRUE;
  needle = g_utf8_casefold (typed, -1);
  link = g_utf8_casefold (g_object_get_data (G_OBJECT (row), "billet-link"), -1);
  return strstr (link, needle) != NULL;
}

static void
on_search_changed_cb (BilletImagePicker *self)
{
  gtk_list_box_invalidate_filter (self->list);
}

static void
on_row_activated_cb (BilletImagePicker *self,
                     GtkListBoxRow     *row)
{
  g_autofree char *link = g_strdup (g_object_get_data (G_OBJECT (row), "billet-link"));

  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[PICKED], 0, link);
}

/* Enter in the search: the first image it leaves. */
static void
on_search_activate_cb (BilletImagePicker *self)
{
  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list, i);

      if (row == NULL)
        return;
      if (gtk_widget_get_child_visible (GTK_WIDGET (row)))
        {
          on_row_activated_cb (self, row);
          return;
        }
    }
}

static void
on_show_cb (BilletImagePicker *self)
{
  load_list (self);
  if (self->loaded)
    load_thumbnails (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search));
}

static void
billet_image_picker_dispose (GObject *object)
{
  BilletImagePicker *self = BILLET_IMAGE_PICKER (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (billet_image_picker_parent_class)->dispose (object);
}

static void
billet_image_picker_finalize (GObject *object)
{
  BilletImagePicker *self = BILLET_IMAGE_PICKER (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pictures, g_ptr_array_unref);
  g_clear_pointer (&self->paths, g_ptr_array_unref);
  g_free (self->post_path);
  G_OBJECT_CLASS (billet_image_picker_parent_class)->finalize (object);
}

static void
billet_image_picker_class_init (BilletImagePickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = billet_image_picker_dispose;
  object_class->finalize = billet_image_picker_finalize;

  /**
   * BilletImagePicker::picked:
   * @link: the image's link, as the post writes it
   *
   * Fires when the author chooses an image; the popover is closed.
   */
  signals[PICKED] = g_signal_new ("picked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
billet_image_picker_init (BilletImagePicker *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();

  self->cancellable = g_cancellable_new ();
  self->pictures = g_ptr_array_new ();
  self->paths = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_add_css_class (GTK_WIDGET (self), "billet-image-picker");

  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_search_entry_set_key_capture_widget (self->search, GTK_WIDGET (self));
  g_object_set (self->search, "placeholder-text", _("Search the site’s images"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search the site’s images"), -1);
  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (on_search_changed_cb), self);
  g_signal_connect_swapped (self->search, "activate", G_CALLBACK (on_search_activate_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->search));

  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->status, TRUE);
  gtk_label_set_max_width_chars (self->status, 36);
  gtk_widget_add_css_class (GTK_WIDGET (self->status), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_list_box_set_activate_on_single_click (self->list, TRUE);
  gtk_list_box_set_filter_func (self->list, filter_row, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The site’s images"), -1);
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (on_row_activated_cb), self);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 360);
  gtk_widget_set_size_request (scroller, 320, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));
  gtk_box_append (GTK_BOX (box), scroller);

  gtk_popover_set_child (GTK_POPOVER (self), box);
  g_signal_connect (self, "show", G_CALLBACK (on_show_cb), NULL);
}

/**
 * billet_image_picker_new:
 * @post_path: the saved post the image is for
 *
 * Returns: (transfer floating): a picker of the images @post_path can link;
 *   it looks for them the first time it shows
 */
GtkWidget *
billet_image_picker_new (const char *post_path)
{
  BilletImagePicker *self;

  g_return_val_if_fail (post_path != NULL, NULL);

  self = g_object_new (BILLET_TYPE_IMAGE_PICKER, NULL);
  self->post_path = g_strdup (post_path);
  return GTK_WIDGET (self);
}

const char *
billet_image_picker_get_post_path (BilletImagePicker *self)
{
  g_return_val_if_fail (BILLET_IS_IMAGE_PICKER (self), NULL);
  return self->post_path;
}

/**
 * billet_image_picker_get_loading:
 *
 * Returns: whether it is still looking for the images
 */
gboolean
billet_image_picker_get_loading (BilletImagePicker *self)
{
  g_return_val_if_fail (BILLET_IS_IMAGE_PICKER (self), FALSE);
  return self->loading;
}
