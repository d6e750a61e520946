"""The instruction's URLs (``/admin/instruction/``, namespace ``reviews_admin``)
in the matrix: the reviewers' side and the managers' side.

The world's instruction (authority A's call): ``instruction``, a dossier under
review, with

* ``assignment``: ``reviewer_assigned``'s, accepted (no conflict attested), with
  a draft review;
* ``conflicted_assignment``: ``reviewer_conflicted``'s, conflict declared;
* ``peer_assignment``: another reviewer's, its review submitted
  (``submitted_review``, the one a manager may reopen), then a conflict
  detected (a tie with the lead declared since, for a manager to override);
* ``removed_assignment``: ``reviewer``'s, attested, then removed by the manager
  (``reviewer`` is assigned nothing now);

and ``unattested``, a second dossier whose ``unattested_assignment`` (also
``reviewer_assigned``'s) awaits the attestation. ``manager_other`` manages
authority B's calls.

What must hold (issue 9): a reviewer reaches only their own current
assignments (404 otherwise); nothing of a dossier before the attestation;
nothing for a conflicted reviewer; the reviewers' section is refused to the
managers and the managers' section to the reviewers; a manager of another
authority gets 404 on authority A's objects; the anonymous and the applicants
never enter the admin.
"""

from __future__ import annotations

from . import forms
from .expectations import ADMIN_LOGIN, DENIED, REDIRECT, Hidden, row
from .roles import (
    ADMIN,
    APPLICANT,
    MANAGER,
    MANAGER_OTHER,
    OTHER_APPLICANT,
    PARTNER,
    PENDING,
    REVIEWER,
    REVIEWER_ASSIGNED,
    REVIEWER_CONFLICTED,
    VISITOR,
)

NS = "reviews_admin"
REVIEW_GRID = f"{NS}:review_grid"

OUTSIDERS = {
    VISITOR: ADMIN_LOGIN,
    APPLICANT: ADMIN_LOGIN,
    OTHER_APPLICANT: ADMIN_LOGIN,
    PENDING: ADMIN_LOGIN,
    PARTNER: ADMIN_LOGIN,
}


def reviewers_side(
    *,
    assigned=404,
    reviewer=404,
    conflicted=404,
    staff=DENIED,
    **overrides,
) -> dict:
    """A page of the reviewers' section: the reviewers reach their own objects
    (404 for anyone else's); managers and the administrator are no reviewers:
    the section is refused to them."""
    return {
        **OUTSIDERS,
        REVIEWER: reviewer,
        REVIEWER_ASSIGNED: assigned,
        REVIEWER_CONFLICTED: conflicted,
        MANAGER: staff,
        MANAGER_OTHER: staff,
        ADMIN: staff,
        **overrides,
    }


def managers_side(
    *, manager=200, manager_other=404, admin=None, reviewers=DENIED, **overrides
) -> dict:
    """A page of the managers' section on authority A's objects: its managers
    and the administrator; 404 for authority B's manager; the section refused
    to the reviewers."""
    return {
        **OUTSIDERS,
        REVIEWER: reviewers,
        REVIEWER_ASSIGNED: reviewers,
        REVIEWER_CONFLICTED: reviewers,
        MANAGER: manager,
        MANAGER_OTHER: manager_other,
        ADMIN: manager if admin is None else admin,
        **overrides,
    }


def assignment(o):
    return {"pk": o.assignment.pk}


def unattested(o):
    return {"pk": o.unattested_assignment.pk}


def peer(o):
    return {"pk": o.peer_assignment.pk}


def removed(o):
    return {"pk": o.removed_assignment.pk}


def conflicted(o):
    return {"pk": o.conflicted_assignment.pk}


def instruction(o):
    return {"pk": o.instruction.pk}


def call_a(o):
    return {"call_pk": o.call_a.pk}


def decided(o):
    return {"pk": o.decided.pk}


def release_batch(o):
    return {"call_pk": o.call_a.pk, "batch_pk": o.release_batch.pk}


