// The two documented demo participants of the embedded simulator. Their credentials are public
// (they are in .env.example); they exist only so the harness and integrators can try things locally.

export interface Participant {
  readonly username: string;
  readonly secret: string;
  readonly participant_id: string;
  readonly paypal_enabled: boolean;
  /** White-listed host origins; the first is the default when a request names none. */
  readonly host_uris: readonly string[];
}

export const DEMO_PRIMARY: Participant = {
  username: 'demo-paypal',
  secret: 'demo-paypal-secret-not-for-production',
  participant_id: '100001',
  paypal_enabled: true,
  host_uris: ['https://digitalpay.ingo.money', 'https://wallet.demo-paypal.test'],
};

export const DEMO_SECONDARY: Participant = {
  username: 'demo-standard',
  secret: 'demo-standard-secret-not-for-production',
  participant_id: '100002',
  paypal_enabled: false,
  host_uris: ['https://app.demo-standard.test'],
};

export const DEMO_PARTICIPANTS: readonly Participant[] = [DEMO_PRIMARY, DEMO_SECONDARY];
