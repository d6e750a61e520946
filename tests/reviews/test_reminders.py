"""Reminders to reviewers: three days before the due date, one day after it when
the review is still not submitted; each sent once. And the ``send_reminders``
command that runs every reminder."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command

from applications.enums import ApplicationState
from core.models import OutboundEmail
from core.transactions import task_named
from reviews import reminders as reminders_module
from reviews import services
from reviews.reminders import reviewer_reminders_send
from reviews.tasks import send_reminders_task
from tests.factories import ApplicationFactory, assign, submitted_review
from tests.factories.applications import drive_to, state_without_service
from tests.factories.reviews import accepted, draft_review

# Monday 4 January 2027, 10:00 in Paris: when the dossiers are assigned.
T0 = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
# Thursday 14 January 2027, 18:00 in Paris.
DUE_AT = datetime(2027, 1, 14, 17, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)
NOTHING = {"review_due": 0, "review_overdue": 0}


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(T0, tick=False):
        yield


@pytest.fixture
def assignment(dossier, reviewers, manager):
    return assign(dossier, reviewers[0], manager, due_at=DUE_AT)


def sent(template: str) -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(template=template).order_by("pk"))


def test_reminder_three_days_before_the_due_date(assignment, reviewers):
    assert reviewer_reminders_send(now=DUE_AT - timedelta(days=3) - SECOND) == NOTHING
    assert sent("reminder_review_due") == []

    assert reviewer_reminders_send(now=DUE_AT - timedelta(days=3)) == {
        "review_due": 1,
        "review_overdue": 0,
    }

    [email] = sent("reminder_review_due")
    reference = assignment.application.reference
    assert email.to == [reviewers[0].email] == ["instructeur-a@example.org"]
    assert email.reply_to == [assignment.application.call.authority.email]
    assert email.subject == (
        f"[{reference}] Rappel : évaluation attendue avant le 14 janvier 2027 à 18:00"
    )
    assert email.body.startswith("Bonjour Dominique Exemple,\n\n")
    assert "attendue avant le 14 janvier 2027 à 18:00 (heure de Paris)." in email.body
    assert "Vous n'avez pas encore attesté l'absence de conflit" in email.body
    assert (
        f"Votre évaluation : http://testserver/admin/instruction/evaluations/"
        f"{assignment.pk}/\n" in email.body
    )
    assert email.dedup_key == f"reminder:review:{assignment.pk}:2027-01-14:3d"
    assert email.context_ref == f"reviews.assignment:{assignment.pk}"
    [assigned] = sent("reviewer_assigned")
    assert email.subject != assigned.subject


def test_reminders_each_sent_once(assignment):
    for moment in (
        DUE_AT - timedelta(days=3),
        DUE_AT - timedelta(days=3),
        DUE_AT - timedelta(days=1),
        DUE_AT - SECOND,
        DUE_AT,
        DUE_AT + timedelta(days=1) - SECOND,
    ):
        reviewer_reminders_send(now=moment)
    assert len(sent("reminder_review_due")) == 1
    assert sent("reminder_review_overdue") == []

    assert reviewer_reminders_send(now=DUE_AT + timedelta(days=1)) == {
        "review_due": 0,
        "review_overdue": 1,
    }
    assert reviewer_reminders_send(now=DUE_AT + timedelta(days=2)) == NOTHING
    assert len(sent("reminder_review_due")) == 1
    assert len(sent("reminder_review_overdue")) == 1


def test_overdue_reminder_one_day_after_the_due_date(assignment, reviewers):
    accepted(assignment)
    assert reviewer_reminders_send(now=DUE_AT + timedelta(days=1)) == {
        "review_due": 0,
        "review_overdue": 1,
    }
    [email] = sent("reminder_review_overdue")
    reference = assignment.application.reference
    assert email.to == ["instructeur-a@example.org"]
    assert email.subject == (
        f"[{reference}] Évaluation en retard : elle était attendue le "
        "14 janvier 2027 à 18:00"
    )
    assert (
        "était attendue le 14 janvier 2027 à 18:00 (heure de Paris) et n'a pas "
        "encore été soumise.\n\nMerci de la soumettre dès que possible" in email.body
    )
    assert assignment.application.call.authority.email in email.body
    assert f"/admin/instruction/evaluations/{assignment.pk}/" in email.body
    assert email.dedup_key == f"reminder:review:{assignment.pk}:2027-01-14:overdue"


def test_reminders_sent_late_when_a_run_was_missed_within_their_window(assignment):
    assert reviewer_reminders_send(now=DUE_AT - timedelta(hours=1)) == {
        "review_due": 1,
        "review_overdue": 0,
    }
    assert reviewer_reminders_send(now=DUE_AT + timedelta(days=7) - SECOND) == {
        "review_due": 0,
        "review_overdue": 1,
    }


def test_no_overdue_reminder_after_a_week(assignment):
    assert reviewer_reminders_send(now=DUE_AT + timedelta(days=7)) == NOTHING
    assert reviewer_reminders_send(now=DUE_AT + timedelta(days=30)) == NOTHING


def test_a_draft_review_is_reminded_to_be_submitted(assignment, criteria):
    draft_review(assignment, {criteria[0].pk: 3})
    reviewer_reminders_send(now=DUE_AT - timedelta(days=3))
    reviewer_reminders_send(now=DUE_AT + timedelta(days=1))
    [due] = sent("reminder_review_due")
    [late] = sent("reminder_review_overdue")
    assert "enregistrée comme brouillon : pensez à la soumettre." in due.body
    assert "enregistrée comme brouillon : il reste à la soumettre." in late.body
    assert "attesté" not in due.body + late.body


def test_an_accepted_assignment_without_a_review_yet(assignment):
    accepted(assignment)
    reviewer_reminders_send(now=DUE_AT - timedelta(days=3))
    [email] = sent("reminder_review_due")
    assert "Votre évaluation n'est pas encore commencée." in email.body


def test_no_reminder_for_a_submitted_review(assignment, criteria):
    submitted_review(assignment, {criteria[0].pk: 3, criteria[1].pk: 8})
    assert reviewer_reminders_send(now=DUE_AT - timedelta(days=3)) == NOTHING
    assert reviewer_reminders_send(now=DUE_AT + timedelta(days=1)) == NOTHING


def test_a_reopened_review_is_reminded_again(assignment, criteria, manager):
    review = submitted_review(assignment, {criteria[0].pk: 3, criteria[1].pk: 8})
    services.review_reopen(review=review, user=manager, reason="Note à revoir.")
    assert reviewer_reminders_send(now=DUE_AT + timedelta(days=1))["review_overdue"]


def test_no_reminder_for_a_declared_conflict(assignment, reviewers):
    services.conflict_declare(
        assignment=assignment, user=reviewers[0], reason="Ancienne employée."
    )
    assert reviewer_reminders_send(now=DUE_AT - timedelta(days=3)) == NOTHING
    assert reviewer_reminders_send(now=DUE_AT + timedelta(days=1)) == NOTHING


def test_no_reminder_for_a_removed_assignment(assignment, manager):
    services.assignment_remove(assignment=assignment, user=manager, reason="Absente.")
    assert reviewer_reminders_send(now=DUE_AT - timedelta(days=3)) == NOTHING
    assert reviewer_reminders_send(now=DUE_AT + timedelta(days=1)) == NOTHING


def test_no_reminder_once_the_dossier_is_no_longer_under_review(assignment, manager):
    state_without_service(assignment.application, ApplicationState.REVIEWED, by=manager)
    assert reviewer_reminders_send(now=DUE_AT - timedelta(days=3)) == NOTHING
    assert reviewer_reminders_send(now=DUE_AT + timedelta(days=1)) == NOTHING


def test_no_reminder_without_a_due_date(dossier, reviewers, manager):
    assign(dossier, reviewers[0], manager)
    assert reviewer_reminders_send(now=DUE_AT - timedelta(days=3)) == NOTHING


def test_no_reminder_to_a_closed_account_or_one_without_an_address(
    dossier, reviewers, manager
):
    assign(dossier, reviewers[0], manager, due_at=DUE_AT)
    assign(dossier, reviewers[1], manager, due_at=DUE_AT)
    reviewers[0].is_active = False
    reviewers[0].save(update_fields=["is_active"])
    reviewers[1].email = ""
    reviewers[1].save(update_fields=["email"])
    assert reviewer_reminders_send(now=DUE_AT - timedelta(days=3)) == NOTHING


def test_an_assignment_made_after_the_reminders_moment_skips_it(
    dossier, reviewers, manager
):
    """Assigned two days before its due date: its own email gave the date; the
    overdue reminder still comes."""
    assignment = assign(dossier, reviewers[0], manager, due_at=T0 + timedelta(days=2))
    assert reviewer_reminders_send(now=T0 + timedelta(hours=1)) == NOTHING
    assert reviewer_reminders_send(now=T0 + timedelta(days=3)) == {
        "review_due": 0,
        "review_overdue": 1,
    }
    [email] = sent("reminder_review_overdue")
    assert email.dedup_key == f"reminder:review:{assignment.pk}:2027-01-06:overdue"


def test_each_reviewer_reminded_of_each_dossier(
    call, criteria, dossier, reviewers, manager
):
    other = drive_to(
        ApplicationFactory(call=call), ApplicationState.UNDER_REVIEW, manager=manager
    )
    assign(dossier, reviewers[0], manager, due_at=DUE_AT)
    assign(dossier, reviewers[1], manager, due_at=DUE_AT)
    assign(other, reviewers[0], manager, due_at=DUE_AT)
    assert reviewer_reminders_send(now=DUE_AT - timedelta(days=3)) == {
        "review_due": 3,
        "review_overdue": 0,
    }
    assert sorted(
        (email.to[0], email.subject.split("]")[0][1:])
        for email in sent("reminder_review_due")
    ) == [
        ("instructeur-a@example.org", dossier.reference),
        ("instructeur-a@example.org", other.reference),
        ("instructeur-b@example.org", dossier.reference),
    ]


class ListedThenChanged:
    """A selection listed by the run, then ``change`` made by someone else before
    the run locks each row."""

    def __init__(self, queryset, change):
        self.queryset, self.change = queryset, change

    def values_list(self, *fields, **kwargs):
        rows = list(self.queryset.values_list(*fields, **kwargs))
        self.change()
        return rows

    def __getattr__(self, name):
        return getattr(self.queryset, name)


def test_no_reminder_when_submitted_between_listing_and_sending(
    assignment, criteria, monkeypatch
):
    selected = reminders_module.due_soon
    monkeypatch.setattr(
        reminders_module,
        "due_soon",
        lambda **kwargs: ListedThenChanged(
            selected(**kwargs),
            lambda: submitted_review(
                assignment, {criteria[0].pk: 3, criteria[1].pk: 8}
            ),
        ),
    )
    assert reviewer_reminders_send(now=DUE_AT - timedelta(days=3)) == NOTHING


# The beat task and the command --------------------------------------------------


def test_the_task_sends_what_is_due_on_the_clock(assignment):
    with time_machine.travel(DUE_AT - timedelta(days=3), tick=False):
        assert send_reminders_task() == {"review_due": 1, "review_overdue": 0}
        assert send_reminders_task() == NOTHING


def test_send_reminders_command_runs_every_reminder(assignment, capsys):
    draft = ApplicationFactory(call=assignment.application.call)
    closes_at = draft.call.closes_at
    moment = DUE_AT - timedelta(days=2)
    # Within the « seven days » window of the call and the « three days » one.
    assert closes_at - timedelta(days=7) <= moment < closes_at - timedelta(days=1)
    with time_machine.travel(moment, tick=False):
        call_command("send_reminders")
        call_command("send_reminders")
    first, second = capsys.readouterr().out.splitlines()
    assert first == (
        "1 rappel(s) de dossier non déposé, 0 rappel(s) de compléments, "
        "1 rappel(s) d'évaluation à rendre, 0 relance(s) d'évaluation en retard "
        "mis en file d'envoi."
    )
    assert second.startswith("0 rappel(s) de dossier non déposé, ")
    assert sent("reminder_draft")[0].to == [draft.created_by.email]


def test_beat_runs_both_reminder_tasks_hourly(settings):
    schedule = {
        entry["task"]: entry["schedule"]
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }
    assert schedule["applications.send_reminders"] == 3600.0
    assert schedule["reviews.send_reminders"] == 3600.0
    assert schedule["core.outbox_retry"] == 600.0
    for name in schedule:
        assert task_named(name).name == name
