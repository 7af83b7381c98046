/* test-window-images.c — pictures pasted and image files dropped into a post
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case opens a post of a small site in a real window under Xvfb, then
 * does what the author does: copies a picture to the real clipboard and
 * pastes it, or drops image files on the source. It then reads the copy
 * on disk, where the site keeps it, the Markdown the buffer got, and the
 * image in the preview's page.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "billet-test-utils.h"
#include "billet-test-gtk-utils.h"
#include "billet-test-ui-utils.h"
#include "billet-application.h"
#include "billet-document.h"
#include "billet-image-picker.h"
#include "billet-post-item.h"
#include "billet-post-list.h"
#include "billet-preview.h"
#include "billet-resources.h"
#include "billet-sidebar.h"
#include "billet-tag-editor.h"
#include "billet-window.h"

#define DEADLINE_SECONDS 30

static BilletApplication *app;

typedef struct
{
  const char *post;     /* relative to the site */
  const char *text;
  const char *png;      /* a 4 × 3 picture made first, relative, or NULL */
} Post;

typedef struct
{
  char                     *dir;
  char                     *site;      /* real path */
  char                     *path;
  BilletWindow             *window;
  BilletTestPreviewTracker  tracker;
} Fixture;

static GtkTextView *
source_view (Fixture *f)
{
  return GTK_TEXT_VIEW (billet_test_window_child (f->window, "source_view"));
}

static char *
buffer_text (Fixture *f)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (source_view (f));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

/* A picture of @width × @height opaque red pixels. */
static GdkTexture *
red_texture (int width,
             int height)
{
  gsize stride = (gsize) width * 4;
  guchar *pixels = g_malloc (stride * (gsize) height);
  g_autoptr(GBytes) bytes = NULL;

  for (gsize i = 0; i < stride * (gsize) height; i += 4)
    {
      pixels[i] = 255;
      pixels[i + 1] = 0;
      pixels[i + 2] = 0;
      pixels[i + 3] = 255;
    }
  bytes = g_bytes_new_take (pixels, stride * (gsize) height);
  return gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8A8, bytes, stride);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  const Post *post = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *config = NULL;
  g_autofree char *static_dir = NULL;
  char *real;

  memset (f, 0, sizeof *f);
  f->dir = g_dir_make_tmp ("billet-window-images-XXXXXX", &error);
  g_assert_no_error (error);
  config = g_build_filename (f->dir, "site", "hugo.toml", NULL);
  write_file (config, "title = 'Site'\n");
  real = realpath (f->dir, NULL);
  g_assert_nonnull (real);
  f->site = g_build_filename (real, "site", NULL);
  free (real);
  static_dir = g_build_filename (f->site, "static", NULL);
  g_assert_cmpint (g_mkdir_with_parents (static_dir, 0700), ==, 0);
  if (post->png != NULL)
    {
      g_autoptr(GdkTexture) texture = red_texture (4, 3);
      g_autofree char *png = g_build_filename (f->site, post->png, NULL);
      g_autofree char *png_dir = g_path_get_dirname (png);

      g_assert_cmpint (g_mkdir_with_parents (png_dir, 0700), ==, 0);
      g_assert_true (gdk_texture_save_to_png (texture, png));
    }
  f->path = g_build_filename (f->site, post->post, NULL);
  write_file (f->path, post->text);
  file = g_file_new_for_path (f->path);

  f->window = billet_window_new (app);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  billet_test_preview_watch_window (&f->tracker, f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 800);
  billet_window_open_file (f->window, file);
  gtk_window_present (GTK_WINDOW (f->window));
  billet_test_preview_wait_page (&f->tracker, DEADLINE_SECONDS);
}

static gboolean
is_gone (gpointer data)
{
  Fixture *f = data;

  return f->window == NULL && f->tracker.preview == NULL;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->window != NULL)
    {
      /* The post is changed: close without asking. */
      gtk_window_destroy (GTK_WINDOW (f->window));
    }
  billet_test_wait_until (is_gone, f, DEADLINE_SECONDS, "the window to be finalized");
  billet_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->site);
  g_free (f->path);
}

static gboolean
is_image_popover (GtkWidget *widget,
                  gpointer   data)
{
  return GTK_IS_POPOVER (widget) && gtk_widget_has_css_class (widget, "billet-image-popover") &&
         gtk_widget_get_visible (widget);
}

static gboolean
popover_shown (gpointer data)
{
  Fixture *f = data;

  return billet_test_find_widget (GTK_WIDGET (source_view (f)), is_image_popover, NULL) != NULL;
}

static GtkWidget *
wait_popover (Fixture *f)
{
  billet_test_wait_until (popover_shown, f, DEADLINE_SECONDS, "the alt text popover");
  return billet_test_find_widget (GTK_WIDGET (source_view (f)), is_image_popover, NULL);
}

static gboolean
is_entry (GtkWidget *widget,
          gpointer   data)
{
  return GTK_IS_ENTRY (widget);
}

static gboolean
is_large_warning (GtkWidget *widget,
                  gpointer   data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "billet-image-large");
}

static gboolean
is_bundle_first_button (GtkWidget *widget,
                        gpointer   data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_has_css_class (widget, "billet-image-bundle-first");
}

static gboolean
popover_gone (gpointer data)
{
  return !popover_shown (data);
}

static void
assert_png (const char *path,
            int         width,
            int         height)
{
  int w = 0, h = 0;

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_nonnull (gdk_pixbuf_get_file_info (path, &w, &h));
  g_assert_cmpint (w, ==, width);
  g_assert_cmpint (h, ==, height);
}

static void
wait_preview_image (Fixture    *f,
                    const char *selector,
                    const char *width)
{
  g_autofree char *script = g_strdup_printf ("(function () { const i = document.querySelector('%s');"
                                             " return i && i.complete ? i.naturalWidth : -1; })()",
                                             selector);
  g_autofree char *answer = billet_test_wait_for_js (billet_test_preview_web_view (&f->tracker), script,
                                                     width, DEADLINE_SECONDS);

  g_assert_cmpstr (answer, ==, width);
}

