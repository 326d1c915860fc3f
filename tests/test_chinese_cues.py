"""Chinese (简体中文) covenants: the expressions in clause_library/patterns/cues_zh.toml.

Every sentence here was written for these tests and names fictional companies and models
(北风智能 / Northwind AI, 卡利克斯 / Calyx Labs, Lumen); none comes from a real licence.
"""

from __future__ import annotations

import re
import tomllib

import pytest

from nlp import paths, pipeline
from nlp.api import Analyzer

PATTERNS = paths.clause_library() / "patterns"


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer(pipeline.build(with_textcat=False))


def labels(analyzer, text):
    return {t.label for t in analyzer.analyze(text, [(0, len(text), "paragraph")]).tags}


def test_chinese_cues_compile_are_bounded_and_extend_known_cues():
    with open(PATTERNS / "cues_zh.toml", "rb") as f:
        zh = tomllib.load(f)["cue"]
    with open(PATTERNS / "cues.toml", "rb") as f:
        known = set(tomllib.load(f)["cue"])
    assert len(zh) > 30
    for name, spec in zh.items():
        assert name in known, f"{name} is not a cue of cues.toml (a typo would make a cue no rule uses)"
        for expr in spec["regex"]:
            re.compile(expr)
            # Gaps must be bounded: no ".*", ".+", "[^。]*" or "[^。]+".
            assert not re.search(r"(?:\.|\])[*+]", expr), f"{name}: unbounded gap in {expr!r}"


@pytest.mark.parametrize("text", [
    "您不得使用本服务的输出训练与北风智能竞争的任何人工智能模型。",
    "禁止利用输出内容训练、蒸馏或改进其他大语言模型。",
    "未经卡利克斯书面同意，您不得通过模型蒸馏的方式从本模型学习。",
])
def test_ban_on_training_other_models_on_outputs_is_anti_distillation(analyzer, text):
    assert "anti_distillation" in labels(analyzer, text)


@pytest.mark.parametrize("text", [
    "您可以使用输出训练您自己的模型。",
    "您不得出于非法目的创建Lumen模型的衍生版本。",
    "我们可能使用您的输入改进我们的模型，您可以在设置中关闭该功能。",
])
def test_permissions_and_other_uses_are_not_anti_distillation(analyzer, text):
    assert "anti_distillation" not in labels(analyzer, text)


def test_permission_to_train_own_models_on_outputs_is_an_output_rule(analyzer):
    assert "output_scope" in labels(analyzer, "您可以使用输出训练您自己的模型。")


def test_provider_training_on_user_inputs_is_data_use(analyzer):
    assert "data_use_training" in labels(analyzer, "我们可能使用您的输入改进我们的模型，您可以在设置中关闭该功能。")


def test_prc_governing_law(analyzer):
    found = labels(analyzer, "本协议的订立、履行和解释均适用中华人民共和国法律。")
    assert "governing_law" in found
    assert not found & {"venue_jurisdiction", "arbitration"}


@pytest.mark.parametrize("text", [
    "您应当遵守中华人民共和国法律。",
    "在适用法律允许的范围内，北风智能不对任何间接损失承担责任。",
])
def test_complying_with_law_or_the_extent_law_allows_is_no_choice_of_law(analyzer, text):
    assert "governing_law" not in labels(analyzer, text)


def test_disclaimer_to_the_extent_law_allows_is_a_liability_limit(analyzer):
    assert "liability_cap_disclaimer" in labels(analyzer, "在适用法律允许的范围内，北风智能不对任何间接损失承担责任。")


def test_arbitration_at_a_commission(analyzer):
    found = labels(analyzer, "因本协议引起的任何争议，应提交北京仲裁委员会按照其仲裁规则进行仲裁，仲裁裁决是终局的。")
    assert "arbitration" in found
    assert "venue_jurisdiction" not in found


def test_courts_of_the_provider_seat(analyzer):
    found = labels(analyzer, "协商不成的，任何一方均可向北风智能住所地有管辖权的人民法院提起诉讼。")
    assert "venue_jurisdiction" in found
    assert "arbitration" not in found


@pytest.mark.parametrize("text, label", [
    ("您不得使用爬虫、脚本或其他自动化手段抓取本服务的内容。", "scraping_ban"),
    ("您不得对本模型进行反向工程、反编译或反汇编。", "reverse_engineering"),
    ("您应遵守所有适用的出口管制和制裁法律。", "export_control"),
    ("您应赔偿北风智能因您违反本协议而遭受的全部损失，包括合理的律师费。", "indemnity"),
    ("如您违反本协议，我们有权暂停或终止您的账号。", "termination"),
    ("您不得删除、篡改或隐匿输出内容中的人工智能生成标识。", "output_scope"),
    ("您应当在显著位置注明所使用的模型及其来源。", "attribution"),
    ("未经北风智能书面许可，您不得将本模型用于商业用途。", "commercial_threshold"),
    ("若您的产品月活跃用户超过一亿，您应当另行向我们申请商业许可。", "commercial_threshold"),
    ("您同意仅以个人名义提出索赔，并放弃参与任何集体诉讼的权利。", "class_action_waiver"),
])
def test_other_chinese_covenants(analyzer, text, label):
    assert label in labels(analyzer, text)


def test_claims_as_an_individual_are_no_commercial_limit(analyzer):
    assert "commercial_threshold" not in labels(analyzer, "您同意仅以个人名义提出索赔，并放弃参与任何集体诉讼的权利。")


def test_a_warning_that_outputs_are_no_advice_is_no_ban_on_competition(analyzer):
    assert "competing_use" not in labels(analyzer, "输出内容仅供参考，不能替代专业医疗建议。")
