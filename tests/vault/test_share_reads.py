"""``actor.reading_a_share``: the one exemption from the access log, and how narrow it is."""

from kabeuchi.oneonone.access import SHARE_PURPOSE
from kabeuchi.vault import services
from kabeuchi.vault.actor import acting_as, person, reading_a_share
from kabeuchi.vault.models import AccessRecord


def _sealed_for(owner, purpose=SHARE_PURPOSE) -> bytes:
    with acting_as(person(owner.pk)):
        return services.seal(owner_id=owner.pk, purpose=purpose, plaintext="共有した内容".encode())


def test_opening_what_the_owner_shared_leaves_no_access_record(cast):
    blob = _sealed_for(cast.aiko)
    with reading_a_share(recipient_id=cast.bunta.pk, owner_id=cast.aiko.pk, purpose=SHARE_PURPOSE):
        assert services.open_sealed(owner_id=cast.aiko.pk, purpose=SHARE_PURPOSE, blob=blob).decode() == "共有した内容"
    assert not AccessRecord.objects.exists()


def test_the_exemption_covers_neither_another_owner_nor_another_field(cast):
    other_owner = _sealed_for(cast.chika)
    other_field = _sealed_for(cast.aiko, purpose="notebook.note.body")
    with reading_a_share(recipient_id=cast.bunta.pk, owner_id=cast.aiko.pk, purpose=SHARE_PURPOSE):
        services.open_sealed(owner_id=cast.chika.pk, purpose=SHARE_PURPOSE, blob=other_owner)
        services.open_sealed(owner_id=cast.aiko.pk, purpose="notebook.note.body", blob=other_field)
    assert sorted((str(r.owner_id), r.actor_kind) for r in AccessRecord.objects.all()) == sorted(
        [(str(cast.chika.pk), "person"), (str(cast.aiko.pk), "person")]
    )


def test_outside_the_context_a_recipient_reading_the_share_field_is_recorded(cast):
    blob = _sealed_for(cast.aiko)
    with acting_as(person(cast.bunta.pk)):
        services.open_sealed(owner_id=cast.aiko.pk, purpose=SHARE_PURPOSE, blob=blob)
    assert AccessRecord.objects.filter(owner=cast.aiko, actor_kind="person").count() == 1
