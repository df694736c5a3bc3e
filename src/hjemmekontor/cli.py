"""The `hjemmekontor` console command: one entry point for every task.

Each subcommand lives in `hjemmekontor/commands/<name>.py` with `add_arguments`
and `run`; modules are imported only when their command runs, so that the
analysis commands never import Django and `--help` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Sequence

# Order is the order shown in --help.
COMMANDS = ["start", "serve", "worker", "manage", "analyze", "synth", "worktime", "report"]


def _summary(module_name: str) -> str:
    module = importlib.import_module(f"hjemmekontor.commands.{module_name}")
    doc = (module.__doc__ or "").strip().splitlines()
    return doc[0] if doc else ""


def build_parser(commands: Sequence[str] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hjemmekontor",
        description="Kartlegg hjemmekontor og følg opp HMS – uten overvåking.",
    )
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO")
    for name in commands or available_commands():
        module = importlib.import_module(f"hjemmekontor.commands.{name}")
        summary = _summary(name)
        command_parser = sub.add_parser(name, help=summary, description=module.__doc__)
        module.add_arguments(command_parser)
        command_parser.set_defaults(_module=module)
    return parser


def available_commands() -> list[str]:
    return [name for name in COMMANDS if importlib.util.find_spec(f"hjemmekontor.commands.{name}")]


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    # `manage` passes everything after it to Django untouched.
    if args_list[:1] == ["manage"]:
        from hjemmekontor.commands import manage

        return manage.run_django(args_list[1:])
    wanted = [args_list[0]] if args_list and args_list[0] in COMMANDS else None
    parser = build_parser(wanted)
    args = parser.parse_args(args_list)
    if not getattr(args, "_module", None):
        parser.print_help()
        return 2
    return int(args._module.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
