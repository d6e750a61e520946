from .applications import (
    ApplicationFactory,
    ApplicationVersionFactory,
    AttachmentFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnerFactory,
    SteeringMemberFactory,
    drive_to,
    state_without_service,
)
from .calls import (
    AuthorityFactory,
    CallFactory,
    CriterionFactory,
    GovernanceRuleFactory,
    RequiredDocumentFactory,
    TerritoryFactory,
    publish_call,
)
from .cms import CallPageFactory, call_index_page, home_page
from .users import (
    AdministratorFactory,
    ManagerFactory,
    ReviewerFactory,
    UserFactory,
)

__all__ = [
    "AdministratorFactory",
    "ApplicationFactory",
    "ApplicationVersionFactory",
    "AttachmentFactory",
    "AuthorityFactory",
    "CallFactory",
    "CallPageFactory",
    "CriterionFactory",
    "GovernanceRuleFactory",
    "ManagerFactory",
    "MembershipFactory",
    "OrganisationFactory",
    "PartnerFactory",
    "RequiredDocumentFactory",
    "ReviewerFactory",
    "SteeringMemberFactory",
    "TerritoryFactory",
    "UserFactory",
    "call_index_page",
    "drive_to",
    "home_page",
    "publish_call",
    "state_without_service",
]
