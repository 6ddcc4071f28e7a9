"""The command line: files to hand over, and starting minimised to the tray."""

from __future__ import annotations

from relapp.__main__ import build_parser


def test_files_and_minimized_are_parsed() -> None:
    args = build_parser().parse_args(["--minimized", "a.vcf", "b.vcf"])
    assert args.minimized
    assert args.files == ["a.vcf", "b.vcf"]
    plain = build_parser().parse_args([])
    assert not plain.minimized
    assert plain.files == []
