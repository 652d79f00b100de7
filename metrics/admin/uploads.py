"""An admin page that takes a CSV file of a model's rows (populations, the LSOA lookup):
every row checked, then all written or none, each problem named by row and column."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path


def upload_page(model_admin, request, form, problems, **context):
    """An upload's page with the file's problems, answered 400 when there are any."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "form": form,
        "problems": problems,
        **context,
    }
    template = f"admin/metrics/{model_admin.opts.model_name}/upload.html"
    status = 400 if problems or form.errors else 200
    return TemplateResponse(request, template, context, status=status)


class TableUploadAdmin:
    """Mixed into a ModelAdmin: an "upload/" page reading `upload_form` (a csv_tables form)
    and checking and writing its rows with `uploads` (a module of check(rows), giving
    created, updated and problems, and write(checked), giving any problem in writing)."""

    upload_form = None
    uploads = None
    upload_title = ""

    def upload_url_name(self):
        return f"{self.opts.app_label}_{self.opts.model_name}_upload"

    def get_urls(self):
        view = self.admin_site.admin_view(self.upload_view)
        return [path("upload/", view, name=self.upload_url_name()), *super().get_urls()]

    def may_upload(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        context = {"can_upload": self.may_upload(request), **(extra_context or {})}
        return super().changelist_view(request, context)

    def upload_view(self, request):
        """Check the file's every row; write them all, or show every problem and write none."""
        if not self.may_upload(request):
            raise PermissionDenied
        form = self.upload_form(request.POST or None, request.FILES or None)
        problems = []
        if form.is_bound and form.is_valid():
            checked = self.uploads.check(form.rows)
            problems = checked.problems or self.uploads.write(checked)
            if not problems:
                noun = self.opts.verbose_name_plural
                messages.success(
                    request,
                    f"Wrote {form.cleaned_data['file'].name}: {len(checked.created)} new and "
                    f"{len(checked.updated)} changed {noun}.",
                )
                changelist = f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"
                return redirect(changelist)
        return upload_page(self, request, form, problems, title=self.upload_title)
