/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // The tab's component tests live beside it (they build with its tsconfig: DOM, JSX).
  roots: ['<rootDir>/tests', '<rootDir>/tab/tests'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    // ESM-only packages (jose, oauth2-mock-server and its is-plain-obj) are compiled to CommonJS like our own code.
    '^.+\\.tsx$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
        },
        module: { type: 'commonjs' },
      },
    ],
    '^.+\\.(ts|js|mjs)$': [
      '@swc/jest',
      { jsc: { target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(jose|oauth2-mock-server|is-plain-obj)/)'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
};
