"""The dossier's files, receipts and messages."""

from django.urls import path

from ..views import archives, files, messages

urlpatterns = [
    path(
        "dossiers/<int:pk>/pieces/",
        files.dossier_attachments,
        name="dossier_attachments",
    ),
    path(
        "dossiers/<int:pk>/pieces/<int:attachment_pk>/telecharger/",
        files.attachment_download,
        name="attachment_download",
    ),
    path(
        "dossiers/<int:pk>/versions/<int:number>/accuse-reception/",
        files.receipt_download,
        name="receipt_download",
    ),
    path(
        "dossiers/<int:pk>/versions/<int:number>/pieces.zip",
        archives.version_archive_download,
        name="version_archive",
    ),
    path(
        "dossiers/<int:pk>/messages/",
        messages.dossier_messages,
        name="dossier_messages",
    ),
]
