"""Benchmark data: authorities, calls, dossiers, reviews, decisions and
directory services, inserted in bulk as the services leave them.

The rows are valid (every constraint holds, each submitted dossier has its
version on record, each review its total and scores, each reviewed dossier its
consolidation), but no email, PDF or audit row is made: the services would
take hours at these sizes. Each generator creates its own authority and calls,
so the scenarios share one database without seeing each other's rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from applications.enums import ApplicationState
from calls.models import Call
from reviews.models import Decision

from .people import (
    analyse,
    applicant,
    authority,
    call,
    departements,
    manager,
    organisations,
    reviewers,
    token,
)
from .records import Instruction, decisions, dossiers, services

# What each scenario generates ------------------------------------------------------


@dataclass
class CallData:
    """A call of its own authority, its manager, and what was generated."""

    call: Call
    manager: object
    reviewers: list
    instruction: Instruction


def instruction_data(
    dossiers_count: int,
    *,
    reviews: int = 3,
    criteria: int = 8,
    state: str = ApplicationState.UNDER_REVIEW,
    organisations_count: int | None = None,
) -> CallData:
    """A call with ``dossiers_count`` dossiers in ``state``, each reviewed by
    ``reviews`` reviewers on ``criteria`` criteria (the ranking, the exports,
    the letters)."""
    tag = token()
    of = authority(tag)
    boss = manager(of)
    team = reviewers(of, reviews)
    made_call = call(of, criteria=criteria, tag=tag, min_reviews=min(reviews, 2) or 1)
    leads = organisations(organisations_count or max(dossiers_count // 10, 1), tag=tag)
    creator = applicant(leads[0], f"porteur-{tag.lower()}")
    made = dossiers(
        made_call,
        dossiers_count,
        organisations=leads,
        creator=creator,
        state=state,
        reviewers=team,
    )
    analyse()
    return CallData(call=made_call, manager=boss, reviewers=team, instruction=made)


def staff_list_data(dossiers_count: int) -> CallData:
    """A call of its own authority with ``dossiers_count`` submitted dossiers."""
    return instruction_data(
        dossiers_count, reviews=0, criteria=0, state=ApplicationState.SUBMITTED
    )


def letters_data(count: int) -> tuple[CallData, list[Decision]]:
    """A call with ``count`` reviewed dossiers, a decision recorded on each."""
    data = instruction_data(
        count, reviews=2, criteria=2, state=ApplicationState.REVIEWED
    )
    made = decisions(data.instruction.applications, user=data.manager)
    analyse()
    return data, made


# National scale ----------------------------------------------------------------------

CALLS_PER_AUTHORITY = 2
APPLICANT_DOSSIERS = 3
DOSSIERS_PER_ORGANISATION = 20


@dataclass
class NationalData:
    """Authorities with their managers and calls, the directory, and one
    applicant with a few dossiers; ``dossiers`` and ``services`` count the
    rows generated so far (``national_grow`` adds to them)."""

    authorities: list
    managers: list
    calls: list  # per authority, its calls
    organisations: list
    creator: object
    applicant: object
    departements: list
    directory_url: str
    dossiers: int = 0
    services: int = 0


def directory_url() -> str:
    """The live directory page's URL, the page created when there is none."""
    from cms.models import HomePage  # noqa: PLC0415
    from directory.models import DirectoryPage  # noqa: PLC0415

    page = DirectoryPage.objects.live().public().order_by("path").first()
    if page is None:
        page = DirectoryPage(
            title="Annuaire des soins palliatifs", slug="annuaire", intro=""
        )
        HomePage.objects.order_by("path").first().add_child(instance=page)
        page.save_revision().publish()
    return page.get_url()


def national_data(authorities_count: int) -> NationalData:
    """``authorities_count`` authorities (each a region of 5 départements, a
    manager, two calls), an organisation pool, and an applicant whose
    organisation has ``APPLICANT_DOSSIERS`` submitted dossiers in the first
    call; no other dossier or service yet (:func:`national_grow`)."""
    tag = token()
    made, bosses, calls, places = [], [], [], []
    for i in range(authorities_count):
        of = authority(f"{tag}{i:02d}")
        made.append(of)
        bosses.append(manager(of))
        calls.append(
            [call(of, tag=f"{tag}{i:02d}C{c}") for c in range(CALLS_PER_AUTHORITY)]
        )
        places += departements(of.region, 5)
    own = organisations(1, tag=f"{tag} porteur")[0]
    person = applicant(own, f"porteur-{tag.lower()}")
    dossiers(
        calls[0][0],
        APPLICANT_DOSSIERS,
        organisations=[own],
        creator=person,
        first=1,
    )
    return NationalData(
        authorities=made,
        managers=bosses,
        calls=calls,
        organisations=[],
        creator=person,
        applicant=person,
        departements=places,
        directory_url=directory_url(),
        dossiers=APPLICANT_DOSSIERS,
    )


def national_grow(data: NationalData, *, dossiers_total: int, services_total: int):
    """Add dossiers (spread evenly over every call, led by a pool of
    organisations, one for 20 dossiers) and directory services until
    ``dossiers_total`` and ``services_total`` are reached."""
    missing = dossiers_total - data.dossiers
    if missing > 0:
        needed = max(dossiers_total // DOSSIERS_PER_ORGANISATION, 1)
        if len(data.organisations) < needed:
            data.organisations += organisations(needed - len(data.organisations))
        all_calls = [c for calls in data.calls for c in calls]
        share, extra = divmod(missing, len(all_calls))
        for index, each in enumerate(all_calls):
            count = share + (1 if index < extra else 0)
            if count:
                dossiers(
                    each,
                    count,
                    organisations=data.organisations,
                    creator=data.creator,
                )
        data.dossiers = dossiers_total
    if services_total > data.services:
        services(
            services_total - data.services,
            departements=data.departements,
            first=data.services,
        )
        data.services = services_total
    analyse()
    return data