/* @widget's own drop target for files, or NULL. */
static GtkDropTarget *
find_file_drop_target (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller) &&
          gdk_content_formats_contain_gtype (gtk_drop_target_get_formats (GTK_DROP_TARGET (controller)),
                                             GDK_TYPE_FILE_LIST))
        return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

static gboolean
drop_files (GtkDropTarget *target,
            GFile        **files,
            gsize          n_files,
            double         x,
            double         y)
{
  GValue value = G_VALUE_INIT;
  gboolean handled = FALSE;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_array (files, n_files));
  g_signal_emit_by_name (target, "drop", &value, x, y, &handled);
  g_value_unset (&value);
  return handled;
}

/* A picture pasted into a page bundle: beside the post, named after it,
 * linked relatively with the alt text typed; one undo takes it away. */
static void
test_paste_texture (Fixture       *f,
                    gconstpointer  data)
{
  GtkTextView *view = source_view (f);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  g_autoptr(GdkTexture) texture = red_texture (4, 3);
  g_autofree char *before = buffer_text (f);
  g_autofree char *after = NULL;
  g_autofree char *stored = g_build_filename (f->site, "content", "posts", "trip", "trip-1.png", NULL);
  GtkWidget *popover, *entry;
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (GTK_WIDGET (view)), texture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "clipboard.paste", NULL));

  popover = wait_popover (f);
  /* Copied before anything is asked. */
  assert_png (stored, 4, 3);
  g_assert_null (billet_test_find_widget (popover, is_large_warning, NULL));
  /* A bundle already: nothing to offer. */
  g_assert_null (billet_test_find_widget (popover, is_bundle_first_button, NULL));
  entry = billet_test_find_widget (popover, is_entry, NULL);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "A red square");
  g_signal_emit_by_name (entry, "activate");
  billet_test_wait_until (popover_gone, f, DEADLINE_SECONDS, "the popover to close");

  after = buffer_text (f);
  g_assert_cmpstr (after + strlen (before), ==, "![A red square](trip-1.png)");
  wait_preview_image (f, "img[alt=\"A red square\"]", "4");

  /* One undoable step. */
  gtk_text_buffer_undo (buffer);
  g_free (after);
  after = buffer_text (f);
  g_assert_cmpstr (after, ==, before);
}

typedef struct
{
  Fixture    *f;
  const char *path;
} ShowsFile;

static gboolean shows_file (gpointer data);

/* A picture pasted into a plain Hugo post: the popover offers to make the
 * post a page bundle first; chosen, the post is saved with the link and
 * becomes a bundle, the picture beside it, linked relatively, nothing
 * left in static/. */
static void
test_paste_bundle_first (Fixture       *f,
                         gconstpointer  data)
{
  GtkTextView *view = source_view (f);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  g_autoptr(GdkTexture) texture = red_texture (4, 3);
  g_autofree char *static_copy = g_build_filename (f->site, "static", "images", "post", "post-1.png", NULL);
  g_autofree char *static_dir = g_path_get_dirname (static_copy);
  g_autofree char *index = g_build_filename (f->site, "content", "posts", "post", "index.md", NULL);
  g_autofree char *moved = g_build_filename (f->site, "content", "posts", "post", "post-1.png", NULL);
  g_autofree char *on_disk = NULL;
  g_autofree char *text = NULL;
  ShowsFile shows = { f, index };
  GtkWidget *popover, *entry, *button;
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (GTK_WIDGET (view)), texture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "clipboard.paste", NULL));

  popover = wait_popover (f);
  /* Copied where a plain post's images go, until the author chooses. */
  assert_png (static_copy, 4, 3);
  entry = billet_test_find_widget (popover, is_entry, NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), "Red");
  button = billet_test_find_widget (popover, is_bundle_first_button, NULL);
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");

  billet_test_wait_until (shows_file, &shows, DEADLINE_SECONDS, "the bundle's page in the window");
  g_assert_true (g_file_get_contents (index, &on_disk, NULL, NULL));
  g_assert_cmpstr (on_disk, ==, "---\ntitle: Post\n---\nFirst.\nSecond.\n![Red](post-1.png)");
  assert_png (moved, 4, 3);
  g_assert_false (g_file_test (static_dir, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, "First.\nSecond.\n![Red](post-1.png)");
  g_assert_false (billet_document_get_modified (billet_window_get_document (f->window)));
}

/* The window closed while the popover asks for the alt text: it goes with
 * the window, cleanly, and nothing is written to the post. */
static void
test_close_with_popover (Fixture       *f,
                         gconstpointer  data)
{
  GtkTextView *view = source_view (f);
  g_autoptr(GdkTexture) texture = red_texture (4, 3);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (g_file_get_contents (f->path, &before, NULL, NULL));
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (GTK_WIDGET (view)), texture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "clipboard.paste", NULL));
  wait_popover (f);
  gtk_window_destroy (GTK_WINDOW (f->window));
  billet_test_wait_until (is_gone, f, DEADLINE_SECONDS, "the window to be finalized");
  g_assert_true (g_file_get_contents (f->path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);
}

/* Image files dropped on a plain Hugo post: into static/images/<slug>/,
 * linked from the site's root at the drop point; a large one warned of. */
