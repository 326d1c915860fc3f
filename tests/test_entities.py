"""Legal entity extraction: what a lawyer would check in the side panel, on sentences written for
these tests about fictional companies (Acme Robotics, Birchwood Labs, Nimbus models)."""

from __future__ import annotations

import json
import random
import time
import tomllib

import pycountry
import pytest
import spacy

import nlp.entity_component  # noqa: F401  (registers the "legal_entities" factory)
from nlp.entities import Entity, find_entities
from nlp.paths import clause_library


def of(text: str, label: str) -> list[Entity]:
    return [e for e in find_entities(text) if e.label == label]


def codes(text: str) -> set[str]:
    return {e.value for e in of(text, "JURISDICTION")}


# --------------------------------------------------------------------------- jurisdictions

@pytest.mark.parametrize("sentence, expected", [
    ("This Agreement is governed by the laws of the State of California, without regard to its conflict "
     "of laws rules.", {"US-CA"}),
    ("These Terms shall be construed in accordance with New York law.", {"US-NY"}),
    ("THIS LICENSE SHALL BE GOVERNED BY THE LAWS OF ENGLAND AND WALES.", {"GB-ENG"}),
    ("The laws of Ireland govern this Agreement.", {"IE"}),
    ("Governing law: Singapore.", {"SG"}),
    ("This Agreement is governed by the laws of the People's Republic of China (for the purpose of this "
     "Agreement, excluding Hong Kong and Macau).", {"CN", "HK", "MO"}),
    ("Any dispute is governed by PRC law.", {"CN"}),
    ("Acme Robotics, Inc., a Delaware corporation (\u201cAcme\u201d), and Birchwood Labs.", {"US-DE"}),
    ("Birchwood Labs Limited, a company incorporated in Hong Kong, licenses the model.", {"HK"}),
    ("The licensor is registered in Zhejiang Province and the laws of mainland China apply.", {"CN-ZJ", "CN"}),
    ("This Agreement will be governed by English law.", {"GB-ENG"}),
    ("Users in the European Union, the United Kingdom and the USA may rely on local law.", {"EU", "GB", "US"}),
    ("the Commonwealth of Massachusetts", {"US-MA"}),
])
def test_governing_law_styles_give_iso_codes(sentence, expected):
    assert codes(sentence) == expected


def test_england_and_wales_is_one_entity_covering_both():
    [e] = of("governed by the laws of England and Wales", "JURISDICTION")
    assert (e.text, e.value, e.detail["also"]) == ("England and Wales", "GB-ENG", ["GB-WLS"])


def test_state_of_prefix_is_part_of_the_span():
    text = "the laws of the State of Delaware apply"
    [e] = of(text, "JURISDICTION")
    assert e.text == "State of Delaware" and text[e.start:e.end] == e.text and e.value == "US-DE"


def test_georgia_is_the_us_state_unless_the_text_points_to_the_country():
    assert codes("governed by the laws of the State of Georgia") == {"US-GA"}
    assert codes("governed by the laws of Georgia and heard in Tbilisi") == {"GE"}


@pytest.mark.parametrize("sentence", [
    "The mascot is a Jersey cow named Daisy.",
    "Headings use the georgia font at 12 points.",
    "You may use the Model, and may share Outputs in May.",
    "Chad from the support team will reply.",
    "Turkey and cranberry sauce were served at the launch party.",
    "Tongyi and Qianwen are model names; fine china is porcelain.",
    "PLEASE CONTACT US IF YOU HAVE QUESTIONS. LET US KNOW.",
    "Jordan Smith signed on behalf of Acme.",
])
def test_ordinary_words_are_not_jurisdictions(sentence):
    assert of(sentence, "JURISDICTION") == []


def test_ambiguous_names_count_in_a_legal_context():
    assert codes("This deed is governed by the laws of Jersey.") == {"JE"}
    assert codes("Not available in Cuba, Iran, North Korea, Syria or Turkey.") == {"CU", "IR", "KP", "SY", "TR"}
    assert codes("THE US GOVERNMENT IS AN END USER.") == {"US"}


