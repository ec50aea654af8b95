"""Small helpers to read the HTML that Indico renders."""

import re


def csrf_token_from(html):
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, 'no CSRF token in the page'
    return match.group(1)


def data_attributes(html, element_id):
    match = re.search(rf'<div id="{element_id}"(.*?)>', html, re.S)
    assert match, f'no element #{element_id} in the page'
    return dict(re.findall(r'data-([\w-]+)="([^"]*)"', match.group(1)))


def flashed_messages(html):
    return re.findall(r'class="message-text">\s*(.*?)\s*</div>', html, re.S)
