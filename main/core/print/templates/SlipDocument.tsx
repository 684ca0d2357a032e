// @jsxRuntime automatic
// @jsxImportSource react
import type { ReactNode } from 'react';

/** The whole HTML document of a slip: one self-contained file, with its print CSS inline. */
export function SlipDocument(props: {
  lang: string;
  title: string;
  css: string;
  children: ReactNode;
}) {
  return (
    <html lang={props.lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        {/* Inline, unescaped: React would escape `>` in the CSS text. The CSS is our own constant. */}
        <style dangerouslySetInnerHTML={{ __html: props.css }} />
      </head>
      <body>{props.children}</body>
    </html>
  );
}
