"""The `trainer` command: score messages, play scenarios, validate and list scenarios and rubrics.

Thin: parse arguments, call services, print. Errors a person sees say what was wrong and
what to do, and exit with status 2 (bad input) or 1 (problems found).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from trainer.cli_certificates import certificates_group, tracks_group
from trainer.cli_play import play_command, replay_command
from trainer.cli_voicemail import bench_voicemail_command, voicemail_command
from trainer.cli_web import db_group, demo_command, serve_command, worker_command
from trainer.scenarios import load_catalog
from trainer.scoring import load_rubric_files
from trainer.scoring.render import render_text
from trainer.services.batch import (
    BatchInputError,
    ItemError,
    read_items,
    run_batch,
    stderr_progress,
)
from trainer.services.calibration import LabelError, load_labelled
from trainer.services.calibration import calibrate as run_calibration
from trainer.services.grading import grade_message, grade_step_answer
from trainer.services.library import CHANNEL_RUBRICS, Library, LibraryError, rubric_folders

CHANNELS = tuple(CHANNEL_RUBRICS)


def _cores() -> int:
    """Return the CPUs this process may use (respects affinity and container limits)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _library() -> Library:
    library = Library.load()
    if not library.rubrics:
        raise click.ClickException("no rubric could be loaded; run `trainer rubrics validate`")
    return library


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="reconnect-trainer", prog_name="trainer")
def main() -> None:
    """Reconnect: practise and grade lead responses for dealership internet sales teams."""


@main.command()
@click.argument("file", required=False, type=click.Path(allow_dash=True, dir_okay=False))
@click.option("--scenario", "scenario_ref", help="Scenario id or path to a scenario file.")
@click.option("--step", "step_ref", help="Step number (1-based) or id; default the first.")
@click.option(
    "--channel", type=click.Choice(CHANNELS), help="Channel (default: the step's, or email)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the scorecard as JSON.")
@click.option(
    "--batch",
    "batch_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Grade every line of a .jsonl or .csv file.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Processes for --batch (default: all cores).",
)
@click.option(
    "--output-format",
    "fmt",
    type=click.Choice(["jsonl", "csv"]),
    default="jsonl",
    show_default=True,
    help="Output format for --batch.",
)
@click.option("--quiet", is_flag=True, help="No progress on standard error.")
def score(file, scenario_ref, step_ref, channel, as_json, batch_file, workers, fmt, quiet) -> None:
    """Grade a message from FILE (or - for standard input), or a whole --batch file."""
    library = _library()
    if batch_file:
        if file or scenario_ref:
            raise click.UsageError(
                "--batch takes no FILE or --scenario: each line names its own context"
            )
        try:
            report = run_batch(
                read_items(batch_file),
                sys.stdout,
                library,
                workers=workers or _cores(),
                fmt=fmt,
                progress=None if quiet else stderr_progress,
            )
        except (ItemError, BatchInputError) as exc:
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            click.echo(
                "\nInterrupted: the lines written above are complete; rerun to finish.", err=True
            )
            sys.exit(130)
        if not quiet:
            click.echo(f"{report.lines:,} lines graded, {report.errors:,} with errors", err=True)
        return
    if not file:
        raise click.UsageError(
            "give a FILE to grade (or - to read standard input), or --batch FILE"
        )
    try:
        with click.open_file(file, encoding="utf-8") as handle:
            message = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"cannot read {file}: {exc}") from None
    try:
        if scenario_ref:
            scenario = library.scenario(scenario_ref)
            step, card = grade_step_answer(library, scenario, step_ref, message, channel)
            title = f"{scenario.title} - step {step.id} ({step.channel})"
        else:
            if step_ref:
                raise click.UsageError("--step needs --scenario")
            card = grade_message(library, channel or "email", message)
            title = "Scorecard"
    except LibraryError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(card.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(card, title), nl=False)


@main.command()
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--show", type=click.IntRange(0), default=0, help="List this many disagreements.")
def calibrate(files: tuple[Path, ...], show: int) -> None:
    """Measure agreement between the scorer and labelled messages (JSONL with "labels")."""
    try:
        rows = load_labelled(list(files))
    except LabelError as exc:
        raise click.ClickException(str(exc)) from None
    report = run_calibration(_library(), rows)
    click.echo(f"{report.messages} labelled messages")
    click.echo(f"{'criterion':<14} {'exact':>6} {'adjacent':>9} {'QWK':>6}")
    for criterion, a in report.by_criterion.items():
        click.echo(f"{criterion:<14} {a.exact:>6.2f} {a.adjacent:>9.2f} {a.qwk:>6.3f}")
    if report.language_checks:
        found = report.language_checks - len(report.language_misses)
        click.echo(f"not-English messages recognised: {found}/{report.language_checks}")
    for item in report.disagreements[:show]:
        click.echo(f"  {item.id}: {item.criterion} labelled {item.label}, scored {item.scored}")


