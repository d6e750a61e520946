"""``manage.py seed_demo``: load the demo data (idempotent)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from demo.decisions import CALL as DECISIONS_CALL
from demo.governance import CALL
from demo.seed import SeedReport, seed_demo
from demo.users import ACCOUNTS, DEMO_PASSWORD

STATUS_LABELS = {"open": "ouvert", "upcoming": "à venir", "closed": "clos"}


class Command(BaseCommand):
    help = (
        "Load the demo data: territories, two ARS, four calls and their pages, "
        "dossiers (one call under instruction, one decided and notified) and one "
        "account per role with the password 'sillon-demo'. Running it again "
        "updates the same objects."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "Run even when DEBUG is off (a public demo). The demo accounts, "
                "including a superuser, share a published password."
            ),
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG est désactivé : ce site est peut-être en production. Les "
                "comptes "
                "de démonstration (dont un superutilisateur) ont un mot de passe "
                "public. Relancez avec --force si c'est bien un site de démonstration."
            )
        # The demo's dossiers send receipts and invitations: keep them out of the
        # console (and of any real mailbox).
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
        ):
            report = seed_demo()
        self._write_report(report)

    def _write_report(self, report: SeedReport) -> None:
        out = self.stdout
        out.write(self.style.SUCCESS("Données de démonstration en place."))
        out.write(
            f"  {len(report.territories)} territoires, "
            f"{len(report.authorities)} autorités, {len(report.calls)} appels, "
            f"{len(report.call_pages)} pages d'appel publiées "
            f"({report.revisions_published} révision(s) publiée(s) par ce passage)."
        )
        for call in report.calls:
            status = STATUS_LABELS[call.status(report.now)]
            out.write(f"  - {call.reference} ({status}) : {call.title}")

        if report.draft is not None:
            out.write(
                f"  Brouillon du porteur : {report.draft.reference} "
                f"({report.draft.organisation})"
            )
        for dossier in report.governance_dossiers:
            out.write(
                f"  Dossier {dossier.reference} ({dossier.organisation}) : "
                f"{dossier.get_state_display()}"
            )
        instruction = report.instruction
        out.write(
            f"  Instruction de {CALL} : {len(instruction.dossiers)} dossier(s) en "
            f"instruction, {instruction.assignments} affectation(s), "
            f"{instruction.submitted_reviews} évaluation(s) déposée(s)"
        )
        decisions = report.decisions
        out.write(
            f"  Décisions de {DECISIONS_CALL} : {len(decisions.dossiers)} dossier(s), "
            f"{decisions.decisions} décision(s), {decisions.letters} courrier(s) "
            "notifié(s)"
        )
        if decisions.failed:
            out.write(
                self.style.WARNING(
                    f"  {decisions.failed} courrier(s) de décision en échec : "
                    "WeasyPrint n'a pas pu les produire (Pango est-il installé ?). "
                    "Relancez seed_demo une fois Pango installé : il les reprend."
                )
            )
        if report.directory is not None:
            finess = report.directory.finess
            out.write(
                f"  Annuaire : {report.directory.services} services de démonstration "
                f"(illustratifs) ; import FINESS de l'échantillon : "
                f"{finess.created} créé(s), {finess.updated} mis à jour, "
                f"{finess.unchanged} inchangé(s), {finess.skipped_total} ignoré(s), "
                f"{len(finess.errors)} ligne(s) en erreur"
            )
        out.write("")
        out.write(
            f"Comptes de démonstration ({len(report.users)}), mot de passe réservé "
            "à la démonstration :"
        )
        rows = [("Identifiant", "Rôle", "Mot de passe", "Connexion")]
        rows += [(a.username, a.role, DEMO_PASSWORD, a.sign_in) for a in ACCOUNTS]
        for line in _table(rows):
            out.write(line)


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        (
            "  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]
