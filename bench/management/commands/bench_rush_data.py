"""``manage.py bench_rush_data --applicants N``: N applicants on the rush call,
each with a dossier ready to submit and three attachments; with ``--sessions``,
one JSON line per applicant (its session key and submit page) for the load
generator."""

import json

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from bench.data import site as data


class Command(BaseCommand):
    help = "Add N applicants with a dossier ready to submit on the bench rush call."

    def add_arguments(self, parser):
        parser.add_argument("--applicants", type=int, default=200)
        parser.add_argument(
            "--sessions",
            action="store_true",
            help="Sign them in (a session each) and print one JSON line each.",
        )

    def handle(self, *args, applicants: int, sessions: bool, **options):
        call = data.rush_call()
        created = data.rush_applicants(call, applicants)
        if not sessions:
            self.stdout.write(
                f"{len(created)} dossier(s) ready to submit on {call.reference}."
            )
            return
        keys = data.signed_in_sessions([a.user_id for a in created])
        for applicant in created:
            self.stdout.write(
                json.dumps(
                    {
                        "user": applicant.user_id,
                        "dossier": applicant.application_id,
                        "session_key": keys[applicant.user_id],
                        "session_cookie": settings.SESSION_COOKIE_NAME,
                        "submit_path": reverse(
                            "applications:dossier_submit",
                            args=[applicant.application_id],
                        ),
                    }
                )
            )
