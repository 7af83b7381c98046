#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/i18n/check-catalogue.py SRCROOT [LANG...] — each po/LANG.po (default: every
# language of po/LINGUAS) is complete, for the source as it is now:
#
#   1. msgfmt --check --check-accelerators=_ --statistics accepts po/LANG.po and reports
#      neither untranslated nor fuzzy messages;
#   2. a template extracted afresh from po/POTFILES.in, as Meson's i18n 'glib' preset
#      extracts it (billet-pot), merged into po/LANG.po without fuzzy matching, leaves no
#      message untranslated: a string added to the source without a translation fails here;
#   3. French typography (fr.po): ’ not ', « and » with a no-break space inside, a no-break
#      space (U+00A0) before “:”, a narrow no-break space (U+202F) before “;”, “!”, “?”,
#      and … where the source has it.
#
# To fix a failure: meson compile -C _build billet-update-po, translate the messages it
# lists, and run this again.

import os
import re
import shutil
import subprocess
import sys
import tempfile

# Meson's i18n module, PRESET_ARGS['glib'] (mesonbuild/modules/i18n.py), plus the
# arguments its gettext script adds (mesonbuild/scripts/gettext.py), plus ours
# (po/meson.build: billet_xgettext_args).
XGETTEXT_GLIB_PRESET = [
    '--from-code=UTF-8',
    '--add-comments',
    '--keyword=_',
    '--keyword=N_',
    '--keyword=C_:1c,2',
    '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2',
    '--keyword=g_dngettext:2,3',
    '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format',
    '--flag=C_:2:pass-c-format',
    '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format',
    '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format',
    '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format',
    '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format',
    '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format',
    '--flag=g_printerr:1:c-format',
    '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format',
    '--flag=g_sprintf:2:c-format',
    '--flag=g_snprintf:3:c-format',
] + [
    # The text of pages, in the page's language (src/core/billet-page-text.h).
    '--keyword=billet_page_text:2',
    '--keyword=billet_page_ntext:2,3',
    '--flag=billet_page_text:2:pass-c-format',
    '--flag=billet_page_ntext:2:pass-c-format',
    '--flag=billet_page_ntext:3:pass-c-format',
]

NBSP = '\u00a0'
NNBSP = '\u202f'

failures = []


def fail(message):
    failures.append(message)
    print('FAIL: ' + message)


def run(argv, **kwargs):
    return subprocess.run(argv, capture_output=True, text=True, **kwargs)


def statistics(po):
    """msgfmt's verdict on @po: (ok, translated, fuzzy, untranslated, output)."""
    r = run(['msgfmt', '--check', '--check-accelerators=_', '--statistics',
             '-o', os.devnull, po], env=dict(os.environ, LC_ALL='C', LANGUAGE=''))
    text = r.stderr + r.stdout

    def count(word):
        m = re.search(r'(\d+) ' + word + r' messages?', text)
        return int(m.group(1)) if m else 0
    return (r.returncode == 0, count('translated'), count('fuzzy'), count('untranslated'),
            text.strip())


def list_messages(po, *flags):
    """The msgids that msgattrib @flags selects in @po, one string each."""
    r = run(['msgattrib', '--no-wrap', '--no-obsolete', *flags, po])
    ids = []
    for block in r.stdout.split('\n\n'):
        m = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if m:
            text = ''.join(re.findall(r'"(.*)"', m.group(1)))
            if text:
                ids.append(text)
    return ids


def parse_po(path):
    """(msgid, [msgstr...]) pairs of the translated, non-obsolete messages of @path."""
    r = run(['msgattrib', '--no-wrap', '--no-obsolete', '--translated', path], check=True)
    entries = []
    for block in r.stdout.split('\n\n'):
        fields = {}
        key = None
        for line in block.split('\n'):
            m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if m:
                key = m.group(1)
                fields[key] = m.group(2)
            elif line.startswith('"') and key:
                fields[key] += line[1:-1]
        if fields.get('msgid'):
            strs = [v for k, v in sorted(fields.items()) if k.startswith('msgstr')]
            entries.append((fields['msgid'], strs))
    return entries


