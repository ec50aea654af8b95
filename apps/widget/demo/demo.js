// Demo bootstrap (no inline script): reads the demo configuration served by `npm start` and mounts
// the widget on the FEL2022 fixture. Like the Indico plugin's page, it gets short-lived tokens from
// a same-origin URL (the server mints them with the demo key, which never reaches the browser).
(async () => {
  const problem = document.getElementById('demo-problem');
  try {
    const response = await fetch('/demo/config.json', { cache: 'no-store' });
    if (!response.ok) {
      throw new Error(`/demo/config.json answered HTTP ${response.status}`);
    }
    const config = await response.json();
    window.JpspWidget.mount(document.getElementById('jpsp-booklet'), {
      serverUrl: config.serverUrl,
      tokenUrl: config.tokenUrl,
      eventUrl: config.eventUrl,
      eventId: String(config.eventId),
    });
  } catch (err) {
    problem.hidden = false;
    problem.textContent = `The demo could not start: ${err instanceof Error ? err.message : String(err)}. Is the server running with --demo?`;
  }
})();