EMPTY_POST = "an empty form: refused before it is read, or shown again with errors"
DONE = (
    "a filled-in form: done for its user (rolled back after the cell), refused "
    "to anyone else"
)

ROWS = [
    # The dashboard: the reviewer's panel lists their assigned dossiers (what it
    # must not show: LISTINGS below).
    row(
        "wagtailadmin_home",
        **reviewers_side(assigned=200, reviewer=200, conflicted=200, staff=200),
    ),
    # The reviewers' side ------------------------------------------------------
    row(
        f"{NS}:reviewer_home",
        **reviewers_side(assigned=200, reviewer=200, conflicted=200),
    ),
    row(
        f"{NS}:assignment",
        note="accepted: the version on record and the grid",
        kwargs=assignment,
        **reviewers_side(assigned=200),
    ),
    row(
        f"{NS}:assignment",
        id=f"{NS}:assignment-unattested",
        note="the attestation only: the organisations' names (LISTINGS below)",
        kwargs=unattested,
        **reviewers_side(assigned=200),
    ),
    row(
        f"{NS}:assignment",
        id=f"{NS}:assignment-conflicted",
        note="a declared conflict closes the dossier to its reviewer",
        kwargs=conflicted,
        **reviewers_side(),
    ),
    row(
        f"{NS}:assignment",
        id=f"{NS}:assignment-removed",
        note="a removal closes the dossier to its reviewer",
        kwargs=removed,
        **reviewers_side(),
    ),
    row(
        f"{NS}:assignment_accept",
        id=f"{NS}:assignment_accept-get",
        note="POST only",
        kwargs=unattested,
        **reviewers_side(assigned=405),
    ),
    row(
        f"{NS}:assignment_accept",
        method="POST",
        note="the attestation: the reviewer's, back to the dossier",
        kwargs=unattested,
        **reviewers_side(assigned=REDIRECT),
    ),
    row(
        f"{NS}:assignment_accept",
        id=f"{NS}:assignment_accept-conflicted",
        method="POST",
        kwargs=conflicted,
        **reviewers_side(),
    ),
    row(f"{NS}:conflict_declare", kwargs=unattested, **reviewers_side(assigned=200)),
    row(
        f"{NS}:conflict_declare",
        id=f"{NS}:conflict_declare-accepted",
        note="a conflict may be declared after the attestation too",
        kwargs=assignment,
        **reviewers_side(assigned=200),
    ),
    row(
        f"{NS}:conflict_declare",
        id=f"{NS}:conflict_declare-conflicted",
        kwargs=conflicted,
        **reviewers_side(),
    ),
    row(
        f"{NS}:conflict_declare",
        id=f"{NS}:conflict_declare-post",
        method="POST",
        note="without a reason: the form again, nothing declared",
        kwargs=unattested,
        **reviewers_side(assigned=200),
    ),
    row(
        f"{NS}:conflict_declare",
        id=f"{NS}:conflict_declare-confirmed",
        method="POST",
        note="a reason, confirmed on the recap: declared, back to the list",
        kwargs=unattested,
        data=forms.conflict,
        **reviewers_side(assigned=REDIRECT),
    ),
    row(f"{NS}:review_grid", kwargs=assignment, **reviewers_side(assigned=200)),
    row(
        f"{NS}:review_grid",
        id=f"{NS}:review_grid-unattested",
        note="no grid before the attestation: sent back to the attestation",
        kwargs=unattested,
        **reviewers_side(assigned=REDIRECT),
    ),
    row(
        f"{NS}:review_grid",
        id=f"{NS}:review_grid-conflicted",
        kwargs=conflicted,
        **reviewers_side(),
    ),
    row(
        f"{NS}:review_grid",
        id=f"{NS}:review_grid-removed",
        kwargs=removed,
        **reviewers_side(),
    ),
    row(
        f"{NS}:review_grid",
        id=f"{NS}:review_grid-post",
        method="POST",
        note="an empty grid is a valid draft: saved, back to the grid",
        kwargs=assignment,
        **reviewers_side(assigned=REDIRECT),
    ),
    row(
        f"{NS}:review_grid",
        id=f"{NS}:review_grid-post-unattested",
        method="POST",
        note="a complete submission, refused before the attestation: sent back "
        "to it, nothing saved (test_no_score_without_attestation)",
        kwargs=unattested,
        data=lambda o: forms.review_grid(o.call_a),
        **reviewers_side(assigned=REDIRECT),
    ),
    row(
        f"{NS}:review_grid",
        id=f"{NS}:review_grid-post-conflicted",
        method="POST",
        note="a complete submission on a declared conflict",
        kwargs=conflicted,
        data=lambda o: forms.review_grid(o.call_a),
        **reviewers_side(),
    ),
    row(
        f"{NS}:attachment_download",
        note="a file of the version on record",
        kwargs=lambda o: {
            "pk": o.assignment.pk,
            "attachment_pk": o.instruction_file.pk,
        },
        **reviewers_side(assigned=200),
    ),
    row(
        f"{NS}:attachment_download",
        id=f"{NS}:attachment_download-late",
        note="a file uploaded after the submission, in no version",
        kwargs=lambda o: {
            "pk": o.assignment.pk,
            "attachment_pk": o.instruction_late_file.pk,
        },
        **reviewers_side(),
    ),
    row(
        f"{NS}:attachment_download",
        id=f"{NS}:attachment_download-other_dossier",
        note="another dossier's file through one's own assignment",
        kwargs=lambda o: {"pk": o.assignment.pk, "attachment_pk": o.submitted_file.pk},
        **reviewers_side(),
    ),
    row(
        f"{NS}:attachment_download",
        id=f"{NS}:attachment_download-unattested",
        note="no file before the attestation",
        kwargs=lambda o: {
            "pk": o.unattested_assignment.pk,
            "attachment_pk": o.unattested_file.pk,
        },
        **reviewers_side(),
    ),
    row(
        f"{NS}:attachment_download",
        id=f"{NS}:attachment_download-conflicted",
        kwargs=lambda o: {
            "pk": o.conflicted_assignment.pk,
            "attachment_pk": o.instruction_file.pk,
        },
        **reviewers_side(),
    ),
    row(
        f"{NS}:attachment_download",
        id=f"{NS}:attachment_download-removed",
        kwargs=lambda o: {
            "pk": o.removed_assignment.pk,
            "attachment_pk": o.instruction_file.pk,
        },
        **reviewers_side(),
    ),
    row(
        f"{NS}:thread_post",
        id=f"{NS}:thread_post-get",
        note="POST only",
        kwargs=assignment,
        **reviewers_side(assigned=405),
    ),
    row(
        f"{NS}:thread_post",
        method="POST",
        note="the thread opens once one's own review is submitted: a draft here",
        kwargs=assignment,
        data=forms.message,
        **reviewers_side(),
    ),
    row(
        f"{NS}:thread_post",
        id=f"{NS}:thread_post-conflicted",
        method="POST",
        kwargs=conflicted,
        data=forms.message,
        **reviewers_side(),
    ),
    row(
        f"{NS}:interests",
        **reviewers_side(assigned=200, reviewer=200, conflicted=200),
    ),
    row(
        f"{NS}:interest_add",
        **reviewers_side(assigned=200, reviewer=200, conflicted=200),
    ),
    row(
        f"{NS}:interest_add",
        id=f"{NS}:interest_add-post",
        method="POST",
        note="without a SIREN: the form again",
        **reviewers_side(assigned=200, reviewer=200, conflicted=200),
    ),
    row(
        f"{NS}:interest_add",
        id=f"{NS}:interest_add-done",
        method="POST",
        note=DONE,
        data=forms.interest,
        **reviewers_side(assigned=REDIRECT, reviewer=REDIRECT, conflicted=REDIRECT),
    ),
    row(
        f"{NS}:interest_edit",
        note="reviewer_assigned's declaration",
        kwargs=lambda o: {"pk": o.interest.pk},
        **reviewers_side(assigned=200),
    ),
    row(
        f"{NS}:interest_edit",
        id=f"{NS}:interest_edit-post",
        method="POST",
        note=DONE,
        kwargs=lambda o: {"pk": o.interest.pk},
        data=forms.interest,
        **reviewers_side(assigned=REDIRECT),
    ),
    row(
        f"{NS}:interest_delete",
        id=f"{NS}:interest_delete-confirm",
        kwargs=lambda o: {"pk": o.interest.pk},
        **reviewers_side(assigned=200),
    ),
    row(
        f"{NS}:interest_delete",
        method="POST",
        note="the owner deletes it (rolled back after the cell)",
        kwargs=lambda o: {"pk": o.interest.pk},
        **reviewers_side(assigned=REDIRECT),
    ),
    # The managers' side -------------------------------------------------------
    row(f"{NS}:calls", **managers_side(manager_other=200)),
    row(f"{NS}:table", kwargs=call_a, **managers_side()),
    row(
        f"{NS}:table",
        id=f"{NS}:table-call_b",
        note="authority B's call",
        kwargs=lambda o: {"call_pk": o.call_b.pk},
        **managers_side(manager=404, manager_other=200, admin=200),
    ),
    row(f"{NS}:assign", kwargs=call_a, **managers_side()),
    row(
        f"{NS}:assign",
        id=f"{NS}:assign-post",
        method="POST",
        note=DONE + ": the unassigned reviewer on the dossier awaiting attestation",
        kwargs=call_a,
        data=forms.assign,
        **managers_side(manager=REDIRECT),
    ),
    row(f"{NS}:distribute", kwargs=call_a, **managers_side()),
    row(
        f"{NS}:distribute",
        id=f"{NS}:distribute-post",
        method="POST",
        note=EMPTY_POST,
        kwargs=call_a,
        **managers_side(),
    ),
    row(f"{NS}:ranking", kwargs=call_a, **managers_side()),
    *[
        row(
            f"{NS}:export",
            id=f"{NS}:export-{table}.{fmt}",
            kwargs=lambda o, table=table, fmt=fmt: {
                "call_pk": o.call_a.pk,
                "table": table,
                "fmt": fmt,
            },
            **managers_side(),
        )
        for table in ("classement", "instruction")
        for fmt in ("csv", "xlsx")
    ],
    row(
        f"{NS}:export",
        id=f"{NS}:export-pdf",
        note="no such format",
        kwargs=lambda o: {"call_pk": o.call_a.pk, "table": "classement", "fmt": "pdf"},
        **managers_side(manager=404),
    ),
    row(
        f"{NS}:export",
        id=f"{NS}:export-unknown",
        note="no such table",
        kwargs=lambda o: {"call_pk": o.call_a.pk, "table": "dossiers", "fmt": "csv"},
        **managers_side(manager=404),
    ),
    row(f"{NS}:dossier", kwargs=instruction, **managers_side()),
    row(f"{NS}:complete", kwargs=instruction, **managers_side()),
    row(
        f"{NS}:complete",
        id=f"{NS}:complete-post",
        method="POST",
        note="without the confirmation: the recap again, nothing frozen",
        kwargs=instruction,
        **managers_side(),
    ),
    row(
        f"{NS}:complete",
        id=f"{NS}:complete-confirmed",
        method="POST",
        note="confirmed, but a review is a draft: refused with the reasons",
        kwargs=instruction,
        data=lambda o: {"confirmed": "on"},
        **managers_side(),
    ),
    *[
        row(
            f"{NS}:{name}",
            id=f"{NS}:{name}-get",
            note="POST only: GET sends anyone of the section to the dossier's page "
            "(which checks the scope), loading nothing",
            kwargs=instruction,
            **managers_side(manager=REDIRECT, manager_other=REDIRECT),
        )
        for name in ("consensus_note", "manager_thread_post")
    ],
    *[
        row(
            f"{NS}:{name}",
            method="POST",
            note=DONE,
            kwargs=instruction,
            data=data,
            **managers_side(manager=REDIRECT),
        )
        for name, data in (
            ("consensus_note", forms.note),
            ("manager_thread_post", forms.message),
        )
    ],
    row(f"{NS}:assignment_remove", kwargs=assignment, **managers_side()),
    row(
        f"{NS}:assignment_remove",
        id=f"{NS}:assignment_remove-post",
        method="POST",
        note=DONE,
        kwargs=assignment,
        data=forms.reason,
        **managers_side(manager=REDIRECT),
    ),
    row(f"{NS}:assignment_replace", kwargs=assignment, **managers_side()),
    row(
        f"{NS}:assignment_replace",
        id=f"{NS}:assignment_replace-post",
        method="POST",
        note=DONE,
        kwargs=assignment,
        data=forms.replace,
        **managers_side(manager=REDIRECT),
    ),
    row(
        f"{NS}:conflict_override",
        note="the peer's assignment, a conflict detected since it was made",
        kwargs=peer,
        **managers_side(),
    ),
    row(
        f"{NS}:conflict_override",
        id=f"{NS}:conflict_override-post",
        method="POST",
        note=DONE,
        kwargs=peer,
        data=forms.reason,
        **managers_side(manager=REDIRECT),
    ),
    row(
        f"{NS}:review_reopen",
        kwargs=lambda o: {"pk": o.submitted_review.pk},
        **managers_side(),
    ),
    row(
        f"{NS}:review_reopen",
        id=f"{NS}:review_reopen-post",
        method="POST",
        note=DONE,
        kwargs=lambda o: {"pk": o.submitted_review.pk},
        data=forms.reason,
        **managers_side(manager=REDIRECT),
    ),
    row(
        f"{NS}:reviewer_interests",
        note="reviewer_assigned's declarations",
        kwargs=lambda o: {"user_pk": o.users[REVIEWER_ASSIGNED].pk},
        **managers_side(),
    ),
    # The committee (issue 10) ------------------------------------------------
    row(f"{NS}:committee", kwargs=call_a, **managers_side()),
    row(f"{NS}:committee_create", kwargs=call_a, **managers_side()),
    row(
        f"{NS}:committee_create",
        id=f"{NS}:committee_create-post",
        method="POST",
        note=EMPTY_POST,
        kwargs=call_a,
        **managers_side(),
    ),
    row(
        f"{NS}:committee_create",
        id=f"{NS}:committee_create-done",
        method="POST",
        note=DONE + ": a session with one member from outside",
        kwargs=call_a,
        data=lambda o: {
            "held_at": "05/03/2027 14:30",
            "extra_0_name": "Dr Anne Exemple",
            "extra_0_role": "expert",
        },
        **managers_side(manager=REDIRECT),
    ),
    row(
        f"{NS}:committee_minutes",
        note="the session's minutes, a PDF drawn on the request",
        kwargs=lambda o: {"call_pk": o.call_a.pk, "committee_pk": o.committee.pk},
        **managers_side(),
    ),
    row(f"{NS}:decisions_bulk", kwargs=call_a, **managers_side()),
    row(
        f"{NS}:decisions_bulk",
        id=f"{NS}:decisions_bulk-post",
        method="POST",
        note=EMPTY_POST,
        kwargs=call_a,
        **managers_side(),
    ),
    row(
        f"{NS}:decision",
        note="a dossier under review: the page says its review is not completed",
        kwargs=instruction,
        **managers_side(),
    ),
    row(
        f"{NS}:decision",
        id=f"{NS}:decision-post",
        method="POST",
        note="a refusal with its reasons, on a dossier under review: refused, "
        "nothing recorded",
        kwargs=instruction,
        data=lambda o: {"outcome": "rejected", "motivation": "Hors cadre."},
        **managers_side(),
    ),
    # The release and the letters (issue 10) --------------------------------------
    row(f"{NS}:release", kwargs=call_a, **managers_side()),
    row(
        f"{NS}:release",
        id=f"{NS}:release-post",
        method="POST",
        note=EMPTY_POST + ": the confirmation is not ticked",
        kwargs=call_a,
        **managers_side(),
    ),
    row(
        f"{NS}:release",
        id=f"{NS}:release-refused",
        method="POST",
        note="confirmed, while dossiers of the call have no decision: refused, "
        "nothing released",
        kwargs=call_a,
        data=lambda o: {"confirm": "on"},
        **managers_side(),
    ),
    row(f"{NS}:release_progress", kwargs=release_batch, **managers_side()),
    row(
        f"{NS}:release_progress",
        id=f"{NS}:release_progress-post",
        method="POST",
        note="the failed letters retried: none failed, refused with a message",
        kwargs=release_batch,
        **managers_side(manager=REDIRECT),
    ),
    row(
        f"{NS}:release_status",
        note="the release's figures as JSON",
        kwargs=release_batch,
        **managers_side(),
    ),
    row(
        f"{NS}:letter_preview",
        note="the notified dossier's letter drawn again, never stored",
        kwargs=decided,
        **managers_side(),
    ),
    row(
        f"{NS}:letter_download",
        note="the stored letter, for the staff: no opening recorded",
        kwargs=lambda o: {"letter_pk": o.letter.pk},
        **managers_side(),
    ),
    row(f"{NS}:decision_correct", kwargs=decided, **managers_side()),
    row(
        f"{NS}:decision_correct",
        id=f"{NS}:decision_correct-post",
        method="POST",
        note=EMPTY_POST,
        kwargs=decided,
        **managers_side(),
    ),
]


