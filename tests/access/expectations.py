"""The classification table: every URL pattern of the project, by name (or by
route when unnamed), is either

* a ``row``: an expectation per role, with real ids of the world's objects, or
* a ``builtin`` rule: a Wagtail/Django view that touches none of our data,
  checked for the visitor and an applicant only (staff-only holds everywhere).

Expected outcomes: a status code, ``LOGIN`` (302 to the site's sign-in page),
``ADMIN_LOGIN`` (302 to the Wagtail sign-in page), ``ADMIN_HOME`` (302 to the
Wagtail dashboard: Wagtail's "permission denied"), ``REDIRECT`` (any other
302), or a frozenset of them. ``leak(expected, why, issue=...)`` records the
right outcome of a cell that is wrong today: the cell is a strict xfail until
the issue named fixes it.

A row names the roles it expects something of; ``reviewer_assigned`` and
``reviewer_conflicted`` take the ``reviewer``'s expectation unless named.

URL names live here only: when a view is renamed or moved, rename it here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from . import forms
from .roles import (
    ADMIN,
    APPLICANT,
    MANAGER,
    MANAGER_OTHER,
    OTHER_APPLICANT,
    PARTNER,
    PENDING,
    REVIEWER,
    REVIEWER_VARIANTS,
    ROLES,
    VISITOR,
)

LOGIN = "302 login"
ADMIN_LOGIN = "302 admin login"
ADMIN_HOME = "302 admin home"
REDIRECT = "302"
# Any refusal of the Wagtail admin to a signed-in staff member.
DENIED = frozenset({403, 404, ADMIN_HOME})


@dataclass(frozen=True)
class Leak:
    """The right outcome of a cell that leaks today (known, to fix in ``issue``)."""

    expected: object
    why: str
    issue: int = 8


def leak(expected, why: str, *, issue: int = 8) -> Leak:
    return Leak(expected, why, issue)


@dataclass
class Row:
    name: str
    id: str
    cells: dict
    args: Callable | None = None
    kwargs: Callable | None = None
    path: Callable | None = None
    method: str = "GET"
    data: Callable | None = None
    note: str = ""


def row(
    name: str,
    *,
    id: str | None = None,
    args=None,
    kwargs=None,
    path=None,
    method="GET",
    data=None,
    note="",
    **cells,
) -> Row:
    unknown = set(cells) - set(ROLES)
    assert not unknown, f"{name}: unknown roles {unknown}"
    if REVIEWER in cells:
        # The assigned and the conflicted reviewers are reviewers like any other
        # outside the instruction: the reviewer's expectation unless told.
        for variant in REVIEWER_VARIANTS:
            cells.setdefault(variant, cells[REVIEWER])
    return Row(name, id or name, cells, args, kwargs, path, method, data, note)


@dataclass
class Builtin:
    """A group of Wagtail/Django built-in views matched by a glob on the key."""

    glob: str
    why: str
    cells: dict = field(default_factory=dict)


STAFF_ONLY = {VISITOR: ADMIN_LOGIN, APPLICANT: ADMIN_LOGIN}


def builtin(glob: str, why: str, **cells) -> Builtin:
    return Builtin(glob, why, {**STAFF_ONLY, **cells})


# The roles a helper below fills; the reviewer's variants follow the reviewer
# (``row``) unless named.
_BASE_ROLES = tuple(r for r in ROLES if r not in REVIEWER_VARIANTS)


def everyone(value, **overrides) -> dict:
    return {**dict.fromkeys(_BASE_ROLES, value), **overrides}


def signed_in(value, **overrides) -> dict:
    """``value`` for every signed-in role; anonymous roles go to the sign-in page."""
    return everyone(value, **{VISITOR: LOGIN, PARTNER: LOGIN, **overrides})


def applicant_only(value=200, **overrides) -> dict:
    """An espace page of the dossier: its applicant only; 404 for everyone else
    signed in (reveals nothing), sign-in page for the anonymous."""
    return signed_in(404, applicant=value, **overrides)


def admin_side(
    *, reviewer=DENIED, manager=200, manager_other=200, admin=200, **overrides
) -> dict:
    """A Wagtail admin view: the anonymous and applicants are sent to the admin
    sign-in page (they may not enter the admin at all)."""
    return {
        VISITOR: ADMIN_LOGIN,
        APPLICANT: ADMIN_LOGIN,
        OTHER_APPLICANT: ADMIN_LOGIN,
        PENDING: ADMIN_LOGIN,
        PARTNER: ADMIN_LOGIN,
        REVIEWER: reviewer,
        MANAGER: manager,
        MANAGER_OTHER: manager_other,
        ADMIN: admin,
        **overrides,
    }


def submitted(o):
    return {"pk": o.submitted.pk}


def draft(o):
    return {"pk": o.draft.pk}


def call_a(o):
    return {"pk": o.call_a.pk}


def page_a(o):
    return {"page_id": o.page_a.pk}


ROWS: list[Row] = [
    # The site's accounts ---------------------------------------------------------
    row("login", **everyone(200)),
    row("logout", **everyone(405)),
    row("signup", **signed_in(REDIRECT, visitor=200, partner=200)),
    row("signup_done", **everyone(200)),
    row("resend_verification", **everyone(200)),
    row("resend_verification_done", **everyone(200)),
    row(
        "verify_email", kwargs=lambda o: {"uidb64": "x", "token": "y"}, **everyone(400)
    ),
    row("password_reset", **everyone(200)),
    row("password_reset_done", **everyone(200)),
    row(
        "password_reset_confirm",
        kwargs=lambda o: {"uidb64": "x", "token": "y"},
        **everyone(200),
    ),
    row("password_reset_complete", **everyone(200)),
    # The espace porteur ----------------------------------------------------------
    row("applications:home", **signed_in(200)),
    row("organisations:create", **signed_in(200)),
    row("organisations:join", **signed_in(200)),
    row(
        "organisations:detail",
        kwargs=lambda o: {"pk": o.organisation.pk},
        **applicant_only(),
    ),
    row(
        "organisations:membership_approve",
        method="POST",
        kwargs=lambda o: {
            "pk": o.organisation.pk,
            "membership_pk": o.pending_membership.pk,
        },
        **applicant_only(REDIRECT),
    ),
    row(
        "organisations:membership_reject",
        method="POST",
        kwargs=lambda o: {
            "pk": o.organisation.pk,
            "membership_pk": o.pending_membership.pk,
        },
        **applicant_only(REDIRECT),
    ),
    row(
        "applications:dossier_create",
        note="without an organisation, one is sent to create or join one",
        path=lambda o: reverse("applications:dossier_create") + f"?call={o.call_a.pk}",
        **signed_in(REDIRECT, applicant=200, other_applicant=200),
    ),
    row("applications:dossier_detail", kwargs=submitted, **applicant_only()),
    row(
        "applications:dossier_detail",
        id="applications:dossier_detail-draft",
        kwargs=draft,
        **applicant_only(),
    ),
    row(
        "applications:dossier_step",
        kwargs=lambda o: {"pk": o.draft.pk, "step": 1},
        **applicant_only(),
    ),
    row(
        "applications:dossier_version",
        kwargs=lambda o: {"pk": o.submitted.pk, "number": 1},
        **applicant_only(),
    ),
    row(
        "applications:dossier_submit",
        id="applications:dossier_submit-recap",
        note="the recap and the declaration on honour; nothing is submitted",
        kwargs=draft,
        **applicant_only(),
    ),
    row(
        "applications:dossier_submit",
        method="POST",
        note="without the declaration on honour: the recap again, nothing submitted",
        kwargs=draft,
        **applicant_only(200),
    ),
    row(
        "applications:dossier_provide_complements",
        id="applications:dossier_provide_complements-recap",
        note="the recap; no complements are asked of this dossier: no form",
        kwargs=submitted,
        **applicant_only(),
    ),
    row(
        "applications:dossier_provide_complements",
        method="POST",
        note="without the declaration on honour: the recap again, nothing sent",
        kwargs=submitted,
        **applicant_only(200),
    ),
    row("applications:dossier_withdraw", kwargs=submitted, **applicant_only()),
    row("applications:dossier_attachments", kwargs=draft, **applicant_only()),
    row(
        "applications:attachment_download",
        id="applications:attachment_download-submitted",
        kwargs=lambda o: {"pk": o.submitted.pk, "attachment_pk": o.submitted_file.pk},
        **applicant_only(manager=200, admin=200),
    ),
    row(
        "applications:attachment_download",
        id="applications:attachment_download-late",
        note="a file uploaded after the submission, in no version",
        kwargs=lambda o: {"pk": o.submitted.pk, "attachment_pk": o.late_file.pk},
        **applicant_only(),
    ),
    row(
        "applications:attachment_download",
        id="applications:attachment_download-draft",
        kwargs=lambda o: {"pk": o.draft.pk, "attachment_pk": o.draft_file.pk},
        **applicant_only(),
    ),
    row(
        "applications:receipt_download",
        kwargs=lambda o: {"pk": o.submitted.pk, "number": 1},
        **applicant_only(manager=200, admin=200),
    ),
    row(
        "applications:version_archive",
        note="the ZIP of a submitted version's files",
        kwargs=lambda o: {"pk": o.submitted.pk, "number": 1},
        **applicant_only(manager=200, admin=200),
    ),
    row(
        "applications:dossier_messages",
        kwargs=submitted,
        **applicant_only(manager=200, admin=200),
    ),
    row(
        "applications:dossier_messages",
        id="applications:dossier_messages-draft",
        kwargs=draft,
        **applicant_only(),
    ),
    row("applications:dossier_partners", kwargs=submitted, **applicant_only()),
    row(
        "applications:dossier_lead_category",
        method="POST",
        kwargs=submitted,
        **applicant_only(200),
    ),
    row(
        "applications:partner_edit",
        kwargs=lambda o: {"pk": o.submitted.pk, "partner_pk": o.partner.pk},
        **applicant_only(),
    ),
    row(
        "applications:partner_invite",
        method="POST",
        kwargs=lambda o: {"pk": o.submitted.pk, "partner_pk": o.partner.pk},
        **applicant_only(REDIRECT),
    ),
    row(
        "applications:partner_remove",
        id="applications:partner_remove-confirm",
        note="the confirmation page naming the partner",
        kwargs=lambda o: {"pk": o.submitted.pk, "partner_pk": o.partner.pk},
        **applicant_only(),
    ),
    row(
        "applications:partner_remove",
        method="POST",
        note="without the confirmation field: the confirmation page, nothing removed",
        kwargs=lambda o: {"pk": o.submitted.pk, "partner_pk": o.partner.pk},
        **applicant_only(200),
    ),
    row(
        "applications:partner_letter",
        kwargs=lambda o: {"pk": o.submitted.pk, "partner_pk": o.partner.pk},
        **applicant_only(),
    ),
    row(
        "applications:steering_member_add",
        method="POST",
        kwargs=submitted,
        **applicant_only(200),
    ),
    row(
        "applications:steering_member_remove",
        method="POST",
        kwargs=lambda o: {"pk": o.submitted.pk, "member_pk": o.steering_member.pk},
        **applicant_only(REDIRECT),
    ),
    row("applications:partner_thanks", **everyone(200)),
    row(
        "applications:partner_commitment",
        note="the signed link is the credential: whoever holds it answers",
        kwargs=lambda o: {"token": o.token},
        **everyone(200),
    ),
    # The managers' dossiers, in the Wagtail admin --------------------------------
    row("dossiers_admin:index", **admin_side()),
    row("dossiers_admin:index_results", **admin_side()),
    row("dossiers_admin:detail", kwargs=submitted, **admin_side(manager_other=404)),
    row(
        "dossiers_admin:detail",
        id="dossiers_admin:detail-draft",
        kwargs=draft,
        **admin_side(manager=404, manager_other=404, admin=404),
    ),
    row(
        "dossiers_admin:message",
        method="POST",
        note="an empty form: refused before it is read, or shown again with errors",
        kwargs=submitted,
        **admin_side(manager_other=404),
    ),
    row(
        "dossiers_admin:action",
        method="POST",
        note="an empty form: refused before it is read, or shown again with errors",
        kwargs=lambda o: {"pk": o.submitted.pk, "action": "review"},
        **admin_side(manager_other=404),
    ),
    row("dossiers_admin:coverage_index", **admin_side()),
    # The email outbox: every authority's emails, for administrators only.
    row("outbox_admin:index", **admin_side(manager=DENIED, manager_other=DENIED)),
    row(
        "outbox_admin:index_results",
        **admin_side(manager=DENIED, manager_other=DENIED),
    ),
    row(
        "outbox_admin:resend",
        method="POST",
        note="an email that is not failed: refused with a message, back to the list",
        kwargs=lambda o: {"pk": 1},
        **admin_side(manager=DENIED, manager_other=DENIED, admin=REDIRECT),
    ),
    row(
        "dossiers_admin:coverage",
        kwargs=lambda o: {"call_pk": o.call_a.pk},
        **admin_side(manager_other=404),
    ),
]

# The dossier under instruction through the applicants' and the managers' pages:
# its reviewers (assigned or not) have their own pages (tests/access/instruction.py).
ROWS += [
    row(
        "applications:dossier_detail",
        id="applications:dossier_detail-instruction",
        kwargs=lambda o: {"pk": o.instruction.pk},
        **applicant_only(),
    ),
    row(
        "applications:attachment_download",
        id="applications:attachment_download-instruction",
        kwargs=lambda o: {
            "pk": o.instruction.pk,
            "attachment_pk": o.instruction_file.pk,
        },
        **applicant_only(manager=200, admin=200),
    ),
    row(
        "dossiers_admin:detail",
        id="dossiers_admin:detail-instruction",
        kwargs=lambda o: {"pk": o.instruction.pk},
        **admin_side(manager_other=404),
    ),
]

# Our snippets: calls, authorities, territories ------------------------------------
CALL = "wagtailsnippets_calls_call"
CALL_CHOOSER = "wagtailsnippetchoosers_calls_call"
CALL_EDIT = f"{CALL}:edit"
DOSSIER_DETAIL = "dossiers_admin:detail"
ROWS += [
    row(f"{CALL}:list", **admin_side(reviewer=200)),
    row(f"{CALL}:list_results", **admin_side(reviewer=200)),
    row(f"{CALL}:add", **admin_side(reviewer=DENIED)),
    row(
        f"{CALL}:edit",
        kwargs=call_a,
        **admin_side(reviewer=DENIED, manager_other=DENIED),
    ),
    row(
        f"{CALL}:edit",
        id=f"{CALL}:edit-save",
        method="POST",
        note="a valid save of authority A's call, renamed",
        kwargs=call_a,
        data=lambda o: forms.call_edit(o.call_a, title="Renamed"),
        **admin_side(
            reviewer=DENIED,
            manager=REDIRECT,
            manager_other=DENIED,
            admin=REDIRECT,
        ),
    ),
    row(
        f"{CALL}:delete",
        kwargs=call_a,
        **admin_side(reviewer=DENIED, manager_other=DENIED),
    ),
    row(
        f"{CALL}:usage",
        kwargs=call_a,
        **admin_side(reviewer=DENIED, manager_other=DENIED),
    ),
    row(
        f"{CALL}:history",
        kwargs=call_a,
        **admin_side(reviewer=DENIED, manager_other=DENIED),
    ),
    row(
        f"{CALL}:history_results",
        kwargs=call_a,
        **admin_side(reviewer=DENIED, manager_other=DENIED),
    ),
    row(
        f"{CALL}:copy",
        kwargs=call_a,
        **admin_side(reviewer=DENIED, manager_other=DENIED),
    ),
    row(f"{CALL_CHOOSER}:choose", **admin_side(reviewer=200)),
    row(f"{CALL_CHOOSER}:choose_results", **admin_side(reviewer=200)),
    row(
        f"{CALL_CHOOSER}:chosen",
        kwargs=call_a,
        **admin_side(reviewer=200, manager_other=DENIED),
    ),
    row(f"{CALL_CHOOSER}:chosen_multiple", **admin_side(reviewer=200)),
    row(f"{CALL_CHOOSER}:create", **admin_side(reviewer=DENIED)),
]

AUTHORITY = "wagtailsnippets_calls_authority"
AUTHORITY_CHOOSER = "wagtailsnippetchoosers_calls_authority"
TERRITORY = "wagtailsnippets_calls_territory"
TERRITORY_CHOOSER = "wagtailsnippetchoosers_calls_territory"


def authority_a(o):
    return {"pk": o.authority_a.pk}


def territory(o):
    return {"pk": o.territory.pk}


# Authorities: managers read them (public facts), the administrator edits them.
READ_ONLY = admin_side(reviewer=200, manager=200, manager_other=200)
NO_HISTORY = admin_side(reviewer=DENIED, manager=DENIED, manager_other=DENIED)
ADMIN_ONLY = admin_side(reviewer=DENIED, manager=DENIED, manager_other=DENIED)
ROWS += [
    row(f"{AUTHORITY}:list", **admin_side(reviewer=DENIED)),
    row(f"{AUTHORITY}:list_results", **admin_side(reviewer=DENIED)),
    row(f"{AUTHORITY}:add", **ADMIN_ONLY),
    row(f"{AUTHORITY}:edit", kwargs=authority_a, **ADMIN_ONLY),
    row(f"{AUTHORITY}:delete", kwargs=authority_a, **ADMIN_ONLY),
    row(f"{AUTHORITY}:usage", kwargs=authority_a, **NO_HISTORY),
    row(f"{AUTHORITY}:history", kwargs=authority_a, **NO_HISTORY),
    row(f"{AUTHORITY}:history_results", kwargs=authority_a, **NO_HISTORY),
    row(f"{AUTHORITY}:copy", kwargs=authority_a, **ADMIN_ONLY),
    row(f"{AUTHORITY_CHOOSER}:choose", **READ_ONLY),
    row(f"{AUTHORITY_CHOOSER}:choose_results", **READ_ONLY),
    row(f"{AUTHORITY_CHOOSER}:chosen", kwargs=authority_a, **READ_ONLY),
    row(f"{AUTHORITY_CHOOSER}:chosen_multiple", **READ_ONLY),
    row(f"{AUTHORITY_CHOOSER}:create", **ADMIN_ONLY),
    # Territories: reference data shared by every authority; managers add and
    # change them, only the administrator deletes.
    row(f"{TERRITORY}:list", **admin_side(reviewer=DENIED)),
    row(f"{TERRITORY}:list_results", **admin_side(reviewer=DENIED)),
    row(f"{TERRITORY}:add", **admin_side(reviewer=DENIED)),
    row(f"{TERRITORY}:edit", kwargs=territory, **admin_side(reviewer=DENIED)),
    row(
        f"{TERRITORY}:delete",
        kwargs=territory,
        **admin_side(reviewer=DENIED, manager=DENIED, manager_other=DENIED),
    ),
    row(f"{TERRITORY}:usage", kwargs=territory, **admin_side(reviewer=DENIED)),
    row(f"{TERRITORY}:history", kwargs=territory, **admin_side(reviewer=DENIED)),
    row(
        f"{TERRITORY}:history_results", kwargs=territory, **admin_side(reviewer=DENIED)
    ),
    row(f"{TERRITORY}:copy", kwargs=territory, **admin_side(reviewer=DENIED)),
    row(f"{TERRITORY_CHOOSER}:choose", **admin_side(reviewer=200)),
    row(f"{TERRITORY_CHOOSER}:choose_results", **admin_side(reviewer=200)),
    row(f"{TERRITORY_CHOOSER}:chosen", kwargs=territory, **admin_side(reviewer=200)),
    row(f"{TERRITORY_CHOOSER}:chosen_multiple", **admin_side(reviewer=200)),
    row(f"{TERRITORY_CHOOSER}:create", **admin_side(reviewer=DENIED)),
]

# Our pages: authority A's call page -----------------------------------------------
PAGES = "wagtailadmin_pages"


def page_edit(**cells) -> dict:
    """A view that changes authority A's call page: its managers and the
    administrator; refused to the reviewer and to authority B's manager."""
    return admin_side(reviewer=DENIED, manager_other=DENIED, **cells)


