from .applications import (
    ApplicationFactory,
    MembershipFactory,
    OrganisationFactory,
    force_state,
)
from .calls import (
    AuthorityFactory,
    CallFactory,
    CriterionFactory,
    GovernanceRuleFactory,
    RequiredDocumentFactory,
    TerritoryFactory,
)
from .cms import CallPageFactory, call_index_page, home_page
from .users import UserFactory

__all__ = [
    "ApplicationFactory",
    "AuthorityFactory",
    "CallFactory",
    "CallPageFactory",
    "CriterionFactory",
    "GovernanceRuleFactory",
    "MembershipFactory",
    "OrganisationFactory",
    "RequiredDocumentFactory",
    "TerritoryFactory",
    "UserFactory",
    "call_index_page",
    "force_state",
    "home_page",
]
