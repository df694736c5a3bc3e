"""Make the README's screenshots: a unit's results, the heat map and a PDF report page.

Usage (from the repository root), with the demo served::

    HJEMMEKONTOR_DATA_DIR=/tmp/hk-demo .venv/bin/hjemmekontor start --no-serve
    HJEMMEKONTOR_DATA_DIR=/tmp/hk-demo .venv/bin/hjemmekontor serve --port 8131 &
    HJEMMEKONTOR_DATA_DIR=/tmp/hk-demo .venv/bin/python docs/img/make_screenshots.py

Needs Playwright (Python) with Debian's Chromium (``/usr/bin/chromium``) and
``pdftoppm`` (poppler-utils). Writes ``docs/img/dashboard.png``,
``docs/img/heatmap.png`` and ``docs/img/report-page-1.png`` / ``report-page-2.png``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
UNIT = "IT og digitalisering/Drift"
PASSWORD = "hjemmekontor-demo"  # noqa: S105 (the demo's published password)


def closed_round_and_unit() -> tuple[int, int]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hjemmekontor.settings")
    import django

    django.setup()
    from hjemmekontor.organisation.models import Unit
    from hjemmekontor.surveys.models import Round

    survey_round = next(r for r in Round.objects.order_by("-opens_at") if r.status() == "closed")
    unit = next(u for u in Unit.objects.all() if u.path == UNIT)
    return survey_round.pk, unit.pk


def dashboard(base: str, round_pk: int, unit_pk: int) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1100, "height": 1400}, locale="nb-NO")
        page.goto(f"{base}/logg-inn/")
        page.fill("input[name=username]", "admin")
        page.fill("input[name=password]", PASSWORD)
        # The header's first submit button is the language switch.
        page.click("main button[type=submit]")
        page.goto(f"{base}/resultater/{round_pk}/enhet/{unit_pk}/")
        page.screenshot(path=str(HERE / "dashboard.png"))
        # The heat map: every unit, coloured by better or worse than the whole.
        page.set_viewport_size({"width": 1280, "height": 1100})
        page.goto(f"{base}/resultater/{round_pk}/sammenlign/")
        page.screenshot(path=str(HERE / "heatmap.png"))
        browser.close()


def report_pages(round_pk: int, unit_pk: int) -> None:
    from hjemmekontor.organisation.models import Unit
    from hjemmekontor.reports.service import render_report
    from hjemmekontor.surveys.models import Round

    pdf = render_report(Round.objects.get(pk=round_pk), Unit.objects.get(pk=unit_pk), fmt="pdf")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "report.pdf"
        source.write_bytes(pdf)
        prefix = Path(folder) / "page"
        # pdftoppm from PATH on purpose (poppler-utils), with fixed arguments.
        command = ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "2", str(source), str(prefix)]
        subprocess.run(command, check=True)  # noqa: S603
        for number in (1, 2):
            (Path(folder) / f"page-{number}.png").replace(HERE / f"report-page-{number}.png")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8131")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    round_pk, unit_pk = closed_round_and_unit()
    dashboard(args.base, round_pk, unit_pk)
    report_pages(round_pk, unit_pk)
    for name in ("dashboard.png", "heatmap.png", "report-page-1.png", "report-page-2.png"):
        print(f"{name}: {(HERE / name).stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
