"""``manage.py send_reminders``: queue the reminders due now, as the hourly beat
tasks do (applicants' drafts and complements, reviewers' due and overdue reviews).

Safe to run at any time: each reminder is sent once (the outbox's dedup keys).
"""

from django.core.management.base import BaseCommand

from applications.reminders import applicant_reminders_send
from reviews.reminders import reviewer_reminders_send


class Command(BaseCommand):
    help = "Queue the reminders due now to applicants and reviewers (each sent once)."

    def handle(self, *args, **options):
        applicants = applicant_reminders_send()
        reviewers = reviewer_reminders_send()
        self.stdout.write(
            f"{applicants['drafts']} rappel(s) de dossier non déposé, "
            f"{applicants['complements']} rappel(s) de compléments, "
            f"{reviewers['review_due']} rappel(s) d'évaluation à rendre, "
            f"{reviewers['review_overdue']} relance(s) d'évaluation en retard "
            "mis en file d'envoi."
        )
