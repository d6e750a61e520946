import factory
from django.contrib.auth import get_user_model


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
