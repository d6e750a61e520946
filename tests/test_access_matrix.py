"""The URL access matrix: every URL pattern of the project by every role.

The patterns are read from the URL conf; each one must be classified in
``tests/access/expectations.py`` (an expectation per role with real ids, or a
rule for Wagtail's own views). Each cell is its own test, e.g.
``test_cell[wagtailsnippets_calls_call:edit-manager_other]``. A cell that leaks
today is a strict xfail naming its issue: fixing the leak must flip its marker.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from calls.models import Call
from core.models import ActivityEntry
from reviews.models import DecisionLetter, Review
from tests.access import fixtures, forms
from tests.access.expectations import (
    ADMIN_HOME,
    ADMIN_LOGIN,
    BUILTINS,
    CALL_EDIT,
    DOSSIER_DETAIL,
    LISTINGS,
    LOGIN,
    REDIRECT,
    ROWS,
    SAMPLES,
    Builtin,
    Leak,
    Row,
)
from tests.access.instruction import REVIEW_GRID
from tests.access.roles import (
    MANAGER_OTHER,
    REVIEWER_ASSIGNED,
    REVIEWER_CONFLICTED,
    ROLES,
    client_for,
)
from tests.access.urls import Pattern, cell_ids, project_patterns, sample_path

PATTERNS = project_patterns()
WHERE = "tests/access/expectations.py"


def rows_for(pattern: Pattern) -> list[Row]:
    return [r for r in ROWS if r.name == pattern.key]


def rule_for(pattern: Pattern) -> Builtin | None:
    return next((b for b in BUILTINS if fnmatchcase(pattern.key, b.glob)), None)


@dataclass(frozen=True)
class Cell:
    id: str
    role: str
    expected: object
    method: str
    row: Row | None = None  # a row's cell: the URL comes from the world's objects
    path: str | None = None  # a rule's cell: a fixed path


def _cells() -> list:
    cells = []
    for r in ROWS:
        for role, expected in r.cells.items():
            cells.append(Cell(f"{r.id}-{role}", role, expected, r.method, row=r))
    ids = cell_ids(PATTERNS)
    for pattern in PATTERNS:
        rule = rule_for(pattern)
        if rows_for(pattern) or rule is None:
            continue
        path = SAMPLES.get(pattern.key) or sample_path(pattern.route)
        for role, expected in rule.cells.items():
            cells.append(
                Cell(f"{ids[pattern]}-{role}", role, expected, "GET", path=path)
            )
    return [
        pytest.param(
            cell,
            id=cell.id,
            marks=[
                pytest.mark.xfail(
                    strict=True,
                    raises=AssertionError,
                    reason=(
                        f"known leak, issue {cell.expected.issue}: {cell.expected.why}"
                    ),
                )
            ]
            if isinstance(cell.expected, Leak)
            else [],
        )
        for cell in cells
    ]


CELLS = _cells()


# The objects, once for the module (rolled back at its end) -----------------------

world = fixtures.world
_media_root = fixtures._media_root


# The cells -------------------------------------------------------------------


def outcome(response):
    if response.status_code in (301, 302):
        target = urlparse(response["Location"]).path
        if target == resolve_url(settings.LOGIN_URL):
            return LOGIN
        if target == reverse("wagtailadmin_login"):
            return ADMIN_LOGIN
        if target == reverse("wagtailadmin_home"):
            return ADMIN_HOME
        return REDIRECT
    return response.status_code


def url_of(cell: Cell, world) -> str:
    if cell.path is not None:
        return cell.path
    r = cell.row
    if r.path:
        return r.path(world)
    args = r.args(world) if r.args else None
    kwargs = r.kwargs(world) if r.kwargs else None
    return reverse(r.name, args=args, kwargs=kwargs)


@pytest.mark.parametrize("cell", CELLS)
def test_cell(db, world, cell):
    url = url_of(cell, world)
    client = client_for(cell.role, world)
    if cell.method == "POST":
        data = cell.row.data(world) if cell.row and cell.row.data else {}
        response = client.post(url, data)
    else:
        response = client.get(url)
    got = outcome(response)
    expected = cell.expected
    if isinstance(expected, Leak):
        expected = expected.expected
    allowed = expected if isinstance(expected, frozenset) else {expected}
    assert got in allowed, (
        f"{cell.method} {url} as {cell.role}: got {got!r}, expected {expected!r} "
        f"(classified in {WHERE})"
    )


# Beyond one cell: a manager of authority B tries to move A's call to B, then to
# read A's dossier in the managers' side.


def test_other_manager_cannot_take_a_call_and_its_dossiers(db, world):
    client = client_for(MANAGER_OTHER, world)
    client.post(
        reverse(CALL_EDIT, args=[world.call_a.pk]),
        forms.call_edit(world.call_a, authority=world.authority_b),
    )
    call = Call.objects.get(pk=world.call_a.pk)
    dossier = client.get(reverse(DOSSIER_DETAIL, args=[world.submitted.pk]))
    assert (call.authority_id, dossier.status_code) == (world.authority_a.pk, 404)


# Beyond one cell: no score is taken before the reviewer's attestation, nor after
# a declared conflict (the refusals answer a redirect and a 404; nothing saved).


def test_no_score_without_attestation(db, world):
    client = client_for(REVIEWER_ASSIGNED, world)
    grid = forms.review_grid(world.call_a)
    client.post(reverse(REVIEW_GRID, args=[world.unattested_assignment.pk]), grid)
    client_for(REVIEWER_CONFLICTED, world).post(
        reverse(REVIEW_GRID, args=[world.conflicted_assignment.pk]), grid
    )
    taken = Review.objects.filter(
        assignment__in=[world.unattested_assignment, world.conflicted_assignment]
    )
    assert not taken.exists()


# Beyond one cell: the applicant's cell opened the decision letter (its first
# opening recorded); each cell is rolled back, so the cells after it, whatever the
# order, see it unopened. Run after the cells, this sees what they left.


def test_no_cell_leaves_the_letter_opened(db, world):
    letter = DecisionLetter.objects.get(pk=world.letter.pk)
    opened = ActivityEntry.objects.filter(action="decision_letter.opened")
    assert (letter.first_opened_at, opened.exists()) == (None, False)


# Listings: in scope ----------------------------------------------------------------


@pytest.mark.parametrize(
    "listing",
    [
        pytest.param(
            h,
            id=h.id,
            marks=[
                pytest.mark.xfail(
                    strict=True,
                    raises=AssertionError,
                    reason=f"known leak, issue {h.issue}: {h.leak}",
                )
            ]
            if h.leak
            else [],
        )
        for h in LISTINGS
    ],
)
def test_listing_stays_in_scope(db, world, listing):
    kwargs = listing.kwargs(world) if listing.kwargs else None
    response = client_for(listing.role, world).get(reverse(listing.name, kwargs=kwargs))
    assert response.status_code == 200
    shown = [t for t in listing.texts(world) if t in response.content.decode()]
    assert not shown, f"{listing.name} as {listing.role} shows {shown}"


# The table itself ----------------------------------------------------------------


def test_every_url_pattern_is_classified():
    unclassified = [p for p in PATTERNS if not rows_for(p) and rule_for(p) is None]
    assert not unclassified, (
        "URL patterns nobody classified; add a row (an expectation per role) or, "
        "for a Wagtail/Django view that touches none of our data, a builtin rule, "
        f"in {WHERE}:\n" + "\n".join(f"  {p.key}  ({p.route})" for p in unclassified)
    )


def test_every_row_names_a_url_pattern():
    names = {p.key for p in PATTERNS}
    stale = sorted({r.name for r in ROWS} - names)
    assert not stale, f"rows of {WHERE} naming no URL pattern (renamed?): {stale}"


def test_every_rule_covers_a_url_pattern():
    unused = [b.glob for b in BUILTINS if not any(rule_for(p) is b for p in PATTERNS)]
    assert not unused, f"builtin rules of {WHERE} matching no URL pattern: {unused}"


def test_every_get_row_covers_every_role():
    partial = [r.id for r in ROWS if r.method == "GET" and set(r.cells) != set(ROLES)]
    assert not partial, f"rows missing roles: {partial}"


EXPECTED_COUNTS = {
    "patterns": 364,
    "per role": 191,
    "by builtin rule": 173,
    "cells": 3283,
    "known leaks": 0,
}


def test_matrix_size():
    """Exact: it changes when a URL, a row or a role is added."""
    covered = {cell.values[0].role for cell in CELLS}
    assert covered == set(ROLES)
    by_row = sum(1 for p in PATTERNS if rows_for(p))
    by_rule = len(PATTERNS) - by_row
    counts = {
        "patterns": len(PATTERNS),
        "per role": by_row,
        "by builtin rule": by_rule,
        "cells": len(CELLS),
        "known leaks": sum(isinstance(c.values[0].expected, Leak) for c in CELLS),
    }
    assert counts == EXPECTED_COUNTS, (
        f"the matrix changed: {counts}; update EXPECTED_COUNTS if that is intended"
    )
