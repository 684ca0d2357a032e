import DOMPurify from 'dompurify';

/**
 * VTEX's e-mails to the customer are HTML. Shown as text they are a wall of markup; shown as they
 * come they could run scripts or call home. DOMPurify keeps only formatting (paragraphs, lists,
 * tables, emphasis, links) and drops everything else: scripts, styles, images, forms, event
 * attributes. Links open outside the desk.
 */
const ALLOWED_TAGS = [
  'p',
  'br',
  'div',
  'span',
  'b',
  'strong',
  'i',
  'em',
  'u',
  'small',
  'ul',
  'ol',
  'li',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'hr',
  'a',
  'pre',
  'code',
];

let hooked = false;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** The words of an HTML body, as escaped text (where no DOM can sanitize it). */
function textOnly(html: string): string {
  const text = html
    .replace(/<(script|style)[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export function sanitizeMessageHtml(html: string): string {
  // DOMPurify needs a real DOM; without one it would hand the markup back untouched.
  if (!DOMPurify.isSupported) return textOnly(html);
  if (!hooked) {
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A') {
        const href = node.getAttribute('href') ?? '';
        if (!/^(https?:|mailto:)/i.test(href)) node.removeAttribute('href');
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    });
    hooked = true;
  }
  return DOMPurify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR: ['href', 'colspan', 'rowspan', 'target', 'rel'],
    ALLOW_DATA_ATTR: false,
  });
}

/** Whether a body is HTML at all (plain text keeps its line breaks as text). */
export function looksLikeHtml(body: string): boolean {
  return /<\/?[a-z][\s\S]*>/i.test(body);
}
