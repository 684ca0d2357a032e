import { describe, expect, it } from 'vitest';
import { looksLikeHtml } from '../../renderer/src/features/order/message-html';

// The sanitizing itself is checked in Chromium (test/e2e/floor.test.ts): DOMPurify needs a real
// browser's parser, which happy-dom is not.
describe('VTEX e-mail bodies', () => {
  it('tells HTML from plain text', () => {
    expect(looksLikeHtml('<p>hi</p>')).toBe(true);
    expect(looksLikeHtml('2 < 3 and 4 > 1')).toBe(false);
  });
});
