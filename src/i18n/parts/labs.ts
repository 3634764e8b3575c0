/** Registers the labs messages (imported by the pages that use them; see ../en.ts). */
import { labsEn, labsZh } from '../messages/labs';
import { registerMessages } from '../translate';

registerMessages(labsEn, labsZh);
