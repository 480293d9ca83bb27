// Reads a QR code from a canvas: the browser's BarcodeDetector where it knows QR codes, else
// ZXing (@zxing/library, loaded on first need; Debian's Chromium on Linux has no detector).
// → async (canvas) => text | null.

async function nativeDetector() {
  const Detector = globalThis.BarcodeDetector;
  if (!Detector) return null;
  try {
    const formats = await Detector.getSupportedFormats();
    return formats.includes('qr_code') ? new Detector({ formats: ['qr_code'] }) : null;
  } catch {
    return null;
  }
}

/** Grey levels of an RGBA image, as ZXing's luminance source takes them. */
export function luminance({ data, width, height }) {
  const out = new Uint8ClampedArray(width * height);
  for (let i = 0, j = 0; i < out.length; i += 1, j += 4) out[i] = (data[j] * 306 + data[j + 1] * 601 + data[j + 2] * 117) >> 10;
  return out;
}

export async function makeDecoder() {
  const native = await nativeDetector();
  if (native) {
    return async (canvas) => {
      const found = await native.detect(canvas).catch(() => []);
      return found.length ? found[0].rawValue : null;
    };
  }
  const { BinaryBitmap, DecodeHintType, HybridBinarizer, QRCodeReader, RGBLuminanceSource } = await import('./zxing-qr.js');
  const hints = new Map([[DecodeHintType.TRY_HARDER, true], [DecodeHintType.CHARACTER_SET, 'UTF-8']]);
  const reader = new QRCodeReader();
  return async (canvas) => {
    const image = canvas.getContext('2d', { willReadFrequently: true }).getImageData(0, 0, canvas.width, canvas.height);
    const source = new RGBLuminanceSource(luminance(image), image.width, image.height);
    try {
      return reader.decode(new BinaryBitmap(new HybridBinarizer(source)), hints).getText();
    } catch {
      return null; // no QR code in this frame
    } finally {
      reader.reset();
    }
  };
}
