"""`trainer voicemail FILE`: transcribe and grade a recorded voicemail without the web app."""

from __future__ import annotations

import json
from pathlib import Path

import click

from trainer.scoring.render import render_text


@click.command("voicemail")
@click.argument("audio_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--scenario", "scenario_ref", help="Scenario id or file (its voicemail step gives the context)."
)
@click.option(
    "--engine",
    type=click.Choice(["whisper", "sphinx"]),
    help="Speech engine (default: configured, else the best available).",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print transcript, engine, measures and scorecard as JSON.",
)
def voicemail_command(
    audio_file: Path, scenario_ref: str | None, engine: str | None, as_json: bool
) -> None:
    """Transcribe and grade a voicemail recording (WAV or FLAC; others need ffmpeg)."""
    from trainer.services.library import Library, LibraryError
    from trainer.services.voicemail import grade_recording
    from trainer.speech import AudioError, EngineUnavailable

    library = Library.load()
    scenario = None
    if scenario_ref:
        try:
            scenario = library.scenario(scenario_ref)
        except LibraryError as exc:
            raise click.UsageError(str(exc)) from None
    try:
        result = grade_recording(library, audio_file.read_bytes(), scenario=scenario, engine=engine)
    except AudioError as exc:
        raise click.ClickException(f"{audio_file}: {exc}") from None
    except EngineUnavailable as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        return
    t = result.transcript
    click.echo(f"Transcript ({t.engine}, {t.model}, {t.seconds:.1f} s):")
    click.echo(f"  {t.text or '(nothing recognised)'}")
    click.echo(
        f"Duration {result.duration:.1f} s · {result.words_per_minute:.0f} words/min · "
        f"silence {result.silence_ratio:.0%} · callback number: "
        f"{result.callback_number or 'not heard'}"
        + (f" (said {result.callback_said}x)" if result.callback_number else "")
    )
    for note in result.audio_notes:
        click.echo(f"  - {note}")
    click.echo()
    click.echo(render_text(result.scorecard))


@click.command("bench-voicemail")
@click.option(
    "--engines",
    default="whisper,sphinx",
    show_default=True,
    help="Comma-separated speech engines to measure.",
)
@click.option("--limit", type=click.IntRange(1), help="Use only the first N scripts.")
@click.option(
    "--scripts",
    "scripts_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Scripts file (default: tests/data/voicemail/scripts.yaml).",
)
@click.option(
    "--keep",
    "keep_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Keep the synthesised clips in this folder (and reuse them next time).",
)
@click.option("--json", "as_json", is_flag=True, help="Print summaries and per-clip results.")
def bench_voicemail_command(
    engines: str, limit: int | None, scripts_path: Path | None, keep_dir: Path | None, as_json: bool
) -> None:
    """Measure the speech engines on synthesised voicemails: WER, callback number, speed."""
    from trainer.services.voicemail_bench import SCRIPTS, BenchInputError, run_bench
    from trainer.speech import EngineUnavailable
    from trainer.speech.synth import SynthUnavailable

    names = [n.strip() for n in engines.split(",") if n.strip()]
    if not names:
        raise click.UsageError("--engines needs at least one engine name (whisper, sphinx).")
    if keep_dir:
        keep_dir.mkdir(parents=True, exist_ok=True)
    try:
        report = run_bench(
            names,
            limit=limit,
            scripts_path=scripts_path or SCRIPTS,
            folder=keep_dir,
            progress=None if as_json else lambda line: click.echo(f"  {line}", err=True),
        )
    except (BenchInputError, EngineUnavailable, SynthUnavailable) as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(
        f"{'engine':<8} {'condition':<9} {'clips':>5} {'WER':>6} "
        f"{'callback exact':>14} {'last 7':>7} {'RTF':>6}"
    )
    for s in report.summaries:
        click.echo(
            f"{s.engine:<8} {s.condition:<9} {s.clips:>5} {s.wer:>6.1%} "
            f"{s.callback_exact:>14.0%} {s.callback_last7:>7.0%} {s.rtf:>6.3f}"
        )
