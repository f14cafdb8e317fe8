"""A user's notifications: what happened to their positionings, answers, reminders."""

from fastapi import APIRouter, Response

from service.deps import DbDep, UserDep
from service.models import Notification
from service.models.fields import utcnow
from service.notifications import service
from service.notifications.schemas import NotificationPublic

router = APIRouter(prefix="/api/v1", tags=["notifications"])


@router.get("/notifications", response_model=list[NotificationPublic])
def list_notifications(db: DbDep, user: UserDep) -> list[Notification]:
    """The user's latest notifications, newest first."""
    return service.listed(db, user.pk)


@router.post("/notifications/read", status_code=204)
def read_all(db: DbDep, user: UserDep) -> Response:
    service.mark_read(db, user.pk, utcnow())
    return Response(status_code=204)
