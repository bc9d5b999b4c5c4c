"""Grade many messages from a JSONL or CSV file: one output line per input line, in order.

This is how a consultant audits what a store's team actually sent, exported from its CRM.
Input is read lazily and at most a fixed number of chunks are in flight across the worker
processes, so memory stays flat however long the file. A bad line yields
{"id": ..., "line": N, "error": "..."} and the run goes on; if the file itself cannot be
read further, everything graded so far is written first and the error says where it stopped.
"""

from __future__ import annotations

import csv
import io
import json
import re
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from trainer.scoring import Context, ContextError, Scorecard
from trainer.scoring.context import CONTEXT_KEYS
from trainer.services.grading import grade_message, grade_step_answer
from trainer.services.library import Library, LibraryError

BATCH_CHANNELS = ("email", "text", "voicemail")
CSV_OUTPUT_COLUMNS = (
    "id", "line", "reconnection", "urgency", "trust", "follow_up", "overall", "feedback", "error",
)  # fmt: skip
CHUNK = 200
_WHOLE_NUMBER = re.compile(r"[0-9]+")

_library: Library | None = None

Item = tuple[int, "str | dict[str, Any]"]  # (input line number, raw line or parsed CSV row)


class ItemError(ValueError):
    """One input line is malformed; the message says what was wrong."""


class BatchInputError(Exception):
    """The input file could not be read to the end; `lines` were graded and written."""

    def __init__(self, message: str, lines: int):
        super().__init__(message)
        self.lines = lines


def _worker_init(rubric_dirs: list[Path], scenario_dirs: list[Path]) -> None:
    global _library
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    _library = Library.from_folders(rubric_dirs, scenario_dirs)


def result_record(item_id: Any, card: Scorecard) -> dict[str, Any]:
    """Return the output record of one graded line (the batch contract)."""
    record: dict[str, Any] = {
        "id": item_id,
        "scores": card.scores,
        "overall": card.overall,
        "evidence": [e.as_dict() for e in card.evidence],
        "feedback": card.feedback,
    }
    if card.language != "en":
        record["language"] = card.language
    if card.text_changed:
        record["graded_text"] = card.text  # evidence spans index this text
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
    if scenario_ref is None:
        try:
            context = Context.from_mapping(item.get("context"), channel)
        except ContextError as exc:
            raise ItemError(str(exc)) from None
        return result_record(item_id, grade_message(library, channel, message, context))
    if not isinstance(scenario_ref, str) or scenario_ref.endswith((".yaml", ".yml")):
        raise ItemError('"scenario" must be the id of a scenario in the catalogue')
    if item.get("context"):
        raise ItemError('give either "scenario" or "context", not both')
    try:
        scenario = library.scenario(scenario_ref)
        step = next((s for s in scenario.steps if s.channel == channel), scenario.steps[0])
        _, card = grade_step_answer(library, scenario, step.id, message, channel)
    except LibraryError as exc:
        raise ItemError(str(exc)) from None
    return result_record(item_id, card)


def _safe_id(item: Any) -> Any:
    item_id = item.get("id") if isinstance(item, dict) else None
    return item_id if isinstance(item_id, str | int | float) or item_id is None else str(item_id)


def grade_line(library: Library, number: int, line: str | dict[str, Any]) -> dict[str, Any]:
    """Grade one input line (JSONL text or a parsed CSV row); never raise for bad input."""
    item: Any = line
    try:
        if isinstance(line, str):
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ItemError(f"not valid JSON: {exc.msg} at column {exc.colno}") from None
        elif "__error__" in line:
            raise ItemError(line["__error__"])
        return grade_item(library, item)
    except ItemError as exc:
        return {"id": _safe_id(item), "line": number, "error": str(exc)}
    except (RecursionError, MemoryError):
        return {"id": None, "line": number, "error": "the line is nested too deeply to read"}
    except Exception as exc:  # a bug must not end a 100,000-line audit; report it on the line
        return {
            "id": _safe_id(item),
            "line": number,
            "error": f"internal error while grading ({type(exc).__name__}: {exc}); please report it",
        }


Graded = tuple[str, int, int]  # a chunk's output text, its lines, and how many are errors


def grade_chunk(library: Library, items: list[Item], fmt: str) -> Graded:
    """Grade a chunk of lines and format their output records.

    Workers send back the formatted text, not the records: one string crosses between
    processes instead of thousands of small objects, and the encoding runs in parallel.
    """
    out = io.StringIO()
    errors = 0
    for number, line in items:
        record = grade_line(library, number, line)
        write_record(out, record, fmt)
        errors += "error" in record
    return out.getvalue(), len(items), errors


def _grade_chunk(items: list[Item], fmt: str) -> Graded:
    assert _library is not None, "worker not initialised"
    return grade_chunk(_library, items, fmt)


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
            if not _WHOLE_NUMBER.fullmatch(value):
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


