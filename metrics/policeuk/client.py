"""A client of the police.uk API (data.police.uk/docs), with the standard library only:
a force's neighbourhoods and their boundaries, the street-level crimes in an area and the
crimes with no location, kept within police.uk's rate limit and bounded in what it reads."""

import datetime
import json
import math
import re
import time
import urllib.error
import urllib.parse
import urllib.request

from metrics.policeuk.polygons import halves, poly_parameter

# A month of street crimes in an area is at most 10,000 crimes of about 500 bytes each;
# a bigger answer is not one police.uk means to give.
MAX_RESPONSE_BYTES = 50 * 1024 * 1024
# Each split halves the area; twelve leave a 4,096th of it, far below 10,000 crimes.
MAX_SPLIT_DEPTH = 12
# Waits between retries of a 429 double from one second, and never exceed a minute.
FIRST_BACKOFF = 1.0
MAX_BACKOFF = 60.0
# police.uk answers 503 when a custom area holds more than 10,000 crimes.
AREA_TOO_LARGE = 503

MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


class PoliceUkError(Exception):
    """police.uk could not be asked, refused, or answered in a shape it does not document."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


def check_month(month):
    if not isinstance(month, str) or not MONTH.fullmatch(month):
        raise ValueError(f"A month is written YYYY-MM (e.g. 2024-01), not {month!r}.")
    return month


def check_force(force):
    if not isinstance(force, str) or not SLUG.fullmatch(force):
        raise ValueError(
            f"A police force is named by its police.uk slug (e.g. essex), not {force!r}."
        )
    return force


class TokenBucket:
    """police.uk allows 15 requests a second with bursts of 30: a bucket of `burst` tokens,
    refilled at `rate` a second, one taken before each request, waiting when it is empty."""

    def __init__(self, rate, burst, sleep, clock):
        self.rate, self.burst, self.sleep, self.clock = rate, burst, sleep, clock
        self.tokens, self.updated = float(burst), clock()

    def take(self):
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return
        wait = (1 - self.tokens) / self.rate
        self.sleep(wait)
        # The token refilled while waiting is spent; counting from the planned end of the
        # wait, not the clock, keeps the pace even when a sleep returns early.
        self.tokens, self.updated = 0.0, now + wait


class PoliceUkClient:
    """The API methods this project reads, each answer checked against its documented shape."""

    def __init__(
        self,
        base_url,
        *,
        rate=15,
        burst=30,
        timeout=30,
        max_retries=5,
        sleep=time.sleep,
        clock=time.monotonic,
    ):
        self.base_url = base_url.rstrip("/")
        self.timeout, self.max_retries, self.sleep = timeout, max_retries, sleep
        self.bucket = TokenBucket(rate, burst, sleep, clock)

    def neighbourhoods(self, force):
        """[{id, name}] of the force's neighbourhoods."""
        answer = self.get(f"{check_force(force)}/neighbourhoods")
        return [
            {"id": text(item, "id"), "name": text(item, "name")}
            for item in listed(answer, "neighbourhoods")
        ]

    def boundary(self, force, neighbourhood_id):
        """[(latitude, longitude)] of the neighbourhood's boundary."""
        neighbourhood = urllib.parse.quote(str(neighbourhood_id), safe="")
        answer = self.get(f"{check_force(force)}/{neighbourhood}/boundary")
        return [
            (number(point, "latitude"), number(point, "longitude"))
            for point in listed(answer, "boundary")
        ]

    def street_crimes(self, polygon, month):
        """The month's crimes in the polygon, each once, halving the area while police.uk
        refuses it as holding more than 10,000 crimes."""
        polygon = list(polygon)
        if len(polygon) < 3:
            raise ValueError(f"An area needs at least 3 points, not {len(polygon)}.")
        return unique(self.crimes_within(polygon, check_month(month), 0))

    def crimes_within(self, polygon, month, depth):
        try:
            answer = self.post(
                "crimes-street/all-crime", {"poly": poly_parameter(polygon), "date": month}
            )
            return crimes(answer, "street crimes")
        except PoliceUkError as error:
            if error.status != AREA_TOO_LARGE:
                raise
            if depth >= MAX_SPLIT_DEPTH:
                raise PoliceUkError(
                    f"crimes-street: police.uk still refuses an area as over 10,000 crimes "
                    f"after halving it {depth} times",
                    error.status,
                ) from error
        return [
            crime
            for half in halves(polygon)
            for crime in self.crimes_within(half, month, depth + 1)
        ]

    def crimes_no_location(self, force, month):
        """The force's crimes of the month that police.uk could not place on a map."""
        query = {"category": "all-crime", "force": check_force(force), "date": check_month(month)}
        return crimes(self.get("crimes-no-location", query), "crimes with no location")

    def last_updated(self):
        """The date of police.uk's latest crime data (its day means nothing)."""
        answer = self.get("crime-last-updated")
        if not isinstance(answer, dict) or not isinstance(answer.get("date"), str):
            raise PoliceUkError("crime-last-updated: the answer has no date")
        try:
            return datetime.date.fromisoformat(answer["date"][:10])
        except ValueError:
            raise PoliceUkError(f"crime-last-updated: {answer['date']!r} is not a date") from None

    def get(self, path, query=None):
        suffix = f"?{urllib.parse.urlencode(query)}" if query else ""
        return self.request(urllib.request.Request(f"{self.base_url}/{path}{suffix}"))

    def post(self, path, form):
        """police.uk takes the street crimes' long `poly` as a form, not a query string."""
        body = urllib.parse.urlencode(form).encode()
        return self.request(urllib.request.Request(f"{self.base_url}/{path}", data=body))

    def request(self, request):
        """The answer's JSON, after waiting for the limiter; a 429 is asked again after a
        growing wait, or the one police.uk names in Retry-After."""
        path = urllib.parse.urlsplit(request.full_url).path
        for attempt in range(self.max_retries + 1):
            self.bucket.take()
            try:
                return self.answer(request, path)
            except urllib.error.HTTPError as error:
                with error:
                    if error.code != 429:
                        message = f"{path}: HTTP {error.code} {error.reason}"
                        raise PoliceUkError(message, error.code) from None
                    delay = retry_after(error.headers.get("Retry-After"), attempt)
            if attempt < self.max_retries:
                self.sleep(delay)
        raise PoliceUkError(
            f"{path}: HTTP 429 Too Many Requests, still after {self.max_retries} retries", 429
        )

    def answer(self, request, path):
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read(MAX_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError:
            # Also a URLError, but police.uk's answer: request reads its status.
            raise
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise PoliceUkError(f"{path}: could not reach police.uk ({reason})") from error
        if len(body) > MAX_RESPONSE_BYTES:
            raise PoliceUkError(f"{path}: the answer is over {MAX_RESPONSE_BYTES} bytes")
        try:
            return json.loads(body)
        except ValueError:
            raise PoliceUkError(f"{path}: the answer is not JSON") from None


def retry_after(header, attempt):
    """Seconds to wait before retrying: police.uk's Retry-After when it gives a number of
    seconds, else doubling from FIRST_BACKOFF; never more than MAX_BACKOFF."""
    try:
        delay = float(header)
    except (TypeError, ValueError):
        delay = FIRST_BACKOFF * 2**attempt
    if not math.isfinite(delay):
        delay = MAX_BACKOFF
    return min(max(delay, 0.0), MAX_BACKOFF)


def listed(answer, what):
    if not isinstance(answer, list) or not all(isinstance(item, dict) for item in answer):
        raise PoliceUkError(f"{what}: the answer is not a list of objects")
    return answer


def text(item, key):
    if not isinstance(item.get(key), str):
        raise PoliceUkError(f"{key!r} is not text in {item!r:.200}")
    return item[key]


def number(item, key):
    """police.uk writes coordinates as strings of decimals."""
    try:
        return float(text(item, key))
    except ValueError:
        raise PoliceUkError(f"{key!r} is not a number in {item!r:.200}") from None


def crimes(answer, what):
    """The crimes, each checked for the fields the archive's rows are made from."""
    for crime in listed(answer, what):
        check_crime(crime, what)
    return answer


def check_crime(crime, what):
    if not isinstance(crime.get("id"), int):
        raise PoliceUkError(f"{what}: a crime has no numeric id: {crime!r:.200}")
    for key in ("category", "month"):
        text(crime, key)
    location = crime.get("location")
    if location is not None:
        if not isinstance(location, dict) or not isinstance(location.get("street"), dict):
            raise PoliceUkError(f"{what}: crime {crime['id']} has a location without a street")
        for key in ("latitude", "longitude"):
            number(location, key)
    if not isinstance(crime.get("outcome_status"), dict | None):
        raise PoliceUkError(f"{what}: crime {crime['id']} has an outcome that is not an object")


def unique(found):
    """Each crime once, by its API id: one on the edge between two areas is in both."""
    seen, kept = set(), []
    for crime in found:
        if crime["id"] not in seen:
            seen.add(crime["id"])
            kept.append(crime)
    return kept
