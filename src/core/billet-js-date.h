/* billet-js-date.h — dates written as JavaScript's Date reads them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A calendar date and a time of day as written, and the zone's offset. */
typedef struct
{
  guint    year;
  guint    month;   /* 1–12 */
  guint    day;
  guint    hour;
  guint    minute;
  guint    second;
  gboolean has_time;
  int      offset_minutes;  /* east of UTC, from "GMT+0200", "+02:00"; 0 without */
} BilletJsDate;

gboolean billet_js_date_parse (const char   *text,
                               BilletJsDate *date);

char    *billet_js_date_with_day (const char *text,
                                  guint       year,
                                  guint       month,
                                  guint       day);

G_END_DECLS
