"""The positioning workflow: proposed → positioned → selected → entered → completed, or
refused / withdrawn / abandoned; places move atomically so that no session is overbooked."""

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session

from matching.model import age_on
from service import access, audit, writes
from service.catalogue import service as catalogue
from service.http.problems import Conflict, DomainError, Forbidden, NotFound
from service.models import Notification, Positioning, PositioningEvent, Role, User, Youth
from service.models import PositioningStatus as S
from service.models.fields import utcnow
from service.models.positioning import ENDINGS, PositioningReason
from service.notifications import service as notifications
from service.positionings import queries
from service.positionings.queries import Target
from service.positionings.schemas import ContactPublic, EventPublic, PositioningPublic, YouthPartnerView
from service.search.service import NEW_OPTION

# Allowed moves, and who makes them: the adviser proposes, positions and withdraws; the host
# (training body for a session, business officer for an offer) selects, refuses, records entry,
# completion or abandonment.
ADVISER, HOST = "adviser", "host"
TRANSITIONS: dict[tuple[S, S], str] = {
    (S.PROPOSED, S.POSITIONED): ADVISER,
    (S.PROPOSED, S.WITHDRAWN): ADVISER,
    (S.POSITIONED, S.WITHDRAWN): ADVISER,
    (S.SELECTED, S.WITHDRAWN): ADVISER,
    (S.POSITIONED, S.SELECTED): HOST,
    (S.POSITIONED, S.REFUSED): HOST,
    (S.SELECTED, S.REFUSED): HOST,
    (S.SELECTED, S.ENTERED): HOST,
    (S.ENTERED, S.COMPLETED): HOST,
    (S.ENTERED, S.ABANDONED): HOST,
}


def host_moves(status: S) -> list[S]:
    """The statuses the host may move a positioning to from `status`."""
    return [to for (frm, to), who in TRANSITIONS.items() if frm is status and who == HOST]


def _target(db: Session, p: Positioning) -> Target:
    target = queries.target_of(db, p)
    if target is None:
        raise NotFound("Session ou offre introuvable.")
    return target


def create(
    db: Session, user: User, youth: Youth, session_id: int | None, offer_id: int | None, status: S = S.POSITIONED
) -> Positioning:
    if status not in (S.PROPOSED, S.POSITIONED):
        raise Conflict("Un positionnement commence « proposé » ou « positionné ».", "status")
    p = Positioning(
        youth_id=youth.id,
        mission_locale_id=youth.mission_locale_id,
        session_id=session_id,
        offer_id=offer_id,
        status=status,
        file_reference=youth.file_reference,
        created_by_id=user.id,
    )
    target = _target(db, p)
    field = "session_id" if session_id else "offer_id"
    if queries.active_on(db, youth.id, session_id, offer_id) is not None:
        # the database refuses it too (a partial unique index), should two requests race
        raise Conflict("Ce jeune est déjà positionné sur cette solution : un seul positionnement en cours.", field)
    if not catalogue.is_open(target):
        raise Conflict("Plus de place disponible : positionnement impossible.", field)
    db.add(p)
    db.flush()
    db.add(PositioningEvent(positioning_id=p.pk, from_status=None, to_status=status, author_id=user.id))
    audit.record(db, user, "positioning.create", "positioning", p.id, f"youth {youth.id}")
    youth.last_activity_at = utcnow()
    if status is S.POSITIONED:
        _tell_host(db, p, target, f"Nouveau positionnement : dossier {p.file_reference} sur « {target.title} »")
    return p


def move(
    db: Session, user: User, p: Positioning, to: S, note: str = "", reason: PositioningReason | None = None
) -> Positioning:
    who = TRANSITIONS.get((p.status, to))
    if who is None:
        raise Conflict(f"Transition impossible : {p.status.value} → {to.value}.", "status")
    if user.role is not Role.ADMIN and (who == ADVISER) != (user.role is Role.ADVISER):
        holder = "la Mission Locale." if who == ADVISER else "l'organisme d'accueil."
        raise Forbidden("Ce changement de statut revient à " + holder)
    if to in ENDINGS and reason is None:
        raise DomainError("reason : indiquez le motif (liste fixe, ou « autre » avec une précision).", "reason")
    if reason is PositioningReason.OTHER and not note.strip():
        raise DomainError("note : précisez le motif « autre ».", "note")
    moved = _record(db, p, to, user.id, note.strip(), reason, user)
    target = _target(db, p)
    if who == HOST:
        _tell_adviser(db, p, f"Réponse pour le dossier {p.file_reference} sur « {target.title} » : {WORDS[to]}")
    else:
        _tell_host(db, p, target, f"Dossier {p.file_reference} sur « {target.title} » : {WORDS[to]}")
    return moved


