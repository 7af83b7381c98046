/* billet-date-row.h — an entry row for a date or a datetime, with a calendar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BILLET_TYPE_DATE_ROW (billet_date_row_get_type ())

G_DECLARE_FINAL_TYPE (BilletDateRow, billet_date_row, BILLET, DATE_ROW, AdwEntryRow)

GtkWidget *billet_date_row_new         (void);
gboolean   billet_date_row_get_valid   (BilletDateRow *self);
void       billet_date_row_pick_date   (BilletDateRow *self,
                                        GDateTime     *date);
char      *billet_date_row_dup_display (BilletDateRow *self);
void       billet_date_row_set_text_dates (BilletDateRow *self,
                                           gboolean       text_dates);

G_END_DECLS
