/* billet-preview.c — the live preview of a post, in a locked-down web view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The preview renders the document off the main thread a short while after
 * each change (the core's billet_render_parts(), shared with export), loads
 * the page once with webkit_web_view_load_html() so that relative images
 * resolve against the post's folder, and from then on patches the header
 * and the body in place through our own scripts: no reload, no flicker, the
 * scroll position stays.
 *
 * The page is hostile input. The web view runs no script of the document
 * (enable-javascript-markup is off: no <script>, no on*= handlers, no
 * javascript: URLs; only evaluate_javascript() runs code), navigates
 * nowhere but to the page we load, opens links in the user's browser,
 * keeps nothing on disk (an ephemeral network session) and has no
 * inspector.
 *
 * Creating a WebKitWebView spawns the web and network processes, which is
 * the slow part of opening a window; the view is created on an idle after
 * the preview's first frame, and until then the preview paints the page's
 * own background colour.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <webkit/webkit.h>

#include "billet-preview.h"
#include "billet-render.h"

/* Long enough to coalesce the keystrokes of a word typed quickly, short
 * enough that the preview still feels live. */
#define RENDER_DELAY_MS 80

/* The page's --bg, so that nothing flashes white in the dark or the
 * reverse before the page paints. */
static const GdkRGBA light_background = { 1.0, 1.0, 1.0, 1.0 };
static const GdkRGBA dark_background = { 0x1e / 255.0, 0x1e / 255.0, 0x21 / 255.0, 1.0 };

typedef enum
{
  PAGE_EMPTY,     /* nothing loaded in the web view (yet, or any more) */
  PAGE_LOADING,   /* our load_html() is on its way */
  PAGE_PATCHING,  /* a patch script is running */
  PAGE_READY,     /* the page shows self->shown */
  PAGE_CRASHED,   /* the web process died; waiting for the author */
} PageState;

struct _BilletPreview
{
  AdwBin             parent_instance;

  BilletDocument    *document;
  gboolean           allow_raw_html;

  GtkStack          *stack;
  GtkWidget         *placeholder;
  GtkWidget         *crashed;
  WebKitWebView     *view;
  guint              tick_id;
  guint              create_source;

  /* Bumped on each change of the document; a render carries the value it
   * saw, so "updated" fires only once the page caught up. */
  guint64            generation;
  guint              render_source;
  GCancellable      *render_cancellable;
  /* Cancelled in dispose, so that no script result reaches a dead widget. */
  GCancellable      *cancellable;

  /* The newest render, not applied yet, and the one the page shows (or is
   * being brought to). */
  BilletRenderParts *latest;
  char              *latest_base_uri;
  guint64            latest_generation;
  BilletRenderParts *shown;
  char              *shown_base_uri;
  guint64            shown_generation;

  PageState          state;
  /* Another document: its page starts at the top, not at the old scroll
   * position, even when both live in the same folder. */
  gboolean           needs_reload;
  /* The URI of our load_html() until decide-policy lets it through: the
   * only navigation the view ever makes. */
  char              *expected_uri;
};

G_DEFINE_FINAL_TYPE (BilletPreview, billet_preview, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_ALLOW_RAW_HTML,
  N_PROPS
};

enum {
  UPDATED,
  ACTIVATE_LINK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void update_page (BilletPreview *self);

typedef struct
{
  GWeakRef             self;
  BilletPost          *post;
  BilletRenderOptions  options;
  char                *base_uri;
  guint64              generation;
} RenderJob;

static void
render_job_free (RenderJob *job)
{
  g_weak_ref_clear (&job->self);
  g_clear_pointer (&job->post, billet_post_unref);
  g_free (job->base_uri);
  g_free (job);
}

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

/* Appends @text as a JavaScript string literal (JSON-compatible). Beyond
 * what JSON needs, U+2028/U+2029 are escaped (line terminators in older
 * JavaScript) and so is "</", so that the literal could never end a
 * <script> element if it were ever embedded in one. */
static void
append_js_string (GString    *out,
                  const char *text)
{
  g_assert (g_utf8_validate (text, -1, NULL));

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;

        case '<':
          g_string_append (out, p[1] == '/' ? "<\\" : "<");
          break;

        case 0xE2:
          /* U+2028 and U+2029 are E2 80 A8 and E2 80 A9. */
          if ((guchar) p[1] == 0x80 && ((guchar) p[2] == 0xA8 || (guchar) p[2] == 0xA9))
            {
              g_string_append_printf (out, "\\u%04X", (guchar) p[2] == 0xA8 ? 0x2028 : 0x2029);
              p += 2;
              break;
            }
          g_string_append_c (out, *p);
          break;

        default:
          if (c < 0x20 || c == 0x7F)
            g_string_append_printf (out, "\\u%04X", c);
          else
            g_string_append_c (out, *p);
          break;
        }
    }
  g_string_append_c (out, '"');
}

