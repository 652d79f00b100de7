"""What a signed-in request reads besides its page's own queries."""

# The person's permissions, read once a request (their own, then their groups'): who may
# read, and who sees drafts, are permissions of their roles (priorities.roles).
PERMISSION_QUERIES = 2

# The first page of an API list in JSON reads the data version before anything else: its
# rows come from the cache while that version lasts (essexperf.api.viewsets).
DATA_VERSION_QUERIES = 1

# A request with a token reads it from the database, so that a revocation holds at once in
# every server process (essexperf.api.authentication).
TOKEN_QUERIES = 1
