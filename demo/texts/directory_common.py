"""The directory's page and what every demo service of a kind says.

ILLUSTRATIVE: every service of the demo directory is invented (names, addresses,
phones, bed counts, hours); each is marked ``illustrative`` and shown as such on
the public pages. The phone numbers are in the ranges ARCEP keeps for works of
fiction (02 61 91 …, 04 65 71 …); the addresses are @example.org.
"""

from __future__ import annotations

from directory.enums import ServiceKind

PAGE_SLUG = "annuaire"
PAGE_TITLE = "Annuaire des soins palliatifs"
PAGE_INTRO = (
    "L'annuaire numérique régional des soins palliatifs que les deux agences "
    "annoncent : unités de soins palliatifs (USP), équipes mobiles (EMSP) et leurs "
    "antennes, équipes ressources pédiatriques (ERRSPP), hospitalisation à domicile "
    "(HAD), appuis territoriaux et dispositifs d'appui à la coordination (DAC) de "
    "Bretagne et d'Auvergne-Rhône-Alpes, par filière et par département. Dans cette "
    "démonstration, les services marqués « illustratif » sont inventés : leurs noms, "
    "adresses, numéros et capacités ne désignent aucun service réel. Les nombres "
    "d'unités et d'équipes d'Auvergne-Rhône-Alpes sont ceux de l'agence (19 USP, "
    "43 EMSP et 3 antennes, 2 ERRSPP en 2023) ; les établissements importés du "
    "fichier national FINESS le sont depuis un extrait d'exemple, illustratif lui "
    "aussi."
)

# kind → (description, hours, out of hours)
TEXTS = {
    ServiceKind.USP: (
        "Unité de soins palliatifs : lits dédiés pour les situations les plus "
        "complexes, équipe pluriprofessionnelle, accueil des proches.",
        "Admissions du lundi au vendredi, de 9 h à 17 h ; visites libres.",
        "Médecin d'astreinte joignable la nuit et le week-end par le standard de "
        "l'établissement.",
    ),
    ServiceKind.EMSP: (
        "Équipe mobile de soins palliatifs : conseil et appui aux équipes "
        "soignantes, à l'hôpital, en EHPAD et à domicile.",
        "Du lundi au vendredi, de 9 h à 17 h 30.",
        "En dehors de ces horaires : l'HAD du territoire, ou le SAMU (15) en urgence.",
    ),
    ServiceKind.EMSP_ANTENNA: (
        "Antenne de l'équipe mobile de soins palliatifs, au plus près des "
        "communes éloignées du siège de l'équipe.",
        "Du lundi au vendredi, de 9 h à 17 h.",
        "En dehors de ces horaires : l'équipe mobile de rattachement, ou le SAMU "
        "(15) en urgence.",
    ),
    ServiceKind.ERRSPP: (
        "Équipe ressource régionale de soins palliatifs pédiatriques : appui aux "
        "équipes qui accompagnent un enfant et sa famille, formation, "
        "coordination régionale.",
        "Du lundi au vendredi, de 9 h à 17 h.",
        "En dehors de ces horaires : le service de pédiatrie de l'établissement "
        "de l'enfant.",
    ),
    ServiceKind.HAD: (
        "Hospitalisation à domicile : soins palliatifs au domicile et en EHPAD, "
        "coordination avec le médecin traitant.",
        "24 h/24, 7 jours sur 7.",
        "Infirmier de coordination joignable la nuit ; médecin d'astreinte.",
    ),
    ServiceKind.TERRITORIAL_SUPPORT: (
        "Appui territorial de la filière : expertise et collégialité pour les "
        "professionnels, admissions directes y compris le soir et le week-end.",
        "Du lundi au vendredi, de 8 h 30 à 18 h 30.",
        "Ligne d'appui aux professionnels le soir, le week-end et les jours fériés.",
    ),
}
