"""The bare Django project bench/page_throughput_bench.py measures next to Kabeuchi: one
"hello" view, no middleware, no database, served by the same uvicorn command.  It is the
ceiling the serving stack itself allows on this machine in the same run."""

SECRET_KEY = "hello-baseline-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.hello_baseline.urls"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict = {}
USE_I18N = False
USE_TZ = True
