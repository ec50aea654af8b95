import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import type { AppConfig } from '../config/env.js';

const here = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));

/** Paths of the demo assets, relative to apps/server/dist/demo/. */
export const DEMO_PATHS = {
  page: here('../../../widget/demo'),
  widget: here('../../../widget/dist'),
  event: here('../../../../libs/booklet/test/fixtures/jacow-fel2022-event-44-detail-sessions.json'),
};

/**
 * Demo mode only (`npm start` without keys): a host page shaped like Indico's event management,
 * the widget bundle, the FEL2022 fixture, and the generated demo key for that page. The server
 * binds to 127.0.0.1 in this mode, since the page hands the key to the browser.
 */
export function mountDemo(app: Express, config: AppConfig): void {
  app.get('/', (_req, res) => res.redirect(302, '/demo/'));
  app.get('/demo/config.json', (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      serverUrl: config.publicUrl ?? `${req.protocol}://${req.headers.host ?? `127.0.0.1:${config.port}`}`,
      apiKey: config.apiKeys[0],
      eventUrl: '/demo/event.json',
      eventId: '44',
    });
  });
  app.get('/demo/event.json', (_req, res) => {
    if (!existsSync(DEMO_PATHS.event)) {
      res.status(404).json({ error: { code: 'NOT_FOUND', message: 'Demo fixture missing' } });
      return;
    }
    res.sendFile(DEMO_PATHS.event, { headers: { 'Content-Type': 'application/json' } });
  });
  app.use('/demo', express.static(DEMO_PATHS.page, { index: 'index.html', fallthrough: true }));
  app.use('/widget', express.static(DEMO_PATHS.widget, { fallthrough: true }));
}