/* Raw HTML can name elements after the document's own members
 * (<img name="querySelector">, <form name="title">), and those elements
 * then shadow them: Document is [LegacyOverrideBuiltIns]. Our scripts
 * reach the document through Document.prototype, which nothing in the page
 * can shadow (and no script of the page runs to replace it). */
#define DOM_PROLOGUE \
  "  var doc = document, D = Document.prototype;\n" \
  "  var prop = function (name) { return Object.getOwnPropertyDescriptor(D, name); };\n" \
  "  var root = prop('documentElement').get.call(doc);\n"

/* Runs @script in the page, in the main world (the document's own scripts
 * never run, so nothing there can tamper with ours). */
static void
run_script (BilletPreview       *self,
            const char          *script,
            gssize               len,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_assert (self->view != NULL);

  webkit_web_view_evaluate_javascript (self->view, script, len, NULL, NULL,
                                       self->cancellable, callback, user_data);
}

static void
ignore_script_result_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(JSCValue) value = NULL;
  g_autoptr(GError) error = NULL;

  value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, &error);
  if (value == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Preview script failed: %s", error->message);
}

static void
apply_scheme (BilletPreview *self)
{
  gboolean dark = is_dark ();

  gtk_widget_queue_draw (GTK_WIDGET (self));

  if (self->view == NULL)
    return;

  webkit_web_view_set_background_color (self->view, dark ? &dark_background : &light_background);

  if (self->state == PAGE_READY || self->state == PAGE_PATCHING)
    {
      const char *script = dark
        ? "(function () {\n" DOM_PROLOGUE
          "  root.classList.remove('billet-light');\n"
          "  root.classList.add('billet-dark');\n"
          "})();\n"
        : "(function () {\n" DOM_PROLOGUE
          "  root.classList.remove('billet-dark');\n"
          "  root.classList.add('billet-light');\n"
          "})();\n";

      run_script (self, script, -1, ignore_script_result_cb, NULL);
    }
}

/* The page shows the latest content: tell the tests (and whoever waits). */
static void
finish_update (BilletPreview *self)
{
  self->state = PAGE_READY;

  if (self->latest != NULL || self->needs_reload)
    update_page (self);
  else if (self->shown_generation == self->generation && self->render_source == 0)
    g_signal_emit (self, signals[UPDATED], 0);
}

static void
load_page (BilletPreview *self)
{
  BilletRenderOptions options = { 0 };
  g_autofree char *html = NULL;

  g_assert (self->view != NULL);
  g_assert (self->shown != NULL);

  options.scheme = is_dark () ? BILLET_RENDER_SCHEME_DARK : BILLET_RENDER_SCHEME_LIGHT;
  html = billet_render_parts_to_page (self->shown, &options, NULL);

  self->state = PAGE_LOADING;
  self->needs_reload = FALSE;
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->view));
  g_free (self->expected_uri);
  self->expected_uri = g_strdup (self->shown_base_uri != NULL ? self->shown_base_uri : "about:blank");

  webkit_web_view_load_html (self->view, html, self->shown_base_uri);
}

static void
patch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(BilletPreview) self = user_data;
  g_autoptr(JSCValue) value = NULL;
  g_autoptr(GError) error = NULL;

  value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->state != PAGE_PATCHING)
    return;

  if (value == NULL || !jsc_value_to_boolean (value))
    {
      /* Raw HTML can unbalance the page so that our elements are not
       * where the patch looks for them; a reload puts everything back. */
      g_debug ("Preview patch failed (%s), reloading", error ? error->message : "no article");
      load_page (self);
      return;
    }

  finish_update (self);
}

