// @jsxRuntime automatic
// @jsxImportSource react
/** A label on the left, an amount on the right. */
export function Row(props: { label: string; value: string; className?: string }) {
  return (
    <div className={props.className ? `row ${props.className}` : 'row'}>
      <span className="wrap">{props.label}</span>
      <span className="num">{props.value}</span>
    </div>
  );
}
