/**
 * 简体中文 catalog, the messages loaded with the page (the lazily loaded pages'
 * messages register themselves, see en.ts). Every module is typed by its English
 * keys: a missing or extra key is a type error. Terms follow the lectures
 * (自注意力, 交叉注意力, 遮罩, 编码器, 解码器, 位置编码, 多头注意力, 残差, 层归一化 …).
 */
import { coreZh } from './messages/core';
import { tourZh } from './messages/tour';
import { walkZh } from './messages/walk';
import { uiZh } from './messages/ui';
import { modelsZh } from './messages/models';
import type { EAGER_EN } from './en';

export const EAGER_ZH: Record<keyof typeof EAGER_EN, string> = { ...coreZh, ...tourZh, ...walkZh, ...uiZh, ...modelsZh };
