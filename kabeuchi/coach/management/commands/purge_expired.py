from django.core.management.base import BaseCommand

from kabeuchi.coach.jobs import run_purge_once


class Command(BaseCommand):
    help = "Delete conversations and 1on1 shares whose time has ended (run from cron or a worker, e.g. hourly)."

    def handle(self, *args, **options):
        self.stdout.write(f"Deleted {run_purge_once()} expired item(s).")
