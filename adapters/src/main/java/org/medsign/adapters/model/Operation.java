package org.medsign.adapters.model;

/** What kind of signature a request asks for. */
public enum Operation {
    /** CMS SignedData (GM/T 0029 SignMessage). */
    CMS,
    /** Raw SM2 signature over the data (GM/T 0029 SignData). */
    RAW
}
