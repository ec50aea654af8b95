"""Short-lived, event-scoped tokens for the widget, minted from the event's API key.

The task server verifies them without calling Indico back (docs/protocol.md, "Tokens for
browsers"): a JWT (HS256) whose secret is HMAC-SHA256(key=API key, msg=TOKEN_SECRET_INFO), so the
API key itself never signs anything and never leaves Indico; ``kid`` names the key (the first 16
hex digits of its SHA-256), ``event`` and ``tasks`` scope the token, ``exp`` ends it.

Written with the standard library (about 20 lines) instead of a JWT package: HS256 is one HMAC,
and the plugin then depends on nothing Indico does not already ship.
"""

import base64
import hashlib
import hmac
import json
import time

TOKEN_AUDIENCE = 'jpsp-ng'
TOKEN_SECRET_INFO = b'jpsp-ng widget token v1'
DEFAULT_LIFETIME_MINUTES = 15


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b'=').decode('ascii')


def key_id(api_key):
    """The key's id on the task server (its tenant id): the first 16 hex digits of SHA-256(key)."""
    return hashlib.sha256(api_key.encode('utf-8')).hexdigest()[:16]


def mint_token(api_key, event_id, tasks, lifetime_seconds, subject=None, now=None):
    """Return ``(token, expires_at)`` for ``event_id`` and ``tasks``; ``expires_at`` in epoch seconds."""
    iat = int(time.time() if now is None else now)
    exp = iat + int(lifetime_seconds)
    header = {'alg': 'HS256', 'typ': 'JWT', 'kid': key_id(api_key)}
    claims = {'aud': TOKEN_AUDIENCE, 'iat': iat, 'exp': exp, 'event': str(event_id), 'tasks': list(tasks)}
    if subject is not None:
        claims['sub'] = str(subject)
    signing_input = '.'.join(_b64url(json.dumps(part, separators=(',', ':')).encode('utf-8'))
                             for part in (header, claims))
    secret = hmac.new(api_key.encode('utf-8'), TOKEN_SECRET_INFO, hashlib.sha256).digest()
    signature = hmac.new(secret, signing_input.encode('ascii'), hashlib.sha256).digest()
    return f'{signing_input}.{_b64url(signature)}', exp
