from django.core.management.base import BaseCommand, CommandError

from kabeuchi.core import scheduler


class Command(BaseCommand):
    help = (
        "Delete conversations, 1on1 shares and sessions whose time has ended, now (the same job "
        "`kabeuchi run_jobs` runs hourly; never at the same time as another run of it)."
    )

    def handle(self, *args, **options):
        outcome = scheduler.run_job("purge", force=True)
        if outcome.status == "failed":
            raise CommandError(outcome.message)
        self.stdout.write(outcome.message)
