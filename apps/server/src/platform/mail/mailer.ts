import type { Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { type Clock, newId } from '../clock.js';
import { outsideTransaction } from '../db/sqlite-guard.js';
import type { DB } from '../db/types.js';

declare module '../db/types.js' {
  interface DB {
    mail_messages: {
      id: string;
      org_id: string | null;
      to_address: string;
      subject: string;
      text_body: string;
      html_body: string | null;
      status: 'pending' | 'sending' | 'sent' | 'stored' | 'failed';
      attempts: number;
      error: string | null;
      created_at: string;
      sent_at: string | null;
    };
  }
}

export interface MailInput {
  orgId: string | null;
  to: string;
  subject: string;
  text: string;
  html?: string;
}

const MAX_ATTEMPTS = 5;

/**
 * Mail is written to `mail_messages` inside the caller's transaction (so nothing acknowledged is
 * lost and a rolled-back change sends nothing), then delivered after commit by `flush`. With SMTP
 * configured it is sent; without, nodemailer renders it and it stays readable in the outbox.
 */
export class Mailer {
  private readonly transport: Transporter;
  private flushing: Promise<void> | null = null;
  private again = false;
  readonly mode: 'smtp' | 'outbox';

  constructor(
    private readonly deps: {
      db: Kysely<DB>;
      clock: Clock;
      log: Logger;
      smtpUrl: string | null;
      from: string;
    },
  ) {
    this.mode = deps.smtpUrl ? 'smtp' : 'outbox';
    this.transport = deps.smtpUrl
      ? nodemailer.createTransport(deps.smtpUrl)
      : nodemailer.createTransport({ streamTransport: true, buffer: true });
  }

  /** Queues a message in the given transaction; call `flush()` after the commit. */
  async queue(db: Kysely<DB>, input: MailInput): Promise<string> {
    const id = newId();
    await db
      .insertInto('mail_messages')
      .values({
        id,
        org_id: input.orgId,
        to_address: input.to,
        subject: input.subject,
        text_body: input.text,
        html_body: input.html ?? null,
        status: 'pending',
        attempts: 0,
        error: null,
        created_at: this.deps.clock.now().toISOString(),
        sent_at: null,
      })
      .execute();
    return id;
  }

  /**
   * Delivers pending messages; safe to call often and from several server copies. A call made
   * while a delivery is running makes it look once more, so mail queued by a transaction that
   * committed meanwhile is not left for the timer.
   */
  flush(): Promise<void> {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    // Delivery may start inside a transaction's callback; it then simply waits for the commit.
    this.flushing = outsideTransaction(async () => {
      do {
        this.again = false;
        await this.deliverPending();
      } while (this.again);
    }).finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async deliverPending(): Promise<void> {
    const { db, clock, log } = this.deps;
    const pending = await db
      .selectFrom('mail_messages')
      .selectAll()
      .where('status', '=', 'pending')
      .orderBy('id')
      .limit(50)
      .execute();
    for (const msg of pending) {
      // Claim it so a second server copy does not send it too.
      const claimed = await db
        .updateTable('mail_messages')
        .set({ status: 'sending', attempts: msg.attempts + 1 })
        .where('id', '=', msg.id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) continue;
      try {
        await this.transport.sendMail({
          from: this.deps.from,
          to: msg.to_address,
          subject: msg.subject,
          text: msg.text_body,
          ...(msg.html_body ? { html: msg.html_body } : {}),
        });
        await db
          .updateTable('mail_messages')
          .set({
            status: this.mode === 'smtp' ? 'sent' : 'stored',
            sent_at: clock.now().toISOString(),
            error: null,
          })
          .where('id', '=', msg.id)
          .execute();
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        log.warn({ mailId: msg.id, err: message }, 'mail delivery failed');
        await db
          .updateTable('mail_messages')
          .set({ status: msg.attempts + 1 >= MAX_ATTEMPTS ? 'failed' : 'pending', error: message })
          .where('id', '=', msg.id)
          .execute();
      }
    }
  }

  close(): void {
    this.transport.close();
  }
}