def _record(
    db: Session,
    p: Positioning,
    to: S,
    author_id: int | None,
    note: str,
    reason: PositioningReason | None,
    user: User | None,
) -> Positioning:
    target = _target(db, p)
    if to is S.ENTERED and not queries.take_place(db, target):
        raise Conflict("Plus de place disponible : l'entrée ne peut être enregistrée.", "status")
    if to is S.ABANDONED:
        queries.free_place(db, target)
    db.add(
        PositioningEvent(
            positioning_id=p.pk, from_status=p.status, to_status=to, author_id=author_id, note=note, reason=reason
        )
    )
    audit.record(db, user, "positioning.status", "positioning", p.id, f"{p.status.value} -> {to.value}")
    p.status, p.updated_at = to, utcnow()
    db.add(p)
    writes.touch(db, target)  # places and outcomes changed: every worker's index must see it
    db.flush()
    return p


WORDS = {
    S.SELECTED: "retenu",
    S.REFUSED: "refusé",
    S.ENTERED: "entré",
    S.COMPLETED: "parcours terminé",
    S.ABANDONED: "abandon",
    S.WITHDRAWN: "retiré par la Mission Locale",
    S.POSITIONED: "positionné",
}


def _remind(db: Session, p: Positioning, days: int) -> None:
    """The host is reminded, and the adviser told the host was."""
    target = _target(db, p)
    what = f"dossier {p.file_reference} sur « {target.title} »"
    _tell_host(db, p, target, f"Relance : {what}, en attente de votre réponse depuis {days} jours")
    _tell_adviser(db, p, f"Sans réponse depuis {days} jours : {what} (organisme relancé)")


def _tell_host(db: Session, p: Positioning, target: Target, title: str) -> None:
    path = f"/sessions/{p.session_id}" if p.session_id else f"/offres/{p.offer_id}"
    notifications.notify(db, notifications.host_users(db, target.organisation_id), title, path)


def _tell_adviser(db: Session, p: Positioning, title: str) -> None:
    notifications.notify(db, notifications.users(db, [p.created_by_id]), title, f"/jeunes/{p.youth_id}#positionnements")


@dataclass(frozen=True)
class FollowUp:
    reminded: list[Positioning]
    closed: list[Positioning]


def follow_up(db: Session, now: datetime, remind_after: timedelta, close_after: timedelta) -> FollowUp:
    """Positionings waiting for the host's answer: reminded after `remind_after`, closed as
    « sans réponse » after `close_after` (the youth is free to be positioned again), each said in
    its history."""
    reminded, closed = [], []
    for p in queries.awaiting_answer(db, now - remind_after):
        if now - p.updated_at >= close_after:
            note = f"Clôturé automatiquement : pas de réponse de l'organisme en {close_after.days} jours."
            closed.append(_record(db, p, S.REFUSED, None, note, PositioningReason.NO_ANSWER, None))
            title = _target(db, p).title
            _tell_adviser(db, p, f"Clôturé sans réponse de l'organisme : dossier {p.file_reference} sur « {title} »")
        elif p.reminded_at is None:
            p.reminded_at = now
            db.add(
                PositioningEvent(
                    positioning_id=p.pk,
                    from_status=p.status,
                    to_status=p.status,
                    at=now,
                    note=f"Relance : pas de réponse de l'organisme depuis {(now - p.updated_at).days} jours.",
                )
            )
            audit.record(db, None, "positioning.reminder", "positioning", p.id)
            reminded.append(p)
            _remind(db, p, (now - p.updated_at).days)
    db.flush()
    return FollowUp(reminded, closed)


def waiting_since(p: Positioning, now: datetime) -> int | None:
    """Days the host has held the next move (a youth positioned, not yet answered)."""
    return (now - p.updated_at).days if p.status is S.POSITIONED else None


def age_band(birth_date: date, today: date) -> str:
    years = age_on(birth_date, today)
    return "mineur" if years < 18 else "18-25 ans" if years <= 25 else "26 ans et plus"


