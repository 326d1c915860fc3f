"""The spaCy pipeline, component by component, on spacy.blank("en") with our components.

Every sentence here was written for these tests; none comes from a real licence.
"""

from __future__ import annotations

import shutil

import pytest

from nlp import lexicon, pipeline
from nlp.api import Analyzer


@pytest.fixture(scope="module")
def nlp():
    return pipeline.build(with_textcat=False)


@pytest.fixture(scope="module")
def analyzer(nlp):
    return Analyzer(nlp)


def labels(analyzer, text, blocks=None, providers=()):
    blocks = blocks or [(0, len(text), "paragraph")]
    return {t.label for t in analyzer.analyze(text, blocks, providers).tags}


def sentences(nlp, text):
    doc = nlp.make_doc(text)
    for name in ("legal_lemmatizer", "legal_sentencizer"):
        doc = nlp.get_pipe(name)(doc)
    return [s.text.strip() for s in doc.sents]


def test_pipeline_is_blank_english_plus_our_components(nlp):
    assert nlp.lang == "en"
    assert nlp.pipe_names[:6] == ["legal_lemmatizer", "legal_sentencizer", "cue_ruler", "regex_cues",
                                  "legal_entities", "modality"]
    assert "covenant_tagger" in nlp.pipe_names


def test_sentence_boundaries_suit_legal_text(nlp):
    assert sentences(nlp, "Calyx Labs, Inc. may, e.g. on notice, suspend access. You agree to this.") == [
        "Calyx Labs, Inc. may, e.g. on notice, suspend access.", "You agree to this."]
    assert sentences(nlp, "1. Definitions. Terms have meanings.") == ["1. Definitions.", "Terms have meanings."]
    assert sentences(nlp, "You shall not: (a) copy the Model; (b) sell it.") == [
        "You shall not:", "(a) copy the Model;", "(b) sell it."]
    assert sentences(nlp, "您不得复制模型。您可以使用输出。") == ["您不得复制模型。", "您可以使用输出。"]


def test_lemmas_are_lowercase_dictionary_forms(nlp):
    doc = nlp.get_pipe("legal_lemmatizer")(nlp.make_doc("Prohibited Outputs distilling proceedings"))
    assert [t.lemma_ for t in doc] == ["prohibit", "output", "distill", "proceed"]


@pytest.mark.parametrize("text, modality, party", [
    ("You shall not copy the Model.", "prohibition", "licensee"),
    ("Licensee agrees not to resell access.", "prohibition", "licensee"),
    ("Resale of the Service is prohibited.", "prohibition", "none"),
    ("Do not share your API key.", "prohibition", "licensee"),
    ("You may use Outputs for any lawful purpose.", "permission", "licensee"),
    ("We will delete inputs after thirty days.", "obligation", "provider"),
    ('"Output" means text produced by the Model.', "definition", "none"),
    ("Quillon may suspend the Service at any time.", "permission", "provider"),
])
def test_modality_and_bound_party(analyzer, text, modality, party):
    info = analyzer.analyze(text, [(0, len(text), "paragraph")], ["Quillon"]).sentences[0]
    assert (info.modality, info.party) == (modality, party)


@pytest.mark.parametrize("text, modality", [
    ("Output may not always be accurate.", "statement"),
    ("Generated images may contain artefacts that the user did not ask for.", "statement"),
    ("The Model may not be used to operate weapons.", "prohibition"),
    ("Nothing in this Licence prevents you from using Output to train models of your own.", "permission"),
])
def test_what_may_happen_is_not_what_is_allowed(analyzer, text, modality):
    assert [s.modality for s in analyzer.analyze(text).sentences] == [modality]


def test_chinese_titles_are_headings_and_definitions_are_not(nlp):
    from nlp.modality import _looks_like_heading
    assert _looks_like_heading("第六条 知识产权与输出")
    assert _looks_like_heading("十二、法律适用与争议解决 Governing Law and Dispute Resolution")
    assert not _looks_like_heading('1.4 "输出"是指通过运行本模型所生成的文本。')


