"""What the results pages show: the stored figures, and nothing below the thresholds."""

from __future__ import annotations

import dataclasses
import json
import re
from io import StringIO
from urllib.parse import parse_qs

import pytest
from django.core.management import call_command
from django.test import Client
from tests.results.conftest import Closed

from hjemmekontor.jobs.models import Job
from hjemmekontor.jobs.worker import run_queued
from hjemmekontor.results import views
from hjemmekontor.results.charts import format_change, format_value
from hjemmekontor.results.comparison import heatmap
from hjemmekontor.results.compute import do_compute_results
from hjemmekontor.results.models import ORGANISATION, ResultSet, ResultUnit
from hjemmekontor.results.pages import unit_view
from hjemmekontor.surveys.actions import do_close_round
from hjemmekontor.surveys.models import Round

pytestmark = pytest.mark.django_db


def stored_rows(survey_round: Round, code: str) -> dict[str, dict]:
    result_set = ResultSet.objects.get(round=survey_round, kind="employee")
    unit = ResultUnit.objects.get(result_set=result_set, code=code)
    return {row["variable"]: row for row in unit.payload["estimates"]}


def test_the_first_view_queues_the_computation_and_shows_the_results_once_the_worker_ran(
    closed_waiting: Closed, persona_clients: dict[str, Client]
) -> None:
    closed = closed_waiting
    assert not ResultSet.objects.filter(round=closed.round).exists()
    admin, employee = persona_clients["admin"], persona_clients["employee"]
    page = admin.get(f"/resultater/{closed.round.pk}/")
    html = page.content.decode()
    # Nothing is computed in a request: the page says so and follows the job.
    assert page.status_code == 200 and "data-job-refresh" in html
    assert "Resultatene står i kø for å beregnes." in html
    assert '<meta http-equiv="refresh"' in html and "jobs.js" in html
    assert not ResultSet.objects.filter(round=closed.round).exists()
    # Everyone who asks meanwhile waits for the same one computation.
    assert employee.get(f"/resultater/{closed.round.pk}/").status_code == 200
    assert admin.get(f"/resultater/{closed.round.pk}/sammenlign/").status_code == 200
    assert Job.objects.filter(kind="compute_results", round=closed.round).count() == 1
    assert run_queued() == 1
    stored = {rs.kind: (rs.pk, rs.computed_at) for rs in ResultSet.objects.all()}
    assert set(stored) == {"employee", "manager", "representative"}
    for url in [
        f"/resultater/{closed.round.pk}/",
        f"/resultater/{closed.round.pk}/enhet/{closed.org.unit_a.pk}/",
        f"/resultater/{closed.round.pk}/sammenlign/",
    ]:
        answer = admin.get(url)
        assert answer.status_code == 200 and "data-job-refresh" not in answer.content.decode()
    assert run_queued() == 0
    again = {rs.kind: (rs.pk, rs.computed_at) for rs in ResultSet.objects.all()}
    assert again == stored


def test_the_stored_payload_is_the_analysis_json_of_the_versioned_schema(closed: Closed) -> None:
    import jsonschema

    from hjemmekontor.analysis.api import json_schema

    do_compute_results(closed.round)
    result_set = ResultSet.objects.get(round=closed.round, kind="employee")
    jsonschema.validate(json.loads(json.dumps(result_set.payload)), json_schema())
    assert result_set.payload["metadata"]["weighting"] == "raking"
    units = {row["by"]["unit"] for row in result_set.payload["estimates"] if row["by"].get("unit")}
    assert units == {"DEMO", "OKO", "LONN", "IT"}


def test_headline_figures_on_the_page_equal_the_stored_analysis(
    closed: Closed, persona_clients: dict[str, Client]
) -> None:
    do_compute_results(closed.round)
    page = persona_clients["manager_a"].get(
        f"/resultater/{closed.round.pk}/enhet/{closed.org.unit_a.pk}/"
    )
    html = page.content.decode()
    rows = stored_rows(closed.round, "OKO")
    view = unit_view(closed.round, closed.org.unit_a)
    shown = 0
    for indicator in view.indicators:
        row = rows.get(indicator.id)
        if indicator.id == "manager_hms_hard":
            continue
        assert row is not None
        assert indicator.figure.estimate == row["estimate"]
        assert indicator.figure.n == row["n"]
        if not row["suppressed"]:
            text = format_value(row["estimate"], row["statistic"] == "share", "nb")
            assert f">{text}</td>" in html, indicator.id
            shown += 1
    assert shown >= 4


