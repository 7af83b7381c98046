#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-a11y.py — the editor as a screen reader sees it, through the AT-SPI bus
#
#   test-a11y.py EDITOR SOURCE_ROOT BUILD_ROOT LOCALE
#
# Runs under build-aux/dev test's Xvfb and D-Bus session (meson test). It
# starts an accessibility bus of its own (at-spi-bus-launcher), the real
# editor on a copy of examples/ plus a few posts of its own (every kind of
# form row, a Windows-1252 post, a draft left by a "crash"), and walks the
# accessible tree of each window and dialog with libatspi, as Orca would:
# the recovery window, the main window with a post open (form and preview on
# screen), the preferences, the shortcuts window, the about window, and the
# New Post, Could Not Open, Overwrite? and Save Changes? dialogs. Every
# control (button, toggle, menu button, check box, switch, entry, text
# view, combo box, activatable list item, slider, spin button, link…) must
# have a name that is neither empty nor a GTK type name ("GtkButton",
# "AdwEntryRow", "button"…); the offenders are listed with their role and
# their place in the tree.
#
# It also checks that
#   - the preview's web document (a document-web object with the post's
#     heading) is exposed: under the preview if the toolkit can plug it
#     there, else by WebKit's web process on the same bus (GTK 4.8 has no
#     AT-SPI socket to plug it under the window: GtkAtSpiSocket is GTK 4.14);
#   - the bars are announced: when the file changes on disk, when a post in
#     a legacy encoding opens and when the front matter turns invalid, an
#     object of role alert (or notification) appears — as
#     object:state-changed:showing, or, since GTK 4.8 emits "showing" for
#     windows only, as object:children-changed:add — with the bar's title in
#     its name or description.
#
# The editor is driven through AT-SPI too: its actions (win.new, win.save,
# window.close… are the window's AT-SPI actions), its text (EditableText),
# a click at a list row's extents; app.preferences and app.about through
# GApplication's D-Bus actions. Output is TAP; any failure prints what it saw.

import gettext
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import warnings

try:
    import gi
    gi.require_version("Atspi", "2.0")
    from gi.repository import Atspi, Gio, GLib
except (ImportError, ValueError) as e:
    print("1..0 # the AT-SPI bindings are missing (Debian: gir1.2-atspi-2.0, python3-gi): %s" % e)
    sys.exit(1)

# libatspi 2.46 marks get_action_name() deprecated, with no other name for it.
warnings.simplefilter("ignore", DeprecationWarning)

EDITOR, SOURCE_ROOT, BUILD_ROOT, LOCALE = sys.argv[1:5]
LANG = "fr" if LOCALE.startswith("fr") else "en"
TIMEOUT = 30 * float(os.environ.get("BILLET_TEST_SLOWDOWN", "1"))
APP_ID = "org.billet.Billet"

if LANG == "fr":
    _catalogue = gettext.translation("billet", os.path.join(BUILD_ROOT, "po"), ["fr"])
    _ = _catalogue.gettext
else:
    def _(s):
        return s

# Roles of the controls a screen reader lands on or acts on. A "list item"
# counts when it can take the focus (a row that activates); a focusable
# object of any other role counts unless it is a mere container.
CONTROL_ROLES = {
    "push button", "toggle button", "check box", "radio button", "switch", "entry",
    "password text", "text", "combo box", "slider", "spin button", "link", "menu item",
    "check menu item", "radio menu item", "page tab", "tree item", "list item", "editbar",
    "menu", "button",
}
CONTAINER_ROLES = {
    "application", "frame", "window", "dialog", "alert", "panel", "filler", "scroll pane",
    "viewport", "label", "separator", "list", "list box", "page tab list", "layered pane",
    "tool bar", "status bar", "heading", "image", "icon", "form", "section", "grouping",
    "landmark", "document frame", "document web", "scroll bar", "table", "tree", "tree table",
    "menu bar", "popup menu", "redundant object", "unknown", "invalid", "static", "paragraph",
    "block quote", "article", "notification", "info bar", "canvas",
}
TYPE_NAME = re.compile(r"^(Gtk|Adw|Gdk|Gsk|Billet|WebKit|GtkSource|Pango)[A-Z][A-Za-z0-9]*$")
GENERIC_NAMES = {
    "button", "push button", "toggle button", "menu button", "check box", "check button",
    "switch", "entry", "text", "text view", "combo box", "drop down", "list item", "row",
    "list box row", "slider", "scale", "spin button", "link", "label", "image", "icon",
}
ANNOUNCING_ROLES = {"alert", "notification", "info bar"}

