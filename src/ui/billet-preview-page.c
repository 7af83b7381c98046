/* billet-preview-page.c — the preview's page: assembled, patched, scrolled
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page is loaded once per document: the page the core assembles (the
 * export's stylesheet) with an empty body and our Content-Security-Policy.
 * From then on, our script (billet-preview.js, in the isolated "billet"
 * world) receives only the top-level blocks that changed, and answers
 * each patch once it is in the DOM and laid out (the call's own result:
 * one message a key, not two). It speaks through script messages: "line"
 * when the author clicks a block, "scrolled" when the author scrolled the
 * page, "remote-refused" when the policy refused a remote image. Scroll
 * sync runs through the same script, one call at a time (the cursor's
 * line, after a key, within that key's patch); the script tells its own
 * scrolls from the author's, so that neither side echoes the other.
 *
 * Everything that becomes script text goes through append_js_string():
 * the post's text never reaches the page as code.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <string.h>

#include "billet-preview-private.h"

/* The page's --bg, so that nothing flashes white in the dark or the
 * reverse before the page paints. */
static const GdkRGBA light_background = { 1.0, 1.0, 1.0, 1.0 };
static const GdkRGBA dark_background = { 0x1e / 255.0, 0x1e / 255.0, 0x21 / 255.0, 1.0 };

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

/* The page's background for the current style: the web view's and the
 * preview's own until the page paints. */
const GdkRGBA *
_billet_preview_get_background (void)
{
  return is_dark () ? &dark_background : &light_background;
}

/* Script */

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

/* Runs @script in the page, in our world (where billet-preview.js lives). */
static void
run_script (BilletPreview       *self,
            const char          *script,
            gssize               len,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_assert (self->view != NULL);

  webkit_web_view_evaluate_javascript (self->view, script, len, BILLET_PREVIEW_WORLD, NULL,
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

void
_billet_preview_apply_scheme (BilletPreview *self)
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

/* The page */

/* The page shows the latest content: tell the tests (and whoever waits). */
static void
finish_update (BilletPreview *self)
{
  self->state = PAGE_READY;

  if (self->latest != NULL || self->needs_reload ||
      self->page_remote_images != _billet_preview_wants_remote_images (self))
    _billet_preview_update_page (self);
  else if (self->shown_generation == self->generation && !self->rendering)
    _billet_preview_emit_updated (self);

  if (self->state == PAGE_READY && (self->sync_pending || self->sync_pending_reveal))
    _billet_preview_run_sync (self);
}

/* Loads the page with an empty body: the blocks follow in a patch, once
 * it has loaded (see on_load_changed_cb()). */
static void
load_page (BilletPreview *self)
{
  BilletRenderOptions options = { 0 };
  BilletRenderParts shell = { 0 };
  g_autofree char *csp = NULL;
  g_autofree char *html = NULL;

  g_assert (self->view != NULL);
  g_assert (self->shown != NULL);

  shell.lang = self->shown->lang;
  shell.title = self->shown->title;
  shell.description = self->shown->description;
  shell.header_html = (char *) "";
  shell.body_html = (char *) "";

  self->page_remote_images = _billet_preview_wants_remote_images (self);
  self->remote_refused = FALSE;
  _billet_preview_update_remote_bar (self);
  csp = _billet_preview_content_security_policy (self->page_remote_images);
  options.scheme = is_dark () ? BILLET_RENDER_SCHEME_DARK : BILLET_RENDER_SCHEME_LIGHT;
  options.content_security_policy = csp;
  html = billet_render_parts_to_page (&shell, &options, NULL);

  self->state = PAGE_LOADING;
  self->needs_reload = FALSE;
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->view));
  g_free (self->expected_uri);
  self->expected_uri = g_strdup (self->shown_base_uri);

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

  /* One patch at a time (PAGE_PATCHING): this answer is the one sent. */
  if (value != NULL && jsc_value_to_boolean (value))
    finish_update (self);
  else
    {
      /* The page is not what the patch expects (it should not happen:
       * each block is parsed on its own); a reload puts it right. */
      g_debug ("Preview patch failed (%s), reloading", error ? error->message : "no article");
      load_page (self);
    }
}

static void
append_block (GString                   *script,
              const BilletMarkdownBlock *block)
{
  g_string_append_c (script, '[');
  append_js_string (script, block->html);
  g_string_append_printf (script, ",%u,%u]", block->start_line, block->end_line);
}

/* A large post's page holds only the blocks near its view (see
 * billet-preview.js): the post the window says is large, whose
 * highlighting is light or off. */
gboolean
_billet_preview_is_windowed (BilletPreview *self)
{
  return self->document != NULL &&
         (billet_document_get_light_highlighting (self->document) || billet_document_get_large (self->document));
}

