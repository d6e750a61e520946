"""Generated input posted to every form of the project never makes a server
error (issue 13).

The forms are found as a user finds them: every page of the URL access matrix
(``tests/access/expectations.py``) that some role opens (200) is opened as the
role it is meant for, and its ``<form method="post">`` are read from the HTML
(``html_forms``), the site's sign-out and language forms aside. Two dossier
steps of a call asking every kind of question are added (the world's calls ask
one long text). Hypothesis then posts, per form, generated bodies
(``strategies``: fields left out, kept or replaced by junk of their kind, files
generated) with the role's session; each answer must be below 500. Every post
runs in a savepoint rolled back after it: the world stays as built.

``FORM_PAGES`` names the pages that hold forms of their own (a form already met
on an earlier page is posted once): ``test_form_pages_are_the_ones_found`` fails
when a page gains or loses its forms, so the list cannot silently shrink. The
total posted is printed at the end of the run (``conftest.py``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, Phase, given, settings

from calls.enums import TerritoryLevel
from tests.access.expectations import ROWS, Row
from tests.access.roles import (
    ADMIN,
    APPLICANT,
    MANAGER,
    PARTNER,
    REVIEWER,
    REVIEWER_ASSIGNED,
    REVIEWER_CONFLICTED,
    ROLES,
    VISITOR,
    client_for,
)
from tests.factories import ApplicationFactory, CallFactory

from .html_forms import Form, post_forms
from .strategies import post_data

EXAMPLES = 20  # posts per form; the module runs in about a minute on SQLite
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same bodies on every run and in CI
    database=None,
    # No shrinking: a form of 70 fields takes minutes to shrink (add Phase.shrink
    # when chasing a failure).
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
# Forms that would end the session or only switch the language.
NOT_FUZZED = {"logout", "admin_logout", "set_language"}

# The role a page is opened as, among those it answers 200 to: the one whose
# page it is (the applicant's espace, the managers' admin, the reviewers'
# instruction) before the administrator who sees everything.
PREFERRED = (
    APPLICANT,
    MANAGER,
    REVIEWER_ASSIGNED,
    REVIEWER,
    REVIEWER_CONFLICTED,
    ADMIN,
    PARTNER,
    VISITOR,
)
# Opened by everyone: the partner's link is the partner's.
ROLE_OF = {"applications:partner_commitment": PARTNER}


@dataclass(frozen=True)
class Page:
    id: str
    role: str
    url: Callable  # world -> path


def _row_url(row: Row) -> Callable:
    def url(world) -> str:
        if row.path:
            return row.path(world)
        args = row.args(world) if row.args else None
        kwargs = row.kwargs(world) if row.kwargs else None
        return reverse(row.name, args=args, kwargs=kwargs)

    return url


def _role_for(row: Row) -> str | None:
    opening = [role for role in ROLES if row.cells.get(role) == 200]
    if not opening:
        return None
    if row.name in ROLE_OF:
        return ROLE_OF[row.name]
    if set(opening) == set(ROLES):
        return VISITOR
    return next((role for role in PREFERRED if role in opening), opening[0])


def _step(number: int) -> Callable:
    def url(world) -> str:
        pk = world.every_question_draft.pk
        return reverse("applications:dossier_step", args=[pk, number])

    return url


def _pages() -> dict[str, Page]:
    pages = {}
    for row in ROWS:
        role = _role_for(row) if row.method == "GET" else None
        if role is not None:
            pages[row.id] = Page(row.id, role, _row_url(row))
    for number in (1, 2):
        page_id = f"every_question:dossier_step-{number}"
        pages[page_id] = Page(page_id, APPLICANT, _step(number))
    return pages


PAGES = _pages()

# The pages holding forms of their own, in the order they are met.
FORM_PAGES = [
    "login",
    "signup",
    "resend_verification",
    "password_reset",
    "organisations:create",
    "organisations:join",
    "organisations:detail",
    "applications:dossier_create",
    "applications:dossier_step",
    "applications:dossier_submit-recap",
    "applications:dossier_withdraw",
    "applications:dossier_attachments",
    "applications:dossier_messages",
    "applications:dossier_messages-draft",
    "applications:dossier_partners",
    "applications:partner_edit",
    "applications:partner_remove-confirm",
    "applications:partner_letter",
    "applications:partner_commitment",
    "dossiers_admin:detail",
    "dossiers_admin:detail-instruction",
    "wagtailsnippets_calls_call:add",
    "wagtailsnippets_calls_call:edit",
    "wagtailsnippets_calls_call:copy",
    "wagtailsnippets_calls_authority:add",
    "wagtailsnippets_calls_authority:edit",
    "wagtailsnippets_calls_territory:add",
    "wagtailsnippets_calls_territory:edit",
    "wagtailadmin_pages:add",
    "wagtailadmin_pages:edit",
    "wagtailadmin_pages:delete",
    "wagtailadmin_pages:unpublish",
    "wagtailadmin_pages:move",
    "wagtailadmin_pages:revisions_revert",
    "wagtailsettings:edit-site",
    "reviews_admin:assignment-unattested",
    "reviews_admin:conflict_declare",
    "reviews_admin:conflict_declare-accepted",
    "reviews_admin:review_grid",
    "reviews_admin:interest_add",
    "reviews_admin:interest_edit",
    "reviews_admin:interest_delete-confirm",
    "reviews_admin:assign",
    "reviews_admin:distribute",
    "reviews_admin:dossier",
    "reviews_admin:assignment_remove",
    "reviews_admin:assignment_replace",
    "reviews_admin:conflict_override",
    "reviews_admin:review_reopen",
    "reviews_admin:committee_create",
    "reviews_admin:release",
    "reviews_admin:decision_correct",
    "reviews_admin:dossier-decided",
    "directory_services:add",
    "directory_services:edit",
    "directory_services:delete",
    "directory_finess:import",
    "two_factor:enrol",
    "every_question:dossier_step-1",
    "every_question:dossier_step-2",
]
# At least this many forms: the count found when the test was written.
FORMS_FLOOR = 69


# The questionnaire of every kind of question, on top of the world ----------------

SECTIONS = [
    {
        "type": "section",
        "value": {
            "title": "Toutes les questions",
            "intro": "",
            "questions": [
                ("short_text", {"label": "Nom", "max_length": 20}),
                ("long_text", {"label": "Projet", "max_chars": 200}),
                ("number", {"label": "Lits", "min_value": 0, "max_value": 50}),
                ("amount", {"label": "Montant", "max_amount": "100000.00"}),
                ("date", {"label": "Début"}),
                ("choice", {"label": "Statut", "choices": ["Public", "Privé"]}),
                (
                    "multiple_choice",
                    {
                        "label": "Publics",
                        "choices": ["Adultes", "Enfants", "Aidants"],
                        "max_selected": 2,
                    },
                ),
                (
                    "territory",
                    {"label": "Filière", "level": TerritoryLevel.FILIERE},
                ),
                (
                    "territory",
                    {
                        "label": "Départements",
                        "level": TerritoryLevel.DEPARTEMENT,
                        "multiple": True,
                    },
                ),
                ("identifier", {"label": "SIRET du partenaire"}),
                ("identifier", {"label": "FINESS", "identifier": "finess"}),
            ],
        },
    },
    {
        "type": "section",
        "value": {
            "title": "Budget et pièces",
            "intro": "",
            "questions": [
                (
                    "budget_table",
                    {
                        "label": "Budget",
                        "rows": ["Personnel", "Fonctionnement"],
                        "income_rows": ["Autofinancement"],
                        "columns": ["2026", "2027"],
                    },
                ),
                ("file", {"label": "Budget détaillé", "allowed_types": ["pdf"]}),
            ],
        },
    },
]


def _questions(section: dict) -> dict:
    value = section["value"]
    questions = [
        {
            "type": kind,
            "id": str(uuid.uuid4()),  # the question's key, as Wagtail's editor sets it
            "value": {"help_text": "", "required": True, **options},
        }
        for kind, options in value["questions"]
    ]
    return {
        "type": "section",
        "id": str(uuid.uuid4()),
        "value": {**value, "questions": questions},
    }


@pytest.fixture(scope="module")
def every_question(world):
    """A call of authority A asking every kind of question, and a draft of the
    applicant's organisation on it (``world.every_question_draft``)."""
    call = CallFactory(
        reference="AAC-2026-AAA-FUZ",
        authority=world.authority_a,
        questionnaire=[_questions(section) for section in SECTIONS],
    )
    call.territories.add(world.territory)
    world.every_question_draft = ApplicationFactory(
        call=call,
        organisation=world.organisation,
        created_by=world.users[APPLICANT],
        title="Brouillon à toutes les questions",
    )
    return world


