"""Moodle XML conformance on the original Moodle and QAS-Editor files (GPL, read in place from
../shared/corpora/moodle-xml; never copied). Collected only when ../shared is beside the
repository.

The tests are those of tests/content/formats/test_moodle_xml.py, which compute their expectations
from the fixture files; here the two fixtures that say where the files are point at the originals.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.content.formats.helpers import CORPORA
from tests.content.formats.test_moodle_xml import (  # noqa: F401 (collected here again)
    test_category_description_is_warned_and_topic_is_the_category_name,
    test_nested_categories_give_each_question_the_last_segment_as_topic,
    test_qas_editor_all_xml_counts_every_question_in_the_summary,
    test_qas_editor_fixture_imports_each_supported_question_and_skips_the_rest,
    test_qas_editor_html_multichoice_is_stripped_to_plain_text_with_warnings,
    test_qas_editor_matching_and_shortanswer_match_the_fixture_values,
    test_qas_editor_numerical_keeps_the_unit_with_multiplier_one_and_warns_about_the_others,
    test_qas_editor_truefalse_takes_the_answer_whose_fraction_is_100,
    test_x6_invalid_grade_is_an_error_naming_the_question_and_the_answer_line,
    test_x7_old_image_file_imports_both_questions_the_multianswer_as_a_cloze,
)


@pytest.fixture
def moodle_dir() -> Path:
    return CORPORA / "moodle-xml" / "moodle"


@pytest.fixture
def qas_dir() -> Path:
    return CORPORA / "moodle-xml" / "qas-editor"
