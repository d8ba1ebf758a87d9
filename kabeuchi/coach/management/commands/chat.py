"""``kabeuchi chat``: the sounding board in a terminal, for trying an engine or a prompt.

Nothing is saved and nothing is logged.  With ``--json`` it reads one message from standard
input and prints one JSON object: the reply, the support signals raised, and the engine used.
"""

from __future__ import annotations

import asyncio
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from kabeuchi.coach import engine_config, services
from kabeuchi.coach.themes import THEMES, UnknownTheme


class Command(BaseCommand):
    help = "Talk with the configured engine in the terminal (nothing is saved). --json: one message in, one JSON out."

    def add_arguments(self, parser):
        parser.add_argument("--theme", default="free", choices=list(THEMES))
        parser.add_argument("--language", default="ja", choices=["ja", "en"])
        parser.add_argument("--engine", help="override KABEUCHI_AI_ENGINE (guide, openai, or a dotted path)")
        parser.add_argument("--base-url", help="override KABEUCHI_AI_BASE_URL")
        parser.add_argument("--model", help="override KABEUCHI_AI_MODEL")
        parser.add_argument("--json", action="store_true", help="read one message from stdin, print one JSON object")

    def handle(self, *args, theme, language, engine, base_url, model, json: bool, **options):
        from django.conf import settings
        from django.utils import translation

        translation.activate(language)
        if engine:
            settings.KABEUCHI_AI_ENGINE = engine
        if base_url:
            settings.KABEUCHI_AI_BASE_URL = base_url
        if model:
            settings.KABEUCHI_AI_MODEL = model
        engine_config._engine.cache_clear()
        try:
            state, _ = services.conversation_start(user=None, theme=theme, retention_days=0, language=language)
        except UnknownTheme as exc:
            raise CommandError(f"Unknown theme {theme!r}.") from exc
        if json:
            self._one(state, language)
        else:
            self._interactive(state, language)

    def _turn(self, state, message: str, language: str, on_chunk=None):
        async def run():
            result = {"reply": "", "signals": [], "support": None, "state": None, "error": None, "notice": None}
            async for event in services.reply_events(user=None, message=message, language=language, state=state):
                if event.kind == "chunk":
                    result["reply"] += event.data["text"]
                    if on_chunk:
                        on_chunk(event.data["text"])
                elif event.kind == "support":
                    result["signals"] = event.data["kinds"]
                    result["support"] = event.data
                elif event.kind == "notice":
                    result["notice"] = event.data["text"]
                    result["reply"] = ""
                elif event.kind == "error":
                    result["error"] = {"reason": event.data["reason"], "message": event.data["message"]}
                elif event.kind == "done":
                    result["state"] = event.data["state"]
            return result

        return asyncio.run(run())

    def _one(self, state, language: str) -> None:
        raw = sys.stdin.read()
        try:
            message = services.message_clean(raw)
        except Exception as exc:
            self.stdout.write(json.dumps({"error": {"reason": "invalid_message", "message": str(exc.messages[0])}}, ensure_ascii=False))
            raise SystemExit(2) from exc
        result = self._turn(state, message, language)
        out = {
            "reply": result["reply"],
            "signals": result["signals"],
            "support": result["support"],
            "engine": engine_config.current_engine().name,
            "error": result["error"],
        }
        self.stdout.write(json.dumps(out, ensure_ascii=False))
        if result["error"]:
            raise SystemExit(1)

    def _interactive(self, state, language: str) -> None:
        from kabeuchi.coach.state import state_from_json

        self.stdout.write(state.turns[0].text)
        self.stdout.write("(Ctrl-D to end; nothing is saved)")
        while True:
            try:
                line = input("> ")
            except EOFError:
                self.stdout.write("")
                return
            if not line.strip():
                continue
            result = self._turn(state, line.strip(), language, on_chunk=lambda t: (sys.stdout.write(t), sys.stdout.flush()))
            sys.stdout.write("\n")
            if result["support"]:
                for item in result["support"]["crisis_lines"] + result["support"]["work_lines"]:
                    self.stdout.write(f"  {item['name']}: {item['number']} ({item['hours']})")
            if result["error"]:
                self.stdout.write(result["error"]["message"])
                continue
            state = state_from_json(result["state"])

