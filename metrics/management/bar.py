"""The progress bar of the import commands."""

BAR_WIDTH = 30


class Bar:
    """Rows read of a file against its estimated rows (its size over a typical row's)."""

    def __init__(self, stream, source, *, row_bytes):
        self.stream, self.name, self.done, self.shown = stream, source.name, 0, None
        self.total = max(1, source.size // row_bytes)

    def __call__(self, rows):
        self.done += rows
        percent = min(100, 100 * self.done // self.total)
        # Drawn again only when it moves: an importer may report every row.
        if self.stream is not None and percent != self.shown:
            self.shown = percent
            filled = BAR_WIDTH * percent // 100
            bar = "#" * filled + "." * (BAR_WIDTH - filled)
            self.stream.write(f"\r[{bar}] {percent:3d}% {self.name[-40:]}", ending="")
            self.stream.flush()

    def finish(self):
        if self.stream is not None:
            self.stream.write(f"\r{self.name}: {self.done} rows read{' ' * 40}")
