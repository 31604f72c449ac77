package org.medsign.adapters.model;

/** What kind of signature a request asks for. */
public enum Operation {
    /** CMS SignedData (GM/T 0029 SignMessage). */
    CMS,
    /** Raw SM2 signature over the data (GM/T 0029 SignData). */
    RAW,
    /**
     * A visible signature or seal in a PDF (电子签章): the content is the PDF, the signature is the whole signed PDF
     * (the input plus one incremental update carrying the SM2/SM3 CMS), placed as {@link SigningOptions#pdf()} says.
     */
    PDF
}
