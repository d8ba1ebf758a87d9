"""Logging that cannot carry what a person wrote.

Error reports never include request bodies, and log records that hold a request object are
reduced to method and path (query strings dropped: they can carry tokens).
"""

import logging

from django.views.debug import SafeExceptionReporterFilter


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    def get_post_parameters(self, request):
        return {} if request is None else {key: "********" for key in request.POST}

    def get_traceback_frame_variables(self, request, tb_frame):
        # Local variables in a traceback can hold decrypted text: never show them.
        return [(name, "********") for name in tb_frame.f_locals]


class DropRequestBodies(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is not None:
            record.request = f"{getattr(request, 'method', '?')} {getattr(request, 'path', '?')}"
        return True
