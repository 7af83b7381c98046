#!/usr/bin/env python3
# open-big-startup.py — billet-editor started on a 64 MiB post: how long until
# the post shows, and how long its main loop was ever away from poll()
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage (under a display, e.g. xvfb-run -a dbus-run-session --):
#   tests/bench/open-big-startup.py BILLET_EDITOR SCHEMA_DIR [RUNS]
#
# Shown: from exec to the window's title becoming the post's title, which
# the window sets once the post's text is all in its buffers (while it
# loads, the title is the file's name). Watched with xprop -spy: no
# polling.
#
# Held: the same start, traced with strace (seccomp filter: only poll()
# and ppoll() stop the program). Every gap between the main thread's
# return from poll() and its next call is time its loop ran or was blocked
# on anything else: the longest gap after the window is mapped is the
# longest the window could not answer. Under strace each poll() costs a
# little more, so its "shown" is printed but not the one to quote.

import os
import re
import subprocess
import sys
import tempfile
import time

SIZE = 64 * 1024 * 1024
HEAD = '---\ntitle: "Un très long billet"\ndate: 2024-06-18\n---\n'
TITLE = 'long billet'   # xprop may escape the è
SECTION = ('\n## Section\n\nLe café du matin est une affaire sérieuse : on le prépare '
           'avec soin, *lentement*, en écoutant la ville qui s’éveille.\n\n'
           '- un premier point\n- un second\n\n```c\nint main (void) { return 0; }\n```\n')


def write_post(path):
    data = HEAD.encode() + SECTION.encode() * (SIZE // len(SECTION.encode()) + 1)
    data = data[:SIZE - 1]
    data = data[:data.rindex(b'\n') + 1]
    data += b'x' * (SIZE - 1 - len(data)) + b'\n'
    assert len(data) == SIZE
    with open(path, 'wb') as f:
        f.write(data)


def find_window(deadline):
    """The editor's window: the first top-level one on the display (none runs
    before) but GTK's hidden leader, off screen."""
    while time.monotonic() < deadline:
        out = subprocess.run(['xwininfo', '-root', '-children'], capture_output=True,
                             text=True).stdout
        for line in out.splitlines():
            m = re.match(r'\s+(0x[0-9a-f]+) "([^"]*)"', line)
            if m and '+-100+-100' not in line:
                return m.group(1), time.monotonic()
        time.sleep(0.01)
    raise SystemExit('no window')


def run(editor, env, post, trace=None):
    argv = [editor, post]
    if trace is not None:
        argv = ['strace', '-f', '--seccomp-bpf', '-e', 'trace=poll,ppoll', '-ttt', '-T',
                '-o', trace] + argv
    start = time.monotonic()
    wall_start = time.time()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wid, mapped = find_window(start + 60)
        spy = subprocess.Popen(['xprop', '-spy', '-id', wid, 'WM_NAME'],
                               stdout=subprocess.PIPE, text=True)
        shown = None
        for line in spy.stdout:
            if TITLE in line:
                shown = time.monotonic()
                break
        spy.kill()
        spy.wait()
        time.sleep(1.5)   # what follows a load: preview, status line
        end_wall = time.time()
    finally:
        os.killpg(proc.pid, 15)
        proc.wait()
    return proc.pid, wall_start + (mapped - start), wall_start + (shown - start), end_wall, \
        mapped - start, shown - start


def longest_gap(trace, pid, since, until):
    """The longest time the main thread spent between two poll() calls."""
    entry_re = re.compile(r'^(\d+)\s+(\d+\.\d+) p?poll\(')
    resumed_re = re.compile(r'^(\d+)\s+(\d+\.\d+) <\.\.\. p?poll resumed>.*<(\d+\.\d+)>$')
    done_re = re.compile(r'<(\d+\.\d+)>$')
    last_exit = None
    worst = (0.0, 0.0)
    with open(trace) as f:
        if pid is None:
            pid = int(f.readline().split()[0])
            f.seek(0)
        for line in f:
            line = line.rstrip()
            m = entry_re.match(line)
            if m and int(m.group(1)) == pid:
                ts = float(m.group(2))
                if last_exit is not None and since <= ts <= until and ts - last_exit > worst[0]:
                    worst = (ts - last_exit, last_exit)
                d = done_re.search(line)
                if d and 'unfinished' not in line:
                    last_exit = ts + float(d.group(1))
                continue
            m = resumed_re.match(line)
            if m and int(m.group(1)) == pid:
                last_exit = float(m.group(2))
    return worst


def main():
    editor, schema_dir = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    env = dict(os.environ, GSETTINGS_SCHEMA_DIR=schema_dir, GSETTINGS_BACKEND='memory',
               GTK_A11Y='none', NO_AT_BRIDGE='1', GDK_BACKEND='x11',
               # As the UI tests and benchmarks: GTK's GL renderer on llvmpipe (no GPU
               # under Xvfb) spends tens of milliseconds a frame.
               GSK_RENDERER='cairo')
    with tempfile.TemporaryDirectory(prefix='billet-open-big-') as tmp:
        env['XDG_CONFIG_HOME'] = env['XDG_DATA_HOME'] = env['XDG_CACHE_HOME'] = \
            env['XDG_STATE_HOME'] = tmp
        post = os.path.join(tmp, 'big.md')
        write_post(post)
        for i in range(runs):
            _, _, _, _, mapped, shown = run(editor, env, post)
            print(f'run {i + 1}: window mapped {mapped * 1000:.0f} ms, 64 MiB post shown '
                  f'{shown:.2f} s after exec')
        trace = os.path.join(tmp, 'trace')
        _, mapped_at, _, end_at, mapped, shown = run(editor, env, post, trace)
        gap, at = longest_gap(trace, None, mapped_at, end_at)
        print(f'traced: window mapped {mapped * 1000:.0f} ms, shown {shown:.2f} s; main loop '
              f'away from poll() at most {gap * 1000:.1f} ms between the window mapped and '
              f'1.5 s after the post showed (at +{(at - mapped_at) * 1000:.0f} ms)')


if __name__ == '__main__':
    main()
