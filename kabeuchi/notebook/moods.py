"""The few moods an energy check-in offers.  Keys are stored (sealed); labels are shown."""

from django.utils.translation import gettext_lazy as _

MOODS = {
    "calm": _("Calm"),
    "good": _("Good"),
    "tired": _("Tired"),
    "uneasy": _("Uneasy"),
    "frustrated": _("Frustrated"),
}
ENERGY_LEVELS = (1, 2, 3, 4, 5)
