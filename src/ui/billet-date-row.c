/* billet-date-row.c — an entry row for a date or a datetime, with a calendar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The row's text is the value exactly as the front matter writes it
 * ("2024-03-01", "2024-03-01T10:00:00+01:00", "2024-03-01 10:00:00 +0100").
 * Picking a day in the calendar replaces only the date part, so a datetime keeps its time and zone as written. Beside the text,
 * the date is shown in the author's language; the row turns to the error
 * style while the text is not a date.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "billet-date-row.h"
#include "billet-js-date.h"
#include "billet-front-matter.h"
#include "billet-value.h"

struct _BilletDateRow
{
  AdwEntryRow    parent_instance;

  GtkLabel      *display_label;
  GtkMenuButton *calendar_button;
  GtkCalendar   *calendar;

  gboolean       syncing_calendar;
  /* The key holds its date as a string: JavaScript's forms are dates too */
  gboolean       text_dates;
};

G_DEFINE_FINAL_TYPE (BilletDateRow, billet_date_row, ADW_TYPE_ENTRY_ROW)

enum {
  DATE_PICKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Datetimes may write "2024-3-1 10:00": the date ends where the time starts. */
static gsize
date_part_length (const char *text)
{
  return strcspn (text, "Tt \t");
}

/* Whether @text is a date as YAML and TOML write it. */
static gboolean
is_iso_date (const char *text)
{
  return (billet_value_is_date (text) || billet_value_is_datetime (text)) &&
         billet_value_is_valid_date (text);
}

/* The date part of @text as a GDateTime at midnight UTC, or %NULL. */
static GDateTime *
parse_date_part (BilletDateRow *self,
                 const char    *text)
{
  g_autofree char *date = NULL;
  int year, month, day;

  if (!is_iso_date (text))
    {
      g_autofree char *stripped = g_strstrip (g_strdup (text));
      BilletJsDate js;

      if (!self->text_dates || !billet_js_date_parse (stripped, &js))
        return NULL;
      return g_date_time_new_utc ((int) js.year, (int) js.month, (int) js.day, 0, 0, 0);
    }

  date = g_strndup (text, date_part_length (text));
  if (sscanf (date, "%d-%d-%d", &year, &month, &day) != 3)
    return NULL;
  return g_date_time_new_utc (year, month, day, 0, 0, 0);
}

static void
update_display (BilletDateRow *self)
{
  g_autofree char *display = billet_date_row_dup_display (self);
  gboolean valid = billet_date_row_get_valid (self);

  gtk_label_set_label (self->display_label, display ? display : "");
  if (valid)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
  else
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *value = self->text_dates
        ? billet_value_date_text_from_user (gtk_editable_get_text (GTK_EDITABLE (self)), &error)
        : billet_value_from_user (BILLET_NODE_DATE, gtk_editable_get_text (GTK_EDITABLE (self)),
                                  NULL, &error);

      gtk_widget_add_css_class (GTK_WIDGET (self), "error");
      /* What is wrong, in the words of `billet set`. */
      if (error != NULL)
        {
          gtk_widget_set_tooltip_text (GTK_WIDGET (self), error->message);
          gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                          GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, error->message, -1);
        }
    }
}

static void
on_changed_cb (BilletDateRow *self)
{
  g_assert (BILLET_IS_DATE_ROW (self));
  update_display (self);
}

static void
on_popover_show_cb (BilletDateRow *self)
{
  g_autoptr(GDateTime) date = NULL;

  g_assert (BILLET_IS_DATE_ROW (self));

  date = parse_date_part (self, gtk_editable_get_text (GTK_EDITABLE (self)));
  if (date == NULL)
    date = g_date_time_new_now_local ();

  self->syncing_calendar = TRUE;
  gtk_calendar_select_day (self->calendar, date);
  self->syncing_calendar = FALSE;
}

static void
on_calendar_day_selected_cb (BilletDateRow *self)
{
  g_autoptr(GDateTime) date = NULL;

  g_assert (BILLET_IS_DATE_ROW (self));

  if (self->syncing_calendar)
    return;

  date = gtk_calendar_get_date (self->calendar);
  billet_date_row_pick_date (self, date);
  gtk_menu_button_popdown (self->calendar_button);
}

static void
billet_date_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BILLET_TYPE_DATE_ROW);

  G_OBJECT_CLASS (billet_date_row_parent_class)->dispose (object);
}

