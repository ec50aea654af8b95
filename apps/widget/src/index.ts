import { createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { BookletButton } from './booklet-button.js';
import { missingOptions, type WidgetOptions } from './options.js';
import css from './styles.css?inline';

export type { WidgetOptions } from './options.js';

let sheet: CSSStyleSheet | undefined;

/** A React root inside `host`'s own shadow root, with the widget's CSS adopted there only. */
function shadowRootOf(host: HTMLElement): Root {
  const shadow = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
  }
  shadow.adoptedStyleSheets = [sheet];
  const container = document.createElement('div');
  shadow.replaceChildren(container);
  return createRoot(container);
}

/**
 * Mounts the booklet button into `element`, inside a shadow root of its own so that the page's
 * CSS and the widget's cannot touch each other. Returns a function that removes it.
 */
export function mount(element: Element, options: WidgetOptions): () => void {
  const missing = missingOptions(options);
  if (missing.length > 0) {
    throw new Error(`JpspWidget.mount: missing ${missing.join(', ')}`);
  }
  const host = document.createElement('div');
  element.append(host);
  const root = shadowRootOf(host);
  root.render(createElement(BookletButton, { options }));
  return () => {
    root.unmount();
    host.remove();
  };
}

/** Attribute → option of `<jpsp-booklet-button server-url token-url|token|api-key event-url event-id [lang] [task] [submitter]>`. */
const ATTRIBUTES: Record<string, keyof WidgetOptions> = {
  'server-url': 'serverUrl',
  token: 'token',
  'token-url': 'tokenUrl',
  'api-key': 'apiKey',
  'event-url': 'eventUrl',
  'event-id': 'eventId',
  lang: 'lang',
  task: 'task',
  submitter: 'submitter',
};

class JpspBookletButton extends HTMLElement {
  static observedAttributes = Object.keys(ATTRIBUTES);
  private root?: Root;
  private rendered?: string;

  connectedCallback(): void {
    this.render();
  }

  attributeChangedCallback(): void {
    if (this.root) {
      this.render();
    }
  }

  disconnectedCallback(): void {
    this.root?.unmount();
    this.root = this.rendered = undefined;
  }

  private render(): void {
    const options: Record<string, string> = {};
    for (const name of Object.keys(ATTRIBUTES)) {
      const value = this.getAttribute(name);
      if (value) {
        options[ATTRIBUTES[name]] = value;
      }
    }
    const signature = JSON.stringify(options);
    if (signature !== this.rendered) {
      this.rendered = signature;
      this.root ??= shadowRootOf(this);
      const missing = missingOptions(options);
      // A misconfigured element says so on the page instead of staying blank.
      this.root.render(missing.length > 0 ? `jpsp-booklet-button: missing ${missing.join(', ')}` : createElement(BookletButton, { options: options as unknown as WidgetOptions }));
    }
  }
}

if (typeof customElements !== 'undefined' && !customElements.get('jpsp-booklet-button')) {
  customElements.define('jpsp-booklet-button', JpspBookletButton);
}