# --------------------------------------------------------------------------- venues and cities

def test_county_courts_venue():
    text = ("Each party submits to the exclusive jurisdiction of the state and federal courts located in "
            "Santa Clara County, California.")
    [v] = of(text, "VENUE")
    assert v.text == "state and federal courts located in Santa Clara County, California"
    assert v.detail["county"] == "Santa Clara County" and v.detail["code"] == "US-CA"
    assert v.detail["exclusive"] is True
    assert {e.value for e in of(text, "CITY")} == {"Santa Clara County"}


def test_chinese_court_venues():
    [v] = of("Disputes shall be submitted to the Hangzhou Intermediate People's Court.", "VENUE")
    assert v.text == "Hangzhou Intermediate People's Court"
    assert (v.detail["city"], v.detail["code"]) == ("Hangzhou", "CN-ZJ")
    [w] = of("Either party may sue in the People's Court where the defendant is domiciled.", "VENUE")
    assert w.text == "People's Court where the defendant is domiciled" and w.detail["code"] == "CN"


@pytest.mark.parametrize("sentence, code, exclusive", [
    ("The courts of Ireland shall have non-exclusive jurisdiction.", "IE", False),
    ("You agree to the courts of San Francisco.", "US-CA", None),
    ("Claims shall be heard by the High Court of Singapore.", "SG", None),
    ("Claims go to the United States District Court for the Northern District of California.", "US-CA", None),
])
def test_other_venues(sentence, code, exclusive):
    [v] = of(sentence, "VENUE")
    assert v.detail["code"] == code
    assert v.detail.get("exclusive") is exclusive


@pytest.mark.parametrize("sentence, text, code", [
    ("Place of jurisdiction is Zurich, Switzerland.", "Place of jurisdiction is Zurich, Switzerland", "CH-ZH"),
    ("Claims go to the Superior Court of the State of Delaware.", "Superior Court of the State of Delaware",
     "US-DE"),
    ("The laws of Ireland apply and the Irish courts have jurisdiction.", "Irish courts", "IE"),
    ("The Seoul Central District Court is the court of first instance.", "Seoul Central District Court",
     "KR-11"),
    ("All claims will be litigated in the federal or state courts of King County, Washington, USA.",
     "federal or state courts of King County, Washington, USA", "US-WA"),
])
def test_venue_drafting_styles(sentence, text, code):
    [v] = of(sentence, "VENUE")
    assert (v.text, v.detail["code"]) == (text, code)


def test_courts_without_a_place_are_not_venues():
    assert of("Any court of competent jurisdiction may enter judgment. The Court of Appeal agreed.", "VENUE") == []


def test_chinese_script_forum_clause():
    text = "本协议适用中华人民共和国法律。争议提交杭州市中级人民法院解决，或由被告住所地人民法院管辖。"
    assert codes(text) == {"CN"}
    venues = of(text, "VENUE")
    assert [(v.text, v.detail["code"]) for v in venues] == [
        ("杭州市中级人民法院", "CN-ZJ"), ("被告住所地人民法院", "CN")]
    assert [b.value for b in of("提交中国国际经济贸易仲裁委员会仲裁", "ARBITRATION_BODY")] == ["CIETAC"]


def test_new_york_new_york_is_a_city_then_a_state():
    text = "the courts located in New York, New York"
    ents = find_entities(text)
    first, second = text.index("New York"), text.rindex("New York")
    assert [(e.label, e.start) for e in ents if e.label in ("CITY", "JURISDICTION")] == [
        ("CITY", first), ("JURISDICTION", second)]


# --------------------------------------------------------------------------- arbitration