# What the pages must not show ------------------------------------------------------


def instruction_dossiers(o):
    return [o.instruction.reference, o.unattested.reference]


LISTINGS = [
    Hidden(
        "dashboard-reviewer",
        "wagtailadmin_home",
        REVIEWER,
        instruction_dossiers,
        issue=9,
    ),
    Hidden(
        "dashboard-reviewer_conflicted",
        "wagtailadmin_home",
        REVIEWER_CONFLICTED,
        lambda o: [o.instruction.reference, o.instruction.title],
        issue=9,
    ),
    Hidden(
        "dashboard-reviewer_assigned",
        "wagtailadmin_home",
        REVIEWER_ASSIGNED,
        lambda o: [o.submitted.reference, o.draft.reference],
        issue=9,
    ),
    Hidden(
        "reviewer_home-reviewer",
        f"{NS}:reviewer_home",
        REVIEWER,
        instruction_dossiers,
        issue=9,
    ),
    Hidden(
        "reviewer_home-reviewer_conflicted",
        f"{NS}:reviewer_home",
        REVIEWER_CONFLICTED,
        lambda o: [o.instruction.reference, o.instruction.title],
        issue=9,
    ),
    Hidden(
        "reviewer_home-reviewer_assigned",
        f"{NS}:reviewer_home",
        REVIEWER_ASSIGNED,
        lambda o: [o.submitted.reference, o.draft.reference],
        issue=9,
    ),
    Hidden(
        "assignment-unattested",
        f"{NS}:assignment",
        REVIEWER_ASSIGNED,
        lambda o: [o.unattested_file.original_name],
        kwargs=unattested,
        issue=9,
    ),
    Hidden(
        "assignment-draft",
        f"{NS}:assignment",
        REVIEWER_ASSIGNED,
        lambda o: [
            o.instruction_late_file.original_name,  # in no version
            o.submitted_review.comment,  # a peer's: theirs is a draft
            "Pierre Pair",  # nor the peer's name
            "Camille Conflit",  # nor who declared a conflict
        ],
        kwargs=assignment,
        issue=9,
    ),
    Hidden(
        "review_grid-draft",
        f"{NS}:review_grid",
        REVIEWER_ASSIGNED,
        lambda o: [o.submitted_review.comment],
        kwargs=assignment,
        issue=9,
    ),
    Hidden(
        "instruction_calls-manager_other",
        f"{NS}:calls",
        MANAGER_OTHER,
        lambda o: [o.call_a.reference],
        issue=9,
    ),
    Hidden(
        "interests-reviewer",
        f"{NS}:interests",
        REVIEWER,
        lambda o: [o.interest.organisation_name],
        issue=9,
    ),
]