def test_the_subject_after_an_opening_clause_is_the_party_bound(analyzer):
    [s] = analyzer.analyze("If you breach these Terms, we may suspend your account.").sentences
    assert s.party == "provider"
    [s] = analyzer.analyze("Without your written consent, Lantern will not use your prompts to train its models.",
                           provider_names=("Lantern",)).sentences
    assert s.party == "provider"


def test_items_after_provided_that_are_duties(analyzer):
    lead = "You may distribute the Model, provided that you:"
    item = "(a) ship a file called NOTICE with every copy;"
    text = lead + "\n" + item
    result = analyzer.analyze(text, [(0, len(lead), "paragraph"), (len(lead) + 1, len(text), "list_item")])
    assert [s.modality for s in result.sentences] == ["permission", "obligation"]
    assert "attribution" in {t.label for t in result.tags if t.start > len(lead)}


@pytest.mark.parametrize("text, label, tagged", [
    ("You may not include Outputs in any dataset used to train a competing model.", "anti_distillation", True),
    ("Your end users, who must not use Outputs to train a competing model, must accept these terms.",
     "anti_distillation", True),
    ("Nothing in this Agreement limits your obligation not to use Outputs to train a competing model.",
     "output_scope", False),
    ("You may not use any voice model to clone or imitate the voice of another person.", "anti_distillation", False),
    ("You may use the Service to get answers to questions about your account.", "output_scope", False),
    ("We process personal data in accordance with the laws of the European Union.", "governing_law", False),
    ("Payments are subject to the tax laws of Ireland.", "governing_law", False),
    ("If you use the Service for your business, you must keep your account credentials secure.",
     "commercial_threshold", False),
    ("“Affiliate” means any for-profit or non-profit entity that controls a party.", "commercial_threshold", False),
    ("当并发用户数超过套餐上限时，服务可能会降速。", "commercial_threshold", False),
    ("本协议受新加坡法律管辖", "governing_law", True),
    ("严禁利用输出内容蒸馏其他模型。", "output_scope", False),
    ("You may not generate sexual content involving minors.", "acceptable_use", True),
])
def test_near_misses_found_in_review(analyzer, text, label, tagged):
    assert (label in labels(analyzer, text)) is tagged


def test_a_list_of_exceptions_lists_permitted_uses(analyzer):
    lead = "Licensee shall not use the Model except:"
    items = ["(a) for research;", "(b) for internal evaluation."]
    text = "\n".join([lead] + items)
    blocks, pos = [], 0
    for p in [lead] + items:
        blocks.append((pos, pos + len(p), "paragraph"))
        pos += len(p) + 1
    result = analyzer.analyze(text, blocks)
    assert [s.modality for s in result.sentences] == ["prohibition", "permission", "permission"]
    assert not [t for t in result.tags if t.start > len(lead)]


def test_list_items_take_the_modality_of_their_lead_in(analyzer):
    lead, item = "You agree that you will not:", "use Completions to build a rival language model;"
    text = f"{lead}\n{item}"
    result = analyzer.analyze(text, [(0, len(lead), "paragraph"), (len(lead) + 1, len(text), "list_item")])
    info = result.sentences[1]
    assert info.modality == "prohibition" and info.inherited
    assert any(t.label == "anti_distillation" and t.start >= len(lead) for t in result.tags)


@pytest.mark.parametrize("text", [
    "You must not use the Model or anything it generates to train a different neural network.",
    "Licensee shall not employ Outputs to fine-tune or otherwise improve any other large language model.",
    "Customer may not use the API's responses to develop machine learning models that compete with Orrery.",
    "Distilling the Model, in whole or in part, is strictly prohibited.",
])
def test_anti_distillation_paraphrases_are_tagged(analyzer, text):
    assert "anti_distillation" in labels(analyzer, text)


