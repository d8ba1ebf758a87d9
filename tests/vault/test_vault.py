import pytest
from django.db import connection

from kabeuchi.notebook.models import Note
from kabeuchi.vault import crypto, keyring, services
from kabeuchi.vault.actor import acting_as, person, system_job
from kabeuchi.vault.models import AccessRecord, DataKey


def test_a_value_round_trips_for_its_owner(cast):
    # given
    blob = services.seal(owner_id=cast.aiko.pk, purpose="notebook.note.body", plaintext="本音".encode())
    # then
    assert b"\xe6\x9c\xac" not in blob
    assert blob[0] == crypto.VERSION
    assert services.open_sealed(owner_id=cast.aiko.pk, purpose="notebook.note.body", blob=blob) == "本音".encode()


def test_a_value_sealed_with_a_secret_opens_only_with_that_secret_and_purpose():
    # given a value sealed under a secret the server does not keep (a session cookie)
    blob = services.seal_with_secret(secret=b"cookie-one", purpose="accounts.session", plaintext=b"{}")
    # then it opens with that secret, and not with another secret, another purpose or one bit changed
    assert blob[0] == crypto.SECRET_VERSION
    assert services.open_with_secret(secret=b"cookie-one", purpose="accounts.session", blob=blob) == b"{}"
    for secret, purpose, spoiled in (
        (b"cookie-two", "accounts.session", blob),
        (b"cookie-one", "another.purpose", blob),
        (b"cookie-one", "accounts.session", blob[:-1] + bytes([blob[-1] ^ 1])),
        (b"cookie-one", "accounts.session", b""),
    ):
        with pytest.raises(services.VaultError):
            services.open_with_secret(secret=secret, purpose=purpose, blob=spoiled)


def test_a_value_copied_to_another_owner_does_not_open(cast):
    blob = services.seal(owner_id=cast.aiko.pk, purpose="notebook.note.body", plaintext=b"secret")
    services.seal(owner_id=cast.bunta.pk, purpose="notebook.note.body", plaintext=b"x")
    with pytest.raises(services.VaultError):
        services.open_sealed(owner_id=cast.bunta.pk, purpose="notebook.note.body", blob=blob)


def test_a_value_moved_to_another_field_does_not_open(cast):
    blob = services.seal(owner_id=cast.aiko.pk, purpose="notebook.note.body", plaintext=b"secret")
    crypto.cache.clear()
    with pytest.raises(services.VaultError):
        services.open_sealed(owner_id=cast.aiko.pk, purpose="notebook.note.title", blob=blob)


def test_swapping_ciphertext_between_rows_of_two_people_fails(cast):
    # given two notes of two people
    a = Note.objects.create(owner=cast.aiko, title="", body="aiko writes")
    b = Note.objects.create(owner=cast.bunta, title="", body="bunta writes")
    # when aiko's ciphertext is copied into bunta's row at the database level
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM notebook_note WHERE id = %s", [a.pk.hex if connection.vendor == "sqlite" else a.pk])
        (blob,) = cursor.fetchone()
        cursor.execute("UPDATE notebook_note SET body = %s WHERE id = %s", [blob, b.pk.hex if connection.vendor == "sqlite" else b.pk])
    # then reading bunta's note refuses
    with pytest.raises(services.VaultError):
        _ = Note.objects.get(pk=b.pk).body


def test_plaintext_cannot_be_written_with_a_queryset_update(cast):
    Note.objects.create(owner=cast.aiko, title="", body="x")
    with pytest.raises(TypeError):
        Note.objects.filter(owner=cast.aiko).update(body="plaintext")


def test_master_key_rotation_rewraps_data_keys_and_content_still_opens(cast, settings):
    # given a note sealed while t2 was the primary master key
    with acting_as(person(cast.aiko.pk)):
        note = Note.objects.create(owner=cast.aiko, title="", body="before rotation")
    assert DataKey.objects.get(owner_id=cast.aiko.pk).kek_id == "t2"
    # when a new master key is put first and rotation runs
    settings.MASTER_KEY = keyring.generate_master_key_line("t3") + "," + settings.MASTER_KEY
    keyring.master_keys.cache_clear()
    try:
        assert services.master_key_rotate() >= 1
        # then the data key is wrapped by t3, and the content (unchanged) opens
        assert DataKey.objects.get(owner_id=cast.aiko.pk).kek_id == "t3"
        with acting_as(person(cast.aiko.pk)):
            assert Note.objects.get(pk=note.pk).body == "before rotation"
        # and without the old keys it still opens, because only data keys were re-wrapped
        settings.MASTER_KEY = settings.MASTER_KEY.split(",")[0]
        keyring.master_keys.cache_clear()
        crypto.cache.clear()
        with acting_as(person(cast.aiko.pk)):
            assert Note.objects.get(pk=note.pk).body == "before rotation"
    finally:
        keyring.master_keys.cache_clear()


def test_reads_by_the_owner_leave_no_access_record(cast):
    with acting_as(person(cast.aiko.pk)):
        note = Note.objects.create(owner=cast.aiko, title="", body="mine")
        assert Note.objects.get(pk=note.pk).body == "mine"
    assert not AccessRecord.objects.filter(owner=cast.aiko).exists()


def test_reads_by_a_system_job_are_recorded_by_name(cast):
    note = Note.objects.create(owner=cast.aiko, title="", body="mine")
    with system_job("export check"):
        assert Note.objects.get(pk=note.pk).body == "mine"
    record = AccessRecord.objects.get(owner=cast.aiko)
    assert (record.actor_kind, record.actor_label, record.purpose, record.count) == (
        "system", "export check", "notebook.note", 1,
    )


def test_reads_from_an_operator_console_are_recorded(cast):
    note = Note.objects.create(owner=cast.aiko, title="", body="mine")
    crypto.cache.clear()
    _ = Note.objects.get(pk=note.pk).body  # no actor set: a shell
    assert AccessRecord.objects.get(owner=cast.aiko).actor_kind == "console"


def test_master_key_file_is_created_private(tmp_path):
    path = tmp_path / "keys" / "master.key"
    assert keyring.ensure_master_key_file(path) is True
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert len(keyring.parse_master_keys(path.read_text())) == 1
    assert keyring.ensure_master_key_file(path) is False


@pytest.mark.parametrize("bad", ["", "nocolon", "k1:short", "k1:" + "A" * 43 + "=,k1:" + "B" * 43 + "="])
def test_malformed_master_keys_are_refused(bad):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        keyring.parse_master_keys(bad)