def test_comments_appear_only_for_units_with_at_least_ten_respondents(
    closed: Closed, persona_clients: dict[str, Client]
) -> None:
    manager = persona_clients["manager_a"]
    r = closed.round.pk
    okonomi = manager.get(f"/resultater/{r}/enhet/{closed.org.unit_a.pk}/").content.decode()
    lonn = manager.get(f"/resultater/{r}/enhet/{closed.org.unit_a1.pk}/").content.decode()
    # Økonomi (34 respondents with Lønn) shows its own and Lønn's comments; Lønn (8) none.
    for text in closed.comments["OKO"] + closed.comments["LONN"]:
        assert text in okonomi
    assert not re.search(r"Kommentar \w+ \d+", lonn)
    assert "Kommentarer vises bare når minst 10 har svart" in lonn
    view = unit_view(closed.round, closed.org.unit_a1)
    assert view.comments is not None and not view.comments.shown and view.comments.texts == []


def test_a_filter_that_would_isolate_fewer_than_k_shows_the_reason_instead_of_figures(
    closed: Closed, persona_clients: dict[str, Client]
) -> None:
    client = persona_clients["employee"]
    r, lonn = closed.round.pk, closed.org.unit_a1.pk
    # Lønn has 6 women and 2 men: the men are too few, and the women would be
    # "Lønn minus the men", so both are hidden.
    for value in ("male", "female"):
        view = unit_view(closed.round, closed.org.unit_a1, filters={"gender": value})
        figures = [i.figure for i in view.indicators] + [
            item.figure for item in view.extent_frequency.items
        ]
        assert figures and all(f.suppressed and f.estimate is None for f in figures), value
        page = client.get(f"/resultater/{r}/enhet/{lonn}/?gender={value}").content.decode()
        assert "færre enn 5 svar" in page or "skjult for at en mindre gruppe" in page
        assert "Kommentar" not in page
        # The page says which filter it shows.
        shown = {"male": "Kjønn: Menn", "female": "Kjønn: Kvinner"}[value]
        assert f"Viser bare en del av de ansatte: {shown}." in page
    assert client.get(f"/resultater/{r}/?gender=nobody").status_code == 400
    assert client.get(f"/resultater/{r}/?gender=female&is_manager=true").status_code == 400


def test_no_filter_group_of_any_unit_can_be_subtracted_to_reveal_a_small_group(
    closed: Closed,
) -> None:
    import polars as pl

    from hjemmekontor.analysis.api import check_published

    do_compute_results(closed.round)
    result_set = ResultSet.objects.get(round=closed.round, kind="employee")
    tree = result_set.tree
    slices = {u.code: u.payload for u in result_set.units.all()}
    cells, edges = [], []
    for code, data in slices.items():
        parent = ORGANISATION if code == ORGANISATION else (tree[code]["parent"] or ORGANISATION)
        for row in data["estimates"]:
            table = f"{row['variable']}|{row.get('category') or ''}"
            cells.append((table, f"{code}|all", row["n"], row["suppressed"]))
            if code != ORGANISATION:
                edges.append((f"{code}|all", f"{parent}|all", "unit", table))
        for row in data.get("filters") or []:
            table = f"{row['variable']}|{row.get('category') or ''}"
            dim = row["breakdown"]
            key = f"{code}|{dim}={row['by'][dim]}"
            cells.append((table, key, row["n"], row["suppressed"]))
            edges.append((key, f"{code}|all", dim, table))
            if code != ORGANISATION:
                edges.append((key, f"{parent}|{dim}={row['by'][dim]}", "unit", table))
    frame = pl.DataFrame(cells, schema=["table", "group_key", "n", "suppressed"], orient="row")
    keys = set(zip(frame["table"], frame["group_key"], strict=True))
    edge_frame = pl.DataFrame(
        [e for e in edges if (e[3], e[1]) in keys],
        schema=["child_key", "parent_key", "dimension", "table"],
        orient="row",
    )
    assert frame.filter(~pl.col("suppressed")).height > 100
    assert check_published(frame, k=5, edges=edge_frame) == []


