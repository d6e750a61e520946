"""Declarations of interest (and the conflicts they reveal), the reviewers'
thread and the manager's consensus note."""

import datetime

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import ApplicationState
from reviews import services
from reviews.exceptions import ReviewError, ReviewPermissionRefused
from reviews.models import ConsensusNote, InterestDeclaration
from tests.factories import (
    InterestDeclarationFactory,
    ReviewerFactory,
    assign,
    state_without_service,
    submitted_review,
)
from tests.factories.applications import synthetic_siret
from tests.factories.reviews import accepted, siren_of_lead

SINCE = datetime.date(2021, 3, 1)
SIRET = synthetic_siret(5150)


def _fields(**overrides):
    return {
        "organisation_name": "Clinique du Lac",
        "siret": SIRET,
        "nature": "consulting",
        "since": SINCE,
        "details": "  Missions d'audit.  ",
        **overrides,
    }


# Declarations ------------------------------------------------------------------------


def test_interest_declare_by_siret(reviewers, recorded):
    with recorded() as new:
        declaration = services.interest_declare(user=reviewers[0], **_fields())
    assert (declaration.siren, declaration.siret) == (SIRET[:9], SIRET)
    assert declaration.reviewer == reviewers[0]
    assert declaration.details == "Missions d'audit."
    assert new.actions == ["interest.declared"]
    assert new.entries[0].details == {"siren": SIRET[:9], "nature": "consulting"}
    assert new.emails == []


def test_interest_declare_by_siren_with_spaces(reviewers):
    declaration = services.interest_declare(
        user=reviewers[0], **_fields(siret="", siren="123 456 782")
    )
    assert (declaration.siren, declaration.siret) == ("123456782", "")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"siret": SIRET[:13]}, "A SIRET is 14 digits."),
        (
            {"siren": "999999999"},
            "The SIREN must be the first nine digits of the SIRET.",
        ),
        (
            {"siret": "", "siren": "12345678"},
            "Give the organisation's SIREN (9 digits) or SIRET (14 digits).",
        ),
        (
            {"siret": ""},
            "Give the organisation's SIREN (9 digits) or SIRET (14 digits).",
        ),
        ({"organisation_name": "   "}, "Give the organisation's name."),
        ({"nature": "friendship"}, "Choose the nature of the tie."),
        ({"nature": ""}, "Choose the nature of the tie."),
        ({"since": None}, "Give the date the tie began."),
        ({"since": "2021-03-01"}, "Give the date the tie began."),
        (
            {"since": datetime.date.today() + datetime.timedelta(days=2)},
            "The date the tie began cannot be in the future.",
        ),
    ],
)
def test_interest_declare_validation(overrides, message, reviewers, nothing_changes):
    with nothing_changes(), pytest.raises(ReviewError) as refused:
        services.interest_declare(user=reviewers[0], **_fields(**overrides))
    assert refused.value.message == _(message)


@pytest.mark.parametrize("who", ["manager", "applicant", "inactive", "plain_user"])
def test_only_reviewers_declare(who, request, call, dossier, nothing_changes):
    user = {
        "applicant": lambda: dossier.created_by,
        "inactive": lambda: ReviewerFactory(authority=call.authority, is_active=False),
    }.get(who, lambda: request.getfixturevalue(who))()
    with nothing_changes(), pytest.raises(ReviewPermissionRefused):
        services.interest_declare(user=user, **_fields())


def test_interest_update_and_delete(reviewers, recorded):
    declaration = services.interest_declare(user=reviewers[0], **_fields())
    other = synthetic_siret(5151)
    with recorded() as new:
        changed = services.interest_update(
            declaration=declaration, user=reviewers[0], siret=other, nature="family"
        )
    assert (changed.siren, changed.siret, changed.nature) == (
        other[:9],
        other,
        "family",
    )
    assert changed.organisation_name == "Clinique du Lac"
    assert new.actions == ["interest.changed"]
    with recorded() as new:
        services.interest_delete(declaration=changed, user=reviewers[0])
    assert new.actions == ["interest.deleted"]
    assert not InterestDeclaration.objects.exists()


