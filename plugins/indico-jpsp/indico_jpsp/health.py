"""The "test connection" check: ``GET <server_url>/health`` on the JPSP task server."""

from dataclasses import dataclass

import requests


TIMEOUT_SECONDS = 5


@dataclass(frozen=True)
class HealthResult:
    ok: bool
    detail: str


def check_server_health(server_url, timeout=TIMEOUT_SECONDS):
    """Call the server's unauthenticated health endpoint.

    No token is sent and redirects are not followed; the result carries only the HTTP status and
    the ``status`` field of the JSON answer, never the raw response body.
    """
    url = f'{server_url.rstrip("/")}/health'
    try:
        resp = requests.get(url, timeout=timeout, allow_redirects=False, headers={'Accept': 'application/json'})
    except requests.Timeout:
        return HealthResult(False, f'no answer within {timeout} s')
    except requests.ConnectionError:
        return HealthResult(False, 'connection failed')
    except requests.RequestException as exc:
        return HealthResult(False, type(exc).__name__)
    status = None
    try:
        payload = resp.json()
        if isinstance(payload, dict) and isinstance(payload.get('status'), str):
            status = payload['status'][:40]
    except ValueError:
        pass
    detail = f'HTTP {resp.status_code}' + (f', status "{status}"' if status else '')
    return HealthResult(resp.status_code == 200 and status == 'ok', detail)
