"""Reminders to applicants: drafts not submitted seven days and one day before the
call closes, complements two days before they are due; each sent once."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import TestCase

from applications import reminders as reminders_module
from applications import services
from applications.enums import ApplicationState, MessageKind
from applications.models import Application, Message
from applications.reminders import (
    applicant_reminders_send,
    complements_reminders_send,
    draft_reminders_send,
)
from applications.tasks import send_reminders_task
from core.models import OutboundEmail
from organisations.enums import MembershipStatus
from tests.factories import (
    AdministratorFactory,
    ApplicationFactory,
    AuthorityFactory,
    CallFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    drive_to,
)

# Monday 4 January 2027, 10:00 in Paris (UTC+1 in winter): when everything is made.
T0 = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
# Wednesday 20 January 2027, 12:00 in Paris.
CLOSES_AT = datetime(2027, 1, 20, 11, 0, tzinfo=UTC)
COMPLEMENTS_DUE_AT = datetime(2027, 1, 14, 11, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)
REF = "AAC-2027-BRE-RAP-0001"
APPLICANTS = ["alex.le-gall@example.org", "zoe.martin@example.org"]


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(T0, tick=False):
        yield


@pytest.fixture
def call(db):
    return CallFactory(
        reference="AAC-2027-BRE-RAP",
        title="Maison d'accompagnement à la fin de vie",
        authority=AuthorityFactory(email="ars-bretagne-appels@example.org"),
        opens_at=T0 - timedelta(days=7),
        closes_at=CLOSES_AT,
    )


@pytest.fixture
def organisation(db):
    """Two active members (the applicants), one pending, one whose account is
    closed."""
    organisation = OrganisationFactory(name="Centre hospitalier de Cornouaille")
    for name in ("zoe.martin", "alex.le-gall"):
        MembershipFactory(organisation=organisation, user=UserFactory(username=name))
    MembershipFactory(
        organisation=organisation,
        user=UserFactory(username="en.attente"),
        status=MembershipStatus.PENDING,
    )
    MembershipFactory(
        organisation=organisation,
        user=UserFactory(username="parti", is_active=False),
    )
    return organisation


@pytest.fixture
def draft(call, organisation):
    return ApplicationFactory(
        call=call,
        organisation=organisation,
        created_by=organisation.memberships.get(user__username="alex.le-gall").user,
        sequence=1,
        title="Maison de Quimper",
    )


def reminders(template: str) -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(template=template).order_by("pk"))


def thread(application: Application) -> list[str]:
    return list(
        Message.objects.filter(application=application, kind=MessageKind.NOTIFICATION)
        .order_by("pk")
        .values_list("subject", flat=True)
    )


# Drafts ------------------------------------------------------------------------------


def test_draft_reminder_seven_days_before_the_call_closes(draft):
    assert draft_reminders_send(now=CLOSES_AT - timedelta(days=7) - SECOND) == 0
    assert reminders("reminder_draft") == []

    assert draft_reminders_send(now=CLOSES_AT - timedelta(days=7)) == 1

    [email] = reminders("reminder_draft")
    assert email.to == APPLICANTS
    assert email.reply_to == ["ars-bretagne-appels@example.org"]
    assert email.subject == (
        f"[{REF}] Rappel : dossier non déposé, "
        "clôture de l'appel le 20 janvier 2027 à 12:00"
    )
    assert "L'appel clôt le 20 janvier 2027 à 12:00 (heure de Paris)." in email.body
    assert f"http://testserver/espace/dossiers/{draft.pk}/" in email.body
    assert email.dedup_key == f"reminder:draft:{draft.pk}:2027-01-20:7d"
    assert email.context_ref == f"applications.application:{draft.pk}"
    [message] = Message.objects.filter(application=draft)
    assert (message.subject, message.body) == (email.subject, email.body)
    assert (message.kind, message.from_staff, message.author) == (
        MessageKind.NOTIFICATION,
        True,
        None,
    )


def test_draft_reminders_each_sent_once_then_the_last_one_day_before(draft):
    assert draft_reminders_send(now=CLOSES_AT - timedelta(days=7)) == 1
    assert draft_reminders_send(now=CLOSES_AT - timedelta(days=7)) == 0
    assert draft_reminders_send(now=CLOSES_AT - timedelta(days=3)) == 0
    assert draft_reminders_send(now=CLOSES_AT - timedelta(days=1) - SECOND) == 0

    assert draft_reminders_send(now=CLOSES_AT - timedelta(days=1)) == 1
    assert draft_reminders_send(now=CLOSES_AT - timedelta(hours=2)) == 0

    first, last = reminders("reminder_draft")
    assert last.subject == (
        f"[{REF}] Dernier rappel : dossier non déposé, "
        "clôture de l'appel le 20 janvier 2027 à 12:00"
    )
    assert last.to == APPLICANTS
    assert last.dedup_key == f"reminder:draft:{draft.pk}:2027-01-20:1d"
    assert first.subject != last.subject
    assert thread(draft) == [first.subject, last.subject]


def test_draft_reminder_sent_late_when_its_run_was_missed(draft):
    """No run between seven days and one day before: the reminder goes out at the
    next run; a run only in the last day sends only the last reminder."""
    assert draft_reminders_send(now=CLOSES_AT - timedelta(days=4)) == 1
    [email] = reminders("reminder_draft")
    assert email.dedup_key.endswith(":7d")


def test_only_the_last_reminder_when_both_moments_were_missed(draft):
    assert draft_reminders_send(now=CLOSES_AT - timedelta(hours=3)) == 1
    [email] = reminders("reminder_draft")
    assert email.dedup_key.endswith(":1d")
    assert email.subject.startswith(f"[{REF}] Dernier rappel")


@pytest.mark.parametrize("after", [timedelta(0), timedelta(hours=1), timedelta(days=1)])
def test_no_draft_reminder_once_the_call_has_closed(draft, after):
    assert draft_reminders_send(now=CLOSES_AT + after) == 0
    assert reminders("reminder_draft") == []


@pytest.mark.parametrize(
    "state", [ApplicationState.SUBMITTED, ApplicationState.WITHDRAWN]
)
def test_no_draft_reminder_for_a_submitted_or_withdrawn_dossier(draft, state):
    assert drive_to(draft, state).state == state
    assert draft_reminders_send(now=CLOSES_AT - timedelta(days=7)) == 0
    assert draft_reminders_send(now=CLOSES_AT - timedelta(days=1)) == 0
    assert reminders("reminder_draft") == []


def test_no_draft_reminder_on_a_call_not_offered(organisation):
    call = CallFactory(
        opens_at=T0 - timedelta(days=7), closes_at=CLOSES_AT, published=False
    )
    ApplicationFactory(call=call, organisation=organisation)
    assert draft_reminders_send(now=CLOSES_AT - timedelta(days=7)) == 0
    assert draft_reminders_send(now=CLOSES_AT - timedelta(days=1)) == 0


def test_a_draft_created_after_a_reminders_moment_skips_that_reminder(organisation):
    """Created five days before the close: no « seven days » reminder, the
    « one day » one as usual."""
    call = CallFactory(
        opens_at=T0 - timedelta(days=7), closes_at=T0 + timedelta(days=5)
    )
    draft = ApplicationFactory(call=call, organisation=organisation)
    assert draft_reminders_send(now=T0 + timedelta(hours=1)) == 0
    assert draft_reminders_send(now=T0 + timedelta(days=4)) == 1
    [email] = reminders("reminder_draft")
    assert email.dedup_key.endswith(":1d")
    assert thread(draft) == [email.subject]


def test_no_recipient_no_reminder_until_someone_can_read_it(draft, organisation):
    organisation.memberships.update(status=MembershipStatus.PENDING)
    moment = CLOSES_AT - timedelta(days=7)
    assert draft_reminders_send(now=moment) == 0
    assert reminders("reminder_draft") == []
    assert thread(draft) == []

    organisation.memberships.filter(user__username="zoe.martin").update(
        status=MembershipStatus.ACTIVE
    )
    assert draft_reminders_send(now=moment + timedelta(hours=1)) == 1
    [email] = reminders("reminder_draft")
    assert email.to == ["zoe.martin@example.org"]


def test_draft_reminders_of_several_dossiers(call, draft, organisation):
    other = ApplicationFactory(call=call, organisation=OrganisationFactory())
    assert draft_reminders_send(now=CLOSES_AT - timedelta(days=7)) == 2
    assert [email.context_ref for email in reminders("reminder_draft")] == [
        f"applications.application:{draft.pk}",
        f"applications.application:{other.pk}",
    ]
    assert reminders("reminder_draft")[1].to == [other.created_by.email]


def test_the_reminder_is_sent_once_its_transaction_commits(draft):
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert draft_reminders_send(now=CLOSES_AT - timedelta(days=7)) == 1
    [sent] = mail.outbox
    assert sent.to == APPLICANTS
    assert sent.subject == reminders("reminder_draft")[0].subject


# Complements ---------------------------------------------------------------------


@pytest.fixture
def manager(db):
    return AdministratorFactory(username="gestionnaire")


@pytest.fixture
def asked(draft, manager):
    """Complements asked for at T0, due on 14 January 2027 at 12:00 (Paris)."""
    return drive_to(
        draft,
        ApplicationState.COMPLEMENTS_REQUESTED,
        manager=manager,
        due_at=COMPLEMENTS_DUE_AT,
    )


def test_complements_reminder_two_days_before_they_are_due(asked):
    moment = COMPLEMENTS_DUE_AT - timedelta(days=2)
    assert complements_reminders_send(now=moment - SECOND) == 0
    assert reminders("reminder_complements") == []

    assert complements_reminders_send(now=moment) == 1
    assert complements_reminders_send(now=moment + timedelta(hours=5)) == 0

    [email] = reminders("reminder_complements")
    [request] = reminders("complements_requested")
    assert email.to == APPLICANTS == request.to
    assert email.subject == (
        f"[{REF}] Rappel : compléments attendus avant le 14 janvier 2027 à 12:00"
    )
    assert email.subject != request.subject
    assert "Rappel de la demande :\n\nBudget détaillé\n" in email.body
    assert "avant le 14 janvier 2027 à 12:00 (heure de Paris)" in email.body
    assert email.dedup_key.startswith(f"reminder:complements:{asked.pk}:")
    assert email.dedup_key.endswith(":2027-01-14:2d")
    assert thread(asked) == [request.subject, email.subject]


def test_complements_reminder_sent_late_but_not_after_the_due_date(asked):
    assert complements_reminders_send(now=COMPLEMENTS_DUE_AT) == 0
    assert complements_reminders_send(now=COMPLEMENTS_DUE_AT - SECOND) == 1


def test_no_complements_reminder_when_asked_for_within_two_days(draft, manager):
    asked = drive_to(
        draft,
        ApplicationState.COMPLEMENTS_REQUESTED,
        manager=manager,
        due_at=T0 + timedelta(days=1),
    )
    assert complements_reminders_send(now=T0 + timedelta(hours=1)) == 0
    assert complements_reminders_send(now=T0 + timedelta(hours=23)) == 0
    assert asked.state == ApplicationState.COMPLEMENTS_REQUESTED
    assert reminders("reminder_complements") == []


def test_no_complements_reminder_once_provided_and_one_per_request(asked, manager):
    applicant = asked.created_by
    with time_machine.travel(T0 + timedelta(days=1), tick=False):
        services.application_provide_complements(application=asked, user=applicant)
    assert complements_reminders_send(now=COMPLEMENTS_DUE_AT - timedelta(days=2)) == 0

    # Asked again, due at the same moment: this request gets its own reminder.
    with time_machine.travel(T0 + timedelta(days=2), tick=False):
        services.application_request_complements(
            application=Application.objects.get(pk=asked.pk),
            user=manager,
            message="Budget signé",
            due_at=COMPLEMENTS_DUE_AT,
        )
    assert complements_reminders_send(now=COMPLEMENTS_DUE_AT - timedelta(days=2)) == 1
    assert complements_reminders_send(now=COMPLEMENTS_DUE_AT - timedelta(days=1)) == 0
    [email] = reminders("reminder_complements")
    assert "Rappel de la demande :\n\nBudget signé\n" in email.body


@pytest.mark.parametrize(
    "state", [ApplicationState.INADMISSIBLE, ApplicationState.UNDER_REVIEW]
)
def test_no_complements_reminder_in_another_state(draft, manager, state):
    drive_to(draft, state, manager=manager)
    assert applicant_reminders_send(now=CLOSES_AT - timedelta(days=7)) == {
        "drafts": 0,
        "complements": 0,
    }


class ListedThenChanged:
    """A selection listed by the run, then ``change`` made by someone else before
    the run locks each row."""

    def __init__(self, queryset, change):
        self.queryset, self.change = queryset, change

    def values_list(self, *fields, **kwargs):
        rows = list(self.queryset.values_list(*fields, **kwargs))
        self.change()
        return rows


def test_no_draft_reminder_when_submitted_between_listing_and_sending(
    draft, monkeypatch
):
    selected = reminders_module.drafts_to_remind
    monkeypatch.setattr(
        reminders_module,
        "drafts_to_remind",
        lambda **kwargs: ListedThenChanged(
            selected(**kwargs), lambda: drive_to(draft, ApplicationState.SUBMITTED)
        ),
    )
    assert draft_reminders_send(now=CLOSES_AT - timedelta(days=7)) == 0
    assert reminders("reminder_draft") == []


def test_no_complements_reminder_when_provided_between_listing_and_sending(
    asked, monkeypatch
):
    selected = reminders_module.complements_to_remind

    def provide():
        services.application_provide_complements(
            application=Application.objects.get(pk=asked.pk), user=asked.created_by
        )

    monkeypatch.setattr(
        reminders_module,
        "complements_to_remind",
        lambda **kwargs: ListedThenChanged(selected(**kwargs), provide),
    )
    assert complements_reminders_send(now=COMPLEMENTS_DUE_AT - timedelta(days=2)) == 0
    assert reminders("reminder_complements") == []


# The beat task --------------------------------------------------------------------


def test_the_task_sends_what_is_due_on_the_clock(draft, manager):
    other = ApplicationFactory(call=draft.call, organisation=OrganisationFactory())
    drive_to(
        other,
        ApplicationState.COMPLEMENTS_REQUESTED,
        manager=manager,
        due_at=CLOSES_AT - timedelta(days=5),
    )
    with time_machine.travel(CLOSES_AT - timedelta(days=7), tick=False):
        assert send_reminders_task() == {"drafts": 1, "complements": 1}
        assert send_reminders_task() == {"drafts": 0, "complements": 0}
