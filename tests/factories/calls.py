from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from calls.enums import CallKind, PartnerCategory, TerritoryLevel
from calls.models import (
    Authority,
    Call,
    Criterion,
    GovernanceRule,
    RequiredDocument,
    Territory,
)
from cms.models import CallIndexPage, CallPage


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ("level", "code")

    name = factory.Sequence(lambda n: f"Région {n}")
    code = factory.Sequence(lambda n: f"R{n}")
    level = TerritoryLevel.REGION
    parent = None

    class Params:
        departement = factory.Trait(
            level=TerritoryLevel.DEPARTEMENT,
            name=factory.Sequence(lambda n: f"Département {n}"),
            code=factory.Sequence(lambda n: f"D{n}"),
            parent=factory.SubFactory("tests.factories.calls.TerritoryFactory"),
        )


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Agence régionale de santé n°{n}")
    short_name = factory.Sequence(lambda n: f"ARS {n}")
    slug = factory.Sequence(lambda n: f"ars-{n}")
    region = factory.SubFactory(TerritoryFactory)
    address = "6 place des Colombes\nCS 14253\n35042 Rennes Cedex"
    email = "ars-appels@example.org"
    phone = "02 00 00 00 00"
    signatory_name = "Camille Exemple"
    signatory_title = "Directrice générale"
    court = "tribunal administratif de Rennes"


class CallFactory(factory.django.DjangoModelFactory):
    """A call open now, for two weeks more, published (calls.publication)."""

    class Meta:
        model = Call
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"AAC-2026-TST-{n:03d}")
    title = factory.Sequence(lambda n: f"Appel à candidatures n°{n}")
    kind = CallKind.FILIERE
    authority = factory.SubFactory(AuthorityFactory)
    summary = "Un appel de test."
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    closes_at = factory.LazyAttribute(lambda o: o.opens_at + timedelta(days=21))
    envelope = Decimal("1000000.00")
    expected_laureates = 2

    @factory.post_generation
    def published(obj, create, extracted, **kwargs):
        """Offered to applicants, as a real call is before anyone applies
        (``published=False``: the call as saved, not yet offered)."""
        if create and extracted is not False:
            publish_call(obj)

    class Params:
        upcoming = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
        )
        closed = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=60)),
            closes_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
        )


class RequiredDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequiredDocument

    call = factory.SubFactory(CallFactory)
    label = "Statuts de l'organisme"
    mandatory = True
    allowed_types = factory.LazyFunction(lambda: ["pdf"])
    max_size_mb = 10


class GovernanceRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GovernanceRule

    call = factory.SubFactory(CallFactory)
    category = PartnerCategory.EXPERT_TEAM
    min_partners = 1
    confirmation_required = True


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    call = factory.SubFactory(CallFactory)
    label = factory.Sequence(lambda n: f"Critère {n}")
    weight = Decimal("25")
    max_score = 4


# A call is offered to applicants once published and complete (calls.publication).
MINIMAL_SECTION = (
    "section",
    {
        "title": "Le projet",
        "intro": "",
        "questions": [
            (
                "long_text",
                {"label": "Commentaire", "help_text": "", "required": False},
            )
        ],
    },
)


def publish_call(call: Call) -> Call:
    """Make ``call`` offered: a live page, a questionnaire and a document list.

    Adds only what is missing, and only optional things (a section with one
    optional question, one optional document): no submission needs more.
    """
    if not CallPage.objects.filter(call=call).exists():
        page = CallPage(call=call, title=call.title, slug=call.reference.lower())
        CallIndexPage.objects.get().add_child(instance=page)
        page.save_revision().publish()
    if not len(call.questionnaire):
        call.questionnaire = [MINIMAL_SECTION]
        call.save(update_fields=["questionnaire"])
    if not call.required_documents.exists():
        RequiredDocumentFactory(
            call=call, label="Pièce complémentaire", mandatory=False
        )
    call.refresh_from_db()
    return call
