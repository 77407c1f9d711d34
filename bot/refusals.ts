/**
 * How a card words a refusal: the one place the bot turns a kind of error (core/errors.ts) into
 * words. The detail says what was wrong; the kind says how to read it.
 */
import type { LiaisonError } from '../core';

export function refusalText(e: LiaisonError): string {
  switch (e.kind) {
    case 'forbidden':
      return `You can't do that here: ${e.detail}`;
    case 'conflict':
      return `This has moved on: ${e.detail}`;
    default:
      return e.detail;
  }
}
