package dev.dac.kql;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** IP literals and CIDR blocks read from their text alone, with Elasticsearch's rules for the ip field. */
class IpLiteralTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "1.2.3.4,                 01020304",
        "0.0.0.0,                 00000000",
        "255.255.255.255,         ffffffff",
        "::ffff:1.2.3.4,          01020304",
        "fe80::1,                 fe800000000000000000000000000001",
        "::1,                     00000000000000000000000000000001",
        "::,                      00000000000000000000000000000000",
        "beef::,                  beef0000000000000000000000000000",
        "2001:db8::ff00:42:8329,  20010db8000000000000ff0000428329",
        "1:2:3:4:5:6:7:8,         00010002000300040005000600070008",
        "1:2:3:4:5:6:1.2.3.4,     00010002000300040005000601020304",
        "::1.2.3.4,               00000000000000000000000001020304",
        "FE80::ABCD,              fe80000000000000000000000000abcd"})
    void addressesAreReadFromTheirText(String text, String hex) {
        assertThat(IpLiteral.address(text)).get().extracting(InetAddress::getAddress)
                .isEqualTo(HexFormat.of().parseHex(hex));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"cafe", "beef", "dead", "face", "bad", "abc", "localhost", "example.com", "1.2.3",
        "1.2.3.256", "1.2.3.4.5", "01.2.3.4", "1.2.3.-4", "1..3.4", "", " 1.2.3.4", ":::", "1:::2", "1::2::3", ":1",
        "1:", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::8", "12345::", "g::1", "::1.2.3", "1.2.3.4::",
        "::ffff:1.2.3.256", "fe80::1%eth0", "１.2.3.4", "1.2.3.4/8"})
    void otherTextIsNoAddress(String text) {
        assertThat(IpLiteral.address(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "10.0.0.0/8,       10.255.1.2,  true",
        "10.0.0.0/8,       11.0.0.1,    false",
        "2001:db8::/32,    2001:db8:ffff::1, true",
        "2001:db8::/32,    2001:db9::1, false",
        "0.0.0.0/0,        192.0.2.1,   true",
        "192.0.2.7,        192.0.2.7,   true",
        "192.0.2.7/32,     192.0.2.8,   false",
        "::/0,             ::1,         true",
        "::/0,             1.2.3.4,     false"})
    void blocksContainTheAddressesOfTheirPrefix(String block, String address, boolean contained) {
        IpLiteral.Block parsed = IpLiteral.Block.parse(block).orElseThrow();
        assertThat(parsed.contains(IpLiteral.address(address).orElseThrow())).isEqualTo(contained);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8/8",
        "10.0.0.0/x", "10.0.0.0/+8", "cafe/8", "::ffff:10.0.0.0/8"})
    void malformedBlocksAreRefused(String text) {
        assertThat(IpLiteral.Block.parse(text)).isEmpty();
    }
}
