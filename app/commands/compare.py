"""Commands across documents: compare, similar, diff, timeline, search."""

from __future__ import annotations

import json
import sys
import textwrap

from app.commands.common import EXIT_OK, EXIT_USAGE, add_command, open_store

WIDTH = 100


def _print_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=1) + "\n")


def _wrap(text: str, indent: str = "      ", limit: int = 700) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit].rstrip() + "\u2026"
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def wdiff(ops: list[dict]) -> str:
    """Word differences as text: [-deleted-] {+inserted+}."""
    parts = []
    for o in ops:
        a, b = o["a"].strip(), o["b"].strip()
        if o["op"] == "equal":
            parts.append(o["a"])
        else:
            parts.append(" ".join(x for x in (f"[-{a}-]" if a else "", f"{{+{b}+}}" if b else "") if x) + " ")
    return "".join(parts)


# -- compare ---------------------------------------------------------------------------------------------
def cmd_compare(args) -> int:
    from app.core.compare import VARIANT, compare_json, compare_type
    store = open_store(args)
    c = compare_type(store, args.type, "all" if args.all_versions else "latest",
                     VARIANT if args.threshold is None else args.threshold)
    if args.json:
        _print_json(compare_json(c))
        return EXIT_OK
    view = "every version of every document" if c.scope == "all" else "the latest version of every document"
    print(f"{c.name} ({c.type}): {c.rarity} in the library ({view})")
    for k, v in enumerate(c.variants, 1):
        scope = f" [{v.scope}]" if v.scope else ""
        print(f"\nVariant {k}{scope}: {', '.join(v.platforms)}")
        for m in v.members:
            where = ", ".join(x for x in (m.title[:50], m.version if m.version != m.date else "", m.date) if x)
            head = "representative" if m is v.representative else f"similarity {m.similarity:.0f}"
            print(f"  {m.platform} \u2014 {where}; clause {m.clause_id}"
                  f"{' (' + m.number.strip() + ')' if m.number.strip() else ''}, p.{m.page}; {head}")
            print(_wrap(m.text if m is v.representative or not m.words else wdiff(m.words)))
    print("\nSide by side:")
    for p in c.platforms:
        if p.has:
            ents = "; ".join(f"{k.replace('_', ' ')}: {', '.join(v)}" for k, v in p.entities.items()) or "-"
            print(f"  {p.platform or '(unknown)'}: variant {', '.join(str(i + 1) for i in p.variants)}; {ents}")
    without = [p.platform or "(unknown)" for p in c.platforms if not p.has]
    if without:
        print(_wrap("Without it: " + ", ".join(without), "  "))
    for d in c.dropped:
        print(f"  Dropped: {d['platform']} \u2014 {d['document']}: last in {d['last_with']['label']} "
              f"({d['last_with']['date'] or 'undated'}), removed in {d['removed_in']['label']} "
              f"({d['removed_in']['date'] or 'undated'}); see --all-versions")
    return EXIT_OK


# -- similar ---------------------------------------------------------------------------------------------
def cmd_similar(args) -> int:
    from app.core.similar import similar_clauses, similar_json
    store = open_store(args)
    results = similar_clauses(store, args.clause_id, args.k)
    if args.json:
        _print_json(similar_json(args.clause_id, results))
        return EXIT_OK
    if not results:
        print(f"No clause of another platform resembles clause {args.clause_id}.")
    for r in results:
        labels = ", ".join(r.labels) or "untagged"
        print(f"{r.score:5.1f}  {r.platform or '(unknown)'} \u2014 {r.title[:50]} {r.date}; clause {r.clause_id}"
              f" {r.number}, p.{r.page} [{labels}]")
        print(_wrap(r.text, limit=400))
    return EXIT_OK


