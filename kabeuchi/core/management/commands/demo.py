"""``kabeuchi demo``: set up a demo organisation on the embedded defaults and serve it.

Creates the master key on first run (a 0600 file in the data folder, never tracked by git),
migrates, creates the demo cast with fresh passwords, prints them, and starts the server.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

# さくら工業's programmes (all made up for the demo; how to apply names the company's own channel)
DEMO_PROGRAMMES = [
    {"kind": "posting", "title": "社内公募：データ活用推進室のメンバー",
     "description": "社内のデータ活用を進める新しいチームのメンバーを募集します。分析の経験は問いません。現場の業務をよく知っている人を歓迎します。",
     "eligibility": "入社3年目以上の社員。応募したことは、面談に進むまで上司には知らされません。",
     "how_to_apply": "人事部 キャリア開発グループ（内線 2345）へメールで応募してください（デモ）。"},
    {"kind": "reskilling", "title": "学び直し支援：オンライン講座の受講費補助",
     "description": "業務に関わる分野のオンライン講座の受講費を、年間10万円まで会社が負担します。データ分析、語学、マネジメントなど。業務時間内の受講も月4時間まで認められます。",
     "eligibility": "全社員（契約社員を含む）",
     "how_to_apply": "社内ポータルの「学び支援」から申請してください（デモ）。"},
    {"kind": "side_job", "title": "副業・兼業の申請制度",
     "description": "本業に支障がなく、競合にあたらない副業・兼業は、事前に申請すれば認められます。地域の活動やスキルを活かした仕事など。",
     "eligibility": "入社1年目以上の社員",
     "how_to_apply": "人事部 労務グループへ申請書を出してください（デモ）。"},
    {"kind": "mentoring", "title": "社内メンター制度",
     "description": "他部署の先輩社員と月1回、30分ほど話せます。キャリアのこと、仕事の進め方、育児や介護との両立など、上司とは別の視点で相談できます。",
     "eligibility": "全社員",
     "how_to_apply": "人事部 キャリア開発グループへ申し込んでください（デモ）。"},
    {"kind": "consultation", "title": "キャリアコンサルタントとの面談",
     "description": "国家資格を持つキャリアコンサルタントと、1回50分の面談ができます。異動、学び直し、これからの働き方など、何でも話せます。話した内容は上司にも人事評価にも伝わりません。",
     "eligibility": "全社員（年2回まで）",
     "how_to_apply": "社内ポータルの予約ページから申し込んでください（デモ）。"},
]

CAST = [
    # email, name, organisation slug, role, manager email, department, team, what they are
    ("aiko@sakura.example", "相田 愛子", "sakura", "member", "bunta@sakura.example", "開発部", "プラットフォーム", "employee"),
    ("bunta@sakura.example", "馬場 文太", "sakura", "member", None, "開発部", "プラットフォーム", "her manager"),
    ("chika@sakura.example", "千葉 千佳", "sakura", "people", None, "人事部", "", "people team"),
    ("eita@sakura.example", "江藤 英太", "sakura", "admin", None, "情報システム部", "", "organisation admin"),
    ("daichi@minato.example", "大地 大輔", "minato", "member", None, "営業部", "", "employee of another organisation"),
]
ORGANISATIONS = {"sakura": "さくら工業（デモ）", "minato": "みなと商事（デモ）"}


class Command(BaseCommand):
    help = "Start Kabeuchi with a demo organisation on the embedded defaults (SQLite, guide engine)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="Set everything up, print the sign-ins, then stop.")

    def handle(self, *args, host: str, port: int, no_serve: bool, **options):
        from kabeuchi.vault.keyring import ensure_master_key_file

        if settings.MASTER_KEY_FILE and not settings.MASTER_KEY:
            path = Path(settings.MASTER_KEY_FILE)
            created = ensure_master_key_file(path)
            verb = "Created" if created else "Using"
            self.stdout.write(f"{verb} the master key at {path} (permissions 0600; back it up, never commit it).")
        call_command("migrate", interactive=False, verbosity=0)
        passwords = self._cast()
        url = f"http://{host}:{port}/"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Kabeuchi is ready at {url}"))
        self.stdout.write("Demo sign-ins (new passwords on every start):")
        for email, name, slug, _role, _mgr, _dept, _team, what in CAST:
            self.stdout.write(f"  {what:34} {email:26} {passwords[email]}   ({name}, {ORGANISATIONS[slug]})")
        self.stdout.write(f"Data guideline: {url}guideline/")
        self.stdout.write(self._where_mail_goes())
        self.stdout.write("")
        if no_serve:
            return
        import uvicorn

        from kabeuchi.coach.jobs import start_in_process_scheduler

        start_in_process_scheduler()  # the scheduled jobs (purge, monthly release), inside this process
        uvicorn.run("config.asgi:application", host=host, port=port, log_level="warning", access_log=False)

    @staticmethod
    def _where_mail_goes() -> str:
        """Sign-up links and password resets arrive by mail; say where they go."""
        if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
            return f"Mails (sign-up links, password resets) are written as files to {settings.EMAIL_FILE_PATH}/"
        if settings.EMAIL_BACKEND.endswith("smtp.EmailBackend"):
            return f"Mails (sign-up links, password resets) are sent through SMTP at {settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
        return f"Mails (sign-up links, password resets) go to {settings.EMAIL_BACKEND}"

    @staticmethod
    def _programmes(org) -> None:
        """The demo company's career programmes (the programmes page and its matching), once."""
        from kabeuchi.opportunities import services as programmes

        if org.programmes.exists():
            return
        for row in DEMO_PROGRAMMES:
            programmes.programme_save(organisation=org, **row)

    @transaction.atomic
    def _cast(self) -> dict[str, str]:
        from kabeuchi.accounts import services
        from kabeuchi.accounts.models import Membership, Organisation, User
        from kabeuchi.org.services import policy_update

        orgs = {}
        for slug, name in ORGANISATIONS.items():
            org = Organisation.objects.filter(slug=slug).first()
            if org is None:
                org = services.organisation_create(name=name, slug=slug)
                policy_update(
                    organisation=org,
                    k=10,
                    max_retention_days=365,
                    consultation_desk=f"{name} 社員相談窓口（デモ）: 内線 1234／soudan@{slug}.example（平日 9:00–18:00）",
                    eap=f"{name} EAP（デモ）: 0120-000-000（24時間・匿名で相談できます）",
                )
            orgs[slug] = org
        self._programmes(orgs["sakura"])
        passwords: dict[str, str] = {}
        for email, name, slug, role, _manager, department, team, _what in CAST:
            password = f"{email.split('@')[0]}-{secrets.token_urlsafe(6)}"
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email, password, display_name=name)
                services.preferences_get(user=user)
            else:
                user.set_password(password)
                user.save(update_fields=["password"])
            if not Membership.objects.filter(user=user).exists():
                services.membership_create(user=user, organisation=orgs[slug], role=role, department=department, team=team)
            passwords[email] = password
        for email, _name, _slug, _role, manager, *_ in CAST:
            if manager:
                Membership.objects.filter(user__email=email).update(
                    manager=Membership.objects.get(user__email=manager)
                )
        return passwords
