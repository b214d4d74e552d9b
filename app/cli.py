"""The ``unbrace`` command line. Everything but the window itself runs without Qt.

The routine model, the loader and the timeline are imported by the commands that use them:
opening the window must not wait for them before its first paint.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app import __version__
from app.command_line import UsageError, checked_name, resolve_routine
from app.core.files.paths import AppPaths
from app.core.routine.durations import format_clock, format_duration
from app.core.routine.problems import RoutineError, printable
from app.logs import configure as configure_logging

if TYPE_CHECKING:
    from app.core.routine.library import Library, RoutineEntry
    from app.core.session.timeline import Timeline


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="unbrace",
        description="Breathwork and somatic exercises for a tense back.",
    )
    parser.add_argument("--version", action="version", version=f"unbrace {__version__}")
    parser.add_argument(
        "--routines",
        metavar="DIR",
        action="append",
        type=Path,
        default=[],
        help="another folder of routine files (may be given more than once)",
    )
    parser.add_argument("--tray", action="store_true", help="start hidden in the system tray")
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="log what the app does to stderr (UNBRACE_LOG=FILE also writes it to FILE)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser("run", help="open the window and start a routine")
    run.add_argument("routine", metavar="ROUTINE", help="a routine id or a path to a YAML file")

    pacer = commands.add_parser(
        "pacer", help="breathe with a small orb at the edge of the screen, beside your work"
    )
    pacer.add_argument(
        "routine",
        metavar="ROUTINE",
        nargs="?",
        help="a routine whose breathe step sets the pattern (default: resonance, 5.5 s in/out)",
    )
    pacer.add_argument(
        "--minutes", type=int, metavar="N", help="stop after N minutes (default: until stopped)"
    )
    pacer.add_argument(
        "--step",
        type=int,
        default=1,
        metavar="N",
        help="the routine's Nth breathe step (default 1)",
    )

    listing = commands.add_parser("list", help="list the routines, invalid files included")
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")

    validate = commands.add_parser("validate", help="check routine files; exit 1 on any problem")
    validate.add_argument("paths", metavar="PATH", nargs="+", type=Path)
    validate.add_argument(
        "--speech",
        action="store_true",
        help="also report steps whose spoken words last longer than the step (renders them)",
    )

    timeline = commands.add_parser("timeline", help="show a routine's timeline, segment by segment")
    timeline.add_argument("routine", metavar="ROUTINE")
    timeline.add_argument("--json", action="store_true", help="print JSON for scripts")

    commands.add_parser("schema", help="print the JSON Schema of routine files")

    doctor = commands.add_parser("doctor", help="check the display, tray, sound and folders")
    doctor.add_argument("--test-tone", action="store_true", help="play a short bell")

    render = commands.add_parser(
        "render-audio", help="write a routine's whole audio track to a 16-bit WAV file"
    )
    render.add_argument("routine", metavar="ROUTINE")
    render.add_argument("out", metavar="OUT.wav", type=Path)
    render.add_argument(
        "--open-seconds",
        type=float,
        default=60.0,
        metavar="N",
        help="how long open steps (holds, check-ins, journal) last in the track (default 60)",
    )
    render.add_argument("--breath-tone", action="store_true", help="add the continuous breath tone")
    render.add_argument(
        "--no-voice", action="store_true", help="leave the spoken guidance out of the track"
    )

    entry = commands.add_parser(
        "desktop-entry", help="add Unbrace to the application menu, or take it out"
    )
    entry.add_argument("action", choices=["install", "remove"])
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    log_problem = configure_logging(verbose=args.verbose)
    if log_problem is not None:
        print(f"unbrace: {log_problem}", file=sys.stderr)
    paths = AppPaths.default(extra_routines=args.routines)
    try:
        if getattr(args, "routine", None) is not None:
            checked_name(args.routine)
        for given in (*args.routines, *getattr(args, "paths", ()), getattr(args, "out", None)):
            if given is not None:
                checked_name(str(given), "path")
        if args.command == "list":
            return cmd_list(paths, args.json, sys.stdout)
        if args.command == "validate":
            return cmd_validate(args.paths, sys.stdout, paths if args.speech else None)
        if args.command == "timeline":
            return cmd_timeline(paths, args.routine, args.json, sys.stdout)
        if args.command == "doctor":
            from app.doctor import run_doctor

            return run_doctor(paths, sys.stdout, test_tone=args.test_tone)
        if args.command == "render-audio":
            from app.render_command import cmd_render_audio

            return cmd_render_audio(
                paths,
                args.routine,
                args.out,
                args.open_seconds,
                args.breath_tone,
                not args.no_voice,
            )
        if args.command == "desktop-entry":
            return cmd_desktop_entry(paths, args.action, sys.stdout)
        if args.command == "pacer":
            return cmd_pacer(paths, args.routine, args.minutes, args.step)
        if args.command == "schema":
            from app.core.routine.schema import routine_json_schema

            json.dump(routine_json_schema(), sys.stdout, indent=2)
            sys.stdout.write("\n")
            return 0
        from app.gui_entry import open_window

        return open_window(paths, routine=getattr(args, "routine", None), tray=args.tray)
    except UsageError as error:
        print(f"unbrace: {error}", file=sys.stderr)
        return 2
    except RoutineError as error:
        print(error, file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `unbrace list | head`
        return 0


def cmd_pacer(paths: AppPaths, routine: str | None, minutes: int | None, step: int) -> int:
    """Check what is asked (without Qt), then hand it to the running app, or start one in the
    tray with the pacer."""
    from app.core.session.mini_pacer import MAX_MINUTES, breath_pattern, breathe_steps
    from app.desktop.instance.request import InstanceRequest

    if minutes is not None and not 1 <= minutes <= MAX_MINUTES:
        raise UsageError(f"--minutes must be from 1 to {MAX_MINUTES}")
    if routine is not None:
        found = resolve_routine(paths, routine)
        count = len(breathe_steps(found))
        if count and not 1 <= step <= count:
            raise UsageError(
                f"--step must be from 1 to {count}: {found.id} has {count} breathe step(s)"
            )
        try:
            breath_pattern(found, step)
        except ValueError as error:
            raise UsageError(str(error)) from None
    elif step != 1:
        raise UsageError("--step needs a ROUTINE")
    from app.gui_entry import open_window

    request = InstanceRequest.for_pacer(routine, minutes, step if routine else None)
    return open_window(paths, pacer=request)


def cmd_list(paths: AppPaths, as_json: bool, out: TextIO) -> int:
    from app.core.routine.json_shapes import entry_json
    from app.core.routine.library import library_folders, load_library

    library = load_library(library_folders(paths))
    for problem in library.folder_problems:
        print(f"unbrace: {printable(str(problem))}", file=sys.stderr)
    shown = [*library.routines, *library.invalid]
    if as_json:
        json.dump([entry_json(entry) for entry in shown], out, indent=2)
        out.write("\n")
        return 0
    _print_library(library, shown, out)
    return 0


def _print_library(library: Library, shown: list[RoutineEntry], out: TextIO) -> None:
    from app.core.session.timeline import compile_routine

    width = max((len(entry.id) for entry in shown), default=2)
    for entry in library.routines:
        routine = entry.routine
        assert routine is not None
        timeline = compile_routine(routine)
        length = format_duration(timeline.fixed_ms) + ("+" if timeline.has_open else "")
        mark = "" if entry.source == "builtin" else f"  [{entry.source}]"
        name = printable(routine.name)
        out.write(f"{entry.id:<{width}}  {length:>7}  {name}{printable(mark)}\n")
    for entry in library.invalid:
        first = entry.error.first_line if entry.error else "invalid"
        out.write(f"{printable(entry.id):<{width}}  invalid  {first}\n")


def cmd_validate(targets: Sequence[Path], out: TextIO, speech: AppPaths | None = None) -> int:
    from app.core.routine.library import check_unique_ids, load_files, routine_files

    files: list[Path] = []
    unreadable = 0
    for target in targets:
        try:
            if not target.is_dir():
                files.append(target)
                continue
            files.extend(routine_files(target))
        except OSError as error:  # reported, and the next target is still checked
            reason = error.strerror or str(error)
            out.write(f"{printable(str(target))}:1:1: folder: cannot be read: {reason}\n")
            unreadable += 1
    entries = check_unique_ids(load_files(files))
    bad = 0
    for entry in entries:
        if entry.error is not None:
            bad += 1
            for problem in entry.error.problems:
                out.write(f"{problem}\n")
    total = len(entries)
    if speech is not None:
        from app.speech_check import speech_problems

        valid = [(entry.path, entry.routine) for entry in entries if entry.routine is not None]
        spoken = speech_problems(speech, valid)
        for problem in spoken:
            out.write(f"{problem}\n")
        bad += len({problem.file for problem in spoken})
    if bad or unreadable:
        found = [f"{bad} of {_count(total, 'file')} with problems"] if bad else []
        if unreadable:
            found.append(f"{_count(unreadable, 'folder')} could not be read")
        out.write("; ".join(found) + "\n")
        return 1
    out.write(f"{_count(total, 'file')} valid\n")
    return 0 if total else 1


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def cmd_timeline(paths: AppPaths, name: str, as_json: bool, out: TextIO) -> int:
    from app.core.routine.json_shapes import timeline_json
    from app.core.session.timeline import compile_routine

    timeline = compile_routine(resolve_routine(paths, name))
    if as_json:
        json.dump(timeline_json(timeline), out, indent=2)
        out.write("\n")
        return 0
    _print_timeline(timeline, out)
    return 0


def _print_timeline(timeline: Timeline, out: TextIO) -> None:
    total = timeline.total_ms
    length = (
        format_duration(total)
        if total is not None
        else f"{format_duration(timeline.fixed_ms)} + open"
    )
    out.write(f"{printable(timeline.name)} ({printable(timeline.routine_id)}): {length}\n")
    out.write(f"{'start':>8}  {'length':>7}  {'step':>4}  {'kind':<8}  what\n")
    for segment in timeline.segments:
        duration = "open" if segment.duration_ms is None else format_duration(segment.duration_ms)
        what = (
            segment.label if segment.word == segment.label else f"{segment.label}: {segment.word}"
        )
        extras = []
        if segment.cycle:
            extras.append(f"cycle {segment.cycle[0]}/{segment.cycle[1]}")
        if segment.rep:
            extras.append(f"rep {segment.rep[0]}/{segment.rep[1]}")
        if segment.side:
            extras.append(segment.side)
        if segment.region:
            extras.append(segment.region.replace("_", " "))
        if extras:
            what += f" ({', '.join(extras)})"
        out.write(
            f"{format_clock(segment.start_ms):>8}  {duration:>7}  {segment.step + 1:>4}  "
            f"{segment.kind:<8}  {printable(what)}\n"
        )


def cmd_desktop_entry(paths: AppPaths, action: str, out: TextIO) -> int:
    """Install or remove the menu entry, icons and metainfo in the user's XDG data folder."""
    from app.desktop.autostart.login import program_command
    from app.desktop.autostart.menu_entry import data_home, install_menu_entry, remove_menu_entry

    home = data_home()
    try:
        if action == "install":
            written = install_menu_entry(paths.assets, home, program_command())
            done = "added Unbrace to" if written else "Unbrace is already in"
        else:
            removed = remove_menu_entry(home)
            done = "took Unbrace out of" if removed else "Unbrace was not in"
    except OSError as error:
        raise UsageError(f"the application menu in {home} could not be changed: {error}") from None
    print(f"{done} the application menu ({home / 'applications'})", file=out)
    return 0
