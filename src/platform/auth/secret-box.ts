import crypto from 'node:crypto';

/**
 * Encrypts small secrets for storage (AES-256-GCM with a random nonce): `v1.<nonce>.<tag>.<ciphertext>` in base64url.
 * The key is derived from a configured secret with HKDF, one per purpose.
 */
export class SecretBox {
  private readonly key: Buffer;
  constructor(secret: string, purpose: string) {
    this.key = Buffer.from(crypto.hkdfSync('sha256', secret, 'kokoma-campus', purpose, 32));
  }

  seal(plain: Buffer): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plain), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), data]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /** The plain bytes, or undefined when the value was sealed with another key or altered. */
  open(sealed: string): Buffer | undefined {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || data === undefined) return undefined;
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]);
    } catch {
      return undefined;
    }
  }
}
