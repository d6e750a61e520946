"""The services' admin views, scoped to the user's regions.

The listing shows the services the permission policy lets the user see
(``directory.permissions.ServicePermissionPolicy``); Wagtail's generic edit,
delete, history and usage views fetch the object by its id and check the
model-wide permission only, so these also check the instance against the
policy, as the calls' views do (``calls.admin_views.InstancePermissionMixin``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic import history, models, usage
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from calls.admin_views import InstancePermissionMixin

from .admin_forms import FinessImportForm
from .permissions import can_import_finess, services_visible_to
from .selectors import matching_text
from .services import FinessImportError, finess_import

# The report's errors shown one by one, up to this many.
ERRORS_SHOWN = 50


class IndexView(models.IndexView):
    def get_base_queryset(self):
        return services_visible_to(self.request.user).select_related(
            "departement", "filiere"
        )

    def search_queryset(self, queryset):
        """Every term in the folded text the public search reads: accents, case
        and spacing ignored, identifiers typed with spaces found."""
        if not self.is_searching:
            return queryset
        return matching_text(queryset, self.search_query)


class EditView(InstancePermissionMixin, models.EditView):
    pass


class DeleteView(InstancePermissionMixin, models.DeleteView):
    pass


class HistoryView(InstancePermissionMixin, history.HistoryView):
    pass


class UsageView(InstancePermissionMixin, usage.UsageView):
    pass


class FinessImportView(WagtailAdminTemplateMixin, FormView):
    """« Importer un fichier FINESS »: upload an extraction, run the import (or a
    dry run), and read its report as the command prints it."""

    form_class = FinessImportForm
    template_name = "wagtailadmin/generic/form.html"
    page_title = _("Import a FINESS file")
    header_icon = "upload"
    _show_breadcrumbs = True

    def dispatch(self, request, *args, **kwargs):
        if not can_import_finess(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=self.request.path,
            submit_button_label=_("Import"),
            submit_button_active_label=_("Importing…"),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            report = finess_import(
                form.cleaned_data["file"],
                region=form.cleaned_data["region"],
                dry_run=form.cleaned_data["dry_run"],
            )
        except FinessImportError as error:
            form.add_error("region", str(error))
            return self.form_invalid(form)
        lines = report.summary_lines(with_errors=False)
        messages.success(self.request, " ".join(line.strip() for line in lines))
        for error in report.errors[:ERRORS_SHOWN]:
            messages.warning(
                self.request,
                _("Line %(line)s: %(message)s")
                % {"line": error.line, "message": error.message},
            )
        return redirect(self.request.path)
