package org.medsign.crypto.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.sm.Sm3;

/**
 * A timestamp over the chain heads of every node at one moment. The timestamped data is {@link #heads()}, the
 * canonical text {@code medsign-audit-anchor-v1\n} followed by one {@code node|seq|hash\n} line per node in node
 * order; the RFC 3161 token's imprint is SM3 of its UTF-8 bytes.
 *
 * @param id        anchor number (database identity)
 * @param node      the hub node that made it
 * @param createdAt when the hub made it (the token's genTime is the trusted time)
 * @param heads     the canonical heads text
 * @param token     DER of the RFC 3161 TimeStampToken
 */
public record AuditAnchor(long id, String node, Instant createdAt, String heads, byte[] token) {

    /** First line of the heads text. */
    public static final String HEADS_VERSION = "medsign-audit-anchor-v1";

    /** One node's chain head. */
    public record Head(String node, long seq, String hash) {
    }

    /** The canonical heads text for these heads (sorted by node). */
    public static String headsText(List<Head> heads) {
        StringBuilder text = new StringBuilder(HEADS_VERSION).append('\n');
        heads.stream().sorted(Comparator.comparing(Head::node)).forEach(head -> {
            if (head.node().contains("|") || head.node().contains("\n")) {
                throw new IllegalArgumentException("node names may not contain '|' or a line break");
            }
            text.append(head.node()).append('|').append(head.seq()).append('|').append(head.hash()).append('\n');
        });
        return text.toString();
    }

    /** The heads this anchor claims, parsed strictly from {@link #heads()}. */
    public List<Head> parsedHeads() {
        String[] lines = heads.split("\n", -1);
        if (lines.length < 2 || !lines[0].equals(HEADS_VERSION) || !lines[lines.length - 1].isEmpty()) {
            throw new MalformedInputException("anchor " + id + ": heads text is not " + HEADS_VERSION);
        }
        List<Head> parsed = new ArrayList<>();
        for (int i = 1; i < lines.length - 1; i++) {
            String[] parts = lines[i].split("\\|", -1);
            if (parts.length != 3 || parts[2].length() != 64) {
                throw new MalformedInputException("anchor " + id + ": malformed head line " + i);
            }
            try {
                parsed.add(new Head(parts[0], Long.parseLong(parts[1]), parts[2]));
            } catch (NumberFormatException e) {
                throw new MalformedInputException("anchor " + id + ": malformed sequence in head line " + i, e);
            }
        }
        return parsed;
    }

    /** SM3 of the heads text: what the token's imprint must be. */
    public byte[] imprint() {
        return Sm3.digest(heads.getBytes(StandardCharsets.UTF_8));
    }
}