static void
test_drop_files (Fixture       *f,
                 gconstpointer  data)
{
  GtkTextView *view = source_view (f);
  g_autoptr(GdkTexture) small = red_texture (4, 3);
  g_autoptr(GdkTexture) wide = red_texture (3001, 1);
  g_autofree char *outside = g_build_filename (f->dir, "Downloads", NULL);
  g_autofree char *photo = g_build_filename (outside, "My Photo.PNG", NULL);
  g_autofree char *banner = g_build_filename (outside, "banner.png", NULL);
  g_autofree char *notes = g_build_filename (outside, "notes.txt", NULL);
  g_autofree char *stored = g_build_filename (f->site, "static", "images", "post", "my-photo.png", NULL);
  g_autofree char *stored_banner = g_build_filename (f->site, "static", "images", "post", "banner.png", NULL);
  g_autofree char *stored_notes = g_build_filename (f->site, "static", "images", "post", "notes.txt", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GFile) photo_file = g_file_new_for_path (photo);
  g_autoptr(GFile) banner_file = g_file_new_for_path (banner);
  g_autoptr(GFile) notes_file = g_file_new_for_path (notes);
  GFile *files[3] = { photo_file, notes_file, banner_file };
  GtkDropTarget *target = NULL;
  GtkTextIter iter;
  GdkRectangle rect;
  int x, y;
  GtkWidget *popover;

  g_assert_cmpint (g_mkdir_with_parents (outside, 0700), ==, 0);
  g_assert_true (gdk_texture_save_to_png (small, photo));
  g_assert_true (gdk_texture_save_to_png (wide, banner));
  write_file (notes, "not an image");

  /* The source view's own drop target for files. */
  target = find_file_drop_target (GTK_WIDGET (view));
  g_assert_nonnull (target);

  /* Dropped at the start of the body's second line ("Second."). */
  gtk_text_buffer_get_iter_at_line (gtk_text_view_get_buffer (view), &iter, 1);
  gtk_text_view_get_iter_location (view, &iter, &rect);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, rect.x, rect.y + rect.height / 2, &x, &y);

  g_assert_true (drop_files (target, files, G_N_ELEMENTS (files), x, y));

  popover = wait_popover (f);
  assert_png (stored, 4, 3);
  assert_png (stored_banner, 3001, 1);
  /* The text file is not an image: not copied. */
  g_assert_false (g_file_test (stored_notes, G_FILE_TEST_EXISTS));
  g_assert_nonnull (billet_test_find_widget (popover, is_large_warning, NULL));
  /* Closed with no alt text: linked all the same. */
  gtk_popover_popdown (GTK_POPOVER (popover));
  billet_test_wait_until (popover_gone, f, DEADLINE_SECONDS, "the popover to close");

  text = buffer_text (f);
  g_assert_cmpstr (text, ==, "First.\n![](/images/post/my-photo.png)\n\n![](/images/post/banner.png)Second.\n");
  wait_preview_image (f, "img[src$=\"my-photo.png\"]", "4");
}

static gboolean
save_first_shown (gpointer data)
{
  Fixture *f = data;
  g_autofree char *labels = billet_test_dup_labels (GTK_WIDGET (f->window));

  return strstr (labels, "Save the post first") != NULL;
}

/* A new post has no folder yet: nothing is copied, and the window says to
 * save first. */
static void
test_paste_unsaved (Fixture       *f,
                    gconstpointer  data)
{
  GtkTextView *view;
  g_autoptr(GdkTexture) texture = red_texture (4, 3);
  g_autofree char *bundle = g_build_filename (f->site, "content", "posts", "trip", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GDir) dir = NULL;
  guint n = 0;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new", NULL));
  billet_test_iterate ();
  g_assert_null (billet_document_get_file (billet_window_get_document (f->window)));
  view = source_view (f);
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (GTK_WIDGET (view)), texture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "clipboard.paste", NULL));

  billet_test_wait_until (save_first_shown, f, DEADLINE_SECONDS, "the toast asking to save first");
  g_assert_false (popover_shown (f));
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, "");
  /* The bundle holds its post only. */
  dir = g_dir_open (bundle, 0, NULL);
  while (g_dir_read_name (dir) != NULL)
    n++;
  g_assert_cmpuint (n, ==, 1);
}

static gboolean
shows_file (gpointer data)
{
  ShowsFile *shows = data;
  BilletDocument *document = billet_window_get_document (shows->f->window);
  GFile *file = billet_document_get_file (document);

  return file != NULL && g_strcmp0 (g_file_peek_path (file), shows->path) == 0 &&
         !billet_document_get_loading (document);
}

/* A plain post and the image it links from static/ become a bundle: the
 * window shows the bundle's page, its link rewritten, the image in the
 * preview. */
static void
test_make_bundle (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GdkTexture) texture = red_texture (4, 3);
  g_autofree char *image = g_build_filename (f->site, "static", "images", "post", "pic.png", NULL);
  g_autofree char *images_dir = g_path_get_dirname (image);
  g_autofree char *index = g_build_filename (f->site, "content", "posts", "post", "index.md", NULL);
  g_autofree char *moved = g_build_filename (f->site, "content", "posts", "post", "pic.png", NULL);
  g_autofree char *text = NULL;
  g_autofree char *on_disk = NULL;
  ShowsFile shows = { f, index };

  g_assert_cmpint (g_mkdir_with_parents (images_dir, 0700), ==, 0);
  g_assert_true (gdk_texture_save_to_png (texture, image));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.make-bundle", NULL));
  billet_test_wait_until (shows_file, &shows, DEADLINE_SECONDS, "the bundle's page in the window");

  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (image, G_FILE_TEST_EXISTS));
  assert_png (moved, 4, 3);
  g_assert_true (g_file_get_contents (index, &on_disk, NULL, NULL));
  g_assert_cmpstr (on_disk, ==, "---\ntitle: Pic\n---\n![pic](pic.png \"A picture\")\n");
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, "![pic](pic.png \"A picture\")\n");
  g_assert_false (billet_document_get_modified (billet_window_get_document (f->window)));
  wait_preview_image (f, "img[alt=pic]", "4");
}

static gboolean
is_loaded (gpointer data)
{
  Fixture *f = data;
  BilletPostList *list = billet_window_get_post_list (f->window);

  return list != NULL && !billet_post_list_get_loading (list);
}

typedef struct
{
  Fixture    *f;
  const char *path;   /* the one row of the sidebar's list is this post */
} SidebarShows;

static gboolean
sidebar_shows (gpointer data)
{
  SidebarShows *shows = data;
  GListModel *model = billet_sidebar_get_model (BILLET_SIDEBAR (billet_window_get_sidebar (shows->f->window)));
  g_autoptr(BilletPostItem) item = NULL;

  if (g_list_model_get_n_items (model) != 1)
    return FALSE;
  item = g_list_model_get_item (model, 0);
  return g_strcmp0 (g_file_peek_path (billet_post_item_get_file (item)), shows->path) == 0;
}

