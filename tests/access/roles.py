"""The roles of the matrix, and a signed-in test client for each."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

VISITOR = "visitor"
APPLICANT = "applicant"  # active member of the dossier's organisation
OTHER_APPLICANT = "other_applicant"  # active member of another organisation
PENDING = "pending"  # pending member of the dossier's organisation
PARTNER = "partner"  # anonymous, has opened the partner link of the dossier
REVIEWER = "reviewer"  # « Instructeurs », staff of authority A; assigned nothing now
# Reviewers of authority A on the dossier under instruction (world.instruction):
# assigned, attested no conflict, a draft review; and one awaiting their
# attestation on a second dossier (world.unattested).
REVIEWER_ASSIGNED = "reviewer_assigned"
REVIEWER_CONFLICTED = "reviewer_conflicted"  # assigned, then declared a conflict
MANAGER = "manager"  # « Gestionnaires », staff of authority A (the calls' owner)
MANAGER_OTHER = "manager_other"  # « Gestionnaires », staff of authority B only
ADMIN = "admin"  # superuser

ROLES = (
    VISITOR,
    APPLICANT,
    OTHER_APPLICANT,
    PENDING,
    PARTNER,
    REVIEWER,
    REVIEWER_ASSIGNED,
    REVIEWER_CONFLICTED,
    MANAGER,
    MANAGER_OTHER,
    ADMIN,
)

# Roles a row need not name: they default to the reviewer's expectation (on the
# pages outside the instruction, they are reviewers like any other).
REVIEWER_VARIANTS = (REVIEWER_ASSIGNED, REVIEWER_CONFLICTED)


def client_for(role: str, world) -> Client:
    """A client signed in as ``role`` (its session is made once per module)."""
    client = Client()
    for name, value in world.sessions[role].items():
        client.cookies[name] = value
    return client


def session_of(role: str, world) -> dict:
    """The cookies of a new session of ``role``."""
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    elif role == PARTNER:
        # The partner holds the signed link of the dossier and has opened it.
        link = reverse("applications:partner_commitment", args=[world.token])
        assert client.get(link).status_code == 200
    return {name: morsel.value for name, morsel in client.cookies.items()}
