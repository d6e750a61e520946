"""What a dossier lacks before it can be submitted."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .enums import ScanStatus
from .governance import RuleResult, governance_check
from .questionnaire import missing_answers


def submission_problems(
    application, *, governance: list[RuleResult] | None = None
) -> list[str]:
    """Every reason, in French, why the dossier cannot be submitted now (or ``[]``).

    The call's deadline is checked by the policies; this is about the content.
    ``governance`` is the dossier's governance check when the caller has it.
    """
    if governance is None:
        governance = governance_check(application)
    # A dossier loaded for its page holds its current files already
    # (``selectors.application_for_user``); a locked one is read again.
    current = getattr(application, "current_attachments", None)
    if current is None:
        current = list(application.attachments.current())
    answered_files = {a.question_key for a in current if a.question_key}
    provided_documents = {
        a.required_document_id for a in current if a.required_document_id
    }
    problems = [
        _("Answer the question « %(label)s » (step « %(step)s »).")
        % {"label": question.label, "step": question.section_title}
        for question in missing_answers(
            application.call, application.answers, answered_files
        )
    ]
    problems += [
        _("Upload the document « %(label)s ».") % {"label": document.label}
        for document in application.call.required_documents.all()
        if document.mandatory and document.pk not in provided_documents
    ]
    if any(a.scan_status == ScanStatus.PENDING for a in current):
        problems.append(
            _(
                "A file is still being scanned by the antivirus: try again in a "
                "few moments."
            )
        )
    problems += [
        _("Governance: %(rule)s. %(reason)s")
        % {"rule": result.rule.label, "reason": result.reason}
        for result in governance
        if result.rule.mandatory and not result.met
    ]
    return problems
