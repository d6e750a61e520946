"""The data the benchmarks need, at the size asked.

- :func:`public_site`: the public pages as the demo publishes them (its
  territories, authorities, calls and their pages), without the demo's
  dossiers, reviews and letters, which the public pages do not show.
- :func:`rush_call` and :func:`rush_applicants`: one open call and N applicants
  each with a dossier ready to submit (answers, three mandatory documents, a
  confirmed partner meeting the governance rule), written by bulk inserts of
  valid rows; :func:`rush_applicants` checks the first one against the
  submission rules the service applies.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from stdnum import luhn

from applications.enums import CommitmentMethod, CommitmentStatus
from applications.models import Application, Attachment, Partner
from applications.submission import submission_problems
from calls.enums import CallKind, PartnerCategory
from calls.models import Authority, Call, GovernanceRule, RequiredDocument
from cms.models import CallIndexPage, CallPage
from organisations.enums import MembershipStatus
from organisations.models import Membership, Organisation

RUSH_REFERENCE = "AAC-2026-BENCH-RUSH"
QUESTION_ID = "bench-rush-question"
DOCUMENTS = (
    "Statuts de l'organisme",
    "Budget prévisionnel",
    "Lettre d'engagement du porteur",
)
# A small valid-looking PDF: the rows are what the submission reads.
PDF = b"%PDF-1.7\n% Sillon bench\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def public_site() -> None:
    """The demo's public side: territories, authorities, calls and their pages."""
    # The demo's modules are the reference for what a call page holds.
    from demo.authorities import seed_authorities  # noqa: PLC0415
    from demo.calls import seed_calls  # noqa: PLC0415
    from demo.pages import seed_pages  # noqa: PLC0415
    from demo.territories import seed_territories  # noqa: PLC0415

    with transaction.atomic():
        territories = seed_territories()
        authorities = seed_authorities(territories)
        calls = seed_calls(
            now=timezone.now(), authorities=authorities, territories=territories
        )
        seed_pages(calls=calls, authorities=authorities)


def siret(prefix: str, n: int) -> str:
    """A 14-digit number that passes the SIRET check (Luhn on SIREN and on all),
    from the last seven digits of ``n`` (a database's ids may run past them)."""
    siren = f"{prefix}{n % 10**7:07d}"
    siren += luhn.calc_check_digit(siren)
    base = f"{siren}0001"
    return base + luhn.calc_check_digit(base)


@transaction.atomic
def rush_call(authority: Authority | None = None) -> Call:
    """The open call of the rush (created once): one required question, three
    mandatory documents, one expert team to confirm its commitment."""
    call = Call.objects.filter(reference=RUSH_REFERENCE).first()
    if call is not None:
        return call
    authority = authority or Authority.objects.order_by("pk").first()
    if authority is None:
        raise RuntimeError("No authority: build the public site first.")
    now = timezone.now()
    call = Call.objects.create(
        reference=RUSH_REFERENCE,
        title="Appel de mesure : la veille de la date limite",
        kind=CallKind.OTHER,
        authority=authority,
        summary="Un appel créé par make bench.",
        opens_at=now - timedelta(days=7),
        closes_at=now + timedelta(days=7),
        envelope=Decimal("1000000.00"),
        expected_laureates=10,
        questionnaire=[
            {
                "type": "section",
                "id": "bench-rush-section",
                "value": {
                    "title": "Le projet",
                    "intro": "",
                    "questions": [
                        {
                            "type": "short_text",
                            "id": QUESTION_ID,
                            "value": {
                                "label": "Nom du projet",
                                "help_text": "",
                                "required": True,
                                "max_length": 255,
                            },
                        }
                    ],
                },
            }
        ],
    )
    for label in DOCUMENTS:
        RequiredDocument.objects.create(
            call=call, label=label, mandatory=True, allowed_types=["pdf"]
        )
    GovernanceRule.objects.create(
        call=call,
        category=PartnerCategory.EXPERT_TEAM,
        min_partners=1,
        confirmation_required=True,
    )
    page = CallPage(call=call, title=call.title, slug=RUSH_REFERENCE.lower())
    CallIndexPage.objects.order_by("pk").first().add_child(instance=page)
    page.save_revision().publish()
    return call


