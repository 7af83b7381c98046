#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/i18n/test-cli-fr.sh BILLET — the command line speaks French in fr_FR.UTF-8, with the
# catalogue of the build tree (billet finds _build/po by itself), and English in C.
# Skipped (TAP "1..0 # SKIP") when the fr_FR.UTF-8 locale is missing: build-aux/dev deps generates it.

set -uo pipefail

BILLET=${1:-${BILLET_BINARY:-}}
[ -x "$BILLET" ] || { echo "usage: $0 PATH/TO/billet"; exit 2; }

if ! locale -a 2>/dev/null | grep -qix 'fr_FR\.utf-\?8'; then
  echo "1..0 # SKIP the fr_FR.UTF-8 locale is missing; generate it with build-aux/dev deps (as root)"
  exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/billet-cli-fr.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failures=0
n=0

# run LOCALE ARGS... — billet's stdout, stderr and status in $out, $err, $status.
run () {
  local loc=$1
  shift
  out=$(LANGUAGE= LANG="$loc" LC_ALL="$loc" BILLET_LOCALEDIR= "$BILLET" "$@" 2>"$tmp/stderr")
  status=$?
  err=$(cat "$tmp/stderr")
}

# check DESCRIPTION WANTED_STATUS STREAM SUBSTRING...
check () {
  local what=$1 want=$2 stream=$3 s text ok=1
  shift 3
  n=$((n + 1))
  text=$([ "$stream" = out ] && printf '%s' "$out" || printf '%s' "$err")
  if [ "$status" -ne "$want" ]; then
    ok=0
    echo "  exit status $status, expected $want"
  fi
  for s in "$@"; do
    if [[ "$text" != *"$s"* ]]; then
      ok=0
      echo "  std$stream lacks: $s"
    fi
  done
  if [ "$ok" -eq 1 ]; then
    echo "ok $n - $what"
  else
    echo "not ok $n - $what"
    echo "  --- stdout:"; printf '%s\n' "$out" | sed 's/^/  | /'
    echo "  --- stderr:"; printf '%s\n' "$err" | sed 's/^/  | /'
    failures=$((failures + 1))
  fi
}

NBSP=$'\u00a0'

cat >"$tmp/post.md" <<'EOF'
---
title: "Écrire le matin"
date: 2020-09-29
tags: [écriture, habitudes]
---

Le matin, avant que la journée ne commence, j’écris une page.
EOF
printf -- '---\ntitle: caf\xe9\n---\n\nDu texte en Latin-1.\n' >"$tmp/latin1.md"

run fr_FR.UTF-8 --help
check "billet --help in French" 0 out \
  "Utilisation${NBSP}: billet [FICHIER.md | DOSSIER]…" \
  "Commandes (sans affichage graphique)${NBSP}:" \
  "billet get ARTICLE CLÉ" \
  "Affiche une valeur de l’en-tête" \
  "Code de retour${NBSP}:"

run fr_FR.UTF-8 get
check "a usage error in French" 2 err \
  "get prend un article et une clé" \
  "(voir «${NBSP}billet get --help${NBSP}»)"

run fr_FR.UTF-8 get /nonexistent title
check "a missing post: status 2, the path in the message" 2 err "/nonexistent"

run fr_FR.UTF-8 get "$tmp/post.md" author
check "a missing key in French" 1 err "Il n’y a pas de clé «${NBSP}author${NBSP}»"

run fr_FR.UTF-8 set "$tmp/post.md" draft --type=color yes
check "an unknown type in French" 2 err "Type «${NBSP}color${NBSP}» inconnu"

run fr_FR.UTF-8 set --help
check "a command's --help in French" 0 out \
  "ARTICLE CLÉ VALEUR…" \
  "Type d’une nouvelle clé${NBSP}:"

run fr_FR.UTF-8 check "$tmp/latin1.md"
check "check reports in French" 1 err "Le fichier n’est pas en UTF-8"