/* Brings the loaded page from @old to self->shown, touching only what
 * changed: the header when it differs, then the body. */
static void
patch_page (BilletPreview           *self,
            const BilletRenderParts *old)
{
  g_autoptr(GString) script = g_string_new (NULL);

  g_assert (self->view != NULL);
  g_assert (old != NULL);

  g_string_append (script,
                   "(function () {\n"
                   DOM_PROLOGUE
                   "  var article = D.querySelector.call(doc, 'body > main > article');\n"
                   "  var body = article && article.querySelector(':scope > div.post-body');\n"
                   "  if (!body) return false;\n");

  if (g_strcmp0 (old->header_html, self->shown->header_html) != 0)
    {
      g_string_append (script,
                       "  var header = article.querySelector(':scope > header.post-header');\n"
                       "  if (header) header.remove();\n"
                       "  article.insertAdjacentHTML('afterbegin', ");
      append_js_string (script, self->shown->header_html);
      g_string_append (script, ");\n");
    }

  if (g_strcmp0 (old->body_html, self->shown->body_html) != 0)
    {
      /* TODO: patch the changed blocks only, so that images above the
       * caret are not recreated on each keystroke. */
      g_string_append (script, "  body.innerHTML = ");
      append_js_string (script, self->shown->body_html);
      g_string_append (script, ";\n");
    }

  g_string_append (script, "  prop('title').set.call(doc, ");
  append_js_string (script, self->shown->title);
  g_string_append (script, ");\n  root.lang = ");
  append_js_string (script, self->shown->lang);
  g_string_append (script, ";\n  return true;\n})();\n");

  self->state = PAGE_PATCHING;
  run_script (self, script->str, script->len, patch_cb, g_object_ref (self));
}

/* Moves the page towards the latest render, unless it is busy: whatever
 * ends the current load or patch calls this again, so renders that arrive
 * meanwhile collapse into one. */
static void
update_page (BilletPreview *self)
{
  g_autoptr(BilletRenderParts) old = NULL;
  gboolean reload;

  if (self->view == NULL)
    return;

  switch (self->state)
    {
    case PAGE_LOADING:
    case PAGE_PATCHING:
    case PAGE_CRASHED:
      return;

    case PAGE_EMPTY:
    case PAGE_READY:
    default:
      break;
    }

  if (self->latest == NULL)
    {
      if ((self->state == PAGE_EMPTY || self->needs_reload) && self->shown != NULL)
        load_page (self);
      return;
    }

  reload = self->state == PAGE_EMPTY || self->needs_reload ||
           g_strcmp0 (self->latest_base_uri, self->shown_base_uri) != 0;

  old = g_steal_pointer (&self->shown);
  self->shown = g_steal_pointer (&self->latest);
  g_free (self->shown_base_uri);
  self->shown_base_uri = g_steal_pointer (&self->latest_base_uri);
  self->shown_generation = self->latest_generation;

  if (reload || old == NULL)
    load_page (self);
  else
    patch_page (self, old);
}

static void
render_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderJob *job = task_data;

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_pointer (task, billet_render_parts (job->post, &job->options),
                         (GDestroyNotify) billet_render_parts_free);
}

static void
render_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  RenderJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(BilletPreview) self = g_weak_ref_get (&job->self);
  g_autoptr(BilletRenderParts) parts = NULL;
  g_autoptr(GError) error = NULL;

  /* Superseded by a newer render, or the preview is gone: drop it. */
  parts = g_task_propagate_pointer (G_TASK (result), &error);
  if (parts == NULL || self == NULL)
    return;

  g_clear_object (&self->render_cancellable);

  billet_render_parts_free (self->latest);
  self->latest = g_steal_pointer (&parts);
  g_free (self->latest_base_uri);
  self->latest_base_uri = g_steal_pointer (&job->base_uri);
  self->latest_generation = job->generation;

  update_page (self);
}

