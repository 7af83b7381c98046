/* billet-preview-view.c — the preview's web view, locked down
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page is hostile input. The web view runs no script of the document
 * (enable-javascript-markup is off: no <script>, no on*= handlers, no
 * javascript: URLs) and has no plugins, storage, WebGL, media or
 * developer tools; the page's Content-Security-Policy allows our inline
 * styles and images from our billet-image: scheme only (whose handler
 * serves what billet-preview-images.c allows), no frames, objects, fonts,
 * forms or stylesheets from anywhere. Navigation goes nowhere but to the
 * page we load; links open in the user's browser; the context menu only
 * copies. An ephemeral network session keeps nothing on disk.
 *
 * Creating a WebKitWebView spawns the web and network processes, which is
 * the slow part of opening a window: the view is created on an idle after
 * the preview's first frame.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <webkit/webkit.h>

#include "billet-preview-private.h"
#include "billet-reaper.h"

/* The policy the page's <meta http-equiv> carries. 'unsafe-inline' styles
 * are the page's own stylesheet and the style attributes of raw HTML,
 * whose url()s img-src governs; everything else has nowhere to load from.
 * WebCore applies it before a request leaves the web process. */
char *
_billet_preview_content_security_policy (gboolean remote_images)
{
  return g_strdup_printf ("default-src 'none'; img-src " BILLET_PREVIEW_IMAGE_SCHEME ":%s; "
                          "style-src 'unsafe-inline'; font-src 'none'; media-src 'none'; "
                          "object-src 'none'; frame-src 'none'; child-src 'none'; "
                          "form-action 'none'; base-uri 'none'; connect-src 'none'",
                          remote_images ? " http: https:" : "");
}

/* Images: our URI scheme */

typedef struct
{
  BilletPreviewSite *site;
  char              *uri;
} ImageJob;

static void
image_job_free (ImageJob *job)
{
  billet_preview_site_unref (job->site);
  g_free (job->uri);
  g_free (job);
}

typedef struct
{
  GInputStream *stream;
  gint64        size;
  char         *mime_type;
} ImageFile;

static void
image_file_free (ImageFile *file)
{
  g_clear_object (&file->stream);
  g_free (file->mime_type);
  g_free (file);
}

static void
image_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ImageJob *job = task_data;
  g_autofree char *file_path = NULL;
  g_autofree char *mime_type = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  GError *error = NULL;
  ImageFile *result;

  file_path = billet_preview_image_lookup (job->site, job->uri, &mime_type, &error);
  if (file_path == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  file = g_file_new_for_path (file_path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (info != NULL)
    stream = g_file_read (file, cancellable, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  result = g_new0 (ImageFile, 1);
  result->stream = G_INPUT_STREAM (g_steal_pointer (&stream));
  result->size = g_file_info_get_size (info);
  result->mime_type = g_steal_pointer (&mime_type);
  g_task_return_pointer (task, result, (GDestroyNotify) image_file_free);
}

static void
image_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(WebKitURISchemeRequest) request = user_data;
  g_autoptr(GError) error = NULL;
  ImageFile *file;

  file = g_task_propagate_pointer (G_TASK (result), &error);
  if (file == NULL)
    {
      g_debug ("Preview image refused: %s", error->message);
      webkit_uri_scheme_request_finish_error (request, error);
      return;
    }

  webkit_uri_scheme_request_finish (request, file->stream, file->size, file->mime_type);
  image_file_free (file);
}

/* An image of the page: looked up against the site of the page shown, in
 * a thread (it reads the file system). */
static void
on_image_request_cb (WebKitURISchemeRequest *request,
                     gpointer                user_data)
{
  WebKitWebView *view = webkit_uri_scheme_request_get_web_view (request);
  BilletPreview *self = view != NULL ? g_object_get_data (G_OBJECT (view), "billet-preview") : NULL;
  g_autoptr(GTask) task = NULL;
  ImageJob *job;

  if (self == NULL || self->shown_site == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No such image");

      webkit_uri_scheme_request_finish_error (request, error);
      return;
    }

  job = g_new0 (ImageJob, 1);
  job->site = billet_preview_site_ref (self->shown_site);
  job->uri = g_strdup (webkit_uri_scheme_request_get_uri (request));

  task = g_task_new (NULL, NULL, image_cb, g_object_ref (request));
  g_task_set_source_tag (task, on_image_request_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) image_job_free);
  g_task_run_in_thread (task, image_worker);
}

