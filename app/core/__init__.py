"""Qt-free core of ClauseLens: document model, ingestion, store, analysis, comparison, export."""
