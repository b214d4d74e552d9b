"""The reminder as a desktop notification, against a fake notification server on a private bus.

Each test module run starts its own ``dbus-daemon`` (the offscreen run has no session bus) and
each test its own fake server, so ids start at 1 and the call log is the test's alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtDBus import QDBusConnection
from pytestqt.qtbot import QtBot

from app.desktop.notify.dbus_integers import dbus_byte, dbus_uint32
from app.desktop.notify.freedesktop import (
    NOTIFY_SIGNATURE,
    REMINDER_TIMEOUT_MS,
    DBusNotifier,
    Reminder,
    ReminderChoice,
)
from app.desktop.notify.payload import icon_argument
from tests.support.fake_dbus import private_bus
from tests.support.fake_notification_server import FakeServer, running_server

SIGNAL_TIMEOUT_MS = 3000
QUIET_MS = 150  # how long "nothing was emitted" is watched for

TITLE = "Time for a pause"
BODY = "Three minutes of slow belly breathing."
ROUTINE = "3-Minute Diaphragmatic Breathing"


@pytest.fixture(scope="module")
def bus_address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with private_bus(tmp_path_factory.mktemp("bus")) as address:
        yield address


@pytest.fixture(scope="module")
def bus(bus_address: str, qapp: object) -> Iterator[QDBusConnection]:
    name = "unbrace-test-notifications"
    connection = QDBusConnection.connectToBus(bus_address, name)
    assert connection.isConnected(), connection.lastError().message()
    yield connection
    QDBusConnection.disconnectFromBus(name)


@pytest.fixture
def server(bus_address: str, tmp_path: Path) -> Iterator[FakeServer]:
    with running_server(bus_address, tmp_path / "calls.jsonl") as fake:
        yield fake


@pytest.fixture
def notifier(qtbot: QtBot, bus: QDBusConnection, server: FakeServer) -> Iterator[DBusNotifier]:
    """A started notifier that has heard whether the server is there."""
    reminder = DBusNotifier(bus, icon="unbrace")
    with qtbot.waitSignal(reminder.probed, timeout=SIGNAL_TIMEOUT_MS):
        assert reminder.start()
    yield reminder
    reminder.stop()


def shown(qtbot: QtBot, notifier: DBusNotifier, snooze_min: int = 10) -> int:
    """Show a reminder and return its notification id, once the server has answered."""
    assert notifier.show_reminder(TITLE, BODY, ROUTINE, snooze_min)
    qtbot.waitUntil(lambda: not notifier.sending, timeout=SIGNAL_TIMEOUT_MS)
    assert notifier.notification_id is not None
    return notifier.notification_id


# ------------------------------------------------------------------------------- the payload


def test_the_snooze_action_names_the_length_chosen(
    qtbot: QtBot, notifier: DBusNotifier, server: FakeServer
) -> None:
    """A 30-minute snooze chosen in the settings is the label the notification offers."""
    shown(qtbot, notifier, snooze_min=30)
    [call] = server.calls("Notify")
    assert call["args"][5][2:4] == ["snooze", "Snooze 30 min"]


def test_notify_carries_the_exact_payload_and_types(
    qtbot: QtBot, notifier: DBusNotifier, server: FakeServer
) -> None:
    """Notify is sent with the specification's signature (a uint32 replaces_id, a byte urgency),
    our app name and icon, the texts, the four actions and our hints, and a few minutes' expiry."""
    notification_id = shown(qtbot, notifier)

    [call] = server.calls("Notify")
    assert call["signature"] == NOTIFY_SIGNATURE == "susssasa{sv}i"
    app_name, replaces_id, icon, summary, body, actions, hints, timeout = call["args"]
    assert (app_name, replaces_id, icon, summary, body) == ("Unbrace", 0, "unbrace", TITLE, BODY)
    assert actions == [
        *("start", "Start"),
        *("snooze", "Snooze 10 min"),
        *("skip", "Skip"),
        *("default", "Start"),
    ]
    assert hints == {
        "category": {"signature": "s", "value": "x-unbrace.reminder"},
        "desktop-entry": {"signature": "s", "value": "unbrace"},
        "urgency": {"signature": "y", "value": 1},
    }
    assert timeout == REMINDER_TIMEOUT_MS
    assert call["returned"] == notification_id == 1
    assert notifier.routine_name == ROUTINE


