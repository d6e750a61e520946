"""Texts of the demo's home page, call index and standard pages, and site identity."""

from __future__ import annotations

from demo.streams import callout, heading, paragraph

CONTACT_EMAIL = "contact-demo@example.org"

SITE_IDENTITY = {
    "site_title": "Sillon",
    "tagline": "Appels à candidatures en soins palliatifs",
    "operator_name": "Site de démonstration (données fictives)",
    "contact_email": CONTACT_EMAIL,
    "legal_notice": (
        "<p>Site de démonstration de la plateforme Sillon. Il n'est pas un service "
        "d'une agence régionale de santé : les dossiers déposés ici ne sont pas "
        "instruits. Les personnes citées sont fictives ; les montants et modalités "
        "marqués « (montant indicatif) » ou « [illustratif] » sont des exemples.</p>"
    ),
}

HOME_INTRO = (
    "Sillon publie les appels à candidatures en soins palliatifs des agences "
    "régionales de santé, reçoit les dossiers en ligne, vérifie la gouvernance "
    "partenariale de chaque projet et en suit l'instruction jusqu'à la décision."
)

HOME_BODY = (
    heading("Comment ça marche ?"),
    paragraph(
        "<ol><li>Consultez les appels ouverts et leur cahier des charges.</li>"
        "<li>Créez votre espace porteur, remplissez le dossier en ligne et désignez "
        "vos partenaires, qui confirment leur engagement par un lien personnel.</li>"
        "<li>Déposez le dossier avant la date limite : un accusé de réception vous est "
        "adressé.</li>"
        "<li>Suivez l'instruction et recevez la décision dans votre espace.</li></ol>"
    ),
    callout(
        "Site de démonstration",
        "Les appels présentés ici s'inspirent de communiqués publics de l'ARS Bretagne "
        "et de l'ARS Auvergne-Rhône-Alpes. Les montants et modalités marqués "
        "« (montant indicatif) » ou « [illustratif] » sont des exemples, et les "
        "personnes citées sont fictives.",
    ),
)

CALL_INDEX_INTRO = (
    "Les appels à candidatures ouverts, à venir et clos. Chaque appel présente son "
    "contexte, son calendrier, les pièces à fournir et ses questions fréquentes."
)

ABOUT_TITLE = "À propos de cette démonstration"
ABOUT_INTRO = "D'où viennent les données de ce site, et ce qui est illustratif."
ABOUT_BODY = (
    heading("Les sources"),
    paragraph(
        "<ul><li>Le communiqué de presse de l'ARS Bretagne du 30 octobre 2025 : "
        "reconnaissance de huit filières territoriales de soins palliatifs, plus de "
        "2,2 millions d'euros par an, appels annoncés pour 2025-2026 (maison "
        "d'accompagnement à la fin de vie, gestionnaires de parcours) ;</li>"
        "<li>le communiqué de l'ARS Auvergne-Rhône-Alpes sur sa feuille de route "
        "2024-2028 : 13 filières, cinq principes, 6,7 millions d'euros de financement "
        "supplémentaire prévus en 2024.</li></ul>"
    ),
    heading("Ce qui est illustratif"),
    paragraph(
        "<p>Les dates des appels ouverts et à venir, les grilles de notation, les "
        "questionnaires, les pièces demandées, les catégories de porteurs, les noms et "
        "contours des 13 filières d'Auvergne-Rhône-Alpes et tout montant marqué "
        "« (montant indicatif) » ou « [illustratif] » sont des exemples construits "
        "pour la démonstration. Les signataires, instructeurs et porteurs sont des "
        "personnes fictives, et les adresses électroniques en example.org ne "
        "fonctionnent pas.</p>"
    ),
    heading("Identité visuelle"),
    paragraph(
        "<p>Comme tout site qui n'est pas celui d'un organisme de l'État, cette "
        "démonstration utilise une identité neutre, sans Marianne ni bloc "
        "« République française ».</p>"
    ),
)

ACCESSIBILITY_TITLE = "Déclaration d'accessibilité"
ACCESSIBILITY_INTRO = (
    "Déclaration partielle, établie pour le site de démonstration de Sillon."
)
ACCESSIBILITY_BODY = (
    paragraph(
        "<p>L'équipe de Sillon s'engage à rendre ce site accessible conformément à "
        "l'article 47 de la loi n° 2005-102 du 11 février 2005.</p>"
    ),
    heading("État de conformité"),
    paragraph(
        "<p>Ce site n'a pas encore fait l'objet d'un audit de conformité au "
        "référentiel "
        "général d'amélioration de l'accessibilité (RGAA 4.1). En l'absence d'audit, "
        "il est, au sens du référentiel, <b>non conforme</b>. Cette déclaration est "
        "donc partielle : elle sera complétée par les résultats de l'audit.</p>"
    ),
    heading("Mesures prises"),
    paragraph(
        "<ul><li>les pages sont construites avec le système de design de l'État "
        "(DSFR) ou, pour cette démonstration, son identité neutre ;</li>"
        "<li>le formulaire de dossier est découpé en étapes, chaque champ a un "
        "libellé et une aide.</li></ul>"
    ),
    heading("Retour d'information et contact"),
    paragraph(
        "<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, écrivez à "
        f'<a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a> pour être orienté '
        "vers une alternative accessible ou obtenir le contenu sous une autre "
        "forme.</p>"
    ),
    heading("Voies de recours"),
    paragraph(
        "<p>Si vous avez signalé un défaut d'accessibilité qui vous empêche d'accéder "
        "à un contenu ou à un service et que vous n'avez pas obtenu de réponse "
        "satisfaisante, vous pouvez :</p>"
        "<ul><li>écrire un message au Défenseur des droits ;</li>"
        "<li>contacter le délégué du Défenseur des droits de votre région ;</li>"
        "<li>envoyer un courrier, gratuitement, sans mettre de timbre, à : Défenseur "
        "des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</li></ul>"
    ),
)
