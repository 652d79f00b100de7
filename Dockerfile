# essexperf served by gunicorn. Configure it through environment variables: see .env.example.
# The Python CI tests with (.ci/run checks the two agree), on a fixed Debian release.
FROM python:3.11.7-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint draws the report's PDF with Pango, subsets the fonts it embeds with HarfBuzz, and
# needs fonts to draw with: the slim image has none of them.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# The dependencies first, in a layer of their own: a change of code alone reuses it.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

COPY . .
# Editable, so that the code runs from /app, beside its templates/ and static/ folders; its
# dependencies are the lock's, installed above.
RUN pip install --no-deps -e . \
    && pip check \
    && python manage.py collectstatic --no-input

# Run as a user that cannot change the code.
RUN useradd --system --no-create-home essexperf
USER essexperf

EXPOSE 8000
# gunicorn.conf.py sets the workers, threads, timeouts and address from the environment.
CMD ["gunicorn", "essexperf.wsgi"]
