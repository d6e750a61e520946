from django.db import migrations, models


def backfill(apps, schema_editor):
    """Versions frozen before these fields existed take the dossier's values."""
    Version = apps.get_model("applications", "ApplicationVersion")
    SteeringMember = apps.get_model("applications", "SteeringMember")
    for version in Version.objects.select_related("application").iterator():
        application = version.application
        version.lead_category = application.lead_category
        version.steering_members = [
            {"name": m.name, "function": m.function, "organisation": m.organisation}
            for m in SteeringMember.objects.filter(application=application).order_by(
                "pk"
            )
        ]
        version.save(update_fields=["lead_category", "steering_members"])


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0006_version_declaration"),
    ]

    operations = [
        migrations.AddField(
            model_name="applicationversion",
            name="lead_category",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name="applicationversion",
            name="steering_members",
            field=models.JSONField(default=list),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
