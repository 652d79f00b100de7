from django.conf import settings


def site(request):
    """Expose the site name to every template."""
    return {"site_name": settings.SITE_NAME}
