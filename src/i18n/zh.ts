/**
 * 简体中文 catalog. Typed by the English keys: a missing or extra key is a type
 * error. Terms follow the lectures (自注意力, 交叉注意力, 遮罩, 编码器, 解码器,
 * 位置编码, 多头注意力, 残差, 层归一化 …).
 */
import type { Catalog } from './en';
import { coreZh } from './messages/core';
import { tourZh } from './messages/tour';
import { labsZh } from './messages/labs';
import { walkZh } from './messages/walk';
import { uiZh } from './messages/ui';
import { decodingZh } from './messages/decoding';
import { trainZh } from './messages/train';
import { modelsZh } from './messages/models';
import { rnnZh } from './messages/rnn';

export const zh: Catalog = { ...coreZh, ...tourZh, ...labsZh, ...walkZh, ...uiZh, ...decodingZh, ...trainZh, ...modelsZh, ...rnnZh };