def test_a_second_reminder_replaces_the_first(
    qtbot: QtBot, notifier: DBusNotifier, server: FakeServer
) -> None:
    """While our notification is up, the next one names it in replaces_id and keeps its id."""
    first = shown(qtbot, notifier)
    second = shown(qtbot, notifier)

    replaces = [call["args"][1] for call in server.calls("Notify")]
    assert replaces == [0, first]
    assert second == first


def test_a_settled_reminder_is_not_replaced(
    qtbot: QtBot, notifier: DBusNotifier, server: FakeServer
) -> None:
    """Once answered, the notification is gone: the next reminder is a new one."""
    first = shown(qtbot, notifier)
    notifier.close()
    second = shown(qtbot, notifier)

    assert [call["args"][1] for call in server.calls("Notify")] == [0, 0]
    assert second != first


def test_an_icon_path_is_sent_as_a_file_uri(tmp_path: Path) -> None:
    """The specification takes an icon name or a file:// URI, not a bare path."""
    assert icon_argument("unbrace") == "unbrace"
    assert icon_argument("") == ""
    assert icon_argument(str(tmp_path / "icon.svg")) == (tmp_path / "icon.svg").as_uri()


def test_typed_integers_refuse_values_out_of_range() -> None:
    """A D-Bus uint32 or byte cannot hold a negative or oversized value."""
    assert dbus_uint32(0xFFFF_FFFF).currentSignature() == "u"
    assert dbus_byte(2).currentSignature() == "y"
    with pytest.raises(ValueError, match="does not fit"):
        dbus_uint32(-1)
    with pytest.raises(ValueError, match="does not fit"):
        dbus_byte(256)


# ------------------------------------------------------------------------------- the answers


@pytest.mark.parametrize(
    ("action", "choice"),
    [
        ("start", ReminderChoice.START),
        ("snooze", ReminderChoice.SNOOZE),
        ("skip", ReminderChoice.SKIP),
        ("default", ReminderChoice.START),
    ],
)
def test_an_action_on_our_notification_is_the_choice(
    qtbot: QtBot, notifier: DBusNotifier, server: FakeServer, action: str, choice: ReminderChoice
) -> None:
    """Each action key maps to one choice; a click on the notification itself starts."""
    notification_id = shown(qtbot, notifier)

    with qtbot.waitSignal(notifier.choice_made, timeout=SIGNAL_TIMEOUT_MS) as blocker:
        server.invoke(notification_id, action)

    assert blocker.args == [choice]
    assert notifier.notification_id is None


def test_signals_about_other_notifications_are_ignored(
    qtbot: QtBot, notifier: DBusNotifier, server: FakeServer
) -> None:
    """Another application's notification being clicked or closed is not our answer; ours,
    sent just after, still is."""
    notification_id = shown(qtbot, notifier)
    other = notification_id + 41

    with qtbot.assertNotEmitted(notifier.choice_made, wait=QUIET_MS):
        server.invoke(other, "start")
        server.invoke(other, "default")
        server.close(other, 2)
        server.close(other, 1)

    with qtbot.waitSignal(notifier.choice_made, timeout=SIGNAL_TIMEOUT_MS) as blocker:
        server.invoke(notification_id, "skip")
    assert blocker.args == [ReminderChoice.SKIP]


def test_signals_about_our_older_notification_are_ignored(
    qtbot: QtBot, notifier: DBusNotifier, server: FakeServer
) -> None:
    """A notification of ours that was closed and followed by another no longer answers."""
    old = shown(qtbot, notifier)
    notifier.close()
    new = shown(qtbot, notifier)
    assert new != old

    with qtbot.assertNotEmitted(notifier.choice_made, wait=QUIET_MS):
        server.invoke(old, "start")
        server.close(old, 2)


@pytest.mark.parametrize(
    ("reason", "choice"),
    [(1, ReminderChoice.MISSED), (2, ReminderChoice.DISMISSED), (4, ReminderChoice.MISSED)],
)
def test_a_closed_notification_is_dismissed_or_missed(
    qtbot: QtBot, notifier: DBusNotifier, server: FakeServer, reason: int, choice: ReminderChoice
) -> None:
    """Closed by the user: DISMISSED; expired (or gone for an undefined reason): MISSED."""
    notification_id = shown(qtbot, notifier)

    with qtbot.waitSignal(notifier.choice_made, timeout=SIGNAL_TIMEOUT_MS) as blocker:
        server.close(notification_id, reason)

    assert blocker.args == [choice]