/* Links and navigation */

static void
follow_link (BilletPreview *self,
             const char    *uri)
{
  g_autofree char *scheme = NULL;

  if (uri == NULL || _billet_preview_scroll_to_fragment (self, uri))
    return;

  scheme = g_uri_parse_scheme (uri);
  if (g_strcmp0 (scheme, "http") == 0 || g_strcmp0 (scheme, "https") == 0 ||
      g_strcmp0 (scheme, "mailto") == 0)
    _billet_preview_emit_activate_link (self, uri);
  else
    g_debug ("Preview: not following a %s: link", scheme ? scheme : "relative");
}

static gboolean
on_decide_policy_cb (BilletPreview            *self,
                     WebKitPolicyDecision     *decision,
                     WebKitPolicyDecisionType  type,
                     WebKitWebView            *view)
{
  WebKitNavigationAction *action;
  WebKitNavigationType navigation;
  const char *uri;

  switch (type)
    {
    case WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION:
    case WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION:
      action = webkit_navigation_policy_decision_get_navigation_action (WEBKIT_NAVIGATION_POLICY_DECISION (decision));
      uri = webkit_uri_request_get_uri (webkit_navigation_action_get_request (action));
      navigation = webkit_navigation_action_get_navigation_type (action);

      /* Our own load_html(), once: a page cannot reuse the permission. */
      if (type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION &&
          navigation == WEBKIT_NAVIGATION_TYPE_OTHER &&
          self->expected_uri != NULL && g_strcmp0 (uri, self->expected_uri) == 0)
        {
          g_clear_pointer (&self->expected_uri, g_free);
          webkit_policy_decision_use (decision);
          return TRUE;
        }

      /* A click (or a middle click, which asks for a new window) is the
       * author's; redirects, refreshes, frames and forms are the page's. */
      if (navigation == WEBKIT_NAVIGATION_TYPE_LINK_CLICKED)
        follow_link (self, uri);

      webkit_policy_decision_ignore (decision);
      return TRUE;

    case WEBKIT_POLICY_DECISION_TYPE_RESPONSE:
    default:
      /* Responses of navigations: there are none but ours, and nothing
       * is ever downloaded. (Images are subresources, not decided here.) */
      if (type == WEBKIT_POLICY_DECISION_TYPE_RESPONSE &&
          webkit_response_policy_decision_is_main_frame_main_resource (WEBKIT_RESPONSE_POLICY_DECISION (decision)))
        webkit_policy_decision_use (decision);
      else
        webkit_policy_decision_ignore (decision);
      return TRUE;
    }
}

static void
on_load_changed_cb (BilletPreview   *self,
                    WebKitLoadEvent  event,
                    WebKitWebView   *view)
{
  if (event != WEBKIT_LOAD_FINISHED || self->state != PAGE_LOADING)
    return;

  g_clear_pointer (&self->expected_uri, g_free);
  self->state = PAGE_READY;

  /* WebKit's processes for this page exist now: they must end with the
   * editor, even busy with a big page (see billet-reaper.c). */
  billet_reaper_watch_web_processes ();

  /* The style may have changed while the page was on its way. */
  _billet_preview_apply_scheme (self);
  /* The empty page is there: now its blocks. */
  _billet_preview_patch_page (self, NULL);
}

static gboolean
on_load_failed_cb (BilletPreview   *self,
                   WebKitLoadEvent  event,
                   const char      *uri,
                   GError          *error,
                   WebKitWebView   *view)
{
  /* Our page is a string, so this is a web process that died on the way
   * (web-process-terminated tells the author) or a load we superseded.
   * load-changed FINISHED follows and settles the state; returning TRUE
   * keeps WebKit's own error page, with its links, out of the preview. */
  if (self->state == PAGE_LOADING)
    g_debug ("The preview could not load its page: %s", error->message);

  return TRUE;
}

