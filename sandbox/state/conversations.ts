import type { SandboxContext } from '../context';
import { schema } from './db';

/** A participant of an order conversation, as `GET …/conversation-message` shows it. */
export interface ConversationParticipant {
  conversationRelatedTo: string;
  conversationSubject: string;
  emailAlias: string;
  aliasMaskType: number;
  email: string;
  name: string;
  role: string | null;
}

/** One e-mail VTEX sent about an order (the Get conversation response item). */
export interface ConversationMessage {
  id: string;
  from: ConversationParticipant;
  to: ConversationParticipant[];
  subject: string;
  firstWords: string;
  body: string;
  hasAttachment: boolean;
  attachmentNames: string[];
  date: string;
}

/**
 * Order conversations live in their own table: the order document must look exactly like VTEX's,
 * so nothing private can ride inside it.
 */
function ensureTable(ctx: SandboxContext): void {
  schema(
    ctx.db,
    `CREATE TABLE IF NOT EXISTS conversations (
       id INTEGER PRIMARY KEY AUTOINCREMENT,
       order_id TEXT NOT NULL,
       message TEXT NOT NULL
     );
     CREATE INDEX IF NOT EXISTS conversations_order ON conversations(order_id, id);`,
  );
}

// Created on use (idempotent and cheap), so a control-API reset that drops tables cannot break it.
const table = ensureTable;

export function addMessage(ctx: SandboxContext, orderId: string, msg: ConversationMessage): void {
  table(ctx);
  ctx.db
    .prepare('INSERT INTO conversations (order_id, message) VALUES (?, ?)')
    .run(orderId, JSON.stringify(msg));
}

/** The order's messages, oldest first; an empty list for an order without messages. */
export function listMessages(ctx: SandboxContext, orderId: string): ConversationMessage[] {
  table(ctx);
  return (
    ctx.db
      .prepare('SELECT message FROM conversations WHERE order_id = ? ORDER BY id')
      .all(orderId) as {
      message: string;
    }[]
  ).map((r) => JSON.parse(r.message) as ConversationMessage);
}

/** Removes every conversation (the control API's reset). */
export function clearMessages(ctx: SandboxContext): void {
  table(ctx);
  ctx.db.exec('DELETE FROM conversations');
}
