import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../preload/contract';
import { useDesk } from '../../store';
import { Field } from '../../ui/Field';
import { ActionDialog } from './ActionDialog';
import { NOTE_MAX, checkText } from './forms';
import { useActionSubmit } from './use-action-submit';

/** A note on the order, kept at VTEX as a note of its document store (VTEX DO). Ctrl+Enter sends (Enter is a new line). */
export function NoteDialog({ detail }: { detail: OrderDetail }) {
  const { t } = useTranslation();
  const act = useDesk((s) => s.act);
  const [message, setMessage] = useState('');
  const [tried, setTried] = useState(false);
  const order = detail.row.sequence ? `#${detail.row.sequence}` : detail.row.orderId;
  const { busy, failure, submit } = useActionSubmit(
    () => t('actions.queued', { action: t('verbs.note'), order }),
    () => t('floor.synced', { action: t('verbs.note'), order }),
  );
  const problem = checkText(message, NOTE_MAX);
  const error =
    problem === 'too-long'
      ? t('actions.note.tooLong', { max: NOTE_MAX })
      : problem === 'missing' && tried
        ? t('actions.note.missing')
        : null;

  const send = () => {
    setTried(true);
    if (problem) return;
    void submit(() =>
      act('actions:note', { orderId: detail.row.orderId, message: message.trim() }),
    );
  };

  return (
    <ActionDialog
      title={t('actions.note.title', { order })}
      lead={t('actions.note.lead')}
      check={detail.checks.note}
      failure={failure}
      busy={busy}
      submitLabel={t('actions.note.submit')}
      testId="dialog-note"
      onSubmit={send}
    >
      <Field
        label={t('actions.note.message')}
        hint={t('actions.note.hint', { used: message.trim().length, max: NOTE_MAX })}
        error={error}
      >
        {({ id, describedBy, invalid }) => (
          <textarea
            id={id}
            className="input textarea"
            rows={5}
            value={message}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            aria-keyshortcuts="Control+Enter"
            data-testid="note-message"
            onChange={(e) => setMessage(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                send();
              }
            }}
          />
        )}
      </Field>
    </ActionDialog>
  );
}
