"""The nine roles of the matrix, and a signed-in test client for each."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

VISITOR = "visitor"
APPLICANT = "applicant"  # active member of the dossier's organisation
OTHER_APPLICANT = "other_applicant"  # active member of another organisation
PENDING = "pending"  # pending member of the dossier's organisation
PARTNER = "partner"  # anonymous, has opened the partner link of the dossier
REVIEWER = "reviewer"  # « Instructeurs », staff of authority A
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
    MANAGER,
    MANAGER_OTHER,
    ADMIN,
)


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
