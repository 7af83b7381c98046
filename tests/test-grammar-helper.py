#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/test-grammar-helper.py HELPER — billet-grammalecte's protocol, with the real Grammalecte:
# a ready line first; one answer a request, in order, with its id; grammar and typography
# kinds; Grammalecte's spelling errors left out; character offsets (not bytes) into the text;
# a bad line answered with an error, the helper going on; {"quit": true} ends it with status 0.
# Skipped (TAP) without python3-grammalecte.

import json
import subprocess
import sys

helper = sys.argv[1]
try:
    if subprocess.run(["/usr/bin/python3", "-c", "import grammalecte"], capture_output=True).returncode != 0:
        raise ImportError
except ImportError:
    print("1..0 # SKIP python3-grammalecte is not installed; build-aux/dev installs it")
    sys.exit(0)

n = 0
failures = 0


def check(what, ok, detail=""):
    global n, failures
    n += 1
    print(("ok %d - %s" if ok else "not ok %d - %s") % (n, what))
    if not ok:
        failures += 1
        print("  # " + detail)


p = subprocess.Popen([helper], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def ask(obj):
    p.stdin.write((obj if isinstance(obj, str) else json.dumps(obj, ensure_ascii=False)) + "\n")
    p.stdin.flush()
    return json.loads(p.stdout.readline())


ready = json.loads(p.stdout.readline())
check("the first line says the helper is ready", ready.get("ready") is True, repr(ready))

# "été" before the mistake: offsets count characters, not UTF-8 bytes.
# "enfnt" is a spelling mistake: left to the spelling checker.
answer = ask({"id": 7, "text": "L’été, les enfant mangent une enfnt : oui."})
errors = answer.get("errors", [])
text = "L’été, les enfant mangent une enfnt : oui."
check("the answer carries the request's id", answer.get("id") == 7, repr(answer))
grammar = [e for e in errors if e["kind"] == "grammar"]
check("the agreement mistake, at its character offsets",
      [(text[e["start"]:e["end"]], e["suggestions"]) for e in grammar] == [("enfant", ["enfants"])],
      repr(errors))
typography = [e for e in errors if e["kind"] == "typography"]
check("the missing no-break space is typography", [text[e["start"]:e["end"]] for e in typography] == [" :"],
      repr(errors))
check("no spelling error is sent", not any("enfnt" == text[e["start"]:e["end"]] for e in errors), repr(errors))

bad = ask("this is not JSON")
check("a bad line gets an error, the helper goes on", "error" in bad, repr(bad))
again = ask({"id": 8, "text": "Tout va bien."})
check("answers go on in order", again == {"id": 8, "errors": []}, repr(again))

p.stdin.write(json.dumps({"id": 9, "quit": True}) + "\n")
p.stdin.flush()
check("quit ends it with status 0", p.wait(timeout=30) == 0)

print("1..%d" % n)
sys.exit(1 if failures else 0)
