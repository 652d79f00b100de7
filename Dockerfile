# essexperf served by gunicorn. Configure it through environment variables: see .env.example.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY . .

# Editable, so that the code runs from /app, beside its templates/ and static/ folders.
RUN pip install -e . \
    && python manage.py collectstatic --no-input

# Run as a user that cannot change the code.
RUN useradd --system --no-create-home essexperf
USER essexperf

EXPOSE 8000
CMD ["gunicorn", "essexperf.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
