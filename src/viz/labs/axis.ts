/**
 * How an axis title is set. A title with Chinese characters is never turned on
 * its side: turned 90°, each character lies on its back and the reader must
 * tilt their head, so a vertical axis gets its Chinese title horizontally,
 * above the axis. Latin titles along a vertical axis are turned, as usual.
 */
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;

/** Whether a vertical axis's title must be set horizontally (it has Chinese characters). */
export function titleReadsHorizontally(text: string): boolean {
  return CJK.test(text);
}
