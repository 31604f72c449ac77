package org.medsign.crypto.sm;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/** SM3 hash (GB/T 32905) and HMAC-SM3. */
public final class Sm3 {

    /** OID of SM3, 1.2.156.10197.1.401. */
    public static final ASN1ObjectIdentifier OID = GMObjectIdentifiers.sm3;
    /** OID of HMAC-SM3, 1.2.156.10197.1.401.2. */
    public static final ASN1ObjectIdentifier HMAC_OID = GMObjectIdentifiers.hmac_sm3;
    /** Digest length in bytes. */
    public static final int LENGTH = 32;

    private Sm3() {
    }

    /** SM3 of the whole array. */
    public static byte[] digest(byte[] data) {
        return digest(data, 0, data.length);
    }

    /** SM3 of a slice. */
    public static byte[] digest(byte[] data, int offset, int length) {
        SM3Digest digest = new SM3Digest();
        digest.update(data, offset, length);
        byte[] out = new byte[LENGTH];
        digest.doFinal(out, 0);
        return out;
    }

    /** SM3 over several parts, as if concatenated. */
    public static byte[] digest(byte[]... parts) {
        SM3Digest digest = new SM3Digest();
        for (byte[] part : parts) {
            digest.update(part, 0, part.length);
        }
        byte[] out = new byte[LENGTH];
        digest.doFinal(out, 0);
        return out;
    }

    /** HMAC-SM3 (RFC 2104 construction over SM3). */
    public static byte[] hmac(byte[] key, byte[] data) {
        HMac mac = new HMac(new SM3Digest());
        mac.init(new KeyParameter(key));
        mac.update(data, 0, data.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return out;
    }
}
