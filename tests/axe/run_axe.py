"""Run axe-core on HTML pages in headless Chromium and report the violations.

    .venv/bin/python tests/axe/run_axe.py page.html [page.html ...]

Exit status 0 when no page has a violation, 1 when one has, 2 when axe could not run.

Needs Chromium (Debian package ``chromium``) and axe-core from npm, installed into the venv:
``npm install --prefix .venv/node axe-core@4`` (the Makefile does this).

How: a copy of the page gets axe.min.js and a small runner inlined before ``</body>`` (and
its Content-Security-Policy removed, which would rightly block them); Chromium loads the copy
headless with ``--dump-dom``, the runner calls ``axe.run()`` after the load event and writes
the results into the page as base64 JSON, and ``--virtual-time-budget`` makes Chromium wait
for that before it dumps the DOM. Nothing is fetched from the network.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"
INSTALL_AXE = "npm install --prefix .venv/node axe-core@4"

# axe's default rule set (WCAG 2.0-2.2 A and AA, and best practices) plus the AAA contrast
# rule (7:1 for body text, 4.5:1 for large text), which axe leaves off by default.
AXE_OPTIONS = {"rules": {"color-contrast-enhanced": {"enabled": True}}}

RUNNER = """<script>
(function () {
  function put(id, text) {
    var pre = document.createElement("pre");
    pre.id = id;
    pre.hidden = true;
    pre.textContent = text;
    document.body.appendChild(pre);
  }
  function go() {
    axe.run(document, %s).then(function (r) {
      var out = {violations: r.violations, incomplete: r.incomplete, passes: r.passes.map(function (p) { return p.id; }),
                 engine: r.testEngine, url: r.url};
      put("axe-results", btoa(unescape(encodeURIComponent(JSON.stringify(out)))));
    }).catch(function (e) { put("axe-error", String((e && e.stack) || e)); });
  }
  if (document.readyState === "complete") { go(); } else { window.addEventListener("load", go); }
})();
</script>"""


class AxeUnavailable(Exception):
    """Chromium or axe-core is not installed."""


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def missing() -> str | None:
    """Why axe cannot run here, or None when it can."""
    if find_chromium() is None:
        return "Chromium is not installed (apt-get install chromium; scripts/system-deps.sh does it)"
    if not AXE_JS.is_file():
        return f"axe-core is not installed ({INSTALL_AXE}; the Makefile does it)"
    return None


def instrument(html: str, axe_js: str) -> str:
    """The page with axe and the runner inlined; its CSP (which blocks scripts) removed."""
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html, flags=re.I)
    # axe.min.js has no "</script" in it, but make sure it cannot end the element early.
    axe_js = axe_js.replace("</script", "<\\/script")
    scripts = f"<script>{axe_js}</script>\n" + RUNNER % json.dumps(AXE_OPTIONS)
    head, sep, tail = html.rpartition("</body>")
    if not sep:
        raise ValueError("the page has no </body>")
    return head + scripts + sep + tail


def run_axe(html: str, *, timeout: float = 120) -> dict:
    """axe's results for ``html``: a dict with "violations", "incomplete", "passes" (rule ids),
    "engine" and "seconds" (how long Chromium took)."""
    reason = missing()
    if reason:
        raise AxeUnavailable(reason)
    chromium = find_chromium()
    with tempfile.TemporaryDirectory(prefix="offerprint-axe-") as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(instrument(html, AXE_JS.read_text(encoding="utf-8")), encoding="utf-8")
        command = [
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-extensions", "--disable-default-apps", "--no-first-run", "--no-default-browser-check",
            "--mute-audio", "--hide-scrollbars", "--window-size=1280,1024",
            f"--user-data-dir={Path(tmp) / 'profile'}",
            "--virtual-time-budget=60000", "--dump-dom", page.as_uri(),
        ]
        env = dict(os.environ, HOME=tmp)  # Chromium writes caches under $HOME
        started = time.monotonic()
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"Chromium did not finish within {timeout:g} seconds") from None
        seconds = time.monotonic() - started
    dom = done.stdout
    found = re.search(r'<pre id="axe-results" hidden="">([A-Za-z0-9+/=\s]+)</pre>', dom)
    if found:
        results = json.loads(base64.b64decode(found.group(1)).decode("utf-8"))
        results["seconds"] = round(seconds, 2)
        return results
    error = re.search(r'<pre id="axe-error" hidden="">(.*?)</pre>', dom, re.S)
    if error:
        raise RuntimeError(f"axe failed: {error.group(1)}")
    raise RuntimeError(f"Chromium gave no axe results (exit {done.returncode}):\n{done.stderr[-2000:]}")


def describe(violations: list[dict]) -> str:
    """The violations, readably: rule, impact, help, and each offending element."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']}")
        lines.append(f"  {v['helpUrl']}")
        for node in v["nodes"][:10]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
        if len(v["nodes"]) > 10:
            lines.append(f"    ... and {len(v['nodes']) - 10} more")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    reason = missing()
    if reason:
        print(f"cannot run axe: {reason}", file=sys.stderr)
        return 2
    worst = 0
    for name in argv:
        results = run_axe(Path(name).read_text(encoding="utf-8"))
        violations = results["violations"]
        engine = results["engine"]
        print(f"{name}: axe-core {engine['version']}, {len(results['passes'])} rules passed, "
              f"{len(violations)} violated, {len(results['incomplete'])} to review by hand "
              f"({results['seconds']}s)")
        if violations:
            print(describe(violations))
            worst = 1
        for item in results["incomplete"]:
            print(f"  review: {item['id']}: {item['help']} ({len(item['nodes'])} elements)")
    return worst


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
