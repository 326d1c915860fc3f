"""spacy-lookups-data: the English lemma table only (the package holds 100 MB of tables for 30
languages; ClauseLens's legal_lemmatizer reads ``en`` ``lemma_lookup``). The package metadata is
kept because spaCy finds the tables through its ``spacy_lookups`` entry point."""

from PyInstaller.utils.hooks import collect_data_files, copy_metadata

datas = copy_metadata("spacy_lookups_data") + collect_data_files(
    "spacy_lookups_data", includes=["data/en_lemma_lookup.json*", "data/en_license.txt"])
