"""Plain results of the pipeline: what the rest of ClauseLens sees (never a spaCy object)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SentenceInfo:
    """One sentence or sub-clause: its modality, who it binds and the cues found in it."""

    start: int  # character offsets into the analysed text
    end: int
    modality: str = "statement"
    party: str = "none"
    cues: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    lead_in: bool = False  # ends with ":" and introduces a list
    inherited: bool = False  # modality taken from the list's lead-in or heading
    in_list: bool = False
    heading: bool = False  # a title such as "7. Governing Law." carries no covenant itself
    block: int = -1  # index of the block (paragraph, list item...) the sentence is in


@dataclass
class Trigger:
    cue: str
    start: int
    end: int
    text: str


@dataclass
class TagResult:
    label: str
    start: int  # evidence span
    end: int
    confidence: float
    severity: str
    explicit: bool
    source: str  # "rule", "model" or "both"
    why: str
    rule: str = ""
    modality: str = ""
    party: str = ""
    triggers: list[Trigger] = field(default_factory=list)
    reaches: list[str] = field(default_factory=list)
    model_score: float | None = None


@dataclass
class EntityResult:
    label: str
    start: int
    end: int
    text: str
    value: str
    detail: dict = field(default_factory=dict)


@dataclass
class Analysis:
    tags: list[TagResult]
    entities: list[EntityResult]
    sentences: list[SentenceInfo]
    findings: dict
    pipeline_version: str
