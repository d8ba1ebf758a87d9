"""The client half of anonymous feedback for API users (and tests), as the browser does it.

    key = GET /api/v1/feedback/key                      (signed in)
    ticket, body = token_request(key)
    answer = POST /api/v1/feedback/token  body          (signed in)
    ticket = token_finish(key, ticket, answer)          (verifies the server's signature)
    (response lost?  POST /api/v1/feedback/token  token_retry_body(key, ticket): same token)
    POST /api/v1/feedback/spend  spend_body(key, ticket, answers)   (NO cookie, NO token)

Run the two requests apart in time and, ideally, over a different connection; the spending
request must carry no credentials (the server strips them anyway).
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass

from kabeuchi.vault import blindsig

TOKEN_LEN = 32


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Ticket:
    token: bytes
    inv: int
    signature: bytes | None = None
    blinded: bytes | None = None  # kept until the token is finished: a retry sends the same


def _key(key: dict) -> tuple[int, int]:
    return int.from_bytes(unb64(key["n"]), "big"), int(key["e"])


def token_request(key: dict) -> tuple[Ticket, dict]:
    n, e = _key(key)
    token = blindsig.prepare(secrets.token_bytes(TOKEN_LEN))
    blinded, inv = blindsig.blind(n, e, token)
    return Ticket(token=token, inv=inv, blinded=blinded), {"period": key["period"], "blinded_msg": b64(blinded)}


def token_retry_body(key: dict, ticket: Ticket) -> dict:
    """The same issuance request again, for when its response was lost: the server signs the
    same blinded message again (the same token), and refuses any other."""
    return {"period": key["period"], "blinded_msg": b64(ticket.blinded)}


def token_finish(key: dict, ticket: Ticket, answer: dict) -> Ticket:
    n, e = _key(key)
    ticket.signature = blindsig.finalize(n, e, ticket.token, unb64(answer["blind_sig"]), ticket.inv)
    return ticket


def spend_body(key: dict, ticket: Ticket, answers: dict) -> dict:
    return {
        "organisation": key["organisation"], "period": key["period"],
        "token": b64(ticket.token), "signature": b64(ticket.signature), **answers,
    }
