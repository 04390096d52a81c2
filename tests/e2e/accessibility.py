"""axe-core (vendored in tests/e2e/vendor/) run in the page: WCAG 2.1 A and AA rules."""

from functools import cache
from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
# Serious and critical violations fail; minor and moderate ones are left to judgement.
FAILING_IMPACTS = ("serious", "critical")
RUN_AXE = """
async () => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
  }));
}
"""


@cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page) -> list[str]:
    """The page's serious and critical accessibility violations, one line each.

    The script is evaluated through the DevTools protocol, which the page's Content Security
    Policy does not govern: the application itself never serves it.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    return [
        f"{page.url}: {v['impact']} {v['id']} ({v['help']}): {', '.join(v['targets'])}"
        for v in page.evaluate(RUN_AXE)
        if v["impact"] in FAILING_IMPACTS
    ]
