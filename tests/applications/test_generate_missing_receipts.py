from io import StringIO

import pytest
from django.core.management import call_command

from applications import services
from applications.models import ApplicationVersion
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_missing_receipts_are_generated_and_existing_ones_kept():
    application = ApplicationFactory()
    # on_commit callbacks do not run in this test: the receipt is not made yet.
    version = services.application_submit(
        application=application, user=application.created_by
    )
    assert not ApplicationVersion.objects.get(pk=version.pk).receipt

    out = StringIO()
    call_command("generate_missing_receipts", stdout=out)
    version.refresh_from_db()
    assert version.receipt.name.endswith(".pdf")
    assert out.getvalue().startswith("1 ")

    first_receipt = version.receipt.name
    call_command("generate_missing_receipts", stdout=StringIO())
    version.refresh_from_db()
    assert version.receipt.name == first_receipt
