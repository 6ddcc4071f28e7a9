"""The import pipeline's pure rules: ``plan.py`` decides each card (new, someone you
know, a duplicate of another card, imported before, broken), ``blocks.py`` finds the
people a card may be, ``merge.py`` fills a person from a card without overwriting,
``apply.py`` turns a plan and the user's choices into what to write, ``records.py`` is
what an import leaves behind so it can be undone."""