def page_read(**cells) -> dict:
    return admin_side(
        reviewer=DENIED,
        manager_other=DENIED,
        **cells,
    )


# Locking is the administrator's (managers have no "lock" permission).
LOCK = admin_side(manager=DENIED, manager_other=DENIED, admin=REDIRECT)


def revision(o):
    return {"page_id": o.page_a.pk, "revision_id": o.page_a.latest_revision_id}


ROWS += [
    row(
        "wagtail_serve",
        id="wagtail_serve-call_page",
        args=lambda o: [o.page_a.url.strip("/") + "/"],
        **everyone(200),
    ),
    row("wagtail_serve", id="wagtail_serve-home", args=lambda o: [""], **everyone(200)),
    row(
        "wagtailadmin_explore",
        kwargs=lambda o: {"parent_page_id": o.call_index.pk},
        **admin_side(),
    ),
    row(
        "wagtailadmin_explore_results",
        kwargs=lambda o: {"parent_page_id": o.call_index.pk},
        **admin_side(),
    ),
    row(
        f"{PAGES}:add",
        kwargs=lambda o: {
            "content_type_app_name": "cms",
            "content_type_model_name": "callpage",
            "parent_page_id": o.call_index.pk,
        },
        **admin_side(reviewer=DENIED),
    ),
    row(f"{PAGES}:edit", kwargs=page_a, **page_edit()),
    row(f"{PAGES}:preview_on_edit", kwargs=page_a, **page_edit()),
    row(f"{PAGES}:view_draft", kwargs=page_a, **page_read()),
    row(f"{PAGES}:usage", kwargs=page_a, **page_read()),
    row(
        f"{PAGES}:add_subpage",
        note="a call page has no sub-pages",
        kwargs=lambda o: {"parent_page_id": o.page_a.pk},
        **admin_side(manager=ADMIN_HOME, manager_other=ADMIN_HOME, admin=ADMIN_HOME),
    ),
    row(f"{PAGES}:delete", kwargs=page_a, **page_edit()),
    row(f"{PAGES}:unpublish", kwargs=page_a, **page_edit()),
    row(
        f"{PAGES}:convert_alias",
        note="the call page is no alias",
        kwargs=page_a,
        **admin_side(manager=404, manager_other=404, admin=404),
    ),
    row(
        f"{PAGES}:move",
        kwargs=lambda o: {"page_to_move_id": o.page_a.pk},
        **page_edit(),
    ),
    row(
        f"{PAGES}:copy",
        note="a call page is never copied: sent back to the explorer, told why",
        kwargs=page_a,
        **page_edit(manager=REDIRECT, admin=REDIRECT),
    ),
    row(f"{PAGES}:set_privacy", kwargs=page_a, **page_edit()),
    row(f"{PAGES}:lock", method="POST", kwargs=page_a, **LOCK),
    row(f"{PAGES}:unlock", method="POST", kwargs=page_a, **LOCK),
    row(
        f"{PAGES}:revisions_index",
        note="Wagtail sends it on to the page's history",
        kwargs=page_a,
        **admin_side(
            reviewer=REDIRECT, manager=REDIRECT, manager_other=REDIRECT, admin=REDIRECT
        ),
    ),
    row(f"{PAGES}:revisions_view", kwargs=revision, **page_read()),
    row(f"{PAGES}:revisions_revert", kwargs=revision, **page_edit()),
    row(f"{PAGES}:workflow_history", kwargs=page_a, **page_read()),
    row(f"{PAGES}:history", kwargs=page_a, **page_read()),
    row(f"{PAGES}:history_results", kwargs=page_a, **page_read()),
    # The site settings (cms.SiteIdentity): the administrator's.
    row(
        "wagtailsettings:edit",
        note="sends the administrator on to the default site's settings",
        kwargs=lambda o: {"app_name": "cms", "model_name": "siteidentity"},
        **{**ADMIN_ONLY, ADMIN: REDIRECT},
    ),
    row(
        "wagtailsettings:edit",
        id="wagtailsettings:edit-site",
        kwargs=lambda o: {
            "app_name": "cms",
            "model_name": "siteidentity",
            "pk": o.home.get_site().pk,
        },
        **ADMIN_ONLY,
    ),
]

