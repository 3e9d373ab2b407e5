export { default } from '@envelope/eslint-config';
