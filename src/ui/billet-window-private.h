/* billet-window-private.h — what the files of BilletWindow share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * BilletWindow is one object in several files, one idea each:
 * billet-window.c (the shell: the document shown, title, status line, style,
 * life cycle), billet-window-actions.c (the window's actions and the
 * dialogs around them: open, save, export, new post, closing),
 * billet-window-folder.c (a folder's posts: the sidebar, posts kept open
 * beside each other, recent posts, drag and drop),
 * billet-window-preview.c (the preview module and scroll sync),
 * billet-window-spelling.c (spelling) and billet-window-check.c (the
 * site's check in the sidebar's place).
 */

#pragma once

#include <adwaita.h>

#include "billet-check-view.h"
#include "billet-compare-window.h"
#include "billet-document-bars.h"
#include "billet-file.h"
#include "billet-grammar.h"
#include "billet-language-button.h"
#include "billet-new-post.h"
#include "billet-outline-button.h"
#include "billet-page-bundle.h"
#include "billet-post-form.h"
#include "billet-preview-slot.h"
#include "billet-render.h"
#include "billet-site.h"
#include "billet-search-bar.h"
#include "billet-sidebar.h"
#include "billet-source-view.h"
#include "billet-window.h"


G_BEGIN_DECLS

struct _BilletWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  BilletDocument       *document;
  GtkCssProvider       *font_css;
  GMenu                *recent_section;
  GMenu                *translations_section;  /* the open post's translations */
  guint                 status_source;
  guint                 position_source;  /* the cursor's place, shown with the next frame */
  gulong                position_paint_handler;
  GdkFrameClock        *position_clock;
  guint                 status_serial;    /* of the latest word count asked for */
  gboolean              close_confirmed;
  gboolean              close_after_saves;  /* closing waits for the saves under way */

  /* An open folder: its posts, and the documents open beside the active
   * one (absolute path → BilletDocument), each with its unsaved changes. */
  BilletPostList       *post_list;
  GPtrArray            *documents;
  guint                 restore_source;
  guint                 suggestions_source;
  gboolean              show_sidebar;
  GCancellable         *folder_cancellable;

  /* A post being read for the window, until it shows: the window shows
   * what it showed, then (after LOADING_PAGE_DELAY_MS) that it is opening
   * it. Another post chosen meanwhile, or the window closed, gives it up. */
  BilletDocument       *loading_document;
  GFile                *loading_file;
  GCancellable         *load_cancellable;
  guint                 loading_page_source;
  gboolean              loading;
  GQueue                load_queue;   /* GFile: posts dropped together, opened in turn */

  /* A finding chosen in the check: where the cursor goes once its post
   * shows (it may be on its way). */
  GFile                *goto_file;
  guint                 goto_line;
  guint                 goto_column;

  /* The last "Turn into a Page Bundle", until undone or another one. */
  BilletPageBundleUndo *bundle_undo;

  /* template children */
  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toast_overlay;
  AdwFlap              *flap;
  GtkStack             *content_stack;
  AdwStatusPage        *empty_page;
  AdwStatusPage        *loading_page;
  GtkProgressBar       *loading_progress;
  BilletSidebar        *sidebar;
  GtkStack             *sidebar_stack;   /* the posts, or the site's check */
  BilletCheckView      *check_view;
  GtkWidget            *sidebar_toggle;
  GtkPaned             *main_paned;
  GtkPaned             *form_paned;
  GtkScrolledWindow    *form_scroller;
  BilletPostForm       *form;
  BilletSearchBar      *search_bar;
  BilletDocumentBars   *document_bars;
  GtkSourceView        *source_view;
  GtkInscription       *words_label;
  GtkInscription       *characters_label;
  GtkInscription       *reading_time_label;
  GtkInscription       *position_label;
  GtkWidget            *highlighting_label;
  GtkWidget            *grammar_label;   /* what installing Grammalecte adds */
  BilletGrammar        *grammar;
  BilletOutlineButton  *outline_button;
  BilletLanguageButton *language_button;  /* the post's spelling language */
  AdwBin               *preview_slot;
  GtkWidget            *preview;
  guint                 preview_source;
  /* Scroll sync: the source is being scrolled to the preview's line, and
   * the line the preview last asked for (below 1: none since the author
   * scrolled the source). */
  gboolean              scrolling_from_preview;
  double                preview_top_line;
  GMenu                *recent_menu;
  guint                 recent_source;
};

typedef void (*Continuation) (BilletWindow *self,
                              gpointer      data);
typedef void (*FileChosen) (BilletWindow *self, GFile *file, gpointer data);

/* A reference to the window that async work holds without keeping it
 * alive: the window may close before the work is done. */
GWeakRef *_billet_window_weak_new (BilletWindow *self);
BilletWindow *_billet_window_weak_take (GWeakRef *weak);

