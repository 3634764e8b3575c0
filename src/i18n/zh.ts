/**
 * 简体中文 catalog. Typed by the English keys: a missing or extra key is a type
 * error. Terms follow the lectures (自注意力, 交叉注意力, 遮罩, 编码器, 解码器,
 * 位置编码, 多头注意力, 残差, 层归一化 …).
 */
import type { Catalog } from './en';

export const zh: Catalog = {
  'app.title': 'seq2seq-lab',
  'app.tagline': '编码器–解码器 Transformer，逐个张量地看',

  'language.label': '语言 Language',
  'language.en': 'English',
  'language.zh': '简体中文',

  'trace.heading': '前向传播轨迹',
  'trace.intro': '输入一个源序列：模型先编码，再用贪心解码生成输出。下面列出编码器和解码第一步的每个具名张量及其形状。',
  'trace.randomNote': '此模型为随机初始化（随机种子 {seed}），输出暂无意义。训练好的模型将在之后加入。',
  'trace.source.label': '源序列',
  'trace.source.hint': '可用字符：小写字母 a–z、数字 0–9 和空格；最多 {max} 个字符。末尾会自动加上结束符（EOS）。',
  'trace.error.empty': '源序列为空：请至少输入一个字符。',
  'trace.error.unknown': '不在词表中的字符：{chars}。只能使用 a–z、0–9 和空格。',
  'trace.error.tooLong': '太长了：共 {length} 个字符，而此模型最多接受 {max} 个。',
  'trace.error.model': '模型无法处理此输入：{message}',

  'trace.dims': '形状中的字母：B = {B}（批大小），H = {H}（注意力头数），S = {S}（源序列长度，含 EOS），T = {T}（解码器输入长度），D = {D}（模型维度），F = {F}（前馈网络维度），V = {V}（词表大小）。',
  'trace.sourceIds': '源序列 token id',
  'trace.generated': '生成的 token id',
  'trace.generatedText': '对应字符',
  'trace.stop.eos': '贪心解码遇到结束符（EOS）后停止，共生成 {n} 个 token。',
  'trace.stop.maxLen': '贪心解码达到最大长度后停止，共生成 {n} 个 token。',

  'trace.section.encoder': '编码器',
  'trace.section.decoder': '解码器，解码第一步（输入：BOS）',
  'trace.group.encEmbedding': '词嵌入 + 位置编码',
  'trace.group.encLayer': '编码器第 {i} 层',
  'trace.group.encOutput': '编码器输出（memory，经过最终的层归一化）',
  'trace.group.decEmbedding': '词嵌入 + 位置编码',
  'trace.group.decLayer': '解码器第 {i} 层',
  'trace.group.output': '输出：最终层归一化、logits、概率',
  'trace.group.other': '其他条目',
  'trace.column.name': '轨迹条目',
  'trace.column.shape': '形状',
  'trace.entryCount.one': '{n} 个张量',
  'trace.entryCount.other': '{n} 个张量',

  'glossary.heading': '名称怎么读',
  'glossary.embed': '词嵌入 × √D',
  'glossary.pos': '位置编码',
  'glossary.self_attn': '自注意力（多头注意力）',
  'glossary.cross_attn': '交叉注意力：query 来自解码器，key 和 value 来自编码器',
  'glossary.scores': '注意力分数 QKᵀ（scaled：除以 √Dh）',
  'glossary.masked': '加上遮罩（掩码）之后：不可看的位置为 −∞',
  'glossary.weights': '注意力权重（每行做 softmax）',
  'glossary.head_out': '每个注意力头的输出',
  'glossary.residual': '残差连接（相加）',
  'glossary.norm': '层归一化',
  'glossary.ffn': '逐位置的前馈网络',
  'glossary.memory': '编码器输出，解码器每一层都对它做交叉注意力',
};
