/** a + b with broadcasting. */
import { Tensor } from './tensor';
import { binaryForward } from './binary';

export function add(a: Tensor, b: Tensor): Tensor {
  return binaryForward('add', a, b, (x, y) => x + y).out;
}
