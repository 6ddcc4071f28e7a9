"""The clock: a function that says what time it is now (an aware datetime, UTC).

Views, the reminder scheduler and the services that depend on the time take a ``Clock``
instead of reading the system clock, so tests can hold time still or move it on.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

Clock = Callable[[], datetime]