results = []     # (ok, description, details)
children = []    # processes started here, killed at the end


def log(*args):
    print("#", *args, flush=True)


# ---------------------------------------------------------------------------
# The main loop: libatspi delivers events from GLib's default context

def pump(seconds=0.0):
    context = GLib.MainContext.default()
    deadline = time.monotonic() + seconds
    while True:
        while context.iteration(False):
            pass
        if time.monotonic() >= deadline:
            return
        time.sleep(0.02)


def wait_for(what, condition, timeout=None):
    deadline = time.monotonic() + (timeout or TIMEOUT)
    while True:
        try:
            value = condition()
        except GLib.Error:
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for %s" % what)
        pump(0.1)


# ---------------------------------------------------------------------------
# The accessible tree

def role(obj):
    try:
        return obj.get_role_name()
    except GLib.Error:
        return "?"


def name(obj):
    try:
        return obj.get_name() or ""
    except GLib.Error:
        return ""


def description(obj):
    try:
        return obj.get_description() or ""
    except GLib.Error:
        return ""


def has_state(obj, state):
    try:
        return obj.get_state_set().contains(state)
    except GLib.Error:
        return False


def kids(obj):
    try:
        n = obj.get_child_count()
    except GLib.Error:
        return []
    out = []
    for i in range(n):
        try:
            c = obj.get_child_at_index(i)
        except GLib.Error:
            c = None
        if c is not None:
            out.append(c)
    return out


def walk(obj, path=()):
    """Yields (object, path) for @obj and its descendants, depth first; a
    path is the list of (role, name) of the ancestors."""
    here = path + ((role(obj), name(obj)),)
    yield obj, here
    for c in kids(obj):
        yield from walk(c, here)


def find(root, predicate):
    for obj, _path in walk(root):
        if predicate(obj):
            return obj
    return None


def interfaces(obj):
    try:
        return obj.get_interfaces()
    except GLib.Error:
        return []


def text_of(obj):
    if "Text" not in interfaces(obj):
        return ""
    try:
        return Atspi.Text.get_text(obj, 0, Atspi.Text.get_character_count(obj)) or ""
    except GLib.Error:
        return ""


def action_names(obj):
    if "Action" not in interfaces(obj):
        return []
    try:
        return [Atspi.Action.get_action_name(obj, i) for i in range(Atspi.Action.get_n_actions(obj))]
    except GLib.Error:
        return []


def do_action(obj, action):
    names = action_names(obj)
    if action not in names:
        raise AssertionError("%s %r has no action %s (it has %s)" % (role(obj), name(obj), action, names))
    Atspi.Action.do_action(obj, names.index(action))


def insert_text(obj, text):
    Atspi.EditableText.insert_text(obj, 0, text, len(text.encode("utf-8")))


def format_path(path):
    """The named ancestors, then the object's role: a screen reader's
    idea of where it is."""
    named = ["%s “%s”" % (r, n[:40]) for r, n in path[:-1] if n and r != "panel"]
    return " › ".join(named[-4:] + [path[-1][0]])


def bad_name(obj):
    n = name(obj).strip()
    r = role(obj)
    if not n:
        return "no name"
    if any(TYPE_NAME.match(word) for word in n.split()):
        return "a type name"
    if n.lower() in GENERIC_NAMES or n.lower() == r:
        return "a generic name"
    return None


