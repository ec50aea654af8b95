"""The widget tokens: what the plugin mints, checked with the recipe of docs/protocol.md."""

import base64
import hashlib
import hmac
import json
import time

import pytest

from indico_jpsp.plugin import JpspPlugin
from indico_jpsp.tokens import mint_token


API_KEY = 'event-key-5a1f0c9e2d7b4e8f'


def _b64decode(part):
    return base64.urlsafe_b64decode(part + '=' * (-len(part) % 4))


def verified_claims(token, api_key):
    """The claims of ``token`` after checking it as the task server does (signature, kid, alg, aud)."""
    head, body, signature = token.split('.')
    header = json.loads(_b64decode(head))
    assert header == {'alg': 'HS256', 'typ': 'JWT', 'kid': hashlib.sha256(api_key.encode()).hexdigest()[:16]}
    secret = hmac.new(api_key.encode(), b'jpsp-ng widget token v1', hashlib.sha256).digest()
    expected = hmac.new(secret, f'{head}.{body}'.encode(), hashlib.sha256).digest()
    assert hmac.compare_digest(_b64decode(signature), expected), 'bad signature'
    claims = json.loads(_b64decode(body))
    assert claims['aud'] == 'jpsp-ng'
    return claims


def test_mint_token_claims_and_signature():
    token, exp = mint_token(API_KEY, 44, ['abstract-booklet'], 900, subject='indico-user:7', now=1_700_000_000)
    assert verified_claims(token, API_KEY) == {'aud': 'jpsp-ng', 'iat': 1_700_000_000, 'exp': 1_700_000_900,
                                               'event': '44', 'tasks': ['abstract-booklet'], 'sub': 'indico-user:7'}
    assert exp == 1_700_000_900
    assert API_KEY not in token
    head, body, signature = token.split('.')
    forged = signature[:10] + ('A' if signature[10] != 'A' else 'B') + signature[11:]
    with pytest.raises(AssertionError, match='bad signature'):
        verified_claims(f'{head}.{body}.{forged}', API_KEY)


def _configure(event):
    JpspPlugin.event_settings.set_multi(event, {'server_url': 'https://jpsp.example.org', 'api_key': API_KEY})


@pytest.mark.usefixtures('db')
def test_token_endpoint_gives_a_fresh_token(conference, manager, client_for):
    _configure(conference)
    resp = client_for(manager).get(f'/event/{conference.id}/manage/jpsp/token.json')
    assert resp.status_code == 200
    assert resp.headers['Cache-Control'] == 'no-store'
    body = resp.get_json()
    assert set(body) == {'token', 'expiresAt'}
    claims = verified_claims(body['token'], API_KEY)
    assert claims['event'] == str(conference.id)
    assert abs(claims['iat'] - time.time()) < 60
    assert claims['exp'] - claims['iat'] == 15 * 60
    assert body['expiresAt'].startswith(time.strftime('%Y-%m-%d', time.gmtime(claims['exp'])))
    assert API_KEY not in resp.get_data(as_text=True)


@pytest.mark.usefixtures('db')
def test_token_lifetime_is_an_administrator_setting(conference, manager, client_for):
    _configure(conference)
    JpspPlugin.settings.set('token_lifetime_minutes', 2)
    body = client_for(manager).get(f'/event/{conference.id}/manage/jpsp/token.json').get_json()
    claims = verified_claims(body['token'], API_KEY)
    assert claims['exp'] - claims['iat'] == 120


@pytest.mark.usefixtures('db')
def test_no_token_for_an_unconfigured_event(conference, manager, client_for):
    resp = client_for(manager).get(f'/event/{conference.id}/manage/jpsp/token.json')
    assert resp.status_code == 409
    assert 'token' not in resp.get_json()
