"""The Relapp JSON file (docs/json-format.md): ``format.py`` exports and imports a whole
file (``export_json``, ``import_json``); ``encode.py`` turns records into JSON objects and
``decode.py`` (with ``fields.py``) reads them back, checking every field; ``stream.py``
reads a big file one record at a time; ``validate.py`` is the import's first pass, which
checks everything before anything is written."""
