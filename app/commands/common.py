"""What every command shares: exit codes, the library, JSON output, how a command is declared."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXIT_OK, EXIT_USAGE, EXIT_IMPORT = 0, 2, 3


class Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors exit 2 with one line, as argparse does
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def add_command(sub, name: str, parents, help: str, description: str, examples: str, func):
    """A subcommand with its description, examples (shown by --help) and handler."""
    p = sub.add_parser(name, parents=parents, help=help, description=description,
                       epilog="examples:\n" + examples,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.set_defaults(func=func)
    return p


def open_store(args):
    from app.core.paths import default_db_path
    from app.core.store import Store
    return Store(getattr(args, "db", None) or default_db_path())


def write_json(target: str, rows: list[dict]) -> None:
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if target == "-":
        sys.stdout.write(lines)
    else:
        Path(target).write_text(lines, encoding="utf-8")