def test_closing_it_ourselves_reports_nothing(
    qtbot: QtBot, notifier: DBusNotifier, server: FakeServer
) -> None:
    """close() sends CloseNotification for our id; the server's reason-3 signal is no answer."""
    notification_id = shown(qtbot, notifier)

    with qtbot.assertNotEmitted(notifier.choice_made, wait=QUIET_MS):
        assert notifier.close()
        qtbot.waitUntil(lambda: bool(server.calls("CloseNotification")))
        server.close(notification_id, 3)

    [call] = server.calls("CloseNotification")
    assert (call["signature"], call["args"]) == ("u", [notification_id])
    assert not notifier.close()  # nothing left to close


def test_an_answer_is_reported_once(
    qtbot: QtBot, notifier: DBusNotifier, server: FakeServer
) -> None:
    """Servers often close a notification after one of its actions: that is not a second answer."""
    notification_id = shown(qtbot, notifier)
    with qtbot.waitSignal(notifier.choice_made, timeout=SIGNAL_TIMEOUT_MS):
        server.invoke(notification_id, "start")

    with qtbot.assertNotEmitted(notifier.choice_made, wait=QUIET_MS):
        server.close(notification_id, 2)


# ------------------------------------------------------------------- availability and DND


def test_available_with_a_server(notifier: DBusNotifier, server: FakeServer) -> None:
    """A server owning the name and answering GetServerInformation is available."""
    assert notifier.available()
    info = notifier.server_information()
    assert info is not None
    assert info.name == "Fake Notifications"


def test_nothing_is_available_without_a_server(qtbot: QtBot, bus: QDBusConnection) -> None:
    """With no notification server on the bus, the notifier says so and shows nothing."""
    reminder = DBusNotifier(bus)
    try:
        with qtbot.waitSignal(reminder.probed, timeout=SIGNAL_TIMEOUT_MS) as probed:
            reminder.start()
        assert probed.args == [False]
        assert not reminder.available()
        assert reminder.server_information() is None
        assert reminder.inhibited() is None
        assert not reminder.show_reminder(TITLE, BODY, ROUTINE, 10)
        assert reminder.notification_id is None
    finally:
        reminder.stop()


def test_a_server_that_comes_and_goes_is_followed(
    qtbot: QtBot, bus: QDBusConnection, bus_address: str, tmp_path: Path
) -> None:
    """Started before any server is there, the notifier finds one when it comes, and knows
    when it has gone (reminders then go to the popup at once)."""
    reminder = DBusNotifier(bus)
    try:
        with qtbot.waitSignal(reminder.probed, timeout=SIGNAL_TIMEOUT_MS):
            reminder.start()
        assert not reminder.available()
        with running_server(bus_address, tmp_path / "calls.jsonl", inhibited=True):
            qtbot.waitUntil(reminder.available, timeout=SIGNAL_TIMEOUT_MS)
            qtbot.waitUntil(lambda: reminder.inhibited() is True, timeout=SIGNAL_TIMEOUT_MS)
        qtbot.waitUntil(lambda: not reminder.available(), timeout=SIGNAL_TIMEOUT_MS)
        assert reminder.inhibited() is None
        assert not reminder.show_reminder(TITLE, BODY, ROUTINE, 10)
    finally:
        reminder.stop()


def test_inhibited_reads_the_servers_property(
    qtbot: QtBot, bus: QDBusConnection, bus_address: str, tmp_path: Path
) -> None:
    """A server in do-not-disturb answers Inhibited = true; one that is not, false."""
    reminder = DBusNotifier(bus)
    try:
        with running_server(bus_address, tmp_path / "calls.jsonl", inhibited=True):
            reminder.start()
            qtbot.waitUntil(lambda: reminder.inhibited() is True, timeout=SIGNAL_TIMEOUT_MS)
        with running_server(bus_address, tmp_path / "calls2.jsonl"):
            qtbot.waitUntil(lambda: reminder.inhibited() is False, timeout=SIGNAL_TIMEOUT_MS)
    finally:
        reminder.stop()