def test_arbitration_bodies_and_rules():
    text = ("Disputes shall be finally resolved by arbitration administered by the Singapore International "
            "Arbitration Centre, or under the UNCITRAL Arbitration Rules, or by JAMS, or by the ICC.")
    bodies = of(text, "ARBITRATION_BODY")
    assert [b.value for b in bodies] == ["SIAC", "UNCITRAL", "JAMS", "ICC"]
    assert bodies[1].text == "UNCITRAL Arbitration Rules" and bodies[1].detail["rules"] is True
    assert "SG" not in codes(text)  # "Singapore" inside the institution's name is not a governing law


@pytest.mark.parametrize("sentence, text", [
    ("Arbitration under the JAMS Comprehensive Arbitration Rules & Procedures.",
     "JAMS Comprehensive Arbitration Rules & Procedures"),
    ("ADMINISTERED UNDER THE HKIAC ADMINISTERED ARBITRATION RULES.", "HKIAC ADMINISTERED ARBITRATION RULES"),
    ("The Rules of Arbitration of the International Chamber of Commerce apply.", "International Chamber of Commerce"),
    ("SETTLED BY ARBITRATION BY THE ICC UNDER THE RULES THEN IN FORCE.", "ICC"),
])
def test_rules_of_an_institution(sentence, text):
    [b] = of(sentence, "ARBITRATION_BODY")
    assert b.text == text
    assert b.detail.get("rules") is (None if text == "ICC" else True)


def test_short_institution_codes_need_an_arbitration_context():
    assert of("The ICC profile and the AAA battery rating.", "ARBITRATION_BODY") == []
    assert [b.value for b in of("Arbitration under the AAA Commercial Arbitration Rules.",
                                "ARBITRATION_BODY")] == ["AAA"]


@pytest.mark.parametrize("sentence, code, place", [
    ("The seat of arbitration shall be Singapore.", "SG", "Singapore"),
    ("The arbitration will take place in San Francisco, California.", "US-CA", "San Francisco, California"),
    ("The arbitral tribunal shall be seated in London.", "GB-ENG", "London"),
    ("The place of arbitration shall be Stockholm, Sweden.", "SE", "Stockholm, Sweden"),
    ("The arbitration shall be conducted in the English language in Dublin, Ireland.", "IE", "Dublin, Ireland"),
])
def test_arbitration_seats(sentence, code, place):
    [s] = of(sentence, "ARBITRATION_SEAT")
    assert (s.value, s.detail["place"]) == (code, place)


def test_seat_named_right_after_the_word_arbitration():
    text = ("Disputes go to the China International Economic and Trade Arbitration Commission (CIETAC) for "
            "arbitration in Beijing.")
    [s] = of(text, "ARBITRATION_SEAT")
    assert (s.text, s.value) == ("arbitration in Beijing", "CN-BJ")
    assert [b.value for b in of(text, "ARBITRATION_BODY")] == ["CIETAC", "CIETAC"]
    assert "CN" not in codes(text)


def test_language_of_arbitration_is_not_a_seat():
    assert of("The arbitration shall be conducted in English.", "ARBITRATION_SEAT") == []


# --------------------------------------------------------------------------- defined terms

def definition(text: str, e: Entity) -> str:
    return text[e.detail["definition_start"]:e.detail["definition_end"]]


def test_defined_terms_with_their_definitions():
    text = ('"Output" means any text, image or audio generated by the Nimbus Model. '
            '\u201cLicensed Materials\u201d shall mean the weights and documentation (collectively, the "Materials"). '
            "As used herein, \u201cGenerated Content\u201d is any content the Service produces. "
            '**"Prompt"** refers to the input you provide.')
    terms = {e.value: e for e in of(text, "DEFINED_TERM")}
    assert set(terms) == {"Output", "Licensed Materials", "Materials", "Generated Content", "Prompt"}
    assert definition(text, terms["Output"]) == "any text, image or audio generated by the Nimbus Model"
    assert definition(text, terms["Generated Content"]) == "any content the Service produces"
    assert definition(text, terms["Prompt"]) == "the input you provide"
    assert definition(text, terms["Materials"]).endswith("the weights and documentation")
    assert terms["Output"].text == '"Output"'


