"""`trainer certificates list|verify|revoke` and `trainer tracks list|validate`: certification
from the command line, on the configured database (or the demo's with --demo)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

EXIT_NOT_VALID = 1  # expired or revoked
EXIT_NOT_FOUND = 2

_demo = click.option(
    "--demo", is_flag=True, help="Use the demo database that `trainer demo` created."
)


def _row(certificate, status: str) -> dict:
    return {
        "id": certificate.public_id,
        "status": status,
        "holder": certificate.holder_name,
        "dealership": certificate.dealership.name,
        "track": certificate.track_id,
        "track_title": certificate.track_title,
        "issued_at": certificate.issued_at.isoformat(),
        "expires_at": certificate.expires_at.isoformat(),
        "revoked_at": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
        "verify_path": f"/verify/{certificate.public_id}",
    }


@click.group("certificates")
def certificates_group() -> None:
    """List, verify and revoke certificates."""


@certificates_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON array for machines.")
@_demo
def list_command(as_json: bool, demo: bool) -> None:
    """List every certificate, newest first, with its status now."""
    from trainer.cli_web import app_context
    from trainer.services import certificates

    with app_context(demo):
        rows = [_row(r.certificate, r.status) for r in certificates.everything()]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        click.echo("No certificates yet.")
    for r in rows:
        click.echo(
            f"{r['id']}  {r['status']:<8} {r['expires_at'][:10]}  {r['holder']}: "
            f"{r['track_title']} ({r['dealership']})"
        )


@certificates_group.command("verify")
@click.argument("public_id")
@click.option("--json", "as_json", is_flag=True, help="The result as JSON.")
@_demo
def verify_command(public_id: str, as_json: bool, demo: bool) -> None:
    """Say whether certificate PUBLIC_ID is valid (exit 0), expired or revoked (1), or not
    found (2)."""
    from trainer.cli_web import app_context
    from trainer.services import certificates, clock
    from trainer.services.errors import NotFound

    with app_context(demo):
        try:
            found = certificates.find_public(public_id.strip())
        except NotFound:
            row = None
        else:
            row = _row(found, found.status(clock.now()))
    if row is None:
        if as_json:
            click.echo(json.dumps({"id": public_id, "status": "not_found"}))
        else:
            click.echo(f"No certificate with the id '{public_id}'.", err=True)
        sys.exit(EXIT_NOT_FOUND)
    if as_json:
        click.echo(json.dumps(row, indent=2))
    else:
        click.echo(f"{row['status'].upper()}: {row['holder']}, {row['track_title']}")
        click.echo(f"  {row['dealership']}; issued {row['issued_at'][:10]}, valid until "
                   f"{row['expires_at'][:10]}" + (f"; revoked {row['revoked_at'][:10]}" if row["revoked_at"] else ""))  # fmt: skip
    sys.exit(0 if row["status"] == "valid" else EXIT_NOT_VALID)


@certificates_group.command("revoke")
@click.argument("public_id")
@click.option("--reason", required=True, help="Why (kept in the audit log).")
@_demo
def revoke_command(public_id: str, reason: str, demo: bool) -> None:
    """Revoke certificate PUBLIC_ID; its public page says so from now on."""
    from trainer.cli_web import app_context
    from trainer.services import certificates
    from trainer.services.errors import Invalid, NotFound

    with app_context(demo):
        try:
            found = certificates.find_public(public_id.strip())
            certificates.revoke(None, found, reason)
        except NotFound:
            click.echo(f"No certificate with the id '{public_id}'.", err=True)
            sys.exit(EXIT_NOT_FOUND)
        except Invalid as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"Revoked {found.public_id} ({found.holder_name}, {found.track_title}).")


@click.group("tracks")
def tracks_group() -> None:
    """Certification track files."""


@tracks_group.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def tracks_validate(paths: tuple[Path, ...]) -> None:
    """Check track files or folders (default: the bundled ones) against the scenarios."""
    from trainer.certification import load_track, load_tracks
    from trainer.paths import rubrics_dir
    from trainer.services.library import Library
    from trainer.yamldoc import FileError, Problem

    scenarios = set(Library.load().catalog.scenarios)
    folders = [p for p in paths if not p.is_file()] if paths else [rubrics_dir() / "tracks"]
    catalog = load_tracks(folders, scenarios)
    for folder in folders:
        if not folder.is_dir():
            catalog.problems.append(Problem(str(folder), None, "(file)", "no such file or folder"))
    for path in (p for p in paths if p.is_file()):
        try:
            track = load_track(path, scenarios)
        except FileError as exc:
            catalog.problems += exc.problems
        else:
            catalog.tracks[track.id] = track
    for problem in catalog.problems:
        click.echo(str(problem), err=True)
    click.echo(f"{len(catalog.tracks)} track(s) valid, {len(catalog.problems)} problem(s).")
    if catalog.problems:
        sys.exit(1)


@tracks_group.command("list")
def tracks_list() -> None:
    """List the bundled tracks."""
    from trainer.certification import load_tracks
    from trainer.paths import rubrics_dir

    for track in load_tracks([rubrics_dir() / "tracks"]).tracks.values():
        click.echo(
            f"{track.id:<28} v{track.version}  {track.title}  ({len(track.pool)} scenarios, "
            f"{track.time_limit_minutes} min, release {track.release}, "
            f"valid {track.validity_months} months)"
        )
