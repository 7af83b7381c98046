/* billet-preview-slot.c — what the window and the preview module say to each other
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Part of the editor, which exports it: the preview module's widget
 * implements the interface and resolves its type here, as it resolves
 * BilletDocument's.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include "billet-preview-slot.h"

G_DEFINE_INTERFACE (BilletPreviewSlot, billet_preview_slot, GTK_TYPE_WIDGET)

static void
billet_preview_slot_default_init (BilletPreviewSlotInterface *iface)
{
}

/**
 * billet_preview_slot_set_document:
 * @document: (nullable): the document to show, or %NULL for none
 *
 * Shows @document, rendered now and again after each of its changes.
 */
void
billet_preview_slot_set_document (BilletPreviewSlot *self,
                                  BilletDocument    *document)
{
  g_return_if_fail (BILLET_IS_PREVIEW_SLOT (self));
  g_return_if_fail (document == NULL || BILLET_IS_DOCUMENT (document));

  BILLET_PREVIEW_SLOT_GET_IFACE (self)->set_document (self, document);
}

/**
 * billet_preview_slot_set_sync_scroll:
 *
 * Whether the page follows billet_preview_slot_scroll_to_line() and
 * billet_preview_slot_reveal_line(), and the author's clicks in it are
 * reported (the "sync-scroll" setting).
 */
void
billet_preview_slot_set_sync_scroll (BilletPreviewSlot *self,
                                     gboolean           sync_scroll)
{
  g_return_if_fail (BILLET_IS_PREVIEW_SLOT (self));

  BILLET_PREVIEW_SLOT_GET_IFACE (self)->set_sync_scroll (self, sync_scroll);
}

/**
 * billet_preview_slot_set_load_remote_images:
 *
 * Whether http: and https: images load in every post (the
 * "load-remote-images" setting).
 */
void
billet_preview_slot_set_load_remote_images (BilletPreviewSlot *self,
                                            gboolean           load_remote_images)
{
  g_return_if_fail (BILLET_IS_PREVIEW_SLOT (self));

  BILLET_PREVIEW_SLOT_GET_IFACE (self)->set_load_remote_images (self, load_remote_images);
}

/**
 * billet_preview_slot_set_remote_image_sites:
 * @sites: (nullable): real paths of sites' folders
 *
 * The sites whose posts load remote images (the "remote-image-sites"
 * setting).
 */
void
billet_preview_slot_set_remote_image_sites (BilletPreviewSlot  *self,
                                            const char * const *sites)
{
  g_return_if_fail (BILLET_IS_PREVIEW_SLOT (self));

  BILLET_PREVIEW_SLOT_GET_IFACE (self)->set_remote_image_sites (self, sites);
}

/**
 * billet_preview_slot_scroll_to_line:
 * @line: a line of the body, 1-based, fractional (12.5 is halfway down
 *   line 12)
 *
 * Scrolls the page so that the place of @line, within the block that
 * holds it, is at the top.
 */
void
billet_preview_slot_scroll_to_line (BilletPreviewSlot *self,
                                    double             line)
{
  g_return_if_fail (BILLET_IS_PREVIEW_SLOT (self));

  BILLET_PREVIEW_SLOT_GET_IFACE (self)->scroll_to_line (self, line);
}

/**
 * billet_preview_slot_reveal_line:
 * @line: a line of the body, 1-based
 *
 * Scrolls the page, as little as possible, so that the place of @line is
 * in sight (the cursor moved).
 */
void
billet_preview_slot_reveal_line (BilletPreviewSlot *self,
                                 guint              line)
{
  g_return_if_fail (BILLET_IS_PREVIEW_SLOT (self));

  BILLET_PREVIEW_SLOT_GET_IFACE (self)->reveal_line (self, line);
}

/**
 * billet_preview_slot_set_callbacks:
 * @callbacks: (nullable): what to call back, which must outlive the
 *   preview or the next call; %NULL for nothing
 * @user_data: the callbacks' first argument
 *
 * Sets what the preview tells its owner: one owner at a time.
 */
void
billet_preview_slot_set_callbacks (BilletPreviewSlot                *self,
                                   const BilletPreviewSlotCallbacks *callbacks,
                                   gpointer                          user_data)
{
  g_return_if_fail (BILLET_IS_PREVIEW_SLOT (self));

  BILLET_PREVIEW_SLOT_GET_IFACE (self)->set_callbacks (self, callbacks, user_data);
}
