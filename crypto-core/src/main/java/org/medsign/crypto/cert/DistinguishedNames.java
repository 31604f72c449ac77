package org.medsign.crypto.cert;

import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.medsign.crypto.MalformedInputException;

/**
 * Parses and reads subject names. Accepts RFC 4514 style ({@code CN=张三,OU=心内科,O=Hospital,C=CN}) and OpenSSL
 * style ({@code /C=CN/O=Hospital/CN=张三}); attribute names are BC's (CN, OU, O, C, L, ST, SERIALNUMBER, T, E…).
 */
public final class DistinguishedNames {

    private DistinguishedNames() {
    }

    /** Parses a DN string; fails with a message naming the problem. */
    public static X500Name parse(String dn) {
        if (dn == null || dn.isBlank()) {
            throw new MalformedInputException("empty distinguished name");
        }
        String text = dn.trim();
        if (text.startsWith("/")) {
            text = fromOpensslStyle(text);
        }
        try {
            X500Name name = new X500Name(BCStyle.INSTANCE, text);
            if (name.getRDNs().length == 0) {
                throw new MalformedInputException("distinguished name has no attributes: " + dn);
            }
            return name;
        } catch (IllegalArgumentException e) {
            throw new MalformedInputException("invalid distinguished name '" + dn + "': " + e.getMessage(), e);
        }
    }

    private static String fromOpensslStyle(String text) {
        List<String> parts = new ArrayList<>();
        for (String part : text.substring(1).split("(?<!\\\\)/")) {
            if (!part.isEmpty()) {
                parts.add(part.replace("\\/", "/").replace(",", "\\,"));
            }
        }
        // OpenSSL lists most significant first; RFC 4514 strings list least significant first.
        java.util.Collections.reverse(parts);
        return String.join(",", parts);
    }

    /** The first value of an attribute, or null. */
    public static String first(X500Name name, ASN1ObjectIdentifier attribute) {
        RDN[] rdns = name.getRDNs(attribute);
        if (rdns.length == 0) {
            return null;
        }
        return IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }

    /** The common name (CN), or null. */
    public static String commonName(X500Name name) {
        return first(name, BCStyle.CN);
    }

    /** A copy of {@code name} whose CN is {@code commonName} (added when absent). */
    public static X500Name withCommonName(X500Name name, String commonName) {
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
        boolean replaced = false;
        for (RDN rdn : name.getRDNs()) {
            if (rdn.getFirst().getType().equals(BCStyle.CN)) {
                builder.addRDN(BCStyle.CN, commonName);
                replaced = true;
            } else {
                builder.addMultiValuedRDN(rdn.getTypesAndValues());
            }
        }
        if (!replaced) {
            builder.addRDN(BCStyle.CN, commonName);
        }
        return builder.build();
    }

    /** RFC 4514 text of a name. */
    public static String toText(X500Name name) {
        return BCStyle.INSTANCE.toString(name);
    }
}
