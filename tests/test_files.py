import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mealplan.errors import InputError
from mealplan.files import (
    FORMULA_PREFIXES,
    atomic_write,
    neutralise_cell,
    unneutralise_cell,
)


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx",
                                  '=HYPERLINK("http://x")'])
def test_formula_cells_get_an_apostrophe(cell):
    assert neutralise_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Spinach, raw", "1 cup", "", "a=b"])
def test_plain_cells_pass_unchanged(cell):
    assert neutralise_cell(cell) == cell


@pytest.mark.parametrize("number", [-3.5, 0, 12])
def test_numbers_pass_unchanged(number):
    assert neutralise_cell(number) == number


@given(st.text())
def test_neutralised_cells_never_start_a_formula_and_read_back(text):
    cell = neutralise_cell(text)
    assert not cell.startswith(FORMULA_PREFIXES)
    assert unneutralise_cell(cell) == text


def test_atomic_write_replaces_and_keeps_the_mode(tmp_path):
    target = tmp_path / "plan.md"
    target.write_text("old")
    target.chmod(0o640)
    atomic_write(target, "new")
    assert target.read_text() == "new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert os.listdir(tmp_path) == ["plan.md"]


def test_atomic_write_to_a_missing_folder_names_the_flag(tmp_path):
    with pytest.raises(InputError, match=r"-o.*does not exist"):
        atomic_write(tmp_path / "nope" / "plan.md", "x")
    assert os.listdir(tmp_path) == []
