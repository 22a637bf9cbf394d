"""`stalkscreen serve` (the web app), `stalkscreen users` (who may sign in) and `stalkscreen audit`
(the web app's audit log and its hash chain)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from stalkscreen import store
from stalkscreen.cli.output import Format, emit, say
from stalkscreen.errors import StalkscreenError

WEB_DB = typer.Option(None, "--web-db", envvar="STALKSCREEN_WEB_DB",
                      help="The web app's own file (users, sessions, audit log). Default: beside the store, NAME.web.duckdb.")


def _web_path(ctx: typer.Context, web_db: Optional[Path]) -> Path:
    from stalkscreen.web import webdb
    return web_db or webdb.default_path(Path(ctx.obj["db"] or store.default_path()))


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (default this machine only)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    web_db: Optional[Path] = WEB_DB,
    session_hours: float = typer.Option(8.0, "--session-hours", help="How long a sign-in lasts."),
) -> None:
    """Serve the web app (sessions use secure cookies: put TLS in front of anything but this machine)."""
    db = Path(ctx.obj["db"] or store.default_path())
    serve_store(db, _web_path(ctx, web_db), ctx.obj["offences"], host, port, session_hours)


def serve_store(db: Path, web: Path, offences: Optional[Path], host: str, port: int, session_hours: float = 8.0) -> None:
    """Serve the app over the store db until stopped (`serve`, and the end of `demo`)."""
    import uvicorn

    from stalkscreen.web.app import create_app
    from stalkscreen.web.config import WebSettings

    store.connect(db, read_only=True).close()  # a missing or foreign store fails here, not on the first page
    settings = WebSettings(store=db, web=web, offences=offences, session_hours=session_hours)
    say(f"serving {db} on http://{host}:{port} (users and audit log in {settings.web}); Ctrl-C stops it")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


users_app = typer.Typer(help="Who may sign in to the web app, and with which role.", no_args_is_help=True)


@users_app.command("add")
def add_user(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The user name (one word)."),
    role: str = typer.Option(..., "--role", help="analyst, investigator, supervisor, registrar, auditor or admin."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from the first line of stdin instead of asking."),
    web_db: Optional[Path] = WEB_DB,
) -> None:
    """Add a user; the password is asked for (or read from stdin) and stored only as an argon2 hash."""
    from stalkscreen.web import users

    users.check_role(role)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    users.add(_web_path(ctx, web_db), name, role, password)
    say(f"added {name} as {role}")


@users_app.command("disable")
def disable_user(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The user name."),
    web_db: Optional[Path] = WEB_DB,
) -> None:
    """Stop a user signing in; their open sessions end at once."""
    from stalkscreen.web import users

    users.disable(_web_path(ctx, web_db), name)
    say(f"disabled {name}")


@users_app.command("list")
def list_users(
    ctx: typer.Context,
    web_db: Optional[Path] = WEB_DB,
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json."),
) -> None:
    """List users with their roles and whether they may sign in."""
    from stalkscreen.web import users

    emit(users.listing(_web_path(ctx, web_db)), fmt, ["name", "role", "active", "created_at", "disabled_at"], title="users")


audit_app = typer.Typer(help="The web app's audit log: who saw or changed what, when and why.", no_args_is_help=True)


@audit_app.command("verify")
def verify(ctx: typer.Context, web_db: Optional[Path] = WEB_DB) -> None:
    """Check the audit log's hash chain; exit 2 naming the first entry that does not hold."""
    from stalkscreen.web import audit

    verdict = audit.verify(_web_path(ctx, web_db))
    if not verdict.intact:
        raise StalkscreenError(f"the audit log is broken at entry {verdict.broken_at}: {verdict.problem}",
                               hint="entries before it are intact; keep a copy of the file as evidence")
    say(f"the audit log holds: {verdict.entries} entries, last hash {verdict.last_hash}")


@audit_app.command("list")
def list_entries(
    ctx: typer.Context,
    user: Optional[str] = typer.Option(None, "--user", help="Only this user's entries."),
    action: Optional[str] = typer.Option(None, "--action", help="Only this action (view, search, change, sign_in, ...)."),
    limit: int = typer.Option(100, "--limit", min=1, help="At most this many entries, newest first."),
    web_db: Optional[Path] = WEB_DB,
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json."),
) -> None:
    """List audit entries, newest first."""
    from stalkscreen.web import audit

    emit(audit.entries(_web_path(ctx, web_db), user, action, limit), fmt,
         ["seq", "at", "user_name", "role", "action", "what", "purpose", "detail"], title="audit log")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(users_app, name="users")
    app.add_typer(audit_app, name="audit")
