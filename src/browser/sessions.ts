// Creates the sessions the browser checks open: a valid body from the contract's document example
// (the participant's white-listed host, a fresh participant_unique_id1), sent signed, with the
// exchange attached to the test as masked evidence.
import { randomUUID } from 'node:crypto';
import type { TestInfo } from '@playwright/test';
import { expect } from '@playwright/test';
import type { SessionClient, SessionResponse } from '../client/session-client.ts';
import { validBody as harnessValidBody } from '../harness/bodies.ts';
import type { Contract } from '../contract/index.ts';
import { attachExchange } from '../report/evidence.ts';

export interface SessionData {
  readonly session_identifier: string;
  readonly authorized_url: string;
  readonly authorized_url_expiration_utc: string;
}

export interface CreatedSession {
  readonly body: Record<string, unknown>;
  readonly response: SessionResponse;
  readonly data: SessionData;
  readonly expiresAt: Date;
}

export interface SessionSender {
  readonly client: SessionClient;
  readonly testInfo: TestInfo;
  readonly secrets: readonly string[];
}

/** `hostUri`: the participant's white-listed host (config.primary.hostUri for the primary). */
export function validBody(contract: Contract, hostUri: string, recipient: Record<string, string> = {}): Record<string, unknown> {
  return harnessValidBody(contract, { paypal_enabled: false, host_uris: [hostUri] }, { top: { participant_unique_id1: `browser-${randomUUID()}` }, recipient });
}

export function firstNameOf(body: Record<string, unknown>): string {
  return String((body['recipient_information'] as Record<string, unknown>)['first_name']);
}

/** Sends the body and returns the response with its evidence attached; no assertion. */
export async function send(sender: SessionSender, label: string, body: unknown, idempotencyKey?: string): Promise<SessionResponse> {
  const response = await sender.client.createSession(body, idempotencyKey !== undefined ? { idempotencyKey } : {});
  await attachExchange(sender.testInfo, label, response, sender.secrets);
  return response;
}

/** Sends the body and requires the documented success (`status` 100, or 101 for a replay). */
export async function createSession(sender: SessionSender, label: string, body: Record<string, unknown>, options: { idempotencyKey?: string; expectStatus?: 100 | 101 } = {}): Promise<CreatedSession> {
  const response = await send(sender, label, body, options.idempotencyKey);
  const expected = options.expectStatus ?? 100;
  expect(response.status, `${label}: HTTP status of the create-session call`).toBeGreaterThanOrEqual(200);
  expect(response.status, `${label}: HTTP status of the create-session call`).toBeLessThan(300);
  expect((response.json as { status?: unknown } | undefined)?.status, `${label}: body status`).toBe(expected);
  return { body, response, ...sessionOf(response) };
}

export function sessionOf(response: SessionResponse): { data: SessionData; expiresAt: Date } {
  const data = (response.json as { data?: SessionData }).data;
  expect(typeof data?.authorized_url, 'data.authorized_url is a string').toBe('string');
  expect(typeof data?.session_identifier, 'data.session_identifier is a string').toBe('string');
  const expiresAt = new Date(data!.authorized_url_expiration_utc);
  expect(Number.isNaN(expiresAt.getTime()), 'data.authorized_url_expiration_utc is a date').toBe(false);
  return { data: data!, expiresAt };
}
