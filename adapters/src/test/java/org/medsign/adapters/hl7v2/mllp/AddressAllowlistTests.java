package org.medsign.adapters.hl7v2.mllp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AddressAllowlistTests {

    static Stream<Arguments> matches() {
        return Stream.of(
                Arguments.of("ok/exact-v4", "10.1.2.3", "10.1.2.3", true),
                Arguments.of("fail/other-v4", "10.1.2.3", "10.1.2.4", false),
                Arguments.of("ok/cidr-v4", "10.20.0.0/16", "10.20.255.7", true),
                Arguments.of("fail/outside-cidr-v4", "10.20.0.0/16", "10.21.0.1", false),
                Arguments.of("ok/cidr-v4-odd-length", "192.168.4.0/22", "192.168.7.255", true),
                Arguments.of("fail/cidr-v4-odd-length", "192.168.4.0/22", "192.168.8.0", false),
                Arguments.of("ok/legacy-prefix", "10.1.2.", "10.1.2.200", true),
                Arguments.of("fail/legacy-prefix-is-not-text", "10.1.2.", "10.1.20.1", false),
                Arguments.of("ok/legacy-short-prefix", "10.", "10.99.1.1", true),
                Arguments.of("ok/list-with-spaces", " 127.0.0.1 , 10.9.9.9 ", "10.9.9.9", true),
                Arguments.of("ok/exact-v6", "2001:db8::5", "2001:db8:0:0:0:0:0:5", true),
                Arguments.of("ok/cidr-v6", "2001:db8:5::/48", "2001:db8:5:ffff::1", true),
                Arguments.of("fail/outside-cidr-v6", "2001:db8:5::/48", "2001:db8:6::1", false),
                Arguments.of("fail/v4-entry-v6-client", "0.0.0.0/0", "::1", false),
                Arguments.of("ok/everyone-v4", "0.0.0.0/0, ::/0", "203.0.113.9", true),
                Arguments.of("ok/everyone-v6", "0.0.0.0/0, ::/0", "2001:db8::1", true),
                Arguments.of("ok/empty-means-loopback", "", "127.0.0.1", true),
                Arguments.of("ok/empty-means-loopback-v6", "  ", "::1", true),
                Arguments.of("fail/empty-is-not-the-loopback-block", "", "127.0.0.2", false),
                Arguments.of("fail/empty-is-not-anyone", "", "10.0.0.1", false),
                Arguments.of("fail/shipped-route-other-loopback", "127.0.0.1", "127.0.0.2", false),
                Arguments.of("ok/ipv4-mapped-client", "10.1.2.0/24", "::ffff:10.1.2.3", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matches")
    void matchesAddressesAndBlocks(String name, String entries, String client, boolean allowed)
            throws UnknownHostException {
        assertThat(AddressAllowlist.parse(entries).allows(InetAddress.getByName(client))).isEqualTo(allowed);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("fail/host-name", "his.hospital.local", "not an IP address"),
                Arguments.of("fail/wildcard", "*", "not an IP address"),
                Arguments.of("fail/three-octets-without-dot", "10.1.2", "not an IP address"),
                Arguments.of("fail/octet-too-large", "10.1.2.256", "not an IP address"),
                Arguments.of("fail/prefix-too-long-v4", "10.0.0.0/33", "prefix length must be 0 to 32"),
                Arguments.of("fail/prefix-too-long-v6", "2001:db8::/129", "prefix length must be 0 to 128"),
                Arguments.of("fail/prefix-not-a-number", "10.0.0.0/x", "prefix length"),
                Arguments.of("fail/host-bits-set", "10.1.2.3/8", "network address"),
                Arguments.of("fail/v6-textual-prefix", "fe80:", "not an IP address"),
                Arguments.of("fail/zone-id", "fe80::1%eth0", "not an IP address"),
                Arguments.of("fail/only-commas", ",,", "names no address"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void refusesMalformedEntriesNamingThem(String name, String entries, String reason) {
        assertThatThrownBy(() -> AddressAllowlist.parse(entries))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason)
                .hasMessageContaining("'" + entries + "'");
    }

    @org.junit.jupiter.api.Test
    void oneBadEntryAmongGoodOnesRefusesTheList() {
        assertThatThrownBy(() -> AddressAllowlist.parse("127.0.0.1, 10.0.0.0/8, his-server"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'his-server'");
    }

    @org.junit.jupiter.api.Test
    void showsItsBlocksInCidrNotation() {
        assertThat(AddressAllowlist.parse("10.1.2., 2001:db8::/32").toString())
                .isEqualTo("[10.1.2.0/24, 2001:db8:0:0:0:0:0:0/32]");
        assertThat(AddressAllowlist.parse("").toString()).isEqualTo("[127.0.0.1/32, 0:0:0:0:0:0:0:1/128]");
    }
}
