"""The ClauseLens command line: the whole flow, headless."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

from app import __version__

EXIT_OK, EXIT_USAGE, EXIT_IMPORT = 0, 2, 3

EXAMPLES = {
    "analyze": """examples:
  clauselens analyze licence.pdf
  clauselens analyze terms.html policy.md --json out.jsonl
  clauselens analyze licence.pdf --json - | jq .clauses[0]""",
    "library": """examples:
  clauselens library list
  clauselens library demo""",
    "show": """examples:
  clauselens show 3""",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors exit 2 with one line, as argparse does
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _open_store(args):
    from app.core.paths import default_db_path
    from app.core.store import Store
    return Store(args.db or default_db_path())


def _write_json(target: str, rows: list[dict]) -> None:
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if target == "-":
        sys.stdout.write(lines)
    else:
        Path(target).write_text(lines, encoding="utf-8")


def _print_document(doc, out=sys.stdout) -> None:
    print(f"# {doc.title}  [id {doc.id}, {doc.format}, {len(doc.pages)} page(s)]", file=out)
    meta = ", ".join(f"{k}: {v}" for k, v in (("platform", doc.platform), ("kind", doc.kind),
                                               ("version", doc.version), ("date", doc.date)) if v)
    if meta:
        print(f"  {meta}", file=out)
    print(f"  sha256 {doc.sha256}", file=out)
    for c in doc.clauses:
        body = " ".join(doc.text[c.start:c.end].split())
        label = c.path or c.number or "-"
        print(f"\n[p.{c.page}] {label}  (clause {c.id})", file=out)
        print(textwrap.indent(textwrap.fill(body[:600] + ("..." if len(body) > 600 else ""), 96), "    "),
              file=out)


def cmd_analyze(args) -> int:
    from app.core.jsonout import document_json
    from app.core.library import import_file
    store = _open_store(args)
    rows, failed = [], 0
    for path in args.paths:
        result = import_file(path, store)
        if result.status == "refused":
            failed += 1
            print(f"error: {result.message}", file=sys.stderr)
            continue
        doc = store.get_document(result.document_id)
        if result.status == "exists":
            print(f"{path}: already in the library as document {result.document_id}", file=sys.stderr)
        if args.json:
            rows.append(document_json(doc))
        else:
            _print_document(doc)
    if args.json:
        _write_json(args.json, rows)
    return EXIT_IMPORT if failed else EXIT_OK


def cmd_library(args) -> int:
    store = _open_store(args)
    if args.action == "list":
        docs = store.list_documents()
        if not docs:
            print("The library is empty. Import a document with: clauselens analyze FILE")
            return EXIT_OK
        print(f"{'id':>4}  {'platform':20} {'kind':22} {'date':10} {'clauses':>7}  title")
        for d in docs:
            print(f"{d.id:>4}  {d.platform[:20]:20} {d.kind[:22]:22} {d.date[:10]:10} {d.clause_count:>7}"
                  f"  {d.title[:60]}")
    return EXIT_OK


def cmd_show(args) -> int:
    from app.core.store import LibraryError
    store = _open_store(args)
    try:
        doc = store.get_document(args.doc_id)
    except LibraryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    _print_document(doc)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="clauselens", description="Review AI licences and terms of service offline.",
                     formatter_class=argparse.RawDescriptionHelpFormatter,
                     epilog="Run 'clauselens COMMAND --help' for a command's options and examples.")
    parser.add_argument("--version", action="version", version=f"clauselens {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", help="library file (default: $CLAUSELENS_DB or the user data folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("analyze", parents=[common], help="import documents and print their clauses",
                       description="Import licences or terms (PDF, HTML, DOCX, Markdown, text) into the "
                                   "library and print them as clauses with page numbers.",
                       epilog=EXAMPLES["analyze"], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", metavar="FILE", help="write one JSON object per document to FILE ('-': stdout)")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("library", parents=[common], help="list the library",
                       description="Work with the library as a whole.",
                       epilog=EXAMPLES["library"], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("action", choices=["list"])
    p.set_defaults(func=cmd_library)

    p = sub.add_parser("show", parents=[common], help="print one document's clauses",
                       description="Print a document of the library as clauses with numbers, headings "
                                   "and pages.",
                       epilog=EXAMPLES["show"], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("doc_id", type=int, metavar="DOC_ID")
    p.set_defaults(func=cmd_show)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_OK
    from app.core.errors import ClauseLensError
    try:
        return args.func(args)
    except ClauseLensError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_IMPORT
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