run fr_FR.UTF-8 export "$tmp/post.md" -o -
check "an exported page in French" 0 out \
  "1${NBSP}min de lecture" \
  'aria-label="Étiquettes"'

run fr_FR.UTF-8 export "$tmp"
check "a folder export without -o, in French" 2 err "L’export d’un dossier demande -o SORTIE"

# The parsers' problems, in French with their position and no English left in them
printf -- '---\ntitle: "Écrire le matin\ndate: 2020-09-29\n---\n\nTexte.\n' >"$tmp/quote.md"
printf -- '---\ntitle: Écrire\ntags: [a, b\ndate: 2020-09-29\n---\n\nTexte.\n' >"$tmp/flow.md"
printf -- '---\ntitle: Écrire: le matin: tôt\n---\n\nTexte.\n' >"$tmp/colon.md"
printf -- '---\ntitle: Écrire\n\tdate: 2020-09-29\n---\n\nTexte.\n' >"$tmp/tab.md"
printf -- '+++\ntitle = "Écrire\n+++\n\nTexte.\n' >"$tmp/toml-string.md"
printf -- '+++\ntitle = "Écrire"\ntags = [1,,]\n+++\n\nTexte.\n' >"$tmp/toml-comma.md"
printf -- '+++\ntitle = "Écrire"\ntitle = "Lire"\n+++\n\nTexte.\n' >"$tmp/toml-twice.md"
printf -- '+++\ndate = 2020-13-01\n+++\n\nTexte.\n' >"$tmp/toml-month.md"

# check_parser FILE WHERE FRENCH... — billet check FILE in French: status 1, "FILE:WHERE: French",
# and none of the parsers' English words
check_parser () {
  local file=$1 where=$2 english=0 w
  shift 2
  run fr_FR.UTF-8 check "$tmp/$file"
  check "$file: the parser's problem in French at $where" 1 err "$tmp/$file:$where: " "$@"
  n=$((n + 1))
  for w in "found " "expected" " while " "Error" "saw " "parsing" "scanning" "Invalid"; do
    [[ "$err" == *"$w"* ]] && { english=1; echo "  English left: $w"; }
  done
  if [ "$english" -eq 0 ]; then
    echo "ok $n - $file: no English in the message"
  else
    echo "not ok $n - $file: no English in the message"
    printf '%s\n' "$err" | sed 's/^/  | /'
    failures=$((failures + 1))
  fi
}

check_parser quote.md 2:8 "YAML non valide${NBSP}: fin du texte inattendue en lisant un texte entre guillemets"
check_parser flow.md 4:5 "YAML non valide${NBSP}: «${NBSP},${NBSP}» ou «${NBSP}]${NBSP}» attendu, introuvable en lisant une liste entre crochets"
check_parser colon.md 2:14 "YAML non valide${NBSP}: une valeur de clé («${NBSP}:${NBSP}») n’est pas permise ici"
check_parser tab.md 3:1 "YAML non valide${NBSP}: une tabulation rompt l’indentation en lisant une valeur sans guillemets"
check_parser toml-string.md 2:16 "TOML non valide${NBSP}: les caractères de contrôle autres que la tabulation (U+0009) doivent être échappés, en lisant une chaîne"
check_parser toml-comma.md 3:11 "TOML non valide${NBSP}: valeur ou «${NBSP}]${NBSP}» attendu, «${NBSP},${NBSP}» trouvé, en lisant un tableau"
check_parser toml-twice.md 3:9 "TOML non valide${NBSP}: «${NBSP}title${NBSP}» est déjà défini (chaîne), en lisant une clé et sa valeur"
check_parser toml-month.md 2:15 "TOML non valide${NBSP}: mois entre 1 et 12 attendu, 13 trouvé, en lisant une date"

run C get
check "the C locale stays English" 2 err "get takes a post and a key"

echo "1..$n"
exit $((failures > 0))
