"""The espace porteur's home."""

from django.urls import path

from ..views import espace

urlpatterns = [path("", espace.home, name="home")]
