"""axe-core (npm, pinned in package-lock.json) run in a Playwright page.

The script is injected from ``node_modules/axe-core`` (no network); the rules
are axe's WCAG 2.x A and AA rules plus its best practices.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")

_RUN = """async (selector) => {
  const result = await axe.run(selector ? document.querySelector(selector) : document,
                               {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').slice(0, 200)),
    count: v.nodes.length,
  }));
}"""


def axe_violations(page, selector: str | None = None) -> list[dict]:
    """Every axe violation on the page (or in ``selector``): dicts with id, impact, help, nodes, count."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(_RUN, selector)


def blocking(violations: list[dict]) -> list[dict]:
    """The serious and critical ones."""
    return [v for v in violations if v["impact"] in BLOCKING]