# Wagtail's and Django's own views ---------------------------------------------
# They touch none of our data: checked for the visitor and an applicant only
# (the admin's door is closed to both). A row above wins over a rule below.
PUBLIC = "Wagtail built-in, public"
BUILTINS: list[Builtin] = [
    builtin("admin/test404/", "Wagtail's 404 test page"),
    builtin("admin/^.*/$", "the admin's catch-all 404"),
    builtin("wagtailadmin_api:*", "the admin API (pages, images, documents)"),
    builtin("wagtailadmin_error_test", "Wagtail's 500 test page"),
    builtin("wagtailadmin_explore_root", "the page explorer's root"),
    builtin("wagtail_bulk_action", "bulk actions"),
    builtin("wagtailadmin_pages:*", "page views not bound to one of our pages"),
    builtin("wagtailadmin_choose_page*", "the page chooser"),
    builtin("wagtailadmin_tag_*", "tag autocompletion"),
    builtin("wagtailadmin_collections:*", "collections"),
    builtin("wagtailadmin_workflows:*", "moderation workflows"),
    builtin("wagtailadmin_reports:*", "reports"),
    builtin("wagtailadmin_account", "the staff member's account"),
    builtin("wagtailadmin_logout", "the admin's sign-out"),
    builtin("wagtailadmin_dismissibles", "dismissed hints"),
    builtin("wagtailadmin_editing_sessions:*", "concurrent editing sessions"),
    builtin("wagtailadmin_block_preview", "StreamField block preview"),
    builtin("wagtailforms:*", "form submissions"),
    builtin("wagtailredirects:*", "redirects"),
    builtin("wagtailsettings:preview_on_edit", "settings preview"),
    builtin("wagtailembeds:*", "embeds"),
    builtin("wagtailsnippets:index", "the snippets' index"),
    builtin("wagtaildocs:*", "documents"),
    builtin("wagtaildocs_chooser:*", "the document chooser"),
    builtin("wagtailimages:*", "images"),
    builtin("wagtailimages_chooser:*", "the image chooser"),
    builtin("wagtailsites:*", "sites"),
    builtin("wagtailusers_*", "users and groups"),
    # Public ones.
    builtin("wagtailadmin_sprite", PUBLIC, visitor=200, applicant=200),
    builtin("wagtailadmin_javascript_catalog", PUBLIC, visitor=200, applicant=200),
    builtin("wagtailadmin_login", PUBLIC, visitor=200, applicant=200),
    builtin("wagtailadmin_password_reset*", PUBLIC, visitor=200, applicant=200),
    builtin("wagtaildocs_serve", PUBLIC, visitor=404, applicant=404),
    builtin(
        "wagtaildocs_authenticate_with_password", PUBLIC, visitor=404, applicant=404
    ),
    builtin(
        "wagtailcore_authenticate_with_password", PUBLIC, visitor=404, applicant=404
    ),
    builtin("wagtailcore_login", PUBLIC, visitor=200, applicant=200),
]

