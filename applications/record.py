"""A submitted version read as the dossier it froze: its partners, its governance
and the label of each of its files.

Pure: works on a version (its snapshot of partners, lead category and steering
body) and the call already loaded; the managers' page, the receipt and the ZIP
of a version read the dossier through here, never through the live draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from calls.enums import PartnerCategory

from .enums import CommitmentStatus
from .governance import RuleResult, governance_check
from .questionnaire import iter_questions

PARTNER_LETTER_PREFIX = "partner:"


@dataclass(frozen=True)
class RecordedPartner:
    """A partner as a version froze it (the fields ``governance_check`` reads)."""

    name: str
    siret: str
    category: str
    role: str
    commitment_status: str
    finess: str = ""
    commitment_method: str = ""
    responded_at: datetime | None = None
    contact_name: str = ""
    contact_email: str = ""
    decline_reason: str = ""
    pk: int | None = None  # the live partner's, for versions frozen since issue 8

    @property
    def siren(self) -> str:
        return self.siret[:9]

    @property
    def is_confirmed(self) -> bool:
        return self.commitment_status == CommitmentStatus.CONFIRMED

    def get_category_display(self) -> str:
        return str(dict(PartnerCategory.choices).get(self.category, self.category))

    def get_commitment_status_display(self) -> str:
        return str(
            dict(CommitmentStatus.choices).get(
                self.commitment_status, self.commitment_status
            )
        )


@dataclass(frozen=True)
class RecordedMember:
    name: str
    function: str
    organisation: str


def _datetime(value) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def recorded_partners(version) -> list[RecordedPartner]:
    """The version's partners, in the order of the dossier's partners list."""
    partners = [
        RecordedPartner(
            pk=item.get("id"),
            name=str(item.get("name") or ""),
            siret=str(item.get("siret") or ""),
            finess=str(item.get("finess") or ""),
            category=str(item.get("category") or ""),
            role=str(item.get("role") or ""),
            contact_name=str(item.get("contact_name") or ""),
            contact_email=str(item.get("contact_email") or ""),
            commitment_status=str(
                item.get("commitment_status") or CommitmentStatus.PENDING
            ),
            commitment_method=str(item.get("commitment_method") or ""),
            responded_at=_datetime(item.get("responded_at")),
            decline_reason=str(item.get("decline_reason") or ""),
        )
        for item in (version.partners or [])
        if isinstance(item, dict)
    ]
    return sorted(partners, key=lambda p: (p.category, p.name, p.pk or 0))


def recorded_members(version) -> list[RecordedMember]:
    return [
        RecordedMember(
            name=str(item.get("name") or ""),
            function=str(item.get("function") or ""),
            organisation=str(item.get("organisation") or ""),
        )
        for item in (version.steering_members or [])
        if isinstance(item, dict)
    ]


class _Rows:
    """What ``governance_check`` calls on a related manager: ``.all()``."""

    def __init__(self, rows: list) -> None:
        self._rows = rows

    def all(self) -> list:
        return list(self._rows)


class RecordedDossier:
    """The dossier as ``version`` froze it, in the shape ``governance_check``
    reads (call, organisation, lead category, partners, steering body)."""

    def __init__(self, application, version) -> None:
        self.pk = application.pk
        self.call = application.call
        self.organisation = application.organisation
        self.reference = application.reference
        self.lead_category = version.lead_category
        self.partners = _Rows(recorded_partners(version))
        self.steering_members = _Rows(recorded_members(version))


def version_governance(application, version) -> list[RuleResult]:
    """The governance check of the version, against the call's rules."""
    return governance_check(RecordedDossier(application, version))


# The label of a file: the required document or the question it answers ---------


def file_slot(attachment) -> tuple[str, str]:
    """Which slot of the dossier a file fills: ("document", pk), ("question", key)
    or ("partner", pk); ("other", "") for a file of none."""
    if attachment.required_document_id:
        return ("document", str(attachment.required_document_id))
    key = attachment.question_key or ""
    if key.startswith(PARTNER_LETTER_PREFIX):
        return ("partner", key[len(PARTNER_LETTER_PREFIX) :])
    if key:
        return ("question", key)
    return ("other", "")


class FileLabels:
    """The labels of a call's file slots, and their order (documents, then file
    questions in the questionnaire's order, then partners' letters)."""

    def __init__(self, call, partners=()) -> None:
        self.documents = {
            str(document.pk): (index, document.label)
            for index, document in enumerate(call.required_documents.all())
        }
        self.questions = {
            question.key: (index, question.label)
            for index, question in enumerate(iter_questions(call))
            if question.kind == "file"
        }
        self.partners = {
            str(partner.pk): partner.name
            for partner in partners
            if getattr(partner, "pk", None)
        }

    def label(self, attachment) -> str:
        kind, key = file_slot(attachment)
        if kind == "document" and key in self.documents:
            return self.documents[key][1]
        if kind == "question" and key in self.questions:
            return self.questions[key][1]
        if kind == "partner":
            name = self.partners.get(key)
            if name:
                return _("Commitment letter of %(partner)s") % {"partner": name}
            return _("Commitment letter of a partner")
        return _("Other file")

    def sort_key(self, attachment) -> tuple:
        kind, key = file_slot(attachment)
        if kind == "document":
            return (0, self.documents.get(key, (999, ""))[0], attachment.pk)
        if kind == "question":
            return (1, self.questions.get(key, (999, ""))[0], attachment.pk)
        if kind == "partner":
            return (2, self.label(attachment), attachment.pk)
        return (3, 0, attachment.pk)


@dataclass(frozen=True)
class LabelledFile:
    label: str
    attachment: object


def labelled_files(call, attachments, partners=()) -> list[LabelledFile]:
    """The files with the label of what they answer, in the call's order."""
    labels = FileLabels(call, partners)
    return [
        LabelledFile(labels.label(attachment), attachment)
        for attachment in sorted(attachments, key=labels.sort_key)
    ]


def version_files(application, version) -> list[LabelledFile]:
    """The files of ``version``, labelled; partners' letters by the partner's
    name as the version froze it."""
    return labelled_files(
        application.call, version.attachments.all(), recorded_partners(version)
    )
