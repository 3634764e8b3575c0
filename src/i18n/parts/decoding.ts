/** Registers the decoding messages (imported by the pages that use them; see ../en.ts). */
import { decodingEn, decodingZh } from '../messages/decoding';
import { registerMessages } from '../translate';

registerMessages(decodingEn, decodingZh);
