"""Keep data keys in their own database when ``KABEUCHI_KEYS_DATABASE_URL`` is set.

With the keys apart from the content, the key database can have short-lived backups: once a
person's key is destroyed and those backups have aged out, no copy of their content can be read.
"""


class KeysRouter:
    def _is_key(self, model) -> bool:
        return model._meta.app_label == "vault" and model._meta.model_name == "datakey"

    def db_for_read(self, model, **hints):
        return "keys" if self._is_key(model) else None

    db_for_write = db_for_read

    def allow_relation(self, obj1, obj2, **hints):
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if app_label == "vault" and model_name == "datakey":
            return db == "keys"
        if db == "keys":
            return False
        return None
