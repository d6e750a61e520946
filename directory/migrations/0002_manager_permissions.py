"""The managers (« Gestionnaires ») maintain the directory's services in the
admin; reviewers hold no permission on them. Which services a manager acts on is
narrowed to their authorities' regions by ``directory.permissions``."""

from django.db import migrations

MANAGERS = "Gestionnaires"
CODENAMES = ["add_service", "change_service", "delete_service", "view_service"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("directory")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    managers, _ = Group.objects.get_or_create(name=MANAGERS)
    managers.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="directory", codename__in=CODENAMES
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    managers = Group.objects.filter(name=MANAGERS).first()
    if managers is not None:
        managers.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="directory", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_initial"),
        ("cms", "0003_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
