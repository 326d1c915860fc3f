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
    "eval": """examples:
  clauselens eval --labels ../shared/corpus/labels.jsonl
  clauselens eval --labels my-labels.jsonl --dir ./documents --misses""",
    "train": """examples:
  clauselens train
  clauselens train --epochs 30 --seed 17""",
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


def _print_tags(doc, tags, out) -> None:
    for t in tags:
        kind = "explicit" if t.explicit else "inferred"
        print(f"    >> {t.label}  ({t.severity} severity, confidence {t.confidence:.2f}, {kind}, "
              f"{t.source}; tag {t.id}, {t.status})", file=out)
        words = ", ".join(f"\u201c{g['text']}\u201d" for g in t.triggers)
        if words:
            print(f"       triggered by {words}", file=out)
        print(f"       why: {t.why}", file=out)
        if t.reaches:
            print(f"       reaches: {', '.join(t.reaches)}", file=out)


def _print_entities(entities, out) -> None:
    shown = [e for e in entities if e.label != "DEFINED_TERM"]
    if shown:
        print("    entities: " + "; ".join(f"{e.label} \u201c{e.text}\u201d = {e.value}" for e in shown),
              file=out)


def _print_document(doc, analysis=None, out=sys.stdout) -> None:
    print(f"# {doc.title}  [id {doc.id}, {doc.format}, {len(doc.pages)} page(s)]", file=out)
    meta = ", ".join(f"{k}: {v}" for k, v in (("platform", doc.platform), ("kind", doc.kind),
                                               ("version", doc.version), ("date", doc.date)) if v)
    if meta:
        print(f"  {meta}", file=out)
    print(f"  sha256 {doc.sha256}", file=out)
    for i, c in enumerate(doc.clauses):
        body = " ".join(doc.text[c.start:c.end].split())
        label = c.path or c.number or "-"
        print(f"\n[p.{c.page}] {label}  (clause {c.id})", file=out)
        print(textwrap.indent(textwrap.fill(body[:600] + ("..." if len(body) > 600 else ""), 96), "    "),
              file=out)
        if analysis is not None:
            _print_tags(doc, [t for t in analysis.tags if t.clause_index == i], out)
            _print_entities([e for e in analysis.entities if e.clause_index == i], out)
    if analysis is not None:
        _print_findings(analysis.findings, out)


def _print_findings(findings: dict, out) -> None:
    if not findings:
        return
    print("\n== Findings", file=out)
    ad = findings.get("anti_distillation", {})
    if ad.get("present"):
        print(f"  anti-distillation covenant reaches: {', '.join(ad.get('reaches') or ['(unclear)'])}", file=out)
        for c in ad.get("carve_outs", []):
            print(f"    carve-out: {c['text']}", file=out)
    else:
        print("  no anti-distillation covenant found", file=out)
    od = findings.get("output_definition")
    if od:
        print(f"  \u201c{od['term']}\u201d is defined at characters {od['start']}-{od['end']}", file=out)
    for key, title in (("governing_law", "governing law"), ("venue", "venue"), ("arbitration", "arbitration"),
                       ("thresholds", "thresholds")):
        items = findings.get(key) or []
        if items:
            print(f"  {title}: " + "; ".join(f"{i['text']} ({i['value']})" for i in items), file=out)


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
        found = store.get_analysis(doc.id)
        if result.status == "exists":
            print(f"{path}: already in the library as document {result.document_id}", file=sys.stderr)
        if args.json:
            rows.append(document_json(doc, found))
        else:
            _print_document(doc, found)
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
    _print_document(doc, store.get_analysis(doc.id))
    return EXIT_OK


def cmd_eval(args) -> int:
    from collections import defaultdict

    from app.core import analysis, evaluate
    from app.core.errors import ImportRefused
    from app.core.library import build_document, read_source
    rows = evaluate.load_labels(args.labels)
    folder = Path(args.dir) if args.dir else Path(args.labels).resolve().parent
    by_file = defaultdict(list)
    for row in rows:
        by_file[row["file"]].append(row)
    result = evaluate.EvalResult()
    for name, gold in by_file.items():
        path = folder / name
        try:
            doc = build_document(read_source(path), str(path))
        except ImportRefused as exc:
            print(f"error: {exc}", file=sys.stderr)
            evaluate.score_document(name, "", [], gold, result)
            continue
        found = analysis.analyze(doc)
        evaluate.score_document(name, doc.text, [(t.label, t.start, t.end, t.confidence) for t in found.tags],
                                gold, result)
    print(evaluate.format_result(result))
    if args.misses:
        for m in result.misses:
            print("  missed:", *m)
        for fp in result.false_positives:
            print("  wrong: ", *fp)
    return EXIT_OK


def cmd_train(args) -> int:
    from nlp.train import train
    info = train(seed=args.seed, epochs=args.epochs)
    print(f"trained on {info['examples']} example sentences, {info['labels']} labels; saved to {info['output']}")
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

    p = sub.add_parser("eval", help="score the tagger on a labelled set",
                       description="Tag every file named in a labels file (one JSON object per line: "
                                   "file, label, quote) and print per-label precision, recall and F1.",
                       epilog=EXAMPLES["eval"], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--labels", required=True, metavar="FILE")
    p.add_argument("--dir", metavar="FOLDER", help="where the labelled files are (default: beside FILE)")
    p.add_argument("--misses", action="store_true", help="also list missed quotes and wrong tags")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("train", help="retrain the sentence classifier from clause_library examples",
                       description="Train the pipeline's sentence classifier from the example sentences in "
                                   "clause_library/taxonomy and save it under resources/pipeline.",
                       epilog=EXAMPLES["train"], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seed", type=int, default=17)
    p.add_argument("--epochs", type=int, default=20)
    p.set_defaults(func=cmd_train)
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
