// Host page bootstrap (no inline script): embeds the widget as the query string says.
// ?server=&key=&event=&id=&task=&lang=&embed=element|mount|none
const params = new URLSearchParams(location.search);
const embed = params.get('embed') ?? document.body.dataset.embed ?? 'element';
const slot = document.getElementById('widget');
const options = {
  serverUrl: params.get('server'),
  apiKey: params.get('key'),
  eventUrl: params.get('event'),
  eventId: params.get('id'),
  task: params.get('task') ?? undefined,
  lang: params.get('lang') ?? undefined,
};
if (embed === 'mount') {
  window.JpspWidget.mount(slot, options);
} else if (embed === 'element') {
  const element = document.createElement('jpsp-booklet-button');
  const attributes = { 'server-url': options.serverUrl, 'api-key': options.apiKey, 'event-url': options.eventUrl, 'event-id': options.eventId, task: options.task, lang: options.lang };
  for (const [name, value] of Object.entries(attributes)) {
    if (value) {
      element.setAttribute(name, value);
    }
  }
  slot.append(element);
}
