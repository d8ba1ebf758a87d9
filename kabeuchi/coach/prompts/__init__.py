"""The prompts sent to a model, as versioned files reviewed like code.

Files are named ``<name>.<language>.md`` (``system``, ``system_compact``, ``summarise``, ``fold``
× ``ja``, ``en``). ``system_compact`` replaces ``system`` when the full prompt and the new
message do not fit the model's context (``EngineConfig.context_tokens``; see
``kabeuchi.coach.context.fit_messages``): the same rules of stance and safety in under half
the length, and the theme's path as step names only.
The first line of each is ``version: <version>``; change it with every edit so a stored
conversation can say which prompt produced it. Placeholders use ``$name`` (string.Template).

What leaves the system
======================
Only the OpenAI-compatible engine sends anything out, and only to the one server configured
for it (``EngineConfig.base_url``). Per request it sends exactly:

- the prompt text from these files, with the conversation's theme filled in (title,
  one-sentence description, coaching method and the theme's questions, or in the compact
  prompt the title and step names: product text written by us, nothing about the person);
- the rolling summary of this conversation's older turns (itself made only from this
  conversation's messages, capped at ``summary_chars`` characters);
- at most the last ``max_turns`` turns of this conversation (the person's messages and the
  partner's replies), each cut to ``turn_chars`` characters, and the new message; fewer
  turns (and a shorter summary) when the model's context is too small for all of them.

A reply request, a summary request (end of conversation) and a fold request (updating the
rolling summary) each contain only those items. Nothing else is sent: nothing from the
notebook, no other conversation, no name, e-mail address, user id, organisation, department
or manager, no safety signals, no retention setting, and no ``user``/``metadata`` field.
A name or an organisation reaches the server only if the person wrote it in a message of
this conversation, and every request passes through ``kabeuchi.coach.gateway.ModelGateway``,
which replaces names, e-mail addresses, phone numbers and employee IDs with placeholders
when the organisation's policy says so (docs/pii.md).
The HTTP request carries the configured API key and the SDK's standard headers, which
describe the server software (SDK version, OS, Python version), not the person.
"""

from __future__ import annotations

import functools
import string
from dataclasses import dataclass
from importlib import resources

NAMES: tuple[str, ...] = ("system", "system_compact", "summarise", "fold")
LANGUAGES: tuple[str, ...] = ("ja", "en")
_VERSION_PREFIX = "version:"


class PromptError(LookupError):
    """A prompt file is missing or malformed."""


@dataclass(frozen=True)
class Prompt:
    name: str
    language: str
    version: str
    text: str

    def render(self, **values: object) -> str:
        """The text with ``$placeholders`` filled in. A ``$`` the values do not name is left
        as it is, so a stray dollar sign in a prompt cannot break a request."""
        return string.Template(self.text).safe_substitute({k: str(v) for k, v in values.items()})

    @property
    def ref(self) -> str:
        """A short reference to store beside a conversation, e.g. ``system.ja@2026-11-23.1``."""
        return f"{self.name}.{self.language}@{self.version}"


@functools.cache
def load(name: str, language: str) -> Prompt:
    """The prompt ``name`` in ``language``, read once per process."""
    if name not in NAMES:
        raise PromptError(f"No prompt called {name!r}; prompts are {', '.join(NAMES)}.")
    if language not in LANGUAGES:
        raise PromptError(f"Prompts exist in {', '.join(LANGUAGES)}, not {language!r}.")
    filename = f"{name}.{language}.md"
    try:
        raw = resources.files(__name__).joinpath(filename).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise PromptError(f"Prompt file {filename} is missing.") from exc
    first, _, body = raw.partition("\n")
    if not first.startswith(_VERSION_PREFIX):
        raise PromptError(f"{filename} must start with a 'version: …' line.")
    version = first[len(_VERSION_PREFIX) :].strip()
    if not version:
        raise PromptError(f"{filename} has an empty version.")
    return Prompt(name=name, language=language, version=version, text=body.strip("\n") + "\n")


def versions() -> dict[str, str]:
    """Every prompt's reference and version, e.g. ``{"system.ja": "2026-11-23.1", …}``."""
    return {f"{n}.{lang}": load(n, lang).version for n in NAMES for lang in LANGUAGES}
