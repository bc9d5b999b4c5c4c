"""`trainer play` and `trainer replay`: practise a lead's whole life at a terminal, or from a
script, and re-run saved sessions.

Thin: read input, call the simulation service, print. A person's typed text is never lost to
an error: a message that cannot be sent stays in the draft, and the session's actions can
always be saved as a replay.
"""

from __future__ import annotations

import contextlib
import secrets
import sys
from pathlib import Path

import click

from trainer.services.library import Library, LibraryError
from trainer.services.simulation import (
    ReplayError,
    dumps,
    load_replay,
    new_simulation,
    play,
    replay_dict,
    rerun,
)
from trainer.simulation import (
    ActionError,
    Cadence,
    Simulation,
    SimulationOver,
    load_cadence,
    load_script,
    make_action,
)
from trainer.simulation.render import event_line, lead_card, report
from trainer.yamldoc import FileError

HELP = """\
Write a message and end it with a line holding only "." to send it.
It goes out on the task's channel; switch first with :email, :text, :voicemail or :plan.
  :wait 2h      let simulated time pass (m, h, d, w: 30m, 2h, 3d, 1w); stops early when
                the prospect answers or a new task opens
  :call         try to reach the prospect by phone
  :lost REASON  mark the lead lost (before day 90 only for a real reason)
  :card         show the lead card again      :draft   show the message being written
  :clear        throw away the draft          :status  show the time and the channel
  :end          stop and see the results      :help    this list
Ctrl-D also stops and shows the results."""
CHANNEL_COMMANDS = {":email": "email", ":text": "text", ":voicemail": "voicemail", ":plan": "plan"}
STEP_CHANNEL = {
    "email": "email",
    "text": "text",
    "voicemail": "voicemail",
    "follow_up_plan": "plan",
}


def _load(scenario_ref: str, cadence_file: Path | None) -> tuple[Library, object, Cadence]:
    library = Library.load()
    if not library.rubrics:
        raise click.ClickException("no rubric could be loaded; run `trainer rubrics validate`")
    try:
        scenario = library.scenario(scenario_ref)
        cadence = load_cadence(cadence_file)
    except LibraryError as exc:
        raise click.UsageError(str(exc)) from None
    except FileError as exc:
        raise click.UsageError(f"the cadence file has problems:\n{exc}") from None
    return library, scenario, cadence


def _save(path: Path | None, sim: Simulation, result) -> None:
    if path is None:
        return
    try:
        path.write_text(dumps(replay_dict(sim, result)), encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"could not save the replay to {path}: {exc}") from None
    click.echo(f"Replay saved to {path}; re-run it with `trainer replay {path}`.", err=True)


@click.command("play")
@click.argument("scenario_ref", metavar="SCENARIO")
@click.option(
    "--script",
    "script_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Play the actions in this YAML file instead of asking at the terminal.",
)
@click.option(
    "--seed",
    type=click.IntRange(0),
    help="Seed for the prospect's dice (default: the script's, or random).",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the replay (actions, transcript, scores) as JSON.",
)
@click.option(
    "--save",
    "save_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Save the session as a replay file.",
)
@click.option(
    "--cadence",
    "cadence_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The store's cadence file (default: the bundled one, or TRAINER_CADENCE).",
)
def play_command(scenario_ref, script_file, seed, as_json, save_file, cadence_file) -> None:
    """Play SCENARIO (an id or a file): the prospect reacts to what you send, and when."""
    library, scenario, cadence = _load(scenario_ref, cadence_file)
    if script_file is not None:
        if not script_file.exists():
            raise click.UsageError(f"the script file {script_file} does not exist")
        try:
            script = load_script(script_file)
        except FileError as exc:
            raise click.UsageError(f"the script has problems:\n{exc}") from None
        chosen = seed if seed is not None else (script.seed if script.seed is not None else 0)
        sim, result = play(library, scenario, list(script.actions), seed=chosen, cadence=cadence)
        if as_json:
            click.echo(dumps(replay_dict(sim, result)), nl=False)
        else:
            click.echo(lead_card(scenario))
            for event in result.events:
                click.echo(event_line(event, scenario.lead.arrived_at))
            click.echo()
            click.echo(report(scenario, result))
        _save(save_file, sim, result)
        return
    chosen = seed if seed is not None else secrets.randbelow(1_000_000)
    sim = new_simulation(library, scenario, seed=chosen, cadence=cadence)
    _interactive(sim, save_file, as_json)


