"""The decision in the applicant's space: nothing before the release; then the
outcome, the letter (opened inline, its first opening by the applicant being
the proof of notification, logged once) and the appeal deadline; the earlier
letters of a corrected decision; the managers see when it was opened."""

import datetime
import html
import re
from types import SimpleNamespace

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import ActivityEntry
from core.time import paris_datetime_short
from organisations.enums import MembershipStatus
from reviews import services
from reviews.enums import ReleaseKind
from reviews.models import ReleaseBatch
from reviews.notification import appeal_deadline
from tests.factories import MembershipFactory, UserFactory

# 23:30 UTC on 2 December is 3 December in Paris: the deadline is 3 February.
OPENED = datetime.datetime(2026, 12, 2, 23, 30, tzinfo=datetime.UTC)
DEADLINE = datetime.date(2027, 2, 3)
CONDITION = "Signer la charte régionale."


def release(decision, manager):
    """Release ``decision`` as the release would (its letter stored, the
    dossier moved, the applicant told)."""
    batch = services.decision_release_one(
        decision=decision, user=manager, kind=ReleaseKind.CALL
    )
    services.release_batch_process(batch=batch)
    decision.refresh_from_db()
    return decision


def correct(decision, manager, amount):
    """Correct a released acceptance (a higher amount): a new letter, notified."""
    decision = services.decision_correct(
        decision=decision,
        user=manager,
        reason="Erreur de calcul du montant.",
        outcome="accepted",
        amount=amount,
    )
    batch = ReleaseBatch.objects.filter(kind=ReleaseKind.CORRECTION).latest("pk")
    services.release_batch_process(batch=batch)
    decision.refresh_from_db()
    return decision


def member_of(decision):
    return decision.application.created_by


def dossier_url(decision):
    return reverse("applications:dossier_detail", args=[decision.application.pk])


def letter_url(letter):
    return reverse(
        "reviews_espace:letter_open",
        kwargs={"pk": letter.decision.application_id, "letter_pk": letter.pk},
    )


def page(client, user, decision):
    client.force_login(user)
    response = client.get(dossier_url(decision))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture
def accepted(decided, manager):
    return release(
        decided(
            "accepted_with_conditions",
            amount="80000",
            duration_months=24,
            motivation="Gouvernance à compléter.",
            conditions=[{"text": CONDITION, "due_on": datetime.date(2027, 3, 1)}],
        ),
        manager,
    )


# The dossier page ------------------------------------------------------------------


def test_nothing_of_the_decision_shows_before_the_release(client, decided, manager):
    decision = decided("accepted", amount="250000")
    letter = services.decision_letter_generate(decision=decision)
    content = page(client, member_of(decision), decision)
    assert 'data-testid="decision-section"' not in content
    assert letter.number not in content
    assert "data-outcome" not in content
    # Nor can the letter be opened.
    assert client.get(letter_url(letter)).status_code == 404


def test_the_section_shows_the_released_decision(client, accepted):
    letter = accepted.letters.get()
    content = page(client, member_of(accepted), accepted)
    assert 'data-outcome="accepted_with_conditions"' in content
    assert "Retenu sous conditions" in content
    amount = content.split('data-testid="decision-amount">')[1].split("<")[0]
    assert amount.replace("\u202f", " ").replace("\xa0", " ") == "80 000 €"
    assert 'data-testid="decision-duration">24 ' in content
    conditions = content.split('data-testid="decision-conditions"')[1]
    assert CONDITION in conditions
    assert "1 mars 2027" in conditions
    assert "Gouvernance à compléter." in content
    assert f'data-testid="letter-current" data-number="{letter.number}"' in content
    assert f'href="{letter_url(letter)}" data-testid="letter-link"' in content
    # Not opened yet: the deadline is not known; the means of appeal are told.
    assert 'data-testid="appeal-pending"' in content
    assert 'data-testid="appeal-deadline"' not in content
    assert 'data-testid="letter-opened"' not in content
    assert accepted.application.call.authority.court in content
    assert "Télérecours citoyens" in content
    assert 'data-testid="letters-superseded"' not in content


