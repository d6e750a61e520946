"""The managers' dossier page shows the governance check and the partners."""

import pytest
from bs4 import BeautifulSoup

from applications.models import Application
from tests.factories import (
    CallFactory,
    GovernanceRuleFactory,
    ManagerFactory,
    PartnerFactory,
)

from .support import detail_url, dossier, submit

pytestmark = pytest.mark.django_db


def test_manager_sees_each_rule_with_its_result_and_the_partners(client):
    call = CallFactory()
    application = dossier(call)
    PartnerFactory(
        application=application,
        name="Équipe mobile de soins palliatifs du Léon",
        siret="82900001700014",
        category="had",
        role="Hospitalisation à domicile du territoire",
        contact_name="Anne Exemple",
        contact_email="anne@example.org",
    )
    # Submitted before the call had rules (a failing rule would refuse it).
    application = submit(application)
    GovernanceRuleFactory(call=call, category="expert_team", min_partners=1)
    GovernanceRuleFactory(
        call=call, category="had", min_partners=1, confirmation_required=False
    )
    client.force_login(
        ManagerFactory(username="gestionnaire", authority=call.authority)
    )

    response = client.get(detail_url(Application.objects.get(pk=application.pk)))

    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    rows = page.select('[data-testid="governance-rule"]')
    assert [row["data-met"] for row in rows] == ["false", "true"]
    assert (
        "Équipe mobile de soins palliatifs du Léon"
        in page.select_one('[data-testid="dossier-governance"]').get_text()
    )
