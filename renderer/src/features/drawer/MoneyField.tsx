import { Field } from '../../ui/Field';

/** An amount typed at the till ("150", "150,00"): text in, the screen parses it in cents. */
export function MoneyField({
  label,
  hint,
  value,
  onChange,
  error,
  testId,
  autoFocus,
}: {
  label: string;
  hint?: string;
  value: string;
  onChange: (text: string) => void;
  error?: string | null;
  testId: string;
  autoFocus?: boolean;
}) {
  return (
    <Field label={label} hint={hint} error={error ?? null}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          className="input input--money num"
          inputMode="decimal"
          autoComplete="off"
          value={value}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          data-testid={testId}
          data-autofocus={autoFocus ? true : undefined}
          autoFocus={autoFocus}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
