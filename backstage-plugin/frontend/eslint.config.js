import base from '@envelope/eslint-config';

export default [...base, { files: ['**/*.test.tsx'], rules: { 'no-console': 'off' } }];
