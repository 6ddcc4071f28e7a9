"""WCAG 2 contrast between two colours (relative luminance of sRGB), in plain Python."""

from __future__ import annotations

BODY_TEXT = 4.5  # WCAG AA for text under 18 pt (14 pt bold)
LARGE_TEXT = 3.0  # large text, and the parts of a control or chart one must see


def _channel(c: int) -> float:
    s = c / 255
    return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4


def luminance(rgb: tuple[int, int, int]) -> float:
    r, g, b = rgb
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """From 1 (the same) to 21 (black on white)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def over(top: tuple[int, int, int, int], bottom: tuple[int, int, int]) -> tuple[int, int, int]:
    """``top`` (with its alpha 0-255) drawn over the opaque ``bottom``."""
    r, g, b, a = top
    k = a / 255
    return (
        round(r * k + bottom[0] * (1 - k)),
        round(g * k + bottom[1] * (1 - k)),
        round(b * k + bottom[2] * (1 - k)),
    )