def test_a_refusal_shows_its_outcome_and_its_reasons_once(client, decided, manager):
    decision = release(decided("rejected", motivation="Hors du cadre."), manager)
    content = page(client, member_of(decision), decision)
    assert 'data-outcome="rejected"' in content
    assert 'data-testid="decision-amount"' not in content
    # The reasons stay where the dossier's facts show them, not twice.
    assert 'data-testid="decision-motivation">Hors du cadre.' in content
    section = content.split('data-testid="decision-section"')[1].split("</section>")[0]
    assert "Hors du cadre." not in section


def test_the_espace_lists_the_dossier_in_its_new_state(client, accepted):
    client.force_login(member_of(accepted))
    content = client.get(reverse("applications:home")).content.decode()
    row = content.split(f'data-reference="{accepted.application.reference}"')[1]
    assert 'data-state="accepted"' in row.split("</tr>")[0]
    assert 'data-code="decision"' in row.split("</tr>")[0]


# Opening the letter ----------------------------------------------------------------


def test_the_applicant_opens_the_letter_inline_and_it_is_recorded_once(
    client, accepted
):
    letter = accepted.letters.get()
    applicant = member_of(accepted)
    client.force_login(applicant)
    with time_machine.travel(OPENED, tick=False):
        response = client.get(letter_url(letter))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reference = accepted.application.reference
    assert response["Content-Disposition"] == (
        f'inline; filename="{reference}-decision-{letter.number}.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]
    with letter.file.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()
    letter.refresh_from_db()
    assert letter.first_opened_at == OPENED

    with time_machine.travel(OPENED + datetime.timedelta(days=5), tick=False):
        assert client.get(letter_url(letter)).status_code == 200
    letter.refresh_from_db()
    assert letter.first_opened_at == OPENED
    entries = ActivityEntry.objects.filter(action="decision_letter.opened")
    assert [(e.actor_id, e.target_object_id) for e in entries] == [
        (applicant.pk, str(letter.pk))
    ]

    content = page(client, applicant, accepted)
    opened = content.split('data-testid="letter-opened">')[1].split("</p>")[0]
    assert "3 décembre 2026" in opened
    assert f'data-deadline="{DEADLINE:%Y-%m-%d}"' in content
    assert "3 février 2027" in content.split('data-testid="appeal-deadline"')[1]
    assert 'data-testid="appeal-pending"' not in content


@pytest.fixture
def other_member(db):
    return MembershipFactory().user


def test_the_letter_is_refused_to_anyone_outside_the_organisation(
    client, accepted, manager, other_member
):
    letter = accepted.letters.get()
    pending = MembershipFactory(
        organisation=accepted.application.organisation,
        status=MembershipStatus.PENDING,
    ).user
    for user in (other_member, pending, manager):
        client.force_login(user)
        assert client.get(letter_url(letter)).status_code == 404, user
    client.logout()
    response = client.get(letter_url(letter))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    letter.refresh_from_db()
    assert letter.first_opened_at is None
    assert not ActivityEntry.objects.filter(action="decision_letter.opened").exists()


def test_a_letter_answers_only_under_its_own_dossier(
    client, accepted, decided, manager
):
    other = release(decided("accepted", amount="1000"), manager)
    letter = accepted.letters.get()
    client.force_login(member_of(other))  # not a member of ``accepted``'s organisation
    wrong = reverse(
        "reviews_espace:letter_open",
        kwargs={"pk": other.application.pk, "letter_pk": letter.pk},
    )
    assert client.get(wrong).status_code == 404


def test_a_released_decision_whose_letter_was_not_notified_shows_no_letter(
    client, accepted
):
    # The letter stored, the email not queued yet (as between a release's steps).
    letter = accepted.letters.get()
    type(letter).objects.filter(pk=letter.pk).update(notified_at=None)
    content = page(client, member_of(accepted), accepted)
    assert 'data-testid="decision-section"' in content
    assert letter.number not in content
    assert client.get(letter_url(letter)).status_code == 404


def test_staff_opening_the_letter_never_counts(client, accepted):
    letter = accepted.letters.get()
    organisation = accepted.application.organisation
    agent = MembershipFactory(
        organisation=organisation, user=UserFactory(is_staff=True)
    ).user
    colleague = MembershipFactory(organisation=organisation).user
    accepted.application.call.authority.staff.add(colleague)
    for user in (agent, colleague):
        page(client, user, accepted)
        assert client.get(letter_url(letter)).status_code == 200
    letter.refresh_from_db()
    assert letter.first_opened_at is None
    assert not ActivityEntry.objects.filter(action="decision_letter.opened").exists()


# A corrected decision --------------------------------------------------------------


def test_a_corrected_decision_lists_the_letter_it_replaced(client, accepted, manager):
    first = accepted.letters.get()
    decision = correct(accepted, manager, "90000")
    first.refresh_from_db()
    second = decision.letters.get(superseded_at__isnull=True)
    content = page(client, member_of(decision), decision)
    assert f'data-testid="letter-current" data-number="{second.number}"' in content
    superseded = content.split('data-testid="letters-superseded"')[1]
    assert f'data-number="{first.number}"' in superseded
    assert timezone.localtime(first.superseded_at).strftime("%Y") in superseded
    assert letter_url(first) in superseded
    # The earlier letter stays readable.
    assert client.get(letter_url(first)).status_code == 200


def test_the_page_runs_as_many_queries_with_one_or_three_letters(
    client, accepted, decided, manager
):
    three = release(decided("accepted", amount="100000"), manager)
    three = correct(three, manager, "110000")
    three = correct(three, manager, "120000")
    assert three.letters.count() == 3

    def queries(decision):
        client.force_login(member_of(decision))
        with CaptureQueriesContext(connection) as context:
            assert client.get(dossier_url(decision)).status_code == 200
        return len(context.captured_queries)

    queries(accepted)  # the site's settings, created by the first page only
    assert queries(accepted) == queries(three)


# The managers' dossier page --------------------------------------------------------


def manager_page(client, manager, decision) -> str:
    client.force_login(manager)
    url = reverse("reviews_admin:dossier", args=[decision.application.pk])
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def cell(content, letter, testid) -> str:
    """The cell ``testid`` of ``letter``'s row, from its attributes on."""
    row = content.split(
        f'data-testid="notification-letter" data-number="{letter.number}"'
    )
    return row[1].split(f'data-testid="{testid}"')[1].split("</td>")[0]


def test_the_managers_see_when_the_letter_was_opened_and_the_deadline(
    client, accepted, manager
):
    letter = accepted.letters.get()
    before = manager_page(client, manager, accepted)
    assert 'data-outcome="accepted_with_conditions"' in before
    assert paris_datetime_short(letter.notified_at) in cell(
        before, letter, "letter-notified"
    )
    assert cell(before, letter, "letter-opened").startswith(' data-opened="">')
    assert cell(before, letter, "letter-deadline") == ">—"

    with time_machine.travel(OPENED, tick=False):
        services.letter_opened(letter=letter, user=member_of(accepted))
    after = manager_page(client, manager, accepted)
    opened = cell(after, letter, "letter-opened")
    assert opened.startswith(' data-opened="2026-12-03">')
    assert paris_datetime_short(OPENED) in opened
    assert cell(after, letter, "letter-deadline") == f">{DEADLINE:%d/%m/%Y}"
    letter.refresh_from_db()
    assert appeal_deadline(letter) == DEADLINE


def test_the_managers_see_a_superseded_letter(client, accepted, manager):
    first = accepted.letters.get()
    second = correct(accepted, manager, "95000").letters.get(superseded_at=None)
    first.refresh_from_db()
    content = manager_page(client, manager, accepted)
    numbers = re.findall(
        r'data-testid="notification-letter" data-number="([^"]+)"', content
    )
    assert numbers == [second.number, first.number]  # the current one first
    assert paris_datetime_short(first.superseded_at) in cell(
        content, first, "letter-version"
    )
    assert paris_datetime_short(first.superseded_at) not in cell(
        content, second, "letter-version"
    )


def test_the_managers_page_before_any_decision(client, dossier, manager):
    content = manager_page(client, manager, SimpleNamespace(application=dossier))
    assert 'data-testid="notification-no-decision"' in content
    assert 'data-testid="notification-letters"' not in content
