"""Every command and option of the command line is documented in docs/cli.md."""

from pathlib import Path

import typer.core
import typer.main

from stalkscreen.cli.main import app

REFERENCE = (Path(__file__).parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")


def commands(group: typer.core.TyperGroup, prefix: str = "stalkscreen"):
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        yield path, command
        if isinstance(command, typer.core.TyperGroup):
            yield from commands(command, path)


ALL = sorted(commands(typer.main.get_command(app)), key=lambda item: item[0])


def test_the_command_line_has_commands():
    assert {"stalkscreen synth", "stalkscreen ingest", "stalkscreen search", "stalkscreen demo"} <= {p for p, _ in ALL}


def test_every_command_has_a_heading_in_the_cli_reference():
    missing = [path for path, _ in ALL if f"## {path}\n" not in REFERENCE]
    assert missing == []


def test_every_option_is_named_in_its_command_section():
    missing = []
    for path, command in ALL:
        start = REFERENCE.find(f"## {path}\n")
        end = REFERENCE.find("\n## ", start + 1)
        section = REFERENCE[start:end if end > 0 else None]
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt != "--help" and opt not in section:
                    missing.append(f"{path} {opt}")
    assert missing == []
