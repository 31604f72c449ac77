package org.medsign.crypto.sm;

/** How an SM2 signature (r, s) is laid out in bytes. */
public enum Sm2SignatureEncoding {
    /** DER SEQUENCE { r INTEGER, s INTEGER }: X.509, CMS, JCA. */
    DER,
    /** r ‖ s, each 32 bytes, zero-padded: GM/T 0018 devices and many GM/T 0029 callers. */
    PLAIN
}
