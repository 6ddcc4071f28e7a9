"""The bundle's entry point (PyInstaller runs this file as ``__main__``)."""

import sys

from relapp.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
