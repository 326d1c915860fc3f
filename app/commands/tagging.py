"""Commands over the tagger: eval (score on labelled documents) and train."""

from __future__ import annotations

import sys
from pathlib import Path

from app.commands.common import EXIT_OK, add_command
from app.core.evaluate import FULLY_LABELLED as FULLY


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




def register(sub, common) -> None:
    p = add_command(sub, "eval", [], "score the tagger on a labelled set",
                    "Tag every file named in a labels file (one JSON object per line: file, label, quote) "
                    "and print per-label precision, recall and F1. Nothing is written to the library.",
                    "  clauselens eval --labels ../shared/corpus/labels.jsonl\n"
                    "  clauselens eval --labels my-labels.jsonl --dir ./documents --misses", cmd_eval)
    p.add_argument("--labels", required=True, metavar="FILE",
                   help="one JSON object per line: {\"file\", \"label\", \"quote\"}; quotes are found "
                        "comparing letters and digits only. Recall is scored for every label; precision "
                        "only for the fully labelled types (" + ", ".join(FULLY) + "), where every "
                        "occurrence must be labelled")
    p.add_argument("--dir", metavar="FOLDER", help="where the labelled files are (default: beside FILE)")
    p.add_argument("--misses", action="store_true", help="also list missed quotes and wrong tags")

    p = add_command(sub, "train", [], "retrain the sentence classifier from clause_library examples",
                    "Train the pipeline's sentence classifier from the example sentences in "
                    "clause_library/taxonomy and save it under resources/pipeline (fixed seed).",
                    "  clauselens train\n  clauselens train --epochs 30 --seed 17", cmd_train)
    p.add_argument("--seed", type=int, default=17)
    p.add_argument("--epochs", type=int, default=20)
