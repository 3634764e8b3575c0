/** Registers the rnn messages (imported by the pages that use them; see ../en.ts). */
import { rnnEn, rnnZh } from '../messages/rnn';
import { registerMessages } from '../translate';

registerMessages(rnnEn, rnnZh);
