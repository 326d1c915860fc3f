"""Score the pipeline on a labelled set (``{"file", "label", "quote"}`` per line).

Matching, as the corpus README describes it: a gold quote is located in the document text by
comparing letters and digits only, case-folded; a gold span is found when a tag of its label has
evidence overlapping it; a tag is right when its evidence overlaps a gold span of its label
(precision only for the fully labelled types, in documents that have gold rows); evidence longer
than 1,500 characters matches nothing.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

FULLY_LABELLED = ("anti_distillation", "output_scope", "governing_law", "venue_jurisdiction",
                  "arbitration", "commercial_threshold")
MAX_EVIDENCE = 1500


def _fold(text: str) -> tuple[str, list[int]]:
    out, where = [], []
    for i, ch in enumerate(text):
        for c in ch.casefold():
            if c.isalnum():
                out.append(c)
                where.append(i)
    return "".join(out), where


def find_quote(quote: str, text: str, folded: tuple[str, list[int]] | None = None) -> list[tuple[int, int]]:
    key, _ = _fold(quote)
    hay, where = folded or _fold(text)
    spans, at = [], hay.find(key) if key else -1
    while at != -1:
        spans.append((where[at], where[at + len(key) - 1] + 1))
        at = hay.find(key, at + 1)
    return spans


@dataclass
class LabelScore:
    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0
    high_conf: int = 0
    high_conf_correct: int = 0

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class EvalResult:
    labels: dict[str, LabelScore] = field(default_factory=lambda: defaultdict(LabelScore))
    misses: list[tuple[str, str, str]] = field(default_factory=list)
    false_positives: list[tuple[str, str, str]] = field(default_factory=list)
    not_located: int = 0


def load_labels(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def score_document(name: str, text: str, tags: list[tuple[str, int, int, float]], rows: list[dict],
                   result: EvalResult) -> None:
    """``tags``: (label, evidence start, evidence end, confidence)."""
    folded = _fold(text)
    usable = [t for t in tags if t[2] - t[1] <= MAX_EVIDENCE]
    gold: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for row in rows:
        score = result.labels[row["label"]]
        score.gold += 1
        spans = find_quote(row["quote"], text, folded)
        if not spans:
            result.not_located += 1
            result.misses.append((name, row["label"], row["quote"][:80]))
            continue
        gold[row["label"]].extend(spans)
        if any(lab == row["label"] and s < ge and gs < e for lab, s, e, _ in usable for gs, ge in spans):
            score.found += 1
        else:
            result.misses.append((name, row["label"], row["quote"][:80]))
    for label, s, e, conf in usable:
        if label not in FULLY_LABELLED:
            continue
        score = result.labels[label]
        right = any(s < ge and gs < e for gs, ge in gold[label])
        score.predicted += 1
        score.correct += right
        if conf >= 0.8:
            score.high_conf += 1
            score.high_conf_correct += right
        if not right:
            result.false_positives.append((name, label, text[s:e][:100]))


def format_result(result: EvalResult) -> str:
    def f(x):
        return "  -  " if x is None else f"{x:.3f}"
    lines = [f"{'label':26} {'gold':>5} {'recall':>7} {'pred':>5} {'precision':>9} {'f1':>6}"]
    for label in sorted(result.labels):
        s = result.labels[label]
        full = label in FULLY_LABELLED
        lines.append(f"{label:26} {s.gold:5d} {f(s.recall):>7} {s.predicted if full else '-':>5} "
                     f"{f(s.precision) if full else '  -  ':>9} {f(s.f1) if full else '  -  ':>6}")
    hc = sum(s.high_conf for s in result.labels.values())
    hcc = sum(s.high_conf_correct for s in result.labels.values())
    if hc:
        lines.append(f"tags with confidence >= 0.8 (fully labelled types): {hcc}/{hc} right = {hcc / hc:.3f}")
    f1s = [s.f1 for k, s in result.labels.items() if k in FULLY_LABELLED and s.f1 is not None and s.gold >= 3]
    if f1s:
        lines.append(f"macro F1 (fully labelled): {sum(f1s) / len(f1s):.3f}")
    lines.append(f"gold quotes not located in the text: {result.not_located}")
    return "\n".join(lines)
