"""The provider's own promises are told apart from the user's covenants even when the document
calls the provider by a short form of its name."""

from __future__ import annotations

from app.core import analysis
from app.core.library import Overrides, build_document


def test_short_forms_of_the_provider_name():
    assert analysis.provider_names("Corvane Systems", "Corvane Systems, Inc.")[:2] == [
        "Corvane Systems", "Corvane"]
    assert "Qwen" in analysis.provider_names("Alibaba Cloud (Qwen)")
    # A leading city is not the provider's name on its own.
    names = analysis.provider_names("Hangzhou Lantern Intelligence Co., Ltd.")
    assert "Hangzhou" not in names and "Lantern" in names


def test_a_provider_promise_not_to_train_is_not_anti_distillation(tmp_path):
    path = tmp_path / "terms.md"
    path.write_text("# Corvane API Terms\n\nThese terms are offered by Corvane Systems, Inc.\n\n"
                    "Corvane will not use Customer Data to train or fine-tune any Corvane model.\n",
                    encoding="utf-8")
    doc = build_document(path.read_bytes(), str(path), Overrides(platform="Corvane Systems"))
    tags = analysis.analyze(doc).tags
    labels = {t.label for t in tags}
    assert "anti_distillation" not in labels
    assert "data_use_training" in labels
    assert {t.party for t in tags if t.label == "data_use_training"} == {"provider"}