static gboolean
labels_show (BilletWindow *window,
             const char   *text)
{
  g_autofree char *labels = billet_test_dup_labels (GTK_WIDGET (window));

  return strstr (labels, text) != NULL;
}

static gboolean
undo_offered (gpointer data)
{
  Fixture *f = data;

  return labels_show (f->window, "Turned into a page bundle") && labels_show (f->window, "Undo");
}

static gboolean
only_last_said (gpointer data)
{
  Fixture *f = data;

  return labels_show (f->window, "Only the last page bundle made can be undone");
}

static gboolean
undone_said (gpointer data)
{
  Fixture *f = data;

  return labels_show (f->window, "the post is “post.md” again");
}

/* The bundle undone, as the toast offers: the post back under its name
 * with the same bytes, its image back in static/, the window and the
 * sidebar's row on the post again. */
static void
test_make_bundle_undo (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GdkTexture) texture = red_texture (4, 3);
  g_autofree char *image = g_build_filename (f->site, "static", "images", "post", "pic.png", NULL);
  g_autofree char *images_dir = g_path_get_dirname (image);
  g_autofree char *bundle = g_build_filename (f->site, "content", "posts", "post", NULL);
  g_autofree char *index = g_build_filename (bundle, "index.md", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GFile) folder = g_file_new_for_path (f->site);
  g_autoptr(GFile) post = g_file_new_for_path (f->path);
  ShowsFile shows_bundle = { f, index };
  ShowsFile shows_post = { f, f->path };
  SidebarShows row_bundle = { f, index };
  SidebarShows row_post = { f, f->path };
  AdwWindowTitle *title;

  g_assert_cmpint (g_mkdir_with_parents (images_dir, 0700), ==, 0);
  g_assert_true (gdk_texture_save_to_png (texture, image));
  g_assert_true (g_file_get_contents (f->path, &before, NULL, NULL));
  billet_window_open_folder (f->window, folder);
  billet_test_wait_until (is_loaded, f, DEADLINE_SECONDS, "the list of posts");
  billet_window_open_file (f->window, post);
  billet_test_wait_until (shows_file, &shows_post, DEADLINE_SECONDS, "the post in the window");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.make-bundle", NULL));
  billet_test_wait_until (shows_file, &shows_bundle, DEADLINE_SECONDS, "the bundle's page in the window");
  billet_test_wait_until (undo_offered, f, DEADLINE_SECONDS, "the toast offering to undo");
  billet_test_wait_until (sidebar_shows, &row_bundle, DEADLINE_SECONDS, "the sidebar's row on the bundle");
  g_assert_false (g_file_test (images_dir, G_FILE_TEST_EXISTS));

  /* An earlier conversion's toast undoes nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo-bundle", "s", "/elsewhere/index.md"));
  billet_test_wait_until (only_last_said, f, DEADLINE_SECONDS, "that only the last one can be undone");
  g_assert_true (g_file_test (index, G_FILE_TEST_IS_REGULAR));

  /* The toast's button. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo-bundle", "s", index));
  billet_test_wait_until (shows_file, &shows_post, DEADLINE_SECONDS, "the post in the window again");
  billet_test_wait_until (undone_said, f, DEADLINE_SECONDS, "that it is undone");
  billet_test_wait_until (sidebar_shows, &row_post, DEADLINE_SECONDS, "the sidebar's row on the post again");

  g_assert_true (g_file_get_contents (f->path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);
  assert_png (image, 4, 3);
  g_assert_false (g_file_test (bundle, G_FILE_TEST_EXISTS));
  title = billet_test_window_child (f->window, "window_title");
  g_assert_true (g_str_has_suffix (adw_window_title_get_subtitle (title), "/content/posts/post.md"));
  g_assert_false (billet_document_get_modified (billet_window_get_document (f->window)));
  g_assert_cmpstr (g_file_peek_path (billet_document_get_file (billet_window_get_document (f->window))), ==, f->path);
}

static gboolean
refused_said (gpointer data)
{
  Fixture *f = data;

  return labels_show (f->window, "Could not undo the page bundle") && labels_show (f->window, "changed since");
}

/* The bundle's page saved with a change since: the undo is refused, with
 * the reason, and the bundle stays as it is. */
static void
test_make_bundle_undo_refused (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *index = g_build_filename (f->site, "content", "posts", "post", "index.md", NULL);
  g_autofree char *on_disk = NULL;
  ShowsFile shows_bundle = { f, index };
  BilletDocument *document;
  GtkTextBuffer *buffer;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.make-bundle", NULL));
  billet_test_wait_until (shows_file, &shows_bundle, DEADLINE_SECONDS, "the bundle's page in the window");
  /* Edited and saved, as the author would. */
  document = billet_window_get_document (f->window);
  buffer = GTK_TEXT_BUFFER (billet_document_get_body_buffer (document));
  gtk_text_buffer_insert_at_cursor (buffer, "More. ", -1);
  g_assert_true (billet_test_save_document (document, billet_document_get_file (document), BILLET_DOCUMENT_SAVE_NONE, NULL));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo-bundle", "s", index));
  billet_test_wait_until (refused_said, f, DEADLINE_SECONDS, "why the undo is refused");
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (index, &on_disk, NULL, NULL));
  g_assert_nonnull (strstr (on_disk, "More. "));
  g_assert_true (shows_file (&shows_bundle));
}

static gboolean
save_changes_first_shown (gpointer data)
{
  Fixture *f = data;
  g_autofree char *labels = billet_test_dup_labels (GTK_WIDGET (f->window));

  return strstr (labels, "Save your changes first") != NULL;
}