# -- diff and timeline -----------------------------------------------------------------------------------
def cmd_diff(args) -> int:
    from app.core import platforms
    from app.core.diff import diff_documents, diff_json
    store = open_store(args)
    if len(args.docs) == 1:
        prev = platforms.previous_version(store, args.docs[0])
        if prev is None:
            print(f"error: document {args.docs[0]} is the first version of its document; give two ids",
                  file=sys.stderr)
            return EXIT_USAGE
        a_id, b_id = prev.document_id, args.docs[0]
    else:
        a_id, b_id = args.docs
    d = diff_documents(store, a_id, b_id)
    if args.json:
        _print_json(diff_json(d))
        return EXIT_OK
    va, vb = platforms.version_of(store, a_id), platforms.version_of(store, b_id)
    fa, fb = platforms.document_of(store, a_id), platforms.document_of(store, b_id)
    if fa.id != fb.id:
        print(f"note: documents {a_id} and {b_id} are not versions of one document "
              f"({fa.platform or 'unknown platform'}: {fa.name}; {fb.platform or 'unknown platform'}: "
              f"{fb.name}); clauses are paired by wording and number", file=sys.stderr)
    print(f"From document {a_id} ({va.title[:50]}, {va.label or 'undated'}) "
          f"to document {b_id} ({vb.title[:50]}, {vb.label or 'undated'})")
    print("  " + ", ".join(f"{n} {k}" for k, n in d.counts().items() if n))
    if d.covenant_changes:
        print("\nCovenant changes:")
        for c in d.covenant_changes:
            print(f"  ! {c['detail']} ({c['severity']}; clause {c['b_clause'] or c['a_clause']})")
    shown = d.changes if args.all else d.reported
    if shown:
        print("\nClauses:")
    for c in shown:
        nums = f"{c.a_number or '-'} -> {c.b_number or '-'}".strip()
        ids = f"{c.a_clause or '-'} -> {c.b_clause or '-'}"
        extra = f", {c.structure} ({len(c.a_clauses)} -> {len(c.b_clauses)} clauses)" if c.structure else ""
        print(f"  {c.kind}{extra}: {nums} (clause {ids})")
        if c.words:
            print(_wrap(wdiff(c.words)))
        elif c.kind in ("added", "removed"):
            print(_wrap(c.b_text or c.a_text, limit=300))
    return EXIT_OK


def cmd_timeline(args) -> int:
    from app.core.diff import timeline
    store = open_store(args)
    steps = timeline(store, args.platform)
    if args.json:
        _print_json([{"document": s.document.name, "kind": s.document.kind, "document_id": s.version.document_id,
                      "version": s.version.label, "date": s.version.date, "title": s.version.title,
                      "previous_id": s.previous.document_id if s.previous else None,
                      "changes": s.headlines, "counts": s.counts} for s in steps])
        return EXIT_OK
    print(steps[0].document.platform if steps else args.platform)
    by_doc: dict[int, list] = {}
    for s in steps:
        by_doc.setdefault(s.document.id, []).append(s)
    for doc_steps in by_doc.values():
        doc = doc_steps[0].document
        print(f"\n  {doc.name} ({doc.kind}, {len(doc.versions)} version{'s' if len(doc.versions) > 1 else ''})")
        for s in doc_steps:
            counts = ", ".join(f"{n} {k}" for k, n in s.counts.items())
            label = "" if s.version.label == s.version.date else s.version.label[:12]
            print(f"    {s.version.date or 'undated':10}  {label:12}  document {s.version.document_id}"
                  f"{'  (' + counts + ')' if counts else ''}")
            for h in s.headlines:
                print(f"        {h}")
    return EXIT_OK


# -- search ----------------------------------------------------------------------------------------------
def cmd_search(args) -> int:
    from app.core.search import hit_json, search
    store = open_store(args)
    hits = search(store, args.query, type=args.type, platform=args.platform, severity=args.severity,
                  latest_only=args.latest, limit=args.limit)
    if args.json:
        _print_json({"query": args.query, "results": [hit_json(h) for h in hits]})
        return EXIT_OK
    if not hits:
        print("No clause matches.")
    for h in hits:
        print(f"{h.platform or '(unknown)'} \u2014 {h.title[:50]} {h.date}; clause {h.clause_id} {h.number}, "
              f"p.{h.page} [{', '.join(h.labels) or 'untagged'}]")
        print(_wrap(h.snippet))
    return EXIT_OK


def _type_ids() -> list[str]:
    """Covenant type ids from clause_library/taxonomy, read without importing the comparison."""
    import tomllib

    from app.core.paths import clause_library_dir
    ids = []
    for path in sorted((clause_library_dir() / "taxonomy").glob("*.toml")):
        with open(path, "rb") as f:
            ids.append(tomllib.load(f)["id"])
    return ids