def test_definition_variants_share_the_definition():
    for text in ('"You" (or "Your") shall mean the person accepting these Terms.',
                 '"You" or "Your" means the person accepting these Terms.'):
        terms = of(text, "DEFINED_TERM")
        assert [t.value for t in terms] == ["You", "Your"]
        assert {definition(text, t) for t in terms} == {"the person accepting these Terms"}


def test_definition_by_reference_and_by_list():
    text = ('the term "Personal Data" has the meaning given in the applicable data protection law.\n'
            '(a) "Affiliate" means any entity under common control with a party; and\n'
            '(b) "Derivative" means:\n(i) any modification of the Model;\n(ii) any model trained on Outputs.\n\n'
            'Other text follows.')
    terms = {t.value: t for t in of(text, "DEFINED_TERM")}
    assert definition(text, terms["Personal Data"]) == "the meaning given in the applicable data protection law"
    assert definition(text, terms["Affiliate"]) == "any entity under common control with a party"
    assert definition(text, terms["Derivative"]) == (
        "(i) any modification of the Model;\n(ii) any model trained on Outputs")


def test_party_names_defined_in_brackets():
    text = 'Birchwood Labs, Inc. ("Birchwood", "we" or "us") provides the Services.'
    terms = of(text, "DEFINED_TERM")
    assert [t.value for t in terms] == ["Birchwood", "we", "us"]
    assert definition(text, terms[0]) == "Birchwood Labs, Inc."


def test_a_quoted_word_in_a_sentence_is_not_a_definition():
    assert of('Any "Output" is owned by you, and the "AS IS" disclaimer applies.', "DEFINED_TERM") == []


def test_defined_terms_in_capitals_and_single_quotes():
    text = "\u2018DERIVATIVE\u2019 MEANS ANY MODIFICATION OF THE MODEL."
    [e] = of(text, "DEFINED_TERM")
    assert e.value == "DERIVATIVE" and definition(text, e) == "ANY MODIFICATION OF THE MODEL"


# --------------------------------------------------------------------------- carve-outs

@pytest.mark.parametrize("sentence, value, kind", [
    ("You will not use the Outputs to improve any other large language model (excluding Nimbus 3 or "
     "derivative works thereof).", "Nimbus 3 or derivative works thereof", "excluding"),
    ("You may not use the Model for any purpose other than internal research, and must keep records.",
     "internal research", "other_than"),
    ("Except as expressly permitted in this Agreement, you may not distribute the Model.",
     "as expressly permitted in this Agreement", "except"),
    ("Unless required by applicable law, the Model is provided as is.", "required by applicable law", "unless"),
    ("You may publish Outputs, provided that you disclose their origin.", "you disclose their origin",
     "provided_that"),
    ("No transfer is allowed save as permitted by Section 4.", "as permitted by Section 4", "save"),
    ("All data, with the exception of the Evaluation Set, may be shared.", "the Evaluation Set", "except"),
    ("You shall not distil the Model into a language model that is not a Nimbus Family Model.",
     "a Nimbus Family Model", "not_a"),
    ("Without Nimbus's prior written consent, you may not train other models on Outputs.",
     "Without Nimbus's prior written consent", "consent"),
    ("未经许可方书面同意，您不得使用输出训练其他模型。", "未经许可方书面同意", "consent"),
    ("除本协议另有约定外，您不得分发本模型。", "除本协议另有约定外", "except"),
])
def test_carve_outs(sentence, value, kind):
    [c] = of(sentence, "CARVE_OUT")
    assert (c.value, c.detail["kind"]) == (value, kind)
    assert c.text.endswith(value)


def test_carve_out_span_is_capped():
    [c] = of("excluding " + "very " * 100 + "long things.", "CARVE_OUT")
    assert len(c.text) <= 200


# --------------------------------------------------------------------------- thresholds