# Paths for the regex routes that a rule covers (placeholders cannot fill them).
SAMPLES = {
    "admin/^.*/$": "/admin/nowhere/",
    "wagtailadmin_pages:revisions_compare": (
        "/admin/pages/1/revisions/compare/live...latest/"
    ),
    "wagtaildocs_serve": "/documents/1/x.pdf",
}

# Listings: a 200 is right, but what they list must stay in the role's scope ------


@dataclass
class Hidden:
    """``name`` opened by ``role`` must not show ``texts`` (of another authority's
    or organisation's objects); ``kwargs`` of the world for a URL with ids."""

    id: str
    name: str
    role: str
    texts: Callable
    leak: str = ""
    kwargs: Callable | None = None
    issue: int = 8


def a_call(o):
    return [o.call_a.reference]


def a_dossiers(o):
    return [o.submitted.reference, o.draft.reference]


LISTINGS: list[Hidden] = [
    Hidden("dossiers-manager_other", "dossiers_admin:index", MANAGER_OTHER, a_dossiers),
    Hidden(
        "dossiers-manager",
        "dossiers_admin:index",
        MANAGER,
        lambda o: [o.draft.reference],
    ),
    Hidden(
        "coverage-manager_other", "dossiers_admin:coverage_index", MANAGER_OTHER, a_call
    ),
    Hidden("espace-other_applicant", "applications:home", OTHER_APPLICANT, a_dossiers),
    Hidden("espace-pending", "applications:home", PENDING, a_dossiers),
    Hidden(
        "calls-manager_other",
        f"{CALL}:list_results",
        MANAGER_OTHER,
        a_call,
    ),
    Hidden(
        "call_chooser-manager_other",
        f"{CALL_CHOOSER}:choose_results",
        MANAGER_OTHER,
        a_call,
    ),
]


