// Every test sees the whole catalog: the lazily loaded pages' parts are registered here, as the
// pages' modules do in the browser (the e2e tests check that each page registers what it uses).
import '../../src/i18n/parts/labs';
import '../../src/i18n/parts/decoding';
import '../../src/i18n/parts/train';
import '../../src/i18n/parts/rnn';
