import { useState } from 'react';
import type { ActionQueued, DeskFailure } from '../../../../preload/contract';
import type { Outcome } from '../../store';
import { useDesk } from '../../store';

/**
 * Sends a dialog's action: while it is on its way the dialog is busy; a refusal stays in the
 * dialog (with the code's words); success closes it and says what happened.
 */
export function useActionSubmit(
  onQueued: (queued: ActionQueued) => string,
  /** The same sentence once the action reached VTEX (the toast changes to it then). */
  onSynced?: (queued: ActionQueued) => string,
) {
  const closeDialog = useDesk((s) => s.closeDialog);
  const showToast = useDesk((s) => s.showToast);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<DeskFailure | null>(null);

  const submit = async (send: () => Promise<Outcome<ActionQueued>>) => {
    if (busy) return;
    setBusy(true);
    setFailure(null);
    const result = await send();
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    closeDialog();
    const synced = onSynced?.(result.data);
    showToast(
      'ok',
      onQueued(result.data),
      synced ? { actionId: result.data.actionId, syncedText: synced, at: Date.now() } : undefined,
    );
  };

  return { busy, failure, submit, clearFailure: () => setFailure(null) };
}
