// Mounts the JPSP widget into every element marked with data-jpsp-booklet.
// The configuration comes from data-* attributes rendered by the plugin (no inline script).
(function () {
  'use strict';

  function mountAll() {
    var elements = document.querySelectorAll('[data-jpsp-booklet]');
    Array.prototype.forEach.call(elements, function (element) {
      if (!window.JpspWidget || typeof window.JpspWidget.mount !== 'function') {
        element.textContent = element.dataset.msgUnavailable;
        return;
      }
      window.JpspWidget.mount(element, {
        serverUrl: element.dataset.serverUrl,
        apiKey: element.dataset.apiKey,
        eventUrl: element.dataset.eventUrl,
        eventId: element.dataset.eventId,
        lang: element.dataset.lang,
      });
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', mountAll);
  } else {
    mountAll();
  }
})();
