import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from applications.permissions import MANAGERS_GROUP, REVIEWERS_GROUP


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = "Dominique"
    last_name = "Exemple"
    password = factory.django.Password("mot-de-passe-de-test")

    class Params:
        superuser = factory.Trait(is_staff=True, is_superuser=True)


def _join(group_name: str):
    """A post-generation hook putting the user in ``group_name`` (created if needed)."""

    def join(user, create, extracted, **kwargs):
        if create:
            user.groups.add(Group.objects.get_or_create(name=group_name)[0])

    return factory.PostGeneration(join)


def _staff_of(user, create, extracted, **kwargs):
    """``authority=...``: the user joins that authority's staff."""
    if create and extracted is not None:
        extracted.staff.add(user)


class ManagerFactory(UserFactory):
    """An ARS manager (gestionnaire); ``authority=...`` adds them to its staff."""

    first_name = "Claude"
    last_name = "Gestion"
    is_staff = True
    group = _join(MANAGERS_GROUP)
    authority = factory.PostGeneration(_staff_of)


class ReviewerFactory(UserFactory):
    """An ARS reviewer (instructeur); ``authority=...`` adds them to its staff."""

    is_staff = True
    group = _join(REVIEWERS_GROUP)
    authority = factory.PostGeneration(_staff_of)


class AdministratorFactory(UserFactory):
    """A superuser."""

    is_staff = True
    is_superuser = True
