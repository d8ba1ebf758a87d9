"""Embeddings from an OpenAI-compatible ``/v1/embeddings`` endpoint, when one is configured.

What leaves the system: the programme texts (not personal), and, for a person who opens the
programmes page, their notebook sentences used for matching.  Only when
``KABEUCHI_EMBEDDINGS_BASE_URL`` is set; the data guideline's AI processing place applies.
Nothing is stored: programme vectors are cached in process memory, the person's are not.
Every text goes out through ``kabeuchi.coach.gateway.ModelGateway.embed``, which redacts names
and contact details when the organisation's policy says so; ``embed_remote`` is called only there.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from django.conf import settings

_cache: dict[tuple[str, str], np.ndarray] = {}


def configured() -> bool:
    return bool(getattr(settings, "KABEUCHI_EMBEDDINGS_BASE_URL", ""))


def embed_remote(texts: Sequence[str]) -> np.ndarray:
    """Call the endpoint.  Only ``ModelGateway.embed`` calls this (tests/coach/test_model_boundary.py)."""
    from openai import OpenAI

    client = OpenAI(
        base_url=settings.KABEUCHI_EMBEDDINGS_BASE_URL,
        api_key=getattr(settings, "KABEUCHI_EMBEDDINGS_API_KEY", "") or "none",
        timeout=10,
        max_retries=0,
    )
    result = client.embeddings.create(model=getattr(settings, "KABEUCHI_EMBEDDINGS_MODEL", "") or "embedding", input=list(texts))
    vectors = np.array([item.embedding for item in result.data], dtype=float)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def similarity(
    *, programme_keys: Sequence[tuple[str, str]], programme_texts: Sequence[str], person_text: str, embed
) -> np.ndarray | None:
    """Cosine similarity of the person's text to each programme, or None when unavailable.
    ``embed``: the request's ``ModelGateway.embed``."""
    if not configured() or not person_text.strip() or not programme_texts:
        return None
    try:
        missing = [i for i, key in enumerate(programme_keys) if key not in _cache]
        if missing:
            vectors = embed([programme_texts[i] for i in missing])
            for i, vector in zip(missing, vectors, strict=True):
                _cache[programme_keys[i]] = vector
        person = embed([person_text])[0]
    except Exception:  # an unavailable endpoint means keyword ranking only, never an error page
        return None
    matrix = np.vstack([_cache[key] for key in programme_keys])
    return matrix @ person