@pytest.mark.parametrize("sentence, value, unit, currency", [
    ("If the products of Licensee had greater than 700 million monthly active users in the preceding "
     "month, Licensee must request a license.", "700000000", "monthly_active_users", None),
    ("Services with more than 100,000,000 MAU need a commercial agreement.", "100000000",
     "monthly_active_users", None),
    ("Companies with annual revenue exceeding US$10 million must pay.", "10000000", "revenue", "USD"),
    ("An entity with gross revenue of more than $1,000,000 is a large entity.", "1000000", "revenue", "USD"),
    ("A service with 1 million daily active users.", "1000000", "daily_active_users", None),
    ("Organisations with 500 employees or more.", "500", "employees", None),
    ("over EUR 2.5 billion in annual turnover", "2500000000", "revenue", "EUR"),
    ("where the monthly active users of the product are above 50 million", "50000000",
     "monthly_active_users", None),
])
def test_thresholds(sentence, value, unit, currency):
    [t] = of(sentence, "THRESHOLD")
    assert (t.value, t.detail["unit"], t.detail.get("currency")) == (value, unit, currency)


def test_threshold_comparators():
    found = [(t.value, t.detail.get("comparator")) for t in of(
        "Licensees with annual revenue exceeding US$10 million, or at least 1,000 employees, or fewer than "
        "50,000 monthly active users, or up to $2 million in revenue.", "THRESHOLD")]
    assert found == [("10000000", "gt"), ("1000", "gte"), ("50000", "lt"), ("2000000", "lte")]
    [t] = of("Entities with annual recurring revenue of US$ 50 million or more must subscribe.", "THRESHOLD")
    assert (t.text, t.value, t.detail["comparator"]) == (
        "annual recurring revenue of US$ 50 million or more", "50000000", "gte")


def test_thresholds_in_words():
    text = "Licensees with more than seven hundred million (700,000,000) monthly active users must ask."
    [t] = of(text, "THRESHOLD")
    assert t.value == "700000000" and t.text.endswith("monthly active users")
    [r] = of("annual revenue above ten million US dollars", "THRESHOLD")
    assert (r.value, r.detail["currency"]) == ("10000000", "USD")
    assert of("annual revenue above ten million US dollars", "JURISDICTION") == []


def test_plain_numbers_are_not_thresholds():
    assert of("Section 7.2 applies to 3 users and liability shall not exceed $100. Version 2 of 2024. "
              "We had 2,000,000 users in 2023. A million thanks.", "THRESHOLD") == []


# --------------------------------------------------------------------------- invariants and data

MIXED = """GOVERNING LAW. This Agreement is governed by the laws of the State of California. The state and federal
courts located in Santa Clara County, California have exclusive jurisdiction. "Output" means any content produced
by the Model. You may not use Outputs to train other models (excluding Nimbus 3 or derivative works thereof).
If Licensee had more than 700 million monthly active users, Licensee must request a licence. Disputes shall be
resolved by arbitration administered by JAMS; the seat of arbitration shall be San Francisco, California.
Acme Robotics, Inc., a Delaware corporation, and Birchwood Labs Limited (the \u201cLicensee\u201d), a company
incorporated in Hong Kong SAR, agree to the above. THE MODEL IS PROVIDED "AS IS". CONTACT US AT ACME.
Services are unavailable in Cuba, Iran, North Korea, Syria or the Crimea region of Ukraine.
Licensor may terminate this Agreement upon notice if Licensee breaches it, unless the breach is cured.
"""


def test_offsets_are_exact_and_details_are_json():
    ents = find_entities(MIXED)
    assert {e.label for e in ents} == {"JURISDICTION", "VENUE", "CITY", "ARBITRATION_BODY", "ARBITRATION_SEAT",
                                       "DEFINED_TERM", "CARVE_OUT", "THRESHOLD"}
    assert [e.start for e in ents] == sorted(e.start for e in ents)
    for e in ents:
        assert MIXED[e.start:e.end] == e.text
        json.dumps(e.detail)
        hash(e)


