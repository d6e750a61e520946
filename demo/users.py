"""One demo account per role, all with the same well-known password.

DEMO ONLY: ``sillon-demo`` is printed by the command and written in this file;
these accounts must never exist on a real deployment.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.core.management.base import CommandError

from .validation import validated

DEMO_PASSWORD = "sillon-demo"  # public on purpose: demo accounts only

# Group names created by cms/migrations/0003_staff_groups.py.
MANAGERS_GROUP = "Gestionnaires"
REVIEWERS_GROUP = "Instructeurs"

SITE_LOGIN = "/compte/connexion/"
ADMIN_LOGIN = "/admin/"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    role: str  # in French, for the command's table
    sign_in: str
    group: str | None = None
    superuser: bool = False

    @property
    def email(self) -> str:
        return f"{self.username}@example.org"


# Fictitious people.
ACCOUNTS = (
    DemoAccount("porteur", "Yann", "Le Bihan", "Porteur de projet", SITE_LOGIN),
    DemoAccount(
        "instructeur",
        "Sophie",
        "Marec",
        "Instructrice",
        ADMIN_LOGIN,
        group=REVIEWERS_GROUP,
    ),
    DemoAccount(
        "gestionnaire",
        "Nicolas",
        "Guéguen",
        "Gestionnaire de l'appel",
        ADMIN_LOGIN,
        group=MANAGERS_GROUP,
    ),
    DemoAccount(
        "admin", "Claire", "Dubreuil", "Administratrice", ADMIN_LOGIN, superuser=True
    ),
    # Two more reviewers, staff of ARS Auvergne-Rhône-Alpes only: the ARA filière
    # call's instruction (demo/instruction.py) needs three.
    DemoAccount(
        "instructeur2",
        "Julien",
        "Faure",
        "Instructeur (ARS ARA)",
        ADMIN_LOGIN,
        group=REVIEWERS_GROUP,
    ),
    DemoAccount(
        "instructeur3",
        "Amandine",
        "Roux",
        "Instructrice (ARS ARA)",
        ADMIN_LOGIN,
        group=REVIEWERS_GROUP,
    ),
    # Two reviewers of ARS Bretagne only: the Bretagne filière call's reviews
    # (demo/decisions.py).
    DemoAccount(
        "instructeur4",
        "Gwenaëlle",
        "Le Goff",
        "Instructrice (ARS Bretagne)",
        ADMIN_LOGIN,
        group=REVIEWERS_GROUP,
    ),
    DemoAccount(
        "instructeur5",
        "Erwan",
        "Kervella",
        "Instructeur (ARS Bretagne)",
        ADMIN_LOGIN,
        group=REVIEWERS_GROUP,
    ),
)
# Staff of every demo authority; the other reviewers are staff of one ARS only.
STAFF_OF_ALL = ("gestionnaire", "instructeur")
ARA_REVIEWERS = ("instructeur2", "instructeur3")
BRETAGNE_REVIEWERS = ("instructeur4", "instructeur5")


def seed_users() -> list[AbstractUser]:
    """Create or update the demo accounts; returns them in ``ACCOUNTS`` order."""
    groups = {}
    for name in (MANAGERS_GROUP, REVIEWERS_GROUP):
        group = Group.objects.filter(name=name).first()
        if group is None:
            raise CommandError(
                f"Le groupe « {name} » est absent : lancez d'abord « manage.py "
                f"migrate »."
            )
        groups[name] = group

    User = get_user_model()
    users = []
    for account in ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = User(username=account.username)
        user.first_name = account.first_name
        user.last_name = account.last_name
        user.email = account.email
        user.is_active = True
        # Wagtail admin access comes from the groups' permissions, not is_staff;
        # only the administrator also gets Django's staff and superuser flags.
        user.is_staff = account.superuser
        user.is_superuser = account.superuser
        if not user.has_usable_password() or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        validated(user).save()
        user.groups.set([groups[account.group]] if account.group else [])
        users.append(user)
    return users
