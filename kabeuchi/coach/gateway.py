"""The one boundary between a person's words and any model.

Every call that sends what a person wrote to a model goes through a ``ModelGateway``: replies
(streamed or not), folding older turns into the rolling summary, end-of-conversation
summaries, notebook proposals, and the text embeddings used to match programmes.  When the
organisation's policy says so (``Policy.redacts_pii``), the gateway redacts every outgoing
text and restores every incoming one:

- each text (turn, summary, message, reply) is detected on its own, and one
  ``jatext.pii.Pseudonymizer`` per gateway gives the same person the same placeholder in every
  text of the request; the organisation's member directory is its gazetteer;
- streamed replies are restored chunk by chunk (any bracket form, any chunk border), so the
  person never reads a placeholder;
- the state that is kept holds the person's own words, never placeholders.

Build one gateway per request with :func:`model_gateway` (or :func:`amodel_gateway` in async
code).  Nothing else in the code calls an engine's model methods or the embeddings endpoint:
``tests/coach/test_model_boundary.py`` checks the source for it and sends names through every
endpoint to a recording OpenAI-compatible server.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import replace

from asgiref.sync import sync_to_async

from jatext.pii import Directory, Pseudonymizer
from kabeuchi.coach.engines.base import BaseEngine, ConversationState, Language, Summary, Turn


class ModelGateway(BaseEngine):
    """Wraps an engine; see the module docstring.  ``redacts``: the organisation's policy."""

    def __init__(self, inner: BaseEngine, *, redacts: bool, directory: Directory | None = None) -> None:
        super().__init__(inner.config)
        self.inner = inner
        self.policy_redacts = redacts
        # A non-model engine (the guide) sends nothing anywhere: nothing to redact.
        self.redacts = redacts and inner.is_model
        self.session = Pseudonymizer(directory)

    @property  # type: ignore[override]
    def name(self) -> str:
        return self.inner.name

    @property  # type: ignore[override]
    def is_model(self) -> bool:
        return self.inner.is_model

    def __repr__(self) -> str:
        return f"<ModelGateway {self.inner.name} redacts={self.redacts}>"

    # -- no person's words: straight through ------------------------------------------------

    def opening(self, theme: str, *, language: Language) -> str:
        return self.inner.opening(theme, language=language)

    def honesty_line(self, language: Language) -> str:
        return self.inner.honesty_line(language)

    def start(self, theme: str, *, language: Language) -> ConversationState:
        return self.inner.start(theme, language=language)

    def close(self) -> None:
        """The inner engine is shared between requests; it is closed by its owner."""

    # -- outgoing and incoming --------------------------------------------------------------

    def redact_texts(self, texts: Sequence[str]) -> list[str]:
        """The texts as they may leave (redacted when the policy says so)."""
        return self.session.redact_many(list(texts)) if self.policy_redacts else list(texts)

    def _out(self, state: ConversationState, *extra: str) -> tuple[ConversationState, list[str]]:
        if not self.redacts:
            return state, list(extra)
        texts = self.session.redact_many([*(t.text for t in state.turns), state.summary, *extra])
        turns = tuple(replace(turn, text=text) for turn, text in zip(state.turns, texts, strict=False))
        return replace(state, turns=turns, summary=texts[len(state.turns)]), texts[len(state.turns) + 1 :]

    def _back(self, text: str, language: Language) -> str:
        return self.session.restore(text, language=language) if self.redacts else text

    def _kept(
        self,
        result: ConversationState,
        sent: ConversationState,
        originals: tuple[Turn, ...],
        summary: str,
        language: Language,
    ) -> ConversationState:
        """The recorded state with the person's own texts put back by position (not by
        placeholder, so 相田 and 相田愛子 stay as written) and model text restored."""
        turns = tuple(
            replace(turn, text=originals[i].text)
            if i < len(originals)
            else replace(turn, text=self._back(turn.text, language))
            for i, turn in enumerate(result.turns)
        )
        kept_summary = summary if result.summary == sent.summary else self._back(result.summary, language)
        return replace(result, turns=turns, summary=kept_summary)

    # -- replies ----------------------------------------------------------------------------

    def stream_reply(self, state: ConversationState, message: str, *, language: Language) -> Iterator[str]:
        if not self.redacts:
            yield from self.inner.stream_reply(state, message, language=language)
            return
        sent, (sent_message,) = self._out(state, message)
        restorer = self.session.restorer(language=language)
        for chunk in self.inner.stream_reply(sent, sent_message, language=language):
            ready = restorer.feed(chunk)
            if ready:
                yield ready
        rest = restorer.flush()
        if rest:
            yield rest

    async def astream_reply(
        self, state: ConversationState, message: str, *, language: Language
    ) -> AsyncIterator[str]:
        if not self.redacts:
            async for chunk in self.inner.astream_reply(state, message, language=language):
                yield chunk
            return
        sent, (sent_message,) = self._out(state, message)
        restorer = self.session.restorer(language=language)
        async for chunk in self.inner.astream_reply(sent, sent_message, language=language):
            ready = restorer.feed(chunk)
            if ready:
                yield ready
        rest = restorer.flush()
        if rest:
            yield rest

    # -- recording an exchange (a model engine may fold older turns with the model) --------

    def _record_args(self, state: ConversationState, message: str, reply: str):
        sent, (sent_message, sent_reply) = self._out(state, message, reply)
        originals = (*state.turns, Turn("person", message), Turn("partner", reply))
        return sent, sent_message, sent_reply, originals

    def record(
        self, state: ConversationState, message: str, reply: str, *, language: Language
    ) -> ConversationState:
        if not self.redacts:
            return self.inner.record(state, message, reply, language=language)
        sent, sent_message, sent_reply, originals = self._record_args(state, message, reply)
        result = self.inner.record(sent, sent_message, sent_reply, language=language)
        return self._kept(result, sent, originals, state.summary, language)

    async def arecord(
        self, state: ConversationState, message: str, reply: str, *, language: Language
    ) -> ConversationState:
        if not self.redacts:
            return await self.inner.arecord(state, message, reply, language=language)
        sent, sent_message, sent_reply, originals = self._record_args(state, message, reply)
        result = await self.inner.arecord(sent, sent_message, sent_reply, language=language)
        return self._kept(result, sent, originals, state.summary, language)

    # -- summaries and proposals ------------------------------------------------------------

    def _summary_back(self, summary: Summary, language: Language) -> Summary:
        if not self.redacts:
            return summary
        return Summary(
            noticed=[self._back(x, language) for x in summary.noticed],
            next_steps=[self._back(x, language) for x in summary.next_steps],
        )

    def summarise(self, state: ConversationState, *, language: Language) -> Summary:
        sent, _ = self._out(state)
        return self._summary_back(self.inner.summarise(sent, language=language), language)

    async def asummarise(self, state: ConversationState, *, language: Language) -> Summary:
        sent, _ = self._out(state)
        return self._summary_back(await self.inner.asummarise(sent, language=language), language)

    def propose_entries(self, state: ConversationState, *, language: Language) -> list:
        """Notebook proposals from an engine that offers them (none of ours does yet)."""
        propose = getattr(self.inner, "propose_entries", None)
        if propose is None:
            return []
        sent, _ = self._out(state)
        return [
            replace(p, text=self._back(p.text, language), quote=self._back(p.quote, language))
            for p in propose(sent, language=language)
        ]

    # -- embeddings (programme matching) ----------------------------------------------------

    def embed(self, texts: Sequence[str]):
        """Unit vectors for ``texts`` from the configured embeddings endpoint."""
        from kabeuchi.opportunities import embeddings

        return embeddings.embed_remote(self.redact_texts(texts))


