"""The import as the HMS adviser meets it: upload, preview, confirm, result, rejected lines."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from hjemmekontor.organisation.models import ImportBatch, Person
from tests.organisation.org_files import csv_file

pytestmark = pytest.mark.django_db

HEADER = ["Ansattnr", "Navn", "E-post", "Enhet", "Fødselsdato"]
FORMULA = '=HYPERLINK("http://evil.example";"Klikk")'


def upload(client: Client, data: bytes, name: str = "ansatte.csv", **extra: Any) -> Any:
    return client.post(
        reverse("organisation:import"),
        {"file": SimpleUploadedFile(name, data, content_type="text/csv"), **extra},
    )


def preview_of(response: Any) -> ImportBatch:
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("organisation:import-preview", args=[batch.pk])
    return batch


def test_excel_file_is_previewed_confirmed_and_its_rejected_lines_downloaded(
    staff_client: Client,
) -> None:
    data = csv_file(
        [
            HEADER,
            ["1001", "Åse Ødegård", "ase@demo.example", "Økonomi/Lønn", "01.02.1980"],
            ["1002", "Ærlig Øystein", "oystein(at)demo.example", "Økonomi", "15.06.1990"],
            ["1003", FORMULA, "per@demo.example", "IT", "31.02.1985"],
        ],
        encoding="cp1252",
    )

    batch = preview_of(upload(staff_client, data))
    page = staff_client.get(reverse("organisation:import-preview", args=[batch.pk]))
    html = page.content.decode()

    assert "Windows-1252" in html and "semikolon (;)" in html
    assert "Åse Ødegård" in html and "Økonomi/Lønn" in html
    assert '<tr class="row-problem"><td class="num">3</td>' in html
    assert "Ugyldig e-postadresse «oystein(at)demo.example»." in html
    assert '<tr class="row-problem"><td class="num">4</td>' in html
    assert "Fødselsdatoen «31.02.1985» finnes ikke." in html
    assert not Person.objects.exists()  # a preview changes nothing

    result = staff_client.post(reverse("organisation:import-confirm", args=[batch.pk]))
    assert result["Location"] == reverse("organisation:import-result", args=[batch.pk])
    assert list(Person.objects.values_list("name", "birth_year")) == [("Åse Ødegård", 1980)]

    download = staff_client.get(reverse("organisation:import-rejected", args=[batch.pk]))
    assert download["Content-Type"] == "text/csv; charset=windows-1252"
    assert "avviste-linjer-ansatte.csv" in download["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(download.content.decode("cp1252")), delimiter=";"))
    assert rows[0] == [*HEADER, "feil"]
    assert rows[1][:5] == [
        "1002",
        "Ærlig Øystein",
        "oystein(at)demo.example",
        "Økonomi",
        "15.06.1990",
    ]
    assert rows[1][5].startswith("linje 3: E-post: Ugyldig e-postadresse")
    # The formula comes back inert: a spreadsheet shows it as text.
    assert rows[2][1] == "'" + FORMULA
    assert rows[2][5].startswith("linje 4: Fødselsdato:")


def test_confirming_twice_from_two_tabs_imports_once(staff_client: Client) -> None:
    batch = preview_of(
        upload(staff_client, csv_file([HEADER, ["1", "Kari", "kari@demo.example", "IT", ""]]))
    )
    confirm = reverse("organisation:import-confirm", args=[batch.pk])

    staff_client.post(confirm)
    second = staff_client.post(confirm, follow=True)

    assert "kan ikke gjennomføres på nytt" in second.content.decode()
    assert Person.objects.count() == 1


def test_script_in_a_name_is_shown_as_inert_text(staff_client: Client) -> None:
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    batch = preview_of(
        upload(staff_client, csv_file([HEADER, ["1", hostile, "kari@demo.example", "IT", ""]]))
    )

    html = staff_client.get(reverse("organisation:import-preview", args=[batch.pk])).content
    staff_client.post(reverse("organisation:import-confirm", args=[batch.pk]))
    people = staff_client.get(reverse("organisation:people")).content

    for page in (html.decode(), people.decode()):
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x" in page
        assert "<script>" not in page and "<img src=x" not in page
    assert Person.objects.get().name == hostile  # stored as written, escaped when shown


def test_a_50_mb_file_is_refused_before_parsing_with_the_limit(
    staff_client: Client, tmp_path: Path
) -> None:
    big = tmp_path / "stor.csv"
    with big.open("wb") as handle:
        handle.write(b"navn;epost\r\n")
        # A sparse file: 50 MB on paper, created instantly.
        handle.truncate(50 * 1024 * 1024)

    with big.open("rb") as handle:
        response = staff_client.post(reverse("organisation:import"), {"file": handle})

    html = response.content.decode()
    limit_mb = settings.MAX_UPLOAD_BYTES // (1024 * 1024)
    assert response.status_code == 200
    assert f"Filen «stor.csv» er 50 MB; grensen er {limit_mb} MB." in html
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Filen «ansatte.csv» er tom."),
        (b"ansattnr|navn|epost\r\n1|Kari|k@demo.example\r\n", "ble ikke gjenkjent"),
        (b"ansattnr;epost\r\n1;k@demo.example\r\n", "mangler kolonnen «navn»"),
        (b"navn;epost\r\nA\x81se;a@demo.example\r\n", "ugyldig byte 0x81 på linje 2"),
    ],
    ids=["empty", "wrong separator", "missing column", "undecodable"],
)
def test_a_file_that_cannot_be_imported_is_explained_on_the_upload_page(
    staff_client: Client, data: bytes, message: str
) -> None:
    response = upload(staff_client, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert message in html
    assert not ImportBatch.objects.exists()


def test_the_preview_lists_who_would_be_deactivated_only_when_asked(
    staff_client: Client, employee: Person, manager_b: Person
) -> None:
    rows = [
        HEADER,
        [employee.employee_number, employee.name, employee.email, "Demo AS/Økonomi/Lønn", ""],
    ]
    asked = preview_of(upload(staff_client, csv_file(rows), deactivate_missing="on"))
    html = staff_client.get(
        reverse("organisation:import-preview", args=[asked.pk])
    ).content.decode()

    assert "Personer som deaktiveres" in html
    assert manager_b.name in html
    assert [entry["pk"] for entry in asked.plan["deactivate"]] == [manager_b.pk]

    staff_client.post(reverse("organisation:import-confirm", args=[asked.pk]))
    manager_b.refresh_from_db()
    assert not manager_b.active
    employee.refresh_from_db()
    assert employee.active


def test_a_large_import_is_written_by_the_worker_while_the_page_follows_it(
    staff_client: Client, settings: Any
) -> None:
    from hjemmekontor.jobs.models import Job
    from hjemmekontor.jobs.worker import run_queued

    settings.IMPORT_BACKGROUND_ROWS = 3
    rows = [HEADER] + [[str(i), f"Person {i}", f"p{i}@demo.example", "IT", ""] for i in range(5)]
    batch = preview_of(upload(staff_client, csv_file(rows)))
    confirm = reverse("organisation:import-confirm", args=[batch.pk])
    result = reverse("organisation:import-result", args=[batch.pk])

    answer = staff_client.post(confirm)
    assert answer["Location"] == result
    assert Person.objects.count() == 0  # nothing written in the request
    waiting = staff_client.get(result).content.decode()
    assert "Importen står i kø." in waiting and "data-job-refresh" in waiting
    # A second confirmation (another tab) neither queues it again nor shows the form.
    staff_client.post(confirm)
    assert Job.objects.filter(kind="import_people").count() == 1
    assert (
        staff_client.get(reverse("organisation:import-preview", args=[batch.pk]))["Location"]
        == result
    )

    assert run_queued() == 1
    assert Person.objects.count() == 5
    done = staff_client.get(result).content.decode()
    assert "data-job-refresh" not in done and "Importert: ansatte.csv" in done