def test_the_heat_map_shows_only_the_viewers_units_and_hidden_cells_say_why(
    closed: Closed, persona_clients: dict[str, Client], manager_a
) -> None:
    grid = heatmap(closed.round, manager_a.user)
    assert {row.unit_code for row in grid.rows} == {"OKO", "LONN"}
    page = persona_clients["manager_a"].get(
        f"/resultater/{closed.round.pk}/sammenlign/?sort=written_agreement"
    )
    html = page.content.decode()
    assert "IT" not in re.sub(r"<head>.*?</head>", "", html, flags=re.S).split("<main")[1]
    assert 'aria-sort="descending"' in html
    lonn = next(row for row in grid.rows if row.unit_code == "LONN")
    rows = stored_rows(closed.round, "LONN")
    for cell in lonn.cells:
        assert cell.figure.estimate == rows[cell.indicator]["estimate"]
    assert "<strong>–*</strong> skjult for at en mindre gruppe ikke skal kunne regnes ut" in html


def test_closing_a_round_queues_its_results_for_the_worker(
    closed: Closed, open_round: Round
) -> None:
    do_close_round(open_round)
    open_round.refresh_from_db()
    assert not ResultSet.objects.filter(round=open_round).exists()
    job = Job.objects.get(kind="compute_results", round=open_round)
    assert job.status == "queued"
    assert run_queued() == 1
    job.refresh_from_db()
    assert job.status == "done" and job.done == job.total
    assert ResultSet.objects.filter(round=open_round, kind="employee").exists()
    # The open round had no answers: its page says so instead of showing numbers.
    view = unit_view(open_round)
    assert view.respondents == 0
    assert all(i.figure.suppressed for i in view.indicators)


def test_the_command_computes_rounds_that_closed_by_time(two_rounds) -> None:
    first, second = two_rounds
    out = StringIO()
    call_command("compute_results", stdout=out)
    assert "Runde 1" in out.getvalue() and "Runde 2" in out.getvalue()
    later = ResultSet.objects.get(round=second, kind="employee")
    assert later.previous_round == first
    # The change since the previous round comes from api.trends on the two results.
    org = ResultUnit.objects.get(result_set=later, code=ORGANISATION).payload
    assert org["trends"] and all("change" in row for row in org["trends"])
    out = StringIO()
    call_command("compute_results", stdout=out)
    assert "Ingen stengte runder mangler resultater" in out.getvalue()


def test_findings_link_to_a_prefilled_action_form(
    two_rounds, persona_clients: dict[str, Client]
) -> None:
    _, second = two_rounds
    call_command("compute_results", stdout=StringIO())
    html = persona_clients["admin"].get(f"/resultater/{second.pk}/").content.decode()
    assert "/hms/tiltak/ny/?indicator=" in html
    assert 'role="img"' in html and "<desc" in html
    # An action made from a headline figure starts from the figure, not only its name.
    links = re.findall(r'href="/hms/tiltak/ny/\?([^"]+)"', html)
    texts = [parse_qs(link.replace("&amp;", "&"))["finding"][0] for link in links]
    written = next(t for t in texts if t.startswith("Har skriftlig avtale om hjemmekontor"))
    assert re.search(r": \d+ % \(95 % KI \d+–\d+ %, n = \d+\)\. Landet: 18 %\.$", written), written


