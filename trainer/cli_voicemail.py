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
