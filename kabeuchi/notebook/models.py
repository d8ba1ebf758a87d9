from django.conf import settings
from django.db import models

from kabeuchi.core.models import BaseModel
from kabeuchi.vault.fields import EncryptedTextField


class Note(BaseModel):
    """A free note in the person's notebook: whatever they want to keep in words."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    title = EncryptedTextField(owner_field="owner")
    body = EncryptedTextField(owner_field="owner")
