"""Sending feedback through the API in two requests, as an API user would."""

from __future__ import annotations

import json

from django.test import Client

from kabeuchi.org.feedback_client import spend_body, token_finish, token_request


def take_token(signed_in: Client):
    key = signed_in.get("/api/v1/feedback/key").json()
    ticket, body = token_request(key)
    answer = signed_in.post("/api/v1/feedback/token", data=json.dumps(body), content_type="application/json")
    if answer.status_code != 200:
        return key, None, answer
    return key, token_finish(key, ticket, answer.json()), answer


def spend(key, ticket, answers, client: Client | None = None):
    client = client or Client()
    return client.post("/api/v1/feedback/spend", data=json.dumps(spend_body(key, ticket, answers)), content_type="application/json")
