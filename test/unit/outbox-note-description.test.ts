import { describe, expect, it } from 'vitest';
import { noteDescription, noteMarker } from '../../main/core/outbox';
import { MAX_DO_NOTE_LENGTH } from '../../vtex';

describe('noteDescription', () => {
  it('says who wrote the note, then its text with the marker', () => {
    expect(
      noteDescription({ source: 'Order Desk (Packing 1, Ana)', message: 'Frágil [desk:a1]' }),
    ).toBe('Order Desk (Packing 1, Ana): Frágil [desk:a1]');
  });

  it('a text too long for VTEX loses characters before the marker, never the marker', () => {
    const marker = noteMarker('act-long');
    const d = noteDescription({
      source: 'Order Desk (P, A)',
      message: `${'x'.repeat(2000)} ${marker}`,
    });
    expect(d).toHaveLength(MAX_DO_NOTE_LENGTH);
    expect(d.endsWith(`… ${marker}`)).toBe(true);
    expect(d.startsWith('Order Desk (P, A): xxx')).toBe(true);
  });
});