static gboolean
on_context_menu_cb (BilletPreview       *self,
                    WebKitContextMenu   *menu,
                    WebKitHitTestResult *hit,
                    WebKitWebView       *view)
{
  GList *items = g_list_copy (webkit_context_menu_get_items (menu));

  /* Copying is all a preview needs; opening, reloading, going back and
   * inspecting would each leave the page we control. */
  for (const GList *l = items; l != NULL; l = l->next)
    {
      WebKitContextMenuItem *item = l->data;

      WebKitContextMenuAction action = webkit_context_menu_item_get_stock_action (item);

      if (action != WEBKIT_CONTEXT_MENU_ACTION_COPY &&
          action != WEBKIT_CONTEXT_MENU_ACTION_SELECT_ALL &&
          action != WEBKIT_CONTEXT_MENU_ACTION_COPY_LINK_TO_CLIPBOARD &&
          action != WEBKIT_CONTEXT_MENU_ACTION_COPY_IMAGE_TO_CLIPBOARD &&
          action != WEBKIT_CONTEXT_MENU_ACTION_COPY_IMAGE_URL_TO_CLIPBOARD)
        webkit_context_menu_remove (menu, item);
    }
  g_list_free (items);

  return webkit_context_menu_get_n_items (menu) == 0;
}

static void
on_web_process_terminated_cb (BilletPreview                     *self,
                              WebKitWebProcessTerminationReason  reason,
                              WebKitWebView                     *view)
{
  g_debug ("The preview's web process ended (reason %d)", reason);

  self->state = PAGE_CRASHED;
  self->sync_in_flight = FALSE;
  g_clear_pointer (&self->expected_uri, g_free);
  gtk_stack_set_visible_child (self->stack, self->crashed);
  _billet_preview_update_remote_bar (self);
}

/* Messages from our script, for billet-preview-page.c */
static void
on_script_message_cb (BilletPreview            *self,
                      JSCValue                 *message,
                      WebKitUserContentManager *manager)
{
  _billet_preview_on_script_message (self, message);
}

/* The view */

static WebKitNetworkSession *
get_network_session (void)
{
  static WebKitNetworkSession *session;

  /* One for every preview of the process: nothing on disk, no cookies or
   * cache shared with a browser, one network process. */
  if (session == NULL)
    session = webkit_network_session_new_ephemeral ();

  return session;
}

static void
register_image_scheme (void)
{
  static gsize registered;

  if (g_once_init_enter (&registered))
    {
      WebKitWebContext *context = webkit_web_context_get_default ();

      webkit_web_context_register_uri_scheme (context, BILLET_PREVIEW_IMAGE_SCHEME, on_image_request_cb, NULL, NULL);
      g_once_init_leave (&registered, 1);
    }
}

static WebKitUserContentManager *
create_content_manager (void)
{
  WebKitUserContentManager *manager = webkit_user_content_manager_new ();
  g_autoptr(GBytes) script = NULL;
  g_autoptr(GBytes) style = NULL;
  g_autoptr(WebKitUserScript) user_script = NULL;
  g_autoptr(WebKitUserStyleSheet) user_style = NULL;

  /* From the editor's resources, registered when the executable started:
   * the generated accessor is internal to the executable, so the module
   * looks them up by path. */
  script = g_resources_lookup_data ("/org/billet/Billet/preview/billet-preview.js", 0, NULL);
  style = g_resources_lookup_data ("/org/billet/Billet/preview/billet-preview.css", 0, NULL);
  g_assert (script != NULL && style != NULL);

  user_script = webkit_user_script_new_for_world (g_bytes_get_data (script, NULL),
                                                  WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                                  WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_START,
                                                  BILLET_PREVIEW_WORLD, NULL, NULL);
  webkit_user_content_manager_add_script (manager, user_script);

  user_style = webkit_user_style_sheet_new (g_bytes_get_data (style, NULL),
                                            WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                            WEBKIT_USER_STYLE_LEVEL_USER, NULL, NULL);
  webkit_user_content_manager_add_style_sheet (manager, user_style);

  webkit_user_content_manager_register_script_message_handler (manager, "billet", BILLET_PREVIEW_WORLD);

  return manager;
}

