"""Write ``schema_N.db``: a small library at each schema version, made with the real migrations.

Run once when a migration is added (``python tests/data/archive/make_archive.py``) and commit the
new file; the files already committed are never regenerated, since they stand for libraries that
lawyers have on disk. Each holds two versions of one licence written for these tests; from
schema 2 on with the pipeline's analysis, from schema 3 with platforms and families, from
schema 4 with a review and an annotation. ``schema_4_without_3.db`` is a library that reached
version 4 before migration 3 was written (migrations 1, 2 and 4 applied).
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import sqlite_utils

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from app.core import migrations, platforms, review  # noqa: E402
from app.core.analysis import analyze  # noqa: E402
from app.core.library import build_document  # noqa: E402
from app.core.store import Store  # noqa: E402

LICENCE = """QUILLFEATHER MODEL LICENCE
Version {version}

1. Definitions

1.1 "Model" means the Quillfeather-2 weights and the code published with them by Quillfeather Labs.

1.2 "Outputs" means the text the Model produces when it is run.

2. Licence

2.1 Quillfeather Labs grants you a non-exclusive, worldwide, royalty-free licence to use and modify the Model.

3. Restrictions

3.1 You must not use the Model or its Outputs to train, distil or improve any other large language model.

3.2 You must not reverse engineer the Model or attempt to extract its training data.
{extra}
4. Law

4.1 This Licence is governed by the laws of Scotland and the courts of Edinburgh have exclusive jurisdiction.
"""

EXTRA = "\n3.3 You must not use the Model to provide a service that competes with Quillfeather Labs.\n"
NOTE = "Archived review: the distillation ban reaches outputs as well as weights."


class _OldStore(Store):
    """A Store on a library held at an older schema: no migration on open."""

    def __init__(self, db: sqlite_utils.Database, path: Path):
        self.db, self.path = db, path


def make(version: int, path: Path, skip: frozenset[int] = frozenset()) -> None:
    path.unlink(missing_ok=True)
    db = sqlite_utils.Database(sqlite3.connect(str(path)))
    for number, fn in migrations.MIGRATIONS:
        if number <= version and number not in skip:
            with db.atomic():
                fn(db)
                db.execute(f"PRAGMA user_version = {number}")
    store = _OldStore(db, path)
    ids = []
    for release, extra in (("1.0", ""), ("1.1", EXTRA)):
        name = f"quillfeather-model-licence-{release}.txt"
        data = LICENCE.format(version=release, extra=extra).encode("utf-8")
        doc = build_document(data, f"/archive/{name}")
        ids.append(store.add_document(doc, analyze(doc) if version >= 2 else None))
    tables = db.table_names()
    if "families" in tables:
        for doc_id in ids:
            platforms.assign(store, doc_id)
    if "reviews" in tables:
        tag = next(t for t in store.get_analysis(ids[0]).tags if t.label == "anti_distillation")
        review.review_tag(store, tag.id, status="accepted", severity="high", note=NOTE)
        review.annotate(store, ids[0], tag.start, tag.end, "Archived annotation on the same words.")
    db.conn.commit()
    db.execute("PRAGMA journal_mode = DELETE")
    db.execute("VACUUM")
    db.close()


if __name__ == "__main__":
    for v in range(1, migrations.latest_version() + 1):
        target = HERE / f"schema_{v}.db"
        if not target.exists():
            make(v, target)
            print(f"wrote {target}")
    special = HERE / "schema_4_without_3.db"
    if not special.exists():
        make(4, special, skip=frozenset({3}))
        print(f"wrote {special}")
