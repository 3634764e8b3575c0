export type { Catalog, MessageKey, ParamsOf } from './en';
export * from './translate';
export { I18nProvider, useI18n, useT } from './I18nProvider';
