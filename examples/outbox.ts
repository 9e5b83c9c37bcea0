// Reads the messages the API writes to DATA_DIR/outbox when no SMTP server is configured, and
// finds the token in a message, the way a person would copy it from the link.
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';

export interface ReceivedMail {
  file: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The token of the message's link, if it has one. */
  token: string | undefined;
}

/** Every message in an outbox folder, oldest first. */
export async function readOutbox(outboxDir: string): Promise<ReceivedMail[]> {
  if (!fs.existsSync(outboxDir)) return [];
  const files = fs
    .readdirSync(outboxDir)
    .filter((name) => name.endsWith('.eml'))
    .sort();
  return Promise.all(
    files.map(async (file) => {
      const parsed = await simpleParser(fs.readFileSync(path.join(outboxDir, file)));
      const to = Array.isArray(parsed.to) ? parsed.to[0]?.text : parsed.to?.text;
      const text = parsed.text ?? '';
      const token = /[?&]token=([\w-]+)/.exec(text)?.[1];
      const html = typeof parsed.html === 'string' ? parsed.html : '';
      return { file, to: to ?? '', subject: parsed.subject ?? '', text, html, token };
    }),
  );
}

/** The messages sent to one address, oldest first. */
export async function mailTo(outboxDir: string, address: string): Promise<ReceivedMail[]> {
  const all = await readOutbox(outboxDir);
  return all.filter((mail) => mail.to.toLowerCase() === address.toLowerCase());
}

/** Waits (up to `timeoutMs`) for a message to an address with a subject, and returns its token. */
export async function waitForToken(
  outboxDir: string,
  address: string,
  subject: string,
  { after = 0, timeoutMs = 10_000 } = {},
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mail = (await mailTo(outboxDir, address)).filter((m) => m.subject === subject);
    const token = mail.slice(after).at(-1)?.token;
    if (token) return token;
    if (Date.now() > deadline)
      throw new Error(`no "${subject}" message for ${address} in ${outboxDir}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
