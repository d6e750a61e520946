"""The demo directory in Auvergne-Rhône-Alpes: the counts of the agency's
roadmap, with invented names.

Fact (ARS Auvergne-Rhône-Alpes' roadmap, figures of 2023): 19 USP, 43 EMSP and
3 antennas, 2 ERRSPP, 2.7 USP beds per 100,000 inhabitants.

ILLUSTRATIVE, invented for the demo: every site and service below, their names
(all « (fictif) »), places, filières (the thirteen demo filières are invented
too, ``demo.territories``), phones and bed counts. The sites are spread over the
twelve départements; the 19 USP hold 222 beds in all, so that with the region's
8.2 million inhabitants (INSEE) the demo gives 2.7 beds per 100,000 like the
roadmap. Two sites carry the FINESS numbers of the illustrative FINESS sample
(``directory/data/finess_sample.csv``), so the demo's import updates them.
"""

from __future__ import annotations

# département → its sites: (place, establishment, commune, postcode, filière code,
# FINESS site or ""). An EMSP works from each site but the antennas' (ANTENNAS).
SITES = {
    "01": (
        (
            "du Revermont",
            "Centre hospitalier du Revermont (fictif)",
            "Bourg-en-Bresse",
            "01000",
            "ARA-01",
            "010990125",
        ),
        (
            "de la Dombes",
            "Hôpital de la Dombes (fictif)",
            "Châtillon-sur-Chalaronne",
            "01400",
            "ARA-01",
            "",
        ),
        (
            "du Valromey",
            "Hôpital du Valromey (fictif)",
            "Belley",
            "01300",
            "ARA-01",
            "",
        ),
    ),
    "03": (
        (
            "du Bocage",
            "Centre hospitalier du Bocage bourbonnais (fictif)",
            "Moulins",
            "03000",
            "ARA-03",
            "",
        ),
        (
            "du Haut-Cher",
            "Hôpital du Haut-Cher (fictif)",
            "Montluçon",
            "03100",
            "ARA-03",
            "",
        ),
    ),
    "07": (
        (
            "des Boutières",
            "Centre hospitalier des Boutières (fictif)",
            "Privas",
            "07000",
            "ARA-07",
            "",
        ),
        (
            "du Vivarais",
            "Hôpital du Vivarais (fictif)",
            "Aubenas",
            "07200",
            "ARA-07",
            "",
        ),
        (
            "du Haut-Vivarais",
            "Hôpital du Haut-Vivarais (fictif)",
            "Annonay",
            "07100",
            "ARA-07",
            "",
        ),
    ),
    "15": (
        (
            "de la Jordanne",
            "Centre hospitalier de la Jordanne (fictif)",
            "Aurillac",
            "15000",
            "ARA-15",
            "",
        ),
        (
            "de la Planèze",
            "Hôpital de la Planèze (fictif)",
            "Saint-Flour",
            "15100",
            "ARA-15",
            "",
        ),
    ),
    "26": (
        (
            "du Vercors",
            "Centre hospitalier du Vercors (fictif)",
            "Valence",
            "26000",
            "ARA-26",
            "",
        ),
        (
            "du Jabron",
            "Hôpital du Jabron (fictif)",
            "Montélimar",
            "26200",
            "ARA-26",
            "",
        ),
        ("du Diois", "Hôpital du Diois (fictif)", "Die", "26150", "ARA-26", ""),
    ),
    "38": (
        (
            "de la Chartreuse",
            "Centre hospitalier de la Chartreuse (fictif)",
            "Grenoble",
            "38000",
            "ARA-38S",
            "",
        ),
        (
            "de la Bourbre",
            "Centre hospitalier de la Bourbre (fictif)",
            "Bourgoin-Jallieu",
            "38300",
            "ARA-38N",
            "",
        ),
        ("de la Gère", "Hôpital de la Gère (fictif)", "Vienne", "38200", "ARA-38N", ""),
        (
            "des Chambaran",
            "Hôpital des Chambaran (fictif)",
            "Voiron",
            "38500",
            "ARA-38N",
            "",
        ),
        (
            "du Royans",
            "Hôpital du Royans (fictif)",
            "Saint-Marcellin",
            "38160",
            "ARA-38S",
            "",
        ),
        (
            "de la Matheysine",
            "Hôpital de la Matheysine (fictif)",
            "La Mure",
            "38350",
            "ARA-38S",
            "",
        ),
        ("du Trièves", "Hôpital du Trièves (fictif)", "Mens", "38710", "ARA-38S", ""),
    ),
    "42": (
        (
            "du Pilat",
            "Centre hospitalier du Pilat (fictif)",
            "Saint-Étienne",
            "42000",
            "ARA-42",
            "420990137",
        ),
        (
            "de la Côte roannaise",
            "Centre hospitalier de la Côte roannaise (fictif)",
            "Roanne",
            "42300",
            "ARA-42",
            "",
        ),
        (
            "du Lignon",
            "Hôpital du Lignon (fictif)",
            "Montbrison",
            "42600",
            "ARA-42",
            "",
        ),
        (
            "de l'Ondaine",
            "Hôpital de l'Ondaine (fictif)",
            "Firminy",
            "42700",
            "ARA-42",
            "",
        ),
    ),
    "43": (
        (
            "du Velay",
            "Centre hospitalier du Velay (fictif)",
            "Le Puy-en-Velay",
            "43000",
            "ARA-43",
            "",
        ),
        (
            "du Brivadois",
            "Hôpital du Brivadois (fictif)",
            "Brioude",
            "43100",
            "ARA-43",
            "",
        ),
    ),
    "63": (
        (
            "des Dômes",
            "Centre hospitalier des Dômes (fictif)",
            "Clermont-Ferrand",
            "63000",
            "ARA-63",
            "",
        ),
        (
            "de la Tiretaine",
            "Clinique de la Tiretaine (fictive)",
            "Clermont-Ferrand",
            "63100",
            "ARA-63",
            "",
        ),
        (
            "des Combrailles",
            "Hôpital des Combrailles (fictif)",
            "Riom",
            "63200",
            "ARA-63",
            "",
        ),
        (
            "de la Durolle",
            "Hôpital de la Durolle (fictif)",
            "Thiers",
            "63300",
            "ARA-63",
            "",
        ),
        (
            "du Livradois",
            "Hôpital du Livradois (fictif)",
            "Ambert",
            "63600",
            "ARA-63",
            "",
        ),
    ),
    "69": (
        (
            "des Deux Fleuves",
            "Centre hospitalier des Deux Fleuves (fictif)",
            "Lyon",
            "69003",
            "ARA-69",
            "",
        ),
        (
            "de Fourvière",
            "Clinique de Fourvière (fictive)",
            "Lyon",
            "69005",
            "ARA-69",
            "",
        ),
        (
            "du Tonkin",
            "Hôpital du Tonkin (fictif)",
            "Villeurbanne",
            "69100",
            "ARA-69",
            "",
        ),
        (
            "du Val de Saône",
            "Hôpital du Val de Saône (fictif)",
            "Villefranche-sur-Saône",
            "69400",
            "ARA-69",
            "",
        ),
        (
            "des Minguettes",
            "Hôpital des Minguettes (fictif)",
            "Vénissieux",
            "69200",
            "ARA-69",
            "",
        ),
        (
            "de la Turdine",
            "Hôpital de la Turdine (fictif)",
            "Tarare",
            "69170",
            "ARA-69",
            "",
        ),
        ("du Gier", "Hôpital du Gier (fictif)", "Givors", "69700", "ARA-69", ""),
        ("du Garon", "Hôpital du Garon (fictif)", "Brignais", "69530", "ARA-69", ""),
    ),
    "73": (
        (
            "des Bauges",
            "Centre hospitalier des Bauges (fictif)",
            "Chambéry",
            "73000",
            "ARA-73",
            "",
        ),
        (
            "du Beaufortain",
            "Hôpital du Beaufortain (fictif)",
            "Albertville",
            "73200",
            "ARA-73",
            "",
        ),
        (
            "de l'Arc",
            "Hôpital de l'Arc (fictif)",
            "Saint-Jean-de-Maurienne",
            "73300",
            "ARA-73",
            "",
        ),
    ),
    "74": (
        (
            "du Semnoz",
            "Centre hospitalier du Semnoz (fictif)",
            "Annecy",
            "74000",
            "ARA-74",
            "",
        ),
        (
            "des Rives du Léman",
            "Hôpital des Rives du Léman (fictif)",
            "Thonon-les-Bains",
            "74200",
            "ARA-74",
            "",
        ),
        (
            "des Aravis",
            "Hôpital des Aravis (fictif)",
            "Sallanches",
            "74700",
            "ARA-74",
            "",
        ),
        (
            "du Salève",
            "Hôpital du Salève (fictif)",
            "Saint-Julien-en-Genevois",
            "74160",
            "ARA-74",
            "",
        ),
    ),
}

# The 19 USP: site (its place) → beds; 222 beds in all.
USP_BEDS = {
    "du Revermont": 10,
    "du Bocage": 12,
    "des Boutières": 10,
    "de la Jordanne": 8,
    "du Vercors": 12,
    "de la Chartreuse": 12,
    "de la Bourbre": 12,
    "de la Gère": 10,
    "du Pilat": 12,
    "de la Côte roannaise": 10,
    "du Velay": 10,
    "des Dômes": 15,
    "de la Tiretaine": 10,
    "des Deux Fleuves": 15,
    "de Fourvière": 14,
    "du Tonkin": 12,
    "du Val de Saône": 12,
    "des Bauges": 12,
    "du Semnoz": 14,
}

# The 3 antennas of an EMSP: their sites (no EMSP of their own there).
ANTENNAS = ("du Haut-Vivarais", "du Trièves", "du Livradois")

# The 2 ERRSPP: site → the service's name.
ERRSPP = {
    "des Deux Fleuves": (
        "Équipe ressource régionale de soins palliatifs pédiatriques Rhône-Alpes"
    ),
    "des Dômes": "Équipe ressource régionale de soins palliatifs pédiatriques Auvergne",
}
