from django.core.management.base import BaseCommand

from kabeuchi.vault.services import master_key_rotate


class Command(BaseCommand):
    help = "Re-wrap every person's data key with the first configured master key (content is untouched)."

    def handle(self, *args, **options):
        count = master_key_rotate()
        self.stdout.write(f"Re-wrapped {count} data key(s) with the primary master key.")
