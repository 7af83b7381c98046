/* billet-arena.h — memory for one parse tree, released at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include <cmark-gfm.h>

G_BEGIN_DECLS

typedef struct _BilletArena BilletArena;

BilletArena *billet_arena_push    (gsize        size_hint);
void         billet_arena_pop     (BilletArena *arena);
cmark_mem   *billet_arena_get_mem (void);

G_END_DECLS
