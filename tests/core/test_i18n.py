from django.test import Client
from django.urls import reverse


def test_japanese_is_the_default(db):
    body = Client().get(reverse("core:home")).content.decode()
    assert 'lang="ja"' in body
    assert "ログイン" in body


def test_switching_to_english_and_back(cast, client_for):
    client = client_for("aiko")
    response = client.post(reverse("core:language-set"), {"language": "en", "next": "/me/settings/"})
    assert response.status_code == 302 and response.url == "/me/settings/"
    assert "Settings" in client.get("/me/settings/").content.decode()
    cast.aiko.refresh_from_db()
    assert cast.aiko.language == "en"
    client.post(reverse("core:language-set"), {"language": "ja"})
    assert "設定" in client.get("/me/settings/").content.decode()


def test_the_language_switch_refuses_open_redirects(db):
    response = Client().post(reverse("core:language-set"), {"language": "en", "next": "https://evil.example/"})
    assert response.url == "/"


def test_every_japanese_message_is_translated():
    import polib
    from django.conf import settings

    po = polib.pofile(str(settings.BASE_DIR / "locale" / "ja" / "LC_MESSAGES" / "django.po"))
    assert not po.untranslated_entries(), [e.msgid for e in po.untranslated_entries()][:5]
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()][:5]


def test_compiled_messages_match_the_sources():
    import polib
    from django.conf import settings

    for lang in ("ja", "en"):
        folder = settings.BASE_DIR / "locale" / lang / "LC_MESSAGES"
        po = {e.msgid: e.msgstr for e in polib.pofile(str(folder / "django.po")).translated_entries()}
        mo = {e.msgid: e.msgstr for e in polib.mofile(str(folder / "django.mo"))}
        stale = {k for k in po if mo.get(k) != po[k]}
        assert not stale, f"run `kabeuchi compilemessages`: {lang} .mo is stale for {sorted(stale)[:3]}"
