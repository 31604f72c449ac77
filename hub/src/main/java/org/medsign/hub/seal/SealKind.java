package org.medsign.hub.seal;

import org.medsign.crypto.seal.SealTypes;

/** What a seal stands for; a personal seal belongs to a staff member, the others to an organisation unit. */
public enum SealKind {
    /** 个人签名: a clinician's signature image, signing with their personal certificate. */
    PERSONAL(SealTypes.PERSONAL),
    /** 科室章. */
    DEPARTMENT(SealTypes.ORGANISATION),
    /** 院章. */
    HOSPITAL(SealTypes.ORGANISATION),
    /** 专用章 (检验检查专用章, 病历专用章, 处方专用章, 体检专用章, configurable). */
    SPECIAL(SealTypes.ORGANISATION);

    private final int sesType;

    SealKind(int sesType) {
        this.sesType = sesType;
    }

    /** The {@code SES_ESPropertyInfo.type} written into the SESeal. */
    public int sesType() {
        return sesType;
    }

    /** Whether the seal is an organisation's (signs with an organisation certificate held by the hub). */
    public boolean organisational() {
        return this != PERSONAL;
    }
}
