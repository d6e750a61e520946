"""Issue 8, pre-account takeover: an account never verified keeps no password.

Its owner chooses one from the verification link, so a password typed at
sign-up by someone else can never be activated.
"""

from django.contrib.auth.hashers import make_password
from django.db import migrations


def drop_pending_passwords(apps, schema_editor):
    Registration = apps.get_model("accounts", "Registration")
    for registration in Registration.objects.filter(
        email_verified_at__isnull=True, user__is_active=False
    ).select_related("user"):
        user = registration.user
        user.password = make_password(None)
        user.save(update_fields=["password"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(drop_pending_passwords, migrations.RunPython.noop)]
