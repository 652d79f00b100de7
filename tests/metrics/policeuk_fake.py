"""A fake police.uk API, served over real HTTP on 127.0.0.1, behaving as data.police.uk/docs
says the real one does, with a little hand-made data: two square neighbourhoods of a force
"essex" sharing an edge, crimes placed in them (one on the shared edge), crimes with no
location, a leaky-bucket rate limit (15 a second, bursts of 30) and the 10,000-crime limit
on custom areas, which tests lower."""

import json
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

MONTH = "2024-01"
WEST = [(51.7, 0.4), (51.8, 0.4), (51.8, 0.5), (51.7, 0.5)]
EAST = [(51.7, 0.5), (51.8, 0.5), (51.8, 0.6), (51.7, 0.6)]
NEIGHBOURHOODS = {"ESW1": ("Chelmsford West", WEST), "ESE2": ("Chelmsford East", EAST)}


def crime(id, category, month, where=None, street="", persistent_id=None, outcome=None):
    """A crime as the API writes it: coordinates as strings, the street already "On or near"."""
    location = where and {
        "latitude": f"{where[0]:.6f}",
        "street": {"id": id * 10, "name": street},
        "longitude": f"{where[1]:.6f}",
    }
    return {
        "category": category,
        "location_type": "Force" if where else None,
        "location": location,
        "context": "",
        "outcome_status": outcome and {"category": outcome, "date": month},
        "persistent_id": f"pid{id}" if persistent_id is None else persistent_id,
        "id": id,
        "location_subtype": "",
        "month": month,
    }


STREET_CRIMES = [
    crime(
        101,
        "burglary",
        MONTH,
        (51.75, 0.43),
        "On or near Moulsham Street",
        None,
        "Under investigation",
    ),
    crime(102, "anti-social-behaviour", MONTH, (51.72, 0.42), "On or near Duke Street", ""),
    crime(
        103,
        "violent-crime",
        MONTH,
        (51.75, 0.53),
        "On or near Baddow Road",
        None,
        "Unable to prosecute suspect",
    ),
    crime(
        104,
        "shoplifting",
        MONTH,
        (51.76, 0.5),
        "On or near High Street",
        None,
        "Awaiting court outcome",
    ),
    crime(105, "vehicle-crime", MONTH, (51.78, 0.58), "On or near Springfield Road"),
    # Another month's, in the west: never in January's answers.
    crime(106, "robbery", "2024-02", (51.74, 0.44), "On or near New Street"),
]
NO_LOCATION = [
    crime(201, "drugs", MONTH, outcome="Local resolution"),
    crime(202, "possession-of-weapons", MONTH, outcome="Under investigation"),
]


def inside(point, polygon):
    """Point in polygon by ray casting, a point on an edge counting as inside, as police.uk
    gives a crime on a shared edge to both areas."""
    lat, lng = point
    crossings = False
    for index, (lat1, lng1) in enumerate(polygon):
        lat0, lng0 = polygon[index - 1]
        cross = (lat - lat0) * (lng1 - lng0) - (lng - lng0) * (lat1 - lat0)
        between = min(lat0, lat1) <= lat <= max(lat0, lat1) and min(lng0, lng1) <= lng <= max(
            lng0, lng1
        )
        if abs(cross) < 1e-12 and between:
            return True
        if (lng0 > lng) != (lng1 > lng) and lat < lat0 + (lng - lng0) * (lat1 - lat0) / (
            lng1 - lng0
        ):
            crossings = not crossings
    return crossings


def parse_poly(text):
    return [tuple(float(value) for value in pair.split(",")) for pair in text.split(":")]


class LeakyBucket:
    """police.uk's documented limit: a bucket of 30 draining at 15 a second; a request that
    would overflow it is answered 429."""

    def __init__(self, rate=15, burst=30):
        self.rate, self.burst, self.level, self.updated = rate, burst, 0.0, time.monotonic()
        self.lock = threading.Lock()

    def admit(self):
        with self.lock:
            now = time.monotonic()
            self.level = max(0.0, self.level - (now - self.updated) * self.rate)
            self.updated = now
            if self.level + 1 > self.burst:
                return False
            self.level += 1
            return True


class FakePoliceUk:
    """The fake's state, which tests read and set: the requests seen, the crime limit of a
    custom area, 429s to answer next (with an optional Retry-After), and canned answers."""

    def __init__(self):
        self.requests = []
        self.crime_limit = 10_000
        self.too_many_next, self.retry_after = 0, None
        self.canned = {}
        self.bucket = LeakyBucket()
        self.url = None

    def street_requests(self):
        return [path for method, path in self.requests if path.endswith("/crimes-street/all-crime")]

    def answer(self, method, path, params):
        """(status, headers, body) for a request."""
        self.requests.append((method, path))
        if not self.bucket.admit():
            return 429, {}, b"Too Many Requests"
        if self.too_many_next:
            self.too_many_next -= 1
            headers = {"Retry-After": self.retry_after} if self.retry_after else {}
            return 429, headers, b"Too Many Requests"
        if path in self.canned:
            status, body = self.canned[path]
            return status, {}, body
        return self.route(path.removeprefix("/api/").split("/"), params)

    def route(self, parts, params):
        month = params.get("date", [""])[0]
        if parts == ["crime-last-updated"]:
            return ok({"date": "2024-03-01"})
        if parts == ["crimes-no-location"] and params.get("force") == ["essex"]:
            return ok([c for c in NO_LOCATION if c["month"] == month])
        if parts == ["crimes-street", "all-crime"]:
            return self.street(parse_poly(params["poly"][0]), month)
        if parts == ["essex", "neighbourhoods"]:
            return ok([{"id": key, "name": name} for key, (name, _) in NEIGHBOURHOODS.items()])
        if (
            len(parts) == 3
            and parts[0] == "essex"
            and parts[2] == "boundary"
            and parts[1] in NEIGHBOURHOODS
        ):
            square = NEIGHBOURHOODS[parts[1]][1]
            return ok([{"latitude": f"{lat}", "longitude": f"{lng}"} for lat, lng in square])
        return 404, {}, b"Not Found"

    def street(self, polygon, month):
        found = [
            c
            for c in STREET_CRIMES
            if c["month"] == month
            and inside(
                (float(c["location"]["latitude"]), float(c["location"]["longitude"])), polygon
            )
        ]
        if len(found) > self.crime_limit:
            return 503, {}, b"Service Unavailable"
        return ok(found)


def ok(data):
    return 200, {"Content-Type": "application/json"}, json.dumps(data).encode()


def handler_for(fake):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            url = urlsplit(self.path)
            self.send(*fake.answer("GET", url.path, parse_qs(url.query)))

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send(*fake.answer("POST", urlsplit(self.path).path, parse_qs(body.decode())))

        def send(self, status, headers, body):
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):
            """Quiet: the tests read the fake's requests, not its log."""

    return Handler


@contextmanager
def running():
    """A FakePoliceUk served on a free port of 127.0.0.1 until the block ends; its `url` is
    the API's base, as https://data.police.uk/api is the real one's."""
    fake = FakePoliceUk()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(fake))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/api"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
