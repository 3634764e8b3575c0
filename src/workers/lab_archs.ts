/**
 * The architectures the training worker can train, by the key an `init` request names.
 * Another architecture joins by adding its `LabArch` here (one line).
 */
import { TRANSFORMER_LAB, type LabArch, type TrainerLike } from '../labs/train';

export const LAB_ARCHS: Readonly<Record<string, LabArch<TrainerLike>>> = Object.freeze({
  transformer: TRANSFORMER_LAB as unknown as LabArch<TrainerLike>,
});
