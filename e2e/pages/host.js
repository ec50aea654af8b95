// Host page bootstrap (no inline script): embeds the widget as the query string says.
// ?server=&key=&token=&token-url=&event=&id=&task=&lang=&submitter=&embed=element|mount|none
const params = new URLSearchParams(location.search);
const embed = params.get('embed') ?? document.body.dataset.embed ?? 'element';
const slot = document.getElementById('widget');
const options = {
  serverUrl: params.get('server'),
  apiKey: params.get('key'),
  token: params.get('token') ?? undefined,
  tokenUrl: params.get('token-url') ?? undefined,
  eventUrl: params.get('event'),
  eventId: params.get('id'),
  task: params.get('task') ?? undefined,
  lang: params.get('lang') ?? undefined,
  submitter: params.get('submitter') ?? undefined,
};
if (embed === 'mount') {
  window.JpspWidget.mount(slot, options);
} else if (embed === 'element') {
  const element = document.createElement('jpsp-booklet-button');
  const attributes = { 'server-url': options.serverUrl, 'api-key': options.apiKey, token: options.token, 'token-url': options.tokenUrl, 'event-url': options.eventUrl, 'event-id': options.eventId, task: options.task, lang: options.lang, submitter: options.submitter };
  for (const [name, value] of Object.entries(attributes)) {
    if (value) {
      element.setAttribute(name, value);
    }
  }
  slot.append(element);
}
