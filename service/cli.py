"""The `passerelle` command line."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import uvicorn
from sqlalchemy.engine import Engine

from service import migrate
from service.db import make_engine, transaction
from service.http.request_log import LOG_CONFIG
from service.interop.schemas import ImportReport
from service.models import Role
from service.referentials import service as referentials
from service.settings import Settings, get_settings

if TYPE_CHECKING:
    from service.runtime import Runtime

app = typer.Typer(help="Passerelle: partenaires et offre de formation des Missions Locales.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
import_app = typer.Typer(help="Imports from partners' files.", no_args_is_help=True)
referentials_app = typer.Typer(help="Reference data.", no_args_is_help=True)
users_app = typer.Typer(help="User accounts.", no_args_is_help=True)
geo_app = typer.Typer(help="Gazetteer.", no_args_is_help=True)
transit_app = typer.Typer(help="Public-transport timetables (GTFS).", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(import_app, name="import")
app.add_typer(referentials_app, name="referentials")
app.add_typer(users_app, name="users")
app.add_typer(geo_app, name="geo")
app.add_typer(transit_app, name="transit")


@contextmanager
def command_engine() -> Iterator[Engine]:
    """The configured database, its connections closed when the command ends."""
    engine = make_engine(get_settings().database_url)
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def _refused_as_a_whole(what: str) -> Iterator[None]:
    """A file refused as a whole: its reason on stderr and exit status 1, nothing written."""
    from geo.errors import GeoError
    from service.http.problems import DomainError

    try:
        yield
    except (DomainError, GeoError) as exc:  # each says its reason as its message
        typer.echo(f"{what} refusé : {exc}", err=True)
        raise typer.Exit(1) from None


# A file to read: a missing one is told as such (exit 2), not met with a traceback.
ExistingFile = Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)]


@contextmanager
def command_runtime() -> Iterator["Runtime"]:
    from service.runtime import build_runtime

    with command_engine() as engine:
        yield build_runtime(get_settings(), engine)


@app.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: Annotated[int, typer.Option(min=1, max=32)] = 1,
) -> None:
    """Serve the API and pages (each worker keeps its own matching index)."""
    settings = get_settings()
    if workers > 1 and settings.rate_limit_storage.startswith("memory"):
        typer.echo(
            f"Warning: each of the {workers} workers counts the rate limits on its own, so a client gets "
            f"up to {workers} times {settings.login_rate_limit} logins; set "
            "PASSERELLE_RATE_LIMIT_STORAGE=redis://host:6379/0 for one count.",
            err=True,
        )
    uvicorn.run(
        "service.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        limit_concurrency=settings.max_concurrent_requests,
        access_log=False,
        log_config=LOG_CONFIG,
        **proxy_options(settings),
    )


def proxy_options(settings: Settings) -> dict[str, Any]:
    """uvicorn believes forwarded headers from loopback by default: only the listed proxies here."""
    trusted = settings.trusted_proxies.strip()
    return {"proxy_headers": bool(trusted), "forwarded_allow_ips": trusted or None}


@transit_app.command("import")
def transit_import(
    feed: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A GTFS zip.")],
    name: Annotated[str | None, typer.Option(help="Default: the file's name without .zip.")] = None,
) -> None:
    """Import (or replace) a GTFS feed, then compute every covered commune's morning journeys
    over all feeds. A broken feed is refused as a whole; the previous data stays in use."""
    from datetime import date

    from rich.progress import Progress

    from service.transit import service as transit

    label = (name or feed.stem)[:100]
    with _refused_as_a_whole("Flux"), command_runtime() as runtime, Progress() as bar:
        task = bar.add_task("lecture et contrôle du flux", total=None)

        def progress(step: str, done: int, total: int) -> None:
            bar.update(task, description=step, completed=done, total=total)

        with transaction(runtime.engine) as db:
            row = transit.import_feed(
                db,
                runtime.gazetteer,
                runtime.settings.transit,
                runtime.settings.travel.model(),
                label,
                feed.read_bytes(),
                date.today(),
                progress,
            )
            entry = transit.table(db)
    typer.echo(
        f"Feed {row.name} (version {row.version}) imported: {row.stops} stops, {row.routes} routes, {row.trips} trips, "
        f"valid {row.valid_from} to {row.valid_until}."
    )
    if entry is not None:
        typer.echo(
            f"Journeys for {len(entry.communes)} communes on {entry.reference_day:%A %d %B %Y} "
            f"({entry.size_bytes / 2**20:.1f} MB)."
        )


@transit_app.command("list")
def transit_list() -> None:
    """The loaded feeds, and the morning the journeys describe."""
    from service.transit import service as transit

    with command_engine() as engine, transaction(engine) as db:
        for f in transit.feeds(db):
            typer.echo(
                f"{f.name}\tversion {f.version}\t{f.valid_from} → {f.valid_until}\t{f.stops} stops\t{f.routes} routes"
            )
        entry = transit.table(db)
        typer.echo(
            f"Reference day {entry.reference_day}, {len(entry.communes)} communes covered."
            if entry
            else "No timetable loaded: public-transport times are estimates."
        )


@transit_app.command("remove")
def transit_remove(name: str) -> None:
    """Remove a feed; the journeys are computed again from the others."""
    from datetime import date

    from service.transit import service as transit

    with _refused_as_a_whole("Flux"), command_runtime() as runtime, transaction(runtime.engine) as db:
        transit.remove_feed(
            db, runtime.gazetteer, runtime.settings.transit, runtime.settings.travel.model(), name, date.today()
        )
    typer.echo(f"Feed {name} removed.")


@app.command("follow-up")
def follow_up_command() -> None:
    """One pass of the follow-up: remind the hosts of positionings unanswered for
    PASSERELLE_REMIND_AFTER_DAYS, close as « sans réponse » those unanswered for
    PASSERELLE_CLOSE_AFTER_DAYS."""
    for line in _follow_up_pass():
        typer.echo(line)


@app.command()
def worker(every: Annotated[int, typer.Option(min=5, help="Seconds between two passes.")] = 60) -> None:
    """The background work (`make run` starts it): at each pass, the follow-up of positionings,
    then the e-mails of the outbox (each marked sent in its own transaction)."""
    import time

    while True:
        for line in [*_follow_up_pass(), *_delivery_pass()]:
            typer.echo(line)
        time.sleep(every)


def _delivery_pass() -> list[str]:
    from service.models.fields import utcnow
    from service.notifications.service import deliver_next

    settings = get_settings()
    if not settings.smtp_host:
        return []
    sent = failed = 0
    with command_engine() as engine:
        while True:
            with transaction(engine) as db:
                done = deliver_next(db, settings, utcnow())
            if done is None:
                break
            sent, failed = sent + done, failed + (not done)
            if not done:
                break  # the server is down: the others wait for the next pass
    return [f"{sent} e-mails sent, {failed} to retry."] if sent or failed else []


def _follow_up_pass() -> list[str]:
    from datetime import timedelta

    from service.models.fields import utcnow
    from service.positionings.service import follow_up

    settings = get_settings()
    with command_engine() as engine, transaction(engine) as db:
        done = follow_up(
            db, utcnow(), timedelta(days=settings.remind_after_days), timedelta(days=settings.close_after_days)
        )
    return [f"{len(done.reminded)} positionings reminded, {len(done.closed)} closed without an answer."]


@app.command()
def coverage(
    rome: Annotated[str, typer.Option(help="ROME code, domain (J15, F) or sector.")],
    territory: Annotated[
        str, typer.Option(help="A Mission Locale's id, dep:NN for a department, or network.")
    ] = "network",
    profile: Annotated[str, typer.Option(help="walk_pt_45, walk_pt_60, walk_30, bike_30, moped_30, car_45.")] = (
        "walk_pt_45"
    ),
    max_minutes: Annotated[int | None, typer.Option(min=5, max=240)] = None,
    kinds: Annotated[list[str] | None, typer.Option("--kind", help="session, job, apprenticeship, … (repeat).")] = None,
    k: Annotated[int, typer.Option(min=1, max=10, help="How many places to propose.")] = 3,
    candidates: Annotated[str, typer.Option(help="all, partners, sites or stations.")] = "all",
) -> None:
    """Print a territory's coverage for a job family (white zones, youths left out, equity) and
    the K communes where a new site would cover most youths: for scheduled reports."""
    from matching.vocabulary import ItemKind
    from service.coverage import service as cover
    from service.coverage.schemas import proposal_summary
    from service.http.problems import DomainError
    from service.models import User

    operator = User(email="cli@passerelle", role=Role.ADMIN)  # reports count every Mission Locale's youths
    with command_runtime() as runtime, transaction(runtime.engine) as db:
        try:
            found = cover.coverage_map(
                runtime,
                db,
                operator,
                rome,
                cover.Scope.parse(territory),
                [ItemKind(x) for x in kinds or []],
                profile,
                None,
                max_minutes,
            )
            if candidates not in ("all", "partners", "sites", "stations"):
                raise DomainError("candidates : all, partners, sites ou stations.", "candidates")
            picks = cover.proposals(runtime, db, found, k, candidates)  # type: ignore[arg-type]
        except (DomainError, ValueError) as exc:
            raise typer.BadParameter(getattr(exc, "detail", str(exc))) from None
    for line in coverage_report(found, [proposal_summary(p, found.asked.mobility.label) for p in picks]):
        typer.echo(line)


def coverage_report(found: Any, picks: list[str]) -> list[str]:
    white, asked = found.white, found.asked
    youths = sum(r.place.youths for r in found.reaches)
    e = found.equity
    share = f"{e.everyone.percent} %" if e.everyone.percent is not None else "moins de 5 jeunes"
    return [
        f"{found.territory.label} — {asked.family} ({len(asked.codes)} codes ROME), {asked.mobility.label}",
        f"{found.options} solutions ouvertes ; {found.travel_note}",
        f"{len(white)} communes sur {len(found.reaches)} en zone blanche ; "
        f"{sum(r.place.youths for r in white)} jeunes suivis sur {youths} y habitent ; "
        f"{sum(r.place.population for r in white)} habitants",
        f"Jeunes qui atteignent au moins une solution : {share}",
        "Où implanter :",
        *(f"  {i}. {line}" for i, line in enumerate(picks, 1)),
    ]


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    migrate.upgrade(get_settings().database_url, revision)
    typer.echo(f"Database at {revision}.")


@db_app.command("downgrade")
def db_downgrade(revision: str = "base") -> None:
    migrate.downgrade(get_settings().database_url, revision)
    typer.echo(f"Database at {revision}.")


@users_app.command("create")
def users_create(
    email: str,
    role: Role,
    organisation_id: Annotated[int | None, typer.Option("--organisation", help="Organisation id.")] = None,
    password: Annotated[str | None, typer.Option(help="Omit for a token-only account.")] = None,
    token: Annotated[
        bool, typer.Option("--token", help="Also print an API token (shown once, stored hashed).")
    ] = False,
    days: Annotated[int | None, typer.Option(help="The token's lifetime (default and maximum: settings).")] = None,
    long_lived: Annotated[
        bool, typer.Option("--long-lived", help="A token that never expires: a machine account's, listed as such.")
    ] = False,
) -> None:
    """Create a user; with --token, print an API token that expires (or, --long-lived, a machine
    account's token that does not)."""
    from datetime import timedelta

    from service.accounts.passwords import WeakPassword
    from service.accounts.service import create_user, issue_token
    from service.network.queries import organisation

    settings = get_settings()
    lifetime_days = days or settings.api_token_days
    if not 0 < lifetime_days <= settings.api_token_max_days:
        raise typer.BadParameter(f"between 1 and {settings.api_token_max_days} days", param_hint="--days")
    with command_engine() as engine, transaction(engine) as db:
        if role is not Role.ADMIN and (organisation_id is None or organisation(db, organisation_id) is None):
            raise typer.BadParameter(
                "an existing --organisation is required for this role", param_hint="--organisation"
            )
        try:
            user = create_user(db, email, role, organisation_id, password)
        except WeakPassword as exc:
            raise typer.BadParameter(str(exc), param_hint="--password") from None
        user.machine = long_lived
        typer.echo(f"User {user.id} created: {user.email} ({role.value}{', machine account' if long_lived else ''}).")
        if token or long_lived:
            typer.echo(issue_token(db, user, "cli", None if long_lived else timedelta(days=lifetime_days)))


@users_app.command("deactivate")
def users_deactivate(email: str) -> None:
    """The account can no longer log in; its tokens and page sessions stop working at once."""
    from service.accounts.service import account, deactivate

    with _refused_as_a_whole("Compte"), command_engine() as engine, transaction(engine) as db:
        revoked = deactivate(db, None, account(db, email))
    typer.echo(f"{email} deactivated; {revoked} tokens revoked.")


@users_app.command("revoke-tokens")
def users_revoke_tokens(email: str) -> None:
    """Revoke every token and page session of the account (it may log in again)."""
    from service.accounts.service import account, revoke_tokens

    with _refused_as_a_whole("Compte"), command_engine() as engine, transaction(engine) as db:
        revoked = revoke_tokens(db, account(db, email))
    typer.echo(f"{revoked} tokens of {email} revoked.")


@users_app.command("list")
def users_list() -> None:
    """Every account: role, organisation, whether it is active, and the machine accounts."""
    from service.accounts.service import all_users

    with command_engine() as engine, transaction(engine) as db:
        for u in all_users(db):
            flags = ", ".join(f for f, on in (("machine account", u.machine), ("deactivated", not u.is_active)) if on)
            typer.echo(f"{u.id}\t{u.email}\t{u.role.value}\t{u.organisation_id or '-'}\t{flags}")


@app.command()
def purge(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List what would be removed; remove nothing.")] = False,
) -> None:
    """Erase youth files inactive longer than the retention (PASSERELLE_RETENTION_MONTHS, default 24)."""
    from service.models.fields import utcnow
    from service.youths.service import purge_inactive, retention_cutoff

    months = get_settings().retention_months
    now = utcnow()
    with command_engine() as engine, transaction(engine) as db:
        removed = purge_inactive(db, now, months, dry_run)
        for y in removed:
            typer.echo(
                f"  youth {y.id} (Mission Locale {y.mission_locale_id}), last activity {y.last_activity_at:%Y-%m-%d}"
            )
    verb = "would be erased" if dry_run else "erased"
    typer.echo(f"{len(removed)} youth files inactive since before {retention_cutoff(now, months):%Y-%m-%d} {verb}.")


@import_app.command("lheo")
def import_lheo(
    file: ExistingFile,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report what would change; write nothing.")] = False,
) -> None:
    """Training offers in LHEO 2.3 XML: training bodies by SIRET, sessions updated on re-import."""
    from service.interop import lheo
    from service.interop.lheo_import import import_sessions

    with _refused_as_a_whole("Fichier"):
        sessions = lheo.read(file.read_bytes(), get_settings().import_max_bytes)
        with (
            command_runtime() as runtime,
            transaction(runtime.engine) as db,
            typer.progressbar(length=len(sessions), label="Sessions") as bar,
        ):
            report = import_sessions(db, runtime.places, sessions, dry_run=dry_run, progress=bar.update)
    print_report(report)


@import_app.command("organisations")
def import_organisations_command(
    file: ExistingFile,
    format: Annotated[str, typer.Option(help="csv (docs/interop.md) or data-inclusion (JSON).")] = "csv",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report what would change; write nothing.")] = False,
) -> None:
    """A partner directory: organisations matched on SIRET (or external id), line-by-line report."""
    from service.interop.directories import csv_rows, data_inclusion_rows, decoded, import_organisations

    if format not in ("csv", "data-inclusion"):
        raise typer.BadParameter("csv or data-inclusion", param_hint="--format")
    with _refused_as_a_whole("Fichier"):
        text = decoded(file.read_bytes())
        rows = list(csv_rows(text) if format == "csv" else data_inclusion_rows(text))
        with (
            command_runtime() as runtime,
            transaction(runtime.engine) as db,
            typer.progressbar(rows, label="Organisations") as bar,
        ):
            report = import_organisations(db, runtime.places, bar, dry_run=dry_run)
    print_report(report)


@referentials_app.command("import-rome")
def import_rome(folder: Annotated[Path, typer.Argument(exists=True, file_okay=False)]) -> None:
    """The official ROME files (codes, appellations, mobility links); replaces the packaged subset."""
    from matching.rome import referential_from_rows
    from service.interop.rome_files import read_rome_folder

    with _refused_as_a_whole("Référentiel"):
        referential = referential_from_rows(read_rome_folder(folder))
    with command_engine() as engine, transaction(engine) as db:
        referentials.replace_rome(db, referential.codes)
    typer.echo(
        f"{len(referential.codes)} ROME codes imported, "
        f"{sum(len(c.appellations) for c in referential.codes)} appellations; restart the service to use them."
    )


def print_report(report: ImportReport) -> None:
    typer.echo(
        f"{'Dry run: ' if report.dry_run else ''}{report.created} created, {report.updated} updated, "
        f"{report.rejected} rejected; {report.organisations_created} organisations created."
    )
    for r in report.rejections:
        typer.echo(f"  line {r.line} ({r.reference}): {r.reason}")


@geo_app.command("import-communes")
def import_communes(file: ExistingFile) -> None:
    """Load an official communes file (data.gouv.fr or La Poste CSV, see docs/geo.md)."""
    from geo.commune_files import read_commune_file
    from service.interop.directories import decoded

    with _refused_as_a_whole("Fichier"):
        communes = read_commune_file(decoded(file.read_bytes()))
    with command_engine() as engine, transaction(engine) as db:
        referentials.import_communes(db, communes)
    typer.echo(f"{len(communes)} communes imported.")
