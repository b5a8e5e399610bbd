/**
 * How to trust the development CA, printed once when it is created. Chromium
 * and Firefox on Linux keep their own NSS store, so the system store is not enough there.
 */
export function trustInstructions(caCertFile: string): string {
  return [
    `Created a local development CA: ${caCertFile}`,
    'Browsers show a certificate warning until you trust it (development only, never in production):',
    `  Debian/Ubuntu:     sudo cp ${caCertFile} /usr/local/share/ca-certificates/corsway-dev-ca.crt && sudo update-ca-certificates`,
    `  Chrome/Chromium (Linux): certutil -d sql:$HOME/.pki/nssdb -A -t C,, -n corsway-dev-ca -i ${caCertFile}`,
    `  macOS:             sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain ${caCertFile}`,
    `  Windows:           certutil -addstore -f ROOT ${caCertFile}`,
    '  Firefox:           Settings > Privacy & Security > Certificates > View Certificates > Authorities > Import',
    `  Node clients:      NODE_EXTRA_CA_CERTS=${caCertFile}`,
  ].join('\n');
}
