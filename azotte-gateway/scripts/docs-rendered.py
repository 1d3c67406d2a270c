"""Did Swagger UI render the document? Used by docs-screenshot.sh.

usage: docs-rendered.py OPENAPI.json SHELL.html DOM.html

Expects the document's title and its first three operations (operationId,
else summary), or Swagger UI's "No operations defined in spec!" for a
document without any; each must occur more often in the DOM Chromium
rendered than in the page as the gateway served it, so the empty shell
(scripts not loaded, document not fetched) never passes. Exits 1 naming
what is missing.
"""
import html
import json
import sys

document_path, shell_path, dom_path = sys.argv[1:4]
with open(document_path, encoding="utf-8") as f:
    document = json.load(f)
with open(shell_path, encoding="utf-8") as f:
    shell = f.read()
with open(dom_path, encoding="utf-8") as f:
    dom = f.read()

operations = [
    op
    for item in document.get("paths", {}).values()
    if isinstance(item, dict)
    for op in item.values()
    if isinstance(op, dict) and ("operationId" in op or "summary" in op)
]
expected = [document["info"]["title"]]
expected += [op.get("operationId") or op["summary"] for op in operations[:3]]
if not operations:
    expected.append("No operations defined in spec!")

missing = []
for text in expected:
    escaped = html.escape(text, quote=False)  # as the DOM serialises text
    rendered = dom.count(escaped) > shell.count(escaped)
    print(("rendered: " if rendered else "NOT rendered: ") + text)
    if not rendered:
        missing.append(text)
if missing:
    sys.exit(f"error: /docs did not render the document ({len(dom)} characters of DOM)")
