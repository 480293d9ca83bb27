// The Dexie database itself (its tables are described in db.js). A module of its own so that the
// keyring (crypto/keyring.js), which db.js uses to seal files, can reach the meta table without
// an import circle.
import Dexie from 'dexie';

export const db = new Dexie('tiepsuc');
db.version(1).stores({
  drafts: 'id, procedure_code, status, owner, updated_at',
  files: 'key, draft_id, sha256',
  outbox: '++seq, draft_id, state, next_attempt_at',
  meta: 'key',
});
