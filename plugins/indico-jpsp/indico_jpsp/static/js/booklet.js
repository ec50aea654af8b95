// Mounts the JPSP widget into every element marked with data-jpsp-booklet or data-jpsp-widget
// (the booklet, and the paper check with data-task="papers-check").
// The configuration comes from data-* attributes rendered by the plugin (no inline script): a
// short-lived token for this event, and the URL that gives a fresh one (never the API key).
(function () {
  'use strict';

  function mountAll() {
    var elements = document.querySelectorAll('[data-jpsp-booklet], [data-jpsp-widget]');
    Array.prototype.forEach.call(elements, function (element) {
      if (!window.JpspWidget || typeof window.JpspWidget.mount !== 'function') {
        element.textContent = element.dataset.msgUnavailable;
        return;
      }
      window.JpspWidget.mount(element, {
        serverUrl: element.dataset.serverUrl,
        token: element.dataset.token,
        tokenUrl: element.dataset.tokenUrl,
        eventUrl: element.dataset.eventUrl,
        eventId: element.dataset.eventId,
        task: element.dataset.task || undefined,
        lang: element.dataset.lang,
        submitter: element.dataset.submitter || undefined,
      });
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', mountAll);
  } else {
    mountAll();
  }
})();