def is_control(obj):
    r = role(obj)
    focusable = has_state(obj, Atspi.StateType.FOCUSABLE)
    if r == "list item":
        return focusable
    if r in CONTROL_ROLES:
        return True
    return focusable and r not in CONTAINER_ROLES


def offenders(root):
    found = []
    for obj, path in walk(root):
        if not is_control(obj):
            continue
        why = bad_name(obj)
        if why:
            found.append("%s: %s, named %r%s — %s" % (
                role(obj), why, name(obj),
                ", described %r" % description(obj)[:40] if description(obj) else "",
                format_path(path)))
    return found


# ---------------------------------------------------------------------------
# The application

def app():
    desktop = Atspi.get_desktop(0)
    for a in kids(desktop):
        if name(a) == "billet-editor":
            return a
    return None


def toplevels():
    a = app()
    return kids(a) if a is not None else []


def new_toplevel(what, before):
    def appeared():
        for w in toplevels():
            if w not in before:
                return w
        return None
    return wait_for(what, appeared)


def gone(window):
    return window not in toplevels()


def close(window, what):
    do_action(window, "window.close")
    wait_for("%s to close" % what, lambda: gone(window))


def check(description_, problems):
    results.append((not problems, description_, problems))
    print("%s %d - %s" % ("ok" if not problems else "not ok", len(results), description_), flush=True)
    for p in problems:
        print("#   " + p, flush=True)


def check_window(window, what):
    found = offenders(window)
    check("%s (%s): every control has a name" % (what, LANG), found)


app_actions = None


def activate_app_action(action):
    global app_actions
    if app_actions is None:
        bus = Gio.bus_get_sync(Gio.BusType.SESSION)
        app_actions = Gio.DBusActionGroup.get(bus, APP_ID, "/" + APP_ID.replace(".", "/"))
    app_actions.activate_action(action, None)
    pump(0.2)


def open_uri(uri):
    bus = Gio.bus_get_sync(Gio.BusType.SESSION)
    bus.call_sync(APP_ID, "/" + APP_ID.replace(".", "/"), "org.freedesktop.Application", "Open",
                  GLib.Variant("(asa{sv})", ([uri], {})),
                  None, Gio.DBusCallFlags.NONE, -1, None)


def shot(label):
    """With $BILLET_A11Y_SHOTS set to a folder, a screenshot there (ImageMagick)."""
    folder = os.environ.get("BILLET_A11Y_SHOTS")
    if folder:
        os.makedirs(folder, exist_ok=True)
        subprocess.run(["import", "-window", "root", os.path.join(folder, "%s-%s.png" % (LANG, label))],
                       check=False)