/* Brings the page from @old (NULL: an empty page) to self->shown, sending
 * only the blocks that changed: the common prefix and suffix by key stay,
 * the middle is replaced, the suffix's lines move by the same amount. */
void
_billet_preview_patch_page (BilletPreview           *self,
            const BilletRenderParts *old)
{
  g_autoptr(GString) script = g_string_new (NULL);
  GPtrArray *new_blocks = self->shown->blocks;
  GPtrArray *old_blocks = old != NULL ? old->blocks : NULL;
  guint n_new = new_blocks->len;
  guint n_old = old_blocks != NULL ? old_blocks->len : 0;
  guint prefix = 0;
  guint suffix = 0;
  int shift = 0;

  g_assert (self->view != NULL);

  /* The render's thread compared it with the render it was made from:
   * when the page shows that one, the walk of every block is done. */
  if (old_blocks != NULL && self->shown->base_serial == old->serial &&
      self->shown->base_prefix + self->shown->base_suffix <= MIN (n_old, n_new))
    {
      prefix = self->shown->base_prefix;
      suffix = self->shown->base_suffix;
    }
  else if (old_blocks != NULL)
    {
      billet_markdown_blocks_common (old_blocks, new_blocks, &prefix, &suffix);
      self->block_walks++;
    }
  if (suffix > 0)
    shift = (int) ((BilletMarkdownBlock *) g_ptr_array_index (new_blocks, n_new - suffix))->start_line -
            (int) ((BilletMarkdownBlock *) g_ptr_array_index (old_blocks, n_old - suffix))->start_line;

  g_string_append_printf (script, "billet.patch({at:%u,remove:%u,shift:%d%s%s,insert:[",
                          prefix, n_old - prefix - suffix, shift,
                          old == NULL ? ",reset:true" : "",
                          _billet_preview_is_windowed (self) ? ",windowed:true" : "");
  for (guint i = prefix; i < n_new - suffix; i++)
    {
      if (i > prefix)
        g_string_append_c (script, ',');
      append_block (script, g_ptr_array_index (new_blocks, i));
    }
  g_string_append (script, "]");

  if (old == NULL || g_strcmp0 (old->header_html, self->shown->header_html) != 0)
    {
      g_string_append (script, ",header:");
      append_js_string (script, self->shown->header_html);
    }
  g_string_append (script, ",title:");
  append_js_string (script, self->shown->title);
  g_string_append (script, ",lang:");
  append_js_string (script, self->shown->lang);
  /* The cursor's line, which waited for this render (see
   * _billet_preview_run_sync()): revealed once the blocks are in, in the
   * same call to the page. */
  if (self->sync_pending_reveal && !self->sync_pending)
    {
      g_string_append_printf (script, ",reveal:%u", (guint) self->sync_pending_line);
      self->sync_pending_reveal = FALSE;
    }
  g_string_append (script, "})");

  self->state = PAGE_PATCHING;
  run_script (self, script->str, script->len, patch_cb, g_object_ref (self));
}

static void
free_parts_cb (gpointer data,
               gpointer user_data)
{
  billet_render_parts_free (data);
}

/* A large post's parts are tens of thousands of blocks: freed in a thread
 * of their own rather than on the main thread between two keys. */
void
_billet_preview_discard_parts (BilletRenderParts *parts)
{
  static GThreadPool *pool;

  if (parts == NULL || parts->blocks == NULL || parts->blocks->len < BILLET_RENDER_LARGE_PARTS)
    {
      billet_render_parts_free (parts);
      return;
    }
  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (free_parts_cb, NULL, 1, FALSE, NULL));
  g_thread_pool_push (pool, parts, NULL);
}

/* Moves the page towards the latest render, unless it is busy: whatever
 * ends the current load or patch calls this again, so renders that arrive
 * meanwhile collapse into one. */
void
_billet_preview_update_page (BilletPreview *self)
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

  reload = self->state == PAGE_EMPTY || self->needs_reload;

  if (self->latest == NULL)
    {
      if ((reload || self->page_remote_images != _billet_preview_wants_remote_images (self)) && self->shown != NULL)
        load_page (self);
      return;
    }

  reload = reload || g_strcmp0 (self->latest_base_uri, self->shown_base_uri) != 0;

  old = g_steal_pointer (&self->shown);
  self->shown = g_steal_pointer (&self->latest);
  g_free (self->shown_base_uri);
  self->shown_base_uri = g_steal_pointer (&self->latest_base_uri);
  g_clear_pointer (&self->shown_site, billet_preview_site_unref);
  self->shown_site = g_steal_pointer (&self->latest_site);
  self->shown_generation = self->latest_generation;

  /* The policy of the page as it will be: the site may be another. */
  if (reload || old == NULL || self->page_remote_images != _billet_preview_wants_remote_images (self))
    load_page (self);
  else
    _billet_preview_patch_page (self, old);
  _billet_preview_discard_parts (g_steal_pointer (&old));
}

