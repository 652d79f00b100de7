"""The baseline the API is measured against: each main list page as the API answers it (what
an API token sees, in the API's order, fifty rows a page), built by PostgreSQL in one query.

It does only what the API must: no authentication, no serializers, no filters. The benchmark
checks that both answer the same JSON before comparing their throughput.
"""

import json

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse

from essexperf.api import keyset

# A value as the API writes it in its metric's unit: pounds with pence, others plain.
IN_UNIT = """CASE WHEN {unit} = 'pounds' THEN round({value}, 2)::text
    ELSE trim_scale({value})::text END"""

PERIODS = """
SELECT (SELECT count(*) FROM priorities_reportingperiod WHERE status = 'published'),
  coalesce(json_agg(json_build_object(
    'id', p.id, 'url', %(base)s || 'periods/' || p.id || '/', 'code', p.code,
    'financial_year', p.financial_year, 'quarter', p.quarter, 'start_date', p.start_date,
    'end_date', p.end_date, 'data_to', p.data_to, 'title', p.title, 'status', p.status,
    'published_on', p.published_on, 'protective_marking', p.protective_marking)
    ORDER BY p.financial_year DESC, p.quarter DESC)::text, '[]')
FROM (SELECT * FROM priorities_reportingperiod WHERE status = 'published'
      ORDER BY financial_year DESC, quarter DESC LIMIT %(limit)s OFFSET %(offset)s) p
"""

COMMITMENTS = """
SELECT (SELECT count(*) FROM priorities_commitment),
  coalesce(json_agg(json_build_object(
    'id', c.id, 'url', %(base)s || 'commitments/' || c.id || '/',
    'reference', pr.number || '.' || c."order",
    'priority', json_build_object('id', pr.id, 'url', %(base)s || 'priorities/' || pr.id || '/',
                                  'number', pr.number, 'title', pr.title),
    'lead_in', c.lead_in, 'text', c.text, 'order', c."order", 'lead', c.lead,
    'retired_on', c.retired_on, 'replaces', c.replaces_id)
    ORDER BY c.plan_start, pr.number, c."order", c.id)::text, '[]')
FROM (SELECT c.*, pl.start_date AS plan_start, pr.number AS priority_number
      FROM priorities_commitment c
      JOIN priorities_priority pr ON pr.id = c.priority_id
      JOIN priorities_plan pl ON pl.id = pr.plan_id
      ORDER BY pl.start_date, pr.number, c."order", c.id
      LIMIT %(limit)s OFFSET %(offset)s) c
JOIN priorities_priority pr ON pr.id = c.priority_id
"""

UPDATES = """
SELECT (SELECT count(*) FROM priorities_update u
        JOIN priorities_reportingperiod p ON p.id = u.period_id WHERE p.status = 'published'),
  coalesce(json_agg(json_build_object(
    'id', u.id, 'url', %(base)s || 'updates/' || u.id || '/',
    'commitment', json_build_object(
      'id', c.id, 'url', %(base)s || 'commitments/' || c.id || '/',
      'reference', pr.number || '.' || c."order", 'lead_in', c.lead_in, 'text', c.text,
      'order', c."order", 'lead', c.lead, 'retired_on', c.retired_on),
    'priority_number', pr.number,
    'period', json_build_object('id', p.id, 'url', %(base)s || 'periods/' || p.id || '/',
                                'code', p.code, 'title', p.title, 'status', p.status),
    'section', u.section, 'order', u."order", 'style', u.style, 'text', u.text,
    'footnotes', coalesce((SELECT json_agg(json_build_object('number', f.number, 'text', f.text)
                                           ORDER BY f.number)
                           FROM priorities_footnote f WHERE f.update_id = u.id), '[]'))
    ORDER BY p.financial_year DESC, p.quarter DESC, pr.number, c."order", u."order")::text, '[]')
FROM (SELECT u.* FROM priorities_update u
      JOIN priorities_reportingperiod p ON p.id = u.period_id
      JOIN priorities_commitment c ON c.id = u.commitment_id
      JOIN priorities_priority pr ON pr.id = c.priority_id
      WHERE p.status = 'published'
      ORDER BY p.financial_year DESC, p.quarter DESC, pr.number, c."order", u."order"
      LIMIT %(limit)s OFFSET %(offset)s) u
JOIN priorities_reportingperiod p ON p.id = u.period_id
JOIN priorities_commitment c ON c.id = u.commitment_id
JOIN priorities_priority pr ON pr.id = c.priority_id
"""

