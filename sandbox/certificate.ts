import { generate } from 'selfsigned';

/**
 * A throw-away self-signed certificate for the https authority. MSAL insists on https for an
 * authority, so callers trust this certificate through NODE_EXTRA_CA_CERTS. It is its own CA
 * (CA:TRUE) so OpenSSL accepts it as a trust anchor, and its SANs cover both loopback names.
 */
export interface LoopbackCertificate {
  certPem: string;
  keyPem: string;
}

export async function createLoopbackCertificate(): Promise<LoopbackCertificate> {
  const now = Date.now();
  const generated = await generate([{ name: 'commonName', value: 'OC Numbers sandbox authority' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    // A day back covers clock skew between this process and whoever checks the certificate.
    notBeforeDate: new Date(now - 24 * 3600 * 1000),
    notAfterDate: new Date(now + 30 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { certPem: generated.cert, keyPem: generated.private };
}
