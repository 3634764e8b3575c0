/**
 * Languages and the plain (React-free) translation function.
 */
import { EAGER_EN, type Catalog, type MessageKey, type ParamsOf } from './en';
import { EAGER_ZH } from './zh';

export type Lang = 'en' | 'zh';

/** Every language of the page, in the order the switch lists them. */
export const LANGS: readonly Lang[] = ['en', 'zh'];

export const DEFAULT_LANG: Lang = 'en';

/** The value of the `lang` attribute of <html> for each language (BCP 47). */
export const HTML_LANG: Record<Lang, string> = { en: 'en', zh: 'zh-CN' };

/**
 * The catalogs of the page: the messages loaded with it, and those that the lazily
 * loaded pages registered (`registerMessages`). Tests register every part (all.ts).
 */
export const CATALOGS: Record<Lang, Catalog> = { en: { ...EAGER_EN } as Catalog, zh: { ...EAGER_ZH } as Catalog };

/** Adds a part's messages in both languages (called by src/i18n/parts/*, when a page's module loads). */
export function registerMessages(enPart: Record<string, string>, zhPart: Record<string, string>): void {
  Object.assign(CATALOGS.en, enPart);
  Object.assign(CATALOGS.zh, zhPart);
}

/** The text of a key, or (a part not registered: a bug) the key itself, said on the console. */
export function messageOf(lang: Lang, key: MessageKey): string {
  const text = CATALOGS[lang][key] as string | undefined;
  if (text !== undefined) return text;
  console.error(`i18n: no message ${key} (its part of the catalog was not registered)`);
  return key;
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

export type MessageParams = Record<string, string | number>;

/** Arguments after the key: nothing for a plain message, the named values for a template. */
export type ParamArgs<K extends MessageKey> = [ParamsOf<K>] extends [never]
  ? []
  : [params: Record<ParamsOf<K>, string | number>];

/** A translation function bound to one language. */
export type TFunction = <K extends MessageKey>(key: K, ...params: ParamArgs<K>) => string;

/** Fills `{name}` placeholders; a placeholder without a value stays as written. */
export function interpolate(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** The message `key` in `lang`, placeholders filled. */
export function translate<K extends MessageKey>(lang: Lang, key: K, ...params: ParamArgs<K>): string {
  return interpolate(messageOf(lang, key), params[0] as MessageParams | undefined);
}

/** `translate` bound to a language. */
export function makeT(lang: Lang): TFunction {
  return (key, ...params) => translate(lang, key, ...params);
}

/** The `{name}` placeholders of a template, sorted (for tests of the catalogs). */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

/** The keys whose messages take no placeholders (labels that can be stored as data). */
export type PlainKey = { [K in MessageKey]: [ParamsOf<K>] extends [never] ? K : never }[MessageKey];