/* Unsaved changes: refused, with the reason; nothing moves. */
static void
test_make_bundle_unsaved (Fixture       *f,
                          gconstpointer  data)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (source_view (f));
  g_autofree char *bundle = g_build_filename (f->site, "content", "posts", "post", NULL);
  g_autofree char *on_disk = NULL;

  gtk_text_buffer_insert_at_cursor (buffer, "More. ", -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.make-bundle", NULL));
  billet_test_wait_until (save_changes_first_shown, f, DEADLINE_SECONDS, "the reason it is refused");
  g_assert_false (g_file_test (bundle, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (f->path, &on_disk, NULL, NULL));
  g_assert_cmpstr (on_disk, ==, "---\ntitle: Pic\n---\n![pic](/images/post/pic.png \"A picture\")\n");
}

static gboolean
is_image_row (GtkWidget *widget,
              gpointer   data)
{
  return g_strcmp0 (gtk_widget_get_name (widget), "field:image") == 0;
}

static gboolean
is_thumbnail (GtkWidget *widget,
              gpointer   data)
{
  return GTK_IS_PICTURE (widget) && gtk_widget_has_css_class (widget, "billet-field-thumbnail");
}

typedef struct
{
  GtkWidget *picture;
  int        width;
} ThumbnailWidth;

static gboolean
thumbnail_has_width (gpointer data)
{
  ThumbnailWidth *want = data;
  GdkPaintable *paintable = gtk_picture_get_paintable (GTK_PICTURE (want->picture));

  return gtk_widget_get_visible (want->picture) && paintable != NULL &&
         gdk_paintable_get_intrinsic_width (paintable) == want->width;
}

static gboolean
front_matter_has_photo (gpointer data)
{
  Fixture *f = data;
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (billet_document_get_front_matter_buffer (billet_window_get_document (f->window)));
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return strstr (text, "image: /images/post/my-photo.png\n") != NULL;
}

/* A front-matter image field: a thumbnail of the image it names; an image
 * file dropped on it is copied as into the source, and becomes its value. */
static void
test_form_image (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GdkTexture) photo = red_texture (7, 5);
  g_autofree char *images_dir = g_build_filename (f->site, "static", "images", "post", NULL);
  g_autofree char *outside = g_build_filename (f->dir, "Downloads", NULL);
  g_autofree char *photo_path = g_build_filename (outside, "My Photo.png", NULL);
  g_autofree char *stored = g_build_filename (images_dir, "my-photo.png", NULL);
  g_autoptr(GFile) photo_file = g_file_new_for_path (photo_path);
  GFile *files[1] = { photo_file };
  ThumbnailWidth want;
  GtkWidget *row;
  GtkDropTarget *target;

  g_assert_cmpint (g_mkdir_with_parents (outside, 0700), ==, 0);
  g_assert_true (gdk_texture_save_to_png (photo, photo_path));

  row = billet_test_find_widget (GTK_WIDGET (f->window), is_image_row, NULL);
  g_assert_nonnull (row);
  want.picture = billet_test_find_widget (row, is_thumbnail, NULL);
  g_assert_nonnull (want.picture);
  want.width = 4;
  billet_test_wait_until (thumbnail_has_width, &want, DEADLINE_SECONDS, "the field's thumbnail");

  target = find_file_drop_target (row);
  g_assert_nonnull (target);
  g_assert_true (drop_files (target, files, 1, 10, 10));
  billet_test_wait_until (front_matter_has_photo, f, DEADLINE_SECONDS, "the dropped image's link in the field");
  assert_png (stored, 7, 5);
  want.width = 7;
  billet_test_wait_until (thumbnail_has_width, &want, DEADLINE_SECONDS, "the new thumbnail");
}

static char *
front_matter_text (Fixture *f)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (billet_document_get_front_matter_buffer (billet_window_get_document (f->window)));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
is_picker_button (GtkWidget *widget,
                  gpointer   data)
{
  return GTK_IS_MENU_BUTTON (widget) && gtk_widget_has_css_class (widget, "billet-image-picker-button");
}

static gboolean
picker_loaded (gpointer data)
{
  GtkWidget *picker = data;

  return BILLET_IS_IMAGE_PICKER (picker) && gtk_widget_get_visible (picker) &&
         !billet_image_picker_get_loading (BILLET_IMAGE_PICKER (picker));
}

static gboolean
is_list_box (GtkWidget *widget,
             gpointer   data)
{
  return GTK_IS_LIST_BOX (widget);
}

static gboolean
is_search_entry (GtkWidget *widget,
                 gpointer   data)
{
  return GTK_IS_SEARCH_ENTRY (widget);
}

/* The links of the rows the picker shows, "|"-separated. */
static char *
shown_links (GtkWidget *picker)
{
  GtkListBox *list = GTK_LIST_BOX (billet_test_find_widget (picker, is_list_box, NULL));
  GString *links = g_string_new (NULL);
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (gtk_widget_get_child_visible (GTK_WIDGET (row)))
      g_string_append_printf (links, "%s%s", links->len > 0 ? "|" : "",
                              gtk_widget_get_tooltip_text (GTK_WIDGET (row)));
  return g_string_free (links, FALSE);
}

typedef struct
{
  GtkWidget  *picker;
  const char *links;
} PickerShows;

static gboolean
picker_shows (gpointer data)
{
  PickerShows *shows = data;
  g_autofree char *links = shown_links (shows->picker);

  return g_str_equal (links, shows->links);
}

typedef struct
{
  Fixture    *f;
  const char *text;
} FrontMatterHas;

static gboolean
front_matter_has (gpointer data)
{
  FrontMatterHas *has = data;
  g_autofree char *text = front_matter_text (has->f);

  return strstr (text, has->text) != NULL;
}

/* The field's picker: the site's images, as the post links them, found
 * by a search; the one chosen is the field's value, one undoable edit,
 * saved as such. */
