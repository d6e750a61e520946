"""The reviewer's side in the Wagtail admin: the dashboard and list, a dossier's
page before and after the attestation, the conflict declaration, the files, the
other reviews and the thread; and who gets what (reviewer assigned, not
assigned, conflicted; manager; applicant; anonymous)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationState
from applications.models import DownloadLog
from applications.permissions import REVIEWERS_GROUP
from core.models import OutboundEmail
from reviews import services
from reviews.enums import AssignmentStatus, ReviewStatus
from reviews.models import Assignment, Review, ReviewMessage
from tests.applications.staff.support import messages_of
from tests.factories import (
    ApplicationFactory,
    AssignmentFactory,
    AttachmentFactory,
    PartnerFactory,
    ReviewerFactory,
    assign,
    drive_to,
    submitted_review,
    under_review,
)

pytestmark = pytest.mark.django_db

HOME = "/admin/instruction/"
ADMIN_HOME = "/admin/"


def url(name: str, *args) -> str:
    return reverse(f"reviews_admin:{name}", args=args)


def assignment_urls(assignment, attachment_pk: int = 1) -> list[str]:
    pk = assignment.pk
    return [
        url("assignment", pk),
        url("conflict_declare", pk),
        url("review_grid", pk),
        url("attachment_download", pk, attachment_pk),
    ]


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def rich_dossier(call, criteria, manager):
    """A dossier under review whose version on record holds a file and a partner."""
    application = ApplicationFactory(call=call, title="Parcours coordonné")
    AttachmentFactory(application=application, original_name="budget.pdf")
    PartnerFactory(application=application, name="Maison de santé du Lac")
    return drive_to(application, ApplicationState.UNDER_REVIEW, manager=manager)


@pytest.fixture
def assignment(rich_dossier, reviewers, manager):
    return assign(
        rich_dossier,
        reviewers[0],
        manager,
        due_at=timezone.now() + timedelta(days=10),
    )


@pytest.fixture
def accepted(assignment):
    return services.assignment_accept(assignment=assignment, user=assignment.reviewer)


@pytest.fixture
def attachment(rich_dossier):
    return rich_dossier.versions.get().attachments.get()


# The dashboard, the menu and the list -----------------------------------------


def test_dashboard_panel_lists_only_the_reviewers_own_dossiers(
    client, assignment, dossier, reviewers, manager
):
    other = assign(dossier, reviewers[1], manager)
    response = signed_in(client, reviewers[0]).get(ADMIN_HOME)

    content = response.content.decode()
    assert response.status_code == 200
    assert (
        'id="reviews-assigned-dossiers' in content
        or "reviews-assigned-dossiers" in (content)
    )
    assert f'data-testid="assignment-{assignment.pk}"' in content
    assert assignment.application.reference in content
    assert f'data-testid="assignment-{other.pk}"' not in content
    assert dossier.reference not in content
    assert url("assignment", assignment.pk) in content


def test_dashboard_panel_and_menu_are_not_shown_to_a_manager(
    client, assignment, manager
):
    content = signed_in(client, manager).get(ADMIN_HOME).content.decode()

    assert "reviews-assigned-dossiers" not in content
    assert "reviewer-dossiers" not in content
    assert "reviewer-interests" not in content


def test_menu_items_are_shown_to_a_reviewer(client, reviewers):
    content = signed_in(client, reviewers[0]).get(ADMIN_HOME).content.decode()

    assert "reviewer-dossiers" in content
    assert "reviewer-interests" in content


def test_home_shows_each_status_in_words_and_the_total_once_submitted(
    client, call, criteria, manager, reviewers
):
    reviewer = reviewers[0]
    pending, to_score, draft, submitted = (
        assign(under_review(call, manager=manager), reviewer, manager) for _ in range(4)
    )
    for item in (to_score, draft):
        services.assignment_accept(assignment=item, user=reviewer)
    services.review_save_draft(
        assignment=draft, user=reviewer, scores={criteria[0].pk: "2"}
    )
    submitted_review(submitted, {criteria[0].pk: 4, criteria[1].pk: 5})

    response = signed_in(client, reviewer).get(HOME)

    rows = {row["assignment"].pk: row for row in response.context["rows"]}
    assert [
        rows[a.pk]["status_code"] for a in (pending, to_score, draft, submitted)
    ] == [
        "pending",
        "to_score",
        ReviewStatus.DRAFT,
        ReviewStatus.SUBMITTED,
    ]
    assert rows[pending.pk]["status"] == str(AssignmentStatus.PENDING.label)
    assert rows[draft.pk]["status"] == str(ReviewStatus.DRAFT.label)
    assert rows[submitted.pk]["total"] == "87,50 / 100"
    assert rows[draft.pk]["total"] == ""
    content = response.content.decode()
    assert "<caption" in content and 'scope="col"' in content
    assert submitted.application.title in content


def test_home_marks_an_overdue_dossier_in_words(client, rich_dossier, reviewers):
    late = AssignmentFactory(
        application=rich_dossier,
        reviewer=reviewers[0],
        due_at=timezone.now() - timedelta(days=1),
    )
    response = signed_in(client, reviewers[0]).get(HOME)

    (row,) = response.context["rows"]
    assert row["assignment"] == late
    assert row["overdue"] is True
    assert 'data-testid="overdue"' in response.content.decode()


def test_home_leaves_out_conflicted_and_removed_assignments(
    client, call, criteria, manager, reviewers
):
    reviewer = reviewers[0]
    kept = assign(under_review(call, manager=manager), reviewer, manager)
    conflicted = assign(under_review(call, manager=manager), reviewer, manager)
    removed = assign(under_review(call, manager=manager), reviewer, manager)
    services.conflict_declare(
        assignment=conflicted, user=reviewer, reason="Ancien employeur"
    )
    services.assignment_remove(assignment=removed, user=manager, reason="Charge")

    response = signed_in(client, reviewer).get(HOME)

    assert [row["assignment"].pk for row in response.context["rows"]] == [kept.pk]
    assert conflicted.application.reference not in response.content.decode()


def test_home_runs_the_same_number_of_queries_whatever_the_number_of_dossiers(
    client, call, criteria, manager, reviewers
):
    reviewer = reviewers[0]
    signed_in(client, reviewer)

    def assign_more(count: int) -> None:
        for _ in range(count):
            dossier = under_review(call, manager=manager)
            AssignmentFactory(application=dossier, reviewer=reviewer)

    def queries() -> tuple[int, int]:
        client.get(HOME)  # warm the session and the caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(HOME)
        return len(response.context["rows"]), len(captured)

    assign_more(2)
    rows, small = queries()
    assert rows == 2
    assign_more(8)
    assert queries() == (10, small)


# A dossier's page before the attestation ------------------------------------------


def test_pending_page_shows_only_what_judging_a_conflict_needs(
    client, assignment, rich_dossier
):
    response = signed_in(client, assignment.reviewer).get(
        url("assignment", assignment.pk)
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert rich_dossier.reference in content
    assert rich_dossier.call.title in content
    assert rich_dossier.organisation.name in content
    assert "Maison de santé du Lac" in content
    assert 'data-testid="accept"' in content
    assert 'data-testid="declare-conflict"' in content
    # Nothing of the dossier's content: title, answers, files, grid.
    assert "Parcours coordonné" not in content
    assert "budget.pdf" not in content
    for hidden in (
        "dossier-answers",
        "dossier-files",
        "dossier-governance",
        "open-grid",
    ):
        assert hidden not in content
    assert "sections" not in response.context


def test_grid_is_refused_before_the_attestation(client, assignment, criteria):
    signed_in(client, assignment.reviewer)

    response = client.get(url("review_grid", assignment.pk))
    assert response.status_code == 302
    assert response.url == url("assignment", assignment.pk)
    response = client.post(
        url("review_grid", assignment.pk),
        {f"score-{criteria[0].pk}": "3", "draft": "1"},
    )
    assert response.status_code == 302
    assert not Review.objects.exists()


def test_files_are_refused_before_the_attestation(client, assignment, attachment):
    response = signed_in(client, assignment.reviewer).get(
        url("attachment_download", assignment.pk, attachment.pk)
    )

    assert response.status_code == 404
    assert not DownloadLog.objects.exists()


def test_attesting_opens_the_version_on_record(client, assignment, rich_dossier):
    signed_in(client, assignment.reviewer)

    response = client.post(url("assignment_accept", assignment.pk))

    assert response.status_code == 302
    assert response.url == url("assignment", assignment.pk)
    assert Assignment.objects.get(pk=assignment.pk).status == AssignmentStatus.ACCEPTED
    content = client.get(url("assignment", assignment.pk)).content.decode()
    assert "Parcours coordonné" in content
    for shown in (
        "dossier-answers",
        "dossier-files",
        "dossier-governance",
        "open-grid",
    ):
        assert shown in content
    assert "budget.pdf" in content
    assert 'data-testid="accept"' not in content


def test_attesting_needs_a_post(client, assignment):
    response = signed_in(client, assignment.reviewer).get(
        url("assignment_accept", assignment.pk)
    )

    assert response.status_code == 405
    assert Assignment.objects.get(pk=assignment.pk).status == AssignmentStatus.PENDING


# The conflict declaration -------------------------------------------------------


def test_conflict_needs_a_reason(client, assignment):
    response = signed_in(client, assignment.reviewer).post(
        url("conflict_declare", assignment.pk), {"reason": "  "}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="error-summary"' in content
    assert 'aria-describedby="id_reason_helptext id_reason_error"' in content
    assert 'id="id_reason_error"' in content
    assert Assignment.objects.get(pk=assignment.pk).status == AssignmentStatus.PENDING


def test_conflict_is_recapped_then_declared_and_the_dossier_disappears(
    client, assignment, attachment
):
    signed_in(client, assignment.reviewer)

    response = client.post(
        url("conflict_declare", assignment.pk), {"reason": "Ancien salarié du porteur"}
    )
    assert response.status_code == 200
    assert 'data-testid="conflict-confirm"' in response.content.decode()
    assert "Ancien salarié du porteur" in response.content.decode()
    assert Assignment.objects.get(pk=assignment.pk).status == AssignmentStatus.PENDING

    response = client.post(
        url("conflict_declare", assignment.pk),
        {"reason": "Ancien salarié du porteur", "confirmed": "True"},
    )

    assert response.status_code == 302
    assert response.url == HOME
    declared = Assignment.objects.get(pk=assignment.pk)
    assert declared.status == AssignmentStatus.CONFLICT
    assert declared.conflict_reason == "Ancien salarié du porteur"
    told = OutboundEmail.objects.filter(template="conflict_declared")
    assert [email.to for email in told] == [[assignment.assigned_by.email]]
    assert messages_of(response)
    for path in assignment_urls(assignment, attachment.pk):
        assert client.get(path).status_code == 404, path
    assert client.post(url("assignment_accept", assignment.pk)).status_code == 404
    home = client.get(HOME)
    assert home.context["rows"] == []


def test_conflict_after_a_submitted_review_hides_it_and_the_other_reviews(
    client, assignment, rich_dossier, reviewers, manager, criteria
):
    peer = assign(rich_dossier, reviewers[1], manager)
    submitted_review(peer, {criteria[0].pk: 2, criteria[1].pk: 10})
    submitted_review(assignment, {criteria[0].pk: 4, criteria[1].pk: 5})
    signed_in(client, assignment.reviewer)
    assert client.get(url("assignment", assignment.pk)).context["peer_reviews"]

    client.post(
        url("conflict_declare", assignment.pk),
        {"reason": "Lien découvert après coup", "confirmed": "True"},
    )

    for path in assignment_urls(assignment):
        assert client.get(path).status_code == 404, path
    response = client.post(url("thread_post", assignment.pk), {"body": "Bonjour"})
    assert response.status_code == 404
    assert not ReviewMessage.objects.exists()


# Files -------------------------------------------------------------------------------


def test_download_of_an_accepted_dossier_file_is_served_and_logged(
    client, accepted, attachment
):
    response = signed_in(client, accepted.reviewer).get(
        url("attachment_download", accepted.pk, attachment.pk)
    )

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"
    assert "no-store" in response["Cache-Control"]
    (log,) = DownloadLog.objects.all()
    assert (log.user, log.application_id, log.attachment_id) == (
        accepted.reviewer,
        accepted.application_id,
        attachment.pk,
    )


def test_download_of_a_file_outside_the_version_on_record_is_404(
    client, accepted, rich_dossier, dossier
):
    not_submitted = AttachmentFactory(application=rich_dossier)
    elsewhere = dossier.versions.get().attachments.first() or AttachmentFactory(
        application=dossier
    )
    signed_in(client, accepted.reviewer)

    for pk in (not_submitted.pk, elsewhere.pk, 999999):
        response = client.get(url("attachment_download", accepted.pk, pk))
        assert response.status_code == 404
    assert not DownloadLog.objects.exists()


# The other reviews and the thread ---------------------------------------------------


@pytest.fixture
def two_reviews(assignment, rich_dossier, reviewers, manager, criteria):
    """Reviewer A (assignment) and reviewer B (peer), both accepted, B submitted."""
    peer = assign(rich_dossier, reviewers[1], manager)
    submitted_review(
        peer,
        {criteria[0].pk: 2, criteria[1].pk: 10},
        comments={criteria[0].pk: "Gouvernance fragile selon B"},
    )
    services.assignment_accept(assignment=assignment, user=assignment.reviewer)
    return assignment, peer


def test_other_reviews_stay_hidden_until_ones_own_is_submitted(
    client, two_reviews, criteria
):
    own, _peer = two_reviews
    signed_in(client, own.reviewer)
    services.review_save_draft(
        assignment=own, user=own.reviewer, scores={criteria[0].pk: "3"}
    )

    response = client.get(url("assignment", own.pk))

    content = response.content.decode()
    assert "Gouvernance fragile selon B" not in content
    assert "Avis général." not in content
    assert 'data-testid="peer-reviews"' not in content
    assert 'data-testid="thread"' not in content
    assert "peer_reviews" not in response.context
    grid = client.get(url("review_grid", own.pk)).content.decode()
    assert "Gouvernance fragile selon B" not in grid
    response = client.post(url("thread_post", own.pk), {"body": "Trop tôt"})
    assert response.status_code == 404
    assert not ReviewMessage.objects.exists()


def test_other_reviews_and_the_thread_show_once_ones_own_is_submitted(
    client, two_reviews, criteria
):
    own, peer = two_reviews
    submitted_review(own, {criteria[0].pk: 4, criteria[1].pk: 5})
    signed_in(client, own.reviewer)

    response = client.get(url("assignment", own.pk))

    content = response.content.decode()
    (shown,) = response.context["peer_reviews"]
    assert shown["review"].assignment == peer
    assert shown["total"] == "62,50 / 100"
    assert "Gouvernance fragile selon B" in content
    assert 'data-testid="own-review"' in content
    assert "87,50 / 100" in content
    assert 'data-testid="thread"' in content


def test_other_reviews_stay_hidden_when_the_call_says_so(client, two_reviews, criteria):
    own, _peer = two_reviews
    call = own.application.call
    call.peer_reviews_visible = False
    call.save(update_fields=["peer_reviews_visible"])
    submitted_review(own, {criteria[0].pk: 4, criteria[1].pk: 5})

    response = signed_in(client, own.reviewer).get(url("assignment", own.pk))

    assert "Gouvernance fragile selon B" not in response.content.decode()
    assert "peer_reviews" not in response.context
    assert client.post(url("thread_post", own.pk), {"body": "Non"}).status_code == 404


def test_thread_lists_messages_oldest_first_with_author(client, two_reviews, criteria):
    own, peer = two_reviews
    submitted_review(own, {criteria[0].pk: 4, criteria[1].pk: 5})
    services.review_message_post(
        application=own.application, user=peer.reviewer, body="Premier message"
    )
    signed_in(client, own.reviewer)

    response = client.post(url("thread_post", own.pk), {"body": "Deuxième message"})

    assert response.status_code == 302
    assert response.url == url("assignment", own.pk) + "#thread"
    page = client.get(url("assignment", own.pk))
    bodies = [message.body for message, _at in page.context["thread"]]
    assert bodies == ["Premier message", "Deuxième message"]
    content = page.content.decode()
    assert content.index("Premier message") < content.index("Deuxième message")
    assert peer.reviewer.get_full_name() in content


def test_thread_refuses_an_empty_message_and_keeps_the_page(
    client, two_reviews, criteria
):
    own, _peer = two_reviews
    submitted_review(own, {criteria[0].pk: 4, criteria[1].pk: 5})

    response = signed_in(client, own.reviewer).post(
        url("thread_post", own.pk), {"body": ""}
    )

    assert response.status_code == 200
    assert 'id="id_body_error"' in response.content.decode()
    assert not ReviewMessage.objects.exists()


# Who gets what --------------------------------------------------------------------


def test_a_reviewer_not_assigned_gets_404_everywhere(
    client, accepted, attachment, reviewers
):
    signed_in(client, reviewers[2])

    for path in assignment_urls(accepted, attachment.pk):
        assert client.get(path).status_code == 404, path
    for name in ("assignment_accept", "conflict_declare", "review_grid", "thread_post"):
        response = client.post(
            url(name, accepted.pk), {"reason": "x", "confirmed": "True"}
        )
        assert response.status_code == 404, name
    assert Assignment.objects.get(pk=accepted.pk).status == AssignmentStatus.ACCEPTED


def test_a_pending_assignment_is_404_to_another_reviewer(client, assignment, reviewers):
    response = signed_in(client, reviewers[1]).post(
        url("assignment_accept", assignment.pk)
    )

    assert response.status_code == 404
    assert Assignment.objects.get(pk=assignment.pk).status == AssignmentStatus.PENDING


def test_a_removed_assignment_is_404(client, accepted, manager, attachment):
    services.assignment_remove(assignment=accepted, user=manager, reason="Surcharge")
    signed_in(client, accepted.reviewer)

    for path in assignment_urls(accepted, attachment.pk):
        assert client.get(path).status_code == 404, path


def test_a_manager_gets_the_sections_permission_denied(
    client, accepted, attachment, manager
):
    signed_in(client, manager)

    for path in [HOME, url("interests"), *assignment_urls(accepted, attachment.pk)]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url == ADMIN_HOME, path
    response = client.post(url("assignment_accept", accepted.pk))
    assert response.status_code == 302
    assert not DownloadLog.objects.exists()


@pytest.mark.parametrize("role", ["applicant", "anonymous"])
def test_applicants_and_visitors_are_sent_to_the_admin_login(
    client, accepted, attachment, role
):
    if role == "applicant":
        client.force_login(accepted.application.created_by)
    login = reverse("wagtailadmin_login")

    for path in [HOME, url("interests"), *assignment_urls(accepted, attachment.pk)]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith(login), path
    client.post(url("assignment_accept", accepted.pk))
    client.post(
        url("conflict_declare", accepted.pk), {"reason": "x", "confirmed": "True"}
    )
    assert Assignment.objects.get(pk=accepted.pk).status == AssignmentStatus.ACCEPTED


def test_a_reviewer_of_another_authority_sees_nothing(client, accepted):
    stranger = ReviewerFactory(username="instructeur-ailleurs")

    response = signed_in(client, stranger).get(url("assignment", accepted.pk))

    assert response.status_code == 404
    assert signed_in(client, stranger).get(HOME).context["rows"] == []


def test_a_submitted_review_total_is_exact_on_the_page(client, accepted, criteria):
    submitted_review(accepted, {criteria[0].pk: 4, criteria[1].pk: 5})

    response = signed_in(client, accepted.reviewer).get(url("assignment", accepted.pk))

    assert response.context["own_review"]["review"].total == Decimal("87.5")
    assert response.context["own_review"]["total"] == "87,50 / 100"
    assert 'data-testid="open-grid"' not in response.content.decode()


def test_a_manager_who_is_also_a_reviewer_gets_404_on_others_assignments(
    client, accepted, attachment, manager
):
    manager.groups.add(Group.objects.get(name=REVIEWERS_GROUP))
    signed_in(client, manager)

    assert client.get(HOME).context["rows"] == []
    for path in assignment_urls(accepted, attachment.pk):
        assert client.get(path).status_code == 404, path
