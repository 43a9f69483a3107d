// Creates the sessions the browser checks open: a valid body from the contract's document example
// (the participant's white-listed host, a fresh participant_unique_id1), sent through the checked
// client, so every create-session answer gets the always-on checks (schema, no 5xx, JSON, expiry,
// drift) the API suite gives it, and its masked evidence; the browser suite only adds that a session
// was created.
import { expect } from '@playwright/test';
import { bodyData } from '../client/answer.ts';
import type { SessionResponse } from '../client/session-client.ts';
import { expectCreated, expectReplay } from '../checks/index.ts';
import type { CheckedClient } from '../harness/checked-client.ts';

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

/** The checked client the browser checks create their sessions with. */
export type SessionSender = CheckedClient;

export function firstNameOf(body: Record<string, unknown>): string {
  return String((body['recipient_information'] as Record<string, unknown>)['first_name']);
}

/** Sends the body through the always-on checks, with its evidence attached; no expectation of its own. */
export async function send(sender: SessionSender, label: string, body: unknown, idempotencyKey?: string): Promise<SessionResponse> {
  return sender.send(label, body, idempotencyKey !== undefined ? { idempotencyKey } : {});
}

/**
 * Sends the body and requires the documented success (`status` 100, or 101 for a replay). Creating
 * the session is the browser check's precondition, not the rule it decides: the expectation names no
 * rule, so a refusal fails the rules the test stands for, as any plain assertion would.
 */
export async function createSession(sender: SessionSender, label: string, body: Record<string, unknown>, options: { idempotencyKey?: string; expectStatus?: 100 | 101 } = {}): Promise<CreatedSession> {
  const created = options.expectStatus === 101 ? expectReplay([]) : expectCreated([]);
  const response = await sender.send(label, body, { expect: created, ...(options.idempotencyKey !== undefined && { idempotencyKey: options.idempotencyKey }) });
  return { body, response, ...sessionOf(response) };
}

export function sessionOf(response: SessionResponse): { data: SessionData; expiresAt: Date } {
  const data = bodyData(response);
  expect(typeof data?.['authorized_url'], 'data.authorized_url is a string').toBe('string');
  expect(typeof data?.['session_identifier'], 'data.session_identifier is a string').toBe('string');
  const expiresAt = new Date(String(data!['authorized_url_expiration_utc']));
  expect(Number.isNaN(expiresAt.getTime()), 'data.authorized_url_expiration_utc is a date').toBe(false);
  return { data: data as unknown as SessionData, expiresAt };
}