static void
billet_date_row_class_init (BilletDateRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = billet_date_row_dispose;

  /**
   * BilletDateRow::date-picked:
   *
   * Emitted after a day picked in the calendar changed the row's text, so
   * that the owner can write it at once rather than after a typing delay.
   */
  signals[DATE_PICKED] =
    g_signal_new ("date-picked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/billet/Billet/ui/billet-date-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BilletDateRow, display_label);
  gtk_widget_class_bind_template_child (widget_class, BilletDateRow, calendar_button);
  gtk_widget_class_bind_template_child (widget_class, BilletDateRow, calendar);
  gtk_widget_class_bind_template_callback (widget_class, on_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_calendar_day_selected_cb);
}

static void
billet_date_row_init (BilletDateRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_display (self);
}

GtkWidget *
billet_date_row_new (void)
{
  return g_object_new (BILLET_TYPE_DATE_ROW, NULL);
}

/**
 * billet_date_row_get_valid:
 *
 * Returns: whether the text is a date or a datetime the front matter
 *   accepts
 */
gboolean
billet_date_row_get_valid (BilletDateRow *self)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (BILLET_IS_DATE_ROW (self), FALSE);

  /* What the form writes: a day of the calendar (billet-value.c). */
  if (self->text_dates)
    value = billet_value_date_text_from_user (gtk_editable_get_text (GTK_EDITABLE (self)), NULL);
  else
    value = billet_value_from_user (BILLET_NODE_DATE, gtk_editable_get_text (GTK_EDITABLE (self)),
                                    NULL, NULL);
  return value != NULL;
}

/**
 * billet_date_row_set_text_dates:
 * @text_dates: whether the key holds its date as a string
 *
 * A date in a string (`pubDate: 'Jul 08 2022'`, Astro's) may be written
 * as JavaScript's Date reads it; the calendar then writes the day picked
 * in the form the text has ("Aug 15 2023").
 */
void
billet_date_row_set_text_dates (BilletDateRow *self,
                                gboolean       text_dates)
{
  g_return_if_fail (BILLET_IS_DATE_ROW (self));

  self->text_dates = !!text_dates;
  update_display (self);
}

/**
 * billet_date_row_pick_date:
 * @date: the day picked
 *
 * Replaces the date part of the text by @date's (in @date's own time
 * zone), keeping any time and zone that follow it, then emits
 * "date-picked". An invalid text is replaced by the date alone.
 */
void
billet_date_row_pick_date (BilletDateRow *self,
                           GDateTime     *date)
{
  g_autofree char *day = NULL;
  g_autofree char *text = NULL;
  const char *old;

  g_return_if_fail (BILLET_IS_DATE_ROW (self));
  g_return_if_fail (date != NULL);

  old = gtk_editable_get_text (GTK_EDITABLE (self));
  day = g_date_time_format (date, "%Y-%m-%d");
  if (billet_value_is_datetime (old))
    text = g_strconcat (day, old + date_part_length (old), NULL);
  /* "Jul 08 2022" becomes "Aug 15 2023": the text keeps its form */
  else if (self->text_dates && !is_iso_date (old) &&
           (text = billet_js_date_with_day (old, (guint) g_date_time_get_year (date),
                                            (guint) g_date_time_get_month (date),
                                            (guint) g_date_time_get_day_of_month (date))) != NULL)
    ;
  else
    text = g_steal_pointer (&day);

  gtk_editable_set_text (GTK_EDITABLE (self), text);
  g_signal_emit (self, signals[DATE_PICKED], 0);
}

/**
 * billet_date_row_dup_display:
 *
 * Returns: (transfer full) (nullable): the date in the author's language,
 *   or %NULL when the text is not a date
 */
char *
billet_date_row_dup_display (BilletDateRow *self)
{
  g_autoptr(GDateTime) date = NULL;

  g_return_val_if_fail (BILLET_IS_DATE_ROW (self), NULL);

  date = parse_date_part (self, gtk_editable_get_text (GTK_EDITABLE (self)));
  if (date == NULL)
    return NULL;
  /* Translators: how a post's date shows beside its field, see
   * g_date_time_format(); "%-d %B %Y" gives "1 March 2024" */
  return g_date_time_format (date, _("%-d %B %Y"));
}