# An observation is compared with another only where the reader may see that one too; the
# change is worked out as metrics.change.Change does, percent rounded half away from zero.
# Observations come in cursor pages (essexperf.api.keyset): the first page, its rows read one
# beyond the page to know whether another follows, and the keys of its last row for the
# cursor of the next; no count.
OBSERVATIONS = f"""
SELECT count(*) > %(limit)s,
  coalesce(json_agg(json_build_object(
    'id', o.id, 'url', %(base)s || 'observations/' || o.id || '/',
    'metric', json_build_object('id', m.id, 'url', %(base)s || 'metrics/' || m.id || '/',
                                'slug', m.slug, 'name', m.name, 'unit', m.unit),
    'area', json_build_object('id', a.id, 'url', %(base)s || 'areas/' || a.id || '/',
                              'slug', a.slug, 'name', a.name),
    'start_date', o.start_date, 'end_date', o.end_date,
    'value', {IN_UNIT.format(unit="m.unit", value="o.value")},
    'basis', o.basis, 'source', o.source, 'data_to', o.data_to, 'caveat', o.caveat,
    'reported_in', p.code, 'compared_with', c.id,
    'change', CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object(
      'difference', {IN_UNIT.format(unit="m.unit", value="ch.difference")},
      'percent', CASE WHEN ch.percent IS NULL THEN NULL
                      WHEN ch.percent = 0 AND ch.difference < 0 THEN '-0'
                      ELSE trim_scale(ch.percent)::text END,
      'direction', CASE WHEN ch.difference > 0 THEN 'increase'
                        WHEN ch.difference < 0 THEN 'decrease' ELSE 'no change' END,
      'judgement', CASE WHEN ch.difference = 0 OR m.up_is = 'neutral' THEN 'neutral'
                        WHEN (ch.difference > 0) = (m.up_is = 'good') THEN 'good'
                        ELSE 'bad' END) END,
    'version', o.version)
    ORDER BY o.n) FILTER (WHERE o.n <= %(limit)s)::text, '[]'),
  (json_agg(json_build_array(m.name, a.name, o.end_date, o.start_date, o.id))
    FILTER (WHERE o.n = %(limit)s) ->> 0)
FROM (SELECT o.*, row_number() OVER (
        ORDER BY m.name, a.name, o.end_date DESC, o.start_date DESC, o.id) AS n
      FROM metrics_observation o
      JOIN metrics_metric m ON m.id = o.metric_id
      JOIN metrics_area a ON a.id = o.area_id
      LEFT JOIN priorities_reportingperiod p ON p.id = o.reported_in_id
      WHERE o.reported_in_id IS NULL OR p.status = 'published'
      ORDER BY m.name, a.name, o.end_date DESC, o.start_date DESC, o.id
      LIMIT %(limit)s + 1) o
JOIN metrics_metric m ON m.id = o.metric_id
JOIN metrics_area a ON a.id = o.area_id
LEFT JOIN priorities_reportingperiod p ON p.id = o.reported_in_id
LEFT JOIN (metrics_observation c
           LEFT JOIN priorities_reportingperiod cp ON cp.id = c.reported_in_id)
  ON c.id = o.compared_with_id AND (c.reported_in_id IS NULL OR cp.status = 'published')
LEFT JOIN LATERAL (
  SELECT o.value - c.value AS difference,
         CASE WHEN c.value <> 0 THEN round((o.value - c.value) / abs(c.value) * 100, 1) END
           AS percent) ch ON true
"""
# The observations' order, as the cursor of the API names it.
OBSERVATION_KEYS = [
    ("metric__name", False),
    ("area__name", False),
    ("end_date", True),
    ("start_date", True),
    ("pk", False),
]

QUERIES = {
    "periods": PERIODS,
    "commitments": COMMITMENTS,
    "updates": UPDATES,
}


def page_link(request, resource, page, last):
    """The API's link to another page: none beyond the ends, and page 1 without ?page."""
    if page < 1 or page > last:
        return None
    path = f"/api/v1/{resource}/"
    return request.build_absolute_uri(path if page == 1 else f"{path}?page={page}")


def page(request, resource):
    if resource == "observations":
        return first_cursor_page(request)
    if resource not in QUERIES:
        raise Http404(f"No baseline for {resource}.")
    size = settings.API_PAGE_SIZE
    number = max(1, int(request.GET.get("page", "1")))
    base = request.build_absolute_uri("/api/v1/")
    with connection.cursor() as cursor:
        cursor.execute(
            QUERIES[resource], {"base": base, "limit": size, "offset": (number - 1) * size}
        )
        count, results = cursor.fetchone()
    last = max(1, -(-count // size))
    links = [json.dumps(page_link(request, resource, n, last)) for n in (number + 1, number - 1)]
    body = f'{{"count":{count},"next":{links[0]},"previous":{links[1]},"results":{results}}}'
    return HttpResponse(body, content_type="application/json")


def first_cursor_page(request):
    """The first page of observations, with the link to the next as the API writes it."""
    path = "/api/v1/observations/"
    base = request.build_absolute_uri("/api/v1/")
    with connection.cursor() as cursor:
        cursor.execute(OBSERVATIONS, {"base": base, "limit": settings.API_PAGE_SIZE})
        further, results, last_keys = cursor.fetchone()
    link = None
    if further:
        next_cursor = keyset.encode(OBSERVATION_KEYS, json.loads(last_keys), False)
        link = request.build_absolute_uri(f"{path}?cursor={next_cursor}")
    body = f'{{"next":{json.dumps(link)},"previous":null,"results":{results}}}'
    return HttpResponse(body, content_type="application/json")
