"""Demo dossiers on the ARA filière call, for the governance pages.

Two complete dossiers are submitted (their partners confirmed through their
links): they claim the same filière and share a partner, so the managers' pages
show a territory overlap and an organisation overlap. A third, a draft, lacks most
of its partners and fails the governance check. Everything goes through the
services; the people and identifiers are fictitious (synthetic SIRET numbers).

A dossier can only be created and submitted while its call is open: the seed
opens the (closed) call for the time of its transaction when one is missing
(``demo.calls.submissions_window``). ``demo_dossier`` is also how
``demo.instruction`` writes its dossiers.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from stdnum import luhn

from applications import services
from applications.enums import ScanStatus
from applications.models import Application
from applications.partner_links import partner_token
from applications.questionnaire import iter_questions
from applications.services import (
    attachment_add,
    lead_category_set,
    partner_add,
    partner_respond,
    steering_member_add,
)
from applications.services.scanning import attachment_scan
from calls.enums import TerritoryLevel
from calls.models import Call, Territory
from organisations.models import Organisation
from organisations.services import organisation_create

from .specs import DossierSpec

CALL = "AAC-2026-ARA-FIL"
# A tiny file that passes the content check as a PDF (demo only).
DEMO_PDF = b"%PDF-1.4\n% Sillon demo document\n%%EOF\n"


def siret(n: int) -> str:
    siren = f"7{n:07d}"
    siren += luhn.calc_check_digit(siren)
    base = f"{siren}0001"
    return base + luhn.calc_check_digit(base)


SHARED_PARTNER = ("HAD Rhône-Alpes Domicile (fictive)", siret(900), "had")
PARTNERS = [
    ("Équipe mobile de soins palliatifs du Val de Saône (fictive)", "expert_team"),
    ("Clinique des Monts (fictive)", "health_establishment"),
    ("DAC Lyon Nord (fictif)", "coordination"),
    ("CPTS des Deux Rives (fictive)", "city_professionals"),
    ("EHPAD Les Tilleuls (fictif)", "medico_social"),
]
DOSSIERS = (
    DossierSpec(
        key="lyon",
        number=1,
        organisation="Centre hospitalier du Val de Saône (fictif)",
        filiere="ARA-69",
        title="Filière palliative Rhône et métropole de Lyon",
    ),
    DossierSpec(
        key="beaujolais",
        number=2,
        organisation="Centre hospitalier du Beaujolais (fictif)",
        filiere="ARA-69",
        title="Filière palliative du nord du Rhône",
    ),
    DossierSpec(
        key="forez",
        number=3,
        organisation="Centre hospitalier du Forez (fictif)",
        filiere="ARA-42",
        title="Filière palliative de la Loire",
        complete=False,
    ),
)


def _applicant(key: str):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=f"porteur-{key}@example.org",
        defaults={
            "email": f"porteur-{key}@example.org",
            "first_name": "Demo",
            "last_name": key.capitalize(),
        },
    )
    if created:
        user.set_unusable_password()  # a demo actor, not an account to sign in with
        user.save()
    return user


# Synthetic identifiers that pass the checks (SIRET and SIREN: Luhn; FINESS: key).
DEMO_IDENTIFIERS = {
    "siret": siret(999),
    "siren": siret(999)[:9],
    "finess": "290000017",
}


def _answers(call: Call, filiere: Territory, amount: Decimal | None = None) -> dict:
    departements = (
        list(
            Territory.objects.filter(
                level=TerritoryLevel.DEPARTEMENT, code=filiere.parent.code
            ).values_list("pk", flat=True)
        )
        if filiere.parent
        else []
    )
    values = {}
    for question in iter_questions(call):
        settings = question.settings
        kind = question.kind
        if kind in {"short_text", "long_text"}:
            value = "Réponse de démonstration [illustratif]."
        elif kind == "number":
            value = max(settings.get("min_value") or 0, 1)
        elif kind == "amount":
            value = str(amount) if amount is not None else "250000.00"
        elif kind == "date":
            value = date(2027, 3, 1).isoformat()
        elif kind == "choice":
            value = settings["choices"][0]
        elif kind == "multiple_choice":
            value = list(settings["choices"])[:2]
        elif kind == "territory":
            if settings.get("level") == TerritoryLevel.FILIERE:
                value = [filiere.pk] if settings.get("multiple") else filiere.pk
            else:
                value = departements if settings.get("multiple") else departements[0]
        elif kind == "budget_table":
            # Expenditure, and co-financing below it: the request is the balance.
            value = {
                row: dict.fromkeys(settings["columns"], "10000.00")
                for row in settings["rows"]
            } | {
                row: dict.fromkeys(settings["columns"], "5000.00")
                for row in settings.get("income_rows") or []
            }
        elif kind == "identifier":
            value = DEMO_IDENTIFIERS[settings.get("identifier") or "siret"]
        else:
            continue
        values[question.key] = value
    return values


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, DEMO_PDF, content_type="application/pdf")


def _complete(
    application: Application, user, filiere: Territory, amount: Decimal | None
) -> None:
    call = application.call
    application = services.application_update(
        application=application,
        user=user,
        answers=_answers(call, filiere, amount),
        requested_amount=amount,
    )
    for question in iter_questions(call):
        if question.kind == "file":
            attachment_add(
                application=application,
                user=user,
                uploaded_file=_pdf("piece.pdf"),
                question_key=question.key,
            )
    for document in call.required_documents.filter(mandatory=True):
        attachment_add(
            application=application,
            user=user,
            uploaded_file=_pdf("document.pdf"),
            required_document=document,
        )


def _governance(
    application: Application, user, partners: list[tuple[str, str, str]], *, complete
) -> None:
    """Lead category, ``partners`` (name, SIRET, category) and, for a complete
    dossier, their confirmations and a steering committee."""
    lead_category_set(
        application=application, user=user, category="health_establishment"
    )
    for name, number, category in partners:
        partner = partner_add(
            application=application,
            user=user,
            name=name,
            siret=number,
            finess="",
            category=category,
            role="Membre du comité de pilotage [illustratif]",
            contact_name="Contact de démonstration",
            contact_email="partenaire@example.org",
        )
        if complete:
            partner_respond(token=partner_token(partner), accept=True)
    if complete:
        for name, function in (
            ("Dr Alex Martin", "Médecin coordinateur"),
            ("Camille Bernard", "Cadre de santé"),
        ):
            steering_member_add(
                application=application,
                user=user,
                name=name,
                function=function,
                organisation=application.organisation.name,
            )


def _governance_partners(application: Application, *, complete: bool):
    """The partners of the three governance dossiers (numbered by sequence)."""
    partners = PARTNERS if complete else PARTNERS[:1]
    rows = [
        (name, siret(500 + i + 10 * application.sequence), category)
        for i, (name, category) in enumerate(partners)
    ]
    if complete:
        rows.append(SHARED_PARTNER)
    return rows


def lead_organisation(dossier: DossierSpec) -> Organisation:
    organisation = Organisation.objects.filter(siret=siret(dossier.number)).first()
    if organisation is None:
        organisation = organisation_create(
            user=_applicant(dossier.key),
            name=dossier.organisation,
            siret=siret(dossier.number),
            legal_status="Établissement public de santé",
        )
    return organisation


def demo_dossier(call: Call, dossier: DossierSpec) -> Application | None:
    """The dossier of ``dossier``'s lead on ``call``; created, filled and (when
    complete) submitted through the services if it does not exist yet and the
    call is open. ``None`` when it does not exist and cannot be created."""
    user = _applicant(dossier.key)
    organisation = lead_organisation(dossier)
    existing = Application.objects.filter(call=call, organisation=organisation).first()
    if existing is not None or not call.is_open():
        return existing
    application = services.application_create(
        call=call, organisation=organisation, user=user, title=dossier.title
    )
    partners = (
        [(name, siret(n), category) for name, n, category in dossier.partners]
        if dossier.partners is not None
        else _governance_partners(application, complete=dossier.complete)
    )
    _governance(application, user, partners, complete=dossier.complete)
    application = Application.objects.get(pk=application.pk)
    filiere = Territory.objects.get(level=TerritoryLevel.FILIERE, code=dossier.filiere)
    _complete(application, user, filiere, dossier.amount)
    _scan_files(application)
    if dossier.complete:
        application = Application.objects.get(pk=application.pk)
        services.application_submit(application=application, user=user)
    return Application.objects.get(pk=application.pk)


def _scan_files(application: Application) -> None:
    """The antivirus's verdict on the dossier's new files, at once: the seeder
    runs in one transaction, so the scans queued on commit would come too late
    for the submission."""
    pending = application.attachments.filter(scan_status=ScanStatus.PENDING)
    for attachment_id in pending.values_list("pk", flat=True):
        attachment_scan(attachment_id=attachment_id)


def missing_dossiers(call: Call, dossiers) -> bool:
    """Whether one of ``dossiers`` has no dossier on ``call`` yet."""
    leads = {siret(d.number) for d in dossiers}
    present = set(
        Application.objects.filter(
            call=call, organisation__siret__in=leads
        ).values_list("organisation__siret", flat=True)
    )
    return present != leads


def seed_governance_dossiers() -> list[Application]:
    """The three governance dossiers (created only while the call is open)."""
    call = Call.objects.get(reference=CALL)
    dossiers = (demo_dossier(call, dossier) for dossier in DOSSIERS)
    return [dossier for dossier in dossiers if dossier is not None]
