"""Schemathesis hooks: the credentials a lane of the local gateway accepts.

Loaded by schemathesis through SCHEMATHESIS_HOOKS=hooks (the driver,
`run.py`, puts this folder on PYTHONPATH). The driver says which lane is
under test and where the gateway listens:

    AZOTTE_CONFORMANCE_AUTH        api_key | service_token | user_token | partner
    AZOTTE_CONFORMANCE_TOKEN_URL   the fresh gateway's OAuth2 token endpoint (service_token, partner)
    AZOTTE_CONFORMANCE_CLIENT_AUTH basic | form (RFC 6749 §2.3.1, as the spec declares)

The credentials are the gateway's documented developer defaults (README,
"Local developer gateway"), not secrets; the P2M token is the one `run.py`
starts the gateway to accept (`--user-token`). The T2M signature is computed here
from the rule the README states, with Python's hmac module and nothing of
this repository's runtime: hex HMAC-SHA256, with the partner secret, of
`timestamp + "\\n" + METHOD + "\\n" + path[?query] + "\\n" + body`, the path
and query exactly as sent and the body as raw bytes.

Credentials go through a schemathesis auth provider, so the `ignored_auth`
check knows they are explicit and probes the operation without them and with
invalid ones.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time
import uuid

import requests
import schemathesis

API_KEY = "sk_dev_conformance"
# Document 000's tenant (the only `x-tn` the documents show).
TENANT = "e2a1c7b2-4f3a-4b8e-9c2d-1a2b3c4d5e6f"
CLIENT_ID = "gateway-client"
CLIENT_SECRET = "gateway-secret"
USER_TOKEN = "conformance-user-session"
PARTNER_KEY = "pk_dev_gateway"
PARTNER_SECRET = b"partner-secret"
TO_SIGN = "to-be-signed"

MODE = os.environ.get("AZOTTE_CONFORMANCE_AUTH", "")


def fetch_service_token() -> str:
    """A client-credentials token from the gateway (RFC 6749 §4.4.2)."""
    url = os.environ["AZOTTE_CONFORMANCE_TOKEN_URL"]
    form = {"grant_type": "client_credentials"}
    basic = None
    if os.environ.get("AZOTTE_CONFORMANCE_CLIENT_AUTH", "basic") == "form":
        form.update(client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    else:
        basic = (CLIENT_ID, CLIENT_SECRET)
    answer = requests.post(url, data=form, auth=basic, timeout=10)
    answer.raise_for_status()
    return answer.json()["access_token"]


def _set_headers(case, headers: dict[str, str]) -> None:
    if case.headers is None:
        case.headers = {}
    case.headers.update(headers)


if MODE:

    # Tokens live 15 minutes and a run takes less: one token per run, and a
    # 401 (expected from the negative auth probes) must not fetch another.
    @schemathesis.auth(refresh_interval=600, retry_on=[])
    class LaneCredentials:
        """The headers the lane under test authenticates with."""

        def get(self, case, ctx):
            if MODE == "api_key":
                return {"x-api-key": API_KEY, "x-tn": TENANT}
            if MODE == "user_token":
                return {"Authorization": f"Bearer {USER_TOKEN}"}
            if MODE == "service_token":
                return {"Authorization": f"Bearer {fetch_service_token()}"}
            if MODE == "partner":
                return {
                    "Authorization": f"Bearer {fetch_service_token()}",
                    "X-Partner-Key": PARTNER_KEY,
                    # Placeholders PartnerSignature replaces when the request is sent.
                    "X-Partner-Signature": TO_SIGN,
                    "X-Partner-Timestamp": TO_SIGN,
                }
            raise ValueError(f"unknown AZOTTE_CONFORMANCE_AUTH {MODE!r}")

        def set(self, case, data, ctx):
            _set_headers(case, data)


class PartnerSignature(requests.auth.AuthBase):
    """Signs the request as prepared, so the signed bytes are the sent ones."""

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        # Only our own placeholders are replaced: an `ignored_auth` probe that
        # removed them or set its own invalid values is sent as it made it.
        if request.headers.get("X-Partner-Signature") != TO_SIGN or request.headers.get("X-Partner-Timestamp") != TO_SIGN:
            return request
        timestamp = str(int(time.time()))
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        canonical = b"\n".join([timestamp.encode(), request.method.upper().encode(), request.path_url.encode(), body])
        request.headers["X-Partner-Timestamp"] = timestamp
        request.headers["X-Partner-Signature"] = hmac.new(PARTNER_SECRET, canonical, hashlib.sha256).hexdigest()
        return request


# Header idempotency keys, as the documents ask callers to make them: a fresh
# UUID per operation (document 003: "Use UUIDs or unique transaction IDs";
# document 004). Schemathesis would otherwise send the schema's single
# example key with every generated body, and the gateway rightly answers
# 422 to a key reused for a different request (IETF Idempotency-Key draft).
IDEMPOTENCY_HEADERS = ("Idempotency-Key", "X-Idempotency-Key")


@schemathesis.hook
def before_call(context, case, kwargs):
    for name in IDEMPOTENCY_HEADERS:
        if case.headers and name in case.headers:
            case.headers[name] = str(uuid.uuid4())
            if kwargs.get("headers") and name in kwargs["headers"]:
                kwargs["headers"][name] = case.headers[name]
    if MODE == "partner":
        # `kwargs` (the dict itself, not `**kwargs`) goes to `requests`, which
        # applies `auth` after encoding the body and the URL.
        kwargs["auth"] = PartnerSignature()
