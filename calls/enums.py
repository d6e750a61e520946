"""Choices shared by the calls and the dossiers that answer them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CallKind(models.TextChoices):
    FILIERE = "filiere", _("Recognition of a palliative-care filière")
    MAISON_ACCOMPAGNEMENT = "maison_accompagnement", _("End-of-life support house")
    GESTIONNAIRE_PARCOURS = (
        "gestionnaire_parcours",
        _("Palliative-care pathway managers"),
    )
    OTHER = "other", _("Other call")


class CallStatus(models.TextChoices):
    """Where a call stands at a given moment; computed, never stored."""

    UPCOMING = "upcoming", pgettext_lazy("call status", "Upcoming")
    OPEN = "open", pgettext_lazy("call status", "Open")
    CLOSED = "closed", pgettext_lazy("call status", "Closed")


class TerritoryLevel(models.TextChoices):
    REGION = "region", _("Region")
    DEPARTEMENT = "departement", _("Département")
    FILIERE = "filiere", _("Filière territory")


class PartnerCategory(models.TextChoices):
    """The partner families of a palliative-care governance (design: Governance)."""

    EXPERT_TEAM = "expert_team", _("Expert teams (EMSP, USP, ERRSPP)")
    HEALTH_ESTABLISHMENT = (
        "health_establishment",
        _("Health establishments (with LISP)"),
    )
    COORDINATION = "coordination", _("Coordination structures (DAC)")
    CITY_PROFESSIONALS = "city_professionals", _("City professionals (CPTS, libéraux)")
    HAD = "had", _("Hospital at home (HAD)")
    MEDICO_SOCIAL = "medico_social", _("Médico-social sector (EHPAD, ESMS)")
    VOLUNTEERS = "volunteers", _("Volunteer associations")
    REPRESENTATIVES = "representatives", _("Patients' and carers' representatives")


class DocumentType(models.TextChoices):
    """File types an applicant may be asked for, checked on the content later."""

    PDF = "pdf", "PDF"
    ODT = "odt", _("OpenDocument text (ODT)")
    ODS = "ods", _("OpenDocument spreadsheet (ODS)")
    DOCX = "docx", _("Word document (DOCX)")
    XLSX = "xlsx", _("Excel spreadsheet (XLSX)")
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"
