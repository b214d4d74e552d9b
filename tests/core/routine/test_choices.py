"""Which routines the tray offers: the pause routine and the Routines menu, from the settings,
what the library can start and what was practised."""

from __future__ import annotations

from app.core.routine.choices import (
    DEFAULT_PAUSE_ROUTINE,
    GENTLE_ROUTINES,
    pause_routine,
    tray_routines,
)

NAMES = {
    "diaphragmatic-3min": "Diaphragmatic breathing",
    "body-scan-spine": "Body scan",
    "humming-vagus": "Humming",
    "spinal-mobility": "Spinal mobility",
    "box": "Box breathing",
    "cat-cow": "Cat and cow",
}
NAMES |= {f"r{i}": f"Routine {i}" for i in range(10)}


def name_of(routine_id: str) -> str | None:
    return NAMES.get(routine_id)


def test_the_chosen_pause_routine_is_offered_by_its_name() -> None:
    assert pause_routine("box", name_of) == ("box", "Box breathing")


def test_a_pause_routine_that_is_gone_falls_back_to_the_default() -> None:
    assert pause_routine("deleted", name_of) == (DEFAULT_PAUSE_ROUTINE, "Diaphragmatic breathing")


def test_without_even_the_default_the_menu_names_it_by_its_id() -> None:
    assert pause_routine("deleted", lambda _id: None) == (
        DEFAULT_PAUSE_ROUTINE,
        DEFAULT_PAUSE_ROUTINE,
    )


def test_favourites_come_first_then_the_routines_practised_newest_first_each_once() -> None:
    menu = tray_routines(["cat-cow"], ["box", "cat-cow", "r1", "box"], name_of)
    assert [routine_id for routine_id, _ in menu] == ["cat-cow", "box", "r1"]
    assert menu[0] == ("cat-cow", "Cat and cow")


def test_with_nothing_practised_the_menu_offers_the_gentle_routines() -> None:
    assert [rid for rid, _ in tray_routines([], [], name_of)] == list(GENTLE_ROUTINES)


def test_only_five_recent_routines_beside_every_favourite() -> None:
    favourites = ["box", "cat-cow"]
    practised = [f"r{i}" for i in range(10)]
    menu = tray_routines(favourites, practised, name_of)
    assert [rid for rid, _ in menu] == ["box", "cat-cow", "r0", "r1", "r2", "r3", "r4"]


def test_routines_the_library_cannot_start_are_left_out() -> None:
    menu = tray_routines(["gone"], ["broken", "box"], name_of)
    assert menu == [("box", "Box breathing")]
