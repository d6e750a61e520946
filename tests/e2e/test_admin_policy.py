"""The Wagtail admin works under its own Content-Security-Policy, in headless
Chromium: the browser_page fixture fails the test on any blocked script, style,
image or font."""

import pytest
from django.urls import reverse

from applications.enums import ApplicationState as S
from tests.e2e.staff import sign_in_staff
from tests.factories import ApplicationFactory, ManagerFactory, drive_to, home_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_manager_signs_in_and_reads_a_dossier_and_a_page_editor(
    live_server, browser_page
):
    application = drive_to(ApplicationFactory(), S.SUBMITTED)
    manager = ManagerFactory(authority=application.call.authority)
    manager.set_password("un mot de passe solide")
    manager.save()
    page = browser_page

    sign_in_staff(page, live_server, manager, "un mot de passe solide")

    for url in (
        reverse("dossiers_admin:index"),
        reverse("dossiers_admin:detail", args=[application.pk]),
        reverse("wagtailadmin_pages:edit", args=[home_page().pk]),
    ):
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        assert "'unsafe-inline'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
