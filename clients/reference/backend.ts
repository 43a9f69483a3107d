// The integrator's backend: creates a session for a checkout, retries a request whose connection
// failed, and recovers an expired URL. It keeps the exact body bytes and the Idempotency-Key of each
// session, because a retry and a recovery must send both again unchanged.
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import type { Flaws } from './flaws.ts';
import { SESSION_PATH, signedHeaders, type Credentials } from './signing.ts';

export interface BackendConfig extends Credentials {
  readonly baseUrl: string;
  /** The white-listed origin of the checkout page. */
  readonly hostUri: string;
}

export interface Customer {
  readonly orderId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly addressLine1: string;
  readonly addressLine2: string;
  readonly city: string;
  readonly state: string;
  readonly zip: string;
  readonly email: string;
  readonly phone: string;
}

export interface PluginSession {
  readonly sessionId: string;
  readonly url: string;
  readonly expiresAt: Date;
}

interface Answer {
  readonly status: number;
  readonly json: { status?: number; client_message?: string; data?: Record<string, unknown> } | undefined;
}

const STAGING_HOST = 'https://staging.checkout.example';
const RETRIES = 2;

export class CheckoutBackend {
  private current: { key: string | undefined; body: Buffer; customer: Customer } | undefined;

  constructor(
    private readonly config: BackendConfig,
    private readonly flaws: Flaws,
    private readonly log: (line: string) => void,
  ) {}

  /** A new session for this checkout (a new key), retried on a connection error. */
  async startSession(customer: Customer): Promise<PluginSession> {
    const body = this.body(customer);
    const { answer, key } = await this.send(body, this.flaws.sendKey ? randomUUID() : undefined);
    // Kept with the session: the key of the request that got it, and the exact bytes it sent.
    this.current = { key, body, customer };
    return this.sessionOf(answer);
  }

  /** The same session with a new URL: the same key and the same body (101). */
  async recover(): Promise<PluginSession> {
    if (!this.current) throw new Error('no session to recover');
    const body = this.flaws.recoveryBody === 'rebuilt' ? this.body({ ...this.current.customer, addressLine2: 'Apt 4' }) : this.current.body;
    return this.sessionOf((await this.send(body, this.current.key)).answer);
  }

  private body(customer: Customer): Buffer {
    const recipient: Record<string, string> = {
      first_name: customer.firstName,
      last_name: customer.lastName,
      address_line1: customer.addressLine1,
      address_line2: customer.addressLine2,
      city: customer.city,
      state: customer.state,
      zip_code: customer.zip,
      ...(this.flaws.sendEmail && { email_address: customer.email }),
      phone_number: customer.phone,
    };
    const body = { participant_unique_id1: customer.orderId, host_uri: this.flaws.hostUri === 'white-listed' ? this.config.hostUri : STAGING_HOST, recipient_information: recipient };
    return Buffer.from(JSON.stringify(body), 'utf8');
  }

  /** Sends, and on a connection error retries the same request: per the flaws, with the same key, none, or a new one. */
  private async send(body: Buffer, key: string | undefined): Promise<{ answer: Answer; key: string | undefined }> {
    let attemptKey = key;
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await this.post(body, attemptKey);
        this.log(`backend: POST ${SESSION_PATH} (${attemptKey ? `key ${attemptKey.slice(0, 8)}…` : 'no key'}) → HTTP ${answer.status}${answer.json?.status !== undefined ? `, ${answer.json.status}` : ''}`);
        if (answer.status >= 500 && attempt < RETRIES) continue;
        return { answer, key: attemptKey };
      } catch (error) {
        this.log(`backend: POST ${SESSION_PATH} failed: ${(error as Error).message}${attempt < RETRIES ? '; retrying' : ''}`);
        if (attempt >= RETRIES) throw error;
        await new Promise((r) => setTimeout(r, 200));
        if (this.flaws.retryKey === 'none') attemptKey = undefined;
        else if (this.flaws.retryKey === 'new') attemptKey = randomUUID();
      }
    }
  }

  private sessionOf(answer: Answer): PluginSession {
    const data = answer.json?.data;
    if ((answer.json?.status !== 100 && answer.json?.status !== 101) || typeof data?.['authorized_url'] !== 'string') {
      throw new Error(`the session was not created: HTTP ${answer.status}${answer.json?.status !== undefined ? `, status ${answer.json.status} (${answer.json.client_message ?? ''})` : ''}`);
    }
    return { sessionId: String(data['session_identifier']), url: data['authorized_url'], expiresAt: new Date(String(data['authorized_url_expiration_utc'])) };
  }

  private post(body: Buffer, key: string | undefined): Promise<Answer> {
    const signed = signedHeaders(this.config, body, this.flaws, new Date());
    // A framework that serialises the object again after the signature was made.
    const sent = this.flaws.reserialiseAfterHashing ? Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8')), null, 2), 'utf8') : body;
    const headers: Record<string, string> = { ...signed, 'Content-Length': String(sent.byteLength), ...(key !== undefined && { 'Idempotency-Key': key }) };
    if (this.flaws.contentTypeOnTheWire) headers['Content-Type'] = this.flaws.contentTypeOnTheWire;
    const url = new URL(SESSION_PATH, this.config.baseUrl);
    return new Promise((resolve, reject) => {
      const req = request(url, { method: 'POST', headers, timeout: 10_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Answer['json'];
          try {
            json = JSON.parse(text) as Answer['json'];
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', reject);
      req.end(sent);
    });
  }
}
