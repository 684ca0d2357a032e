import { describe, expect, it } from 'vitest';
import { MAIN_MESSAGES, mainLocale, mainMessages } from '../../main/host/main-messages';

describe("main's dialog language", () => {
  it("follows the station's language setting over the system's", () => {
    expect(mainLocale('pt-BR', 'en-US')).toBe('pt-BR');
    expect(mainLocale('es', 'pt-BR')).toBe('es');
    expect(mainLocale('en', 'es-AR')).toBe('en');
  });

  it("falls back to the system's language, then to English", () => {
    expect(mainLocale(undefined, 'pt-BR')).toBe('pt-BR');
    expect(mainLocale(null, 'pt')).toBe('pt-BR');
    expect(mainLocale(undefined, 'es-419')).toBe('es');
    expect(mainLocale(undefined, 'de-DE')).toBe('en');
    // Electron answers '' when asked before the app is ready.
    expect(mainLocale(undefined, '')).toBe('en');
    expect(mainLocale('', undefined)).toBe('en');
  });

  it('offers "Restart to update" in the chosen language', () => {
    expect(mainMessages('pt-BR', 'en-US').restartToUpdate).toBe('Reiniciar para atualizar');
    expect(mainMessages(undefined, 'es-MX').restartToUpdate).toBe('Reiniciar para actualizar');
    expect(mainMessages(undefined, 'fr-FR').restartToUpdate).toBe('Restart to update');
    expect(mainMessages('es', undefined).updateReady('Order Desk', '1.2.0')).toBe(
      'Order Desk 1.2.0 está listo para instalar.',
    );
  });

  it('has every message in every language, each one its own words', () => {
    const locales = Object.keys(MAIN_MESSAGES) as (keyof typeof MAIN_MESSAGES)[];
    expect(locales.sort()).toEqual(['en', 'es', 'pt-BR']);
    const said = (l: keyof typeof MAIN_MESSAGES) => {
      const m = MAIN_MESSAGES[l];
      return [
        m.unexpectedError('A'),
        m.unexpectedErrorDetail('boom'),
        m.cannotStart('A'),
        m.provisioningRejected('f.json'),
        m.updateReady('A', '2.0.0'),
        m.updateDetail,
        m.restartToUpdate,
        m.later,
      ];
    };
    for (const l of locales) {
      const words = said(l);
      expect(words.every((w) => w.trim().length > 0)).toBe(true);
      expect(words.find((w) => w.includes('boom'))).toBeDefined();
      for (const other of locales.filter((o) => o !== l)) {
        // Each translated line differs from the other languages' (the file name aside).
        const theirs = said(other);
        words.forEach((w, i) => {
          if (i !== 3) expect(w).not.toBe(theirs[i]);
        });
      }
    }
  });
});
