import { useState } from 'react';
import type { DeskFailure } from '../../../../preload/contract';
import type { Outcome } from '../../store';

/** A settings form's save: busy while it goes, the refusal (with its fields) if any, "saved". */
export function useSave() {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<DeskFailure | null>(null);
  const [saved, setSaved] = useState(false);
  const run = async <T>(send: () => Promise<Outcome<T>>): Promise<T | null> => {
    setBusy(true);
    setFailure(null);
    setSaved(false);
    const result = await send();
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return null;
    }
    setSaved(true);
    return result.data;
  };
  const fieldError = (path: string) =>
    failure?.fields?.find((f) => f.path === path || f.path.endsWith(`.${path}`))?.message ?? null;
  return { busy, failure, saved, run, fieldError };
}