def test_interest_update_validation(reviewers, nothing_changes):
    declaration = services.interest_declare(user=reviewers[0], **_fields())
    with nothing_changes(), pytest.raises(ReviewError):
        services.interest_update(
            declaration=declaration, user=reviewers[0], siren="111111111"
        )
    with nothing_changes(), pytest.raises(ReviewError):
        services.interest_update(
            declaration=declaration, user=reviewers[0], organisation_name=""
        )


def test_only_ones_own_declarations(reviewers, manager, nothing_changes):
    declaration = InterestDeclarationFactory(reviewer=reviewers[0])
    for user in (reviewers[1], manager):
        with nothing_changes(), pytest.raises(ReviewPermissionRefused):
            services.interest_update(
                declaration=declaration, user=user, nature="family"
            )
        with nothing_changes(), pytest.raises(ReviewPermissionRefused):
            services.interest_delete(declaration=declaration, user=user)


# Conflicts revealed by a declaration -----------------------------------------------


def test_declaration_flags_a_conflicting_assignment_once(
    dossier, manager, reviewers, recorded
):
    assignment = assign(dossier, reviewers[0], manager)
    lead = siren_of_lead(dossier)
    with recorded() as new:
        services.interest_declare(user=reviewers[0], **_fields(siret="", siren=lead))
    assert new.actions == ["interest.declared", "assignment.conflict_detected"]
    assert new.entries[1].target_object_id == str(assignment.pk)
    [email] = new.emails
    assert email.template == "conflict_detected"
    assert email.to == [manager.email]
    assert email.subject == (
        f"[{dossier.reference}] Conflit d'intérêts possible sur une affectation"
    )
    assert new.entries[1].details["reasons"][0] in email.body
    assert f"http://testserver/admin/instruction/dossiers/{dossier.pk}/" in email.body
    assert (
        f"http://testserver/admin/instruction/affectations/{assignment.pk}/conflit/"
        in email.body
    )
    # Other declarations, or the same tie declared again, tell nobody twice.
    with recorded() as new:
        services.interest_declare(user=reviewers[0], **_fields())
        services.interest_declare(
            user=reviewers[0], **_fields(siret="", siren=lead, nature="family")
        )
        first = InterestDeclaration.objects.filter(reviewer=reviewers[0]).first()
        services.interest_update(
            declaration=first, user=reviewers[0], details="Précisions."
        )
    assert new.actions == ["interest.declared", "interest.declared", "interest.changed"]
    assert new.emails == []


def test_update_revealing_a_conflict_is_flagged(dossier, manager, reviewers, recorded):
    assign(dossier, reviewers[0], manager)
    declaration = services.interest_declare(user=reviewers[0], **_fields())
    with recorded() as new:
        services.interest_update(
            declaration=declaration,
            user=reviewers[0],
            siret="",
            siren=siren_of_lead(dossier),
        )
    assert new.actions == ["interest.changed", "assignment.conflict_detected"]
    assert [e.template for e in new.emails] == ["conflict_detected"]


def test_inactive_assignments_are_not_flagged(
    call, dossier, criteria, manager, reviewers, recorded
):
    removed = assign(dossier, reviewers[0], manager)
    services.assignment_remove(assignment=removed, user=manager, reason="Absent.")
    declared = assign(dossier, reviewers[1], manager)
    services.conflict_declare(assignment=declared, user=reviewers[1], reason="Lien.")
    lead = siren_of_lead(dossier)
    with recorded() as new:
        for reviewer in reviewers[:2]:
            services.interest_declare(user=reviewer, **_fields(siret="", siren=lead))
    assert new.actions == ["interest.declared", "interest.declared"]
    assert new.emails == []


# The reviewers' thread ----------------------------------------------------------------


