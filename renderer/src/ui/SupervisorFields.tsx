/**
 * A supervisor's word: another person's name and PIN at this station (checked in main, where a
 * wrong PIN counts toward the lock). Shared by every action that needs one.
 */
export function SupervisorFields({
  labels,
  name,
  pin,
  onName,
  onPin,
  testIds,
}: {
  labels: { name: string; pin: string };
  name: string;
  pin: string;
  onName: (value: string) => void;
  onPin: (value: string) => void;
  testIds: { name: string; pin: string };
}) {
  return (
    <>
      <label className="field">
        <span className="field__label">{labels.name}</span>
        <input
          className="input"
          value={name}
          maxLength={80}
          autoComplete="off"
          data-testid={testIds.name}
          onChange={(e) => onName(e.target.value)}
        />
      </label>
      <label className="field">
        <span className="field__label">{labels.pin}</span>
        <input
          className="input mono"
          type="password"
          inputMode="numeric"
          value={pin}
          maxLength={32}
          autoComplete="off"
          data-testid={testIds.pin}
          onChange={(e) => onPin(e.target.value)}
        />
      </label>
    </>
  );
}
