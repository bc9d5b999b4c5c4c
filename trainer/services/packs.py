"""Scenario packs: an organisation's own scenario files, uploaded by an admin, validated
before they can be enabled, with every problem shown by file, line and field."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path, PurePosixPath

from sqlalchemy import select

from trainer.extensions import db
from trainer.models import ScenarioPack, User
from trainer.scenarios import load_catalog
from trainer.services import audit
from trainer.services.errors import Invalid, NotFound
from trainer.services.training import current_library

MAX_FILES = 500
MAX_BYTES = 5 * 1024 * 1024


def _safe_name(name: str) -> str | None:
    """Return a plain file name for a YAML member, or None for anything else."""
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or path.name.startswith("."):
        return None
    if path.suffix.lower() not in (".yaml", ".yml"):
        return None
    return re.sub(r"[^A-Za-z0-9._-]", "_", path.name)


def _files_from(filename: str, data: bytes) -> dict[str, bytes]:
    if filename.lower().endswith(".zip"):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise Invalid("That file is not a readable zip archive.", "file") from None
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > MAX_FILES or sum(m.file_size for m in members) > MAX_BYTES:
            raise Invalid(f"A pack may hold at most {MAX_FILES} files and 5 MB.", "file")
        files = {}
        for member in members:
            name = _safe_name(member.filename)
            if name:
                files[name] = archive.read(member)
        return files
    name = _safe_name(filename)
    if not name:
        raise Invalid("Upload a .zip of scenario files, or one .yaml scenario file.", "file")
    return {name: data}


def upload(actor: User, name: str, filename: str, data: bytes, packs_folder: Path) -> ScenarioPack:
    """Store an uploaded pack and validate it; it is enabled only by `enable`."""
    if not (name or "").strip():
        raise Invalid("Name the pack.", "name")
    if len(data) > MAX_BYTES:
        raise Invalid("A pack may be at most 5 MB.", "file")
    files = _files_from(filename or "", data)
    if not files:
        raise Invalid("The archive holds no .yaml scenario files.", "file")
    pack = ScenarioPack(name=name.strip(), folder="", status="invalid", uploaded_by_id=actor.id)
    db.session.add(pack)
    db.session.flush()
    folder = packs_folder / f"pack-{pack.id}"
    folder.mkdir(parents=True, exist_ok=True)
    for file_name, content in files.items():
        (folder / file_name).write_bytes(content)
    pack.folder = str(folder)
    validate(pack)
    audit.record(
        actor,
        "pack.upload",
        "scenario_pack",
        pack.id,
        name=pack.name,
        status=pack.status,
        files=len(files),
    )
    db.session.commit()
    return pack


def validate(pack: ScenarioPack) -> None:
    """Check a pack's files, and that its ids do not clash with the library's."""
    base = current_library()
    catalog = load_catalog([Path(pack.folder)], set(base.rubrics))
    problems = [p.as_dict() for p in catalog.problems]
    for scenario_id, found in catalog.scenarios.items():
        if scenario_id in base.catalog.scenarios and pack.status != "enabled":
            problems.append(
                {
                    "file": found.source_file,
                    "line": 1,
                    "field": "id",
                    "message": f"id '{scenario_id}' is already in the library",
                    "hint": "give the scenario a new id",
                }
            )
    pack.problems = problems
    pack.scenario_ids = sorted(catalog.scenarios)
    if pack.status != "enabled":
        pack.status = "invalid" if problems or not catalog.scenarios else "valid"


def require_pack(pack_id: int) -> ScenarioPack:
    """Return a pack or raise NotFound."""
    pack = db.session.get(ScenarioPack, pack_id)
    if pack is None:
        raise NotFound("No such pack.")
    return pack


def enable(actor: User, pack_id: int) -> ScenarioPack:
    """Enable a pack that validated; its scenarios join the catalogue."""
    pack = require_pack(pack_id)
    validate(pack)
    if pack.status != "valid":
        raise Invalid(
            "Only a pack without problems can be enabled; fix the files and upload it again."
        )
    pack.status = "enabled"
    audit.record(actor, "pack.enable", "scenario_pack", pack.id, name=pack.name)
    db.session.commit()
    return pack


def disable(actor: User, pack_id: int) -> ScenarioPack:
    """Take an enabled pack's scenarios out of the catalogue (attempts keep their results)."""
    pack = require_pack(pack_id)
    pack.status = "disabled"
    audit.record(actor, "pack.disable", "scenario_pack", pack.id, name=pack.name)
    db.session.commit()
    return pack


def all_packs() -> list[ScenarioPack]:
    """Return every pack, newest first."""
    return list(db.session.scalars(select(ScenarioPack).order_by(ScenarioPack.id.desc())))
