"""The dossier's governance: the applicant's partners page and the partner's
public page (signed link, no account)."""

from django.urls import path

from core.http import referrer_origin_only

from ..views import partners

urlpatterns = [
    path(
        "dossiers/<int:pk>/partenaires/",
        partners.dossier_partners,
        name="dossier_partners",
    ),
    path(
        "dossiers/<int:pk>/partenaires/porteur/",
        partners.dossier_lead_category,
        name="dossier_lead_category",
    ),
    path(
        "dossiers/<int:pk>/partenaires/<int:partner_pk>/modifier/",
        partners.partner_edit,
        name="partner_edit",
    ),
    path(
        "dossiers/<int:pk>/partenaires/<int:partner_pk>/relancer/",
        partners.partner_invite,
        name="partner_invite",
    ),
    path(
        "dossiers/<int:pk>/partenaires/<int:partner_pk>/supprimer/",
        partners.partner_remove,
        name="partner_remove",
    ),
    path(
        "dossiers/<int:pk>/partenaires/<int:partner_pk>/lettre/",
        partners.partner_letter,
        name="partner_letter",
    ),
    path(
        "dossiers/<int:pk>/comite/",
        partners.steering_member_add,
        name="steering_member_add",
    ),
    path(
        "dossiers/<int:pk>/comite/<int:member_pk>/supprimer/",
        partners.steering_member_remove,
        name="steering_member_remove",
    ),
    # Public: the partner answers through its signed link, without an account.
    path(
        "partenaire/reponse-enregistree/",
        partners.partner_thanks,
        name="partner_thanks",
    ),
    path(
        "partenaire/<str:token>/",
        # Its URL is a secret: its Referer carries only the origin.
        referrer_origin_only(partners.partner_commitment),
        name="partner_commitment",
    ),
]