def test_a_change_of_inhibited_is_signalled(
    qtbot: QtBot, notifier: DBusNotifier, server: FakeServer
) -> None:
    """PropertiesChanged on the server's interface becomes inhibited_changed, once per change."""
    qtbot.waitUntil(lambda: notifier.inhibited() is False, timeout=SIGNAL_TIMEOUT_MS)

    with qtbot.waitSignal(notifier.inhibited_changed, timeout=SIGNAL_TIMEOUT_MS) as blocker:
        server.set_inhibited(True)
    assert blocker.args == [True]
    assert notifier.inhibited() is True

    with qtbot.waitSignal(notifier.inhibited_changed, timeout=SIGNAL_TIMEOUT_MS) as blocker:
        server.set_inhibited(False)
    assert blocker.args == [False]


# ------------------------------------------------------------------- a slow or failing server


def test_a_slow_server_does_not_hold_the_reminder(
    qtbot: QtBot, notifier: DBusNotifier, server: FakeServer
) -> None:
    """The reminder is sent and the caller goes on while the server still holds its answer;
    the notification's id is known once the answer comes."""
    server.hold()
    assert notifier.show_reminder(TITLE, BODY, ROUTINE, 10)  # returned: the answer is held
    qtbot.waitUntil(lambda: bool(server.calls("Notify")), timeout=SIGNAL_TIMEOUT_MS)
    assert notifier.sending
    assert notifier.notification_id is None

    server.release()
    qtbot.waitUntil(lambda: not notifier.sending, timeout=SIGNAL_TIMEOUT_MS)
    assert notifier.notification_id == server.calls("Notify")[0]["returned"] == 1


def test_a_slow_server_does_not_hold_the_start(
    qtbot: QtBot, bus: QDBusConnection, server: FakeServer
) -> None:
    """Asking whether the server is there returns at once; the answer comes when the server
    gives it."""
    server.hold()
    reminder = DBusNotifier(bus)
    try:
        assert reminder.start()  # returned: GetServerInformation is held
        qtbot.waitUntil(lambda: bool(server.calls("GetServerInformation")))
        assert not reminder.available()
        with qtbot.waitSignal(reminder.probed, timeout=SIGNAL_TIMEOUT_MS) as probed:
            server.release()
        assert probed.args == [True]
        assert reminder.available()
    finally:
        reminder.stop()


def test_a_reminder_withdrawn_on_its_way_is_closed_when_its_id_comes(
    qtbot: QtBot, notifier: DBusNotifier, server: FakeServer
) -> None:
    """Closed while the server still holds its answer: the notification it then names is
    closed, and nothing is reported for it."""
    server.hold()
    assert notifier.show_reminder(TITLE, BODY, ROUTINE, 10)
    qtbot.waitUntil(lambda: bool(server.calls("Notify")), timeout=SIGNAL_TIMEOUT_MS)
    assert notifier.close()
    with qtbot.assertNotEmitted(notifier.choice_made, wait=QUIET_MS):
        server.release()
        qtbot.waitUntil(lambda: bool(server.calls("CloseNotification")))
    [call] = server.calls("CloseNotification")
    assert call["args"] == [server.calls("Notify")[0]["returned"]]
    assert notifier.notification_id is None


def test_a_refused_reminder_is_reported_failed(
    qtbot: QtBot, notifier: DBusNotifier, server: FakeServer
) -> None:
    """A server that answers Notify with an error: show_failed, so the popup can show it."""
    server.refuse()
    with qtbot.waitSignal(notifier.show_failed, timeout=SIGNAL_TIMEOUT_MS):
        assert notifier.show_reminder(TITLE, BODY, ROUTINE, 10)
    assert notifier.notification_id is None
    assert not notifier.sending


def test_the_constructor_talks_to_nobody(server: FakeServer, bus: QDBusConnection) -> None:
    """Building the notifier sends nothing and listens to nothing."""
    reminder = DBusNotifier(bus)
    assert not reminder.listening
    assert server.calls() == []


def test_the_notifier_is_a_reminder(notifier: DBusNotifier) -> None:
    """It fits the protocol the composition root holds (checked by mypy through this line)."""
    reminder: Reminder = notifier
    assert reminder.choice_made is not None