static void
test_form_image_picker (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GdkTexture) texture = red_texture (6, 2);
  g_autofree char *other = g_build_filename (f->site, "static", "images", "other", "Big Sky.png", NULL);
  g_autofree char *other_dir = g_path_get_dirname (other);
  g_autofree char *on_disk = NULL;
  g_autofree char *text = NULL;
  FrontMatterHas has_new = { f, "image: /images/other/Big%20Sky.png\n" };
  PickerShows all, found;
  GtkWidget *row, *button, *picker, *search;
  GtkListBox *list;
  BilletDocument *document;

  g_assert_cmpint (g_mkdir_with_parents (other_dir, 0700), ==, 0);
  g_assert_true (gdk_texture_save_to_png (texture, other));

  row = billet_test_find_widget (GTK_WIDGET (f->window), is_image_row, NULL);
  g_assert_nonnull (row);
  button = billet_test_find_widget (row, is_picker_button, NULL);
  g_assert_nonnull (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  picker = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  billet_test_wait_until (picker_loaded, picker, DEADLINE_SECONDS, "the site's images in the picker");
  all.picker = picker;
  all.links = "/images/other/Big%20Sky.png|/images/post/pic.png";
  g_assert_true (picker_shows (&all));

  search = billet_test_find_widget (picker, is_search_entry, NULL);
  gtk_editable_set_text (GTK_EDITABLE (search), "sky");
  found.picker = picker;
  found.links = "/images/other/Big%20Sky.png";
  billet_test_wait_until (picker_shows, &found, DEADLINE_SECONDS, "the search's image only");
  list = GTK_LIST_BOX (billet_test_find_widget (picker, is_list_box, NULL));
  g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (list, 0));

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "/images/other/Big%20Sky.png");
  billet_test_wait_until (front_matter_has, &has_new, DEADLINE_SECONDS, "the chosen image in the front matter");

  /* One edit: one undo takes it back. */
  document = billet_window_get_document (f->window);
  gtk_text_buffer_undo (GTK_TEXT_BUFFER (billet_document_get_front_matter_buffer (document)));
  text = front_matter_text (f);
  g_assert_cmpstr (text, ==, "title: Pic\nimage: /images/post/pic.png\n");
  gtk_text_buffer_redo (GTK_TEXT_BUFFER (billet_document_get_front_matter_buffer (document)));

  g_assert_true (billet_test_save_document (document, billet_document_get_file (document),
                                            BILLET_DOCUMENT_SAVE_NONE, NULL));
  g_assert_true (g_file_get_contents (f->path, &on_disk, NULL, NULL));
  g_assert_cmpstr (on_disk, ==, "---\ntitle: Pic\nimage: /images/other/Big%20Sky.png\n---\nText.\n");
}

/* Image files copied in a file manager, pasted on the row (Ctrl+V with
 * the row focused): copied as into the source, the field's value. */
static void
test_form_image_paste (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GdkTexture) photo = red_texture (7, 5);
  g_autofree char *outside = g_build_filename (f->dir, "Downloads", NULL);
  g_autofree char *photo_path = g_build_filename (outside, "My Photo.png", NULL);
  g_autofree char *stored = g_build_filename (f->site, "static", "images", "post", "my-photo.png", NULL);
  g_autoptr(GFile) photo_file = g_file_new_for_path (photo_path);
  GFile *files[1] = { photo_file };
  GdkFileList *list;
  g_autofree char *on_disk = NULL;
  FrontMatterHas has_new = { f, "image: /images/post/my-photo.png\n" };
  GtkWidget *row, *text;
  BilletDocument *document;

  g_assert_cmpint (g_mkdir_with_parents (outside, 0700), ==, 0);
  g_assert_true (gdk_texture_save_to_png (photo, photo_path));

  row = billet_test_find_widget (GTK_WIDGET (f->window), is_image_row, NULL);
  text = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (row)));
  list = gdk_file_list_new_from_array (files, 1);
  gdk_clipboard_set (gtk_widget_get_clipboard (text), GDK_TYPE_FILE_LIST, list);
  g_boxed_free (GDK_TYPE_FILE_LIST, list);
  billet_test_focus_window (GTK_WINDOW (f->window));
  gtk_widget_grab_focus (text);
  billet_test_press (text, "<Control>v");

  billet_test_wait_until (front_matter_has, &has_new, DEADLINE_SECONDS, "the pasted image's link in the field");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "/images/post/my-photo.png");
  assert_png (stored, 7, 5);
  document = billet_window_get_document (f->window);
  g_assert_true (billet_test_save_document (document, billet_document_get_file (document),
                                            BILLET_DOCUMENT_SAVE_NONE, NULL));
  g_assert_true (g_file_get_contents (f->path, &on_disk, NULL, NULL));
  g_assert_cmpstr (on_disk, ==, "---\ntitle: Pic\nimage: /images/post/my-photo.png\n---\nText.\n");
}

static gboolean
is_tag_editor (GtkWidget *widget,
               gpointer   data)
{
  return BILLET_IS_TAG_EDITOR (widget);
}

static gboolean
is_images_row (GtkWidget *widget,
               gpointer   data)
{
  return g_strcmp0 (gtk_widget_get_name (widget), "field:images") == 0;
}

/* A list of images (`images: [...]`): the one chosen is added at its end. */
static void
test_form_images_picker (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GdkTexture) texture = red_texture (6, 2);
  g_autofree char *other = g_build_filename (f->site, "static", "images", "post", "sky.png", NULL);
  g_autofree char *on_disk = NULL;
  FrontMatterHas has_new = { f, "images: [/images/post/pic.png, /images/post/sky.png]\n" };
  PickerShows all;
  GtkWidget *row, *button, *picker;
  GtkListBox *list;
  BilletDocument *document;

  g_assert_true (gdk_texture_save_to_png (texture, other));
  row = billet_test_find_widget (GTK_WIDGET (f->window), is_images_row, NULL);
  g_assert_nonnull (row);
  button = billet_test_find_widget (row, is_picker_button, NULL);
  g_assert_nonnull (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  picker = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  billet_test_wait_until (picker_loaded, picker, DEADLINE_SECONDS, "the site's images in the picker");
  all.picker = picker;
  all.links = "/images/post/pic.png|/images/post/sky.png";
  g_assert_true (picker_shows (&all));
  list = GTK_LIST_BOX (billet_test_find_widget (picker, is_list_box, NULL));
  g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (list, 1));

  billet_test_wait_until (front_matter_has, &has_new, DEADLINE_SECONDS, "the chosen image in the list");
  document = billet_window_get_document (f->window);
  g_assert_true (billet_test_save_document (document, billet_document_get_file (document),
                                            BILLET_DOCUMENT_SAVE_NONE, NULL));
  g_assert_true (g_file_get_contents (f->path, &on_disk, NULL, NULL));
  g_assert_cmpstr (on_disk, ==, "---\ntitle: Pic\nimages: [/images/post/pic.png, /images/post/sky.png]\n---\nText.\n");
}

