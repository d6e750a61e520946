"""Exports of the ranking and of the instruction table: French headers,
formulas neutralised, numbers kept numeric, streamed without building the
rows in memory."""

import csv
import io
import tracemalloc
from decimal import Decimal

import pytest
from django.db import connection
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext, trans_real
from openpyxl import load_workbook

from applications.models import Application
from reviews.exports import (
    CHUNK_SIZE,
    Table,
    csv_lines,
    export_response,
    neutralise,
    write_xlsx,
)
from tests.factories import assign, submitted_review

from .builders import bulk_dossiers

# The French of the headers (the catalogue's, merged from the branch's po JSON).
FRENCH = {
    "Rank": "Rang",
    "Reference": "Référence",
    "Title": "Titre",
    "Lead organisation": "Organisme porteur",
    "Score": "Note",
    "Median": "Médiane",
    "Spread": "Écart",
    "Disagreement": "Désaccord",
    "Reviews": "Évaluations",
    "Normalised rank": "Rang normalisé",
    "Normalised score": "Score normalisé",
    "State": "État",
    "Reviewers and status": "Instructeurs et statut",
    "Progress": "Progression",
    "Yes": "Oui",
    "No": "Non",
}
RANKING_HEADERS = [
    "Rang",
    "Référence",
    "Titre",
    "Organisme porteur",
    "Note",
    "Médiane",
    "Écart",
    "Désaccord",
    "Évaluations",
    "Rang normalisé",
    "Score normalisé",
]
INSTRUCTION_HEADERS = [
    "Référence",
    "Titre",
    "Organisme porteur",
    "État",
    "Instructeurs et statut",
    "Progression",
    "Note",
    "Médiane",
    "Écart",
    "Désaccord",
]


@pytest.fixture(autouse=True)
def french_catalogue():
    """Until the branch's msgids are merged into ``locale/fr``, give the French
    catalogue the translations above; once merged, the catalogue's own answer
    (asserted equal here) is what the tests read."""
    translation = trans_real.translation("fr")
    added = []
    for msgid, french in FRENCH.items():
        current = translation.gettext(msgid)
        if current == msgid:
            translation._catalog[msgid] = french
            added.append(msgid)
        else:
            assert current == french, msgid
    yield
    for msgid in added:
        del translation._catalog._catalogs[0][msgid]


def _csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


def _xlsx(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return workbook.active


@pytest.fixture
def worked(dossier, criteria, manager, reviewers):
    """The worked example (75, spread 25, flagged), its title a formula."""
    first, second = criteria
    Application.objects.filter(pk=dossier.pk).update(title="=HYPERLINK(1)")
    dossier.organisation.name = "@SUM(A1)"
    dossier.organisation.save()
    submitted_review(
        assign(dossier, reviewers[0], manager), {first.pk: 4, second.pk: 5}
    )
    submitted_review(
        assign(dossier, reviewers[1], manager), {first.pk: 2, second.pk: 10}
    )
    return dossier


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 6", "'+33 6"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Projet = santé", "Projet = santé"),
        ("", ""),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_ranking_csv_french_headers_neutralised_numbers(call, worked):
    response = export_response("classement", call, "csv")

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="classement-{call.reference}.csv"'
    )
    header, row = _csv(response)
    assert header == RANKING_HEADERS
    assert row == [
        "1",
        worked.reference,
        "'=HYPERLINK(1)",
        "'@SUM(A1)",
        "75,00",
        "75,00",
        "25,00",
        "Oui",
        "2",
        "",
        "",
    ]


def test_instruction_csv(call, worked, reviewers):
    [unscored] = bulk_dossiers(call, 1)
    Application.objects.filter(pk=unscored.pk).update(title="-1+2")

    header, *rows = _csv(export_response("instruction", call, "csv"))
    # By reference: their order depends on the factories' sequence (text order).
    by_reference = {row[0]: row for row in rows}
    first, second = by_reference[worked.reference], by_reference[unscored.reference]

    assert header == INSTRUCTION_HEADERS
    assert first[:4] == [
        worked.reference,
        "'=HYPERLINK(1)",
        "'@SUM(A1)",
        str(worked.get_state_display()),
    ]
    assert first[4] == (
        f"{reviewers[0].get_full_name()} : {gettext('Submitted')} ; "
        f"{reviewers[1].get_full_name()} : {gettext('Submitted')}"
    )
    assert first[6:] == ["75,00", "75,00", "25,00", "Oui"]
    assert second[1] == "'-1+2"
    assert second[6:] == ["", "", "", ""]


def test_ranking_xlsx_numbers_stay_numeric_text_neutralised(call, worked):
    response = export_response("classement", call, "xlsx")

    assert isinstance(response, FileResponse)
    assert response["Content-Disposition"] == (
        f'attachment; filename="classement-{call.reference}.xlsx"'
    )
    sheet = _xlsx(response)
    header, row = list(sheet.iter_rows())
    assert [cell.value for cell in header] == RANKING_HEADERS
    assert row[2].value == "'=HYPERLINK(1)"
    assert row[2].data_type == "s"
    assert row[3].value == "'@SUM(A1)"
    assert row[4].value == 75
    assert row[4].data_type == "n"
    assert row[6].value == 25
    assert row[7].value == "Oui"


