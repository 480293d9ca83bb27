// Adding a file to a document slot: checked (file-checks.js), a photo compressed on the device,
// the Blob stored in `files` under its SHA-256, then the slot's answer lists it. Removing it
// takes it out of the answer and the store.
import { useCallback } from 'react';
import { t } from '../i18n.js';
import { putFile, removeFile } from '../db.js';
import { compressImage, sha256Hex } from '../compress.js';
import { getIn, setIn } from '../fields/paths.js';
import { isImage, sizeProblem, storedName, typeProblem, withFile, withoutFile } from './file-checks.js';
import { withKeptFile } from './returning.js';
import { attachKept } from './returning-api.js';

export function useAttachments(draftRef, mutate, lang) {
  /** → '' when the file went in, else the message to show on the slot. */
  const addFile = useCallback(async (field, path, doc, file) => {
    const wrongType = typeProblem(doc, file);
    if (wrongType) return t(wrongType.key, wrongType.params, lang);
    const blob = isImage(file) ? await compressImage(file) : file;
    const name = storedName(file);
    const tooLarge = sizeProblem(doc, blob.size, name);
    if (tooLarge) return t(tooLarge.key, tooLarge.params, lang);
    const sha256 = await sha256Hex(blob);
    await putFile(draftRef.current.id, sha256, blob, { name, original_size: file.size, document_id: doc.id, field: field.id });
    const parts = path.split('.');
    const item = { sha256, size: blob.size, mime: blob.type, name };
    mutate((cur) => ({ ...cur, answers: setIn(cur.answers, parts, withFile(getIn(cur.answers, parts), item)) }), true);
    return '';
  }, [draftRef, mutate, lang]);

  const removeFromSlot = useCallback(async (field, path, item) => {
    const parts = path.split('.');
    mutate((cur) => ({ ...cur, answers: setIn(cur.answers, parts, withoutFile(getIn(cur.answers, parts), item.sha256)) }), true);
    await removeFile(draftRef.current.id, item.sha256);
  }, [draftRef, mutate]);

  /** A returning citizen's kept document instead of a new photo: the server copies it into this
   * dossier; the device holds no bytes of it (sync skips it: draft.kept_files). → '' or the message. */
  const addKept = useCallback(async (field, path, doc, kept) => {
    let answer;
    try {
      answer = await attachKept(draftRef.current, kept, draftRef.current.procedure_code, doc.id);
    } catch {
      answer = { status: 0 };
    }
    if (answer.status !== 200 || !answer.payload?.sha256) return t('returning.failed', {}, lang);
    const item = answer.payload;
    const parts = path.split('.');
    mutate((cur) => withKeptFile({ ...cur, answers: setIn(cur.answers, parts, withFile(getIn(cur.answers, parts), item)) },
      item.sha256), true);
    return '';
  }, [draftRef, mutate, lang]);

  return { addFile, removeFile: removeFromSlot, addKept };
}
