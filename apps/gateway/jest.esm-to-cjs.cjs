// Jest transformer for ESM-only dependencies (jose 6): swc rewrites import/export
// to CommonJS and leaves modern class fields alone (ts-jest's downlevelling
// breaks jose's `super(...), this.x = ...` constructors).
const { transformSync } = require('@swc/core');

module.exports = {
  process(source, filename) {
    const { code } = transformSync(source, {
      filename,
      module: { type: 'commonjs' },
      jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } },
      sourceMaps: false,
    });
    return { code };
  },
};
