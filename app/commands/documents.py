"""Commands over documents: analyze (import and tag), library, show."""

from __future__ import annotations

import sys
import textwrap

from app.commands.common import EXIT_IMPORT, EXIT_OK, EXIT_USAGE, add_command, open_store, write_json


def _print_tags(doc, tags, out, reviews=None) -> None:
    for t in tags:
        kind = "explicit" if t.explicit else "inferred"
        r = (reviews or {}).get(t.id)
        print(f"    >> {t.label}  ({t.severity} severity, confidence {t.confidence:.2f}, {kind}, "
              f"{t.source}; tag {t.id}, {t.status})", file=out)
        overrides = [f"label {r.new_label}" if r and r.new_label else "",
                     f"severity {r.severity}" if r and r.severity else ""]
        if any(overrides):
            print(f"       review: {', '.join(o for o in overrides if o)}", file=out)
        if r and r.note:
            print(f"       note: {r.note}", file=out)
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


def _print_document(doc, analysis=None, out=None, reviews=None) -> None:
    out = out or sys.stdout  # looked up per call, not bound once at import (tests capture stdout)
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
            _print_tags(doc, [t for t in analysis.tags if t.clause_index == i], out, reviews)
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
    from app.core.library import Overrides, import_file
    from app.core.review import apply_reviews
    store = open_store(args)
    rows, failed = [], 0
    overrides = Overrides(platform=args.platform or "", kind=args.kind or "", version=args.version or "",
                          date=args.date or "", family=args.family or "")
    for path in args.paths:
        result = import_file(path, store, overrides)
        if result.status == "refused":
            failed += 1
            print(f"error: {result.message}", file=sys.stderr)
            continue
        given = {k: v for k, v in (("platform", args.platform), ("kind", args.kind), ("version", args.version),
                                   ("date", args.date), ("family", args.family)) if v}
        if result.status == "exists" and given:
            # Importing the same file again with --platform etc. corrects what was detected.
            from app.core import platforms
            platforms.set_metadata(store, result.document_id, **given)
        doc = store.get_document(result.document_id)
        found = store.get_analysis(doc.id)
        reviewed = apply_reviews(store, doc.id, found)
        if result.status == "exists":
            note = f"; updated its {', '.join(given)}" if given else ""
            print(f"{path}: already in the library as document {result.document_id}{note}", file=sys.stderr)
        elif result.previous_id is not None:
            print(f"{path}: a new version of document {result.previous_id}; see what changed with: "
                  f"clauselens diff {result.previous_id} {result.document_id}", file=sys.stderr)
        if args.json:
            rows.append(document_json(doc, found, reviewed))
        else:
            _print_document(doc, found, reviews=reviewed)
    if args.json:
        write_json(args.json, rows)
    return EXIT_IMPORT if failed else EXIT_OK


def cmd_library(args) -> int:
    store = open_store(args)
    if args.action == "demo":
        from app.core.demo import load_demo
        results = load_demo(store)
        added = [r for r in results if r.status == "imported"]
        for r in results:
            if r.status == "refused":
                print(f"error: {r.message}", file=sys.stderr)
        print(f"Demo library: {len(added)} document(s) imported, {len(results) - len(added)} already there. "
              "Try: clauselens compare --type anti_distillation")
        return EXIT_OK if all(r.status != "refused" for r in results) else EXIT_IMPORT
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
    store = open_store(args)
    try:
        doc = store.get_document(args.doc_id)
    except LibraryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    from app.core.review import apply_reviews
    found = store.get_analysis(doc.id)
    _print_document(doc, found, reviews=apply_reviews(store, doc.id, found))
    return EXIT_OK




def register(sub, common) -> None:
    p = add_command(sub, "analyze", [common], "import documents, tag them and print their clauses",
                    "Import licences or terms (PDF, HTML, DOCX, Markdown, text) into the library, tag the "
                    "covenants in them and print them as clauses with page numbers.",
                    "  clauselens analyze licence.pdf\n"
                    "  clauselens analyze terms.html policy.md --json out.jsonl\n"
                    "  clauselens analyze licence.pdf --json - | jq .clauses[0]\n"
                    "  clauselens analyze terms-2026.html --platform DeepSeek --kind terms_of_use --date 2026-03-27",
                    cmd_analyze)
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", metavar="FILE", help="write one JSON object per document to FILE ('-': stdout)")
    p.add_argument("--platform", metavar="NAME", help="the issuing platform (default: detected from the text)")
    p.add_argument("--kind", metavar="KIND", help="licence, terms_of_use, acceptable_use_policy, privacy_policy, "
                   "other (default: detected)")
    p.add_argument("--version", metavar="V", help="the document's version (default: detected)")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the version's date (default: detected)")
    p.add_argument("--family", metavar="NAME", help="which of the platform's documents of this kind this is a "
                   "version of (default: from the title; a file under the same platform, kind and family is "
                   "a new version of that document)")

    p = add_command(sub, "library", [common], "list the documents in the library, or load the demo",
                    "Work with the library as a whole: 'list' its documents; 'demo' imports the sample licences "
                    "and terms of fictional platforms written for ClauseLens (resources/demo), which a new "
                    "library gets on first start of the app.",
                    "  clauselens library list\n  clauselens library demo", cmd_library)
    p.add_argument("action", choices=["list", "demo"])

    p = add_command(sub, "show", [common], "print one document's clauses and tags",
                    "Print a document of the library as clauses with numbers, headings, pages and tags.",
                    "  clauselens show 3", cmd_show)
    p.add_argument("doc_id", type=int, metavar="DOC_ID")
