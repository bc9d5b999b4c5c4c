"""Grade many messages from a JSONL or CSV file: one output line per input line, in order.

This is how a consultant audits what a store's team actually sent, exported from its CRM.
Input is read lazily and at most a fixed number of chunks are in flight across the worker
processes, so memory stays flat however long the file. A bad line yields
{"id": ..., "error": "..."} and the run goes on.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from trainer.scenarios import step_context
from trainer.scoring import Context, ContextError, Scorecard, grade
from trainer.services.library import Library, LibraryError

BATCH_CHANNELS = ("email", "text", "voicemail")
CONTEXT_KEYS = ("stage", "day", "customer_name", "vehicle", "customer_message", "objection")
CSV_INPUT_COLUMNS = ("id", "channel", "message", *CONTEXT_KEYS, "scenario")
CSV_OUTPUT_COLUMNS = (
    "id",
    "reconnection",
    "urgency",
    "trust",
    "follow_up",
    "overall",
    "feedback",
    "error",
)
CHUNK = 200

_library: Library | None = None


class ItemError(ValueError):
    """One input line is malformed; the message says what was wrong."""


def _worker_init(rubric_dirs: list[Path], scenario_dirs: list[Path]) -> None:
    global _library
    _library = Library.load(rubric_dirs, scenario_dirs)


def result_record(item_id: Any, card: Scorecard) -> dict[str, Any]:
    """Return the output record of one graded line (the batch contract)."""
    record: dict[str, Any] = {
        "id": item_id,
        "scores": card.scores,
        "overall": card.overall,
        "evidence": [
            {k: v for k, v in e.as_dict().items() if k != "spans"}
            | {"spans": [list(s) for s in e.spans]}
            for e in card.evidence
        ],
        "feedback": card.feedback,
    }
    if card.language != "en":
        record["language"] = card.language
    return record


def grade_item(library: Library, item: Any) -> dict[str, Any]:
    """Grade one parsed input item; raise ItemError if it is malformed."""
    if not isinstance(item, dict):
        raise ItemError("each line must be a JSON object")
    item_id = item.get("id")
    if not isinstance(item_id, str) or not item_id:
        raise ItemError('"id" must be a non-empty string')
    channel = item.get("channel")
    if channel not in BATCH_CHANNELS:
        raise ItemError(f'"channel" must be one of {", ".join(BATCH_CHANNELS)}, not {channel!r}')
    message = item.get("message")
    if not isinstance(message, str):
        raise ItemError('"message" must be a string')
    scenario_ref = item.get("scenario")
    if scenario_ref is not None:
        if not isinstance(scenario_ref, str):
            raise ItemError('"scenario" must be a scenario id')
        if item.get("context"):
            raise ItemError('give either "scenario" or "context", not both')
        try:
            scenario = library.scenario(scenario_ref)
        except LibraryError as exc:
            raise ItemError(str(exc).splitlines()[0]) from None
        step = next((s for s in scenario.steps if s.channel == channel), scenario.steps[0])
        context = step_context(scenario, step, channel)
    else:
        try:
            context = Context.from_mapping(item.get("context"), channel)
        except ContextError as exc:
            raise ItemError(str(exc)) from None
    card = grade(message, library.rubric_for_channel(channel), context)
    return result_record(item_id, card)


def _safe_id(item: Any) -> Any:
    return item.get("id") if isinstance(item, dict) else None


def grade_line(library: Library, line: str | dict[str, Any]) -> dict[str, Any]:
    """Grade one JSONL line (or one CSV row already parsed); never raise for bad input."""
    item: Any = line
    if isinstance(line, str):
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            return {"id": None, "error": f"not valid JSON: {exc.msg} at column {exc.colno}"}
    elif isinstance(line, dict) and "__error__" in line:
        return {"id": line.get("id"), "error": line["__error__"]}
    try:
        return grade_item(library, item)
    except ItemError as exc:
        return {"id": _safe_id(item), "error": str(exc)}
    except Exception as exc:  # a bug must not end a 100,000-line audit; report it on the line
        return {
            "id": _safe_id(item),
            "error": f"internal error while grading: {type(exc).__name__}: {exc}",
        }


def _grade_chunk(lines: list[str | dict[str, Any]]) -> list[dict[str, Any]]:
    assert _library is not None, "worker not initialised"
    return [grade_line(_library, line) for line in lines]


def csv_row_item(row: dict[str, Any]) -> dict[str, Any]:
    """Turn a CSV row (context keys flattened into columns) into a batch item."""
    item: dict[str, Any] = {k: row.get(k) for k in ("id", "channel", "message")}
    if row.get("scenario"):
        item["scenario"] = row["scenario"]
    context: dict[str, Any] = {}
    for key in CONTEXT_KEYS:
        value = (row.get(key) or "").strip()
        if not value:
            continue
        if key == "day":
            if not value.isdigit():
                return {
                    "id": row.get("id"),
                    "__error__": f"context.day must be a whole number, not {value!r}",
                }
            context[key] = int(value)
        else:
            context[key] = value
    if context:
        item["context"] = context
    return item


def read_items(path: Path, stream: IO[str] | None = None) -> Iterator[str | dict[str, Any]]:
    """Yield the input items of a JSONL or CSV file lazily (blank JSONL lines skipped)."""
    handle = stream if stream is not None else path.open(encoding="utf-8", newline="")
    try:
        if path.suffix.lower() == ".csv":
            reader = csv.DictReader(handle)
            missing = [
                c for c in ("id", "channel", "message") if c not in (reader.fieldnames or [])
            ]
            if missing:
                raise ItemError(f"{path}: the CSV header lacks column(s): {', '.join(missing)}")
            for row in reader:
                yield csv_row_item(row)
        else:
            for line in handle:
                if line.strip():
                    yield line
    finally:
        if stream is None:
            handle.close()


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def write_record(out: IO[str], record: dict[str, Any], fmt: str) -> None:
    """Write one output record as a JSON line or a CSV row."""
    if fmt == "jsonl":
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    scores = record.get("scores") or {}
    row = {
        "id": record.get("id"),
        **{k: scores.get(k) for k in ("reconnection", "urgency", "trust", "follow_up")},
        "overall": record.get("overall"),
        "feedback": " | ".join(record.get("feedback", [])),
        "error": record.get("error", ""),
    }
    csv.DictWriter(out, CSV_OUTPUT_COLUMNS, lineterminator="\n").writerow(row)


@dataclass
class BatchReport:
    """What a batch run did."""

    lines: int = 0
    errors: int = 0
    seconds: float = 0.0


def run_batch(
    items: Iterable[str | dict[str, Any]],
    out: IO[str],
    library: Library,
    *,
    workers: int = 1,
    fmt: str = "jsonl",
    progress: Callable[[int, float], None] | None = None,
) -> BatchReport:
    """Grade every item and write one record per item, in input order."""
    report = BatchReport()
    started = time.perf_counter()
    last_progress = started
    if fmt == "csv":
        csv.DictWriter(out, CSV_OUTPUT_COLUMNS, lineterminator="\n").writeheader()

    def emit(records: list[dict[str, Any]]) -> None:
        nonlocal last_progress
        for record in records:
            write_record(out, record, fmt)
            report.lines += 1
            report.errors += "error" in record
        now = time.perf_counter()
        if progress and now - last_progress >= 2.0:
            progress(report.lines, now - started)
            last_progress = now

    if workers <= 1:
        for chunk in _chunks(items, CHUNK):
            emit([grade_line(library, line) for line in chunk])
    else:
        with ProcessPoolExecutor(
            max_workers=workers,
            initializer=_worker_init,
            initargs=(library.rubric_dirs, library.scenario_dirs),
        ) as pool:
            pending: deque[Future[list[dict[str, Any]]]] = deque()
            for chunk in _chunks(items, CHUNK):
                pending.append(pool.submit(_grade_chunk, chunk))
                if len(pending) >= workers * 3:  # bounded: memory stays flat
                    emit(pending.popleft().result())
            while pending:
                emit(pending.popleft().result())
    report.seconds = time.perf_counter() - started
    if progress and report.seconds >= 2.0:
        progress(report.lines, report.seconds)
    return report


def stderr_progress(lines: int, seconds: float) -> None:
    """Print batch progress on standard error."""
    rate = lines / seconds if seconds else 0.0
    print(f"graded {lines:,} lines in {seconds:.1f} s ({rate:,.0f}/s)", file=sys.stderr, flush=True)
