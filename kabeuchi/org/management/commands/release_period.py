from django.core.management.base import BaseCommand

from kabeuchi.accounts.models import Organisation
from kabeuchi.org.insights import BudgetExhausted
from kabeuchi.org.periods import period_of, period_previous
from kabeuchi.org.release import period_release


class Command(BaseCommand):
    help = "Release last month (feedback batches, insights snapshot) for every organisation, then forget its secrets."

    def add_arguments(self, parser):
        parser.add_argument("--period", help="YYYY-MM (default: last month)")

    def handle(self, *args, period=None, **options):
        period = period or period_previous(period_of())
        for organisation in Organisation.objects.all():
            try:
                result = period_release(organisation=organisation, period=period)
            except BudgetExhausted:
                # Fail closed: this month was already released (or its budget spent); nothing changes.
                self.stderr.write(f"{organisation.slug} {period}: privacy budget spent, nothing released")
                continue
            self.stdout.write(f"{organisation.slug} {period}: feedback {result.feedback}, snapshot {result.snapshot}")