/* Links within the page */

/* A fragment link (footnotes, a table of contents) within the page: scroll
 * there ourselves, so the page's URI and history never change. */
gboolean
_billet_preview_scroll_to_fragment (BilletPreview *self,
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
                         "  var target = window.billet.find(id);\n"
                         "  if (target) target.scrollIntoView();\n"
                         "})(");
  append_js_string (script, fragment);
  g_string_append (script, ");\n");
  run_script (self, script->str, script->len, ignore_script_result_cb, NULL);

  return TRUE;
}

/* Messages from our script */

/* The "billet" handler of the view's user
 * content manager (billet-preview-view.c) hands it here. */
void
_billet_preview_on_script_message (BilletPreview *self,
                                   JSCValue      *message)
{
  g_autoptr(JSCValue) type = NULL;
  g_autofree char *type_name = NULL;

  if (!jsc_value_is_object (message))
    return;

  type = jsc_value_object_get_property (message, "type");
  type_name = jsc_value_to_string (type);

  if (g_strcmp0 (type_name, "remote-refused") == 0)
    {
      /* From the page being shown, not one on its way out. */
      if ((self->state == PAGE_READY || self->state == PAGE_PATCHING) && !self->remote_refused)
        {
          self->remote_refused = TRUE;
          _billet_preview_update_remote_bar (self);
        }
    }
  else if (g_strcmp0 (type_name, "line") == 0 && self->sync_scroll)
    {
      g_autoptr(JSCValue) line = jsc_value_object_get_property (message, "line");
      double value = jsc_value_to_double (line);

      if (value >= 1 && value <= G_MAXUINT)
        _billet_preview_line_activated (self, (guint) value);
    }
  else if (g_strcmp0 (type_name, "scrolled") == 0 && self->sync_scroll &&
           (self->state == PAGE_READY || self->state == PAGE_PATCHING))
    {
      /* The author scrolled the page (our own scrolls are not reported):
       * the source follows. */
      g_autoptr(JSCValue) line = jsc_value_object_get_property (message, "line");
      double value = jsc_value_to_double (line);

      if (value >= 1 && value <= G_MAXUINT)
        _billet_preview_scrolled_to_line (self, value);
    }
}

/* Scroll sync */

static void
sync_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(BilletPreview) self = user_data;
  g_autoptr(JSCValue) value = NULL;
  g_autoptr(GError) error = NULL;

  value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->sync_in_flight = FALSE;
  if (self->sync_pending || self->sync_pending_reveal)
    _billet_preview_run_sync (self);
}

/* Sends the latest scroll request, one at a time: scrolling the source
 * asks many times a frame, the page needs only the last. */
void
_billet_preview_run_sync (BilletPreview *self)
{
  g_autofree char *script = NULL;
  char line[G_ASCII_DTOSTR_BUF_SIZE];

  if (self->view == NULL || self->sync_in_flight || self->state != PAGE_READY)
    return;
  if (!self->sync_pending && !self->sync_pending_reveal)
    return;
  /* The cursor's line alone, in a text still rendering (a key moved it):
   * it goes with that render's patch, one call to the page a key rather
   * than two, and is revealed in the blocks that hold it. render_cb()
   * comes back here if no patch took it. */
  if (!self->sync_pending && self->rendering)
    return;

  g_ascii_dtostr (line, sizeof line, self->sync_pending_line);
  script = g_strdup_printf ("billet.%s(%s)", self->sync_pending ? "scrollToLine" : "reveal", line);
  self->sync_pending = self->sync_pending_reveal = FALSE;
  self->sync_in_flight = TRUE;
  run_script (self, script, -1, sync_cb, g_object_ref (self));
}

void
_billet_preview_scroll_to_line (BilletPreview *self,
                                double         line)
{
  if (!self->sync_scroll || !(line >= 1.0))
    return;

  self->scroll_requests++;
  self->sync_pending_line = line;
  self->sync_pending = TRUE;
  self->sync_pending_reveal = FALSE;
  _billet_preview_run_sync (self);
}

void
_billet_preview_reveal_line (BilletPreview *self,
                             guint          line)
{
  if (!self->sync_scroll || line == 0)
    return;

  /* A scroll already asked for wins: it puts the same place in view. */
  if (!self->sync_pending)
    {
      self->sync_pending_line = line;
      self->sync_pending_reveal = TRUE;
    }
  _billet_preview_run_sync (self);
}
