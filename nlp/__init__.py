"""ClauseLens' spaCy pipeline: legal sentence boundaries, cue patterns, modality, entities,
a trained sentence classifier and the covenant tagger. Imports nothing of ``app``."""

PIPELINE_VERSION = "0.1.0"
