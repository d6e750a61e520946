"""The release's pages (/admin/instruction/…/publication/, …/apercu/,
…/lettres/…): the recap and its confirmation, a letter previewed before
anything is stored, the progress of a release (its figures as JSON, its
failures retried), the staff's download of a stored letter; who may open them.
The correction of a released decision is in ``test_correction_views``."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from applications.enums import ApplicationState
from reviews import services
from reviews.enums import ReleaseItemStatus
from reviews.models import (
    Decision,
    DecisionLetter,
    LetterSequence,
    ReleaseBatch,
    ReleaseItem,
)
from reviews.services import letters
from tests.factories import (
    AdministratorFactory,
    CallFactory,
    MembershipFactory,
    under_review,
)

from .builders import bulk_dossiers
from .conftest import REFUSAL
from .manager_support import BASE, messages_of, text_of
from .test_decision_letters import pdf_text


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def release_url(call) -> str:
    return f"{BASE}appels/{call.pk}/publication/"


def progress_url(batch) -> str:
    return f"{BASE}appels/{batch.call_id}/publication/{batch.pk}/"


def preview_url(application) -> str:
    return f"{BASE}dossiers/{application.pk}/decision/apercu/"


def download_url(letter) -> str:
    return f"{BASE}lettres/{letter.pk}/"


def released(call, manager):
    """The call's decisions released and every letter sent."""
    batch = services.decisions_release(call=call, user=manager)
    services.release_batch_process(batch=batch)
    return batch


def sent_label(done, total) -> str:
    return ngettext(
        "%(done)d letter sent of %(total)d", "%(done)d letters sent of %(total)d", done
    ) % {"done": done, "total": total}


# The recap ----------------------------------------------------------------------


def test_recap_lists_the_decisions_totals_and_preview_links(
    manager_client, call, three
):
    call.envelope = 500000
    call.save()
    response = manager_client.get(release_url(call))

    assert response.status_code == 200
    recap = response.context["recap"]
    by_reference = sorted(three, key=lambda d: d.application.reference)
    assert recap.decisions == by_reference
    assert [(t.outcome, t.count, t.amount) for t in recap.totals] == [
        ("accepted", 1, 100000),
        ("accepted_with_conditions", 1, 80000),
        ("rejected", 1, None),
    ]
    assert recap.blockers == [] and recap.releasable
    page = response.content.decode()
    for decision in three:
        assert f'href="{preview_url(decision.application)}"' in page
        assert decision.application.organisation.name in text_of(response)
    assert page.count('target="_blank"') >= 3
    assert "100\u00a0000\u00a0€" in text_of(response)
    # The envelope: 180 000 € of 500 000 €.
    assert "320\u00a0000\u00a0€" in response.context["envelope_lines"][0]
    submit = re.search(r'<button[^>]*data-testid="release-submit"[^>]*>', page)[0]
    assert "disabled" not in submit


def test_recap_names_the_blockers_and_disables_the_release(
    manager_client, call, manager, three
):
    waiting = under_review(call, manager=manager)
    response = manager_client.get(release_url(call))

    assert response.context["recap"].blockers == [waiting]
    page = response.content.decode()
    assert waiting.reference in text_of(response)
    submit = re.search(r'<button[^>]*data-testid="release-submit"[^>]*>', page)[0]
    assert "disabled" in submit
    assert 'data-testid="release-disabled-reason"' in page


def test_release_needs_the_confirmation(manager_client, call, three):
    response = manager_client.post(release_url(call), {})

    assert response.status_code == 200
    assert response.context["form"].errors["confirm"]
    assert not ReleaseBatch.objects.exists()


def test_release_confirmed_queues_the_batch_and_shows_its_progress(
    manager_client, call, three
):
    response = manager_client.post(release_url(call), {"confirm": "on"})

    batch = ReleaseBatch.objects.get()
    assert response.status_code == 302
    assert response.url == progress_url(batch)
    assert batch.items.count() == 3
    assert set(batch.items.values_list("status", flat=True)) == {"pending"}


def test_release_refused_shows_the_reasons(manager_client, call, manager, three):
    waiting = under_review(call, manager=manager)
    response = manager_client.post(release_url(call), {"confirm": "on"})

    assert response.status_code == 200
    assert not ReleaseBatch.objects.exists()
    assert messages_of(response) == [
        gettext("Record a decision for every dossier of the call before releasing.")
    ]
    assert any(waiting.reference in r for r in response.context["reasons"])


def test_nothing_left_to_release_disables_the_button(
    manager_client, call, manager, three
):
    released(call, manager)
    response = manager_client.get(release_url(call))

    assert response.context["recap"].decisions == []
    assert not response.context["recap"].releasable
    assert 'data-testid="release-none"' in response.content.decode()


# The preview --------------------------------------------------------------------


