"""Per-document findings: the scope of "Output", what the anti-distillation covenants reach, and
where governing law, venue and arbitration sit."""

from __future__ import annotations

import re

from nlp.types import EntityResult, TagResult

_OUTPUT_TERM = re.compile(r"output|generat|completion|response|result", re.I)


def _inside(e: EntityResult, t: TagResult) -> bool:
    return t.start <= e.start and e.end <= t.end


def summarise(text: str, tags: list[TagResult], entities: list[EntityResult]) -> dict:
    by_label: dict[str, list[TagResult]] = {}
    for t in tags:
        by_label.setdefault(t.label, []).append(t)

    definition = next((e for e in entities if e.label == "DEFINED_TERM" and _OUTPUT_TERM.search(e.value)),
                      None)
    output_definition = None
    if definition is not None:
        start = definition.detail.get("definition_start", definition.start)
        end = definition.detail.get("definition_end", definition.end)
        output_definition = {"term": definition.value, "start": min(start, definition.start),
                             "end": max(end, definition.end)}

    ad = by_label.get("anti_distillation", [])
    reaches = sorted({r for t in ad for r in t.reaches})
    carve_outs = [{"text": e.text, "value": e.value, "start": e.start, "end": e.end}
                  for e in entities if e.label == "CARVE_OUT" and any(_inside(e, t) for t in ad)]

    def places(label: str, kinds: tuple[str, ...]) -> list[dict]:
        seen, out = set(), []
        for t in by_label.get(label, []):
            for e in entities:
                if e.label in kinds and _inside(e, t) and (e.label, e.value) not in seen:
                    seen.add((e.label, e.value))
                    out.append({"label": e.label, "text": e.text, "value": e.value})
        return out

    return {
        "output_definition": output_definition,
        "anti_distillation": {
            "present": bool(ad),
            "reaches_outputs": "outputs" in reaches,
            "reaches_weights": "model" in reaches,
            "reaches": reaches,
            "carve_outs": carve_outs,
        },
        "governing_law": places("governing_law", ("JURISDICTION",)),
        "venue": places("venue_jurisdiction", ("VENUE", "CITY", "JURISDICTION")),
        "arbitration": places("arbitration", ("ARBITRATION_BODY", "ARBITRATION_SEAT", "CITY")),
        "thresholds": places("commercial_threshold", ("THRESHOLD",)),
        "labels": sorted(by_label),
    }
