package org.medsign.crypto.pdf;

/**
 * What one PDF signature signs, cut out of the file: the CMS from {@code /Contents} (zero padding removed) and the
 * signed bytes (the byte ranges concatenated), ready for an independent check such as
 * {@code openssl cms -verify -binary -inform DER -content signed.bin} or
 * {@link org.medsign.crypto.interop.OpensslRecipe#forCms(byte[], byte[])}.
 *
 * @param fieldName   fully qualified name of the signature field
 * @param byteRange   {@code /ByteRange}, or null when missing or malformed
 * @param cms         DER of the CMS ContentInfo
 * @param signedBytes the bytes the byte range names, or null when it points outside the file
 */
public record PdfSignatureContent(String fieldName, PdfByteRange byteRange, byte[] cms, byte[] signedBytes) {
}
