"""vCard reading and writing: files from Apple, Google, Android, Outlook and others in,
PersonDrafts out, and back again.

>>> result = read_vcards(b"BEGIN:VCARD\\r\\nVERSION:3.0\\r\\nFN:Ada Lovelace\\r\\nEND:VCARD\\r\\n")
>>> result.cards[0].draft.display_name
'Ada Lovelace'
"""

from relapp.domain.vcard.photos import MAX_PHOTO_BYTES
from relapp.domain.vcard.reader import (
    ParsedCard,
    Progress,
    VCardReadResult,
    read_vcard_file,
    read_vcards,
)
from relapp.domain.vcard.textcodec import MAX_FILE_BYTES
from relapp.domain.vcard.writer import write_vcards

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_PHOTO_BYTES",
    "ParsedCard",
    "Progress",
    "VCardReadResult",
    "read_vcard_file",
    "read_vcards",
    "write_vcards",
]
