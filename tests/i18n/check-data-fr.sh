#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/i18n/check-data-fr.sh DESKTOP METAINFO — i18n.merge_file put the French
# translations into the desktop file and the AppStream metainfo of the build.

set -uo pipefail
desktop=$1 metainfo=$2 fail=0

for key in Name GenericName Comment Keywords; do
  if ! grep -q "^$key\[fr\]=." "$desktop"; then
    echo "$desktop has no $key[fr]"
    fail=1
  fi
done
for element in name summary p li developer_name; do
  if ! grep -q "<$element xml:lang=\"fr\">" "$metainfo"; then
    echo "$metainfo has no French <$element>"
    fail=1
  fi
done
[ "$fail" -eq 0 ] && echo "French desktop file and metainfo: $(grep -c '^[A-Za-z]*\[fr\]=' "$desktop") keys, $(grep -c 'xml:lang="fr"' "$metainfo") elements"
exit "$fail"
