"""A small notification server for the tests: ``python tests/notification_server.py
ADDRESS [--mute]`` owns ``org.freedesktop.Notifications`` on the bus at ADDRESS.

It answers ``GetCapabilities`` (actions, body, body-markup, persistence), ``GetServerInformation``,
``Notify`` (a new id, or ``replaces_id`` when it names one it shows) and
``CloseNotification`` (then ``NotificationClosed`` with reason 3), and writes one JSON
line per call it received to stdout: ``{"member", "signature", "args", "sender"}``
(``Notify``'s also carries the ``id`` it answered, hints as ``[signature, value]``).
Lines on stdin drive it like a user: ``{"invoke": [id, "done"]}`` emits
``ActivationToken`` ("token-ID"), ``ActionInvoked``, then ``NotificationClosed``
(reason 2, as servers do after an action); ``{"close": id}`` only the latter.
``--mute`` takes the name and never answers (a hung server). It writes
``{"ready": true}`` once it owns the name.
"""

from __future__ import annotations

import json
import select
import sys

from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection
from jeepney.low_level import HeaderFields, MessageType
from jeepney.wrappers import DBusAddress, new_error, new_method_return, new_signal

PATH = "/org/freedesktop/Notifications"
NAME = "org.freedesktop.Notifications"
EMITTER = DBusAddress(PATH, interface=NAME)
CAPABILITIES = ["actions", "body", "body-markup", "persistence"]


def say(record: dict) -> None:
    print(json.dumps(record), flush=True)


def plain(value: object) -> object:
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def received(conn) -> list:
    """The message that made the socket readable, and any others already read."""
    messages = [conn.receive(timeout=1)]
    messages += iter(conn.parser.get_next_message, None)
    return messages


def main() -> int:
    address, mute = sys.argv[1], "--mute" in sys.argv
    conn = open_dbus_connection(bus=address)
    reply = conn.send_and_get_reply(message_bus.RequestName(NAME, 4), timeout=5)
    assert reply.body[0] == 1, reply.body  # the primary owner
    say({"ready": True})
    shown: set[int] = set()
    next_id = 41
    while True:
        readable, _, _ = select.select([sys.stdin, conn.sock], [], [], 5)
        if sys.stdin in readable:
            line = sys.stdin.readline()
            if not line:
                return 0
            command = json.loads(line)
            if "invoke" in command:
                server_id, action = command["invoke"]
                token = ("us", (server_id, f"token-{server_id}"))
                conn.send(new_signal(EMITTER, "ActivationToken", *token))
                conn.send(new_signal(EMITTER, "ActionInvoked", "us", (server_id, action)))
                command = {"close": server_id, "reason": 2}
            if "close" in command and command["close"] in shown:
                shown.discard(command["close"])
                closing = (command["close"], command.get("reason", 2))
                conn.send(new_signal(EMITTER, "NotificationClosed", "uu", closing))
            say({"done": True})
        if conn.sock not in readable:
            continue
        for message in received(conn):
            fields = message.header.fields
            if message.header.message_type is not MessageType.method_call:
                continue
            member = fields.get(HeaderFields.member)
            record = {
                "member": member,
                "signature": fields.get(HeaderFields.signature, ""),
                "args": plain(message.body),
                "sender": fields.get(HeaderFields.sender),
            }
            if mute:
                say(record)
                continue
            if member == "GetCapabilities":
                conn.send(
                    new_method_return(
                        message, "as", (["actions", "body", "body-markup", "persistence"],)
                    )
                )
            elif member == "GetServerInformation":
                answer = ("mock", "relapp-tests", "1", "1.2")
                conn.send(new_method_return(message, "ssss", answer))
            elif member == "Notify" and record["signature"] == "susssasa{sv}i":
                replaces = message.body[1]
                if replaces in shown:
                    server_id = replaces
                else:
                    next_id += 1
                    server_id = next_id
                shown.add(server_id)
                record["id"] = server_id
                conn.send(new_method_return(message, "u", (server_id,)))
            elif member == "CloseNotification":
                conn.send(new_method_return(message))
                if message.body[0] in shown:
                    shown.discard(message.body[0])
                    conn.send(new_signal(EMITTER, "NotificationClosed", "uu", (message.body[0], 3)))
            else:
                error = "org.freedesktop.DBus.Error.InvalidArgs"
                conn.send(new_error(message, error, "s", (f"bad call {record['signature']}",)))
            say(record)


if __name__ == "__main__":
    sys.exit(main())