# --- building one per request ---------------------------------------------------------------


def member_directory(organisation_id) -> Directory:
    """The organisation's people as a gazetteer: each member's display name and address, and
    each person of the organisation's uploaded directory with name, kana reading and address
    (``accounts.selectors.directory_gazetteer_rows``).  People who never joined are covered
    too, so a colleague's name is replaced whether or not they use Kabeuchi."""
    from kabeuchi.accounts.models import Membership
    from kabeuchi.accounts.selectors import directory_gazetteer_rows, directory_stamp

    members = tuple(
        Membership.objects.filter(organisation_id=organisation_id)
        .order_by("pk")
        .values_list("user__email", "user__display_name")
    )
    key = (members, directory_stamp(organisation_id=organisation_id))
    # Building takes ~19 ms per 1,000 people; reading the key ~1 ms.  Rebuild only on change.
    cached = _directories.get(organisation_id)
    if cached is None or cached[0] != key:
        rows = directory_gazetteer_rows(organisation_id=organisation_id, members=dict(members))
        cached = (key, Directory(rows))
        _directories[organisation_id] = cached
    return cached[1]


_directories: dict = {}  # organisation id -> (rows, Directory); names only, in process memory


def model_gateway(
    *, user=None, organisation=None, policy=None, engine: BaseEngine | None = None
) -> ModelGateway:
    """The gateway for one request by ``user`` (or about ``organisation``), around ``engine``
    (default: the configured one), redacting as the organisation's policy says.

    Reads the database only for what is needed: the policy when it was not given, and the
    member directory only when something will be redacted."""
    from kabeuchi.coach.engine_config import current_engine
    from kabeuchi.org.selectors import default_policy, policy_for_organisation

    if isinstance(engine, ModelGateway):
        return engine
    engine = engine or current_engine()
    if policy is None and organisation is None and user is not None:
        organisation = _organisation_of(user)
    if policy is None:
        policy = (
            policy_for_organisation(organisation=organisation)
            if organisation is not None
            else default_policy()
        )
    redacts = bool(policy.redacts_pii)
    directory = None
    if redacts and _may_send(engine):
        if organisation is None and user is not None:
            organisation = _organisation_of(user)
        if organisation is not None:
            directory = member_directory(organisation.pk)
    return ModelGateway(engine, redacts=redacts, directory=directory)


def _organisation_of(user):
    from kabeuchi.accounts.models import Membership

    membership = Membership.objects.filter(user=user).select_related("organisation").first()
    return membership.organisation if membership is not None else None


def _may_send(engine: BaseEngine) -> bool:
    """Whether anything may leave through this gateway: a model engine, or programme matching
    with an embeddings endpoint."""
    from kabeuchi.opportunities import embeddings

    return engine.is_model or embeddings.configured()


async def amodel_gateway(*, policy=None, engine: BaseEngine | None = None, **kwargs) -> ModelGateway:
    """``model_gateway`` from async code; no trip to the database thread when the policy is
    known and nothing will be redacted (the guide engine, or redaction off)."""
    if isinstance(engine, ModelGateway):
        return engine
    if policy is not None and engine is not None and not (policy.redacts_pii and _may_send(engine)):
        return ModelGateway(engine, redacts=bool(policy.redacts_pii))
    return await sync_to_async(model_gateway)(policy=policy, engine=engine, **kwargs)