def check_french_typography(po):
    for msgid, strs in parse_po(po):
        # A mark glued between two words is syntax, not punctuation (the desktop file's
        # "Keywords" list, "FILE:LINE:COL").
        glued = set(re.findall(r'\w([:;!?])\w', msgid))
        for s in strs:
            where = 'fr.po, msgid "%s": "%s"' % (msgid, s)
            if "'" in s and "'" not in msgid:
                fail(where + ": a straight apostrophe ' where French uses ’ (U+2019)")
            if '\\"' in s and '\\"' not in msgid:
                fail(where + ': straight quotes where French uses « »')
            if '“' in s or '”' in s:
                fail(where + ': English quotes “ ” where French uses « »')
            if '...' in s and '...' not in msgid:
                fail(where + ': three dots where the source has …')
            if re.search('«(?!' + NBSP + ')', s) or re.search('(?<!' + NBSP + ')»', s):
                fail(where + ': « and » take a no-break space (U+00A0) inside')
            for m in re.finditer(r'(.)([:;!?])', s):
                before, mark = m.group(1), m.group(2)
                if before in ' \t' + ('' if mark == ':' else NBSP):
                    wanted = 'a no-break space (U+00A0)' if mark == ':' \
                        else 'a narrow no-break space (U+202F)'
                    fail(where + ': “%s” takes %s before it' % (mark, wanted))
                elif mark in ';!?' and mark not in glued and re.match(r'[\w»)]', before) \
                        and not re.match(r'[\w%]', s[m.end():m.end() + 1] or ' '):
                    fail(where + ': “%s” takes a narrow no-break space (U+202F) before it' % mark)


def main():
    srcroot = os.path.abspath(sys.argv[1] if len(sys.argv) > 1
                              else os.path.join(os.path.dirname(__file__), '..', '..'))
    podir = os.path.join(srcroot, 'po')
    for tool in ('xgettext', 'msgmerge', 'msgfmt', 'msgattrib'):
        if shutil.which(tool) is None:
            print('%s not found (Debian package gettext)' % tool)
            return 2

    langs = sys.argv[2:]
    if not langs:
        with open(os.path.join(podir, 'LINGUAS'), encoding='utf-8') as f:
            for line in f:
                langs += line.split('#', 1)[0].split()
    if not langs:
        fail('po/LINGUAS lists no language')

    with tempfile.TemporaryDirectory(prefix='billet-catalogue.') as tmp:
        pot = os.path.join(tmp, 'billet.pot')
        r = run(['xgettext', '--package-name=billet', '-f', os.path.join(podir, 'POTFILES.in'),
                 '-D', srcroot, '-k_', '-o', pot] + XGETTEXT_GLIB_PRESET)
        if r.returncode != 0 or not os.path.exists(pot):
            fail('xgettext failed:\n' + r.stderr)
            return 1
        if r.stderr.strip():
            print(r.stderr.strip())
        total = sum(1 for _ in re.finditer(r'^msgid ', open(pot, encoding='utf-8').read(), re.M)) - 1
        print('fresh template: %d messages from po/POTFILES.in' % total)

        for lang in langs:
            po = os.path.join(podir, lang + '.po')
            if not os.path.exists(po):
                fail('po/LINGUAS lists %s, but po/%s.po does not exist' % (lang, lang))
                continue

            ok, translated, fuzzy, untranslated, text = statistics(po)
            print('po/%s.po: %s' % (lang, text))
            if not ok:
                fail('msgfmt --check rejects po/%s.po:\n%s' % (lang, text))
            if fuzzy or untranslated:
                fail('po/%s.po has %d fuzzy and %d untranslated messages' % (lang, fuzzy, untranslated))
                for msgid in list_messages(po, '--only-fuzzy'):
                    print('  fuzzy: "%s"' % msgid)
                for msgid in list_messages(po, '--untranslated'):
                    print('  untranslated: "%s"' % msgid)

            merged = os.path.join(tmp, lang + '.po')
            r = run(['msgmerge', '--quiet', '--no-fuzzy-matching', '--no-wrap',
                     '-o', merged, po, pot])
            if r.returncode != 0:
                fail('msgmerge po/%s.po failed:\n%s' % (lang, r.stderr))
                continue
            ok, translated, fuzzy, untranslated, text = statistics(merged)
            print('po/%s.po merged with the fresh template: %s' % (lang, text))
            if not ok or fuzzy or untranslated:
                missing = list_messages(merged, '--untranslated') + \
                    list_messages(merged, '--only-fuzzy')
                fail('po/%s.po lacks %d message(s) of the source (run meson compile '
                     'billet-update-po and translate them):\n%s'
                     % (lang, len(missing), '\n'.join('  "%s"' % m for m in missing)))
            obsolete = run(['msgattrib', '--only-obsolete', merged]).stdout.count('#~ msgid ')
            if obsolete:
                print('note: po/%s.po has %d message(s) the source no longer uses' % (lang, obsolete))

            if lang == 'fr':
                check_french_typography(po)

    if failures:
        print('%d problem(s)' % len(failures))
        return 1
    print('catalogue complete: ' + ', '.join(langs))
    return 0


if __name__ == '__main__':
    sys.exit(main())
