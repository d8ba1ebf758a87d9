from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kabeuchi.accounts.models import Organisation
from kabeuchi.org.insights import BudgetExhausted
from kabeuchi.org.periods import period_canonical, period_of, period_previous
from kabeuchi.org.release import period_release


class Command(BaseCommand):
    help = (
        "Release the month that has just ended (feedback batches, insights snapshot) for every organisation, "
        "once, then forget its secrets."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", help="YYYY-MM, the month that has just ended (the default)")

    def handle(self, *args, period=None, **options):
        period = period or period_previous(period_of())
        try:
            period = period_canonical(period)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        for organisation in Organisation.objects.all():
            try:
                result = period_release(organisation=organisation, period=period)
            except BudgetExhausted as error:
                # Fail closed: this month was already released (its budget spent); nothing changes.
                self.stderr.write(f"{organisation.slug} {period}: privacy budget spent, nothing released ({error})")
                continue
            except ValidationError as error:
                self.stderr.write(f"{organisation.slug} {period}: not released: {' '.join(error.messages)}")
                continue
            # whether a batch went out, never how many: a log kept by cron is one more place for a count
            batch = "released" if result.feedback else "waits (fewer than k)"
            self.stdout.write(f"{organisation.slug} {period}: feedback {batch}, snapshot {result.snapshot}")
