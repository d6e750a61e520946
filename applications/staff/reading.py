"""A submitted version laid out for staff reading: its lead, territories,
answers, files, governance and partners, as the managers' dossier page and the
reviewers' page both show it (each with its own file URLs)."""

from __future__ import annotations

from collections.abc import Callable

from ..identity import version_lead
from ..record import recorded_partners, version_files, version_governance
from .display import answer_sections, answered_territory_pks, territory_pks
from .selectors import territories_by_pk

EMPTY = {
    "sections": [],
    "files": [],
    "covered_territories": [],
    "governance": [],
    "partners": [],
}


def version_reading(application, version, *, file_url: Callable) -> dict:
    """The template context of ``version`` (``None``: an empty reading);
    ``file_url(attachment)`` gives each file's download URL."""
    if version is None:
        return dict(EMPTY)
    call = application.call
    labelled = version_files(application, version)
    covered = territory_pks(version.territories)
    territories = territories_by_pk(
        answered_territory_pks(call, version.answers) | set(covered)
    )
    return {
        "lead": version_lead(version),
        "covered_territories": [
            territories[pk].name for pk in covered if pk in territories
        ],
        "sections": answer_sections(
            call,
            version.answers,
            files=[item.attachment for item in labelled],
            territories=territories,
        ),
        "files": [
            (item.label, item.attachment, file_url(item.attachment))
            for item in labelled
        ],
        # What the version froze, never the live draft's partners.
        "governance": version_governance(application, version),
        "partners": recorded_partners(version),
    }
