"""An introduction is an event, not a contact: "last talked" leaves it out.

Until now recording an introduction set ``person.last_contact_at`` of everyone in it
(an introduction recorded today made a years-old relationship look fresh). Recompute
every person's last contact from the interactions that are contacts.
"""

from __future__ import annotations

import sqlite3

from relapp.storage.migrations._script import run_script

VERSION = 7
DESCRIPTION = "introductions do not count as last contact"

SQL = """
UPDATE person SET last_contact_at = (
    SELECT max(ip.occurred_at) FROM interaction_person ip
    JOIN interaction i ON i.id = ip.interaction_id
    WHERE ip.person_id = person.id AND i.kind NOT IN ('introduction')
)
"""


def apply(conn: sqlite3.Connection) -> None:
    run_script(conn, SQL)