def test_preview_draws_the_letter_without_storing_it(manager_client, three):
    decision = three[2]
    response = manager_client.get(preview_url(decision.application))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert "no-cache" in response["Cache-Control"]
    text = pdf_text(response.content)
    assert "PROJET" in text
    assert decision.application.reference in text
    assert REFUSAL in text
    assert not DecisionLetter.objects.exists()
    assert not LetterSequence.objects.exists()


def test_preview_of_a_dossier_without_decision_is_404(manager_client, reviewed):
    assert manager_client.get(preview_url(reviewed())).status_code == 404


def test_preview_of_a_released_decision_is_drawn_again(
    manager_client, call, manager, three
):
    released(call, manager)
    response = manager_client.get(preview_url(three[0].application))

    assert response.status_code == 200
    assert "PROJET" in pdf_text(response.content)
    assert DecisionLetter.objects.count() == 3  # the letters sent, nothing more


# The progress -------------------------------------------------------------------


def test_progress_page_and_its_figures_while_letters_are_pending(
    manager_client, call, manager, three
):
    batch = services.decisions_release(call=call, user=manager)
    first = batch.items.order_by("pk").first()
    services.release_item_process(item_id=first.pk)

    response = manager_client.get(progress_url(batch))
    assert response.status_code == 200
    progress = response.context["progress"]
    assert (progress.total, progress.done, progress.failed, progress.pending) == (
        3,
        1,
        0,
        2,
    )
    page = response.content.decode()
    assert re.search(r'<progress[^>]*max="3" value="1"', page)
    assert 'aria-live="polite"' in page
    assert sent_label(1, 3) in text_of(response)
    assert 'data-testid="release-refresh"' in page
    assert "reviews/release_progress.js" in page
    letter = first.decision.letters.get()
    assert f'href="{download_url(letter)}"' in page
    assert letter.number in page
    assert gettext("Not opened yet") in text_of(response)

    status = manager_client.get(f"{progress_url(batch)}etat/")
    assert status["Content-Type"] == "application/json"
    assert "no-cache" in status["Cache-Control"]
    assert status.json() == {"total": 3, "done": 1, "failed": 0, "pending": 2}


def test_progress_page_when_every_letter_is_sent(manager_client, call, manager, three):
    batch = released(call, manager)
    letter = three[0].letters.get()
    services.letter_opened(letter=letter, user=manager)
    response = manager_client.get(progress_url(batch))

    assert sent_label(3, 3) in text_of(response)
    assert 'data-testid="release-refresh"' not in response.content.decode()
    rows = {item.decision_id: facts for item, facts in response.context["rows"]}
    assert rows[three[0].pk].opened.startswith(
        gettext("Opened on %(when)s").split("%")[0]
    )
    assert rows[three[0].pk].deadline != rows[three[1].pk].deadline  # set once opened
    assert manager_client.get(f"{progress_url(batch)}etat/").json() == {
        "total": 3,
        "done": 3,
        "failed": 0,
        "pending": 0,
    }


def test_failures_are_listed_and_retried(
    manager_client, call, manager, three, monkeypatch
):
    real = letters.render_decision_letter_pdf

    def failing(decision, **kwargs):
        if decision.outcome == "rejected":
            raise OSError("disque plein")
        return real(decision, **kwargs)

    monkeypatch.setattr(letters, "render_decision_letter_pdf", failing)
    batch = released(call, manager)
    response = manager_client.get(progress_url(batch))

    failed = response.context["failed"]
    assert [item.decision for item in failed] == [three[2]]
    assert "OSError: disque plein" in text_of(response)
    assert 'data-testid="retry-form"' in response.content.decode()

    monkeypatch.setattr(letters, "render_decision_letter_pdf", real)
    response = manager_client.post(progress_url(batch))
    assert response.status_code == 302 and response.url == progress_url(batch)
    item = batch.items.get(decision=three[2])
    assert item.status == ReleaseItemStatus.PENDING
    services.release_batch_process(batch=batch)
    item.refresh_from_db()
    assert item.status == ReleaseItemStatus.DONE


def test_retry_with_nothing_failed_says_so(manager_client, call, manager, three):
    batch = released(call, manager)
    response = manager_client.post(progress_url(batch), follow=True)

    assert messages_of(response) == [gettext("No letter of this release has failed.")]


def test_a_release_of_another_call_is_404(manager_client, call, manager, three):
    batch = released(call, manager)
    elsewhere = CallFactory(authority=call.authority)
    url = f"{BASE}appels/{elsewhere.pk}/publication/{batch.pk}/"
    assert manager_client.get(url).status_code == 404
    assert manager_client.get(f"{url}etat/").status_code == 404


# The staff's download -----------------------------------------------------------


def test_staff_download_serves_the_letter_without_recording_an_opening(
    manager_client, call, manager, three
):
    released(call, manager)
    letter = three[0].letters.get()
    response = manager_client.get(download_url(letter))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    letter.refresh_from_db()
    assert letter.first_opened_at is None


