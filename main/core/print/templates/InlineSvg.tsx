// @jsxRuntime automatic
// @jsxImportSource react
/**
 * SVG markup produced by bwip-js or qrcode from our own text, placed as is: both libraries emit
 * only shapes (no text, scripts or links), so nothing from an order can inject markup here.
 */
export function InlineSvg(props: { svg: string; className: string; label: string }) {
  return (
    <div
      className={`svg ${props.className}`}
      role="img"
      aria-label={props.label}
      dangerouslySetInnerHTML={{ __html: props.svg }}
    />
  );
}
