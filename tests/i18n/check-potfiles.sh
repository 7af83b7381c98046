#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/i18n/check-potfiles.sh SRCROOT — po/POTFILES.in lists exactly the files that have
# translatable strings:
#   - every file under src/ and data/ from which xgettext extracts a message is listed;
#   - every listed file exists, and xgettext finds at least one message in it;
#   - the list is sorted (LC_ALL=C) and has no duplicates.
# A file is a candidate when it looks translatable (gettext calls in C, translatable="yes"
# in GtkBuilder files, or a desktop/metainfo/schema file); xgettext, run as Meson's 'glib'
# preset runs it, decides whether it really holds a message.

set -uo pipefail
export LC_ALL=C

SRCROOT=${1:-$(cd "$(dirname "$0")/../.." && pwd -P)}
cd "$SRCROOT" || exit 2
POTFILES=po/POTFILES.in

command -v xgettext >/dev/null || { echo "xgettext not found (Debian package gettext)"; exit 2; }
[ -f "$POTFILES" ] || { echo "$POTFILES is missing"; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/billet-potfiles.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0

# Does xgettext extract at least one message from $1?
has_messages () {
  rm -f "$tmp/one.pot"
  xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
           --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
           --keyword=billet_page_text:2 --keyword=billet_page_ntext:2,3 \
           --output="$tmp/one.pot" -- "$1" 2>"$tmp/xgettext.err" || {
    echo "xgettext failed on $1:"; sed 's/^/  /' "$tmp/xgettext.err"; return 2; }
  [ -f "$tmp/one.pot" ] && grep -q '^#: ' "$tmp/one.pot"
}

# The listed files: no comments, no blank lines.
sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$POTFILES" >"$tmp/listed"

if ! sort -c "$tmp/listed" 2>/dev/null; then
  echo "$POTFILES is not sorted (LC_ALL=C sort); expected order:"
  sort -u "$tmp/listed" | sed 's/^/  /'
  fail=1
fi
if [ -n "$(uniq -d "$tmp/listed")" ]; then
  echo "$POTFILES lists a file twice: $(uniq -d "$tmp/listed" | tr '\n' ' ')"
  fail=1
fi

while IFS= read -r f; do
  if [ ! -f "$f" ]; then
    echo "$POTFILES lists $f, which does not exist"
    fail=1
  else
    has_messages "$f"
    case $? in
      0) ;;
      1) echo "$POTFILES lists $f, but it has no translatable string"; fail=1 ;;
      *) fail=1 ;;
    esac
  fi
done <"$tmp/listed"

# Candidates: C sources with a gettext call, GtkBuilder files with a translatable
# property, and the data files whose format is translatable by nature.
{
  grep -rlE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|Q_|g_dgettext|g_dcgettext|g_dngettext|g_dpgettext2?|gettext|dgettext|ngettext|dngettext|billet_page_n?text)[[:space:]]*\(' \
       --include='*.c' --include='*.cpp' --include='*.h' src data 2>/dev/null
  grep -rlE 'translatable="(yes|true|1)"' --include='*.ui' --include='*.ui.in' src data 2>/dev/null
  find data src -type f \( -name '*.desktop.in' -o -name '*.desktop.in.in' \
                           -o -name '*.metainfo.xml.in' -o -name '*.metainfo.xml.in.in' \
                           -o -name '*.appdata.xml.in' -o -name '*.appdata.xml.in.in' \
                           -o -name '*.gschema.xml' -o -name '*.gschema.xml.in' \) 2>/dev/null
} | sort -u >"$tmp/candidates"

while IFS= read -r f; do
  grep -qxF -- "$f" "$tmp/listed" && continue
  has_messages "$f"
  case $? in
    0) echo "$f has translatable strings but is not in $POTFILES"; fail=1 ;;
    1) ;;
    *) fail=1 ;;
  esac
done <"$tmp/candidates"

if [ "$fail" -eq 0 ]; then
  echo "$POTFILES: $(wc -l <"$tmp/listed") files, every file with translatable strings listed"
fi
exit "$fail"