def partner_view(youth: Youth, today: date) -> YouthPartnerView:
    """Hosts see only what they need of the youth: no birth date, home, wishes, programme or (unless
    consented) RQTH."""
    return YouthPartnerView(
        file_reference=youth.file_reference,
        qualification_level=youth.qualification_level,
        age_band=age_band(youth.birth_date, today),
        rqth=youth.rqth if youth.share_sensitive_with_partners else None,
    )


def public_list(
    db: Session, viewer: User, rows: list[Positioning], today: date, history: bool
) -> list[PositioningPublic]:
    """Positionings as the API shows them, youths, Mission Locales, advisers and histories read in
    one query each. A training body gets the file number and the Mission Locale's name and adviser,
    not the youth's id or the Mission Locale's."""
    youths = queries.youths_by_id(db, [p.youth_id for p in rows])
    events = queries.events_by_positioning(db, [p.id for p in rows]) if history else {}
    names = queries.organisation_names(db, {p.mission_locale_id for p in rows})
    advisers = queries.users_by_id(db, {p.created_by_id for p in rows})
    host = viewer.role is Role.TRAINING_BODY
    out = []
    for p in rows:
        youth = youths.get(p.youth_id) if p.youth_id else None
        adviser = advisers.get(p.created_by_id) if p.created_by_id else None
        fields = p.model_dump(exclude={"created_by_id"})
        if host:
            fields.update(youth_id=None, mission_locale_id=None)
        out.append(
            PositioningPublic(
                **fields,
                mission_locale_name=names.get(p.mission_locale_id),
                adviser=ContactPublic(name=adviser.full_name, email=adviser.email) if adviser else None,
                youth=partner_view(youth, today) if youth else None,
                history=[EventPublic.model_validate(e, from_attributes=True) for e in events.get(p.id or 0, [])],
            )
        )
    return out


def youth_history(db: Session, youth: Youth) -> list[dict[str, object]]:
    """A youth's positionings, newest first, each with what it is on and its status changes."""
    rows = queries.of_youth(db, youth.id)
    targets = queries.targets_of(db, rows)
    events = queries.events_by_positioning(db, [p.id for p in rows])
    now = utcnow()
    return [
        {
            "p": p,
            "target": targets.get((bool(p.session_id), p.session_id or p.offer_id or 0)),
            "events": events.get(p.id or 0, []),
            "next": next_move(p, now),
            "moves": [to for (frm, to), who in TRANSITIONS.items() if frm is p.status and who == ADVISER],
        }
        for p in rows
    ]


def next_move(p: Positioning, now: datetime) -> str:
    """Who holds the next move and since when, in words: « l'organisme d'accueil, depuis 12 jours »."""
    holders = {who for (frm, _), who in TRANSITIONS.items() if frm is p.status}
    if not holders:
        return ""
    who = "l'organisme d'accueil" if HOST in holders and p.status is not S.PROPOSED else "la Mission Locale"
    days = (now - p.updated_at).days
    return f"{who}, depuis {days} jour{'s' if days > 1 else ''}" if days else f"{who}, depuis aujourd'hui"


def on_session(db: Session, session_id: int | None, today: date) -> list[dict[str, object]]:
    """The youths on a session, as much as the host may see: file number, age band and level."""
    rows = queries.on_session(db, session_id)
    youths = queries.youths_by_id(db, [p.youth_id for p in rows])
    out: list[dict[str, object]] = []
    for p in rows:
        youth = youths.get(p.youth_id) if p.youth_id else None
        out.append(
            {
                "p": p,
                "age_band": age_band(youth.birth_date, today) if youth else None,
                "level": youth.qualification_level if youth else None,
                "moves": host_moves(p.status),
                "waiting": waiting_since(p, utcnow()),
            }
        )
    return out


def waiting_counts(db: Session, session_ids: list[int | None]) -> dict[int, int]:
    return queries.waiting_counts(db, session_ids)


HOST_ANSWERS = (S.SELECTED, S.REFUSED, S.ENTERED, S.COMPLETED, S.ABANDONED)
SOON = timedelta(days=14)
RECENT = timedelta(days=7)


