import { describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '../document/index.js';
import { applyOverlays } from './index.js';

function documentWith(properties: Record<string, unknown>): OpenApiDocument {
  return {
    openapi: '3.0.2',
    info: {},
    paths: {},
    components: { schemas: { Options: { type: 'object', properties } } },
  } as OpenApiDocument;
}

describe('fillProperties', () => {
  it('adds what the captured property leaves out and keeps what it states', () => {
    const doc = documentWith({
      font: { title: 'Font', default: '' },
      tabs: { type: 'array', items: {}, title: 'Tabs' },
      eta: { type: 'integer', default: 0 },
    });
    const applied = applyOverlays(doc, [
      {
        name: 'fill.json',
        overlay: {
          fillProperties: {
            'Options.font': { type: 'string', nullable: true },
            'Options.tabs': { type: 'array', items: { type: 'string' } },
            'Options.eta': { type: 'number' },
            'Options.absent': { type: 'string' },
            'Missing.font': { type: 'string' },
          },
        },
      },
    ]);
    expect(doc.components.schemas?.Options?.properties).toEqual({
      font: { title: 'Font', default: '', type: 'string', nullable: true },
      tabs: { type: 'array', items: { type: 'string' }, title: 'Tabs' },
      eta: { type: 'integer', default: 0 },
    });
    expect(applied).toEqual(['Options.font filled', 'Options.tabs filled']);
  });

  it('copies the overlay value, so two targets never share one object', () => {
    const fill = { type: 'array', items: { type: 'string' } };
    const first = documentWith({ tabs: {} });
    const second = documentWith({ tabs: {} });
    const overlays = [{ name: 'fill.json', overlay: { fillProperties: { 'Options.tabs': fill } } }];
    applyOverlays(first, overlays);
    applyOverlays(second, overlays);
    const tabs = (doc: OpenApiDocument) =>
      (doc.components.schemas?.Options?.properties as Record<string, { items: object }> | undefined)?.tabs;
    expect(tabs(first)?.items).not.toBe(tabs(second)?.items);
    expect(tabs(first)?.items).not.toBe(fill.items);
  });
});
