/** The tensor core: one op per file; this index re-exports them. */
export * from './tensor';
export * from './mask';
export { broadcastShapes } from './broadcast';
export { matmul, gemm } from './matmul';
export { matmulNT } from './matmul_nt';
export { reshape } from './reshape';
export { permute, transpose } from './permute';
export { add } from './add';
export { mul, scale } from './mul';
export { softmax } from './softmax';
export { logSoftmax } from './log_softmax';
export { maskedFill } from './masked_fill';
export { layerNorm, layerNormWithStats } from './layer_norm';
export { batchNorm, type BatchNormResult, type BatchNormState, type BatchNormOptions } from './batch_norm';
export { linear } from './linear';
export { relu } from './relu';
export { gelu, erf } from './gelu';
export { embedding } from './embedding';
export { positionalEncoding } from './positional_encoding';
export { narrow } from './narrow';
export { concat } from './concat';
export { tanh } from './tanh';
export { Rng } from './random';
export { crossEntropy, type CrossEntropyOptions, type CrossEntropyResult } from './cross_entropy';
export { backward, releaseGraph } from './autograd';
export {
  setKernels, kernelPath, kernelsReady, describeKernels, KERNELS_ENV, type KernelPath, type KernelChoice,
} from './kernels';
export { gru, gruCell, type GruWeights, type GruOptions, type GruResult, type GruGates } from './gru';
