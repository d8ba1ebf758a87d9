from django.core.management.base import BaseCommand, CommandError

from kabeuchi.core import scheduler


class Command(BaseCommand):
    help = (
        "Run the periodic jobs that are due (retention purge, monthly release), each exactly once "
        "however many copies of this command run at once; --status shows the run record."
    )

    def add_arguments(self, parser):
        parser.add_argument("--job", choices=sorted(scheduler.jobs()), help="only this job")
        parser.add_argument("--force", action="store_true", help="run even if not due (never while another run holds it)")
        parser.add_argument("--loop", type=float, metavar="SECONDS", help="keep running, checking every SECONDS")
        parser.add_argument("--status", action="store_true",
                            help="print the run record; exit status 1 if a job failed or is overdue")

    def handle(self, *args, job=None, force=False, loop=None, status=False, **options):
        if status:
            return self._status()
        if loop is not None:
            if loop < 1:
                raise CommandError("--loop needs at least 1 second.")
            self.stdout.write(f"Running the scheduled jobs every {loop:g} s; stop with Ctrl-C.")
            scheduler.loop(loop)
            return
        if force and not job:
            raise CommandError("--force needs --job.")
        outcomes = [scheduler.run_job(job, force=force)] if job else scheduler.tick()
        for outcome in outcomes:
            (self.stderr if outcome.status == "failed" else self.stdout).write(outcome.message)
        if any(outcome.status == "failed" for outcome in outcomes):
            raise CommandError("A scheduled job failed; see above. It stays due and is retried on the next run.")

    def _status(self):
        rows = scheduler.status()
        for row in rows:
            when = scheduler._when
            flag = "  <- needs a look" if row["attention"] else ""
            self.stdout.write(f"{row['job']}: {row['what']}{flag}")
            self.stdout.write(f"  last run     {when(row['last_started'])} -> {when(row['last_finished'])}"
                              + (f" ({row['duration_ms']} ms)" if row["duration_ms"] is not None else ""))
            outcome = row["outcome"] + (f" ({row['error']})" if row["error"] else "")
            self.stdout.write(f"  outcome      {outcome}")
            counts = ", ".join(f"{k} {v}" for k, v in row["counts"].items()) or "-"
            self.stdout.write(f"  did          {counts}")
            self.stdout.write(f"  last worked  {when(row['last_ok'])}")
            self.stdout.write(f"  last skipped {when(row['last_skipped'])}")
            if row["running_until"]:
                self.stdout.write(f"  running now  (lease until {when(row['running_until'])})")
            self.stdout.write(f"  next due     {when(row['next_due']) if row['next_due'] else 'now'}")
        if any(row["attention"] for row in rows):
            raise CommandError("A scheduled job failed or is overdue: is `kabeuchi run_jobs` scheduled?")
