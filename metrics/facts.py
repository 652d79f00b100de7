"""What is known of each of many metrics in a period, gathered once for the generated
sentences (metrics.sentences) and the exceptions a board is shown (metrics.exceptions).

Each metric's latest figure the reader may see as known by the period, the earlier edition
it is from when the period has none of its own, the process chart of its line, its change
on the figure it is compared with, and the home force's place among its peers: eight
queries however many metrics, so that neither page grows with the plan.
"""

from dataclasses import dataclass
from functools import cached_property

from metrics.models import Metric
from metrics.peers import compare_many
from metrics.presentation import change_summary, not_updated_since
from metrics.process import headline_processes
from metrics.series import latest_observations
from priorities.models import Priority


@dataclass
class Facts:
    """One metric's computed facts for a period; each None where it has none."""

    metric: Metric
    period: object
    observation: object = None
    # The earlier edition the latest figure is from, when the period has none of its own.
    stale: object = None
    process: object = None
    peers: object = None

    @cached_property
    def change(self):
        """The change on the figure compared with (metrics.presentation.ChangeSummary), or
        None: a figure from an earlier edition carries that edition's change, not this one's."""
        if self.observation is None or self.stale is not None:
            return None
        return change_summary(self.observation, self.metric)

    @property
    def latest_point(self):
        """The process chart's latest point, when the chart has limits."""
        if self.process is None or not self.process.enough:
            return None
        return self.process.points[-1]

    @property
    def home(self):
        """The home force's place among its peers (metrics.peers.ForceFigure), when ranked."""
        home = self.peers.home if self.peers is not None else None
        return home if home is not None and home.rank is not None else None


def board_metrics(user, period):
    """The metrics of the priorities in force in the period that the reader may see, as
    "what changed this quarter" reads them."""
    priorities = Priority.objects.visible_to(user).in_force(period)
    return Metric.objects.visible_to(user).filter(priority__in=priorities)


def gather(user, selection, metrics):
    """[Facts] of each metric of the queryset, by name, in the selection's period (none
    without one): eight queries, the metrics, their latest figures, three of the process
    charts (metrics.process.headline_processes) and three of the peers
    (metrics.peers.compare_many), fewer where there is nothing to read."""
    period = selection.period
    if period is None:
        return []
    chosen = list(metrics.order_by("name"))
    latest = latest_observations(user, period, metrics)
    processes = headline_processes(user, period, latest.values())
    peers = compare_many(user, chosen, period)
    return [
        Facts(
            metric,
            period,
            observation=latest.get(metric.pk),
            stale=not_updated_since(latest.get(metric.pk), period, selection.periods),
            process=processes.get(metric.pk),
            peers=peers.get(metric.pk),
        )
        for metric in chosen
    ]
