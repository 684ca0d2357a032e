import { useDesk } from '../../store';
import { AttentionDiscardDialog, AttentionEditDialog } from '../attention/AttentionDialogs';
import { ChangeDialog } from '../change/ChangeDialog';
import { CancelDialog } from './CancelDialog';
import { InvoiceDialog } from './InvoiceDialog';
import { NoteDialog } from './NoteDialog';
import { PackCheckDialog } from './PackCheckDialog';
import { RecordPaymentDialog } from './RecordPaymentDialog';
import { StartHandlingDialog } from './StartHandlingDialog';
import { TrackingDialog } from './TrackingDialog';

/** The one open dialog, if any (the ui slice says which). */
export function DialogHost() {
  const dialog = useDesk((s) => s.dialog);
  const detail = useDesk((s) => s.order.data);
  const attentionItems = useDesk((s) => s.attention.data?.items);
  if (!dialog) return null;

  if ('actionId' in dialog) {
    const action =
      detail?.actions.find((a) => a.actionId === dialog.actionId) ??
      attentionItems?.find((a) => a.actionId === dialog.actionId);
    if (!action) return null;
    return dialog.kind === 'attention-edit' ? (
      <AttentionEditDialog key={action.actionId} action={action} />
    ) : (
      <AttentionDiscardDialog key={action.actionId} action={action} />
    );
  }

  if (!detail || detail.row.orderId !== dialog.orderId) return null;
  const key = `${dialog.kind}-${dialog.orderId}`;
  switch (dialog.kind) {
    case 'start-handling':
      return <StartHandlingDialog key={key} detail={detail} />;
    case 'record-payment':
      return <RecordPaymentDialog key={key} detail={detail} />;
    case 'invoice':
      return (
        <InvoiceDialog
          key={`${key}-${dialog.packed ? 'packed' : 'plain'}`}
          detail={detail}
          type="Output"
          packed={dialog.packed}
        />
      );
    case 'return':
      return <InvoiceDialog key={key} detail={detail} type="Input" />;
    case 'tracking':
      return <TrackingDialog key={key} detail={detail} />;
    case 'cancel':
      return <CancelDialog key={key} detail={detail} />;
    case 'note':
      return <NoteDialog key={key} detail={detail} />;
    case 'change':
      return (
        <ChangeDialog
          key={key}
          detail={detail}
          {...('fromPack' in dialog ? { intent: dialog.fromPack.intent } : {})}
        />
      );
    case 'pack-check':
      return (
        <PackCheckDialog
          key={key}
          detail={detail}
          {...(dialog.scans ? { scans: dialog.scans } : {})}
        />
      );
  }
}
