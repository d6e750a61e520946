import factory
from wagtail.models import Page

from cms.models import CallIndexPage, CallPage, HomePage

from .calls import CallFactory


def home_page() -> HomePage:
    """The home page created by the cms migrations."""
    return HomePage.objects.get()


def call_index_page() -> CallIndexPage:
    return CallIndexPage.objects.get()


class CallPageFactory(factory.Factory):
    """A live call page under the call index (pages are created through treebeard)."""

    class Meta:
        model = CallPage

    call = factory.SubFactory(CallFactory)
    title = factory.LazyAttribute(lambda o: o.call.title)
    slug = factory.LazyAttribute(lambda o: o.call.reference.lower())

    @classmethod
    def _create(cls, model_class, *args, parent: Page | None = None, **kwargs):
        existing = model_class.objects.filter(call=kwargs["call"]).first()
        if existing is not None:  # a published CallFactory made it already
            for name, value in kwargs.items():
                setattr(existing, name, value)
            existing.save_revision().publish()
            return existing
        page = model_class(*args, **kwargs)
        (parent or call_index_page()).add_child(instance=page)
        page.save_revision().publish()
        return page