static void
create_view (BilletPreview *self)
{
  g_autoptr(WebKitSettings) settings = NULL;
  g_autoptr(WebKitUserContentManager) manager = NULL;

  g_assert (self->view == NULL);

  register_image_scheme ();
  manager = create_content_manager ();

  /* WebKitGTK 6.0 has no plugins or Java to turn off any more. */
  settings = webkit_settings_new_with_settings ("enable-javascript", TRUE,
                                                "enable-javascript-markup", FALSE,
                                                "enable-developer-extras", FALSE,
                                                "allow-file-access-from-file-urls", FALSE,
                                                "allow-universal-access-from-file-urls", FALSE,
                                                "allow-top-navigation-to-data-urls", FALSE,
                                                "allow-modal-dialogs", FALSE,
                                                "javascript-can-open-windows-automatically", FALSE,
                                                "javascript-can-access-clipboard", FALSE,
                                                "enable-html5-database", FALSE,
                                                "enable-html5-local-storage", FALSE,
                                                "enable-page-cache", FALSE,
                                                "enable-back-forward-navigation-gestures", FALSE,
                                                "enable-fullscreen", FALSE,
                                                "enable-webgl", FALSE,
                                                "enable-webrtc", FALSE,
                                                "enable-media-stream", FALSE,
                                                /* Videos could not load anyway (the
                                                 * CSP's media-src is 'none'). */
                                                "enable-media", FALSE,
                                                "enable-encrypted-media", FALSE,
                                                "enable-webaudio", FALSE,
                                                "enable-dns-prefetching", FALSE,
                                                "media-playback-requires-user-gesture", TRUE,
                                                /* A page of text, drawn by the web process's
                                                 * CPU: no OpenGL contexts and buffers (half of
                                                 * the web process's memory, measured). */
                                                "hardware-acceleration-policy",
                                                WEBKIT_HARDWARE_ACCELERATION_POLICY_NEVER,
                                                NULL);

  self->view = g_object_new (WEBKIT_TYPE_WEB_VIEW,
                             "network-session", get_network_session (),
                             "user-content-manager", manager,
                             "settings", settings,
                             "hexpand", TRUE,
                             "vexpand", TRUE,
                             NULL);
  g_object_set_data (G_OBJECT (self->view), "billet-preview", self);

  g_signal_connect_object (manager, "script-message-received::billet",
                           G_CALLBACK (on_script_message_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "decide-policy",
                           G_CALLBACK (on_decide_policy_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "load-changed",
                           G_CALLBACK (on_load_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "load-failed",
                           G_CALLBACK (on_load_failed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "context-menu",
                           G_CALLBACK (on_context_menu_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "web-process-terminated",
                           G_CALLBACK (on_web_process_terminated_cb), self, G_CONNECT_SWAPPED);

  gtk_stack_add_child (self->stack, GTK_WIDGET (self->view));
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->view));

  self->state = PAGE_EMPTY;
  _billet_preview_apply_scheme (self);
  _billet_preview_update_page (self);
}

static gboolean
create_view_idle_cb (gpointer user_data)
{
  BilletPreview *self = user_data;

  self->create_source = 0;
  create_view (self);

  return G_SOURCE_REMOVE;
}

/* The first frame of the preview is being drawn: once it is out, create
 * the web view. */
static gboolean
first_frame_tick_cb (GtkWidget     *widget,
                     GdkFrameClock *frame_clock,
                     gpointer       user_data)
{
  BilletPreview *self = BILLET_PREVIEW (widget);

  self->tick_id = 0;
  if (self->view == NULL && self->create_source == 0)
    self->create_source = g_idle_add_full (G_PRIORITY_LOW, create_view_idle_cb, self, NULL);

  return G_SOURCE_REMOVE;
}

/* Called when the preview is mapped: the view comes after its first frame. */
void
_billet_preview_queue_view (BilletPreview *self)
{
  if (self->view == NULL && self->tick_id == 0 && self->create_source == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), first_frame_tick_cb, NULL, NULL);
}
