"""What the applicant changed since the version on record and has not submitted:
answers, partners, the lead's category, the steering body and files.

Pure: compares the dossier as it is (its answers, partners, steering body and
current files, loaded by the caller) with the version on record's snapshot; the
staff read only that version until the applicant submits again.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from calls.enums import PartnerCategory

from .questionnaire import is_blank, iter_sections
from .record import FileLabels, file_slot, recorded_members, recorded_partners

ANSWERS, PARTNERS, GOVERNANCE, FILES = "answers", "partners", "governance", "files"


@dataclass(frozen=True)
class Change:
    area: str  # ANSWERS, PARTNERS, GOVERNANCE or FILES
    heading: str  # where: the step's title, « Partners », « Attachments »…
    label: str  # what: the question, the partner, the document
    detail: str  # how


def _same(before: Any, after: Any) -> bool:
    if is_blank(before) and is_blank(after):
        return True
    return before == after


def _value_change(before: Any, after: Any) -> str:
    if is_blank(before):
        return _("New answer")
    if is_blank(after):
        return _("Answer removed")
    return _("Answer changed")


def _amount(value) -> Decimal | None:
    try:
        return None if value is None else Decimal(str(value))
    except InvalidOperation:
        return None


def _answer_changes(application, version) -> list[Change]:
    changes = []
    project = _("The project")
    if (application.title or "").strip() != (version.title or "").strip():
        changes.append(Change(ANSWERS, project, _("Title"), _("Answer changed")))
    before, after = (
        _amount(version.requested_amount),
        _amount(application.requested_amount),
    )
    if before != after:
        changes.append(
            Change(
                ANSWERS,
                project,
                _("Requested amount"),
                _value_change(before, after),
            )
        )
    old, new = version.answers or {}, application.answers or {}
    for _index, title, questions in iter_sections(application.call):
        for question in questions:
            if question.kind == "file":
                continue  # files are compared as files
            before, after = old.get(question.key), new.get(question.key)
            if not _same(before, after):
                changes.append(
                    Change(ANSWERS, title, question.label, _value_change(before, after))
                )
    return changes


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _category(value: str) -> str:
    return str(dict(PartnerCategory.choices).get(value, value))


def _partner_key(partner) -> str:
    return f"{partner.siret}/{partner.category}"


def _partner_changes(application, version) -> list[Change]:
    heading = _("Partners")
    recorded = recorded_partners(version)
    live = list(application.partners.all())
    by_pk = {p.pk: p for p in recorded if p.pk is not None}
    by_key = {_partner_key(p): p for p in recorded if p.pk is None}
    matched = set()
    changes = []
    for partner in live:
        before = by_pk.get(partner.pk) or by_key.get(_partner_key(partner))
        if before is None:
            changes.append(Change(PARTNERS, heading, partner.name, _("Partner added")))
            continue
        matched.add(id(before))
        details = []
        if before.name != partner.name or before.siret != partner.siret:
            details.append(_("identity changed"))
        if before.category != partner.category:
            details.append(
                _("category: %(before)s → %(after)s")
                % {
                    "before": _category(before.category),
                    "after": _category(partner.category),
                }
            )
        if before.role != partner.role:
            details.append(_("role changed"))
        if before.commitment_status != partner.commitment_status:
            details.append(
                _("commitment: %(before)s → %(after)s")
                % {
                    "before": before.get_commitment_status_display(),
                    "after": partner.get_commitment_status_display(),
                }
            )
        if details:
            changes.append(
                Change(PARTNERS, heading, partner.name, _sentence("; ".join(details)))
            )
    changes += [
        Change(PARTNERS, heading, partner.name, _("Partner removed"))
        for partner in recorded
        if id(partner) not in matched
    ]
    return changes


def _governance_changes(application, version) -> list[Change]:
    heading = _("Governance")
    changes = []
    if (application.lead_category or "") != (version.lead_category or ""):
        changes.append(
            Change(
                GOVERNANCE,
                heading,
                _("Category of the lead organisation"),
                _("Answer changed"),
            )
        )

    def member_key(m):
        return (m.name, m.function, m.organisation)

    before = [member_key(m) for m in recorded_members(version)]
    after = [member_key(m) for m in application.steering_members.all()]
    for name, *_rest in (m for m in after if m not in before):
        changes.append(
            Change(GOVERNANCE, heading, name, _("Steering body member added"))
        )
    for name, *_rest in (m for m in before if m not in after):
        changes.append(
            Change(GOVERNANCE, heading, name, _("Steering body member removed"))
        )
    return changes


def _file_changes(application, version, current) -> list[Change]:
    heading = _("Attachments")
    labels = FileLabels(
        application.call, [*recorded_partners(version), *application.partners.all()]
    )
    recorded = {file_slot(a): a for a in version.attachments.all()}
    live = {file_slot(a): a for a in current}
    changes = []
    for slot, attachment in sorted(live.items(), key=lambda i: labels.sort_key(i[1])):
        before = recorded.get(slot)
        if before is None:
            detail = _("File added: %(name)s") % {"name": attachment.original_name}
        elif before.pk != attachment.pk:
            detail = _("File replaced: %(before)s → %(after)s") % {
                "before": before.original_name,
                "after": attachment.original_name,
            }
        else:
            continue
        changes.append(Change(FILES, heading, labels.label(attachment), detail))
    for slot, attachment in sorted(
        recorded.items(), key=lambda i: labels.sort_key(i[1])
    ):
        if slot not in live:
            changes.append(
                Change(
                    FILES,
                    heading,
                    labels.label(attachment),
                    _("File removed: %(name)s") % {"name": attachment.original_name},
                )
            )
    return changes


def unsubmitted_changes(application, version, *, current_attachments=None):
    """Every change since ``version`` (the version on record), in the order of
    the dossier: answers by step, governance, partners, files; ``[]`` when the
    dossier has no version (a draft is unsubmitted as a whole)."""
    if version is None:
        return []
    if current_attachments is None:
        current_attachments = getattr(application, "current_attachments", None)
    if current_attachments is None:
        current_attachments = list(application.attachments.current())
    return [
        *_answer_changes(application, version),
        *_governance_changes(application, version),
        *_partner_changes(application, version),
        *_file_changes(application, version, current_attachments),
    ]


def grouped(changes: list[Change]) -> list[tuple[str, list[Change]]]:
    """The changes under their headings, headings in first-seen order."""
    groups: dict[str, list[Change]] = {}
    for change in changes:
        groups.setdefault(change.heading, []).append(change)
    return list(groups.items())
