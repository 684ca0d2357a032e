// @jsxRuntime automatic
// @jsxImportSource react

/**
 * The NF-e access key in blocks of four, `perLine` blocks to a line, so the 44 digits break into
 * even lines instead of leaving one block alone at the end.
 */
export function InvoiceKey(props: { label: string; value: string | null; perLine: number }) {
  if (!props.value) return null;
  const blocks = props.value.split(' ');
  const lines: string[] = [];
  for (let i = 0; i < blocks.length; i += props.perLine) {
    lines.push(blocks.slice(i, i + props.perLine).join(' '));
  }
  return (
    <div className="key">
      <div className="strong">{props.label}</div>
      {lines.map((l, i) => (
        <div key={i} className="key-digits wrap">
          {l}
        </div>
      ))}
    </div>
  );
}