def register(sub, common) -> None:
    types = _type_ids()
    p = add_command(sub, "compare", [common], "compare one covenant across the platforms of the library",
                    "For a covenant type, the tagged clauses of every platform's documents side by side, grouped "
                    "into wording variants (names and numbers masked), each member's word differences from its "
                    "variant's representative ([-deleted-] {+inserted+}), how rare the covenant is, and what each "
                    "platform's clauses name (jurisdictions, carve-outs, thresholds). By default the latest version "
                    "of every document; platforms that dropped the covenant in a later version are named.",
                    "  clauselens compare --type anti_distillation\n"
                    "  clauselens compare --type governing_law --all-versions\n"
                    "  clauselens compare --type anti_distillation --json | jq '.variants[].platforms'", cmd_compare)
    p.add_argument("--type", required=True, choices=types, metavar="TYPE",
                   help="covenant type id (see clause_library/taxonomy), e.g. anti_distillation")
    p.add_argument("--all-versions", action="store_true", help="every version of every document, not the latest")
    p.add_argument("--threshold", type=float, default=None,
                   help="similarity (0-100) from which wordings are one variant (default 65)")
    p.add_argument("--json", action="store_true", help="print the comparison as JSON")

    p = add_command(sub, "similar", [common], "find the clauses of other platforms most like one clause",
                    "The clauses of other platforms most like a clause, whatever their tags: candidates from the "
                    "full-text index reranked by wording similarity (0-100). Clause ids are those of "
                    "'analyze --json' and 'show'.",
                    "  clauselens similar 123\n  clauselens similar 123 -k 10 --json", cmd_similar)
    p.add_argument("clause_id", type=int, metavar="CLAUSE_ID")
    p.add_argument("-k", type=int, default=5, help="how many clauses (default 5)")
    p.add_argument("--json", action="store_true", help="print the results as JSON")

    p = add_command(sub, "diff", [common], "show what changed between two versions of a document",
                    "Clause-by-clause changes from document DOC_A to DOC_B (library ids, see 'library list'), "
                    "covenant changes first. Clauses are aligned despite renumbering, moves, splits and merges; "
                    "clauses only renumbered or unchanged are not listed (use --all). With one id, the "
                    "document is compared with its previous version.",
                    "  clauselens diff 8            # 8 against its previous version\n"
                    "  clauselens diff 1 2          # two versions, oldest first\n"
                    "  clauselens diff 1 2 --json | jq '.covenant_changes'", cmd_diff)
    p.add_argument("docs", type=int, nargs="+", metavar="DOC", help="DOC_A DOC_B, or one DOC")
    p.add_argument("--all", action="store_true", help="list unchanged and renumbered clauses too")
    p.add_argument("--json", action="store_true", help="print the diff as JSON")

    p = add_command(sub, "timeline", [common], "list a platform's documents, versions and covenant changes",
                    "Every version of every document of a platform, oldest first, with the covenant changes "
                    "since the version before.",
                    "  clauselens timeline Mosswood\n  clauselens timeline halcyon --json", cmd_timeline)
    p.add_argument("platform", metavar="PLATFORM", help="platform name (case-insensitive, or a unique prefix)")
    p.add_argument("--json", action="store_true", help="print the timeline as JSON")

    p = add_command(sub, "search", [common], "search the clauses of the library",
                    "Full-text search over every clause (FTS5 syntax: \"a phrase\", OR, NOT, prefix*, NEAR(a b)), "
                    "best matches first, matches marked \u00ab\u00bb in each snippet. Filters keep clauses "
                    "tagged with a covenant type or severity, of one platform, or of latest versions only.",
                    "  clauselens search distil*\n"
                    "  clauselens search 'compete' --type anti_distillation\n"
                    "  clauselens search '\"governing law\"' --platform mosswood --latest --json", cmd_search)
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--type", choices=types, metavar="TYPE", help="only clauses tagged TYPE")
    p.add_argument("--platform", help="only clauses of this platform")
    p.add_argument("--severity", choices=["low", "medium", "high"], help="only clauses with a tag of this severity")
    p.add_argument("--latest", action="store_true", help="only the latest version of each document")
    p.add_argument("--limit", type=int, default=20, help="at most this many clauses (default 20)")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
