"""Who may open the managers' side of the instruction, view by view.

* a manager of the call's authority, and an administrator: every page;
* a manager of another authority: 404 on the call's, dossier's, assignment's,
  review's and reviewer's pages, and nothing changes when they post;
* a reviewer (« Instructeur »), assigned, not assigned or conflicted:
  Wagtail's permission denied (a redirect to the admin dashboard), for the
  whole section;
* an applicant (not admin staff) and a visitor: the admin login.
"""

import pytest
from django.urls import reverse

from reviews import services
from reviews.models import Assignment, ConsensusNote, Review, ReviewMessage
from tests.factories import (
    AdministratorFactory,
    AuthorityFactory,
    ManagerFactory,
    assign,
    submitted_review,
)

from .manager_support import urls_of

GET_NAMES = [
    "calls",
    "table",
    "assign",
    "distribute",
    "ranking",
    "export",
    "dossier",
    "complete",
    "assignment_remove",
    "assignment_replace",
    "conflict_override",
    "review_reopen",
    "reviewer_interests",
]
OBJECT_NAMES = [name for name in GET_NAMES if name != "calls"]
POSTS = {
    "assign": {},
    "distribute": {},
    "complete": {"confirmed": "True"},
    "consensus_note": {"text": "Note"},
    "manager_thread_post": {"body": "Message"},
    "assignment_remove": {"reason": "Absent", "confirmed": "True"},
    "assignment_replace": {"reason": "Absent", "confirmed": "True"},
    "conflict_override": {"reason": "Homonyme", "confirmed": "True"},
    "review_reopen": {"reason": "À sa demande", "confirmed": "True"},
}


@pytest.fixture
def world(call, dossier, criteria, manager, reviewers):
    first, second = criteria
    a = assign(dossier, reviewers[0], manager)
    b = assign(dossier, reviewers[1], manager)
    review = submitted_review(a, {first.pk: 4, second.pk: 5})
    conflicted = assign(dossier, reviewers[2], manager)
    services.conflict_declare(
        assignment=conflicted, user=reviewers[2], reason="Ancien employeur."
    )
    return {
        "urls": urls_of(call, dossier, b, review, reviewers[0]),
        "assigned": reviewers[0],
        "unassigned": reviewers[3],
        "conflicted": reviewers[2],
        "b": b,
        "review": review,
    }


def snapshot():
    return (
        list(
            Assignment.objects.values_list("pk", "status", "conflict_override_reason")
        ),
        list(Review.objects.values_list("pk", "status")),
        ConsensusNote.objects.count(),
        ReviewMessage.objects.count(),
    )


@pytest.mark.parametrize("name", GET_NAMES)
def test_manager_of_the_call_opens_every_page(client, manager, world, name):
    client.force_login(manager)
    response = client.get(world["urls"][name])
    assert response.status_code == 200, name


@pytest.mark.parametrize("name", GET_NAMES)
def test_administrator_opens_every_page(client, world, name):
    client.force_login(AdministratorFactory(username="admin-sillon"))
    assert client.get(world["urls"][name]).status_code == 200


@pytest.mark.parametrize("name", OBJECT_NAMES)
def test_manager_of_another_authority_gets_404(client, world, name):
    client.force_login(ManagerFactory(username="autre", authority=AuthorityFactory()))
    assert client.get(world["urls"][name]).status_code == 404


@pytest.mark.parametrize("name", sorted(POSTS))
def test_manager_of_another_authority_posts_get_404_and_change_nothing(
    client, world, name
):
    client.force_login(ManagerFactory(username="autre", authority=AuthorityFactory()))
    before = snapshot()
    response = client.post(world["urls"][name], POSTS[name])
    assert response.status_code == 404
    assert snapshot() == before


def test_calls_page_of_another_authority_lists_nothing(client, world):
    client.force_login(ManagerFactory(username="autre", authority=AuthorityFactory()))
    response = client.get(world["urls"]["calls"])
    assert response.status_code == 200
    assert response.context["calls"] == []


@pytest.mark.parametrize("who", ["assigned", "unassigned", "conflicted"])
@pytest.mark.parametrize("name", GET_NAMES)
def test_reviewers_are_refused_the_section(client, world, who, name):
    client.force_login(world[who])
    response = client.get(world["urls"][name])
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")


@pytest.mark.parametrize("name", sorted(POSTS))
def test_reviewer_posts_are_refused_and_change_nothing(client, world, name):
    client.force_login(world["assigned"])
    before = snapshot()
    response = client.post(world["urls"][name], POSTS[name])
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert snapshot() == before


@pytest.mark.parametrize("name", GET_NAMES)
def test_applicant_is_sent_to_the_admin_login(client, world, dossier, name):
    client.force_login(dossier.created_by)
    response = client.get(world["urls"][name])
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("name", [*GET_NAMES, "consensus_note"])
def test_visitor_is_sent_to_the_admin_login(client, world, name):
    response = client.get(world["urls"][name])
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


def test_menu_shows_instruction_to_managers_only(client, manager, world):
    menu_item = '"url": "/admin/instruction/appels/"'
    client.force_login(manager)
    assert menu_item in client.get("/admin/").content.decode()
    client.force_login(world["assigned"])
    assert menu_item not in client.get("/admin/").content.decode()