# Who may open them --------------------------------------------------------------


@pytest.fixture
def every_url(call, manager, three):
    batch = released(call, manager)
    return [
        release_url(call),
        progress_url(batch),
        f"{progress_url(batch)}etat/",
        preview_url(three[0].application),
        download_url(three[0].letters.get()),
    ]


def test_administrator_opens_every_page(client, every_url):
    client.force_login(AdministratorFactory(username="admin-sillon"))
    assert [client.get(url).status_code for url in every_url] == [200] * 5


def test_other_authority_manager_gets_404_and_releases_nothing(
    client, call, other_manager, every_url
):
    client.force_login(other_manager)
    assert [client.get(url).status_code for url in every_url] == [404] * 5
    assert client.post(every_url[0], {"confirm": "on"}).status_code == 404
    assert client.post(every_url[1]).status_code == 404
    assert ReleaseBatch.objects.count() == 1


def test_reviewer_is_sent_to_the_admin_home(client, reviewers, every_url):
    client.force_login(reviewers[0])
    for url in every_url:
        response = client.get(url)
        assert (response.status_code, response.url) == (
            302,
            reverse("wagtailadmin_home"),
        )
    assert client.post(every_url[0], {"confirm": "on"}).status_code == 302
    assert ReleaseBatch.objects.count() == 1


def test_applicant_is_sent_to_the_admin_login(client, three, every_url):
    applicant = MembershipFactory(organisation=three[0].application.organisation).user
    client.force_login(applicant)
    for url in every_url:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("wagtailadmin_login"))
    letter = three[0].letters.get()
    assert letter.first_opened_at is None


# Query counts -------------------------------------------------------------------


@pytest.fixture
def grow_released(call, manager, reviewers):
    """``grow(count)``: ``count`` more reviewed dossiers, each with a released
    acceptance and its letter sent, in one release of the call (bulk rows)."""
    batch = ReleaseBatch.objects.create(call=call, created_by=manager)

    def grow(count):
        dossiers = bulk_dossiers(
            call, count, reviewers=reviewers[:2], state=ApplicationState.ACCEPTED
        )
        now = timezone.now()
        decisions = Decision.objects.bulk_create(
            Decision(
                application=dossier,
                outcome="accepted",
                amount=Decimal(1000),
                recorded_by=manager,
                recorded_at=now,
                released_at=now,
            )
            for dossier in dossiers
        )
        start = DecisionLetter.objects.count()
        sent = DecisionLetter.objects.bulk_create(
            DecisionLetter(
                decision=decision,
                authority=call.authority,
                year=2027,
                sequence=start + i + 1,
                number=f"ARS-2027-{start + i + 1:05d}",
                issued_on=now.date(),
                file=f"letters/{start + i}.pdf",
                sha256="0" * 64,
                generated_at=now,
                notified_at=now,
                first_opened_at=now if i % 2 else None,
            )
            for i, decision in enumerate(decisions)
        )
        ReleaseItem.objects.bulk_create(
            ReleaseItem(
                batch=batch,
                decision=decision,
                letter=letter,
                status=ReleaseItemStatus.DONE,
                attempts=1,
                done_at=now,
            )
            for decision, letter in zip(decisions, sent, strict=True)
        )

    return batch, grow


def count_queries(client, url) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context), response


def test_progress_and_committee_pages_queries_do_not_grow(
    manager_client, call, grow_released
):
    batch, grow = grow_released
    committee_url = f"{BASE}appels/{call.pk}/comite/"
    grow(3)
    progress_small, small = count_queries(manager_client, progress_url(batch))
    committee_small, committee = count_queries(manager_client, committee_url)
    assert len(small.context["rows"]) == 3
    assert len(committee.context["items"]) == 3
    grow(12)
    progress_large, large = count_queries(manager_client, progress_url(batch))
    committee_large, committee = count_queries(manager_client, committee_url)
    assert len(large.context["rows"]) == 15
    assert len(committee.context["items"]) == 15
    assert all(item.decision.is_released for item in committee.context["items"])
    assert progress_small == progress_large
    assert committee_small == committee_large


def test_recap_queries_do_not_grow(manager_client, call, manager, reviewers):
    def grow(count):
        dossiers = bulk_dossiers(
            call, count, reviewers=reviewers[:2], state=ApplicationState.REVIEWED
        )
        Decision.objects.bulk_create(
            Decision(
                application=dossier,
                outcome="rejected",
                motivation="Non.",
                recorded_by=manager,
                recorded_at=timezone.now(),
            )
            for dossier in dossiers
        )

    grow(3)
    small, response = count_queries(manager_client, release_url(call))
    assert len(response.context["recap"].decisions) == 3
    grow(12)
    large, response = count_queries(manager_client, release_url(call))
    assert len(response.context["recap"].decisions) == 15
    assert small == large