def read_items(path: Path) -> Iterator[Item]:
    """Yield (line number, item) for each input line of a JSONL or CSV file, lazily."""
    csv.field_size_limit(max(csv.field_size_limit(), 16 * 1024 * 1024))
    # utf-8-sig: spreadsheet exports often start with a byte-order mark.
    with path.open(encoding="utf-8-sig", newline="") as handle:
        if path.suffix.lower() == ".csv":
            reader = csv.DictReader(handle)
            missing = [
                c for c in ("id", "channel", "message") if c not in (reader.fieldnames or [])
            ]
            if missing:
                raise ItemError(f"{path}: the CSV header lacks column(s): {', '.join(missing)}")
            for row in reader:
                yield reader.line_num, csv_row_item(row)
        else:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    yield number, line


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    try:
        for item in items:
            chunk.append(item)
            if len(chunk) == size:
                yield chunk
                chunk = []
    except Exception:
        if chunk:  # grade what was read before the input failed, then pass the error on
            yield chunk
        raise
    if chunk:
        yield chunk


def write_record(out: IO[str], record: dict[str, Any], fmt: str) -> None:
    """Write one output record as a JSON line or a CSV row."""
    if fmt == "jsonl":
        line = json.dumps(record, ensure_ascii=False)
        try:
            line.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate in the input: escape it, don't crash
            line = json.dumps(record, ensure_ascii=True)
        out.write(line + "\n")
        return
    scores = record.get("scores") or {}
    row = {
        "id": record.get("id"),
        "line": record.get("line", ""),
        **{k: scores.get(k) for k in ("reconnection", "urgency", "trust", "follow_up")},
        "overall": record.get("overall"),
        "feedback": " | ".join(record.get("feedback", [])),
        "error": record.get("error", ""),
    }
    row = {k: (v.encode("utf-8", "backslashreplace").decode("utf-8") if isinstance(v, str) else v)
           for k, v in row.items()}  # fmt: skip
    csv.DictWriter(out, CSV_OUTPUT_COLUMNS, lineterminator="\n").writerow(row)


@dataclass
class BatchReport:
    """What a batch run did."""

    lines: int = 0
    errors: int = 0
    seconds: float = 0.0


def run_batch(
    items: Iterable[Item],
    out: IO[str],
    library: Library,
    *,
    workers: int = 1,
    fmt: str = "jsonl",
    progress: Callable[[int, float], None] | None = None,
) -> BatchReport:
    """Grade every item and write one record per item, in input order.

    If reading the input fails part-way, everything graded so far is written and a
    BatchInputError says where reading stopped.
    """
    report = BatchReport()
    started = time.perf_counter()
    last_progress = started
    if fmt == "csv":
        csv.DictWriter(out, CSV_OUTPUT_COLUMNS, lineterminator="\n").writeheader()

    def emit(graded: Graded) -> None:
        nonlocal last_progress
        text, lines, errors = graded
        out.write(text)
        report.lines += lines
        report.errors += errors
        now = time.perf_counter()
        if progress and now - last_progress >= 2.0:
            progress(report.lines, now - started)
            last_progress = now

    def stopped(exc: Exception) -> BatchInputError:
        reason = f"{type(exc).__name__}: {exc}"
        if isinstance(exc, UnicodeDecodeError):
            reason = "the file is not UTF-8 text; export it from the CRM as UTF-8 (CSV UTF-8)"
        return BatchInputError(
            f"stopped reading the input after {report.lines:,} graded lines: {reason}", report.lines
        )

    chunks = _chunks(items, CHUNK)
    if workers <= 1:
        try:
            for chunk in chunks:
                emit(grade_chunk(library, chunk, fmt))
        except (OSError, ValueError, csv.Error) as exc:
            raise stopped(exc) from exc
    else:
        pool = ProcessPoolExecutor(
            max_workers=workers,
            initializer=_worker_init,
            initargs=(library.rubric_dirs, library.scenario_dirs),
        )
        pending: deque[Future[Graded]] = deque()
        failure: Exception | None = None
        try:
            try:
                for chunk in chunks:
                    pending.append(pool.submit(_grade_chunk, chunk, fmt))
                    if len(pending) >= workers * 3:  # bounded: memory stays flat
                        emit(pending.popleft().result())
            except (OSError, ValueError, csv.Error) as exc:
                failure = exc  # write what was graded before saying so
            while pending:
                emit(pending.popleft().result())
        except KeyboardInterrupt:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        if failure is not None:
            raise stopped(failure) from failure
    report.seconds = time.perf_counter() - started
    if progress and report.seconds >= 2.0:
        progress(report.lines, report.seconds)
    return report


def stderr_progress(lines: int, seconds: float) -> None:
    """Print batch progress on standard error."""
    rate = lines / seconds if seconds else 0.0
    print(f"graded {lines:,} lines in {seconds:.1f} s ({rate:,.0f}/s)", file=sys.stderr, flush=True)
