/* billet-preview-slot.h — what the window and the preview module say to each other
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The preview lives in a module the editor loads once its window is on
 * screen (linking WebKitGTK costs start-up time). Both sides compile
 * against this header: the module's widget implements BilletPreviewSlot,
 * the window drives it through these functions only, and hears back
 * through typed callbacks.
 *
 * Lines are the body's, 1-based: the source view's line + 1 (the view
 * shows the body only).
 */

#pragma once

#include <gtk/gtk.h>

#include "billet-document.h"
#include "billet-outline.h"

G_BEGIN_DECLS

#define BILLET_TYPE_PREVIEW_SLOT (billet_preview_slot_get_type ())

G_DECLARE_INTERFACE (BilletPreviewSlot, billet_preview_slot, BILLET, PREVIEW_SLOT, GtkWidget)

/**
 * BilletPreviewSlotCallbacks:
 * @line_activated: the author clicked a block of the page, from @line of
 *   the source (in proportion within the block)
 * @scrolled_to_line: the author scrolled the page (wheel, scroll bar,
 *   keyboard; never the preview's own scrolling): @line, fractional, is
 *   the source line at its top
 * @remote_image_sites_changed: the author allowed remote images for a
 *   whole site from the preview's bar: @sites is the new list of sites'
 *   folders, for the "remote-image-sites" setting
 * @outline_changed: a render of the document ended: @outline holds its
 *   headings (the window's outline is made from the preview's parse,
 *   never a parse of its own), or is %NULL once the preview shows no
 *   document
 *
 * What the preview tells whoever shows it. Any member may be %NULL. None
 * is called while sync-scroll is off, except @remote_image_sites_changed
 * and @outline_changed.
 */
typedef struct
{
  void (*line_activated)             (gpointer            user_data,
                                      guint               line);
  void (*scrolled_to_line)           (gpointer            user_data,
                                      double              line);
  void (*remote_image_sites_changed) (gpointer            user_data,
                                      const char * const *sites);
  void (*outline_changed)            (gpointer            user_data,
                                      BilletOutline      *outline);
} BilletPreviewSlotCallbacks;

struct _BilletPreviewSlotInterface
{
  GTypeInterface parent_iface;

  void (*set_document)           (BilletPreviewSlot                *self,
                                  BilletDocument                   *document);
  void (*set_sync_scroll)        (BilletPreviewSlot                *self,
                                  gboolean                          sync_scroll);
  void (*set_load_remote_images) (BilletPreviewSlot                *self,
                                  gboolean                          load_remote_images);
  void (*set_remote_image_sites) (BilletPreviewSlot                *self,
                                  const char * const               *sites);
  void (*scroll_to_line)         (BilletPreviewSlot                *self,
                                  double                            line);
  void (*reveal_line)            (BilletPreviewSlot                *self,
                                  guint                             line);
  void (*set_callbacks)          (BilletPreviewSlot                *self,
                                  const BilletPreviewSlotCallbacks *callbacks,
                                  gpointer                          user_data);
};

void billet_preview_slot_set_document           (BilletPreviewSlot                *self,
                                                 BilletDocument                   *document);
void billet_preview_slot_set_sync_scroll        (BilletPreviewSlot                *self,
                                                 gboolean                          sync_scroll);
void billet_preview_slot_set_load_remote_images (BilletPreviewSlot                *self,
                                                 gboolean                          load_remote_images);
void billet_preview_slot_set_remote_image_sites (BilletPreviewSlot                *self,
                                                 const char * const               *sites);
void billet_preview_slot_scroll_to_line         (BilletPreviewSlot                *self,
                                                 double                            line);
void billet_preview_slot_reveal_line            (BilletPreviewSlot                *self,
                                                 guint                             line);
void billet_preview_slot_set_callbacks          (BilletPreviewSlot                *self,
                                                 const BilletPreviewSlotCallbacks *callbacks,
                                                 gpointer                          user_data);

/* The preview module's entry point, which the window looks up by this
 * name: the type of the module's preview, a widget that implements
 * BilletPreviewSlot. */
#define BILLET_PREVIEW_MODULE_ENTRY "billet_preview_module_get_type"
typedef GType (*BilletPreviewModuleEntry) (void);
GType billet_preview_module_get_type (void);

G_END_DECLS
