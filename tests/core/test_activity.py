from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import ProtectedError

from core.activity import activity_for, activity_record
from core.exceptions import AppendOnlyError, TransactionRequiredError
from core.models import ActivityEntry
from tests.factories import UserFactory

NOW = datetime(2026, 11, 22, 13, 5, 27, tzinfo=UTC)


@pytest.fixture
def actor(db):
    return UserFactory(username="camille")


@pytest.fixture
def scope(db):
    return Group.objects.create(name="Dossier AAP-2026-001")


@pytest.fixture
def target(db):
    return UserFactory(username="partenaire", first_name="Alex", last_name="Martin")


@pytest.mark.django_db
def test_activity_record_writes_one_row(actor, target, scope, time_machine):
    time_machine.move_to(NOW, tick=False)
    entry = activity_record(
        actor=actor,
        action="partner.added",
        target=target,
        scope=scope,
        details={"role": "associé", "at": NOW},
    )

    row = ActivityEntry.objects.get()
    assert row.pk == entry.pk
    assert row.actor == actor
    assert row.action == "partner.added"
    assert row.target_content_type == ContentType.objects.get_for_model(target)
    assert row.target_object_id == str(target.pk)
    assert row.target == target
    assert row.target_repr == "partenaire"
    assert row.scope == scope
    assert row.details == {"role": "associé", "at": "2026-11-22T13:05:27Z"}
    assert row.created_at == NOW
    assert str(row) == "partner.added partenaire"


@pytest.mark.django_db
def test_activity_record_scope_defaults_to_target(actor, target):
    entry = activity_record(actor=actor, action="account.renamed", target=target)
    assert entry.scope_content_type == entry.target_content_type
    assert entry.scope_object_id == str(target.pk)
    assert entry.details == {}


@pytest.mark.django_db
def test_activity_record_anonymous_actor_is_recorded_as_none(target, scope):
    entry = activity_record(
        actor=AnonymousUser(), action="partner.accepted", target=target, scope=scope
    )
    assert ActivityEntry.objects.get(pk=entry.pk).actor is None


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["added", "Partner.added", "partner.", "a b.c"])
def test_activity_record_refuses_malformed_action(actor, target, action):
    with pytest.raises(ValueError, match="Invalid action"):
        activity_record(actor=actor, action=action, target=target)
    assert ActivityEntry.objects.count() == 0


@pytest.mark.django_db
def test_activity_record_refuses_unsaved_target(actor):
    with pytest.raises(ValueError, match="unsaved Group"):
        activity_record(actor=actor, action="group.added", target=Group(name="x"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_activity_record_refuses_outside_a_transaction(actor, target):
    with pytest.raises(TransactionRequiredError, match=r"inside transaction\.atomic"):
        activity_record(actor=actor, action="partner.added", target=target)
    assert ActivityEntry.objects.count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_activity_record_rolled_back_with_the_callers_transaction(actor, target):
    with pytest.raises(RuntimeError), transaction.atomic():
        activity_record(actor=actor, action="partner.added", target=target)
        raise RuntimeError("the change failed")
    assert ActivityEntry.objects.count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_activity_record_committed_with_the_callers_transaction(actor, target):
    with transaction.atomic():
        activity_record(actor=actor, action="partner.added", target=target)
    assert ActivityEntry.objects.count() == 1


@pytest.fixture
def entry(actor, target, scope):
    return activity_record(
        actor=actor, action="partner.added", target=target, scope=scope
    )


@pytest.mark.django_db
def test_activity_entry_save_refuses_an_update(entry):
    entry.action = "partner.removed"
    with pytest.raises(AppendOnlyError, match="cannot be updated"):
        entry.save()
    assert ActivityEntry.objects.get().action == "partner.added"


@pytest.mark.django_db
def test_activity_entry_delete_refuses(entry):
    with pytest.raises(AppendOnlyError, match="cannot be deleted"):
        entry.delete()
    assert ActivityEntry.objects.count() == 1


@pytest.mark.django_db
def test_activity_queryset_update_refuses(entry):
    with pytest.raises(AppendOnlyError, match="cannot be updated"):
        ActivityEntry.objects.filter(pk=entry.pk).update(action="partner.removed")
    entry.action = "partner.removed"
    # bulk_update runs in an atomic block without a savepoint: give it one.
    with (
        pytest.raises(AppendOnlyError, match="cannot be updated"),
        transaction.atomic(),
    ):
        ActivityEntry.objects.bulk_update([entry], ["action"])
    assert ActivityEntry.objects.get().action == "partner.added"


@pytest.mark.django_db
def test_activity_queryset_delete_refuses(entry):
    with pytest.raises(AppendOnlyError, match="cannot be deleted"):
        ActivityEntry.objects.all().delete()
    assert ActivityEntry.objects.count() == 1


@pytest.mark.django_db
def test_activity_actor_cannot_be_deleted_once_logged(entry, actor):
    with pytest.raises(ProtectedError):
        actor.delete()


def _entry_at(at, *, actor, target, scope, action):
    ct = ContentType.objects.get_for_model
    return ActivityEntry.objects.create(
        actor=actor,
        action=action,
        target_content_type=ct(target),
        target_object_id=str(target.pk),
        target_repr=str(target),
        scope_content_type=ct(scope),
        scope_object_id=str(scope.pk),
        created_at=at,
    )


@pytest.mark.django_db
def test_activity_for_is_ordered_by_time_then_pk(actor, target, scope):
    other_scope = Group.objects.create(name="Autre dossier")
    late = datetime(2026, 11, 23, 9, tzinfo=UTC)
    early = datetime(2026, 11, 22, 9, tzinfo=UTC)
    kw = {"actor": actor, "target": target}
    third = _entry_at(late, scope=scope, action="file.added", **kw)
    first = _entry_at(early, scope=scope, action="partner.added", **kw)
    second = _entry_at(early, scope=scope, action="partner.invited", **kw)
    _entry_at(early, scope=other_scope, action="partner.removed", **kw)

    assert list(activity_for(scope)) == [first, second, third]


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [2, 20])
def test_activity_for_query_count_does_not_grow(
    rows, target, scope, django_assert_num_queries
):
    for n in range(rows):
        activity_record(
            actor=UserFactory(username=f"acteur{n}"),
            action="partner.added",
            target=target,
            scope=scope,
        )

    with django_assert_num_queries(1):
        names = [entry.actor.username for entry in activity_for(scope)]
    assert names == [f"acteur{n}" for n in range(rows)]
