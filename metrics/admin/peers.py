"""Populations and peer groups in the admin: a population is entered on its area's page
or uploaded as a CSV file (metrics.population_uploads); a peer group lists its home force
and up to seven peer forces."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404, redirect
from django.urls import path

from metrics import peer_uploads, population_uploads
from metrics.admin.uploads import TableUploadAdmin, upload_page
from metrics.models import AreaPopulation, PeerGroup, PeerGroupMember
from metrics.models.populations import MAX_PEERS
from priorities.admin.base import EntryAdmin, EntryInline


class AreaPopulationInline(EntryInline):
    model = AreaPopulation
    fields = ["year", "population", "source", "version"]
    ordering = ["-year"]
    extra = 1


class MembersFormSet(BaseInlineFormSet):
    """At most seven peers, none the home force, each a force: said at the form's top."""

    def clean(self):
        super().clean()
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if len(kept) > MAX_PEERS:
            raise ValidationError(
                f"A peer group holds at most {MAX_PEERS} peer forces; this one lists "
                f"{len(kept)}. Remove {len(kept) - MAX_PEERS}."
            )
        home = self.instance.home_force if self.instance.home_force_id else None
        for data in kept:
            if home is not None and data.get("area") == home:
                raise ValidationError(f"{home} is the home force: it cannot be its own peer.")


class PeerGroupMemberInline(EntryInline):
    model = PeerGroupMember
    formset = MembersFormSet
    fields = ["order", "area", "version"]
    ordering = ["order"]
    max_num = MAX_PEERS
    extra = 1
    autocomplete_fields = ["area"]
    label_related = ("area",)


@admin.register(PeerGroup)
class PeerGroupAdmin(EntryAdmin):
    list_display = ["name", "home_force"]
    autocomplete_fields = ["home_force"]
    inlines = [PeerGroupMemberInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("home_force")

    def get_urls(self):
        view = self.admin_site.admin_view(self.upload_view)
        return [
            path("<int:pk>/upload/", view, name="metrics_peergroup_upload"),
            *super().get_urls(),
        ]

    def may_upload(self, request):
        return request.user.has_perm("metrics.add_observation") and request.user.has_perm(
            "metrics.change_observation"
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = {"can_upload": self.may_upload(request), **(extra_context or {})}
        return super().change_view(request, object_id, form_url, context)

    def upload_view(self, request, pk):
        """Check the file's every row; write them all as the peers' observations, or show
        every problem and write none."""
        if not self.may_upload(request):
            raise PermissionDenied
        group = get_object_or_404(PeerGroup.objects.select_related("home_force"), pk=pk)
        form = peer_uploads.PeerFiguresForm(request.POST or None, request.FILES or None)
        problems = []
        if form.is_bound and form.is_valid():
            problems, result = peer_uploads.check_and_write(form.rows, group)
            if result is not None:
                name = form.cleaned_data["file"].name
                messages.success(
                    request,
                    f"Wrote {name}: {result.created} new, {result.updated} changed and "
                    f"{result.unchanged} unchanged peer figures.",
                )
                return redirect("admin:metrics_peergroup_change", group.pk)
        title = f"Upload peer figures for {group.name}"
        return upload_page(self, request, form, problems, title=title, group=group)


@admin.register(AreaPopulation)
class AreaPopulationAdmin(TableUploadAdmin, EntryAdmin):
    upload_form = population_uploads.PopulationUploadForm
    uploads = population_uploads
    upload_title = "Upload populations"
    list_display = ["area", "year", "population", "source"]
    list_filter = ["year", "area__kind"]
    search_fields = ["area__name", "source"]
    autocomplete_fields = ["area"]
    ordering = ["area__name", "-year"]
    change_list_template = "admin/metrics/areapopulation/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("area")
