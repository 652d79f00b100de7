from rest_framework.exceptions import NotFound
from rest_framework.negotiation import DefaultContentNegotiation


class FormatFirstNegotiation(DefaultContentNegotiation):
    """A format named in the URL (?format=csv or a .csv suffix) wins over the Accept header,
    so a link to a download works whatever the client sends."""

    def select_renderer(self, request, renderers, format_suffix=None):
        fmt = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if fmt:
            chosen = [renderer for renderer in renderers if renderer.format == fmt]
            if not chosen:
                known = ", ".join(renderer.format for renderer in renderers)
                raise NotFound(f"There is no format {fmt!r} here: ask for one of {known}.")
            return chosen[0], chosen[0].media_type
        return super().select_renderer(request, renderers, format_suffix)
