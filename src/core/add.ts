/** a + b with broadcasting; the gradient flows unchanged to both (summed over broadcast axes). */
import { Tensor } from './tensor';
import { binaryOp, type BinaryGrad } from './binary';

const ADD_GRAD: BinaryGrad = { da: () => 1, db: () => 1 };

export function add(a: Tensor, b: Tensor): Tensor {
  return binaryOp('add', a, b, (x, y) => x + y, ADD_GRAD);
}
