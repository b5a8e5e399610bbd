// Jest transformer for the OTLP exporter (@opentelemetry/otlp-exporter-base):
// it loads node:http with `import('http')`, which Jest's CommonJS runtime
// refuses without --experimental-vm-modules. The built apps run it natively;
// under Jest the import becomes a require() of the same built-in.
module.exports = {
  process(source) {
    return { code: source.replace(/\bimport\((['"])(https?)\1\)/g, 'Promise.resolve(require($1$2$1))') };
  },
};