def test_no_home_office_group_of_any_unit_can_be_subtracted_to_reveal_a_small_group(
    closed: Closed,
) -> None:
    import polars as pl

    from hjemmekontor.analysis.api import check_published

    do_compute_results(closed.round)
    result_set = ResultSet.objects.get(round=closed.round, kind="employee")
    tree = result_set.tree
    cells, edges = [], []
    for unit in result_set.units.all():
        code, block = unit.code, unit.payload.get("consequences") or {}
        parent = None if code == ORGANISATION else (tree[code]["parent"] or ORGANISATION)
        for row in block.get("groups") or []:
            table = f"{row['variable']}|{row.get('category') or ''}"
            group = (row.get("by") or {}).get("ho_group")
            key = f"{code}|all" if group is None else f"{code}|ho_group={group}"
            cells.append((table, key, row["n"], row["suppressed"]))
            if group is not None:
                edges.append((key, f"{code}|all", "ho_group", table))
            if parent is not None:
                above = f"{parent}|all" if group is None else f"{parent}|ho_group={group}"
                edges.append((key, above, "unit", table))
    frame = pl.DataFrame(cells, schema=["table", "group_key", "n", "suppressed"], orient="row")
    keys = set(zip(frame["table"], frame["group_key"], strict=True))
    edge_frame = pl.DataFrame(
        [e for e in edges if (e[3], e[1]) in keys and (e[3], e[0]) in keys],
        schema=["child_key", "parent_key", "dimension", "table"],
        orient="row",
    )
    shown_groups = frame.filter(
        ~pl.col("suppressed") & pl.col("group_key").str.contains("ho_group")
    )
    assert shown_groups.height > 0
    assert check_published(frame, k=5, edges=edge_frame) == []


def test_a_cached_page_is_never_served_to_someone_who_may_not_see_the_unit(
    closed: Closed, manager_a, manager_b
) -> None:
    from django.test import Client
    from tests.conftest import login

    url = f"/resultater/{closed.round.pk}/enhet/{closed.org.unit_a.pk}/"
    client = login(manager_a.user)
    assert client.get(url).status_code == 200  # computes the results
    first = client.get(url)  # renders and keeps the body
    again = client.get(url)  # from the cache

    def body(response) -> bytes:
        # Without the SVG element ids, which count per rendering.
        return re.sub(
            rb"chart-\d+", b"", response.content.split(b"<h1>", 1)[1].split(b"</main>")[0]
        )

    assert body(again) == body(first)  # comments keep the order they were first shown in
    # The page is now in the cache; another manager still gets no access to it.
    assert login(manager_b.user).get(url).status_code == 403
    assert Client().get(url).status_code == 302


def test_the_change_table_names_each_question_and_writes_percentage_points(
    two_rounds, persona_clients: dict[str, Client]
) -> None:
    _, second = two_rounds
    call_command("compute_results", stdout=StringIO())
    html = persona_clients["admin"].get(f"/resultater/{second.pk}/").content.decode()
    table = html[html.index('id="trend-h"') :]
    table = table[: table.index("</table>")]
    groups = re.findall(r'<tr class="group"><th scope="colgroup" colspan="5">([^<]+)</th>', table)
    # "Aldri" appears under two questions; each is named once, in page order.
    assert groups[:2] == [
        "Hvor ofte de ansatte jobber hjemmefra (hele dager, siste tre måneder)",
        "Hvor ofte de ønsker å jobbe hjemmefra",
    ]
    assert len(groups) == len(set(groups))
    changes = re.findall(r'<td class="num">([^<]*p\.p\.[^<]*)</td>', table)
    assert changes and all(re.match(r"^([+−]\d+|0) p\.p\. \(", c) for c in changes), changes
    # No signed zero ("−0", "+0 p.p."); "−0,9" is a real change.
    assert not re.search(r"[−+-]0(?:,0+)?(?![,.\d])", table)


@pytest.mark.parametrize(
    ("value", "percent", "lang", "expected"),
    [
        (0.032, True, "nb", "+3 p.p."),
        (-0.004, True, "nb", "0 p.p."),
        (-0.0004, False, "nb", "0,0"),
        (-1.25, False, "nb", "−1,2"),
        (1.25, False, "en", "+1.2"),
    ],
)
def test_a_change_is_written_with_its_sign_and_never_as_minus_zero(value, percent, lang, expected):
    assert format_change(value, percent, lang) == expected


