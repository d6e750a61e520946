"""The call snippet's admin views, scoped to the user's authorities.

Wagtail's generic edit, delete, usage and history views fetch the object by its
id and check the model-wide permission only; these check the instance against
the viewset's permission policy (``calls.permissions.CallPermissionPolicy``).
The chooser lists and returns only the calls the user may see.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models.deletion import Collector, ProtectedError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views import chooser
from wagtail.snippets.views import snippets as views

from .models import Call
from .permissions import call_permission_policy, calls_visible_to


class InstancePermissionMixin:
    """Refuses an object the user may not act on with the view's action."""

    def instance_actions(self) -> list[str]:
        if self.permission_required:
            return [self.permission_required]
        return list(self.any_permission_required or [])

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if obj is not None and not (
            self.permission_policy.user_has_any_permission_for_instance(
                self.request.user, self.instance_actions(), obj
            )
        ):
            raise PermissionDenied
        return obj


class EditView(InstancePermissionMixin, views.EditView):
    pass


class CopyView(InstancePermissionMixin, views.CopyView):
    pass


class DeleteView(InstancePermissionMixin, views.DeleteView):
    """Wagtail's usage counts the references it indexes (the call's page), not
    the dossiers and grids that protect a call: these are checked too, and the
    page says why the call cannot be deleted instead of offering to."""

    protected_message = _(
        "This call cannot be deleted: dossiers, its evaluation grid or its public "
        "page depend on it. Unpublish it instead."
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if _is_protected(self.object):
            context["is_protected"] = True
            context["protected_message"] = self.protected_message
        return context

    def form_valid(self, form):
        if _is_protected(self.object):
            messages.error(self.request, self.protected_message)
            return redirect(self.get_delete_url())
        return super().form_valid(form)


class UsageView(InstancePermissionMixin, views.UsageView):
    pass


class HistoryView(InstancePermissionMixin, views.HistoryView):
    pass


class InspectView(InstancePermissionMixin, views.InspectView):
    pass


class ScopedChooserMixin:
    def get_object_list(self):
        return calls_visible_to(self.request.user).select_related("authority")


class ChooseView(ScopedChooserMixin, chooser.ChooseView):
    pass


class ChooseResultsView(ScopedChooserMixin, chooser.ChooseResultsView):
    pass


class ChosenView(chooser.SnippetChosenView):
    def get_object(self, pk):
        return calls_visible_to(self.request.user).get(pk=pk)


class ChosenMultipleView(chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return calls_visible_to(self.request.user).filter(pk__in=pks)


class CallChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = ChosenView
    chosen_multiple_view_class = ChosenMultipleView


class CallDeleteBulkAction(DeleteBulkAction):
    """The snippets' bulk delete checks the model-wide permission; for calls, the
    instance's authority counts too."""

    models = [Call]

    def check_perm(self, snippet):
        return call_permission_policy.user_has_permission_for_instance(
            self.request.user, "delete", snippet
        ) and not _is_protected(snippet)


def _is_protected(call: Call) -> bool:
    """Whether deleting ``call`` would be refused by a protected reference (its
    public page, its dossiers): the bulk action lists it as not deletable rather
    than failing. The single delete view already says so."""
    try:
        Collector(using="default").collect([call])
    except ProtectedError:
        return True
    return False
