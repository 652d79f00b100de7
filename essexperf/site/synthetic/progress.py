"""A progress bar drawn on one line of a stream, over stages of estimated sizes."""

BAR_WIDTH = 30


class Progress:
    """Progress through stages, each with an estimated number of rows.

    Rows written advance the bar within the current stage, never past its estimate, and
    starting the next stage moves it to where that stage begins, so a wrong estimate makes
    the bar pause or jump but never run backwards. It is redrawn only when the shown
    percentage changes, so a log holds at most a hundred redraws. With no stream it draws
    nothing.
    """

    def __init__(self, stream, estimates):
        self.stream = stream
        self.estimates = dict(estimates)
        self.total = max(1, sum(self.estimates.values()))
        self.stage_start = 0
        self.stage_size = 0
        self.done = 0
        self.label = ""
        self.shown = None

    def start(self, label):
        self.stage_start += self.stage_size
        self.stage_size = self.estimates.get(label, 0)
        self.done = self.stage_start
        self.label = label
        self.draw()

    def advance(self, rows):
        self.done = min(self.done + rows, self.stage_start + self.stage_size)
        self.draw()

    def finish(self):
        self.done, self.label = self.total, "done"
        self.draw()
        if self.stream is not None:
            self.stream.write("", ending="\n")

    def draw(self):
        if self.stream is None:
            return
        percent = 100 * self.done // self.total
        if (percent, self.label) == self.shown:
            return
        self.shown = (percent, self.label)
        filled = BAR_WIDTH * percent // 100
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        self.stream.write(f"\r[{bar}] {percent:3d}% {self.label:<14}", ending="")
        self.stream.flush()
