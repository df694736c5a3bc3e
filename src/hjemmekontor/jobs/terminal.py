"""A progress bar on a terminal (and silence when the output is not one)."""

from __future__ import annotations

import sys
from typing import TextIO


class ProgressBar:
    width = 30

    def __init__(self, label: str, unit: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.unit = unit
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self._shown = ""

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        filled = round(self.width * min(done, total) / total)
        line = (
            f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] "
            f"{done}/{total} {self.unit}"
        )
        if line != self._shown:
            self.stream.write(line)
            self.stream.flush()
            self._shown = line

    def close(self) -> None:
        if self.enabled and self._shown:
            self.stream.write("\n")
            self.stream.flush()
            self._shown = ""
