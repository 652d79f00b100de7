"""A synthetic dataset on top of the demo data, for load and speed tests (generatedata).

One number, the scale, decides every size (see sizes.Sizes): at scale 1 the data is a year
of editions and eight metrics with three years of monthly figures, at scale 100 ten years
of quarterly reports and about a million observations. The same scale always gives the
same rows: every random choice comes from a random.Random seeded by the scale and what is
being generated.

Plans, periods, areas, metrics and targets, inspections and KSI tables go through the
demo's own importers, which run full_clean() on every row. The many rows (updates,
footnotes, assessments, observations, findings, recalculations, populations and the peer
group) are written in bulk; rows.Checker runs
full_clean() on each of them at small scales and on a fixed sample at large ones.

Modules, in the order generate.generate runs them: plans (editions, plans, commitments,
updates, assessments), figures, shapes, series and observations (areas, metrics, the shape
each metric's figures take, recalculations, targets and their values), peers (the peer
forces, their populations and figures), hmicfrs (inspections, findings) and roads (KSI
tables); words holds the text.
"""
