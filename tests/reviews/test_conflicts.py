"""Conflicts of interest Sillon detects, by SIREN, between a reviewer's ties
and a dossier's lead and partners (live and as the version on record froze
them)."""

import pytest
from django.utils.translation import gettext as _

from applications.enums import ApplicationState
from applications.models import Partner
from applications.selectors import version_on_record
from organisations.enums import MembershipStatus
from reviews.conflicts import (
    DetectedConflict,
    detect_conflicts,
    reviewer_ties,
    siren_of,
)
from reviews.enums import InterestNature
from tests.factories import (
    ApplicationFactory,
    InterestDeclarationFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnerFactory,
    drive_to,
)
from tests.factories.applications import synthetic_siret
from tests.factories.reviews import siren_of_lead


def _declared(reviewer, siren, name="Clinique du Lac"):
    return InterestDeclarationFactory(
        reviewer=reviewer,
        organisation_name=name,
        siren=siren,
        nature=InterestNature.CONSULTING,
    )


def _declared_tie(name):
    return _("Declared interest in %(organisation)s (%(nature)s)") % {
        "organisation": name,
        "nature": str(InterestNature.CONSULTING.label).lower(),
    }


@pytest.mark.parametrize(
    ("siret", "siren"),
    [
        ("12345678200017", "123456782"),
        ("123 456 782 00017", "123456782"),
        ("123456782", "123456782"),
        ("1234", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_siren_of(siret, siren):
    assert siren_of(siret) == siren


def test_no_tie_no_conflict(dossier, reviewers):
    _declared(reviewers[0], synthetic_siret(777)[:9])
    assert detect_conflicts(reviewers[0], dossier) == []
    assert detect_conflicts(reviewers[1], dossier) == []


def test_declared_interest_in_the_lead(dossier, reviewers):
    siren = siren_of_lead(dossier)
    _declared(reviewers[0], siren)
    [conflict] = detect_conflicts(reviewers[0], dossier)
    side = _("lead organisation %(name)s") % {"name": dossier.organisation.name}
    assert conflict == DetectedConflict(siren, _declared_tie("Clinique du Lac"), side)
    assert conflict.reason == _(
        "%(tie)s, which shares SIREN %(siren)s with the %(side)s."
    ) % {"tie": conflict.reviewer_tie, "siren": siren, "side": side}


def test_another_establishment_of_the_same_legal_entity(dossier, reviewers):
    # Another SIRET of the lead's SIREN (another establishment): same entity.
    _declared(reviewers[0], siren_of_lead(dossier))
    other = OrganisationFactory(siret=siren_of_lead(dossier) + "00099")
    MembershipFactory(user=reviewers[1], organisation=other)
    assert len(detect_conflicts(reviewers[0], dossier)) == 1
    [conflict] = detect_conflicts(reviewers[1], dossier)
    assert conflict.reviewer_tie == _("Member of the organisation %(organisation)s") % {
        "organisation": other.name
    }


def test_active_membership_only(dossier, reviewers):
    MembershipFactory(
        user=reviewers[0],
        organisation=dossier.organisation,
        status=MembershipStatus.PENDING,
    )
    assert detect_conflicts(reviewers[0], dossier) == []
    MembershipFactory(user=reviewers[1], organisation=dossier.organisation)
    assert len(detect_conflicts(reviewers[1], dossier)) == 1


def test_lead_as_the_version_recorded_it(dossier, reviewers):
    version = version_on_record(dossier)
    recorded_siret = synthetic_siret(4242)
    version.lead = {**version.lead, "siret": recorded_siret, "name": "Ancien nom"}
    version.save(update_fields=["lead"])
    _declared(reviewers[0], recorded_siret[:9])
    [conflict] = detect_conflicts(reviewers[0], dossier)
    assert conflict.dossier_side == _("lead organisation %(name)s") % {
        "name": "Ancien nom"
    }


def test_live_partner(dossier, reviewers):
    partner = PartnerFactory(application=dossier, name="CH de Morlaix")
    _declared(reviewers[0], partner.siret[:9])
    [conflict] = detect_conflicts(reviewers[0], dossier)
    assert conflict.dossier_side == _("partner %(name)s") % {"name": "CH de Morlaix"}


def test_partner_the_version_recorded(call, criteria, manager, reviewers):
    application = ApplicationFactory(call=call)
    partner = PartnerFactory(application=application, name="EHPAD Les Tilleuls")
    application = drive_to(application, ApplicationState.UNDER_REVIEW, manager=manager)
    Partner.objects.filter(pk=partner.pk).delete()  # gone live, kept on record
    _declared(reviewers[0], partner.siret[:9])
    [conflict] = detect_conflicts(reviewers[0], application)
    assert conflict.dossier_side == _("partner %(name)s") % {
        "name": "EHPAD Les Tilleuls"
    }


def test_every_tie_is_reported(dossier, reviewers):
    partner = PartnerFactory(application=dossier, name="CH de Morlaix")
    _declared(reviewers[0], partner.siret[:9], name="CH de Morlaix")
    MembershipFactory(user=reviewers[0], organisation=dossier.organisation)
    conflicts = detect_conflicts(reviewers[0], dossier)
    assert sorted(c.siren for c in conflicts) == sorted(
        [partner.siret[:9], siren_of_lead(dossier)]
    )


def test_reviewer_ties_skip_an_organisation_without_siret(reviewers):
    organisation = OrganisationFactory()
    organisation.siret = ""
    organisation.save(update_fields=["siret"])
    MembershipFactory(user=reviewers[0], organisation=organisation)
    assert reviewer_ties(reviewers[0]) == []
