/** Registers the train messages (imported by the pages that use them; see ../en.ts). */
import { trainEn, trainZh } from '../messages/train';
import { registerMessages } from '../translate';

registerMessages(trainEn, trainZh);
