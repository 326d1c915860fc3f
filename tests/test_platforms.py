"""Platforms, their documents and dated versions: what import proposes, what the user states, and
when a file is a new version of a document rather than a document of its own."""

from __future__ import annotations

import pytest

from app.core import migrations, platforms
from app.core.library import Overrides, import_file
from app.core.store import Store

LICENCE = """NIGHTJAR MODEL LICENCE

Version {v}

1. You may use the Nightjar model for any lawful purpose.

2. You must not use the model to harm people. {extra}

3. This licence is governed by the laws of Ireland.
"""


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "lib.db")
    yield s
    s.close()


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def add(store, path, **kw):
    return import_file(path, store, Overrides(**kw), analyze=False)


@pytest.mark.parametrize("title, platform, key", [
    ("LLAMA 2 COMMUNITY LICENSE AGREEMENT", "Meta", ""),
    ("META LLAMA 3 COMMUNITY LICENSE AGREEMENT", "Meta", ""),
    ("Llama 3.1 Community License Agreement", "Meta", ""),
    ("meta-llama3_3-license", "Meta", ""),
    ("Llama 2 Acceptable Use Policy", "Meta", ""),
    ("MIT License", "DeepSeek", "mit"),
    ("DeepSeek Terms of Use", "DeepSeek", ""),
    ("Tongyi Qianwen LICENSE AGREEMENT", "Alibaba Cloud (Qwen)", ""),
    ("Apache License", "Alibaba Cloud (Qwen)", "apache"),
])
def test_family_key_strips_names_versions_and_generic_words(title, platform, key):
    assert platforms.family_key(title, platform) == key


@pytest.mark.parametrize("version, title, date, label", [
    ("", "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT", "2024-07-23", "3.1"),
    ("", "meta-llama3_3-license", "", "3.3"),
    ("", "PANGOLIN-7B MODEL LICENCE AGREEMENT", "2024-05-20", "2024-05-20"),  # 7B is a size
    ("2.0", "Apache License", "", "2.0"),
    ("", "Terms of Service 2024", "2024-06-01", "2024-06-01"),                 # a year is not a version
])
def test_version_label(version, title, date, label):
    assert platforms.version_label(version, title, date) == label


def test_other_bytes_under_the_same_platform_and_kind_are_a_new_version(store, tmp_path):
    v2 = add(store, write(tmp_path, "v2.txt", LICENCE.format(v="2.0", extra="Nor to deceive them.")),
             platform="Nightjar", kind="licence", date="2025-05-01")
    v1 = add(store, write(tmp_path, "v1.txt", LICENCE.format(v="1.0", extra="")),
             platform="Nightjar", kind="licence", date="2024-05-01")
    assert v1.status == v2.status == "imported"
    doc = platforms.document_of(store, v1.document_id)
    assert [v.document_id for v in doc.versions] == [v1.document_id, v2.document_id]  # by date, not import
    assert [v.label for v in doc.versions] == ["1.0", "2.0"]
    assert platforms.previous_version(store, v2.document_id).document_id == v1.document_id
    assert platforms.previous_version(store, v1.document_id) is None
    assert platforms.latest_ids(store) == [v2.document_id]
    again = add(store, tmp_path / "v1.txt", platform="Nightjar", kind="licence")
    assert (again.status, again.document_id) == ("exists", v1.document_id)


def test_an_undated_version_imported_later_counts_as_the_newer(store, tmp_path):
    first = add(store, write(tmp_path, "a.txt", LICENCE.format(v="1", extra="")), platform="Nightjar", kind="licence")
    second = add(store, write(tmp_path, "b.txt", LICENCE.format(v="2", extra="More.")), platform="Nightjar",
                 kind="licence")
    assert second.previous_id == first.document_id


def test_family_and_kind_keep_documents_apart(store, tmp_path):
    lic = add(store, write(tmp_path, "l.txt", LICENCE.format(v="1", extra="")), platform="Nightjar", kind="licence")
    code = add(store, write(tmp_path, "c.txt", LICENCE.format(v="1", extra="Code.")), platform="Nightjar",
               kind="licence", family="Nightjar code licence")
    aup = add(store, write(tmp_path, "p.txt", LICENCE.format(v="1", extra="Policy.")), platform="Nightjar",
              kind="acceptable_use_policy")
    assert code.previous_id is None and aup.previous_id is None
    (platform,) = platforms.library_tree(store)
    assert platform.name == "Nightjar"
    assert sorted((d.kind, d.name) for d in platform.documents) == [
        ("acceptable_use_policy", "Nightjar Model Licence"), ("licence", "Nightjar Model Licence"),
        ("licence", "Nightjar code licence")]
    assert all(len(d.versions) == 1 for d in platform.documents)
    assert lic.document_id in platforms.latest_ids(store)


def test_correcting_the_platform_moves_a_file_to_that_platforms_document(store, tmp_path):
    a = add(store, write(tmp_path, "a.txt", LICENCE.format(v="1", extra="")), platform="Nightjar", kind="licence",
            date="2024-01-01")
    b = add(store, write(tmp_path, "b.txt", LICENCE.format(v="2", extra="x")), platform="Nightjr", kind="licence",
            date="2025-01-01")
    assert b.previous_id is None
    platforms.set_metadata(store, b.document_id, platform="Nightjar")
    assert platforms.previous_version(store, b.document_id).document_id == a.document_id
    assert platforms.platform_names(store) == ["Nightjar"]
    assert platforms.resolve_platform(store, "night") == "Nightjar"


def test_a_library_that_reached_version_4_before_version_3_existed_is_completed(tmp_path):
    path = tmp_path / "old.db"
    s = Store(path)
    s.db.execute("DROP TABLE families")
    s.db.execute("DROP TABLE platforms")
    s.db.execute("DROP INDEX idx_documents_family_id")
    s.db.execute("ALTER TABLE documents DROP COLUMN family_id")
    s.db.conn.commit()
    s.close()
    s = Store(path)
    assert migrations.schema_version(s.db) == migrations.latest_version()
    assert "families" not in s.db.table_names()
    write(tmp_path, "a.txt", LICENCE.format(v="1", extra=""))
    result = add(s, tmp_path / "a.txt", platform="Nightjar", kind="licence")
    assert platforms.document_of(s, result.document_id).platform == "Nightjar"
    s.close()


def test_files_stored_without_a_family_get_one_on_first_use(store, tmp_path):
    from app.core.library import build_document
    doc = build_document(LICENCE.format(v="1", extra="").encode(), str(tmp_path / "x.txt"),
                         Overrides(platform="Nightjar", kind="licence"))
    doc_id = store.add_document(doc)  # straight into the store, as an older import did
    assert store.db.execute("SELECT family_id FROM documents WHERE id = ?", [doc_id]).fetchone()[0] is None
    assert platforms.document_of(store, doc_id).platform == "Nightjar"
