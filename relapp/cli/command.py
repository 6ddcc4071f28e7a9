"""One headless command: its name, its help, its arguments and the function that runs it.

A command is a value, listed by name in ``relapp.cli.commands.COMMANDS``; nothing is
registered by importing a module.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from relapp.paths import AppPaths

Arguments = Callable[[argparse.ArgumentParser], None]
Runner = Callable[[argparse.Namespace, "AppPaths"], int]


@dataclass(frozen=True)
class Command:
    """``relapp NAME``: ``run(args, paths)`` returns the exit code (``relapp.exit_codes``);
    ``arguments(parser)`` declares what it takes besides ``--data-dir``."""

    name: str
    help: str
    arguments: Arguments
    run: Runner
