"""A private session bus and the test notification server (tests/dbus_fixture.py)."""

from tests.dbus_fixture import notification_server, session_bus  # noqa: F401