@main.command()
@click.option(
    "--messages",
    type=click.IntRange(1),
    default=5000,
    show_default=True,
    help="Emails graded on one core.",
)
@click.option(
    "--batch-lines",
    type=click.IntRange(0),
    default=100_000,
    show_default=True,
    help="Lines through --batch (0 to skip).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Processes for the batch run (default: all cores).",
)
def bench(messages: int, batch_lines: int, workers: int | None) -> None:
    """Measure grading speed: emails per second on one core, and a large --batch run."""
    from trainer.services import bench as benchmarks

    library = _library()
    single = benchmarks.single_core(library, messages)
    click.echo(
        f"single core: {single.messages:,} emails (mean {single.mean_words:.0f} words) in "
        f"{single.cpu_seconds:.2f} s CPU: {single.per_second:,.0f} emails/s"
    )
    if batch_lines:
        workers = workers or _cores()
        small = benchmarks.batch(library, max(batch_lines // 10, 1), workers)
        large = benchmarks.batch(library, batch_lines, workers)
        for run in (small, large):
            click.echo(
                f"batch: {run.lines:,} lines, {run.workers} workers: {run.wall_seconds:.1f} s "
                f"({run.per_second:,.0f} lines/s); peak memory: parent {run.parent_peak_mb:.0f} MB, "
                f"largest worker {run.worker_peak_mb:.0f} MB"
            )


@main.group()
def scenarios() -> None:
    """Validate and list scenario files."""


def _print_problems(problems, as_json: bool, files: int, kind: str) -> None:
    if as_json:
        click.echo(
            json.dumps({"files": files, "problems": [p.as_dict() for p in problems]}, indent=2)
        )
        return
    for problem in problems:
        click.echo(str(problem))
    broken = len({p.file for p in problems})
    summary = (
        f"{files} {kind} file(s) checked: {max(files - broken, 0)} valid, {broken} with problems"
    )
    click.echo(summary, err=bool(problems))


@scenarios.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print problems as JSON.")
def scenarios_validate(paths: tuple[Path, ...], as_json: bool) -> None:
    """Check scenario files (default: the whole catalogue); exit 1 if any has problems."""
    library = Library.load()
    targets = list(paths) or library.scenario_dirs
    explicit = [p for p in targets if p.is_file()]
    catalog = load_catalog(targets, set(library.rubrics), include_reference=bool(explicit))
    _print_problems(catalog.problems, as_json, catalog.files, "scenario")
    if catalog.problems:
        sys.exit(1)


@scenarios.command("list")
@click.option("--stage", type=click.Choice(["new_lead", "aged_lead", "unsold_customer"]))
@click.option("--json", "as_json", is_flag=True, help="Print the catalogue as JSON.")
def scenarios_list(stage: str | None, as_json: bool) -> None:
    """Show the scenario catalogue."""
    catalog = Library.load().catalog
    rows = [s for s in catalog.scenarios.values() if stage in (None, s.stage)]
    rows.sort(key=lambda s: (s.stage, s.id))
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "id": s.id,
                        "title": s.title,
                        "stage": s.stage,
                        "difficulty": s.difficulty,
                        "source": s.lead.source,
                        "steps": len(s.steps),
                        "channels": sorted({st.channel for st in s.steps}),
                        "file": s.source_file,
                    }
                    for s in rows
                ],
                indent=2,
            )
        )
    else:
        width = max((len(s.id) for s in rows), default=10)
        click.echo(f"{'ID':<{width}}  {'STAGE':<15} DIFF STEPS  TITLE")
        for s in rows:
            click.echo(
                f"{s.id:<{width}}  {s.stage:<15} {s.difficulty:>4} {len(s.steps):>5}  {s.title}"
            )
        click.echo(f"{len(rows)} scenario(s)", err=True)
    if catalog.problems:
        click.echo(
            f"{len({p.file for p in catalog.problems})} file(s) could not be loaded; run `trainer scenarios validate`",
            err=True,
        )


@main.group()
def rubrics() -> None:
    """Validate and list rubric files."""


@rubrics.command("validate")
@click.argument("folders", nargs=-1, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print problems as JSON.")
def rubrics_validate(folders: tuple[Path, ...], as_json: bool) -> None:
    """Check rubric folders (default: the configured ones); exit 1 if any has problems."""
    targets = list(folders) or rubric_folders()
    _, problems = load_rubric_files(targets)
    files = sum(
        1
        for folder in targets
        for p in [*folder.glob("*.yaml"), *folder.glob("*.yml")]
        if not p.name.startswith("_")
    )
    _print_problems(problems, as_json, files, "rubric")
    if problems:
        sys.exit(1)


@rubrics.command("list")
def rubrics_list() -> None:
    """Show the loaded rubrics."""
    library = Library.load()
    for rubric in sorted(library.rubrics.values(), key=lambda r: r.id):
        weights = ", ".join(f"{c.id} {c.weight}" for c in rubric.criteria)
        click.echo(
            f"{rubric.id:<16} v{rubric.version}  {rubric.channel:<15} {rubric.title}  ({weights})"
        )


for _command in (
    play_command,
    replay_command,
    demo_command,
    serve_command,
    db_group,
    worker_command,
    voicemail_command,
    bench_voicemail_command,
    certificates_group,
    tracks_group,
):
    main.add_command(_command)


if __name__ == "__main__":  # pragma: no cover
    main()
