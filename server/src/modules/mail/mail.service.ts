import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import type { MailContent } from './mail-templates';

/**
 * Outgoing mail through the SMTP server of SMTP_URL. Sending never fails the
 * request that triggers it: callers send after their transaction commits and
 * learn only whether the server accepted the message (true) or not (false:
 * mail is off, the server refused, or SMTP_URL's server did not answer within
 * MAIL_SEND_TIMEOUT_MS). Failures are logged with the recipient's domain only.
 */
@Injectable()
export class MailService implements OnModuleDestroy {
  private readonly logger = new Logger('Mail');
  private readonly transport: Transporter | null;
  private readonly from: string;
  private readonly timeoutMs: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const mail = config.mail;
    this.from = mail?.from ?? '';
    this.timeoutMs = mail?.sendTimeoutMs ?? 0;
    // One connection per message (no pool): mails are rare, and no idle connection can go stale.
    this.transport = mail
      ? createTransport({
          url: mail.smtpUrl,
          connectionTimeout: mail.sendTimeoutMs,
          greetingTimeout: mail.sendTimeoutMs,
          socketTimeout: mail.sendTimeoutMs,
          dnsTimeout: mail.sendTimeoutMs,
        })
      : null;
  }

  /** Whether SMTP_URL is set: without it nothing is sent and links are only shown. */
  get enabled(): boolean {
    return this.transport !== null;
  }

  /** True once the SMTP server accepted the message for `to`; false otherwise (logged). Never throws. */
  async send(to: string, content: MailContent): Promise<boolean> {
    if (!this.transport) return false;
    const signal = AbortSignal.timeout(this.timeoutMs);
    const message: Mail.Options & { signal: AbortSignal } = {
      from: this.from,
      to,
      subject: content.subject,
      text: content.text,
      html: content.html,
      // The whole conversation, however the server stalls (nodemailer's own timeouts are per phase).
      signal,
    };
    try {
      const info = await this.transport.sendMail(message);
      if ((info.rejected ?? []).length > 0) {
        this.logger.warn(`the SMTP server refused a message to an address at ${domainOf(to)}`);
        return false;
      }
      return true;
    } catch (err) {
      const why = signal.aborted ? `no answer within ${this.timeoutMs} ms` : describe(err).split(to).join('<recipient>');
      this.logger.warn(`could not send a message to an address at ${domainOf(to)}: ${why}`);
      return false;
    }
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1) || '(no domain)';
}

/** The error's code and text (the SMTP server's reply at most): never the mail, which carries a link. */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? `${code} ${err.message}` : err.message;
}