_PIECES = ["State of ", "California", "courts of ", "Santa Clara County", ", ", "(", ")", '"', "\u201c", "\u201d",
           "'", " means ", "excluding ", "other than ", "unless ", "provided that ", "$", "10", ",000", " million ",
           "monthly active users", "revenue", "arbitration ", "seat of arbitration shall be ", "Singapore", ". ",
           "\n", "\n\n", "JAMS", "ICC", "US", "\u4e2d\u56fd", "\u6cd5\u9662", "\u0130", "\u00df", "people's ",
           "Court", " and ", "Hangzhou", "seven hundred", "(a) ", ":", ";", "**"]


_ALPHABET = "abcXYZ .,;:()\"'\n\u201c\u201d\u2019\u4e2d\u0130\u00df\u00e9$0123456789-*"


@pytest.mark.parametrize("seed", range(200))
def test_offsets_hold_on_any_text(seed):
    # Random mixes of legal fragments and odd characters ("\u0130" lowercases to two characters).
    rnd = random.Random(seed)
    text = "".join(rnd.choice(_PIECES) if rnd.random() < 0.7 else
                   "".join(rnd.choices(_ALPHABET, k=rnd.randint(1, 6))) for _ in range(rnd.randint(0, 40)))
    ents = find_entities(text)
    assert [e.start for e in ents] == sorted(e.start for e in ents)
    for e in ents:
        assert 0 <= e.start < e.end <= len(text) and text[e.start:e.end] == e.text
        if e.label == "DEFINED_TERM":
            assert 0 <= e.detail["definition_start"] <= e.detail["definition_end"] <= len(text)


def test_every_code_in_the_data_files_is_iso_3166():
    folder = clause_library() / "entities"
    places = tomllib.loads((folder / "places.toml").read_text("utf-8"))
    juris = tomllib.loads((folder / "jurisdictions.toml").read_text("utf-8"))
    found = [row["code"] for kind in ("cities", "counties") for row in places[kind].values()]
    found += [c for table in ("aliases", "abbreviations", "ambiguous", "demonyms") for c in juris[table].values()]
    for code in found:
        if code == "EU":
            continue
        rec = pycountry.subdivisions.get(code=code) if "-" in code else pycountry.countries.get(alpha_2=code)
        assert rec is not None, code


# --------------------------------------------------------------------------- spaCy component

def test_component_on_a_blank_pipeline():
    pipeline = spacy.blank("en")
    pipeline.add_pipe("legal_entities")
    doc = pipeline(MIXED)
    assert doc._.legal_entities == find_entities(MIXED)
    spans = doc.spans["legal_entities"]
    assert len(spans) == len(doc._.legal_entities)
    juris = [s for s in spans if s.label_ == "JURISDICTION" and s.text == "State of California"]
    assert juris and juris[0].kb_id_ == "US-CA"
    # A defined term's quotes are separate tokens: the span covers them.
    assert any(s.label_ == "DEFINED_TERM" and "Output" in s.text for s in spans)


def test_component_on_an_empty_text():
    pipeline = spacy.blank("en")
    pipeline.add_pipe("legal_entities")
    doc = pipeline("")
    assert doc._.legal_entities == [] and list(doc.spans["legal_entities"]) == []


# --------------------------------------------------------------------------- speed

def test_two_hundred_kilobytes_in_under_half_a_second():
    filler = ("The Licensee shall not use the Model or any Output to develop a competing service. Licensor may "
              "update these Terms at any time, and section 12.3 of the 2024 edition applies. ")
    text = ""
    while len(text) < 200_000:
        text += MIXED + filler * 8
    text = text[:200_000]
    find_entities("warm up the tables")
    started = time.perf_counter()
    ents = find_entities(text)
    elapsed = time.perf_counter() - started
    assert len(ents) > 500
    assert elapsed < 0.5, f"{len(text) / elapsed:,.0f} chars/s"
