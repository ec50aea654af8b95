from datetime import timedelta

import pytest
import pytz

from indico.modules.events.models.events import EventType

from paper_seeding import seed_papers
from seeding import EVENT_START_LOCAL, EVENT_TIMEZONE, seed_programme


# A skipped test proves nothing: Indico's database fixture *skips* every test when it cannot run
# `initdb` (e.g. as root). Here a skip is a failure, so a run without a database is red.

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, 'wasxfail'):
        report.outcome = 'failed'
        report.longrepr = f'skipped tests are failures in this suite: {report.longrepr}'


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    report = outcome.get_result()
    if report.skipped:
        report.outcome = 'failed'
        report.longrepr = f'skipped modules are failures in this suite: {report.longrepr}'


@pytest.fixture
def manager(create_user):
    return create_user(10, first_name='Marie', last_name='Manager', email='manager@example.test')


@pytest.fixture
def outsider(create_user):
    return create_user(11, first_name='Otto', last_name='Outsider', email='outsider@example.test')


@pytest.fixture
def conference(create_event, manager):
    tz = pytz.timezone(EVENT_TIMEZONE)
    start = tz.localize(EVENT_START_LOCAL).astimezone(pytz.utc)
    event = create_event(100, title='IPAC Test Conference', type_=EventType.conference, timezone=EVENT_TIMEZONE,
                         start_dt=start, end_dt=start + timedelta(days=3))
    event.update_principal(manager, full_access=True)
    return event


@pytest.fixture
def seeded_conference(conference):
    return conference, seed_programme(conference)


@pytest.fixture
def papers(seeded_conference, manager):
    """The seeded conference with papers in Editing: ``(event, {filename: EditingRevisionFile})``."""
    event, _ = seeded_conference
    return event, seed_papers(event, manager)


@pytest.fixture
def client_for(make_test_client):
    """Return a factory of test clients logged in as the given user (or anonymous for ``None``)."""
    clients = []

    def _client_for(user):
        client = make_test_client()
        clients.append(client)
        if user is not None:
            with client.session_transaction() as sess:
                sess.set_session_user(user)
        return client

    yield _client_for

