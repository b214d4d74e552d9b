"""One rule says whether a routine given by name is a file or an id in the library."""

from __future__ import annotations

from pathlib import Path

from app.core.routine.reference import names_a_file


def test_an_id_is_not_a_file(tmp_path: Path) -> None:
    assert not names_a_file("box-breathing", tmp_path)


def test_a_yaml_name_is_a_file_even_before_it_exists(tmp_path: Path) -> None:
    assert names_a_file("mine.yaml", tmp_path)
    assert names_a_file("mine.yml", tmp_path)


def test_an_existing_file_without_the_suffix_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "box-breathing").write_text("version: 1\n")
    assert names_a_file("box-breathing", tmp_path)


def test_an_absolute_path_is_a_file(tmp_path: Path) -> None:
    assert names_a_file(str(tmp_path / "missing"))


def test_a_name_too_long_for_the_system_is_an_id(tmp_path: Path) -> None:
    assert not names_a_file("a" * 5000, tmp_path)