@pytest.mark.parametrize("text", [
    "You may use Outputs to train your own models for any purpose.",
    "Orrery may use your prompts to improve its models unless you opt out.",
    '"Derivative" includes any model created by distillation of the Model.',
    "We will not use the Model's outputs to train other models without your consent.",
])
def test_permissions_definitions_and_provider_duties_are_not_anti_distillation(analyzer, text):
    assert "anti_distillation" not in labels(analyzer, text, providers=("Orrery",))


def test_provider_training_on_customer_data_is_data_use(analyzer):
    text = "Orrery may use Customer Content to train and improve its models."
    assert "data_use_training" in labels(analyzer, text, providers=("Orrery",))


def test_tag_explains_itself_with_exact_triggering_words(analyzer):
    text = "You will not use the Model or any Output to improve any other large language model."
    tag = next(t for t in analyzer.analyze(text).tags if t.label == "anti_distillation")
    assert tag.source == "rule" and tag.explicit and tag.why and tag.rule
    assert 0 < tag.confidence <= 1 and tag.severity == "high"
    assert sorted(tag.reaches) == ["model", "outputs"]
    for g in tag.triggers:
        assert text[g.start:g.end] == g.text
    assert {"train", "improve"} & {g.text for g in tag.triggers} or any("improve" in g.text for g in tag.triggers)


def test_carve_out_and_jurisdictions_reach_the_findings(analyzer):
    text = ("You will not use the Model or any output of the Model to improve any other large language "
            "model (excluding Corvid-2 and its derivatives). This Agreement is governed by the laws of the "
            "State of California. The state and federal courts of Santa Clara County, California shall "
            "have exclusive jurisdiction over any dispute.")
    result = analyzer.analyze(text)
    findings = result.findings
    assert findings["anti_distillation"]["reaches_outputs"] and findings["anti_distillation"]["reaches_weights"]
    carve = findings["anti_distillation"]["carve_outs"]
    assert carve and "Corvid-2 and its derivatives" in carve[0]["text"]
    assert {"value": "US-CA"}.items() <= findings["governing_law"][0].items()
    assert any("Santa Clara" in v["text"] for v in findings["venue"])


def test_output_definition_and_scope(analyzer):
    text = '"Output" means any text, image or code generated by the Service in response to a Prompt.'
    result = analyzer.analyze(text)
    assert "output_scope" in {t.label for t in result.tags}
    assert result.findings["output_definition"]["term"] == "Output"


@pytest.mark.parametrize("text", [
    "Generated text can be wrong or incomplete; check it before you rely on it for any decision.",
    "Outputs are provided for reference only and are not professional advice.",
])
def test_warnings_about_the_accuracy_of_outputs_are_disclaimers_not_output_rules(analyzer, text):
    found = labels(analyzer, text)
    assert "liability_cap_disclaimer" in found
    assert "output_scope" not in found


def test_better_outputs_are_not_a_licence_to_train_on_them(analyzer):
    assert "output_scope" not in labels(
        analyzer, "Turning on web search may improve the quality of the Output you receive.")
    assert "output_scope" in labels(
        analyzer, "You may use Output to fine-tune your own models, including for commercial purposes.")


def test_an_opt_out_from_training_on_your_content_is_data_use(analyzer):
    assert "data_use_training" in labels(
        analyzer, "If you would rather we did not train our models on your prompts, you can opt out in "
                  "your account settings at any time.")
    assert "data_use_training" not in labels(
        analyzer, "You can turn off notifications in your account settings to improve your experience.")


def test_items_of_a_prohibited_use_list_are_acceptable_use(analyzer):
    lead = "You will not use the Model or any Output to:"
    items = ["follow a named person around town by matching faces in street footage;",
             "rank job applicants by their inferred religion."]
    text = "\n".join([lead] + items)
    blocks, pos = [], 0
    for i, part in enumerate([lead] + items):
        blocks.append((pos, pos + len(part), "paragraph" if i == 0 else "list_item"))
        pos += len(part) + 1
    tags = analyzer.analyze(text, blocks).tags
    for start, end, _ in blocks[1:]:
        item = [t for t in tags if t.start >= start and t.end <= end]
        assert [t.label for t in item] == ["acceptable_use"]
        assert item[0].triggers[0].text == "use"  # the lead-in's verb is what made it a use ban


