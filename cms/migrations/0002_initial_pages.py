"""Replace Wagtail's welcome page by Sillon's home page and call index."""

from django.db import migrations


def create_pages(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("cms.HomePage")
    CallIndexPage = apps.get_model("cms.CallIndexPage")

    if HomePage.objects.exists():
        return
    root = Page.objects.filter(depth=1).first()
    if root is None:
        return
    locale = Locale.objects.filter(language_code="fr").first() or Locale.objects.first()
    if locale is None:
        locale = Locale.objects.create(language_code="fr")
    # The welcome page created by Wagtail's own migration, if it is still there.
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()

    home_type, _ = ContentType.objects.get_or_create(app_label="cms", model="homepage")
    index_type, _ = ContentType.objects.get_or_create(app_label="cms", model="callindexpage")
    siblings = Page.objects.filter(depth=2).count()
    home = HomePage.objects.create(
        title="Accueil",
        draft_title="Accueil",
        slug="accueil",
        content_type=home_type,
        path=f"{root.path}{siblings + 1:04d}",
        depth=2,
        numchild=1,
        url_path="/accueil/",
        locale=locale,
        live=True,
        intro="Les appels à candidatures de l'agence régionale de santé.",
    )
    CallIndexPage.objects.create(
        title="Appels à candidatures",
        draft_title="Appels à candidatures",
        slug="appels",
        content_type=index_type,
        path=f"{home.path}0001",
        depth=3,
        numchild=0,
        url_path="/accueil/appels/",
        locale=locale,
        live=True,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page_id": home.id,
                  "site_name": "Sillon"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
