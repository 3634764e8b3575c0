/**
 * Messages of the shared pieces every page uses: presentation mode, the navigation
 * menu, the skip link, figures (cell cursor, numbers that do not fit). Keys start
 * with `ui.`. English is the source of the keys; Chinese must match.
 */
export const uiEn = {
  'ui.present.on': 'Presentation mode',
  'ui.present.off': 'Leave presentation mode',
  'ui.present.keys': 'p or Esc',
  'ui.nav.more': 'Labs',
  'ui.nav.moreCurrent': 'Labs: {page}',
  'ui.nav.group.concepts': 'Concepts',
  'ui.nav.group.model': 'The model',
  'ui.skip.controls': 'Skip to the step controls',
  'ui.skip.main': 'Skip to the content',
  'ui.figure.cursorHint': 'Focus the figure and use the arrow keys to read cell by cell.',
  'ui.figure.cell': 'Row {row} of {rows}, column {col} of {cols}: {text}',
  'ui.figure.tooSmall': 'Numbers do not fit in cells this small.',
  'labs.nav.norm': 'BN vs LN',
  'labs.nav.scoring': 'Scoring',
  'labs.nav.posenc': 'Positions',
  'labs.nav.cost': 'Cost',
  'labs.nav.bert': 'BERT masking',
  'labs.present.figure': 'Figure',
  'decoding.nav': 'Decoding',
  'train.nav': 'Training lab',
  'rnn.nav': 'RNN → attention',
} as const satisfies Record<string, string>;

export const uiZh: Record<keyof typeof uiEn, string> = {
  'ui.present.on': '演示模式',
  'ui.present.off': '退出演示模式',
  'ui.present.keys': 'p 或 Esc',
  'ui.nav.more': '实验',
  'ui.nav.moreCurrent': '实验：{page}',
  'ui.nav.group.concepts': '概念',
  'ui.nav.group.model': '模型',
  'ui.skip.controls': '跳到步骤按钮',
  'ui.skip.main': '跳到正文',
  'ui.figure.cursorHint': '选中图后，用方向键逐格读取数值。',
  'ui.figure.cell': '第 {row} 行（共 {rows} 行），第 {col} 列（共 {cols} 列）：{text}',
  'ui.figure.tooSmall': '格子太小，放不下数值。',
  'labs.nav.norm': 'BN 与 LN',
  'labs.nav.scoring': '打分函数',
  'labs.nav.posenc': '位置编码',
  'labs.nav.cost': '计算量',
  'labs.nav.bert': 'BERT 掩码',
  'labs.present.figure': '图',
  'decoding.nav': '解码',
  'train.nav': '训练实验',
  'rnn.nav': '从 RNN 到注意力',
};
