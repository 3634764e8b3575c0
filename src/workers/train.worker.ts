/**
 * The training Web Worker: a thin shell around `TrainController`. Requests arrive as
 * messages; events go back with `postMessage`. Between slices of training the controller
 * yields through a MessageChannel (a zero-delay task, without the 4 ms clamp of nested
 * timers), so that a `pause` arriving meanwhile is handled before the next slice.
 */
import { TrainController } from './train_controller';
import { LAB_ARCHS } from './lab_archs';

const pending: (() => void)[] = [];
const channel = new MessageChannel();
channel.port1.onmessage = () => pending.shift()?.();

const controller = new TrainController(
  {
    post: (event, transfer) => self.postMessage(event, { transfer: transfer ?? [] }),
    now: () => performance.now(),
    defer: (fn) => {
      pending.push(fn);
      channel.port2.postMessage(null);
    },
  },
  { archs: LAB_ARCHS },
);

self.onmessage = (e: MessageEvent) => controller.handle(e.data);
