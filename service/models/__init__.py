"""The tables. Importing this package registers them all on SQLModel's metadata."""

from service.models.audit import AuditEvent
from service.models.catalogue import CatalogueVersion
from service.models.notification import Notification, OutboxEmail
from service.models.offer import Offer
from service.models.organisation import Organisation
from service.models.partnership import Partnership
from service.models.positioning import Positioning, PositioningEvent, PositioningStatus
from service.models.reference import CommuneEntry, RomeEntry
from service.models.training_session import TrainingSession
from service.models.transit import TransitFeed, TransitTableEntry
from service.models.user import ApiToken, LoginLockout, Role, User
from service.models.youth import Youth

__all__ = [
    "ApiToken",
    "AuditEvent",
    "CatalogueVersion",
    "CommuneEntry",
    "LoginLockout",
    "Notification",
    "Offer",
    "Organisation",
    "OutboxEmail",
    "Partnership",
    "Positioning",
    "PositioningEvent",
    "PositioningStatus",
    "Role",
    "RomeEntry",
    "TrainingSession",
    "TransitFeed",
    "TransitTableEntry",
    "User",
    "Youth",
]
