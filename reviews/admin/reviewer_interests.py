"""The reviewer's declaration of interests: their own list, add, change, delete
(through a confirmation page). Another reviewer's declaration answers 404."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages

from .. import services
from ..enums import InterestNature
from ..exceptions import ReviewError
from ..forms.reviewer import InterestForm
from ..models import InterestDeclaration
from ..permissions import is_reviewer
from .reviewer_access import declaration_of_reviewer
from .reviewer_views import ReviewerPage


def interests_url() -> str:
    return reverse("reviews_admin:interests")


class InterestsView(ReviewerPage):
    template_name = "reviews/reviewer/interests.html"
    page_title = _("My declarations of interests")
    header_icon = "doc-full"

    def get_breadcrumbs_items(self):
        # The header shows the last item: the page's own title, not « Home ».
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["declarations"] = [
            (declaration, InterestNature(declaration.nature).label)
            for declaration in InterestDeclaration.objects.filter(
                reviewer=self.request.user
            )
        ]
        return context


class InterestFormView(ReviewerPage):
    """Add (no ``pk``) or change one of the reviewer's declarations."""

    template_name = "reviews/reviewer/interest_form.html"
    header_icon = "doc-full"
    declaration = None

    def dispatch(self, request, *args, **kwargs):
        if "pk" in kwargs and is_reviewer(request.user):
            self.declaration = declaration_of_reviewer(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        if self.declaration is None:
            return _("Declare an interest")
        return _("Change a declared interest")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": interests_url(), "label": _("My declarations of interests")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "form" not in context:
            initial = (
                InterestForm.initial_from(self.declaration) if self.declaration else {}
            )
            context["form"] = InterestForm(initial=initial)
        context["declaration"] = self.declaration
        return context

    def post(self, request, *args, **kwargs):
        form = InterestForm(request.POST)
        if form.is_valid():
            try:
                if self.declaration is None:
                    services.interest_declare(
                        user=request.user, **form.service_fields()
                    )
                else:
                    services.interest_update(
                        declaration=self.declaration,
                        user=request.user,
                        **form.service_fields(),
                    )
            except ReviewError as error:
                form.add_error(None, str(error.message))
                for reason in error.reasons:
                    form.add_error(None, str(reason))
            else:
                messages.success(
                    request,
                    _("Your declared interest in %(organisation)s is saved.")
                    % {"organisation": form.cleaned_data["organisation_name"]},
                )
                return redirect(interests_url())
        messages.error(request, _("The form contains errors: check the fields."))
        return self.render_to_response(self.get_context_data(form=form))


class InterestDeleteView(InterestFormView):
    """GET: the confirmation page; POST: the deletion."""

    template_name = "reviews/reviewer/interest_delete.html"

    def get_page_title(self):
        return _("Delete a declared interest")

    def get_context_data(self, **kwargs):
        context = super(InterestFormView, self).get_context_data(**kwargs)
        context["declaration"] = self.declaration
        context["nature"] = InterestNature(self.declaration.nature).label
        return context

    def post(self, request, *args, **kwargs):
        name = self.declaration.organisation_name
        try:
            services.interest_delete(declaration=self.declaration, user=request.user)
        except ReviewError as error:
            messages.error(request, str(error.message))
            return self.render_to_response(self.get_context_data())
        messages.success(
            request,
            _("Your declared interest in %(organisation)s is deleted.")
            % {"organisation": name},
        )
        return redirect(interests_url())
