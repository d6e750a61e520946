"""Use cases that change dossiers: the only writers, the only callers of transitions.

One module per topic (dossiers, files, messages, partners and their commitments,
governance, receipts); the Domain API's names are re-exported here, so that
``from applications.services import application_submit`` works wherever they live.
"""

from .archives import version_archive_record
from .commitments import CommitmentClosed, partner_letter_attach, partner_respond
from .dossiers import (
    application_create,
    application_declare_inadmissible,
    application_lock,
    application_provide_complements,
    application_request_complements,
    application_start_review,
    application_submit,
    application_transition,
    application_update,
    application_withdraw,
    lock_for_editing,
)
from .files import attachment_add, download_record, file_question
from .governance import (
    lead_category_set,
    steering_member_add,
    steering_member_remove,
)
from .messages import message_post
from .partners import (
    PartnerRefused,
    partner_add,
    partner_invite,
    partner_remove,
    partner_update,
)
from .receipts import receipt_filename, receipt_generate

__all__ = [
    "CommitmentClosed",
    "PartnerRefused",
    "application_create",
    "application_declare_inadmissible",
    "application_lock",
    "application_provide_complements",
    "application_request_complements",
    "application_start_review",
    "application_submit",
    "application_transition",
    "application_update",
    "application_withdraw",
    "attachment_add",
    "download_record",
    "file_question",
    "lead_category_set",
    "lock_for_editing",
    "message_post",
    "partner_add",
    "partner_invite",
    "partner_letter_attach",
    "partner_remove",
    "partner_respond",
    "partner_update",
    "receipt_filename",
    "receipt_generate",
    "steering_member_add",
    "steering_member_remove",
    "version_archive_record",
]