# Finding the forms -------------------------------------------------------------


def _fuzzed(form: Form) -> bool:
    try:
        name = resolve(form.action.split("?")[0]).url_name
    except Resolver404:
        return True
    return name not in NOT_FUZZED


def _wagtails(form: Form) -> bool:
    """Whether a Wagtail view, or ours built on one, reads the
    form. Its hidden fields are Wagtail's (choosers' ids, revisions, ``next``,
    inline formsets' ids, rich text's JSON): it reads them unchecked, a mangled
    one is Wagtail's 500, not ours; they are sent as the page holds them."""
    try:
        view = resolve(form.action.split("?")[0]).func
    except Resolver404:
        return False
    view = getattr(view, "view_class", view)
    return any(
        c.__module__.startswith("wagtail.") for c in getattr(view, "__mro__", [view])
    )


@pytest.fixture(scope="module")
def found(every_question) -> dict[str, list[Form]]:
    """Each page's forms of its own (a form met on an earlier page is not its
    own), read from the pages as their role sees them."""
    world = every_question
    seen = set()
    forms = {}
    # Opening a page may record something (a letter opened): rolled back.
    with transaction.atomic():
        for page in PAGES.values():
            response = client_for(page.role, world).get(page.url(world))
            if "html" not in response.get("Content-Type", ""):
                continue
            own = []
            for form in post_forms(response.content.decode(), page.url(world)):
                if _fuzzed(form) and form.signature not in seen:
                    seen.add(form.signature)
                    own.append(form)
            if own:
                forms[page.id] = own
        transaction.set_rollback(True)
    return forms


