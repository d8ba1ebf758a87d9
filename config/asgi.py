import gc
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from kabeuchi.core.serving import pooled_asgi_application  # noqa: E402

# The full stack: every page and API operation.  Django's ASGIHandler, except that sync code
# runs on KABEUCHI_SYNC_THREADS long-lived threads instead of a new thread per request
# (kabeuchi/core/serving.py; docs/architecture.md, "Serving sync pages").
django_application = pooled_asgi_application()

from kabeuchi.core.headers import SecurityHeaders  # noqa: E402
from kabeuchi.core.lean import BodyCap, Router  # noqa: E402

# Streamed replies requested with an access token take a lean stack (kabeuchi/core/lean.py).
# BodyCap refuses any body over KABEUCHI_MAX_REQUEST_BYTES with 413 before it is stored.
# SecurityHeaders, outermost, gives every response the security headers it lacks (the health
# probes and BodyCap's 413 never pass through Django's middleware; kabeuchi/core/headers.py).
application = SecurityHeaders(BodyCap(Router(django_application)))

# Password checks free their 19 MiB at once instead of keeping it per thread (accounts/hashers.py).
from kabeuchi.accounts.hashers import return_large_blocks_to_the_os  # noqa: E402

return_large_blocks_to_the_os()

# Load the Japanese dictionary now rather than on the first person's first message (~80 ms).
from jatext.tokens import warm_up  # noqa: E402

warm_up()
# Everything loaded so far lives for the whole process: keep it out of the garbage collector's
# scans, which otherwise show up as the slow tail of page renders.
gc.freeze()
