// What the device checks of a file before it goes into a document slot (the server checks the
// stored bytes again). Pure: → a message {key, params}, or null when the file may go in.

export const isImage = (file) => String(file.type || '').startsWith('image/');

/** Photos are stored as JPEG after compression, so an image needs a slot that takes JPEG. */
export function typeProblem(doc, file) {
  const accept = doc.accept || [];
  const ok = isImage(file) ? accept.includes('image/jpeg') : accept.includes(file.type);
  return ok ? null : { key: 'document.mime', params: { name: file.name || 'tep' } };
}

/** The size limit applies to what is stored (a photo after compression). */
export function sizeProblem(doc, size, name) {
  if (!doc.max_size_mb || size <= doc.max_size_mb * 1024 * 1024) return null;
  return { key: 'document.too_large', params: { name, max_mb: doc.max_size_mb } };
}

/** The stored file's name: a compressed photo becomes .jpg. */
export function storedName(file) {
  const name = file.name || 'tep';
  return isImage(file) ? `${name.replace(/\.[^.]+$/, '')}.jpg` : name;
}

/** The slot's list with `item` added once (the same bytes twice are one file). */
export const withFile = (existing, item) => [...(Array.isArray(existing) ? existing : []).filter((x) => x.sha256 !== item.sha256), item];

/** The slot's list without the file (null when it is empty again). */
export function withoutFile(existing, sha256) {
  const items = (existing || []).filter((x) => x.sha256 !== sha256);
  return items.length ? items : null;
}