static gboolean
is_flow_box (GtkWidget *widget,
             gpointer   data)
{
  return GTK_IS_FLOW_BOX (widget);
}

/* The images the list row shows, one a line, as the author reads them. */
static char *
images_row_items (GtkWidget *row)
{
  GtkWidget *chips = billet_test_find_widget (row, is_flow_box, NULL);

  g_assert_nonnull (chips);
  return billet_test_dup_labels (chips);
}

/* Undoes the form's last edit as Ctrl+Z in the list row's entry does, and
 * checks that the front matter is back to what it was. */
static void
assert_images_undo (Fixture    *f,
                    GtkWidget  *row,
                    GtkWidget  *text)
{
  g_autofree char *before = NULL;
  g_autofree char *items = NULL;

  billet_test_focus_window (GTK_WINDOW (f->window));
  gtk_widget_grab_focus (text);
  billet_test_press (text, "<Control>z");
  before = front_matter_text (f);
  g_assert_cmpstr (before, ==, "title: Pic\nimages: [/images/post/pic.png]\n");
  items = images_row_items (row);
  g_assert_cmpstr (items, ==, "/images/post/pic.png\n");
}

/* The text the list row's entry pastes into and undoes in. */
static GtkWidget *
images_row_text (GtkWidget *row)
{
  GtkWidget *editor = billet_test_find_widget (row, is_tag_editor, NULL);
  GtkEditable *editable;

  g_assert_nonnull (editor);
  editable = billet_tag_editor_get_entry (BILLET_TAG_EDITOR (editor));
  while (!GTK_IS_TEXT (editable) && gtk_editable_get_delegate (editable) != NULL)
    editable = gtk_editable_get_delegate (editable);
  return GTK_WIDGET (editable);
}

/* Image files copied in a file manager, pasted in a list of images (Ctrl+V
 * in its entry): each copied as into the source, added at the list's end,
 * as one edit of the form. */
static void
test_form_images_paste (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GdkTexture) photo = red_texture (7, 5);
  g_autoptr(GdkTexture) banner = red_texture (3, 9);
  g_autofree char *outside = g_build_filename (f->dir, "Downloads", NULL);
  g_autofree char *photo_path = g_build_filename (outside, "My Photo.png", NULL);
  g_autofree char *banner_path = g_build_filename (outside, "Banner.png", NULL);
  g_autofree char *stored_photo = g_build_filename (f->site, "static", "images", "post", "my-photo.png", NULL);
  g_autofree char *stored_banner = g_build_filename (f->site, "static", "images", "post", "banner.png", NULL);
  g_autoptr(GFile) photo_file = g_file_new_for_path (photo_path);
  g_autoptr(GFile) banner_file = g_file_new_for_path (banner_path);
  GFile *files[2] = { photo_file, banner_file };
  GdkFileList *list;
  g_autofree char *on_disk = NULL;
  g_autofree char *items = NULL;
  FrontMatterHas has_new = { f, "images: [/images/post/pic.png, /images/post/my-photo.png, /images/post/banner.png]\n" };
  GtkWidget *row, *text;
  BilletDocument *document;

  g_assert_cmpint (g_mkdir_with_parents (outside, 0700), ==, 0);
  g_assert_true (gdk_texture_save_to_png (photo, photo_path));
  g_assert_true (gdk_texture_save_to_png (banner, banner_path));

  row = billet_test_find_widget (GTK_WIDGET (f->window), is_images_row, NULL);
  g_assert_nonnull (row);
  text = images_row_text (row);
  list = gdk_file_list_new_from_array (files, 2);
  gdk_clipboard_set (gtk_widget_get_clipboard (text), GDK_TYPE_FILE_LIST, list);
  g_boxed_free (GDK_TYPE_FILE_LIST, list);
  billet_test_focus_window (GTK_WINDOW (f->window));
  gtk_widget_grab_focus (text);
  billet_test_press (text, "<Control>v");

  billet_test_wait_until (front_matter_has, &has_new, DEADLINE_SECONDS, "the pasted images in the list");
  items = images_row_items (row);
  g_assert_cmpstr (items, ==, "/images/post/pic.png\n/images/post/my-photo.png\n/images/post/banner.png\n");
  /* Not pasted as text. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (text)), ==, "");
  assert_png (stored_photo, 7, 5);
  assert_png (stored_banner, 3, 9);

  assert_images_undo (f, row, text);
  document = billet_window_get_document (f->window);
  gtk_text_buffer_redo (GTK_TEXT_BUFFER (billet_document_get_front_matter_buffer (document)));
  g_assert_true (billet_test_save_document (document, billet_document_get_file (document),
                                            BILLET_DOCUMENT_SAVE_NONE, NULL));
  g_assert_true (g_file_get_contents (f->path, &on_disk, NULL, NULL));
  g_assert_cmpstr (on_disk, ==, "---\ntitle: Pic\nimages: [/images/post/pic.png, /images/post/my-photo.png, "
                                "/images/post/banner.png]\n---\nText.\n");
}

/* Image files dropped on a list of images: each copied as into the
 * source, added at the list's end, as one edit of the form. */