@dataclass(frozen=True)
class Applicant:
    user_id: int
    application_id: int


@transaction.atomic
def rush_applicants(call: Call, count: int) -> list[Applicant]:
    """``count`` more applicants on ``call``, each with a draft ready to submit."""
    User = get_user_model()
    call = Call.objects.select_for_update().get(pk=call.pk)
    start = call.applications.count()
    numbers = range(start + 1, start + count + 1)
    users = User.objects.bulk_create(
        User(
            username=f"bench-porteur-{call.pk}-{n}",
            email=f"bench-porteur-{call.pk}-{n}@example.org",
            first_name="Porteur",
            last_name=f"n°{n}",
            password="!",  # unusable: the bench signs them in by session
        )
        for n in numbers
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Structure de mesure n°{n}",
            siret=siret("7", call.pk * 100_000 + n),
            legal_status="Association",
            address="1 rue de l'Exemple\n35000 Rennes",
        )
        for n in numbers
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation=organisation, status=MembershipStatus.ACTIVE)
        for user, organisation in zip(users, organisations, strict=True)
    )
    applications = Application.objects.bulk_create(
        Application(
            call=call,
            organisation=organisation,
            created_by=user,
            sequence=n,
            reference=f"{call.reference}-{n:04d}",
            title=f"Projet de mesure n°{n}",
            answers={QUESTION_ID: f"Projet n°{n}"},
            requested_amount=Decimal("50000.00"),
        )
        for n, user, organisation in zip(numbers, users, organisations, strict=True)
    )
    _attachments(call, applications)
    now = timezone.now()
    Partner.objects.bulk_create(
        Partner(
            application=application,
            name=f"Équipe mobile de soins palliatifs n°{n}",
            siret=siret("6", call.pk * 100_000 + n),
            category=PartnerCategory.EXPERT_TEAM,
            role="Membre du comité de pilotage",
            contact_name="Claude Exemple",
            contact_email=f"emsp{n}@example.org",
            commitment_status=CommitmentStatus.CONFIRMED,
            commitment_method=CommitmentMethod.LINK,
            responded_at=now,
        )
        for n, application in zip(numbers, applications, strict=True)
    )
    if applications:
        problems = submission_problems(Application.objects.get(pk=applications[0].pk))
        if problems:
            raise RuntimeError(f"A bench dossier is not ready: {problems}")
    return [
        Applicant(user_id=user.pk, application_id=application.pk)
        for user, application in zip(users, applications, strict=True)
    ]


def _attachments(call: Call, applications: list[Application]) -> None:
    documents = list(call.required_documents.filter(mandatory=True).order_by("pk"))
    sha256 = hashlib.sha256(PDF).hexdigest()
    storage = Attachment._meta.get_field("file").storage
    rows = []
    for application in applications:
        for index, document in enumerate(documents, start=1):
            name = f"{application.reference}-piece-{index}.pdf"
            stored = storage.save(
                f"attachments/bench/{name}", ContentFile(PDF, name=name)
            )
            rows.append(
                Attachment(
                    application=application,
                    required_document=document,
                    file=stored,
                    original_name=name,
                    size=len(PDF),
                    sha256=sha256,
                    content_type="application/pdf",
                    uploaded_by_id=application.created_by_id,
                    scan_status="clean",
                )
            )
    Attachment.objects.bulk_create(rows)


def signed_in_sessions(user_ids: list[int]) -> dict[int, str]:
    """A session per user, as the sign-in form would leave it (the bench signs
    hundreds of users in at once, which the form's rate limits refuse)."""
    User = get_user_model()
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")
    backend = "django.contrib.auth.backends.ModelBackend"
    keys = {}
    for user in User.objects.filter(pk__in=user_ids):
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys[user.pk] = session.session_key
    return keys
