import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import { mintToken } from '../auth/widget-token.js';
import type { AppConfig } from '../config/env.js';

/** The demo page's tokens live as long as the Indico plugin's by default. */
const DEMO_TOKEN_LIFETIME_MS = 15 * 60_000;

const here = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));

/** Paths of the demo assets, relative to apps/server/dist/demo/. */
export const DEMO_PATHS = {
  page: here('../../../widget/demo'),
  widget: here('../../../widget/dist'),
  event: here('../../../../libs/booklet/test/fixtures/jacow-fel2022-event-44-detail-sessions.json'),
};

/**
 * Demo mode only (`npm start` without keys): a host page shaped like Indico's event management,
 * the widget bundle, the FEL2022 fixture, and short-lived tokens for that page, minted here with
 * the demo key exactly as the Indico plugin mints them with an event's key (the key itself never
 * reaches the browser). The server binds to 127.0.0.1 in this mode.
 */
export function mountDemo(app: Express, config: AppConfig): void {
  app.get('/', (_req, res) => res.redirect(302, '/demo/'));
  app.get('/demo/config.json', (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      serverUrl: config.publicUrl ?? `${req.protocol}://${req.headers.host ?? `127.0.0.1:${config.port}`}`,
      tokenUrl: '/demo/token.json',
      eventUrl: '/demo/event.json',
      eventId: '44',
    });
  });
  app.get('/demo/token.json', (_req, res, next) => {
    mintToken(config.apiKeys[0], { event: '44', tasks: ['abstract-booklet'], sub: 'demo' }, DEMO_TOKEN_LIFETIME_MS).then((minted) => {
      res.setHeader('Cache-Control', 'no-store');
      res.json(minted);
    }, next);
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
