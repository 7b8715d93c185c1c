package dev.dac.kql;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * IP addresses and CIDR blocks as Elasticsearch's ip field reads them (InetAddresses.forString and parseCidr in
 * org.elasticsearch.common.network): an IPv4 dotted quad, or an IPv6 literal with at most one {@code ::} and an
 * optional dotted quad at its end. The text alone decides; nothing is ever looked up, so a word such as
 * {@code cafe} is simply not an address, where a name lookup would have asked DNS about it.
 */
public final class IpLiteral {

    private static final int IPV4_PARTS = 4;
    private static final int IPV6_GROUPS = 8;

    private IpLiteral() {}

    /** The address {@code text} spells, or empty when it is not an IP literal. */
    public static Optional<InetAddress> address(String text) {
        byte[] bytes = bytes(text);
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            // getByAddress only wraps the bytes (a 16-byte IPv4-mapped address becomes IPv4, as in Elasticsearch)
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + bytes.length + " bytes", e);
        }
    }

    /** An address with a prefix length: {@code 10.0.0.0/8}, or a single address as a block of its full length. */
    public record Block(InetAddress network, int prefixLength) {

        /** {@code address/prefix} or a lone address; empty when it is neither. */
        public static Optional<Block> parse(String text) {
            int slash = text.indexOf('/');
            if (slash < 0) {
                return address(text).map(a -> new Block(a, a.getAddress().length * 8));
            }
            String prefix = text.substring(slash + 1);
            Optional<InetAddress> address = address(text.substring(0, slash));
            if (address.isEmpty() || prefix.isEmpty() || prefix.length() > 9
                    || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            int bits = Integer.parseInt(prefix);
            int length = address.get().getAddress().length;
            // Elasticsearch refuses a prefix on an IPv4-mapped IPv6 address: v4 or v6 prefix length is ambiguous
            boolean mappedWithPrefix = text.substring(0, slash).contains(":") && length == 4;
            return bits > length * 8 || mappedWithPrefix ? Optional.empty()
                    : Optional.of(new Block(address.get(), bits));
        }

        public boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            byte[] net = network.getAddress();
            if (candidate.length != net.length) {
                return false;
            }
            for (int i = 0; i < prefixLength; i++) {
                int mask = 0x80 >> (i % 8);
                if ((candidate[i / 8] & mask) != (net[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static byte[] bytes(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.indexOf(':') >= 0) {
            return ipv6(text);
        }
        return ipv4(text);
    }

    /** Four decimal parts of 0..255 without leading zeros (whose meaning, octal or decimal, is unclear). */
    private static byte[] ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != IPV4_PARTS) {
            return null;
        }
        byte[] bytes = new byte[IPV4_PARTS];
        for (int i = 0; i < IPV4_PARTS; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (part.length() > 1 && part.charAt(0) == '0')) {
                return null;
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    /** Groups of one to four hex digits; one {@code ::} stands for one or more zero groups. */
    private static byte[] ipv6(String text) {
        String hex = text;
        byte[] embedded = null;
        int lastColon = text.lastIndexOf(':');
        if (text.indexOf('.', lastColon) >= 0) {
            embedded = ipv4(text.substring(lastColon + 1));
            if (embedded == null) {
                return null;
            }
            hex = text.substring(0, lastColon + 1) + "0:0"; // two placeholder groups, filled in below
        }
        int gap = hex.indexOf("::");
        if (gap >= 0 && hex.indexOf("::", gap + 1) >= 0) {
            return null; // at most one ::
        }
        String[] head = groups(gap < 0 ? hex : hex.substring(0, gap));
        String[] tail = gap < 0 ? new String[0] : groups(hex.substring(gap + 2));
        if (head == null || tail == null) {
            return null;
        }
        int written = head.length + tail.length;
        if (gap < 0 ? written != IPV6_GROUPS : written > IPV6_GROUPS - 1) {
            return null;
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < head.length; i++) {
            putGroup(bytes, i, head[i]);
        }
        for (int i = 0; i < tail.length; i++) {
            putGroup(bytes, IPV6_GROUPS - tail.length + i, tail[i]);
        }
        if (embedded != null) {
            System.arraycopy(embedded, 0, bytes, 12, 4);
        }
        return bytes;
    }

    /** The groups of a colon-separated run ("" for none); null when a group is empty or not 1-4 hex digits. */
    private static String[] groups(String run) {
        if (run.isEmpty()) {
            return new String[0];
        }
        String[] groups = run.split(":", -1);
        for (String group : groups) {
            if (group.isEmpty() || group.length() > 4
                    || !group.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128)) {
                return null;
            }
        }
        return groups;
    }

    private static void putGroup(byte[] bytes, int index, String group) {
        int value = Integer.parseInt(group, 16);
        bytes[2 * index] = (byte) (value >> 8);
        bytes[2 * index + 1] = (byte) value;
    }
}
