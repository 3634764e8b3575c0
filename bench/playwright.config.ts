/**
 * The training lab's benchmark in the real page (not part of `npm test`): the browser tests'
 * configuration, pointed at bench/. Run `npm run bench:train-ui` (it builds first).
 */
import base from '../playwright.config';

export default { ...base, testDir: '.', testMatch: /train-lab\.bench\.ts$/, timeout: 600_000 };
