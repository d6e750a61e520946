"""The demo directory in Bretagne: four services in each of the eight filières.

Fact: the eight filières recognised by ARS Bretagne on 30 October 2025 (press
release), and that the money funds an *appui territorial* per filière.

ILLUSTRATIVE, invented for the demo: every service below. Each filière has a
USP and an EMSP at the lead establishment of its dossier in the demo call
(``bre_decisions.LEADS``: the same invented « (fictif) » hospitals), an HAD and
the filière's *appui territorial*. The bed counts, places, phones and hours are
invented. Two lead sites carry the FINESS numbers of the illustrative FINESS
sample (``directory/data/finess_sample.csv``), so the demo's import updates them;
so does the Cornouaille HAD.
"""

from __future__ import annotations

# (filière code, département, place, lead establishment, commune, postcode,
#  FINESS site or "", USP beds, street)
FILIERES = (
    (
        "BRE-NF",
        "29",
        "des Abers",
        "Centre hospitalier des Abers (fictif)",
        "Brest",
        "29200",
        "290990050",
        12,
        "2 rue des Abers",
    ),
    (
        "BRE-COR",
        "29",
        "de l'Odet",
        "Hôpital de l'Odet (fictif)",
        "Quimper",
        "29000",
        "",
        10,
        "5 quai de l'Odet",
    ),
    (
        "BRE-LQ",
        "56",
        "du Scorff",
        "Centre hospitalier du Scorff (fictif)",
        "Lorient",
        "56100",
        "",
        10,
        "12 rue du Scorff",
    ),
    (
        "BRE-BA",
        "56",
        "du Golfe",
        "Centre hospitalier du Golfe (fictif)",
        "Vannes",
        "56000",
        "",
        12,
        "20 boulevard du Golfe",
    ),
    (
        "BRE-HB",
        "35",
        "de la Vilaine",
        "Centre hospitalier de la Vilaine (fictif)",
        "Rennes",
        "35000",
        "350990065",
        15,
        "40 quai de la Vilaine",
    ),
    (
        "BRE-SMD",
        "35",
        "de la Rance",
        "Centre hospitalier de la Rance (fictif)",
        "Saint-Malo",
        "35400",
        "",
        10,
        "3 rue de la Rance",
    ),
    (
        "BRE-ARM",
        "22",
        "du Gouët",
        "Centre hospitalier du Gouët (fictif)",
        "Saint-Brieuc",
        "22000",
        "",
        10,
        "8 rue du Gouët",
    ),
    (
        "BRE-CDB",
        "56",
        "de l'Argoat",
        "Centre hospitalier de l'Argoat (fictif)",
        "Pontivy",
        "56300",
        "",
        8,
        "1 rue de l'Argoat",
    ),
)

# (filière code, département, HAD's name, its establishment, commune, postcode,
#  FINESS site or "", street)
HAD = (
    (
        "BRE-NF",
        "29",
        "Hospitalisation à domicile du Léon",
        "HAD du Léon (fictive)",
        "Landerneau",
        "29800",
        "",
        "9 rue du Léon",
    ),
    (
        "BRE-COR",
        "29",
        "Hospitalisation à domicile de Cornouaille",
        "HAD de Cornouaille (fictive)",
        "Quimper",
        "29000",
        "290990027",
        "18 avenue de l'Odet",
    ),
    (
        "BRE-LQ",
        "56",
        "Hospitalisation à domicile du Pays de Lorient",
        "HAD du Pays de Lorient (fictive)",
        "Lorient",
        "56100",
        "",
        "4 rue du Ter",
    ),
    (
        "BRE-BA",
        "56",
        "Hospitalisation à domicile Vannes Golfe",
        "HAD Vannes Golfe (fictive)",
        "Vannes",
        "56000",
        "",
        "7 rue de la Marle",
    ),
    (
        "BRE-HB",
        "35",
        "Hospitalisation à domicile Rennes Vilaine",
        "HAD Rennes Vilaine (fictive)",
        "Rennes",
        "35000",
        "",
        "11 rue de l'Ille",
    ),
    (
        "BRE-SMD",
        "22",
        "Hospitalisation à domicile Rance Émeraude",
        "HAD Rance Émeraude (fictive)",
        "Dinan",
        "22100",
        "",
        "6 rue de la Rance",
    ),
    (
        "BRE-ARM",
        "22",
        "Hospitalisation à domicile d'Armor",
        "HAD d'Armor (fictive)",
        "Saint-Brieuc",
        "22000",
        "",
        "15 rue du Légué",
    ),
    (
        "BRE-CDB",
        "22",
        "Hospitalisation à domicile du Centre Bretagne",
        "HAD du Centre Bretagne (fictive)",
        "Loudéac",
        "22600",
        "",
        "2 rue du Lié",
    ),
)
