"""The kinds of service the directory lists (instruction DGOS/R4/DGS/DGCS/2023/76)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceKind(models.TextChoices):
    USP = "usp", _("Palliative care unit (USP)")
    LISP_MCO = "lisp_mco", _("Identified palliative beds in acute care (LISP MCO)")
    LISP_SMR = "lisp_smr", _("Identified palliative beds in rehabilitation (LISP SMR)")
    EMSP = "emsp", _("Mobile palliative care team (EMSP)")
    EMSP_ANTENNA = "emsp_antenna", _("Antenna of a mobile palliative care team")
    ERRSPP = "errspp", _("Regional paediatric palliative care resource team (ERRSPP)")
    HAD = "had", _("Hospital at home (HAD)")
    HDJ = "hdj", _("Palliative care day hospital (HDJ)")
    TERRITORIAL_SUPPORT = "appui_territorial", _("Territorial palliative care support")
    DAC = "dac", _("Coordination support scheme (DAC)")
    MAISON = "maison_accompagnement", _("Maison d'accompagnement")
    VOLUNTEERS = "benevoles", _("Palliative care volunteers' association")


# The kinds whose capacity is counted in beds (the others have none).
BED_KINDS = frozenset({ServiceKind.USP, ServiceKind.LISP_MCO, ServiceKind.LISP_SMR})


class AgeGroup(models.TextChoices):
    ADULTS = "adults", _("Adults")
    CHILDREN = "children", _("Children")


class ServiceSource(models.TextChoices):
    MANUAL = "manual", _("Entered by the agency")
    FINESS = "finess", _("FINESS import")
