from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView


class UnknownEndpointView(APIView):
    """Any path under the API that names no endpoint: a 404 in the API's own error shape."""

    permission_classes = [AllowAny]
    schema = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise NotFound("There is no API endpoint at this address: see /api/v1/ for the list.")