def test_thread_open_to_managers_and_reviewers_who_submitted(
    call, dossier, criteria, manager, reviewers, recorded
):
    done = assign(dossier, reviewers[0], manager)
    submitted_review(done, {criteria[0].pk: 4, criteria[1].pk: 5})
    with recorded() as new:
        message = services.review_message_post(
            application=dossier, user=reviewers[0], body="  Avis divergent ?  "
        )
        services.review_message_post(application=dossier, user=manager, body="Oui.")
    assert message.body == "Avis divergent ?"
    assert new.actions == ["review_message.posted", "review_message.posted"]
    assert new.emails == []


def test_thread_refusals(
    call, dossier, criteria, manager, other_manager, reviewers, nothing_changes
):
    draft = accepted(assign(dossier, reviewers[0], manager))
    done = assign(dossier, reviewers[1], manager)
    submitted_review(done, {criteria[0].pk: 4, criteria[1].pk: 5})
    for user in (reviewers[0], reviewers[2], other_manager, dossier.created_by):
        with nothing_changes(), pytest.raises(ReviewPermissionRefused):
            services.review_message_post(application=dossier, user=user, body="X")
    assert draft.status == "accepted"
    with nothing_changes(), pytest.raises(ReviewError) as refused:
        services.review_message_post(application=dossier, user=reviewers[1], body=" ")
    assert refused.value.message == _("Write your message.")
    with nothing_changes(), pytest.raises(ReviewError) as refused:
        services.review_message_post(
            application=dossier, user=reviewers[1], body="x" * 5001
        )
    assert refused.value.message == _("A message holds at most %(max)d characters.") % {
        "max": 5000
    }
    call.peer_reviews_visible = False
    call.save(update_fields=["peer_reviews_visible"])
    dossier.refresh_from_db()
    with nothing_changes(), pytest.raises(ReviewPermissionRefused):
        services.review_message_post(application=dossier, user=reviewers[1], body="X")


def test_thread_closed_once_decided(dossier, manager, nothing_changes):
    state_without_service(dossier, ApplicationState.REVIEWED, by=manager)
    services.review_message_post(application=dossier, user=manager, body="Après.")
    state_without_service(dossier, ApplicationState.ACCEPTED, by=manager)
    dossier.refresh_from_db()
    with nothing_changes(), pytest.raises(ReviewError) as refused:
        services.review_message_post(application=dossier, user=manager, body="X")
    assert refused.value.message == _("The instruction of this dossier is over.")


# The consensus note ----------------------------------------------------------------


def test_consensus_note_written_then_changed(dossier, manager, recorded):
    with recorded() as new:
        services.consensus_note_save(application=dossier, user=manager, text="Un.")
        note = services.consensus_note_save(
            application=dossier, user=manager, text="  Deux.  "
        )
    assert note.text == "Deux."
    assert ConsensusNote.objects.get(application=dossier).updated_by == manager
    assert new.actions == ["consensus_note.written", "consensus_note.changed"]


def test_consensus_note_refusals(
    dossier, manager, other_manager, reviewers, nothing_changes
):
    for user in (other_manager, reviewers[0], dossier.created_by):
        with nothing_changes(), pytest.raises(ReviewPermissionRefused):
            services.consensus_note_save(application=dossier, user=user, text="X")
    with nothing_changes(), pytest.raises(ReviewError) as refused:
        services.consensus_note_save(application=dossier, user=manager, text="")
    assert refused.value.message == _("Write the consensus note.")
    with nothing_changes(), pytest.raises(ReviewError):
        services.consensus_note_save(
            application=dossier, user=manager, text="x" * 10001
        )
    state_without_service(dossier, ApplicationState.REVIEWED, by=manager)
    state_without_service(dossier, ApplicationState.REJECTED, by=manager)
    dossier.refresh_from_db()
    with nothing_changes(), pytest.raises(ReviewError):
        services.consensus_note_save(application=dossier, user=manager, text="X")


def test_interest_since_today_is_accepted(reviewers):
    declaration = services.interest_declare(
        user=reviewers[0], **_fields(since=timezone.localdate())
    )
    assert declaration.since == timezone.localdate()
