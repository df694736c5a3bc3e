"""Reports of a closed round: PDF, printable HTML, XLSX and CSV, per unit and organisation.

Entry point: :func:`hjemmekontor.reports.service.render_report`. See docs/reports.md.
"""
