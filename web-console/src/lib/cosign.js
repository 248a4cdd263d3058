// Pure parts of co-signing in the browser: what a pending action shows (weights per module, signers) and the
// check made before signing: the canonical string rebuilt here from the action the API shows must equal the
// API's byte for byte, as `mig cosign sign` requires, so what is signed is what was reviewed.
import { signedString } from './canonical.js';

/** "memory 1/2, file 2/2": the weight collected and needed per module. */
export function weightsText(pending) {
  return (pending.weights ?? []).map((w) => `${w.module} ${w.collected}/${w.needed}`).join(', ');
}

/** The names of who signed, in signing order. */
export function signersText(pending) {
  return (pending.signers ?? []).map((s) => s.name).join(', ');
}

/** The string to sign: the API's canonical string, once it equals the one rebuilt from the action shown. */
export function checkedCanonical(pending) {
  if (!pending?.action || typeof pending.canonical !== 'string') {
    throw new Error('the API gave no action or canonical string to sign');
  }
  const mine = signedString(pending.action);
  if (mine !== pending.canonical) {
    throw new Error(`refusing to sign action ${pending.id}: the API's canonical string differs from the action it shows`);
  }
  return mine;
}

/**
 * From the answer of POST /action/create/: { id } of a created action, or { id, cosign } when the API holds it
 * as awaiting signatures (its `cosign` data entry).
 */
export function createdAction(answer) {
  const data = answer?.collection?.items?.[0]?.data ?? [];
  const pending = data.find((d) => d.name === 'cosign')?.value;
  if (pending && typeof pending === 'object') {
    return { id: pending.id, cosign: pending };
  }
  const created = data.map((d) => d.value).find((v) => v && typeof v === 'object' && 'id' in v);
  return { id: created?.id };
}