@dataclass(frozen=True)
class Todo:
    """What needs the adviser's attention today."""

    answers: list[tuple[Positioning, PositioningEvent]]  # hosts' answers and automatic closings, last 7 days
    unanswered: list[tuple[Positioning, int]]  # waiting for the host beyond the reminder delay (days)
    starting: list[tuple[Positioning, Target]]  # sessions starting within two weeks
    targets: dict[tuple[bool, int], Target]
    new_options: list[Notification]  # alerts of the last 7 days for the youths the adviser follows


def todo(db: Session, user: User, now: datetime, remind_after: timedelta) -> Todo:
    """Answers received, reminders due and sessions starting soon, for the adviser's Mission Locale."""
    family = access.mission_locale_family(db, user)
    answers = [(p, e) for p, e in queries.attention(db, family, now - RECENT) if _from_host(e)]
    open_rows = queries.open_of_family(db, family)
    targets = queries.targets_of(db, [*open_rows, *(p for p, _ in answers)])
    unanswered = [
        (p, (now - p.updated_at).days)
        for p in open_rows
        if p.status is S.POSITIONED and now - p.updated_at >= remind_after
    ]
    today = now.date()
    starting = []
    for p in open_rows:
        target = targets.get((True, p.session_id or 0)) if p.session_id else None
        start = getattr(target, "start_date", None)
        if target is not None and start is not None and today <= start <= today + SOON:
            starting.append((p, target))
    alerts = notifications.recent(db, user.pk, NEW_OPTION, now - RECENT)
    return Todo(answers, unanswered, sorted(starting, key=lambda x: x[1].start_date or today), targets, alerts)


def _from_host(e: PositioningEvent) -> bool:
    """An answer or an automatic step: what the adviser did not do themselves."""
    return e.to_status in HOST_ANSWERS or e.author_id is None


@dataclass(frozen=True)
class PartnerDelays:
    name: str
    positionings: int
    answered: int
    without_answer: int  # closed « sans réponse », or waiting beyond the reminder delay
    median_answer_days: float | None

    @property
    def share_without_answer(self) -> float | None:
        return round(100 * self.without_answer / self.positionings, 1) if self.positionings else None


@dataclass(frozen=True)
class Delays:
    """How fast partners answer and youths enter, and why positionings end: the Mission Locale's
    delays over a period (counts and medians, never a youth)."""

    positionings: int
    median_answer_days: float | None
    median_entry_days: float | None
    partners: list[PartnerDelays]
    reasons: list[tuple[PositioningReason, int]]


def delays(
    db: Session, family: set[int], since: datetime, until: datetime, now: datetime, remind_after: timedelta
) -> Delays:
    rows = queries.of_family_between(db, family, since, until)
    events = queries.events_by_positioning(db, [p.id for p in rows])
    targets = queries.targets_of(db, rows)
    hosts = queries.organisation_names(db, {t.organisation_id for t in targets.values()})
    answer_days: dict[str, list[float]] = {}
    entries, per_host, reasons = [], Counter[str](), Counter[PositioningReason]()
    answered, unanswered = Counter[str](), Counter[str]()
    for p in rows:
        target = targets.get((bool(p.session_id), p.session_id or p.offer_id or 0))
        host = hosts.get(target.organisation_id, "?") if target else "?"
        per_host[host] += 1
        history = events.get(p.id or 0, [])
        answer = next(
            (e for e in history if e.to_status in HOST_ANSWERS and e.reason is not PositioningReason.NO_ANSWER), None
        )
        if answer is not None:
            answered[host] += 1
            answer_days.setdefault(host, []).append(_days(p.created_at, answer.at))
        elif any(e.reason is PositioningReason.NO_ANSWER for e in history) or (
            p.status is S.POSITIONED and now - p.updated_at >= remind_after
        ):
            unanswered[host] += 1
        entered = next((e for e in history if e.to_status is S.ENTERED), None)
        if entered is not None:
            entries.append(_days(p.created_at, entered.at))
        reasons.update(e.reason for e in history if e.reason is not None)
    partners = [
        PartnerDelays(h, n, answered[h], unanswered[h], _median(answer_days.get(h, [])))
        for h, n in sorted(per_host.items(), key=lambda x: (-x[1], x[0]))
    ]
    all_answers = [d for days in answer_days.values() for d in days]
    return Delays(len(rows), _median(all_answers), _median(entries), partners, reasons.most_common())


def _days(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 86_400


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None
