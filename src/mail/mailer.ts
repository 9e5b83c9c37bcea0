import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { BackgroundTasks } from '../backgroundTasks.js';
import type { Logger } from '../logger.js';
import type { MailContent } from './messages.js';

export interface MailSettings {
  smtpUrl?: string | undefined;
  from: string;
  outboxDir: string;
}

export interface OutgoingMail extends MailContent {
  to: string;
}

/**
 * Sends account mail in the background: through SMTP when SMTP_URL is set, otherwise into
 * DATA_DIR/outbox as .eml files that a person or a test can open. A failure is logged, never
 * thrown: the account change that caused the mail is already saved, and the request that
 * caused it must not tell whether an account exists.
 */
export class Mailer {
  private readonly transport: Transporter;

  constructor(
    private readonly settings: MailSettings,
    private readonly tasks: BackgroundTasks,
  ) {
    this.transport = settings.smtpUrl
      ? nodemailer.createTransport(settings.smtpUrl)
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  get usesOutbox(): boolean {
    return !this.settings.smtpUrl;
  }

  send(mail: OutgoingMail, log: Logger): void {
    this.tasks.run(`mail:${mail.kind}`, () => this.deliver(mail, log), log);
  }

  private async deliver(mail: OutgoingMail, log: Logger): Promise<void> {
    const { kind, to, subject, text, html } = mail;
    const info = (await this.transport.sendMail({
      from: this.settings.from,
      to,
      subject,
      text,
      html,
    })) as {
      message?: Buffer;
    };
    if (this.usesOutbox && info.message) await this.writeToOutbox(kind, info.message);
    log.info(
      { event: 'mail_sent', kind, transport: this.usesOutbox ? 'outbox' : 'smtp' },
      'mail sent',
    );
  }

  /** Written under a temporary name and renamed, so a reader never sees half a message. */
  private async writeToOutbox(kind: string, message: Buffer): Promise<void> {
    await fs.mkdir(this.settings.outboxDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const name = `${stamp}-${kind}-${randomUUID().slice(0, 8)}.eml`;
    const draft = path.join(this.settings.outboxDir, `.${name}.tmp`);
    await fs.writeFile(draft, message, { mode: 0o600 });
    await fs.rename(draft, path.join(this.settings.outboxDir, name));
  }

  close(): void {
    this.transport.close();
  }
}
