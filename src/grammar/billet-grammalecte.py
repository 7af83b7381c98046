#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# billet-grammalecte — Billet's French grammar helper: Grammalecte's Python API
# behind JSON lines on stdin and stdout, one long-lived process for a window.
#
# Billet writes one request a line:
#     {"id": 7, "text": "Les enfant mange."}
# and reads one answer a line, in the same order:
#     {"id": 7, "errors": [{"start": 4, "end": 10, "kind": "grammar",
#                           "message": "…", "suggestions": ["enfants"], "rule": "…"}]}
# Offsets count Unicode characters from the start of the text, as GTK's text
# buffers do. Spelling is left to Billet's spelling checker (enchant), so
# Grammalecte's spelling errors are not sent. The first line, once Grammalecte
# is loaded, is {"ready": true, "version": "…"}; without Grammalecte it is
# {"ready": false, "error": "…"} and the helper exits with status 3.
# {"id": N, "quit": true} ends it; so does the end of stdin.

import json
import sys

# Grammalecte's error types that are typography; the others are grammar
TYPOGRAPHY = {"apos", "nbsp", "esp", "typo", "num", "unit", "maj", "tu"}


def write(obj):
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def main():
    try:
        import grammalecte
        checker = grammalecte.GrammarChecker("fr")
        engine = checker.getGCEngine()
        version = getattr(engine, "version", "")
    except Exception as e:  # ImportError, or a broken installation
        write({"ready": False, "error": str(e)})
        return 3
    # The first check loads Grammalecte's rules: done now, not on the author's text
    checker.getParagraphErrors("Billet démarre.")
    write({"ready": True, "version": version})

    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            request = json.loads(line)
        except ValueError:
            write({"id": None, "error": "not JSON"})
            continue
        rid = request.get("id")
        if request.get("quit"):
            return 0
        text = request.get("text", "")
        try:
            grammar, _spelling = checker.getParagraphErrors(text)
        except Exception as e:
            write({"id": rid, "error": str(e)})
            continue
        errors = []
        for e in grammar:
            errors.append({
                "start": e["nStart"],
                "end": e["nEnd"],
                "kind": "typography" if e.get("sType") in TYPOGRAPHY else "grammar",
                "message": e.get("sMessage", ""),
                "suggestions": list(e.get("aSuggestions", []))[:8],
                "rule": e.get("sRuleId", ""),
            })
        errors.sort(key=lambda x: (x["start"], x["end"]))
        write({"id": rid, "errors": errors})
    return 0


if __name__ == "__main__":
    sys.exit(main())
