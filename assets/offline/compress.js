// On-device photo compression with the browser's own canvas encoder (no library, no worker URL,
// so it works offline under the CSP). An A4 page photographed at 12 MP comes out as a JPEG of
// at most 400 KB with the long side ≤ 2000 px (≈ 170 dpi on A4: 7 pt print stays readable).
// Quality starts at 0.70: on document photos it looks the same as 0.82 at about a third less.
export const MAX_BYTES = 400 * 1024;
export const MAX_LONG_SIDE = 2000;
export const MIN_LONG_SIDE = 1000;

/** Target size for a w×h image whose long side must not exceed `maxLong`. */
export function fitWithin(width, height, maxLong = MAX_LONG_SIDE) {
  const long = Math.max(width, height);
  if (long <= maxLong) return { width, height, scale: 1 };
  const scale = maxLong / long;
  return { width: Math.round(width * scale), height: Math.round(height * scale), scale };
}

/** Encoding attempts, best first: (long side, JPEG quality). */
export function plan(maxLong = MAX_LONG_SIDE) {
  const out = [];
  for (let long = maxLong; long >= MIN_LONG_SIDE; long = Math.round(long * 0.8)) {
    for (const q of [0.7, 0.6, 0.5]) out.push({ long, quality: q });
  }
  out.push({ long: MIN_LONG_SIDE, quality: 0.4 });
  return out;
}

async function encode(bitmap, long, quality) {
  const { width, height } = fitWithin(bitmap.width, bitmap.height, long);
  let canvas;
  if (typeof OffscreenCanvas !== 'undefined') canvas = new OffscreenCanvas(width, height);
  else { canvas = document.createElement('canvas'); canvas.width = width; canvas.height = height; }
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff'; // transparent PNG areas become white, not black
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(bitmap, 0, 0, width, height);
  if (canvas.convertToBlob) return canvas.convertToBlob({ type: 'image/jpeg', quality });
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
}

/** Compress an image File/Blob to a JPEG Blob ≤ maxBytes (EXIF orientation applied). */
export async function compressImage(file, maxBytes = MAX_BYTES) {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    let last = null;
    for (const step of plan()) {
      last = await encode(bitmap, Math.min(step.long, Math.max(bitmap.width, bitmap.height)), step.quality);
      if (last.size <= maxBytes) return last;
    }
    return last;
  } finally {
    bitmap.close?.();
  }
}

export async function sha256Hex(blob) {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
