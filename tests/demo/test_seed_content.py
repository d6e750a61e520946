"""What the demo holds: figures from the press releases, territories, pages, users."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from calls.enums import PartnerCategory
from calls.models import Authority, Call, RequiredDocument, Territory
from cms.models import Branding, CallIndexPage, CallPage, SiteIdentity
from demo.users import DEMO_PASSWORD

from .seeding import EXPECTED_STATUSES

pytestmark = pytest.mark.django_db


def test_seed_demo_filiere_recognition_call_follows_the_press_release(seeded):
    call = Call.objects.get(reference="AAC-2024-BRE-FIL")
    assert call.kind == "filiere"
    assert call.authority.slug == "ars-bretagne"
    assert call.envelope == Decimal("2200000.00")
    assert call.expected_laureates == 8
    assert call.steering_body_required is True
    assert call.lead_categories == [PartnerCategory.HEALTH_ESTABLISHMENT]
    assert sorted(call.territories.values_list("name", flat=True)) == sorted(
        [
            "Nord Finistère",
            "Cornouaille",
            "Lorient/Quimperlé",
            "Brocéliande Atlantique",
            "Haute Bretagne",
            "Saint-Malo/Dinan",
            "Armor",
            "Cœur de Breizh",
        ]
    )
    assert [
        (r.category, r.min_partners, r.confirmation_required, r.mandatory)
        for r in call.governance_rules.order_by("sort_order")
    ] == [
        ("expert_team", 1, True, True),
        ("health_establishment", 1, True, True),
        ("coordination", 1, True, True),
        ("city_professionals", 1, True, True),
        ("medico_social", 1, True, True),
        ("volunteers", 1, True, True),
    ]
    assert [
        (c.label, c.weight, c.max_score) for c in call.criteria.order_by("sort_order")
    ] == [
        ("Gouvernance et engagement des partenaires", Decimal("25.00"), 4),
        ("Diagnostic territorial et réponse aux besoins", Decimal("20.00"), 4),
        (
            "Organisation graduée et continuité des prises en charge",
            Decimal("20.00"),
            4,
        ),
        ("Faisabilité et calendrier", Decimal("10.00"), 4),
        ("Budget et efficience", Decimal("15.00"), 4),
        ("Indicateurs et évaluation", Decimal("10.00"), 4),
    ]


def test_seed_demo_other_calls_carry_their_figures(seeded):
    figures = {
        c.reference: (
            c.kind,
            c.authority.slug,
            c.envelope,
            c.expected_laureates,
            c.territories.count(),
        )
        for c in Call.objects.select_related("authority")
    }
    assert figures == {
        "AAC-2024-BRE-FIL": ("filiere", "ars-bretagne", Decimal("2200000.00"), 8, 8),
        "AAC-2026-BRE-MAV": (
            "maison_accompagnement",
            "ars-bretagne",
            Decimal("1000000.00"),
            1,
            4,
        ),
        "AAC-2026-BRE-GDP": (
            "gestionnaire_parcours",
            "ars-bretagne",
            Decimal("720000.00"),
            8,
            8,
        ),
        "AAC-2026-ARA-FIL": (
            "filiere",
            "ars-auvergne-rhone-alpes",
            Decimal("6700000.00"),
            13,
            13,
        ),
    }
    assert RequiredDocument.objects.filter(
        call__reference="AAC-2026-BRE-MAV", label="Plans du bâtiment"
    ).exists()


def test_seed_demo_grids_weigh_one_hundred(seeded):
    for call in Call.objects.all():
        assert sum(c.weight for c in call.criteria.all()) == 100, call.reference


def test_seed_demo_territories_hang_from_the_right_parents(seeded):
    parents = {
        t.name: (t.parent.level, t.parent.code)
        for t in Territory.objects.filter(code__startswith="BRE-").select_related(
            "parent"
        )
    }
    assert parents["Cœur de Breizh"] == ("region", "53")
    assert parents["Nord Finistère"] == ("departement", "29")
    assert parents["Armor"] == ("departement", "22")
    assert {t.parent.code for t in Territory.objects.filter(level="departement")} == {
        "53",
        "84",
    }
    assert Territory.objects.get(level="departement", code="01").parent.name == (
        "Auvergne-Rhône-Alpes"
    )


def test_seed_demo_authorities(seeded):
    assert {
        a.slug: (a.region.code, a.court, a.address.splitlines()[-1], a.signatory_title)
        for a in Authority.objects.select_related("region")
    } == {
        "ars-bretagne": (
            "53",
            "tribunal administratif de Rennes",
            "35042 Rennes Cedex",
            "Directrice générale",
        ),
        "ars-auvergne-rhone-alpes": (
            "84",
            "tribunal administratif de Lyon",
            "69418 Lyon Cedex 03",
            "Directeur général",
        ),
    }
    assert all(a.email.endswith("@example.org") for a in Authority.objects.all())


def test_seed_demo_site_identity_is_neutral(seeded):
    identity = SiteIdentity.objects.get()
    assert identity.branding == Branding.NEUTRAL
    assert identity.authority.slug == "ars-bretagne"
    assert identity.site_title == "Sillon"
    assert identity.contact_email == "contact-demo@example.org"


def test_seed_demo_call_pages_are_live_under_the_index_with_body_and_faq(seeded):
    index = CallIndexPage.objects.get()
    pages = CallPage.objects.child_of(index).live()
    assert sorted(p.call.reference for p in pages) == sorted(EXPECTED_STATUSES)
    for page in pages:
        assert page.slug == page.call.reference.lower()
        assert len(page.body) >= 6
        assert 3 <= len(page.faq) <= 5
        assert not page.has_unpublished_changes


def test_seed_demo_users_have_their_roles(seeded, client):
    # The demo accounts; the governance dossiers' applicants cannot sign in.
    users = {
        u.username: u
        for u in get_user_model().objects.prefetch_related("groups")
        if u.has_usable_password()
    }
    roles = {
        name: (u.is_superuser, [g.name for g in u.groups.all()])
        for name, u in users.items()
    }
    assert roles == {
        "porteur": (False, []),
        "instructeur": (False, ["Instructeurs"]),
        "gestionnaire": (False, ["Gestionnaires"]),
        "admin": (True, []),
        "instructeur2": (False, ["Instructeurs"]),
        "instructeur3": (False, ["Instructeurs"]),
        "instructeur4": (False, ["Instructeurs"]),
        "instructeur5": (False, ["Instructeurs"]),
    }
    assert users["porteur"].email == "porteur@example.org"
    assert all(u.check_password(DEMO_PASSWORD) for u in users.values())
    for name in (
        "instructeur",
        "instructeur2",
        "instructeur3",
        "instructeur4",
        "instructeur5",
        "gestionnaire",
        "admin",
    ):
        assert users[name].has_perm("wagtailadmin.access_admin"), name
    assert not users["porteur"].has_perm("wagtailadmin.access_admin")
