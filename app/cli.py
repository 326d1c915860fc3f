"""The ClauseLens command line: the whole flow, headless."""

from __future__ import annotations

import argparse
import importlib
import sys

from app import __version__
from app.commands import MODULES
from app.commands.common import EXIT_IMPORT, EXIT_OK, EXIT_USAGE, Parser


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="clauselens", description="Review AI licences and terms of service offline.",
                    formatter_class=argparse.RawDescriptionHelpFormatter,
                    epilog="Run 'clauselens COMMAND --help' for a command's options and examples.")
    parser.add_argument("--version", action="version", version=f"clauselens {__version__}")
    db_help = "library file (default: $CLAUSELENS_DB or the user data folder)"
    parser.add_argument("--db", help=db_help)
    # --db also after the command; SUPPRESS keeps a --db given before the command.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", help=db_help, default=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in MODULES:
        importlib.import_module(f"app.commands.{name}").register(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:  # no command: open the window (which explains itself where there is no display)
        argv = ["gui"]
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_OK
    from app.core.errors import ClauseLensError, NotInLibrary
    try:
        return args.func(args)
    except NotInLibrary as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ClauseLensError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_IMPORT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader (e.g. `head`) stopped reading; not an error of ours
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
