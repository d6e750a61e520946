"""Issue 8: the terms of use that sign-up asks to accept, as a standard page
under the home page, published and editable in Wagtail.

Does nothing when there is no home page yet, or when a page already uses the
slug (run twice, or created by hand).
"""

import json
import uuid

from django.db import migrations
from django.utils import timezone

SLUG = "conditions-generales-d-utilisation"
TITLE = "Conditions générales d'utilisation"
INTRO = (
    "Les règles d'utilisation du service en ligne des appels à candidatures de "
    "l'agence régionale de santé (ARS), que vous acceptez en créant votre compte."
)
SECTIONS = [
    (
        "Objet du service",
        "<p>Ce service en ligne permet à l'agence régionale de santé (ARS) de "
        "publier ses appels à candidatures, et aux porteurs de projet de les "
        "consulter, de créer un compte, de préparer et déposer leurs dossiers de "
        "candidature, puis d'en suivre l'instruction.</p>"
        "<p>Les présentes conditions générales d'utilisation fixent les règles "
        "d'utilisation du service. Chaque appel à candidatures a en outre son "
        "propre cahier des charges, qui précise les conditions pour y répondre.</p>",
    ),
    (
        "Accès au service",
        "<p>La consultation des appels à candidatures est libre et gratuite. "
        "Préparer et déposer un dossier nécessite un compte.</p>"
        "<p>Le service est accessible en permanence, sauf interruption pour "
        "maintenance ou incident. Nous vous conseillons de ne pas attendre les "
        "derniers jours avant la date de clôture pour déposer votre dossier.</p>",
    ),
    (
        "Votre compte",
        "<p>Le compte est personnel. Il est créé avec une adresse électronique "
        "que vous confirmez en ouvrant le lien qui vous est envoyé, et qui vous "
        "permet de choisir votre mot de passe.</p>"
        "<ul><li>Gardez votre mot de passe confidentiel et ne le communiquez à "
        "personne, y compris à l'ARS, qui ne vous le demandera jamais.</li>"
        "<li>Si vous pensez qu'une autre personne utilise votre compte, changez "
        "votre mot de passe et prévenez l'ARS à l'adresse de contact du site.</li>"
        "<li>Après plusieurs tentatives de connexion infructueuses, la connexion "
        "est bloquée quelques minutes, pour protéger votre compte.</li></ul>",
    ),
    (
        "Vos engagements",
        "<p>En utilisant le service, vous vous engagez à :</p>"
        "<ul><li>fournir des informations exactes et à jour ;</li>"
        "<li>n'agir pour le compte d'un organisme que si vous êtes habilité à le "
        "représenter ;</li>"
        "<li>ne déposer que des documents que vous avez le droit de transmettre, "
        "et aucun fichier malveillant ;</li>"
        "<li>ne pas tenter d'accéder à des dossiers ou à des comptes qui ne sont "
        "pas les vôtres, ni de perturber le fonctionnement du service.</li></ul>"
        "<p>En cas de manquement, l'ARS peut suspendre l'accès au compte "
        "concerné.</p>",
    ),
    (
        "Dépôt et instruction des dossiers",
        "<p>Un dossier est déposé lorsque vous le soumettez, avant la date et "
        "l'heure de clôture de l'appel ; un accusé de réception vous est alors "
        "adressé. Les dossiers sont ensuite instruits par l'ARS selon les règles "
        "de l'appel à candidatures.</p>"
        "<p>Le dépôt d'un dossier ne vaut pas décision de financement ou de "
        "reconnaissance : la décision vous est notifiée par l'ARS.</p>",
    ),
    (
        "Données personnelles",
        "<p>Les données personnelles recueillies par le service (celles de votre "
        "compte et celles de vos dossiers) sont traitées par l'ARS pour la "
        "gestion des appels à candidatures, dans le respect du règlement général "
        "sur la protection des données (RGPD) et de la loi Informatique et "
        "libertés.</p>"
        "<p>Vous disposez notamment d'un droit d'accès et de rectification de vos "
        "données. Pour en savoir plus et exercer vos droits, consultez les "
        "mentions légales en bas de page ou écrivez à l'adresse de contact du "
        "site.</p>",
    ),
    (
        "Évolution des conditions",
        "<p>L'ARS peut modifier ces conditions pour tenir compte de l'évolution "
        "du service ou de la réglementation. La version applicable est celle "
        "publiée sur cette page.</p>",
    ),
]
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4


def _encode(number: int) -> str:
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEPLEN, "0")


def body_json() -> str:
    blocks = []
    for heading, html in SECTIONS:
        blocks.append(
            {
                "type": "heading",
                "value": {"text": heading, "level": "h2"},
                "id": str(uuid.uuid4()),
            }
        )
        blocks.append({"type": "paragraph", "value": html, "id": str(uuid.uuid4())})
    return json.dumps(blocks)


def create_terms_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    StandardPage = apps.get_model("cms.StandardPage")

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    home = Page.objects.filter(pk=site.root_page_id).first()
    if home is None:
        return
    children = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
    if children.filter(slug=SLUG).exists():
        return
    last = children.order_by("-path").values_list("path", flat=True).first()
    step = int(last[-STEPLEN:], len(ALPHABET)) + 1 if last else 1
    now = timezone.now()
    page_type, _ = ContentType.objects.get_or_create(
        app_label="cms", model="standardpage"
    )
    StandardPage.objects.create(
        title=TITLE,
        draft_title=TITLE,
        slug=SLUG,
        content_type=page_type,
        path=home.path + _encode(step),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}{SLUG}/",
        locale_id=home.locale_id,
        live=True,
        first_published_at=now,
        last_published_at=now,
        intro=INTRO,
        body=body_json(),
    )
    home.numchild = children.count()
    home.save(update_fields=["numchild"])


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_staff_groups"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(create_terms_page, migrations.RunPython.noop)]