static void
start_render (BilletPreview *self)
{
  g_autoptr(GTask) task = NULL;
  RenderJob *job;

  g_clear_handle_id (&self->render_source, g_source_remove);

  if (self->render_cancellable != NULL)
    g_cancellable_cancel (self->render_cancellable);
  g_clear_object (&self->render_cancellable);

  if (self->document == NULL)
    return;

  self->render_cancellable = g_cancellable_new ();

  job = g_new0 (RenderJob, 1);
  g_weak_ref_init (&job->self, self);
  job->post = billet_document_dup_post (self->document);
  job->base_uri = billet_document_dup_base_uri (self->document);
  job->generation = self->generation;
  job->options.markdown_flags = self->allow_raw_html ? BILLET_MARKDOWN_UNSAFE : BILLET_MARKDOWN_DEFAULT;

  task = g_task_new (NULL, self->render_cancellable, render_cb, NULL);
  g_task_set_source_tag (task, start_render);
  g_task_set_task_data (task, job, (GDestroyNotify) render_job_free);
  g_task_run_in_thread (task, render_worker);
}

static gboolean
render_timeout_cb (gpointer user_data)
{
  BilletPreview *self = user_data;

  self->render_source = 0;
  start_render (self);

  return G_SOURCE_REMOVE;
}

static void
on_document_changed_cb (BilletPreview *self)
{
  self->generation++;

  /* Typing never waits for the preview: restart the delay, render later. */
  g_clear_handle_id (&self->render_source, g_source_remove);
  self->render_source = g_timeout_add (RENDER_DELAY_MS, render_timeout_cb, self);
}

/* A fragment link (footnotes, a table of contents) within the page: scroll
 * there ourselves, so the page's URI and history never change. */
static gboolean
scroll_to_fragment (BilletPreview *self,
                    const char    *uri)
{
  g_autofree char *fragment = NULL;
  g_autoptr(GString) script = NULL;
  const char *current;
  const char *hash;

  current = webkit_web_view_get_uri (self->view);
  hash = strchr (uri, '#');
  if (current == NULL || hash == NULL)
    return FALSE;

  if (strncmp (uri, current, hash - uri) != 0 ||
      (current[hash - uri] != '\0' && current[hash - uri] != '#'))
    return FALSE;

  fragment = g_uri_unescape_string (hash + 1, NULL);
  if (fragment == NULL || !g_utf8_validate (fragment, -1, NULL))
    return TRUE;

  script = g_string_new ("(function (id) {\n"
                         DOM_PROLOGUE
                         "  var target = D.getElementById.call(doc, id) || D.getElementsByName.call(doc, id)[0];\n"
                         "  if (target) target.scrollIntoView();\n"
                         "})(");
  append_js_string (script, fragment);
  g_string_append (script, ");\n");
  run_script (self, script->str, script->len, ignore_script_result_cb, NULL);

  return TRUE;
}

static void
follow_link (BilletPreview *self,
             const char    *uri)
{
  g_autofree char *scheme = NULL;
  gboolean handled = FALSE;

  if (uri == NULL || scroll_to_fragment (self, uri))
    return;

  scheme = g_uri_parse_scheme (uri);
  if (g_strcmp0 (scheme, "http") == 0 || g_strcmp0 (scheme, "https") == 0 ||
      g_strcmp0 (scheme, "mailto") == 0)
    g_signal_emit (self, signals[ACTIVATE_LINK], 0, uri, &handled);
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
      /* Images and the like; nothing is ever downloaded. */
      if (webkit_response_policy_decision_is_mime_type_supported (WEBKIT_RESPONSE_POLICY_DECISION (decision)))
        webkit_policy_decision_use (decision);
      else
        webkit_policy_decision_ignore (decision);
      return TRUE;

    default:
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

  /* The style may have changed while the page was on its way. */
  apply_scheme (self);
  finish_update (self);
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
  g_clear_pointer (&self->expected_uri, g_free);
  gtk_stack_set_visible_child (self->stack, self->crashed);
}

static void
on_reload_clicked_cb (BilletPreview *self)
{
  if (self->state != PAGE_CRASHED)
    return;

  self->state = PAGE_EMPTY;
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->view));
  update_page (self);
}

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
create_view (BilletPreview *self)
{
  g_autoptr(WebKitSettings) settings = NULL;

  g_assert (self->view == NULL);

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
                                                "media-playback-requires-user-gesture", TRUE,
                                                NULL);

  self->view = g_object_new (WEBKIT_TYPE_WEB_VIEW,
                             "network-session", get_network_session (),
                             "settings", settings,
                             "hexpand", TRUE,
                             "vexpand", TRUE,
                             NULL);

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
  apply_scheme (self);
  update_page (self);
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

