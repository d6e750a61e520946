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
    "AuthorityFactory",
    "CallFactory",
    "CallPageFactory",
    "CriterionFactory",
    "GovernanceRuleFactory",
    "RequiredDocumentFactory",
    "TerritoryFactory",
    "UserFactory",
    "call_index_page",
    "home_page",
]
