"""Exports of a call's instruction: the ranking (« classement ») and the
instruction table (« instruction »), as CSV or XLSX, streamed.

* CSV for French Excel: UTF-8 with a byte-order mark (Excel otherwise reads it
  as Windows-1252), ``;`` between cells and a decimal comma (Excel in French
  reads « 75,5 » as a number and « 75.5 » as text or a date). Streamed line by
  line (``StreamingHttpResponse``).
* XLSX: openpyxl's write-only workbook, written to a temporary file on disk
  and streamed from it (``FileResponse``); numbers stay numeric cells.
* Rows are produced one at a time: the instruction table is read in chunks
  (``QuerySet.iterator(chunk_size=...)``); the ranking is one call's dossiers
  (hundreds at most), ranked in memory by the selector.
* A text cell that a spreadsheet would read as a formula (it starts with
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is neutralised with a
  leading apostrophe, in both formats; real numbers are not text and are left
  alone.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from .enums import ReviewerProgress
from .selectors import instruction_rows, instruction_table, normalised_ranking

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 200
TWO_PLACES = Decimal("0.01")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TABLES = ("classement", "instruction")
FORMATS = ("csv", "xlsx")


def neutralise(value: str) -> str:
    """``value`` with a leading apostrophe when a spreadsheet would run it."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _two_places(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(TWO_PLACES)


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


@dataclass(frozen=True)
class Table:
    """What an export writes: a sheet title, headers and rows of cells (text,
    ``Decimal``, ``int``, ``float`` or ``None``)."""

    title: str
    headers: list[str]
    rows: Iterable[list]


# CSV ---------------------------------------------------------------------------


class _Echo:
    """A file-like object that hands back what ``csv.writer`` writes."""

    def write(self, value: str) -> str:
        return value


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, Decimal | int):
        return str(value).replace(".", ",")
    if isinstance(value, float):
        return f"{value:.3f}".replace(".", ",")
    return neutralise(str(value))


def csv_lines(headers: Iterable, rows: Iterable[list]) -> Iterator[str]:
    """The lines of the CSV, one at a time; the first starts with the BOM."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow([neutralise(str(h)) for h in headers])
    for row in rows:
        yield writer.writerow([_csv_cell(value) for value in row])


# XLSX --------------------------------------------------------------------------


def _xlsx_cell(sheet, value):
    if isinstance(value, bool):
        value = _yes_no(value)
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, neutralise(value))
        # Whatever openpyxl guesses, text stays text: never a formula.
        cell.data_type = "s"
        return cell
    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, Decimal):
        cell.number_format = "0.00"
    elif isinstance(value, float):
        cell.number_format = "0.000"
    return cell


def write_xlsx(table: Table, output) -> None:
    """Write ``table`` to the binary file ``output``, row by row."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=table.title[:31])
    sheet.append([_xlsx_cell(sheet, str(header)) for header in table.headers])
    for row in table.rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    workbook.save(output)


# The tables --------------------------------------------------------------------


def ranking_table(call) -> Table:
    """The ranking: raw order, with the normalised rank and score beside."""
    ranking = normalised_ranking(call)
    rows = sorted(
        ranking.rows,
        key=lambda row: (
            row.score is None,
            -(row.score or 0),
            row.application.reference,
        ),
    )
    headers = [
        _("Rank"),
        _("Reference"),
        _("Title"),
        _("Lead organisation"),
        _("Score"),
        _("Median"),
        _("Spread"),
        _("Disagreement"),
        _("Reviews"),
        _("Normalised rank"),
        _("Normalised score"),
    ]
    return Table(
        title=_("Ranking"),
        headers=headers,
        rows=(
            [
                row.rank_raw,
                row.application.reference,
                row.application.title,
                row.application.organisation.name,
                _two_places(row.score),
                _two_places(row.median),
                _two_places(row.spread),
                _yes_no(row.flagged) if row.score is not None else "",
                row.reviews_count,
                row.rank_normalised,
                None if row.normalised is None else round(row.normalised, 3),
            ]
            for row in rows
        ),
    )


def _reviewers_text(row) -> str:
    return " ; ".join(
        f"{cell.name} : {ReviewerProgress(cell.progress).label}"
        for cell in row.reviewers
        if cell.assignment.status != "removed"
    )


def _release(page) -> None:
    """Break the cycles between a page's dossiers and their related objects
    (a prefetched assignment points back to its dossier, a review to its
    assignment), so that each page is
    freed as soon as it is written rather than at the next full garbage
    collection: memory then stays at one page whatever the number of rows."""
    for application in page:
        for assignment in application.__dict__.pop("current_assignments", []):
            assignment._state.fields_cache.clear()  # its dossier, review
        application._state.fields_cache.clear()  # its consolidation


def _instruction_rows(call) -> Iterator[list]:
    applications = instruction_table(call).iterator(chunk_size=CHUNK_SIZE)
    while page := list(islice(applications, CHUNK_SIZE)):
        yield from _instruction_cells(page, call)
        _release(page)


def _instruction_cells(page, call) -> Iterator[list]:
    for row in instruction_rows(page, call, with_conflicts=False):
        yield [
            row.application.reference,
            row.application.title,
            row.application.organisation.name,
            str(row.application.get_state_display()),
            _reviewers_text(row),
            f"{row.progress_label} — {row.progress_text}",
            _two_places(row.score),
            _two_places(row.median),
            _two_places(row.spread),
            _yes_no(row.flagged) if row.score is not None else "",
        ]


def instruction_export_table(call) -> Table:
    """One row per dossier in instruction, by reference."""
    return Table(
        title=_("Instruction"),
        headers=[
            _("Reference"),
            _("Title"),
            _("Lead organisation"),
            _("State"),
            _("Reviewers and status"),
            _("Progress"),
            _("Score"),
            _("Median"),
            _("Spread"),
            _("Disagreement"),
        ],
        rows=_instruction_rows(call),
    )


def export_filename(table: str, call, fmt: str) -> str:
    """E.g. ``classement-AAC-2026-BRE-MAV.csv``."""
    return f"{table}-{call.reference}.{fmt}"


def export_response(table: str, call, fmt: str) -> HttpResponse:
    """The export ``table`` (« classement » or « instruction ») of ``call`` as
    ``fmt`` (« csv » or « xlsx »); ``Http404`` for anything else. The caller
    checks that the user manages the call."""
    if table not in TABLES or fmt not in FORMATS:
        raise Http404(_("No such export."))
    content = (
        ranking_table(call)
        if table == "classement"
        else (instruction_export_table(call))
    )
    filename = export_filename(table, call, fmt)
    if fmt == "csv":
        response = StreamingHttpResponse(
            csv_lines(content.headers, content.rows),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    output = tempfile.TemporaryFile()
    write_xlsx(content, output)
    output.seek(0)
    return FileResponse(
        output, as_attachment=True, filename=filename, content_type=XLSX_TYPE
    )
