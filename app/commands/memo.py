"""Commands for the lawyer's review and its product: review (accept, reject, re-label, note),
annotate (a note on any range of text) and memo (export PDF or DOCX)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.commands.common import EXIT_OK, EXIT_USAGE, add_command, open_store


def _document_ids(store, refs: list[str]) -> list[int]:
    """DOC arguments are library ids, or files (imported first when not in the library yet)."""
    from app.core.errors import ImportRefused
    from app.core.library import import_file
    ids = []
    for ref in refs:
        if ref.isdigit() and not Path(ref).exists():
            store.get_document(int(ref))  # raises LibraryError with a one-line message
            ids.append(int(ref))
            continue
        result = import_file(ref, store)
        if result.status == "refused":
            raise ImportRefused(ref, result.message.split(": ", 1)[-1])
        ids.append(result.document_id)
    return list(dict.fromkeys(ids))


def _open(path: Path) -> None:
    if sys.platform.startswith("win"):
        os.startfile(str(path))  # noqa: S606 - opening the user's own file with its default viewer
    else:
        subprocess.Popen(["open" if sys.platform == "darwin" else "xdg-open", str(path)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def cmd_memo(args) -> int:
    from app.core.memo import MemoOptions, export_memo
    from nlp.lexicon import load_lexicon
    types = None
    if args.types:
        types = tuple(t.strip() for t in args.types.split(",") if t.strip())
        unknown = sorted(set(types) - set(load_lexicon().types))
        if unknown:
            print(f"error: not a covenant type: {', '.join(unknown)} (see clause_library/taxonomy)", file=sys.stderr)
            return EXIT_USAGE
    fmt = args.format or ("docx" if args.out.lower().endswith(".docx") else "pdf")
    from app.core.store import LibraryError
    store = open_store(args)
    try:
        ids = _document_ids(store, args.docs)
    except LibraryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    options = MemoOptions(matter=args.matter, reviewer=args.reviewer, types=types, compare=not args.no_compare)

    def progress(fraction, message):
        if args.verbose:
            print(f"[{fraction:4.0%}] {message}", file=sys.stderr)

    path = export_memo(store, ids, args.out, fmt, options, progress)
    print(f"memo of {len(ids)} document(s) written to {path}")
    if args.open:
        _open(path)
    return EXIT_OK


def cmd_review(args) -> int:
    from app.core import review
    status = "accepted" if args.accept else "rejected" if args.reject else "unreviewed" if args.unreview else None
    if status is None and args.label is None and args.severity is None and args.note is None:
        print("error: say what to change: --accept, --reject, --unreview, --label, --severity or --note",
              file=sys.stderr)
        return EXIT_USAGE
    store = open_store(args)
    try:
        r = review.review_tag(store, args.tag_id, status=status, label=args.label, severity=args.severity,
                              note=args.note)
    except review.ReviewError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    parts = [r.status]
    if r.new_label:
        parts.append(f"label {r.new_label} (was {r.label})")
    if r.severity:
        parts.append(f"severity {r.severity}")
    if r.note:
        parts.append(f"note of {len(r.note)} characters")
    print(f"tag {args.tag_id} in document {r.document_id}: {', '.join(parts)}")
    return EXIT_OK


def cmd_annotate(args) -> int:
    from app.core import review
    store = open_store(args)
    try:
        start, _, end = args.range.partition(":")
        a = review.annotate(store, args.doc_id, int(start), int(end), args.note)
    except ValueError:
        print("error: --range must be START:END (character offsets, as in analyze --json)", file=sys.stderr)
        return EXIT_USAGE
    except review.ReviewError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"annotation {a.id} on document {a.document_id}, characters {a.start}-{a.end}")
    return EXIT_OK


def register(sub, common) -> None:
    p = add_command(sub, "memo", [common], "export an annotated memo (PDF or DOCX) of reviewed documents",
                    "Write a memo a partner can read: cover, executive summary, one section per covenant with "
                    "the quoted words, page, carve-outs, reviewer's notes and interpretive notes, how other "
                    "platforms word it and what changed since the last version, and the provenance of every "
                    "source. Rejected tags are left out; unreviewed ones are marked. DOC is a library id or a "
                    "file (imported first if needed).",
                    "  clauselens memo 3 --out memo.pdf --matter 'Acme / Llama 3' --reviewer 'A. Lawyer'\n"
                    "  clauselens memo licence.pdf terms.html --out memo.docx\n"
                    "  clauselens memo 3 4 --out memo.pdf --types anti_distillation,governing_law --no-compare",
                    cmd_memo)
    p.add_argument("docs", nargs="+", metavar="DOC")
    p.add_argument("--out", required=True, metavar="FILE", help="where to write the memo")
    p.add_argument("--format", choices=["pdf", "docx"], help="default: from --out's extension, else pdf")
    p.add_argument("--matter", default="", help="matter name for the cover")
    p.add_argument("--reviewer", default="", help="reviewer's name for the cover")
    p.add_argument("--types", metavar="TYPE,...", help="only these covenant types")
    p.add_argument("--no-compare", action="store_true",
                   help="leave out the cross-platform comparison and version changes")
    p.add_argument("--open", action="store_true", help="open the memo when written")
    p.add_argument("-v", "--verbose", action="store_true", help="print progress")

    p = add_command(sub, "review", [common], "accept, reject, re-label or annotate a tag",
                    "Record the lawyer's review of one tag (ids as in 'show' and 'analyze --json'). The review "
                    "is kept when the document is analysed again by a newer pipeline.",
                    "  clauselens review 42 --accept\n"
                    "  clauselens review 42 --reject\n"
                    "  clauselens review 42 --label competing_use --severity high\n"
                    "  clauselens review 42 --note 'Check with the client whether they fine-tune.'", cmd_review)
    p.add_argument("tag_id", type=int, metavar="TAG_ID")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--accept", action="store_true", help="the tag is right")
    g.add_argument("--reject", action="store_true", help="the tag is wrong: leave it out of memos")
    g.add_argument("--unreview", action="store_true", help="back to unreviewed")
    p.add_argument("--label", metavar="TYPE", help="re-label as another covenant type (accepts the tag)")
    p.add_argument("--severity", metavar="S", help="override the severity: low, medium or high ('' to clear)")
    p.add_argument("--note", metavar="TEXT", help="the reviewer's note ('' to clear)")

    p = add_command(sub, "annotate", [common], "attach a note to any range of a document's text",
                    "Add a free annotation to characters START:END of a document (offsets as in analyze --json). "
                    "Annotations are printed in the memo with the words they cover.",
                    "  clauselens annotate 3 --range 1200:1350 --note 'Compare with the 2023 version.'",
                    cmd_annotate)
    p.add_argument("doc_id", type=int, metavar="DOC_ID")
    p.add_argument("--range", required=True, metavar="START:END")
    p.add_argument("--note", required=True, metavar="TEXT")