def click(obj):
    """A left click in the middle of @obj, through the X server (XTest):
    GTK does not let AT-SPI clients grab the focus or activate list rows.
    GTK knows positions in its window only; under Xvfb without a window
    manager, the main window is at the screen's origin."""
    e = Atspi.Component.get_extents(obj, Atspi.CoordType.WINDOW)
    Atspi.generate_mouse_event(e.x + e.width // 2, e.y + e.height // 2, "b1c")


# ---------------------------------------------------------------------------
# The web document, which WebKit's web process serves on the same bus

def web_documents():
    """(bus name, path, role, name, text) of each document-web object that a
    web process exposes under its org.a11y.webkit root, read over D-Bus."""
    session = Gio.bus_get_sync(Gio.BusType.SESSION)
    address = session.call_sync("org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress",
                                None, None, Gio.DBusCallFlags.NONE, -1, None).unpack()[0]
    bus = Gio.DBusConnection.new_for_address_sync(
        address, Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT |
        Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION, None, None)

    def call(dest, path, iface, method, args=None):
        return bus.call_sync(dest, path, iface, method, args, None, Gio.DBusCallFlags.NONE, 3000,
                             None).unpack()

    def prop(dest, path, iface, prop_name):
        return call(dest, path, "org.freedesktop.DBus.Properties", "Get",
                    GLib.Variant("(ss)", (iface, prop_name)))[0]

    def all_text(dest, path, depth=0):
        out = []
        try:
            if "org.a11y.atspi.Text" in call(dest, path, "org.a11y.atspi.Accessible", "GetInterfaces")[0]:
                count = prop(dest, path, "org.a11y.atspi.Text", "CharacterCount")
                out.append(call(dest, path, "org.a11y.atspi.Text", "GetText",
                                GLib.Variant("(ii)", (0, count)))[0])
            out.append(prop(dest, path, "org.a11y.atspi.Accessible", "Name"))
            if depth < 12:
                for child_dest, child_path in call(dest, path, "org.a11y.atspi.Accessible", "GetChildren")[0]:
                    out.extend(all_text(child_dest, child_path, depth + 1))
        except GLib.Error:
            pass
        return out

    def documents(dest, path, depth=0):
        try:
            r = call(dest, path, "org.a11y.atspi.Accessible", "GetRole")[0]
            if r == Atspi.Role.DOCUMENT_WEB:
                yield dest, path, prop(dest, path, "org.a11y.atspi.Accessible", "Name"), \
                    "\n".join(all_text(dest, path))
                return
            if depth < 4:
                for child_dest, child_path in call(dest, path, "org.a11y.atspi.Accessible", "GetChildren")[0]:
                    yield from documents(child_dest, child_path, depth + 1)
        except GLib.Error:
            return

    found = []
    names = call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "ListNames")[0]
    for dest in names:
        if not dest.startswith(":"):
            continue
        try:
            xml = call(dest, "/org/a11y/webkit/accessible", "org.freedesktop.DBus.Introspectable",
                       "Introspect")[0]
        except GLib.Error:
            continue
        for node in re.findall(r'<node name="([^"]+)"', xml):
            root = "/org/a11y/webkit/accessible/" + node
            parent = prop(dest, root, "org.a11y.atspi.Accessible", "Parent")
            for doc in documents(dest, root):
                found.append(doc + (parent,))
    bus.close_sync(None)
    return found


# ---------------------------------------------------------------------------
# Announcements

events = []


def on_event(event):
    try:
        record = {"type": event.type, "detail1": event.detail1,
                  "source_role": role(event.source), "source_name": name(event.source),
                  "source_description": description(event.source)}
        child = event.any_data if isinstance(event.any_data, Atspi.Accessible) else None
        if child is not None:
            record.update(child_role=role(child), child_name=name(child),
                          child_description=description(child))
        events.append(record)
    except Exception:           # never let a dying object stop the listener
        pass


listener = Atspi.EventListener.new(on_event)
for event_type in ("object:state-changed:showing", "object:children-changed:add",
                   "object:property-change:accessible-name",
                   "object:property-change:accessible-description"):
    listener.register(event_type)


def announced(title, since):
    """An event a screen reader presents for a bar saying @title: an
    alert appearing, with the title in its name or description."""
    key = title.strip().lower()
    for e in events[since:]:
        if e["type"].startswith("object:state-changed:showing") and e["detail1"] == 1 and \
           e["source_role"] in ANNOUNCING_ROLES and \
           key in (e["source_name"] + " " + e["source_description"]).lower():
            return "object:state-changed:showing on %s %r" % (e["source_role"], e["source_name"])
        if e["type"].startswith("object:children-changed:add") and \
           e.get("child_role") in ANNOUNCING_ROLES and \
           key in (e.get("child_name", "") + " " + e.get("child_description", "")).lower():
            return "object:children-changed:add of %s %r (description %r)" % (
                e["child_role"], e["child_name"], e["child_description"][:60])
    return None


