/**
 * The architectures the training worker can train, by the key an `init` request names.
 * Another architecture joins by adding its `LabArch` here (one line).
 */
import { TRANSFORMER_LAB, type LabArch, type TrainerLike } from '../labs/train';
import { RNN_ATTENTION_LAB, RNN_FIXED_LAB } from '../labs/train_rnn';

export const LAB_ARCHS: Readonly<Record<string, LabArch<TrainerLike>>> = Object.freeze({
  transformer: TRANSFORMER_LAB as unknown as LabArch<TrainerLike>,
  'rnn-fixed': RNN_FIXED_LAB as unknown as LabArch<TrainerLike>,
  'rnn-attention': RNN_ATTENTION_LAB as unknown as LabArch<TrainerLike>,
});