static void
test_form_images_drop (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GdkTexture) photo = red_texture (7, 5);
  g_autoptr(GdkTexture) banner = red_texture (3, 9);
  g_autofree char *outside = g_build_filename (f->dir, "Downloads", NULL);
  g_autofree char *photo_path = g_build_filename (outside, "My Photo.png", NULL);
  g_autofree char *banner_path = g_build_filename (outside, "Banner.png", NULL);
  g_autofree char *stored_photo = g_build_filename (f->site, "static", "images", "post", "my-photo.png", NULL);
  g_autofree char *stored_banner = g_build_filename (f->site, "static", "images", "post", "banner.png", NULL);
  g_autoptr(GFile) photo_file = g_file_new_for_path (photo_path);
  g_autoptr(GFile) banner_file = g_file_new_for_path (banner_path);
  GFile *files[2] = { photo_file, banner_file };
  g_autofree char *on_disk = NULL;
  g_autofree char *items = NULL;
  FrontMatterHas has_new = { f, "images: [/images/post/pic.png, /images/post/my-photo.png, /images/post/banner.png]\n" };
  GtkWidget *row;
  GtkDropTarget *target;
  BilletDocument *document;

  g_assert_cmpint (g_mkdir_with_parents (outside, 0700), ==, 0);
  g_assert_true (gdk_texture_save_to_png (photo, photo_path));
  g_assert_true (gdk_texture_save_to_png (banner, banner_path));

  row = billet_test_find_widget (GTK_WIDGET (f->window), is_images_row, NULL);
  g_assert_nonnull (row);
  target = find_file_drop_target (row);
  g_assert_nonnull (target);
  g_assert_true (drop_files (target, files, G_N_ELEMENTS (files), 10, 10));

  billet_test_wait_until (front_matter_has, &has_new, DEADLINE_SECONDS, "the dropped images in the list");
  items = images_row_items (row);
  g_assert_cmpstr (items, ==, "/images/post/pic.png\n/images/post/my-photo.png\n/images/post/banner.png\n");
  assert_png (stored_photo, 7, 5);
  assert_png (stored_banner, 3, 9);

  assert_images_undo (f, row, images_row_text (row));
  document = billet_window_get_document (f->window);
  gtk_text_buffer_redo (GTK_TEXT_BUFFER (billet_document_get_front_matter_buffer (document)));
  g_assert_true (billet_test_save_document (document, billet_document_get_file (document),
                                            BILLET_DOCUMENT_SAVE_NONE, NULL));
  g_assert_true (g_file_get_contents (f->path, &on_disk, NULL, NULL));
  g_assert_cmpstr (on_disk, ==, "---\ntitle: Pic\nimages: [/images/post/pic.png, /images/post/my-photo.png, "
                                "/images/post/banner.png]\n---\nText.\n");
}

static const Post images_post = { "content/posts/post.md",
                                  "---\ntitle: Pic\nimages: [/images/post/pic.png]\n---\nText.\n",
                                  "static/images/post/pic.png" };
static const Post form_post = { "content/posts/post.md",
                                "---\ntitle: Pic\nimage: /images/post/pic.png\n---\nText.\n",
                                "static/images/post/pic.png" };
static const Post pic_post = { "content/posts/post.md",
                               "---\ntitle: Pic\n---\n![pic](/images/post/pic.png \"A picture\")\n" };
static const Post bundle_post = { "content/posts/trip/index.md", "---\ntitle: Trip\n---\nText.\n" };
static const Post plain_post = { "content/posts/post.md", "---\ntitle: Post\n---\nFirst.\nSecond.\n" };

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = billet_test_isolate_home ("window-images");
  int status;

  billet_test_init_gtk_log ();
  gtk_test_init (&argc, &argv, NULL);
  g_type_ensure (BILLET_TYPE_PREVIEW);
  g_assert_nonnull (billet_get_resource ());

  app = billet_test_application_new ("org.billet.BilletTest", G_APPLICATION_DEFAULT_FLAGS);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  g_test_add ("/billet/window-images/paste-texture", Fixture, &bundle_post, fixture_setup,
              test_paste_texture, fixture_teardown);
  g_test_add ("/billet/window-images/paste-unsaved", Fixture, &bundle_post, fixture_setup,
              test_paste_unsaved, fixture_teardown);
  g_test_add ("/billet/window-images/make-bundle", Fixture, &pic_post, fixture_setup,
              test_make_bundle, fixture_teardown);
  g_test_add ("/billet/window-images/make-bundle-undo", Fixture, &pic_post, fixture_setup,
              test_make_bundle_undo, fixture_teardown);
  g_test_add ("/billet/window-images/make-bundle-undo-refused", Fixture, &pic_post, fixture_setup,
              test_make_bundle_undo_refused, fixture_teardown);
  g_test_add ("/billet/window-images/make-bundle-unsaved", Fixture, &pic_post, fixture_setup,
              test_make_bundle_unsaved, fixture_teardown);
  g_test_add ("/billet/window-images/form-image", Fixture, &form_post, fixture_setup,
              test_form_image, fixture_teardown);
  g_test_add ("/billet/window-images/form-image-picker", Fixture, &form_post, fixture_setup,
              test_form_image_picker, fixture_teardown);
  g_test_add ("/billet/window-images/form-images-picker", Fixture, &images_post, fixture_setup,
              test_form_images_picker, fixture_teardown);
  g_test_add ("/billet/window-images/form-images-paste", Fixture, &images_post, fixture_setup,
              test_form_images_paste, fixture_teardown);
  g_test_add ("/billet/window-images/form-images-drop", Fixture, &images_post, fixture_setup,
              test_form_images_drop, fixture_teardown);
  g_test_add ("/billet/window-images/form-image-paste", Fixture, &form_post, fixture_setup,
              test_form_image_paste, fixture_teardown);
  g_test_add ("/billet/window-images/paste-bundle-first", Fixture, &plain_post, fixture_setup,
              test_paste_bundle_first, fixture_teardown);
  g_test_add ("/billet/window-images/close-with-popover", Fixture, &bundle_post, fixture_setup,
              test_close_with_popover, fixture_teardown);
  g_test_add ("/billet/window-images/drop-files", Fixture, &plain_post, fixture_setup,
              test_drop_files, fixture_teardown);

  status = g_test_run ();

  g_clear_object (&app);
  billet_test_remove_tree (home);
  return status;
}