def check_announced(what, title, since):
    def seen():
        return announced(title, since)
    try:
        how = wait_for("an announcement of “%s”" % title, seen, timeout=min(TIMEOUT, 10))
        check("%s (%s): announced — %s" % (what, LANG, how), [])
    except AssertionError:
        alerts = ["%s on %s %r / child %s %r %r" % (e["type"], e["source_role"], e["source_name"],
                                                     e.get("child_role"), e.get("child_name"),
                                                     e.get("child_description", "")[:50])
                  for e in events[since:]
                  if e["source_role"] in ANNOUNCING_ROLES or e.get("child_role") in ANNOUNCING_ROLES]
        check("%s (%s): announced" % (what, LANG),
              ["no alert with “%s” appeared; %d event(s) came, of alerts: %s"
               % (title, len(events) - since, alerts or "none")])


# ---------------------------------------------------------------------------
# The site

EVERY_FIELD = """---
title: Every field, for screen readers
description: >-
  A post with every kind of row the form has: text, long text, a date, tags,
  a switch, a group and a raw row.
date: 2024-04-02
author: Camille Roux
tags: [accessibility, test]
draft: false
seo:
  title: Every field
  noindex: false
images:
  - src: photo.png
    alt: A photo
---

# Every field, for screen readers

Some text to read.
"""

LEGACY = ("---\ntitle: Caf\xe9 cr\xe8me\ndate: 2024-01-20\n---\n\nUn caf\xe9 \xe0 la cr\xe8me, "
          "\xe9crit en Windows-1252.\n").encode("cp1252")

BROKEN_YAML = "title: [unclosed\n"


def make_site(root):
    site = os.path.join(root, "site")
    shutil.copytree(os.path.join(SOURCE_ROOT, "examples"), site)
    posts = os.path.join(site, "content", "posts")
    with open(os.path.join(posts, "every-field.md"), "w", encoding="utf-8") as f:
        f.write(EVERY_FIELD)
    with open(os.path.join(posts, "legacy.md"), "wb") as f:
        f.write(LEGACY)
    # A draft of a post left by a crash: the recovery window offers it.
    drafts = os.path.join(root, "data", APP_ID, "drafts")
    os.makedirs(drafts)
    post = os.path.join(posts, "relire-a-voix-haute.md")
    with open(os.path.join(drafts, "a11y-draft.md"), "w", encoding="utf-8") as f:
        f.write(open(post, encoding="utf-8").read() + "\nUne phrase pas encore enregistrée.\n")
    st = os.stat(post)
    with open(os.path.join(drafts, "a11y-draft.draft"), "w", encoding="utf-8") as f:
        f.write("[Draft]\npath=%s\ntitle=Relire à voix haute\ntime=%d\nfile-exists=true\n"
                "file-size=%d\nfile-inode=%d\nfile-device=%d\nfile-mtime=%d\nfile-mtime-nsec=%d\n"
                % (post, int(time.time() * 1e6), st.st_size, st.st_ino, st.st_dev,
                   int(st.st_mtime), st.st_mtime_ns % 1000000000))
    return site


# ---------------------------------------------------------------------------
# The run

def start(argv, env, log_path):
    out = open(log_path, "w")
    p = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT,
                         start_new_session=True)
    children.append(p)
    return p


def stop_all():
    for p in reversed(children):
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    for p in reversed(children):
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()


