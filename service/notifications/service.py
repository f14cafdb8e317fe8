"""Notifications in the application and by e-mail: written with what they tell (one
transaction), e-mails sent later by the worker from an outbox, with retries and back-off."""

import smtplib
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from sqlmodel import Session

from matching.vocabulary import OrganisationKind
from service.models import Notification, OutboxEmail, User
from service.notifications import queries
from service.settings import Settings, get_settings

LISTED = 100
BACKOFF_MAX = timedelta(hours=1)
Sender = Callable[[EmailMessage], None]


def notify(db: Session, users: Iterable[User], title: str, path: str, kind: str = "") -> int:
    """One notification per user, and an e-mail when SMTP is configured; returns how many."""
    settings = get_settings()  # process-wide: the SMTP server does not change per request
    count = 0
    for user in {u.id: u for u in users if u.id is not None}.values():
        db.add(Notification(user_id=user.pk, kind=kind, title=title[:300], url=path[:300]))
        if settings.smtp_host and user.email:
            db.add(
                OutboxEmail(
                    to_email=user.email, subject=f"Passerelle : {title}"[:300], body=_body(settings, title, path)
                )
            )
        count += 1
    return count


def _body(settings: Settings, title: str, path: str) -> str:
    return (
        f"Bonjour,\n\n{title}.\n\nPour voir le détail : {settings.public_url.rstrip('/')}{path}\n\n"
        "Ce message ne contient aucune donnée personnelle : le dossier se consulte dans Passerelle.\n"
        "— Passerelle\n"
    )


def users(db: Session, ids: Iterable[int | None]) -> list[User]:
    return list(queries.active_users(db, list(ids)))


def host_users(db: Session, organisation_id: int) -> list[User]:
    """Who answers for a host organisation (a training body's accounts, an employer's officers)."""
    found = queries.host_kind(db, organisation_id)
    if found is None:
        return []
    kind, managed_by = found
    officers_of = managed_by if kind in (OrganisationKind.EMPLOYER, OrganisationKind.SIAE) else None
    return list(queries.host_users(db, organisation_id, officers_of))


def unread(db: Session, user_id: int) -> int:
    return queries.unread_count(db, user_id)


def listed(db: Session, user_id: int) -> list[Notification]:
    return list(queries.of_user(db, user_id, LISTED))


def mark_read(db: Session, user_id: int, now: datetime) -> None:
    queries.mark_read(db, user_id, now)


def deliver_next(db: Session, settings: Settings, now: datetime, send: Sender | None = None) -> bool | None:
    """Send the next due e-mail (None: nothing due; True: sent; False: failed, retried later with
    back-off). The caller commits after each call, so a sent e-mail is never sent again."""
    due = queries.due_emails(db, now, 1)
    if not due:
        return None
    email = due[0]
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = settings.mail_from, email.to_email, email.subject
    message["Message-ID"] = make_msgid(idstring=f"outbox-{email.id}", domain="passerelle")
    message.set_content(email.body)
    try:
        (send or _smtp(settings))(message)
    except (OSError, smtplib.SMTPException) as exc:
        email.attempts += 1
        email.next_attempt_at = now + min(timedelta(seconds=30 * 2**email.attempts), BACKOFF_MAX)
        email.last_error = f"{type(exc).__name__}: {exc}"[:300]
        db.add(email)
        db.flush()
        return False
    email.sent_at = now
    db.add(email)
    db.flush()
    return True


def _smtp(settings: Settings) -> Sender:
    def send(message: EmailMessage) -> None:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=10) as smtp:
            if settings.smtp_tls:
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            smtp.send_message(message)

    return send


def recent(db: Session, user_id: int, kind: str, since: datetime) -> list[Notification]:
    return list(queries.recent(db, user_id, kind, since))
