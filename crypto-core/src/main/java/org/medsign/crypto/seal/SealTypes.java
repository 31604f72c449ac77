package org.medsign.crypto.seal;

/**
 * Values of {@code SES_ESPropertyInfo.type}. GB/T 38540 leaves the type user-defined; we keep the GM/T 0031-2014
 * meanings (1 organisation seal 单位章, 2 personal seal 个人章) so older readers understand them.
 */
public final class SealTypes {

    /** 单位章: hospital, department or special-purpose seal. */
    public static final int ORGANISATION = 1;
    /** 个人章 / 个人签名. */
    public static final int PERSONAL = 2;

    private SealTypes() {
    }
}
