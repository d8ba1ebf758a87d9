"""``kabeuchi serve``: Kabeuchi under uvicorn with the settings docs/operations.md asks for.

    kabeuchi serve --host 0.0.0.0 --port 8000 --workers 4 --proxy-headers --forwarded-allow-ips 10.0.0.5

It is uvicorn, configured as every deployment should be, so nobody has to remember the flags:

- the HTTP protocol with TCP_NODELAY on every connection (``kabeuchi.core.serving.HTTPProtocol``);
- no access log (URLs can carry invitation tokens);
- with more than one worker, each worker binds its own listening socket with SO_REUSEPORT
  (``kabeuchi.core.serving.ReusePortLoop``), so the kernel spreads connections over the workers.
  With ``uvicorn --workers N`` the workers share one socket and the first to wake takes a whole
  burst of connections (measured: 50 of 50 on one worker; bench/accept_balance_bench.py).

uvicorn's own supervisor runs the workers: it restarts one that dies and stops on SIGINT/SIGTERM.
SO_REUSEPORT lets another process of the same user bind the same port too; run one ``kabeuchi
serve`` per port.  The kernel spreads connections this way on Linux; macOS and the BSDs accept
SO_REUSEPORT but hand new connections to one socket, so there several workers share less evenly.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve Kabeuchi with uvicorn: TCP_NODELAY, no access log, one SO_REUSEPORT socket per worker."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1, help="worker processes (about one per core)")
        parser.add_argument("--proxy-headers", dest="proxy_headers", action="store_true", default=True,
                            help="read X-Forwarded-For/-Proto from the addresses in --forwarded-allow-ips "
                                 "(on by default, as in uvicorn)")
        parser.add_argument("--no-proxy-headers", dest="proxy_headers", action="store_false")
        parser.add_argument("--forwarded-allow-ips", default=None,
                            help="the load balancer's addresses (uvicorn's default: 127.0.0.1)")
        parser.add_argument("--log-level", default="warning")

    def handle(self, *args, host, port, workers, proxy_headers, forwarded_allow_ips, log_level, **options):
        from kabeuchi.core.serving import serve

        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        try:
            serve(host=host, port=port, workers=workers, proxy_headers=proxy_headers,
                  forwarded_allow_ips=forwarded_allow_ips, log_level=log_level)
        except OSError as error:
            raise CommandError(f"{error}; use --workers 1.") from None
