"""From the results view model to a report document: words, tables and charts.

Every figure comes from :class:`hjemmekontor.results.pages.UnitView` as it is,
suppression included; this module only chooses words, order and layout.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from hjemmekontor.reports.document import (
    Chart,
    Figure,
    ReportDocument,
    Section,
    Table,
    format_ci,
    format_estimate,
)
from hjemmekontor.reports.text import method_note, t
from hjemmekontor.web.language import localized

__all__ = ["build_document"]

OSLO = ZoneInfo("Europe/Oslo")


def _label(obj: Any, lang: str) -> str:
    return localized(obj, "label", lang)


def _date(iso: str, lang: str) -> str:
    day = dt.date.fromisoformat(iso[:10])
    return day.isoformat() if lang == "en" else day.strftime("%d.%m.%Y")


class _Builder:
    def __init__(self, view: Any, lang: str, organisation: str) -> None:
        self.view = view
        self.lang = lang
        self.organisation = organisation
        self.suppressed = t("suppressed", lang, k=view.k)

    def reason(self, code: str | None) -> str:
        """Why a figure is hidden, short enough for a table cell."""
        if code in ("complement", "forced", "no_respondents"):
            return t(f"reason_{code}", self.lang)
        return self.suppressed

    def figure(self, source: Any, decimals: int = 1, *, percent: bool | None = None) -> Figure:
        """A report figure from a view figure; a hidden one carries its reason in words.

        ``percent`` overrides the statistic for means of 0/1 items (places of work),
        which are shares.
        """
        hidden = bool(source.suppressed) or source.estimate is None
        return Figure(
            estimate=None if hidden else source.estimate,
            ci_low=None if hidden else source.ci_low,
            ci_high=None if hidden else source.ci_high,
            n=source.n,
            suppressed=hidden,
            reason=self.reason(source.reason) if hidden else "",
            percent=source.statistic == "share" if percent is None else percent,
            decimals=decimals,
        )

    @property
    def unit_name(self) -> str:
        return self.view.unit_path or t("organisation_whole", self.lang)

    def n_text(self) -> str:
        rate = self.view.response_rate
        if rate.suppressed or rate.answered is None:
            return self.suppressed
        return str(rate.answered)

    def rate_text(self) -> str:
        rate = self.view.response_rate
        if rate.suppressed or rate.rate is None:
            return self.suppressed
        share = Figure(rate.rate, percent=True)
        return t(
            "answered_of",
            self.lang,
            n=rate.answered,
            invited=rate.invited,
            rate=format_estimate(share, self.lang, self.suppressed),
        )

    # -- sections ---------------------------------------------------------------

    def summary(self) -> Section:
        section = Section("summary", t("summary", self.lang))
        section.paragraphs.append(t("summary_intro", self.lang, unit=self.unit_name))
        texts = [localized(f, "text", self.lang) for f in self.view.findings]
        if texts:
            section.bullets.extend(texts)
        else:
            section.paragraphs.append(t("no_findings", self.lang))
        return section

    def headline(self) -> Section:
        view, lang = self.view, self.lang
        is_org = view.unit_id is None
        columns = [t("indicator", lang), t("whole_org" if is_org else "this_unit", lang)]
        if not is_org:
            columns.append(t("whole_org", lang))
        columns.append(t("national", lang))
        rows: list[list[Any]] = []
        sources: set[str] = set()
        for indicator in view.indicators:
            share = indicator.figure.statistic == "share"
            row: list[Any] = [_label(indicator, lang), self.figure(indicator.figure)]
            if not is_org:
                row.append(self.figure(indicator.organisation) if indicator.organisation else None)
            row.append(Figure(indicator.reference, percent=share, decimals=0))
            rows.append(row)
            sources.add(indicator.source)
        section = Section("headline", t("headline", lang))
        section.tables.append(Table("headline", t("headline_caption", lang), columns, rows))
        section.notes.extend(t("national_source", lang, source=s) for s in sorted(sources))
        return section

    def item_table(
        self, key: str, caption: str, block: Any, *, percent: bool | None = None
    ) -> Table | None:
        if not block.items:
            return None
        with_org = any(item.organisation is not None for item in block.items)
        columns = [t("item", self.lang), t("this_unit", self.lang)]
        if with_org:
            columns.append(t("whole_org", self.lang))
        rows: list[list[Any]] = []
        for item in block.items:
            row: list[Any] = [_label(item, self.lang), self.figure(item.figure, percent=percent)]
            if with_org:
                row.append(
                    self.figure(item.organisation, percent=percent) if item.organisation else None
                )
            rows.append(row)
        if block.scope == "organisation" or self.view.unit_id is None:
            columns[1] = t("whole_org", self.lang)
        return Table(key, caption, columns, rows)

    def extent(self) -> Section:
        lang = self.lang
        section = Section("extent", t("extent", lang))
        rows: list[list[Any]] = []
        for actual, wished in zip(
            self.view.extent_frequency.items, self.view.extent_wish.items, strict=False
        ):
            rows.append(
                [_label(actual, lang), self.figure(actual.figure), self.figure(wished.figure)]
            )
        if rows:
            section.tables.append(
                Table(
                    "extent_frequency",
                    t("extent_frequency", lang),
                    [t("item", lang), t("actual", lang), t("wished", lang)],
                    rows,
                )
            )
        # Places are means of 0/1 answers (ticked or not): shares, shown in percent.
        places = self.item_table(
            "extent_places", t("places", lang), self.view.extent_places, percent=True
        )
        if places:
            section.tables.append(places)
        return section

    def consequences(self) -> Section:
        lang, view = self.lang, self.view
        section = Section("consequences", t("consequences", lang), page_break_before=True)
        if not view.consequences:
            section.paragraphs.append(t("no_data", lang))
            return section
        section.paragraphs.append(t("consequences_intro", lang, k=view.k))
        group_labels = [_label(g, lang) for g in view.consequences[0].groups]
        rows: list[list[Any]] = []
        for outcome in view.consequences:
            points = [(_label(g, lang), self.figure(g.figure)) for g in outcome.groups]
            unit = localized(outcome, "unit", lang)
            title = f"{_label(outcome, lang)} ({unit})"
            percent_scale = outcome.statistic == "share" or "0–100" in unit
            rows.append([_label(outcome, lang), *[figure for _, figure in points]])
            if not any(figure.shown for _, figure in points):
                # A chart of nothing but hidden rows says less than one sentence.
                reasons = sorted({figure.reason for _, figure in points})
                section.notes.append(
                    t("all_hidden", lang, title=_label(outcome, lang), reason=", ".join(reasons))
                )
                continue
            section.charts.append(
                Chart(
                    title=title,
                    alt=t("chart_alt", lang, title=title, points=self._points_text(points)),
                    points=points,
                    axis_label=unit,
                    axis_max=100.0 if percent_scale else None,
                )
            )
        if not section.charts:
            # Nothing can be shown: one sentence says why instead of a table of blanks.
            reasons = sorted({f.reason for row in rows for f in row[1:] if isinstance(f, Figure)})
            section.paragraphs[:] = [
                t("all_hidden", lang, title=t("consequences", lang), reason=", ".join(reasons))
            ]
            section.notes.clear()
            return section
        section.tables.append(
            Table(
                "consequences",
                t("consequences_table", lang),
                [t("outcome", lang), *group_labels],
                rows,
            )
        )
        return section

    def _points_text(self, points: list[tuple[str, Figure]]) -> str:
        parts = []
        for label, figure in points:
            text = format_estimate(figure, self.lang, self.suppressed)
            ci = format_ci(figure, self.lang)
            ci_word = "95% CI" if self.lang == "en" else "95 % KI"
            parts.append(f"{label} {text}" + (f" ({ci_word} {ci})" if ci else ""))
        return "; ".join(parts)

    def block(self, key: str, heading: str, block: Any) -> Section:
        section = Section(key, heading)
        table = self.item_table(key, t("block_caption", self.lang, heading=heading), block)
        if table is None:
            section.paragraphs.append(t("no_data", self.lang))
            return section
        if block.scope == "organisation" and self.view.unit_id is not None:
            section.paragraphs.append(t("organisation_scope", self.lang))
        section.tables.append(table)
        return section

    def trends(self) -> Section:
        lang, view = self.lang, self.view
        section = Section("trends", t("trends", lang))
        if not view.trends or not view.previous_round_name:
            section.paragraphs.append(t("no_trends", lang))
            return section
        rows: list[list[Any]] = []
        for trend in view.trends:
            label = _label(trend, lang)
            question = trend.id.split("=", 1)[0]
            if question in ("ho_freq", "wish_freq"):
                label = t(f"trend_{question}", lang, label=label)
            rows.append([label, *self._trend_figures(trend)])
        section.tables.append(
            Table(
                "trends",
                t("trends_caption", lang, previous=view.previous_round_name),
                [t("indicator", lang), t("previous", lang), t("now", lang), t("change", lang)],
                rows,
            )
        )
        return section

    def _trend_figures(self, trend: Any) -> list[Figure]:
        """Previous, current and change (with its CI); all hidden if any part is missing."""
        share = trend.statistic == "share"
        hidden = trend.current is None or trend.previous is None or trend.change is None
        reason = self.suppressed if hidden else ""
        figures = [
            Figure(
                None if hidden else value,
                n=n,
                suppressed=hidden,
                reason=reason,
                percent=share,
                decimals=1,
            )
            for value, n in ((trend.previous, trend.n_previous), (trend.current, trend.n_current))
        ]
        figures.append(
            Figure(
                None if hidden else trend.change,
                ci_low=None if hidden else trend.ci_low,
                ci_high=None if hidden else trend.ci_high,
                n=trend.n_current,
                suppressed=hidden,
                reason=reason,
                percent=share,
                decimals=1,
                # A change in a share is in percentage points, not percent.
                suffix=(" pp" if share else ""),
            )
        )
        return figures

    def comments(self) -> Section | None:
        comments = self.view.comments
        if comments is None or not comments.shown or not comments.texts:
            return None
        section = Section("comments", t("comments", self.lang))
        section.paragraphs.append(t("comments_intro", self.lang))
        section.bullets.extend(comments.texts)
        return section

    def method(self) -> Section:
        view, lang = self.view, self.lang
        weighting = view.weighting or {}
        note = str(weighting.get("note") or "")
        rate = view.response_rate
        rate_text = (
            self.suppressed
            if rate.suppressed or rate.rate is None
            else format_estimate(Figure(rate.rate, percent=True), lang, self.suppressed)
        )
        n = rate.answered if rate.answered is not None and not rate.suppressed else view.respondents
        section = Section("method", t("method", lang), page_break_before=True)
        section.paragraphs.extend(
            method_note(
                lang, n=n, rate=rate_text, k=view.k, k_comments=view.k_comments, weighting=note
            )
        )
        return section

    def document(self, today: dt.date) -> ReportDocument:
        view, lang = self.view, self.lang
        facts = [
            (t("organisation", lang), self.organisation),
            (t("round", lang), view.round_name),
            (t("unit", lang), self.unit_name),
            (t("period", lang), f"{_date(view.opens_on, lang)}–{_date(view.closes_on, lang)}"),
            (t("respondents", lang), self.n_text()),
            (t("response_rate", lang), self.rate_text()),
            (t("generated", lang), _date(today.isoformat(), lang)),
        ]
        sections = [
            self.summary(),
            self.headline(),
            self.extent(),
            self.consequences(),
            self.block("managers", t("managers", lang), view.managers),
            self.block("representatives", t("representatives", lang), view.representatives),
            self.block("digital_meetings", t("digital", lang), view.digital_meetings),
            self.block("hms_at_home", t("hms", lang), view.hms_at_home),
            self.trends(),
        ]
        comments = self.comments()
        if comments is not None:
            sections.append(comments)
        sections.append(self.method())
        return ReportDocument(
            lang=lang,
            title=t("title", lang),
            organisation=self.organisation,
            round_name=view.round_name,
            unit_name=self.unit_name,
            generated_on=_date(today.isoformat(), lang),
            facts=facts,
            sections=sections,
            suppressed_text=self.suppressed,
        )


def build_document(
    view: Any, *, lang: str = "nb", organisation: str = "", today: dt.date | None = None
) -> ReportDocument:
    """The report document for a :class:`~hjemmekontor.results.pages.UnitView`.

    Parameters
    ----------
    view : UnitView
        The unit's (or organisation's) results, as the results pages show them.
    lang : {"nb", "nn", "en"}
    organisation : str
        The organisation's name for the title page.
    today : date, optional
        The date printed as "generated" (default: today in Europe/Oslo).
    """
    today = today or dt.datetime.now(OSLO).date()
    return _Builder(view, lang, organisation).document(today)