/* billet-window.c */
void _billet_window_update_loading (BilletWindow *self);
void _billet_window_update_actions (BilletWindow *self);
void _billet_window_on_loading_progress_cb (BilletWindow *self);
void _billet_window_toast (BilletWindow *self, const char *text);
const char *_billet_window_get_no_highlighting_note (void);
gboolean _billet_window_has_focus_within (BilletWindow *self, GtkWidget *widget);
void _billet_window_show_empty_page (BilletWindow *self);
void _billet_window_set_document (BilletWindow *self, BilletDocument *document);

/* billet-window-spelling.c */
void _billet_window_spelling_init (BilletWindow *self);
void _billet_window_spelling_set_document (BilletWindow *self, BilletDocument *document);
void _billet_window_spelling_unset_document (BilletWindow *self, BilletDocument *document);
void _billet_window_add_recent (GFile *file);
void _billet_window_put_cursor (BilletWindow *self, const GtkTextIter *iter, gboolean at_top);

/* billet-window-actions.c */
void _billet_window_close_after_confirm (BilletWindow *self, gpointer data);
void _billet_window_confirm_close_all (BilletWindow *self, GPtrArray *modified);
void _billet_window_confirm_discard (BilletWindow *self, Continuation then, gpointer data, GDestroyNotify free_data);
void _billet_window_choose_file (BilletWindow *self, GtkFileChooserAction action, const char *title, const char *accept, const char *suggested_name, gboolean markdown_filter, FileChosen chosen, gpointer data, GDestroyNotify free_data);
void _billet_window_open_after_confirm (BilletWindow *self, gpointer data);
void _billet_window_open_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void _billet_window_open_recent_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void _billet_window_new_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void _billet_window_save_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void _billet_window_save_then (BilletWindow *self, Continuation then, gpointer data, GDestroyNotify free_data);
void _billet_window_save_as_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void _billet_window_export_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void _billet_window_open_export_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void _billet_window_close_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void _billet_window_find_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void _billet_window_bold_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void _billet_window_italic_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void _billet_window_link_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void _billet_window_heading_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void _billet_window_fix_typography_action (GtkWidget *widget, const char *action_name, GVariant *parameter);

/* billet-window-preview.c */
void _billet_window_on_outline_heading_activated_cb (BilletWindow *self, guint line);
void _billet_window_outline_action (GtkWidget *widget, const char *action_name, GVariant *parameter);

/* billet-window-folder.c */
BilletDocument * _billet_window_find_document (BilletWindow *self, GFile *file);
void _billet_window_switch_document (BilletWindow *self, BilletDocument *document);
GPtrArray * _billet_window_dup_modified_documents (BilletWindow *self);
void _billet_window_load_file (BilletWindow *self, GFile *file);
void _billet_window_queue_load (BilletWindow *self, GFile *file);
void _billet_window_cancel_load (BilletWindow *self);
void _billet_window_restore_content (BilletWindow *self);
gboolean _billet_window_watch_recent_cb (gpointer user_data);
gboolean _billet_window_on_drop_cb (GtkDropTarget *target, const GValue *value, double x, double y, BilletWindow *self);
void _billet_window_set_show_sidebar (BilletWindow *self, gboolean show);
void _billet_window_find_post_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void _billet_window_on_sidebar_done_cb (BilletWindow *self);
void _billet_window_cycle_panes_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void _billet_window_on_flap_reveal_cb (BilletWindow *self);
gboolean _billet_window_open_folder (BilletWindow *self, GFile *folder);
void _billet_window_open_folder_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void _billet_window_open_site_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void _billet_window_on_sidebar_post_activated_cb (BilletWindow *self, BilletPostItem *item);
void _billet_window_on_form_visible_cb (BilletWindow *self);
void _billet_window_update_translations (BilletWindow *self);
void _billet_window_open_translation_action (GtkWidget *widget, const char *action_name, GVariant *parameter);

/* billet-window-images.c */
void _billet_window_setup_images (BilletWindow *self);
void _billet_window_make_bundle_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void _billet_window_undo_bundle_action (GtkWidget *widget, const char *action_name, GVariant *parameter);

/* billet-window-check.c */
void _billet_window_check_site_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void _billet_window_on_check_finding_activated_cb (BilletWindow *self, const BilletFinding *finding, const char *path);
void _billet_window_on_check_fix_cb (BilletWindow *self, const BilletFinding *finding, const char *path);
void _billet_window_on_check_back_cb (BilletWindow *self);
void _billet_window_check_folder_changed (BilletWindow *self);
void _billet_window_check_follow (BilletWindow *self);
void _billet_window_goto_finding (BilletWindow *self);
gboolean _billet_window_showing_check (BilletWindow *self);

/* billet-window-preview.c */
void _billet_window_on_cursor_moved_cb (BilletWindow *self);
void _billet_window_connect_source_sync (BilletWindow *self);
void _billet_window_queue_preview (BilletWindow *self);
void _billet_window_disconnect_preview (BilletWindow *self);

G_END_DECLS
