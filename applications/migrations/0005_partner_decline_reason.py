"""A partner's reason for declining; and the names of the files already stored
made to say their detected type (issue 8, items 15 and 5)."""

from django.db import migrations, models

from applications.uploads import MIME_TYPES, safe_name


def names_say_their_type(apps, schema_editor):
    # A name that a new upload would get, so that downloads use it too.
    types = {mime: str(document_type) for document_type, mime in MIME_TYPES.items()}
    Attachment = apps.get_model("applications", "Attachment")
    for attachment in Attachment.objects.only("pk", "original_name", "content_type"):
        document_type = types.get(attachment.content_type)
        if document_type is None:
            continue
        name = safe_name(attachment.original_name, document_type)
        if name != attachment.original_name:
            Attachment.objects.filter(pk=attachment.pk).update(original_name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0004_organisations_moved"),
    ]

    operations = [
        migrations.AddField(
            model_name="partner",
            name="decline_reason",
            field=models.TextField(blank=True, verbose_name="reason for declining"),
        ),
        migrations.RunPython(names_say_their_type, migrations.RunPython.noop),
    ]
