from django.urls import re_path

from essexperf.site import report_views

app_name = "reports"

# A period code such as 2017-18-Q2; anything else is no report.
CODE = r"(?P<code>\d{4}-\d{2}-Q[1-4])"

urlpatterns = [
    re_path(rf"^{CODE}/$", report_views.report, name="report"),
    re_path(rf"^{CODE}\.pdf$", report_views.report_pdf, name="report_pdf"),
]