# The instruction's URLs, /admin/instruction/ (their own module) ------------------
from .instruction import LISTINGS as _INSTRUCTION_LISTINGS  # noqa: E402
from .instruction import ROWS as _INSTRUCTION_ROWS  # noqa: E402

ROWS += _INSTRUCTION_ROWS
LISTINGS += _INSTRUCTION_LISTINGS

# The decision letters, in the espace and the managers' dossier page ------------------
from .letters import ROWS as _LETTER_ROWS  # noqa: E402

ROWS += _LETTER_ROWS

# The directory's indicators, /annuaire/indicateurs/ (their own module) ---------------
from .indicators import ROWS as _INDICATOR_ROWS  # noqa: E402

ROWS += _INDICATOR_ROWS

# The annuaire numérique: its public pages, downloads and API --------------------------
from .directory import ROWS as _DIRECTORY_ROWS  # noqa: E402

ROWS += _DIRECTORY_ROWS

# The directory's services in the admin, /admin/annuaire/ (issue 11) -------------------
from .directory_admin import LISTINGS as _DIRECTORY_LISTINGS  # noqa: E402
from .directory_admin import ROWS as _DIRECTORY_ADMIN_ROWS  # noqa: E402

ROWS += _DIRECTORY_ADMIN_ROWS
LISTINGS += _DIRECTORY_LISTINGS

# The public results and the open data, /donnees/ (issue 11) -----------------------
from .results import ROWS as _RESULT_ROWS  # noqa: E402

ROWS += _RESULT_ROWS

# /favicon.ico (issue 12) -----------------------------------------------------------
from .favicon import ROWS as _FAVICON_ROWS  # noqa: E402

ROWS += _FAVICON_ROWS

# Staff sign-in with ProConnect and the admin's sign-out (issue 13) -----------------
from .oidc import ROWS as _OIDC_ROWS  # noqa: E402

ROWS += _OIDC_ROWS

# Two-factor authentication, /compte/double-authentification/ (issue 13) ------------
from .two_factor import ROWS as _TWO_FACTOR_ROWS  # noqa: E402

ROWS += _TWO_FACTOR_ROWS