static void
billet_preview_map (GtkWidget *widget)
{
  BilletPreview *self = BILLET_PREVIEW (widget);

  GTK_WIDGET_CLASS (billet_preview_parent_class)->map (widget);

  if (self->view == NULL && self->tick_id == 0 && self->create_source == 0)
    self->tick_id = gtk_widget_add_tick_callback (widget, first_frame_tick_cb, NULL, NULL);
}

static void
billet_preview_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  /* The page's background until the web view paints over it, and behind
   * the status page after a crash. */
  gtk_snapshot_append_color (snapshot, is_dark () ? &dark_background : &light_background,
                             &GRAPHENE_RECT_INIT (0, 0,
                                                  gtk_widget_get_width (widget),
                                                  gtk_widget_get_height (widget)));

  GTK_WIDGET_CLASS (billet_preview_parent_class)->snapshot (widget, snapshot);
}

static void
on_dark_changed_cb (BilletPreview   *self,
                    GParamSpec      *pspec,
                    AdwStyleManager *manager)
{
  apply_scheme (self);
}

static gboolean
billet_preview_real_activate_link (BilletPreview *self,
                                   const char    *uri)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);

  return TRUE;
}

static void
billet_preview_dispose (GObject *object)
{
  BilletPreview *self = (BilletPreview *) object;

  billet_preview_set_document (self, NULL);

  g_cancellable_cancel (self->cancellable);
  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  g_clear_handle_id (&self->create_source, g_source_remove);
  g_clear_handle_id (&self->render_source, g_source_remove);

  adw_bin_set_child (ADW_BIN (self), NULL);
  self->stack = NULL;
  self->view = NULL;
  self->placeholder = NULL;
  self->crashed = NULL;

  G_OBJECT_CLASS (billet_preview_parent_class)->dispose (object);
}

static void
billet_preview_finalize (GObject *object)
{
  BilletPreview *self = (BilletPreview *) object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->latest, billet_render_parts_free);
  g_clear_pointer (&self->latest_base_uri, g_free);
  g_clear_pointer (&self->shown, billet_render_parts_free);
  g_clear_pointer (&self->shown_base_uri, g_free);
  g_clear_pointer (&self->expected_uri, g_free);

  G_OBJECT_CLASS (billet_preview_parent_class)->finalize (object);
}

static void
billet_preview_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BilletPreview *self = BILLET_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_ALLOW_RAW_HTML:
      g_value_set_boolean (value, self->allow_raw_html);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
billet_preview_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BilletPreview *self = BILLET_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      billet_preview_set_document (self, g_value_get_object (value));
      break;
    case PROP_ALLOW_RAW_HTML:
      billet_preview_set_allow_raw_html (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
billet_preview_class_init (BilletPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = billet_preview_dispose;
  object_class->finalize = billet_preview_finalize;
  object_class->get_property = billet_preview_get_property;
  object_class->set_property = billet_preview_set_property;

  widget_class->map = billet_preview_map;
  widget_class->snapshot = billet_preview_snapshot;

  /**
   * BilletPreview:document:
   *
   * The document shown, or %NULL.
   */
  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, BILLET_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * BilletPreview:allow-raw-html:
   *
   * Whether the body's raw HTML is kept, as the site's settings say (Hugo's
   * markup.goldmark.renderer.unsafe). Off by default: it is omitted, as
   * Hugo does. Either way no script of the page ever runs.
   */
  properties[PROP_ALLOW_RAW_HTML] =
    g_param_spec_boolean ("allow-raw-html", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BilletPreview::updated:
   *
   * Emitted when the page has been loaded or patched with the document's
   * latest content (not after an intermediate render that a newer change
   * already superseded).
   */
  signals[UPDATED] =
    g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * BilletPreview::activate-link:
   * @uri: an http, https or mailto URI
   *
   * Emitted when the author follows a link of the page. The default
   * handler opens @uri in the user's browser; return %TRUE to stop it.
   * Links with other schemes are never followed.
   *
   * Returns: %TRUE when the link was handled
   */
  signals[ACTIVATE_LINK] =
    g_signal_new_class_handler ("activate-link", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                G_CALLBACK (billet_preview_real_activate_link),
                                g_signal_accumulator_true_handled, NULL, NULL,
                                G_TYPE_BOOLEAN, 1, G_TYPE_STRING);

  gtk_widget_class_set_css_name (widget_class, "billet-preview");
}

static void
billet_preview_init (BilletPreview *self)
{
  GtkWidget *button;

  self->cancellable = g_cancellable_new ();
  self->state = PAGE_EMPTY;

  self->stack = GTK_STACK (gtk_stack_new ());
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->stack));

  self->placeholder = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_stack_add_child (self->stack, self->placeholder);

  button = gtk_button_new_with_mnemonic (_("_Reload Preview"));
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_reload_clicked_cb), self, G_CONNECT_SWAPPED);

  self->crashed = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (self->crashed), "dialog-warning-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (self->crashed), _("The Preview Stopped"));
  adw_status_page_set_description (ADW_STATUS_PAGE (self->crashed),
                                   _("The page could not be shown. Your post is safe and you can keep editing."));
  adw_status_page_set_child (ADW_STATUS_PAGE (self->crashed), button);
  gtk_stack_add_child (self->stack, self->crashed);

  gtk_stack_set_visible_child (self->stack, self->placeholder);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_dark_changed_cb), self, G_CONNECT_SWAPPED);
}