# Posting -------------------------------------------------------------------------


def _send(client, form: Form, data: dict[str, list]):
    if form.multipart:
        return client.post(form.action, data)
    pairs = [(name, value) for name, values in data.items() for value in values]
    return client.post(
        form.action,
        urlencode(pairs),
        content_type="application/x-www-form-urlencoded",
    )


def fuzz(form: Form, role: str, world) -> int:
    """Posts generated bodies to ``form`` as ``role``; the number posted."""
    posted = 0

    @FUZZ
    @given(data=post_data(form, mangle_hidden=not _wagtails(form)))
    def post(data):
        nonlocal posted
        with transaction.atomic():
            response = _send(client_for(role, world), form, data)
            transaction.set_rollback(True)
        posted += 1
        assert response.status_code < 500, (
            f"POST {form.action} as {role}: {response.status_code}"
        )

    try:
        post()
    except Exception as error:
        error.add_note(f"the form posting to {form.action}, as {role}")
        raise
    return posted


# Server errors found and not fixed yet: each page's test is a strict xfail until
# its fix flips it (a valid POST fails there, not only generated ones).
KNOWN_FAULTS: dict[str, str] = {
    # None today. Found and fixed: deleting a call dossiers depend on
    # (calls.admin_views.DeleteView), copying a call page (cms.wagtail_hooks).
}


def _page_params() -> list:
    return [
        pytest.param(
            page_id,
            id=page_id,
            marks=[
                pytest.mark.xfail(
                    strict=True, raises=Exception, reason=KNOWN_FAULTS[page_id]
                )
            ]
            if page_id in KNOWN_FAULTS
            else [],
        )
        for page_id in FORM_PAGES
    ]


@pytest.mark.parametrize("page_id", _page_params())
def test_generated_posts_get_no_server_error(
    db, every_question, found, page_id, record_property
):
    page = PAGES[page_id]
    forms = found.get(page_id, [])
    assert forms, f"{page_id} holds no form of its own any more"
    posted = [fuzz(form, page.role, every_question) for form in forms]
    record_property("forms_fuzzed", len(forms))
    record_property("inputs_posted", sum(posted))
    # EXAMPLES each, or every body a form of few fields allows (a confirmation).
    assert min(posted) >= 1


def test_form_pages_are_the_ones_found(db, found):
    assert list(found) == FORM_PAGES, (
        "the pages holding forms changed; update FORM_PAGES in this module:\n"
        f"{list(found)}"
    )
    assert sum(len(forms) for forms in found.values()) >= FORMS_FLOOR
