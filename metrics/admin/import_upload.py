"""The "Import a file" page of the data imports' admin: a file of one of the kinds in
metrics.import_uploads, previewed as a dry run (each file's counts, its first rejected rows
and what would change in published periods), then imported once confirmed."""

import functools

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from metrics import import_uploads
from metrics.import_uploads import IMPORTERS, UploadError
from metrics.source_files import FileError

UPLOAD_TEMPLATE = "admin/metrics/dataimport/upload.html"
PREVIEW_TEMPLATE = "admin/metrics/dataimport/upload_preview.html"
RUN_BY = "admin import"


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of file", widget=forms.RadioSelect)
    file = forms.FileField(label="File")

    def __init__(self, *args, importers, **kwargs):
        super().__init__(*args, **kwargs)
        self.importers = {importer.key: importer for importer in importers}
        self.fields["kind"].choices = [(i.key, i.label) for i in importers]
        if len(importers) == 1:
            self.fields["kind"].initial = importers[0].key

    def clean(self):
        importer = self.importers.get(self.cleaned_data.get("kind"))
        upload = self.cleaned_data.get("file")
        if importer is not None and upload is not None:
            try:
                import_uploads.check_upload(importer, upload)
            except UploadError as error:
                self.add_error("file", str(error))
        self.cleaned_data["importer"] = importer
        return self.cleaned_data


class ImportUploadMixin:
    """Adds the page at upload/ (admin:metrics_dataimport_upload) to a read-only admin."""

    def get_urls(self):
        page = path(
            "upload/", self.import_guard(self.import_view), name="metrics_dataimport_upload"
        )
        return [page, *super().get_urls()]

    def import_guard(self, view):
        """A signed-in person who may import nothing is refused outright (403), rather than
        sent to the admin's sign-in, which would not let them in either."""
        wrapped = self.admin_site.admin_view(view)

        @functools.wraps(view)
        def guarded(request, *args, **kwargs):
            if request.user.is_authenticated and not self.importers_for(request):
                raise PermissionDenied
            return wrapped(request, *args, **kwargs)

        return guarded

    def importers_for(self, request):
        return [i for i in IMPORTERS.values() if request.user.is_staff and i.allows(request.user)]

    def changelist_view(self, request, extra_context=None):
        context = {"can_import": bool(self.importers_for(request)), **(extra_context or {})}
        return super().changelist_view(request, context)

    def import_view(self, request):
        importers = self.importers_for(request)
        if request.method == "POST" and "token" in request.POST:
            return self.confirm_import(request)
        form = ImportForm(request.POST or None, request.FILES or None, importers=importers)
        if not form.is_bound:
            return self.render_import(request, form)
        if not form.is_valid():
            return self.render_import(request, form, status=400)
        return self.preview_import(request, form.cleaned_data["importer"], form)

    def render_import(self, request, form, status=200, problems=()):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import a file",
            "form": form,
            "problems": problems,
            "importers": form.importers.values(),
            "limit": import_uploads.size_text(settings.IMPORT_UPLOAD_MAX_BYTES),
        }
        return TemplateResponse(request, UPLOAD_TEMPLATE, context, status=status)

    def preview_import(self, request, importer, form):
        """The dry run's counts; a file that cannot be read is named, and not kept."""
        upload = form.cleaned_data["file"]
        sha256 = import_uploads.stage(upload)
        try:
            found = import_uploads.staged_sources(importer, sha256, upload.name)
            rehearsal = importer.rehearse(found, RUN_BY)
        except FileError as error:
            import_uploads.discard(sha256, upload.name)
            return self.render_import(request, form, status=400, problems=[str(error)])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Check what importing {upload.name} would do",
            "importer": importer,
            "name": upload.name,
            "sha256": sha256,
            "files": rehearsal.files,
            "published": rehearsal.published,
            "summary": importer.summary(counts_of(rehearsal.files), dry_run=True),
            "token": import_uploads.sign(importer, sha256, upload.name, request.user),
        }
        return TemplateResponse(request, PREVIEW_TEMPLATE, context)

    def confirm_import(self, request):
        try:
            importer, sha256, name = import_uploads.unsign(request.POST["token"], request.user)
            if not importer.allows(request.user):
                raise PermissionDenied
            files = importer.run(import_uploads.staged_sources(importer, sha256, name), RUN_BY)
        except (UploadError, FileError) as error:
            form = ImportForm(importers=self.importers_for(request))
            return self.render_import(request, form, status=400, problems=[str(error)])
        import_uploads.discard(sha256, name)
        messages.success(request, f"Imported {name}. {importer.summary(counts_of(files))}")
        return redirect("admin:metrics_dataimport_changelist")


def counts_of(files):
    return [counts for _, counts in files]
