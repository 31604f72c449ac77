package org.medsign.adapters.hl7v2.mllp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which client addresses may connect to a listener: IPv4 and IPv6 addresses and CIDR blocks, parsed strictly from a
 * route parameter such as {@code 127.0.0.1, 10.20.0.0/16, 2001:db8:5::/48}. Deny by default: an empty list means
 * the loopback addresses only ({@code 127.0.0.1} and {@code ::1}); everyone must be opened explicitly with
 * {@code 0.0.0.0/0, ::/0}. The older prefix form ({@code 10.1.2.}: one to three IPv4 octets and a dot) is read as
 * the CIDR block it means ({@code 10.1.2.0/24}). Host names are refused (no DNS lookup, ever). Immutable.
 */
public final class AddressAllowlist {

    /** What an empty parameter means. */
    public static final String LOOPBACK = "127.0.0.1, ::1";

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)"
            + "(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV4_PREFIX = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)"
            + "(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){0,2}\\.");
    private static final Pattern IPV6 = Pattern.compile("(?=.*:)[0-9A-Fa-f:][0-9A-Fa-f:.]*");

    private final List<Block> blocks;

    private AddressAllowlist(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /**
     * Parses a comma-separated list; blank means {@link #LOOPBACK}. Throws {@link IllegalArgumentException} naming
     * the first entry that is not an address, a CIDR block or an IPv4 prefix.
     */
    public static AddressAllowlist parse(String entries) {
        String text = entries == null || entries.isBlank() ? LOOPBACK : entries;
        List<Block> blocks = new ArrayList<>();
        for (String raw : text.split(",")) {
            String entry = raw.trim();
            if (!entry.isEmpty()) {
                blocks.add(block(entry));
            }
        }
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("allowedAddresses '" + entries + "' names no address");
        }
        return new AddressAllowlist(blocks);
    }

    /** Whether a client address may connect. */
    public boolean allows(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] bytes = address.getAddress();
        return blocks.stream().anyMatch(b -> b.contains(bytes));
    }

    /** The blocks in CIDR notation, e.g. {@code [127.0.0.1/32, 0:0:0:0:0:0:0:1/128]}. */
    @Override
    public String toString() {
        return blocks.toString();
    }

    private static Block block(String entry) {
        if (IPV4_PREFIX.matcher(entry).matches()) {
            String[] octets = entry.substring(0, entry.length() - 1).split("\\.");
            byte[] network = new byte[4];
            for (int i = 0; i < octets.length; i++) {
                network[i] = (byte) Integer.parseInt(octets[i]);
            }
            return new Block(network, octets.length * 8, entry);
        }
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        byte[] bytes = literal(address, entry);
        int bits = bytes.length * 8;
        if (slash >= 0) {
            String length = entry.substring(slash + 1);
            if (!length.matches("\\d{1,3}") || Integer.parseInt(length) > bytes.length * 8) {
                throw invalid(entry, "the prefix length must be 0 to " + bytes.length * 8);
            }
            bits = Integer.parseInt(length);
        }
        Block block = new Block(bytes, bits, entry);
        if (!Arrays.equals(block.network(), bytes)) {
            throw invalid(entry, "address bits are set beyond the prefix length; write the network address");
        }
        return block;
    }

    /** The bytes of an IP literal; never resolves a name. */
    private static byte[] literal(String address, String entry) {
        boolean v4 = IPV4.matcher(address).matches();
        if (!v4 && !IPV6.matcher(address).matches()) {
            throw invalid(entry, "not an IP address");
        }
        try {
            // a literal only (checked above), so this never asks DNS; an IPv4-mapped IPv6 literal (::ffff:10.1.2.3)
            // comes back as IPv4, as Java also reports such clients
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw invalid(entry, "not an IP address");
        }
    }

    private static IllegalArgumentException invalid(String entry, String why) {
        return new IllegalArgumentException("allowedAddresses entry '" + entry + "' is invalid (" + why + "): use "
                + "IP addresses or CIDR blocks such as 10.20.0.0/16 or 2001:db8::/32, comma-separated");
    }

    /** An address block: the first {@code bits} bits of {@code address}. */
    private record Block(byte[] address, int bits, String written) {

        boolean contains(byte[] candidate) {
            if (candidate.length != address.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != address[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (candidate[full] & mask) == (address[full] & mask);
        }

        byte[] network() {
            byte[] network = address.clone();
            for (int i = 0; i < network.length; i++) {
                int keep = Math.max(0, Math.min(8, bits - i * 8));
                network[i] = (byte) (network[i] & ((0xFF << (8 - keep)) & 0xFF));
            }
            return network;
        }

        @Override
        public String toString() {
            try {
                return InetAddress.getByAddress(address).getHostAddress() + "/" + bits;
            } catch (UnknownHostException e) {
                return written;
            }
        }
    }
}
