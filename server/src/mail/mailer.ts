import nodemailer from 'nodemailer';
import type { Logger } from 'pino';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/** Sends mail when SMTP is configured; the app never depends on it (links are also shown on screen). */
export interface Mailer {
  readonly enabled: boolean;
  send(mail: OutgoingMail): Promise<boolean>;
}

export function createMailer(smtp: { url: string; from: string } | undefined, logger: Logger): Mailer {
  if (!smtp) {
    return { enabled: false, send: async () => false };
  }
  const transport = nodemailer.createTransport(smtp.url);
  return {
    enabled: true,
    async send(mail) {
      try {
        await transport.sendMail({ from: smtp.from, ...mail });
        return true;
      } catch (error) {
        // The recipient's address is personal data: log the failure, not the address.
        logger.warn({ err: error }, 'could not send mail');
        return false;
      }
    },
  };
}
