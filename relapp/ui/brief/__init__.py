"""The brief: what to remember about a person before you talk to them (``panel.py``,
``BriefPanel``), read from ``services.brief``. Shown on the person page and in the log
dialog; the introductions feature installs it."""
