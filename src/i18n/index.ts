export { en, type Catalog, type MessageKey, type ParamsOf } from './en';
export { zh } from './zh';
export * from './translate';
export { I18nProvider, useI18n, useT } from './I18nProvider';
