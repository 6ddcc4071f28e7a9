"""The app icon exists at every size a desktop asks for, and as .ico and .icns."""

from __future__ import annotations

import struct

import pytest
from PySide6.QtGui import QImage

from relapp.ui import icons

ICONS = icons.icons_dir()


@pytest.mark.parametrize("size", icons.APP_ICON_SIZES)
def test_png_has_its_size_and_is_not_empty(qapp, size: int) -> None:
    image = QImage(str(icons.app_icon_png(size)))
    assert (image.width(), image.height()) == (size, size)
    centre = image.pixelColor(size // 2, size // 2)
    assert centre.alpha() == 255


def test_ico_holds_png_images_up_to_256(qapp) -> None:
    data = (ICONS / "relapp.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sides = []
    for index in range(count):
        width, _h, _c, _r, _p, _b, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * index
        )
        assert data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(data)
        sides.append(width or 256)
    assert 16 in sides and 256 in sides


def test_icns_elements_add_up_to_its_length() -> None:
    data = (ICONS / "relapp.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack_from(">I", data, 4)[0] == len(data)
    position, kinds = 8, []
    while position < len(data):
        kind = data[position : position + 4]
        length = struct.unpack_from(">I", data, position + 4)[0]
        assert data[position + 8 : position + 16] == b"\x89PNG\r\n\x1a\n"
        kinds.append(kind)
        position += length
    assert position == len(data)
    assert {b"icp4", b"ic07", b"ic10"} <= set(kinds)


def test_app_icon_offers_the_prerendered_sizes(qapp) -> None:
    sizes = {(s.width(), s.height()) for s in icons.app_icon().availableSizes()}
    assert {(16, 16), (512, 512)} <= sizes