def main(work):
    env = dict(os.environ)
    # The other GUI tests run without an accessibility bus; this one needs it.
    for var in ("GTK_A11Y", "NO_AT_BRIDGE"):
        env.pop(var, None)
    for xdg in ("DATA", "CONFIG", "CACHE", "STATE"):
        env["XDG_%s_HOME" % xdg] = os.path.join(work, xdg.lower())
    env["LANGUAGE"] = ""
    env["LC_ALL"] = LOCALE
    env["BILLET_LOCALEDIR"] = ""
    # Criticals stop the editor; warnings are listed at the end (GTK 4.8's
    # shortcuts window warns about a label's width on its own).
    env["G_DEBUG"] = "gc-friendly,fatal-criticals"

    site = make_site(work)
    every_field = os.path.join(site, "content", "posts", "every-field.md")

    bus = start(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"], env,
                os.path.join(work, "at-spi-bus.log"))
    session = Gio.bus_get_sync(Gio.BusType.SESSION)

    def bus_up():
        try:
            session.call_sync("org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress", None,
                              None, Gio.DBusCallFlags.NO_AUTO_START, 1000, None)
            return True
        except GLib.Error:
            return bus.poll() is None and False
    wait_for("the accessibility bus", bus_up)
    Atspi.init()

    editor = start([EDITOR, site], env, os.path.join(work, "editor.log"))

    def editor_alive():
        if editor.poll() is not None:
            raise SystemExit("the editor exited (status %s); its output:\n%s" % (
                editor.returncode, open(os.path.join(work, "editor.log")).read()))

    wait_for("the editor on the accessibility bus", lambda: editor_alive() or
             (app() is not None and len(toplevels()) >= 1))

    # 1. The recovery window, modal over the main window, at start.
    recovery_title = _("Recover Unsaved Posts")
    recovery = wait_for("the recovery window", lambda: next(
        (w for w in toplevels() if recovery_title in name(w) or
         find(w, lambda o: role(o) == "label" and name(o) == recovery_title)), None))
    main_window = next(w for w in toplevels() if w != recovery)
    check_window(recovery, "the recovery window")
    close(recovery, "the recovery window")

    # 2. The main window with a post open: form and preview on screen.
    posts = wait_for("the sidebar's posts", lambda: find(
        main_window, lambda o: role(o) == "list" and find(
            o, lambda r: role(r) == "label" and name(r) == "Every field, for screen readers")))
    row = next(r for r in kids(posts)
               if find(r, lambda o: role(o) == "label" and name(o) == "Every field, for screen readers"))
    click(row)
    wait_for("the post in the window", lambda: editor_alive() or
             "Every field" in name(main_window))

    def preview_document():
        for d in web_documents():
            if "Every field, for screen readers" in d[3]:
                return d
        return None
    document = wait_for("the preview's web document", preview_document)
    pump(1)
    check_window(main_window, "the main window, a post open")

    under_preview = find(main_window, lambda o: role(o) in ("document web", "document frame") and
                         "Every field" in (name(o) + text_of(o)))
    if under_preview is not None:
        check("the preview's document (%s): under the preview, with the post's heading" % LANG, [])
    else:
        parent = document[4]
        check("the preview's document (%s): exposed by the web process, with the post's heading "
              "(not under the window: GTK 4.8 cannot plug it; its parent is %s)" % (LANG, parent[1]),
              [] if document[3] else ["the document has no text"])
        log("the web document: %s %s, named %r" % (document[0], document[1], document[2]))

    # 3. Preferences, shortcuts, about: windows of their own.
    before = toplevels()
    activate_app_action("preferences")
    prefs = new_toplevel("the preferences", before)
    pump(0.5)
    check_window(prefs, "the preferences window")
    close(prefs, "the preferences")

    before = toplevels()
    do_action(main_window, "win.show-help-overlay")
    shortcuts = new_toplevel("the shortcuts window", before)
    pump(0.5)
    check_window(shortcuts, "the shortcuts window")
    close(shortcuts, "the shortcuts window")

    before = toplevels()
    activate_app_action("about")
    about = new_toplevel("the about window", before)
    pump(0.5)
    check_window(about, "the about window")
    close(about, "the about window")

    # 4. New Post: a dialog with an entry.
    before = toplevels()
    do_action(main_window, "win.new")
    new_post = new_toplevel("the New Post dialog", before)
    pump(0.5)
    check_window(new_post, "the New Post dialog")
    close(new_post, "the New Post dialog")

    # 5. An error: a post that is not there, opened from outside.
    before = toplevels()
    open_uri(GLib.filename_to_uri(os.path.join(site, "content", "posts", "missing.md"), None))
    error_window = wait_for("the Could Not Open dialog", lambda: next(
        (w for w in toplevels() if w not in before and
         find(w, lambda o: "missing.md" in name(o))), None))
    pump(0.5)
    check_window(error_window, "the Could Not Open dialog")
    close(error_window, "the Could Not Open dialog")
    for w in toplevels():
        if w not in before:
            close(w, "the empty window")

    # 6. The file changes on disk under unsaved changes: a bar, then Overwrite?
    source = find(main_window, lambda o: role(o) == "text" and
                  "Some text to read." in text_of(o))
    if source is None:
        raise AssertionError("no text object holds the post's body")
    insert_text(source, "An edit. ")
    wait_for("the post to be modified", lambda: "•" in name(main_window) or
             "*" in name(main_window) or True)
    since = len(events)
    with open(every_field, "a", encoding="utf-8") as f:
        f.write("\nAnother program wrote this.\n")
    check_announced("the changed-on-disk bar", _("The file changed on disk"), since)

    before = toplevels()
    do_action(main_window, "win.save")
    overwrite = new_toplevel("the Overwrite? dialog", before)
    pump(0.5)
    check_window(overwrite, "the Overwrite? dialog")
    close(overwrite, "the Overwrite? dialog")

    # 7. Invalid YAML, typed in the raw view.
    raw = find(main_window, lambda o: role(o) == "text" and "Every field, for screen readers" in text_of(o)
               and "seo:" in text_of(o))
    if raw is None:
        raise AssertionError("no text object holds the front matter")
    since = len(events)
    insert_text(raw, BROKEN_YAML)
    check_announced("the invalid-YAML banner", _("The front matter is not valid YAML"), since)

    # 8. A post in a legacy encoding opens: the encoding bar.
    since = len(events)
    legacy_row = next(r for r in kids(posts)
                      if find(r, lambda o: role(o) == "label" and "crème" in name(o)))
    # The sidebar folds away once the window has bars to show: F9 brings it.
    extents = Atspi.Component.get_extents(legacy_row, Atspi.CoordType.WINDOW)
    if extents.width <= 0 or extents.x + extents.width <= 0:
        do_action(main_window, "win.show-sidebar")
        pump(1)
    shot("before-legacy")
    click(legacy_row)
    pump(1)
    shot("after-legacy")
    wait_for("the legacy post in the window", lambda: editor_alive() or "crème" in name(main_window))
    title = _("This post is in %s").split("%s")[0]
    check_announced("the encoding bar", title, since)
    pump(0.5)
    check_window(main_window, "the main window, bars shown")

    # 9. Closing with unsaved changes: Save Changes?
    before = toplevels()
    do_action(main_window, "win.close")
    save_changes = new_toplevel("the Save Changes? dialog", before)
    pump(0.5)
    check_window(save_changes, "the Save Changes? dialog")
    close(save_changes, "the Save Changes? dialog")
    editor_alive()


def run():
    work = tempfile.mkdtemp(prefix="billet-a11y-")
    status = 0
    try:
        main(work)
    except (AssertionError, SystemExit, GLib.Error) as e:
        results.append((False, "the run went to its end", [str(e)]))
        print("not ok %d - the run went to its end (%s)" % (len(results), LANG))
        for line in str(e).splitlines()[-40:]:
            print("#   " + line)
        traceback.print_exc(file=sys.stdout)
    finally:
        stop_all()
        try:
            for line in open(os.path.join(work, "editor.log")):
                if line.strip():
                    log("editor: " + line.rstrip())
        except OSError:
            pass
        if os.environ.get("BILLET_A11Y_KEEP"):
            log("kept", work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    failed = [r for r in results if not r[0]]
    offenders_count = sum(len(r[2]) for r in failed)
    print("1..%d" % len(results))
    print("# %s: %d check(s), %d failed, %d problem(s) listed" % (LANG, len(results), len(failed),
                                                                   offenders_count))
    if failed:
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(run())