def test_venue_for_claims_that_arbitration_does_not_cover(analyzer):
    text = ("Claims that are not subject to arbitration under Section 14 shall be brought only in "
            "the exclusive venue of the courts sitting in Wellington, and each party submits to them.")
    assert "venue_jurisdiction" in labels(analyzer, text)
    assert "venue_jurisdiction" not in labels(
        analyzer, "Any dispute shall be finally resolved by binding arbitration administered by JAMS.")


def test_rules_are_data_a_lawyer_can_edit(tmp_path, monkeypatch):
    library = tmp_path / "clause_library"
    shutil.copytree(pipeline.paths.clause_library(), library)
    cues = library / "patterns" / "cues.toml"
    cues.write_text(cues.read_text(encoding="utf-8").replace(
        '[cue.REVERSE_STRONG]\nphrases = [', '[cue.REVERSE_STRONG]\nphrases = ["take apart", '), encoding="utf-8")
    monkeypatch.setenv("CLAUSELENS_LIBRARY_DIR", str(library))
    lexicon.load_lexicon.cache_clear()
    try:
        edited = Analyzer(pipeline.build(with_textcat=False))
        assert "reverse_engineering" in labels(edited, "You shall not take apart the Software.")
    finally:
        lexicon.load_lexicon.cache_clear()


def test_a_rule_naming_an_unknown_cue_is_reported_with_its_file(tmp_path):
    library = tmp_path / "clause_library"
    shutil.copytree(pipeline.paths.clause_library(), library)
    rules = library / "patterns" / "rules.toml"
    rules.write_text(rules.read_text(encoding="utf-8") + '\n[[rule]]\nid = "x"\nlabel = "indemnity"\n'
                     'why = "x"\nall = ["NO_SUCH_CUE"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="rules.toml.*NO_SUCH_CUE"):
        lexicon.load_lexicon(library)


def test_a_plain_text_list_is_never_cut_from_its_lead_in(analyzer, monkeypatch):
    import nlp.api as api
    lead = "You may not use the Model or any Derivative of the Model:"
    items = [f"({chr(97 + n % 26)}) to follow a named person around town number {n} without consent;"
             for n in range(60)]
    paras = [lead] + items
    text = "\n".join(paras)
    blocks, pos = [], 0
    for p in paras:  # plain text: the items are paragraphs that start with "(a)"
        blocks.append((pos, pos + len(p), "paragraph"))
        pos += len(p) + 1
    monkeypatch.setattr(api, "CHUNK", 1500)  # the list (4,300 characters) spans three parts' length
    tags = analyzer.analyze(text, blocks).tags
    for start, end, _ in blocks[1:]:
        assert [t.label for t in tags if start <= t.start < end] == ["acceptable_use"]


def test_a_long_document_is_tagged_in_parts_with_the_same_result(analyzer, monkeypatch):
    import nlp.api as api
    paragraph = ("You will not use the Model or any Output to improve any other large language model "
                 "(excluding Corvid-2 and its derivatives). This Licence is governed by the laws of Ireland.")
    paras = [f"{n}. {paragraph}" for n in range(1, 400)]
    text = "\n\n".join(paras)
    blocks, pos = [], 0
    for p in paras:
        blocks.append((pos, pos + len(p), "paragraph"))
        pos += len(p) + 2
    seen = []
    parted = analyzer.analyze(text, blocks, progress=seen.append)
    assert len(seen) > 3 and seen[-1] == 1.0
    monkeypatch.setattr(api, "CHUNK", 10**9)
    whole = analyzer.analyze(text, blocks)

    def key(a):
        return sorted((t.label, t.start, t.end, [(g.start, g.end) for g in t.triggers]) for t in a.tags)
    assert key(parted) == key(whole)
    assert [(e.start, e.end, e.value) for e in parted.entities] == [(e.start, e.end, e.value) for e in whole.entities]
    for t in parted.tags:
        for g in t.triggers:
            assert text[g.start:g.end] == g.text