/**
 * billet_preview_new:
 *
 * Returns: (transfer full): a new preview, showing no document
 */
BilletPreview *
billet_preview_new (void)
{
  return g_object_new (BILLET_TYPE_PREVIEW, NULL);
}

/**
 * billet_preview_get_document:
 *
 * Returns: (transfer none) (nullable): the document shown
 */
BilletDocument *
billet_preview_get_document (BilletPreview *self)
{
  g_return_val_if_fail (BILLET_IS_PREVIEW (self), NULL);

  return self->document;
}

/**
 * billet_preview_set_document:
 * @document: (nullable): the document to show, or %NULL for none
 *
 * Shows @document, rendered now and again after each of its changes.
 */
void
billet_preview_set_document (BilletPreview  *self,
                             BilletDocument *document)
{
  g_return_if_fail (BILLET_IS_PREVIEW (self));
  g_return_if_fail (document == NULL || BILLET_IS_DOCUMENT (document));

  if (self->document == document)
    return;

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_func (self->document, on_document_changed_cb, self);

  g_set_object (&self->document, document);

  /* Whatever was on its way belongs to the old document. */
  g_clear_handle_id (&self->render_source, g_source_remove);
  if (self->render_cancellable != NULL)
    g_cancellable_cancel (self->render_cancellable);
  g_clear_object (&self->render_cancellable);
  g_clear_pointer (&self->latest, billet_render_parts_free);
  g_clear_pointer (&self->latest_base_uri, g_free);
  self->generation++;
  self->needs_reload = TRUE;

  if (document != NULL)
    {
      g_signal_connect_object (document, "changed",
                               G_CALLBACK (on_document_changed_cb), self, G_CONNECT_SWAPPED);
      start_render (self);
    }
  else if (self->stack != NULL)
    {
      /* No page until the next document: the themed background. The old
       * page stays loaded behind it, and the next document reloads. */
      g_clear_pointer (&self->shown, billet_render_parts_free);
      g_clear_pointer (&self->shown_base_uri, g_free);
      if (self->state != PAGE_CRASHED)
        gtk_stack_set_visible_child (self->stack, self->placeholder);
    }

  if (!gtk_widget_in_destruction (GTK_WIDGET (self)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

gboolean
billet_preview_get_allow_raw_html (BilletPreview *self)
{
  g_return_val_if_fail (BILLET_IS_PREVIEW (self), FALSE);

  return self->allow_raw_html;
}

/**
 * billet_preview_set_allow_raw_html:
 *
 * Sets #BilletPreview:allow-raw-html and renders the document again.
 */
void
billet_preview_set_allow_raw_html (BilletPreview *self,
                                   gboolean       allow_raw_html)
{
  g_return_if_fail (BILLET_IS_PREVIEW (self));

  allow_raw_html = !!allow_raw_html;
  if (self->allow_raw_html == allow_raw_html)
    return;

  self->allow_raw_html = allow_raw_html;
  self->generation++;
  start_render (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALLOW_RAW_HTML]);
}
