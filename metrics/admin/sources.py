"""Data sources and their imports: a record of what was read, kept as the import wrote it,
so the admin shows it and changes none of it. New imports are made from the list's "Import
a file" page (metrics.admin.import_upload), through the importers' own functions."""

from django.contrib import admin

from metrics import lsoa_uploads
from metrics.admin.import_upload import ImportUploadMixin
from metrics.admin.uploads import TableUploadAdmin
from metrics.models import DataImport, DataSource, LsoaArea
from priorities.admin.base import EntryAdmin


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DataSource)
class DataSourceAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]


@admin.register(DataImport)
class DataImportAdmin(ImportUploadMixin, ReadOnlyAdmin):
    list_display = [
        "file_name",
        "source",
        "state",
        "started_at",
        "finished_at",
        "rows_read",
        "rows_written",
        "rows_unchanged",
        "rows_rejected",
    ]
    list_filter = ["source", "state"]
    search_fields = ["file_name", "sha256"]
    date_hierarchy = "started_at"
    list_select_related = ["source"]


@admin.register(LsoaArea)
class LsoaAreaAdmin(TableUploadAdmin, EntryAdmin):
    """The LSOA lookup placing police.uk's crimes in areas: entered or uploaded as a CSV."""

    upload_form = lsoa_uploads.LsoaUploadForm
    uploads = lsoa_uploads
    upload_title = "Upload the LSOA lookup"
    list_display = ["lsoa_code", "lsoa_name", "area"]
    list_filter = ["area"]
    search_fields = ["lsoa_code", "lsoa_name", "area__name"]
    autocomplete_fields = ["area"]
    fields = ["lsoa_code", "lsoa_name", "area", "version"]
    change_list_template = "admin/metrics/lsoaarea/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("area")
