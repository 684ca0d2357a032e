// @jsxRuntime automatic
// @jsxImportSource react
/** One label/value pair of a `<dl className="facts">`; nothing is rendered without a value. */
export function Fact(props: {
  label: string;
  value: string | null | undefined;
  className?: string;
}) {
  if (props.value == null || props.value === '') return null;
  return (
    <>
      <dt>{props.label}</dt>
      <dd className={props.className ?? 'wrap'}>{props.value}</dd>
    </>
  );
}
