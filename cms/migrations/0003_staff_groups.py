"""The staff roles of the design as groups: managers (gestionnaires) and reviewers
(instructeurs). Administrators are superusers."""

from django.db import migrations

MANAGERS = "Gestionnaires"
REVIEWERS = "Instructeurs"

MANAGER_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("calls", "call", "add_call"),
    ("calls", "call", "change_call"),
    ("calls", "call", "delete_call"),
    ("calls", "call", "view_call"),
    ("calls", "authority", "view_authority"),
    ("calls", "territory", "add_territory"),
    ("calls", "territory", "change_territory"),
    ("calls", "territory", "view_territory"),
    ("wagtaildocs", "document", "add_document"),
    ("wagtaildocs", "document", "change_document"),
    ("wagtaildocs", "document", "choose_document"),
    ("wagtailimages", "image", "add_image"),
    ("wagtailimages", "image", "choose_image"),
]
REVIEWER_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("calls", "call", "view_call"),
]
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Page = apps.get_model("wagtailcore.Page")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    def permission(app_label, model, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    managers, _ = Group.objects.get_or_create(name=MANAGERS)
    managers.permissions.add(*(permission(*p) for p in MANAGER_PERMISSIONS))
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    reviewers.permissions.add(*(permission(*p) for p in REVIEWER_PERMISSIONS))

    home = Page.objects.filter(depth=2).order_by("path").first()
    if home is not None:
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=managers, page=home, permission=permission("wagtailcore", "page", codename)
            )
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for app_label, model, codename in MANAGER_PERMISSIONS:
            if app_label in {"wagtaildocs", "wagtailimages"}:
                GroupCollectionPermission.objects.get_or_create(
                    group=managers, collection=root_collection,
                    permission=permission(app_label, model, codename),
                )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_initial_pages"),
        ("calls", "0001_initial"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