def _interactive(sim: Simulation, save_file: Path | None, as_json: bool) -> None:
    if sys.stdin.isatty():
        with contextlib.suppress(ImportError):  # readline is not on every platform
            import readline  # noqa: F401  (line editing and history for input())
    scenario = sim.scenario
    arrived = scenario.lead.arrived_at
    click.echo(lead_card(scenario))
    click.echo(f"(seed {sim.seed}; type :help for commands)")
    for event in sim.events:
        click.echo(event_line(event, arrived))
    draft: list[str] = []
    channel = STEP_CHANNEL.get(sim.open_step.channel if sim.open_step else "email", "email")

    def send(kind: str, text: str) -> None:
        for event in sim.apply(make_action(kind, text)):
            click.echo(event_line(event, arrived))

    while not sim.over:
        try:
            line = input("" if draft else f"{channel}> ")
        except EOFError:
            break
        except KeyboardInterrupt:
            click.echo("\nStopped.")
            break
        command = line.strip()
        if not draft and command.startswith(":"):
            name, _, argument = command.partition(" ")
            name = name.lower()
            try:
                if name in CHANNEL_COMMANDS:
                    channel = CHANNEL_COMMANDS[name]
                    click.echo(f"Next message goes out as: {channel}")
                elif name == ":wait":
                    send("wait", argument or "?")
                elif name == ":call":
                    send("call", "")
                elif name == ":lost":
                    send("lost", argument)
                elif name == ":end":
                    break
                elif name == ":help":
                    click.echo(HELP)
                elif name == ":card":
                    click.echo(lead_card(scenario))
                elif name == ":status":
                    click.echo(f"{sim.clock.describe()}; channel {channel}")
                elif name in (":draft", ":clear"):
                    click.echo("The draft is empty.")
                else:
                    click.echo(f"Unknown command {name}. Type :help for the list.")
            except ActionError as exc:
                click.echo(f"Not done: {exc}")
            continue
        if draft and command in (":clear",):
            draft = []
            click.echo("Draft thrown away.")
            continue
        if draft and command == ":draft":
            click.echo("\n".join(draft))
            continue
        if command == ".":
            if not draft:
                click.echo("Nothing to send yet: write the message first.")
                continue
            try:
                send(channel, "\n".join(draft))
                draft = []
                if sim.open_step:
                    channel = STEP_CHANNEL.get(sim.open_step.channel, channel)
            except ActionError as exc:
                click.echo(f"Not sent: {exc}. Your draft is kept; add to it, or :clear it.")
            except SimulationOver as exc:
                click.echo(str(exc))
            continue
        draft.append(line)
    if draft:
        click.echo("(An unsent draft was left:)\n" + "\n".join(draft))
    result = sim.result()
    click.echo()
    click.echo(report(scenario, result))
    if as_json:
        click.echo(dumps(replay_dict(sim, result)), nl=False)
    _save(save_file, sim, result)


@click.command("replay")
@click.argument("replay_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--cadence",
    "cadence_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The cadence file the replay was made with (default: the bundled one).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the re-run replay as JSON.")
@click.option(
    "--update",
    is_flag=True,
    help="Rewrite the file with the re-run (after an intended scenario or rubric change).",
)
def replay_command(
    replay_file: Path, cadence_file: Path | None, as_json: bool, update: bool
) -> None:
    """Re-run a saved replay and report any difference from what it recorded."""
    library = Library.load()
    try:
        data = load_replay(replay_file)
        cadence = load_cadence(cadence_file)
        fresh, changes = rerun(library, data, str(replay_file), cadence)
    except ReplayError as exc:
        raise click.UsageError(str(exc)) from None
    except FileError as exc:
        raise click.UsageError(f"the cadence file has problems:\n{exc}") from None
    if as_json:
        click.echo(dumps(fresh), nl=False)
    if not changes:
        click.echo(f"{replay_file}: the re-run matches the replay exactly.", err=as_json)
        return
    if update:
        replay_file.write_text(dumps(fresh), encoding="utf-8")
        click.echo(f"{replay_file}: updated ({len(changes)} difference(s) written).", err=True)
        return
    click.echo(f"{replay_file}: the re-run differs in {len(changes)} place(s):", err=True)
    for change in changes[:50]:
        click.echo(f"  {change}", err=True)
    if len(changes) > 50:
        click.echo(f"  ... and {len(changes) - 50} more", err=True)
    sys.exit(1)