def test_instruction_xlsx(call, worked):
    sheet = _xlsx(export_response("instruction", call, "xlsx"))

    header, row = list(sheet.iter_rows(values_only=True))
    assert list(header) == INSTRUCTION_HEADERS
    assert row[1] == "'=HYPERLINK(1)"
    assert row[6:] == (75, 75, 25, "Oui")


def test_normalised_score_negative_stays_a_number(call, reviewers):
    call.normalisation_min_reviews = 2
    call.save()
    bulk_dossiers(call, 2, reviewers=reviewers[:1], totals=lambda i, j: [80, 60][i])

    _header, best, worst = _csv(export_response("classement", call, "csv"))
    sheet = _xlsx(export_response("classement", call, "xlsx"))

    assert (best[9], best[10]) == ("1", "1,000")
    assert (worst[9], worst[10]) == ("2", "-1,000")
    assert list(sheet.iter_rows(values_only=True))[2][10] == -1.0


@pytest.mark.parametrize(("table", "fmt"), [("autre", "csv"), ("classement", "pdf")])
def test_unknown_export_is_404(call, table, fmt):
    with pytest.raises(Http404):
        export_response(table, call, fmt)


# Streaming -----------------------------------------------------------------------


def _synthetic(count):
    for i in range(count):
        yield [
            f"AAC-{i:05d}",
            f"=Projet n°{i}, un titre assez long pour peser dans la sortie",
            "Centre hospitalier",
            Decimal("75.25"),
            Decimal("12.50"),
            "Oui",
            3,
            i,
            -0.612,
        ]


def _csv_peak(count):
    tracemalloc.start()
    size = sum(len(line.encode()) for line in csv_lines(["h"] * 9, _synthetic(count)))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, size


def test_csv_writer_streams_5000_rows_in_bounded_memory():
    _csv_peak(10)  # warm up (imports, catalogues)
    small_peak, _small_size = _csv_peak(500)
    peak, size = _csv_peak(5000)

    assert size > 500_000
    assert peak < size / 2
    assert peak < small_peak * 1.5 + 64_000


def _xlsx_peak(count, tmp_path):
    tracemalloc.start()
    with open(tmp_path / f"{count}.xlsx", "wb") as output:
        write_xlsx(Table("Feuille", ["h"] * 9, _synthetic(count)), output)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def test_xlsx_writer_writes_5000_rows_in_bounded_memory(tmp_path):
    _xlsx_peak(10, tmp_path)
    small_peak = _xlsx_peak(500, tmp_path)
    peak = _xlsx_peak(5000, tmp_path)

    assert peak < small_peak * 1.5
    rows = list(load_workbook(tmp_path / "5000.xlsx").active.iter_rows())
    assert len(rows) == 5001
    assert rows[1][1].value.startswith("'=Projet")


def _stream(call):
    """Consume the instruction CSV of ``call``: ``(lines, queries, queries
    for the first row, peak memory while streaming past the first row)``."""
    response = export_response("instruction", call, "csv")
    assert isinstance(response, StreamingHttpResponse)
    lines = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as context:
        next(lines)  # the headers: nothing read yet
        assert len(context.captured_queries) == 0
        next(lines)  # the first row: the first chunk only
        first_chunk = len(context.captured_queries)
        tracemalloc.start()
        count = 2 + sum(1 for _line in lines)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return count, len(context.captured_queries), first_chunk, peak


def test_instruction_csv_streams_5000_dossiers_in_chunks(call, reviewers):
    bulk_dossiers(call, 1000, reviewers=reviewers[:1], partners=False)
    _count, _queries, _first, peak_at_1000 = _stream(call)
    bulk_dossiers(call, 4000, reviewers=reviewers[:1], partners=False)

    count, queries, first_chunk, peak = _stream(call)

    assert count == 5001
    assert first_chunk == 2  # the dossiers' cursor, the first chunk's assignments
    # One query for the dossiers' cursor, one per chunk for their assignments.
    assert queries == 1 + 5000 // CHUNK_SIZE
    # What stays in memory is a chunk of dossiers: the same at 1,000 and 5,000.
    assert peak < peak_at_1000 * 1.3


def test_booleans_are_written_yes_or_no(tmp_path):
    lines = list(csv_lines(["a", "b"], [[True, False]]))
    with open(tmp_path / "b.xlsx", "wb") as output:
        write_xlsx(Table("T", ["a", "b"], [[True, False]]), output)

    assert lines[1] == "Oui;Non\r\n"
    rows = list(load_workbook(tmp_path / "b.xlsx").active.iter_rows(values_only=True))
    assert rows[1] == ("Oui", "Non")
