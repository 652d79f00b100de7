"""Where figures come from: each source, and each import of a file from it, with what the
import read, wrote and rejected, so any figure computed from imported records can name the
file and the run it came from."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q

from priorities.locking import Versioned


class DataSource(models.Model):
    """A source of figures: a published data set, an upload or an API feed."""

    class Kind(models.TextChoices):
        ROAD_CASUALTIES = "road_casualties", "Road casualty records (STATS19)"
        POLICE_UK_CRIME = "police_uk_crime", "police.uk crime"
        POLICE_UK_OUTCOMES = "police_uk_outcomes", "police.uk outcomes"
        MANUAL_UPLOAD = "manual_upload", "Manual upload"
        API_FEED = "api_feed", "API feed"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def counts_figures(self):
        """Whether its rows are counted into figures (police.uk's), not kept as records."""
        return self.kind in (self.Kind.POLICE_UK_CRIME, self.Kind.POLICE_UK_OUTCOMES)


class DataImport(models.Model):
    """One file read from a source: who ran it, when, what it held and what became of it."""

    class State(models.TextChoices):
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="imports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    run_by = models.CharField(max_length=150, help_text="Who ran it: a user or a command.")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    file_name = models.CharField(max_length=500)
    file_size = models.PositiveBigIntegerField(help_text="Bytes.")
    sha256 = models.CharField("SHA-256", max_length=64)
    first_date = models.DateField(null=True, blank=True, help_text="Earliest date of a row.")
    last_date = models.DateField(null=True, blank=True, help_text="Latest date of a row.")
    rows_read = models.PositiveIntegerField(default=0)
    rows_written = models.PositiveIntegerField(default=0, help_text="Created or updated.")
    rows_unchanged = models.PositiveIntegerField(default=0)
    rows_skipped = models.PositiveIntegerField(
        default=0, help_text="Rows of other police forces, not kept."
    )
    rows_rejected = models.PositiveIntegerField(default=0)
    rejections = models.JSONField(
        default=list, blank=True, help_text="The first rejected rows: row number and why."
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.RUNNING)
    error = models.TextField(blank=True, help_text="Why a failed import failed.")
    withheld = models.JSONField(
        default=list,
        blank=True,
        help_text="Figures of published periods the file would change, left as they were "
        "for an approver to amend: each figure, its value and the file's.",
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_date__gte=F("first_date"))
                | Q(first_date__isnull=True)
                | Q(last_date__isnull=True),
                name="data_import_dates_in_order",
                violation_error_message="The period covered cannot end before it starts.",
            ),
        ]
        indexes = [
            # The sources page and the admin list a source's imports, newest first.
            models.Index(fields=["source", "-started_at"], name="import_by_source_started"),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"

    @property
    def short_name(self):
        """The file's own name, without the folders it was read from (or, for a file in a
        zip, the zip's), as its publisher named it."""
        return self.file_name.rsplit("/", 1)[-1]


class LsoaArea(Versioned):
    """Which area a Lower Layer Super Output Area (LSOA) lies in, to place police.uk's
    street-level crimes, which give the LSOA of each, in districts or policing areas."""

    lsoa_code = models.CharField(
        "LSOA code",
        max_length=9,
        unique=True,
        validators=[
            RegexValidator(
                r"^[EW]01[0-9]{6}$", "An LSOA code is E01 or W01 and six digits: E01021234."
            )
        ],
    )
    lsoa_name = models.CharField("LSOA name", max_length=100, blank=True)
    area = models.ForeignKey("metrics.Area", on_delete=models.PROTECT, related_name="lsoas")

    class Meta:
        ordering = ["lsoa_code"]
        verbose_name = "LSOA area"

    def __str__(self):
        return f"{self.lsoa_code} in {self.area}"