def test_a_hidden_heat_map_cell_is_a_short_mark_explained_under_the_table(
    closed: Closed, persona_clients: dict[str, Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Whatever the demo hides, each hidden cell must read as a mark, not a sentence
    # that leaves no room for the figures: hide two cells of the real grid.
    def with_hidden(*args: object, **kwargs: object) -> object:
        grid = heatmap(*args, **kwargs)  # type: ignore[arg-type]
        first, second = grid.rows[0].cells[0], grid.rows[0].cells[1]
        for cell, reason in ((first, "small_n"), (second, "complement")):
            cell.figure = dataclasses.replace(
                cell.figure, suppressed=True, reason=reason, estimate=None
            )
        return grid

    monkeypatch.setattr(views, "heatmap", with_hidden)
    html = persona_clients["admin"].get(f"/resultater/{closed.round.pk}/sammenlign/").content
    page = html.decode()
    hidden = re.findall(
        r'<td class="num hm-none"><span aria-hidden="true">([^<]+)</span>'
        r'<span class="visually-hidden">([^<]+)</span></td>',
        page,
    )
    assert hidden == [
        ("–", "færre enn 5 svar"),
        ("–*", "skjult for at en mindre gruppe ikke skal kunne regnes ut"),
    ]
    assert "<strong>–*</strong> skjult for at en mindre gruppe ikke skal kunne regnes ut" in page


def test_heat_map_colours_say_better_or_worse_by_the_indicator_and_an_arrow_says_which_way(
    closed: Closed, persona_clients: dict[str, Client], monkeypatch
) -> None:
    from hjemmekontor.results import views

    def clearly_above(*args: object, **kwargs: object) -> object:
        grid = heatmap(*args, **kwargs)  # type: ignore[arg-type]
        ids = [i["id"] for i in grid.indicators]
        row = grid.rows[0]
        for column, indicator in enumerate(ids):
            org = grid.organisation[column].figure
            org.suppressed, org.estimate = False, 0.4
            cell = row.cells[column]
            # Every indicator clearly above the organisation, but wish_weekly
            # only by its point: its interval covers the organisation's figure.
            low = 0.35 if indicator == "wish_weekly" else 0.5
            cell.figure = dataclasses.replace(
                cell.figure, suppressed=False, reason=None, estimate=0.6, ci_low=low, ci_high=0.7
            )
        return grid

    monkeypatch.setattr(views, "heatmap", clearly_above)
    page = persona_clients["admin"].get(f"/resultater/{closed.round.pk}/sammenlign/").content
    first_row = page.decode().split("<tbody>")[1].split("</tr>")[1]
    cells = re.findall(r'<td class="num ([^"]*)">(.*?)</td>', first_row)
    assert [css.strip() for css, _ in cells] == [
        "hm-worse",  # after-hours work: higher is worse
        "",  # wish_weekly: the interval covers the organisation's figure
        "hm-neutral",  # home_office_weekly does not judge
        "hm-better",  # a written agreement: higher is better
        "hm-neutral",  # share_time_home does not judge
    ]
    assert cells[0][1] == (
        '60 % <span aria-hidden="true">↑</span>'
        '<span class="visually-hidden">(klart høyere enn hele organisasjonen, verre)</span>'
    )
    assert "↑" not in cells[1][1]
    english = persona_clients["admin"].get(
        f"/resultater/{closed.round.pk}/sammenlign/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "(clearly higher than the whole organisation, better)" in english.content.decode()


def test_the_response_rate_follows_the_filter_and_no_group_count_can_be_subtracted(
    closed: Closed, persona_clients: dict[str, Client]
) -> None:
    import polars as pl

    from hjemmekontor.analysis.api import check_published
    from hjemmekontor.surveys.models import Invitation

    result_set = ResultSet.objects.get(round=closed.round, kind="employee")
    tree = result_set.tree
    slices = {u.code: u.payload for u in result_set.units.all()}

    def subtree(code: str) -> set[str]:
        if code == ORGANISATION:
            return set(tree)
        found, changed = {code}, True
        while changed:
            changed = False
            for child, info in tree.items():
                if info["parent"] in found and child not in found:
                    found.add(child)
                    changed = True
        return found

    invitations = list(
        Invitation.objects.filter(round=closed.round, kind="employee").values_list(
            "unit__code", "gender", "answered"
        )
    )
    cells, edges, shown = [], [], 0
    for code, data in slices.items():
        units = subtree(code)
        mine = [(g, a) for c, g, a in invitations if c in units]
        rate = data["response_rate"]
        cells.append((f"{code}|all", sum(a for _g, a in mine), rate["suppressed"]))
        parent = None if code == ORGANISATION else (tree[code]["parent"] or ORGANISATION)
        if parent is not None:
            edges.append((f"{code}|all", f"{parent}|all", "unit"))
        for gender in ("female", "male"):
            group = rate["groups"][f"gender={gender}"]
            answered = sum(a for g, a in mine if g == gender)
            assert group["invited"] == sum(1 for g, _a in mine if g == gender)
            if not group["suppressed"]:
                shown += 1
                assert group["answered"] == answered
                assert group["rate"] == pytest.approx(answered / group["invited"])
            else:
                assert group["answered"] is None and group["rate"] is None
            key = f"{code}|gender={gender}"
            cells.append((key, answered, group["suppressed"]))
            edges.append((key, f"{code}|all", "gender"))
            if parent is not None:
                edges.append((key, f"{parent}|gender={gender}", "unit"))
    assert shown >= 2
    frame = pl.DataFrame(cells, schema=["group_key", "n", "suppressed"], orient="row")
    edge_frame = pl.DataFrame(edges, schema=["child_key", "parent_key", "dimension"], orient="row")
    assert check_published(frame, k=5, edges=edge_frame) == []
    # The page shows the filter's group: Økonomi's women, not all of Økonomi.
    oko = closed.org.unit_a
    women = slices["OKO"]["response_rate"]["groups"]["gender=female"]
    page = persona_clients["admin"].get(
        f"/resultater/{closed.round.pk}/enhet/{oko.pk}/?gender=female"
    )
    html = page.content.decode()
    assert f"av {women['invited']} inviterte ansatte" in html
    assert "Svarprosenten gjelder gruppen i filteret" in html


@pytest.mark.parametrize(
    ("high", "top", "step"),
    [(21.9, 25.0, 5.0), (43.8, 50.0, 10.0), (4.9, 5.0, 1.0), (0.97, 1.0, 0.2), (87.5, 100.0, 20.0)],
)
def test_an_axis_reaches_a_round_top_in_round_steps(high, top, step):
    from hjemmekontor.results.charts import nice_axis

    assert nice_axis(high) == pytest.approx((top, step))


def test_a_chart_of_means_has_round_ticks_and_a_0_to_100_scale_is_drawn_whole():
    from hjemmekontor.results.charts import ChartRow, ci_chart

    rows = [ChartRow("Sjelden", 12.0, 8.1, 21.9, ""), ChartRow("Ofte", 15.0, 9.0, 20.0, "")]
    svg = ci_chart(rows, title="t", description="d", percent=False)
    ticks = re.findall(r'text-anchor="middle" fill="[^"]+">([^<]+)</text>', svg)
    assert ticks == ["0", "5", "10", "15", "20", "25"]
    whole = ci_chart(rows, title="t", description="d", percent=False, scale_top=100.0)
    ticks = re.findall(r'text-anchor="middle" fill="[^"]+">([^<]+)</text>', whole)
    assert ticks == ["0", "20", "40", "60", "80", "100"]


def test_the_weighting_note_names_groups_by_their_labels_in_the_pages_language():
    from django.utils import translation

    from hjemmekontor.results.pages import weighting_note

    weighting = {"method": "raking", "merged": {"gender": ["other"], "unit": ["LONN"]}}
    tree = {"LONN": {"path": "Økonomi/Lønn"}}
    with translation.override("nb"):
        assert weighting_note(weighting, tree, "nb") == (
            "Grupper uten svar er slått sammen med nærmeste større gruppe før vektingen: "
            "Kjønn: Annet; Enhet: Økonomi/Lønn."
        )
    with translation.override("en"):
        assert weighting_note(weighting, tree, "en") == (
            "Groups without answers were merged with the nearest larger group before "
            "weighting: Gender: Other; Unit: Økonomi/Lønn."
        )
        assert weighting_note({"method": "none", "error": "x"}, tree, "en") == (
            "Weighting could not be done; the figures are unweighted."
        )
    assert weighting_note({"method": "raking", "merged": {}}, tree, "nb") == ""
